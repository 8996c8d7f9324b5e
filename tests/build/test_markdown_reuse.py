"""MkDocs makes a Python-Markdown per page; Glocal's build gives a site's pages one, reset
between pages. The pages must come out exactly as with one per page (real MkDocs, real theme)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import markdown
import mkdocs.structure.pages
import pytest
import yaml
from markdown.treeprocessors import InlineProcessor

from glocal.build import sites
from glocal.build.staging import STAGED_CONFIG, ConfigDumper
from glocal.diagnostics import Span
from glocal.markdown.dialect import REQUIRED_EXTENSIONS

# What one page may leave behind for the next: footnotes, link references, heading ids, stashed
# raw HTML, fenced and nested blocks.
PAGES = {
    "index.md": "# Welcome\n\nA note.[^1] A [reference][ref].\n\n[^1]: First page's footnote.\n\n"
    "[ref]: https://example.org/first\n\n## Overview\n\n<div markdown>**raw** html</div>\n",
    "second.md": "# Welcome\n\nAnother note.[^1] An unresolved [reference][ref].\n\n"
    "[^1]: Second page's footnote.\n\n## Overview\n\n## Overview\n\n"
    '!!! note "Kept"\n    Body.\n\n??? tip "Folded"\n    Hidden.\n\n```python\nprint(1)\n```\n',
    "third.md": "# Third\n\nNo footnote here. [ref] stays text.\n\n## Overview { #custom }\n\n"
    "Text with *emphasis*.\n\n<span>stash</span>\n",
}


def _project(folder: Path, extensions: list) -> Path:
    (folder / "docs").mkdir(parents=True)
    for name, text in PAGES.items():
        (folder / "docs" / name).write_text(text, encoding="utf-8")
    shipped = resources.files("glocal").joinpath("theme")
    config = {
        "site_name": "reuse",
        "theme": {"name": "material", "custom_dir": str(shipped), "font": False},
        "markdown_extensions": extensions,
        "plugins": ["search", "glocal"],
        "use_directory_urls": False,
    }
    (folder / STAGED_CONFIG).write_text(yaml.dump(config, Dumper=ConfigDumper), encoding="utf-8")
    return folder / STAGED_CONFIG


def _build(
    config: Path, out: Path, monkeypatch: pytest.MonkeyPatch, reuse: bool
) -> tuple[dict[str, bytes], int]:
    made = []
    real_init = markdown.Markdown.__init__

    def counted(self, *args, **kwargs):
        made.append(self)
        real_init(self, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(markdown.Markdown, "__init__", counted)
        if not reuse:  # MkDocs as it is: a new Markdown for every page
            patch.setattr(sites, "_reuse_markdown_per_site", lambda: None)
            patch.setattr(mkdocs.structure.pages, "markdown", markdown)
        result = sites.build_staged("reuse/en", config, out, Span(STAGED_CONFIG))
    assert result.ok, result.diagnostics
    pages = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.html"))}
    return pages, len(made)


def test_a_sites_pages_share_one_markdown_and_come_out_as_with_one_each(tmp_path, monkeypatch):
    config = _project(tmp_path / "project", REQUIRED_EXTENSIONS)
    fresh, per_page = _build(config, tmp_path / "fresh", monkeypatch, reuse=False)
    shared, reused = _build(config, tmp_path / "shared", monkeypatch, reuse=True)
    assert {"index.html", "second.html", "third.html"} <= set(fresh)
    assert shared == fresh  # no footnote, reference, heading id or stashed HTML carried over
    assert per_page >= len(PAGES) and reused < per_page
    assert b"first" not in shared["second.html"].split(b"<article")[1].split(b"</article>")[0]


def test_an_extension_the_project_adds_gets_a_markdown_per_page(tmp_path, monkeypatch):
    config = _project(tmp_path / "project", [*REQUIRED_EXTENSIONS, "abbr"])
    fresh, per_page = _build(config, tmp_path / "fresh", monkeypatch, reuse=False)
    shared, reused = _build(config, tmp_path / "shared", monkeypatch, reuse=True)
    assert shared == fresh
    assert reused == per_page  # abbr's state is not known to be reset: not shared


SPEC = Path(__file__).resolve().parents[1] / "fixtures/corpus/commonmark/commonmark.json"


def test_texts_without_inline_markup_are_passed_over_and_every_page_renders_the_same():
    """The shared Markdown's inline processor passes over texts that no inline pattern matches.
    All 652 CommonMark examples (links, emphasis, code spans, raw HTML, entities, escapes, line
    breaks...) and the pages above render exactly as with Python-Markdown's own processor."""
    extensions = ["toc", "tables", "fenced_code"] + [e for e in REQUIRED_EXTENSIONS if isinstance(e, str)]
    texts = [example["markdown"] for example in json.loads(SPEC.read_text(encoding="utf-8"))]
    texts += list(PAGES.values())
    own = markdown.Markdown(extensions=extensions)
    quick = sites._ReusedMarkdown().Markdown(extensions=extensions, extension_configs={})
    assert type(quick.treeprocessors["inline"]) is not type(own.treeprocessors["inline"])
    inline = [list(md.treeprocessors).index(md.treeprocessors["inline"]) for md in (own, quick)]
    assert inline[0] == inline[1], "the inline processor keeps its place among the tree processors"
    assert [quick.reset().convert(t) for t in texts] == [own.reset().convert(t) for t in texts]

    tried = []
    real = InlineProcessor._InlineProcessor__handleInline

    def counted(self, data, patternIndex=0):
        tried.append(data)
        return real(self, data, patternIndex)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(InlineProcessor, "_InlineProcessor__handleInline", counted)
        sites._quick_inline_class.cache_clear()
        try:
            quick = sites._ReusedMarkdown().Markdown(extensions=extensions, extension_configs={})
            quick.convert("# Plain heading\n\nPlain words only.\n\nSome *emphasis* here.\n")
        finally:
            sites._quick_inline_class.cache_clear()
    assert tried == ["Some *emphasis* here."], "only the text with markup goes through every pattern"
