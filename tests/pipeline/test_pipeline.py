"""pipeline.check and pipeline.select_sites: what the check stage returns, without the command line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, copy_sample
from glocal import pipeline
from glocal.diagnostics import Severity

SITES = [
    "benelux/nl",
    "benelux/en",
    "egypt/ar",
    "egypt/en",
    "global/en",
    "nordics/da",
    "nordics/nb",
    "nordics/en",
    "vietnam/vi",
    "vietnam/en",
]


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def sample_copy(tmp_path_factory) -> Path:
    return copy_sample(tmp_path_factory.mktemp("pipeline") / "sample")


@pytest.fixture(scope="module")
def sample_files_before_check(sample_copy: Path) -> dict[str, bytes]:
    return _files(sample_copy)


@pytest.fixture(scope="module")
def checked(sample_copy: Path, sample_files_before_check) -> pipeline.CheckResult:
    return pipeline.check(sample_copy)


def test_check_summarises_every_site_of_the_sample(checked):
    assert checked.usable
    assert [s.to_json() for s in checked.summaries] == [
        {
            "site": "benelux/nl",
            "region": "benelux",
            "language": "nl",
            "translated": 1.0,
            "core_share": 0.7894,
            "slots": {"filled": 13, "default": 1, "missing": 0},
            "status": "publish",
            "budget": "within",
            "stale_fills": 0,
        },
        {
            "site": "benelux/en",
            "region": "benelux",
            "language": "en",
            "translated": 1.0,
            "core_share": 0.7878,
            "slots": {"filled": 13, "default": 1, "missing": 0},
            "status": "publish",
            "budget": "within",
            "stale_fills": 0,
        },
        {
            "site": "egypt/ar",
            "region": "egypt",
            "language": "ar",
            "translated": 0.2627,
            "core_share": 0.8017,
            "slots": {"filled": 13, "default": 1, "missing": 0},
            "status": "draft",
            "budget": "within",
            "stale_fills": 0,
        },
        {
            "site": "egypt/en",
            "region": "egypt",
            "language": "en",
            "translated": 1.0,
            "core_share": 0.7938,
            "slots": {"filled": 13, "default": 1, "missing": 0},
            "status": "publish",
            "budget": "within",
            "stale_fills": 0,
        },
        {
            "site": "global/en",
            "region": "global",
            "language": "en",
            "translated": 1.0,
            "core_share": 1.0,
            "slots": {"filled": 0, "default": 14, "missing": 0},
            "status": "publish",
            "budget": "exempt",
            "stale_fills": 0,
        },
        {
            "site": "nordics/da",
            "region": "nordics",
            "language": "da",
            "translated": 1.0,
            "core_share": 0.7935,
            "slots": {"filled": 14, "default": 0, "missing": 0},
            "status": "publish",
            "budget": "within",
            "stale_fills": 0,
        },
        {
            "site": "nordics/nb",
            "region": "nordics",
            "language": "nb",
            "translated": 0.5936,
            "core_share": 0.7859,
            "slots": {"filled": 14, "default": 0, "missing": 0},
            "status": "draft",
            "budget": "within",
            "stale_fills": 0,
        },
        {
            "site": "nordics/en",
            "region": "nordics",
            "language": "en",
            "translated": 1.0,
            "core_share": 0.7836,
            "slots": {"filled": 14, "default": 0, "missing": 0},
            "status": "publish",
            "budget": "within",
            "stale_fills": 0,
        },
        {
            "site": "vietnam/vi",
            "region": "vietnam",
            "language": "vi",
            "translated": 1.0,
            "core_share": 0.7826,
            "slots": {"filled": 13, "default": 1, "missing": 0},
            "status": "publish",
            "budget": "within",
            "stale_fills": 0,
        },
        {
            "site": "vietnam/en",
            "region": "vietnam",
            "language": "en",
            "translated": 1.0,
            "core_share": 0.7819,
            "slots": {"filled": 13, "default": 1, "missing": 0},
            "status": "publish",
            "budget": "within",
            "stale_fills": 0,
        },
    ]


def test_every_site_is_composed_and_its_summary_matches_the_composition(checked):
    assert sorted(checked.composed) == sorted(SITES)
    for summary in checked.summaries:
        composed = checked.composed[summary.site]
        assert summary.translated == composed.translated
        assert summary.core_share == composed.core_share
        assert summary.slots == composed.slot_counts()
        assert sum(summary.slots.values()) == len(summary.slot_states) == 14


def test_slot_states_and_module_rows_name_each_slot(checked):
    by_site = {s.site: s for s in checked.summaries}
    assert by_site["vietnam/en"].slot_states["measuring-what-matters/local-metrics"] == "default"
    assert by_site["nordics/en"].slot_states["measuring-what-matters/local-metrics"] == "filled"
    assert by_site["benelux/en"].slot_states["future-of-partnerships/local-outlook"] == "default"
    assert set(by_site["global/en"].slot_states.values()) == {"default"}
    assert list(by_site["global/en"].modules) == list(checked.project.modules)
    assert by_site["nordics/en"].modules["shared-vision"]["translated"] == 1.0


def test_the_sample_checks_without_errors_or_warnings(checked):
    assert checked.report.diagnostics  # infos: unfilled optional slots, untranslated Norwegian
    assert {d.level for d in checked.report.diagnostics} == {Severity.INFO}
    unfilled = sorted(d.span.path for d in checked.report.diagnostics if d.code == "GL210")
    assert unfilled == [
        "toolkits/regions/benelux/future-of-partnerships.md",
        "toolkits/regions/egypt/measuring-what-matters.md",
        "toolkits/regions/vietnam/measuring-what-matters.md",
    ]


def test_check_writes_nothing(checked, sample_copy, sample_files_before_check):
    assert _files(sample_copy) == sample_files_before_check


def test_select_sites_with_no_names_is_every_site(checked):
    assert pipeline.select_sites(checked, []) == (SITES, [])


def test_select_sites_keeps_the_known_names_in_the_order_given(checked):
    assert pipeline.select_sites(checked, ["vietnam/vi", "nordics/da"]) == (["vietnam/vi", "nordics/da"], [])


def test_select_sites_with_an_unknown_name_is_gl404_with_a_did_you_mean(checked):
    chosen, problems = pipeline.select_sites(checked, ["nordics/dk", "vietnam/vi"])
    assert chosen == ["vietnam/vi"]
    assert [p.to_json() for p in problems] == [
        {
            "code": "GL404",
            "severity": "error",
            "path": "<command line>",
            "line": None,
            "col": None,
            "message": "no site 'nordics/dk': expected one of benelux/nl, benelux/en, egypt/ar, egypt/en, "
            "global/en, nordics/da, nordics/nb, nordics/en, vietnam/vi, vietnam/en",
            "hint": "did you mean 'nordics/da'?",
            "related": [],
        }
    ]


def test_an_error_in_one_region_blocks_only_that_regions_sites(tmp_path):
    root = tmp_path / "one-region-broken"
    shutil.copytree(FIXTURES / "one-region-broken", root)
    result = pipeline.check(root)
    assert [(s.site, s.status) for s in result.summaries] == [
        ("north/en", "publish"),
        ("south/en", "blocked"),
    ]
    assert [(d.code, d.span.path) for d in result.report.diagnostics] == [
        ("GL203", "toolkits/regions/south/region.yml")
    ]


def test_a_folder_without_a_program_is_not_usable(tmp_path):
    result = pipeline.check(tmp_path)
    assert not result.usable
    assert result.summaries == [] and result.composed == {}
    assert [d.code for d in result.report.diagnostics] == ["GL001"]
