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


def _build(tmp_path: Path, site_url: str | None) -> Path:
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    if site_url is not None:
        with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
            config.write(f"\nsite_url: {site_url}\n")
    assert run_glocal("-C", project, "build").code == 0
    return project / "site"


def test_each_site_is_given_its_own_address_under_the_site_url(tmp_path: Path):
    site = _build(tmp_path, URL + "/")
    for language in ("en", "da"):
        root = site / "south" / language
        page = (root / "modules" / "intro.html").read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="{URL}/south/{language}/modules/intro.html">' in page
        sitemap = gzip.decompress((root / "sitemap.xml.gz").read_bytes()).decode()
        addresses = re.findall(r"<loc>(.*?)</loc>", sitemap)
        assert addresses and all(a.startswith(f"{URL}/south/{language}/") for a in addresses)
        missing = (root / "404.html").read_text(encoding="utf-8")  # served at any depth: absolute
        assert f'href="/partners/south/{language}/stylesheets/glocal.css"' in missing


def test_a_site_url_without_its_slash_is_the_same(tmp_path: Path):
    page = (_build(tmp_path, URL) / "south" / "da" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{URL}/south/da/index.html">' in page


def test_without_a_site_url_no_page_claims_an_address(tmp_path: Path):
    page = (_build(tmp_path, None) / "south" / "da" / "index.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in page
