"""build/portal.py: `site/index.html`, one row per site with its status, and the coverage heatmap."""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser
from pathlib import Path

import pytest

from glocal import pipeline
from glocal.build.portal import write_portal

# (site, region name, language as linked, status, translated, core share, slots) as the sample's
# portal shows them
SAMPLE_ROWS = [
    (
        "benelux/nl",
        "Benelux",
        "Nederlands (nl)",
        "publish",
        "100%",
        "79%",
        "13 filled · 1 default · 0 missing",
    ),
    ("benelux/en", "Benelux", "English (en)", "publish", "100%", "79%", "13 filled · 1 default · 0 missing"),
    ("egypt/ar", "Egypt", "العربية (ar)", "draft", "26%", "80%", "13 filled · 1 default · 0 missing"),
    ("egypt/en", "Egypt", "English (en)", "publish", "100%", "79%", "13 filled · 1 default · 0 missing"),
    ("global/en", "Global", "English (en)", "publish", "100%", "100% ◇", "0 filled · 14 default · 0 missing"),
    ("nordics/da", "Nordics", "dansk (da)", "publish", "100%", "79%", "14 filled · 0 default · 0 missing"),
    (
        "nordics/nb",
        "Nordics",
        "norsk bokmål (nb)",
        "draft",
        "59%",
        "79%",
        "14 filled · 0 default · 0 missing",
    ),
    ("nordics/en", "Nordics", "English (en)", "publish", "100%", "78%", "14 filled · 0 default · 0 missing"),
    (
        "vietnam/vi",
        "Vietnam",
        "Tiếng Việt (vi)",
        "publish",
        "100%",
        "78%",
        "13 filled · 1 default · 0 missing",
    ),
    ("vietnam/en", "Vietnam", "English (en)", "publish", "100%", "78%", "13 filled · 1 default · 0 missing"),
]


class _Portal(HTMLParser):
    """The site rows (tr[data-site] of the first table) and the heatmap cells (td[data-module])."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, dict] = {}
        self.cells: dict[tuple[str, str], str] = {}  # (module, site) -> text
        self._row: dict | None = None
        self._cell: list[str] | None = None
        self._cell_key: tuple[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "tr" and "data-site" in attributes:
            self._row = {"cells": [], "links": [], "status_class": None}
            self.rows[attributes["data-site"]] = self._row
        elif tag == "td" and "data-module" in attributes:
            self._cell_key = (attributes["data-module"], attributes["data-site"])
            self._cell = []
        elif self._row is not None:
            if tag == "td":
                self._row["cells"].append("")
            elif tag == "a":
                self._row["links"].append(attributes["href"])
            elif tag == "span" and "status" in (attributes.get("class") or "").split():
                self._row["status_class"] = attributes["class"]

    def handle_endtag(self, tag):
        if tag == "tr":
            self._row = None
        elif tag == "td" and self._cell_key is not None:
            self.cells[self._cell_key] = "".join(self._cell or [])
            self._cell_key, self._cell = None, None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif self._row is not None and self._row["cells"]:
            self._row["cells"][-1] += data


def _parse(path: Path) -> _Portal:
    parser = _Portal()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def checked(built_sample: Path) -> pipeline.CheckResult:
    return pipeline.check(built_sample)


@pytest.fixture(scope="module")
def built_sites(built_sample: Path, checked) -> set[str]:
    return {s.site for s in checked.summaries if (built_sample / "site" / s.site / "index.html").is_file()}


def test_every_sample_site_was_built(checked, built_sites):
    assert built_sites == {s.site for s in checked.summaries}
    assert len(built_sites) == len(SAMPLE_ROWS)


def test_the_portal_lists_every_site_with_its_status_and_coverage(tmp_path, checked, built_sites):
    path = write_portal(checked.project, checked.summaries, tmp_path, built_sites)
    assert path == tmp_path / "index.html"
    portal = _parse(path)
    assert list(portal.rows) == [row[0] for row in SAMPLE_ROWS]
    for site, region, language, status, translated, core_share, slots in SAMPLE_ROWS:
        row = portal.rows[site]
        zip_name = f"{site.replace('/', '-')}.zip"
        assert [cell.strip() for cell in row["cells"]] == [
            region,
            language,
            status,
            translated,
            core_share,
            slots,
            zip_name,
        ], site
        assert row["status_class"] == f"status status-{status}", site
        assert row["links"] == [f"{site}/index.html", f"downloads/{zip_name}"], site


def test_the_portal_is_the_one_the_build_wrote(tmp_path, built_sample, checked, built_sites):
    path = write_portal(checked.project, checked.summaries, tmp_path, built_sites)
    assert path.read_bytes() == (built_sample / "site" / "index.html").read_bytes()


def test_the_heatmap_has_a_cell_per_module_and_site(tmp_path, checked, built_sites):
    portal = _parse(write_portal(checked.project, checked.summaries, tmp_path, built_sites))
    modules = list(checked.project.modules)
    assert len(portal.cells) == len(modules) * len(SAMPLE_ROWS)
    # Norwegian is deliberately partial: the last four modules are not translated yet
    nordic = [portal.cells[(module, "nordics/nb")] for module in modules]
    assert [text.split("%")[0] for text in nordic] == ["100"] * 7 + ["0"] * 4
    # ● filled, ○ default: Vietnam leaves local-metrics unfilled, the global site fills nothing
    assert portal.cells[("measuring-what-matters", "vietnam/en")] == "100%●○"
    assert portal.cells[("measuring-what-matters", "nordics/en")] == "100%●●"
    assert portal.cells[("measuring-what-matters", "global/en")] == "100%○○"


def test_a_blocked_site_without_output_is_listed_without_links(tmp_path, checked, built_sites):
    summaries = [
        dataclasses.replace(s, status="blocked") if s.site == "vietnam/vi" else s for s in checked.summaries
    ]
    portal = _parse(write_portal(checked.project, summaries, tmp_path, built_sites - {"vietnam/vi"}))
    row = portal.rows["vietnam/vi"]
    assert row["status_class"] == "status status-blocked"
    assert [cell.strip() for cell in row["cells"]][:3] == ["Vietnam", "Tiếng Việt (vi)", "blocked"]
    assert row["cells"][-1].strip() == ""
    assert row["links"] == []
    assert portal.rows["vietnam/en"]["links"] == ["vietnam/en/index.html", "downloads/vietnam-en.zip"]
