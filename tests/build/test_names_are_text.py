"""A name or title (a region's `name:`, a module's `title:`, or their translations) is text on
every page: its Markdown is shown as written, never a link, emphasis, an emoji or a heading id.
Before, only `<`, `>` and `&` were escaped: a region named `Egypt [login](https://…)` put a live
link in the home page's heading and in every "Local adaptation" box title."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

from conftest import FIXTURES, run_glocal

NAME = "North *R&D* [login](https://evil.example/login) <b>Labs</b> :rocket: ~x~ `c` C#"
TITLE = "Intro to *C#* [here](https://evil.example/) :tada:"


def _text(page: str) -> str:
    """The page's text as a reader sees it (tags dropped, entities read)."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_names_and_titles_are_shown_as_written(tmp_path: Path):
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "clean", root, ignore=shutil.ignore_patterns("expected*"))
    region = root / "toolkits/regions/north/region.yml"
    region.write_text(
        region.read_text(encoding="utf-8").replace("name: North", f"name: '{NAME}'"), encoding="utf-8"
    )
    module = root / "curriculum/modules/intro.md"
    module.write_text(
        module.read_text(encoding="utf-8").replace("title: Introduction", f"title: '{TITLE}'"),
        encoding="utf-8",
    )
    built = run_glocal("-C", root, "build")
    assert built.code == 0, built.out + built.err
    home = (root / "site/north/en/index.html").read_text(encoding="utf-8")
    page = (root / "site/north/en/modules/intro.html").read_text(encoding="utf-8")
    for html_page in (home, page):
        assert "evil.example" not in re.findall(r'href="([^"]*)"', html_page).__str__()
        assert "<em>" not in html_page and "<b>Labs" not in html_page and "<del>" not in html_page
        assert "🚀" not in html_page and "🎉" not in html_page
    assert NAME in _text(home)
    assert TITLE in _text(page)
    assert f"Local adaptation · {NAME}" in _text(page)  # the fill's box title
