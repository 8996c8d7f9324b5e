"""`glocal serve SITE --provenance` (issue 11, item 2) belongs to the preview: a built site has no
trace of it. (The hover titles in the browser are tested in test_browser.py, which owns the
browser: one Chromium per test process.)"""

from __future__ import annotations

from pathlib import Path


def test_a_built_site_has_no_provenance(built_sample: Path):
    """The provenance script and its data belong to `serve --provenance` only."""
    site = built_sample / "site" / "nordics" / "da"
    assert not (site / "glocal-preview-provenance.json").exists()
    for html in [site / "index.html", *(site / "modules").glob("*.html")]:
        text = html.read_text(encoding="utf-8")
        assert "glocal-preview-provenance" not in text and "data-glocal-provenance" not in text
