"""The glocal budget (issue 11, item 3): a range of core share per regional site, its severity
chosen in program.yml, shown in `check`, its JSON and the portal."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import REPO
from glocal.checks.budget import percent

FIXTURE = REPO / "tests" / "fixtures" / "core-share-high"


def _project(tmp_path: Path, budget: str) -> Path:
    """The fixture (module `intro`, region `north` whose site is 81% core, and `global`), with a
    second language for `north` and the given `glocal:` block."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    program = root / "curriculum" / "program.yml"
    text = program.read_text(encoding="utf-8")
    program.write_text(text[: text.index("glocal:")] + budget, encoding="utf-8")
    region = root / "toolkits" / "regions" / "north" / "region.yml"
    region.write_text(
        region.read_text(encoding="utf-8")
        .replace("languages: [en]", "languages: [en, da]")
        .replace("locales: {en: en_GB}", "locales: {en: en_GB, da: da_DK}"),
        encoding="utf-8",
    )
    return root


def _sites(glocal, root: Path) -> tuple[int, dict[str, dict], list[dict]]:
    result = glocal("-C", root, "check", "--format", "json")
    data = json.loads(result.out)
    return result.code, {s["site"]: s for s in data["sites"]}, data["diagnostics"]


def test_an_error_budget_blocks_only_the_sites_outside_it(glocal, tmp_path: Path):
    root = _project(tmp_path, "glocal:\n  core_share_min: 0.5\n  core_share_max: 0.6\n  severity: error\n")
    code, sites, diagnostics = _sites(glocal, root)
    assert code == 1
    assert sites["north/en"]["budget"] == "above"
    assert sites["north/en"]["status"] == "blocked"
    assert sites["global/en"]["budget"] == "exempt"  # the reference region shows the core as it is
    assert sites["global/en"]["status"] == "publish"
    found = {(d["code"], d["severity"], d["path"], d["line"]) for d in diagnostics if d["code"] == "GL409"}
    # one per site outside the budget, at the region's id; north/da is its own site
    assert found == {("GL409", "error", "toolkits/regions/north/region.yml", 1)}
    assert sum(d["code"] == "GL409" for d in diagnostics) == 2
    assert sites["north/da"]["status"] == "blocked"


def test_a_warning_budget_blocks_nothing(glocal, tmp_path: Path):
    root = _project(tmp_path, "glocal:\n  core_share_min: 0.9\n")
    code, sites, diagnostics = _sites(glocal, root)
    assert code == 0
    assert sites["north/en"]["budget"] == "below"
    assert sites["north/en"]["status"] != "blocked"
    assert [d["severity"] for d in diagnostics if d["code"] == "GL401"] == ["warning", "warning"]


def test_within_the_budget_is_silent(glocal, tmp_path: Path):
    root = _project(tmp_path, "glocal:\n  core_share_min: 0.75\n  core_share_max: 0.9\n  severity: error\n")
    code, sites, diagnostics = _sites(glocal, root)
    assert code == 0
    assert {s["budget"] for key, s in sites.items() if key.startswith("north/")} == {"within"}
    assert not [d for d in diagnostics if d["code"] in ("GL401", "GL409")]


@pytest.mark.parametrize(
    "budget,message",
    [
        ("glocal:\n  core_share_min: 0.9\n  core_share_max: 0.8\n", "must not be below"),
        ("glocal:\n  severity: fatal\n", "'glocal.severity' expected 'warning' or 'error'"),
    ],
)
def test_a_budget_that_makes_no_sense_is_diagnosed(glocal, tmp_path: Path, budget: str, message: str):
    root = _project(tmp_path, budget)
    result = glocal("-C", root, "check")
    assert result.code == 1
    line = next(line for line in result.out.splitlines() if "GL004" in line)
    assert line.startswith("curriculum/program.yml:") and message in line
    assert "Traceback" not in result.out + result.err


def test_the_portal_shows_the_range_and_marks_sites_outside_it(glocal, tmp_path: Path):
    root = _project(tmp_path, "glocal:\n  core_share_min: 0.85\n  core_share_max: 0.9\n")
    built = glocal("-C", root, "build")
    assert built.code == 0, built.err
    portal = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert "Glocal budget: 85%–90% core" in portal
    row = portal.split('data-site="north/en"', 1)[1].split("</tr>", 1)[0]
    assert 'class="num budget-below"' in row and "▼" in row
    assert "too much local content" in row  # the marker's title says what it means
    reference = portal.split('data-site="global/en"', 1)[1].split("</tr>", 1)[0]
    assert "budget-exempt" in reference


def test_percent_never_rounds_onto_a_bound_it_misses():
    assert percent(0.75) == "75%"
    assert percent(0.7496) == "74.96%"
    assert percent(0.6934) == "69.3%"
    assert percent(0.99999) == "99.999%"
