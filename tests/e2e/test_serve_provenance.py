"""`glocal serve SITE --provenance` (issue 11, item 2): in the browser, each block of a served page
says where it comes from when hovered (its title), as `glocal explain` does; a built site has no
trace of it, and a preview without the flag neither."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import Page, expect
from test_browser import browser, page  # noqa: F401 (the browser fixtures, shared)
from test_serve import _free_port, _wait_for

from conftest import FIXTURES


def test_provenance_shows_on_hover_in_the_preview_only(page: Page, tmp_path: Path):  # noqa: F811
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "explain", project)
    port = _free_port()
    args = [sys.executable, "-m", "glocal", "-C", str(project), "serve", "north/da", "--port", str(port)]
    server = subprocess.Popen(
        [*args, "--provenance"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    url = f"http://127.0.0.1:{port}/modules/intro.html"
    try:
        body, _ = _wait_for(url, lambda text: "Introduktion" in text, 60, server)
        assert body is not None, "the preview never came up"
        page.goto(url)
        paragraph = page.locator("article p", has_text="Partnere deler kun deltagerdata")
        expect(paragraph).to_have_attribute(
            "data-glocal-provenance", "core paragraph at curriculum/modules/intro.md:17"
        )
        title = paragraph.get_attribute("title") or ""
        assert "translation: translated at locales/da/curriculum/modules/intro.po:34" in title
        assert "{{ vars.data_law }} = 'databeskyttelsesforordningen'" in title
        fill = page.locator("article p", has_text="An Aarhus hospital")
        expect(fill).to_have_attribute(
            "data-glocal-provenance",
            "regional overlay paragraph at toolkits/regions/north/intro.md:6 "
            "(local adaptation for slot 'case-study')",
        )
        fuzzy = page.locator("article p", has_text="Partners measure results together")
        expect(fuzzy).to_have_attribute(
            "title",
            "core paragraph at curriculum/modules/intro.md:19\n"
            "translation: fuzzy-hidden at locales/da/curriculum/modules/intro.po:38",
        )
    finally:
        server.terminate()
        server.communicate(timeout=10)


def test_a_built_site_has_no_provenance(built_sample: Path):
    """The provenance script and its data belong to `serve --provenance` only."""
    site = built_sample / "site" / "nordics" / "da"
    assert not (site / "glocal-preview-provenance.json").exists()
    for html in [site / "index.html", *(site / "modules").glob("*.html")]:
        text = html.read_text(encoding="utf-8")
        assert "glocal-preview-provenance" not in text and "data-glocal-provenance" not in text
