"""`site_url` in the root mkdocs.yml is where the portal is published: each site is at
`<region>/<language>/` under it. Before, every site was given the root's address, so all of them
named the same canonical page (`https://…/index.html` for the Danish and the English home alike),
their sitemaps listed pages where they are not, and a 404 page linked its styles at the root."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

from conftest import run_glocal

PROJECT = Path(__file__).resolve().parent.parent / "fixtures" / "golden-site" / "project"
URL = "https://training.example.org/partners"


def _build(tmp_path: Path, site_url: str) -> Path:
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(f"\nsite_url: {site_url}\n")
    assert run_glocal("-C", project, "build").code == 0
    return project / "site"


def test_each_site_is_given_its_own_address_under_the_site_url(tmp_path: Path):
    """(Without `site_url` no page claims an address: the golden site has no canonical link.)"""
    site = _build(tmp_path, URL)  # without its final slash: the sites' addresses are joined with one
    for language in ("en", "da"):
        root = site / "south" / language
        page = (root / "modules" / "intro.html").read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="{URL}/south/{language}/modules/intro.html">' in page
        sitemap = gzip.decompress((root / "sitemap.xml.gz").read_bytes()).decode()
        addresses = re.findall(r"<loc>(.*?)</loc>", sitemap)
        assert addresses and all(a.startswith(f"{URL}/south/{language}/") for a in addresses)
        missing = (root / "404.html").read_text(encoding="utf-8")  # served at any depth: absolute
        assert f'href="/partners/south/{language}/stylesheets/glocal.css"' in missing
