"""Naming sites and regions on the command line: `glocal build nordics` builds each of the
region's sites (it was GL404, "no site 'nordics'"); a site named by its region alone is answered
with the region's sites; a name in the wrong case finds its region."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, run_glocal
from glocal.load.validation import did_you_mean


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The `clean` fixture with a second region, `south`, taught in English and Danish."""
    root = tmp_path_factory.mktemp("naming") / "project"
    shutil.copytree(FIXTURES / "clean", root, ignore=shutil.ignore_patterns("expected*"))
    assert run_glocal("-C", root, "new", "region", "south", "--languages", "en,da").code == 0
    region = root / "toolkits/regions/south/region.yml"
    region.write_text(region.read_text(encoding="utf-8").replace("vars: {}", "vars: {data_law: the UK GDPR}"))
    (root / "toolkits/regions/south/intro.md").write_text(
        "::: fill case-study\nA hospital trust and a regional college built a nursing programme.\n:::\n",
        encoding="utf-8",
    )
    return root


def test_a_regions_name_builds_each_of_its_sites(project: Path):
    built = run_glocal("-C", project, "build", "south", "south/en")
    assert built.code == 0, built.out + built.err
    assert not (project / "site/north").exists()  # the other region's site is not built
    assert sorted(path.name for path in (project / "site/south").iterdir()) == ["da", "en"]


def test_a_site_named_by_its_region_alone_is_answered_with_its_sites(project: Path):
    result = run_glocal("-C", project, "explain", "south")
    assert result.code == 2
    assert result.err.rstrip().endswith("(hint: a site is REGION/LANGUAGE: south/en, south/da)")


def test_a_name_in_another_case_finds_its_match():
    assert did_you_mean("SOUTH", ["north", "south"]) == "did you mean 'south'?"
    assert did_you_mean("sout", ["north", "south"]) == "did you mean 'south'?"
    assert did_you_mean("zzz", ["north", "south"]) is None


def test_a_regions_name_counts_each_of_its_sites_for_the_workers(project: Path, tmp_path):
    """The build forks no more workers than sites it may build: a region's name is its sites
    (counted as one name, `build nordics` built its three sites in one worker)."""
    from glocal.load import load_project
    from glocal.pipeline.building import _Run
    from glocal.pipeline.checking import SiteNames

    loaded, _ = load_project(project)
    counts = [
        _Run(project, tmp_path / "out", names, None, {}).count(loaded)
        for names in (SiteNames(["south"]), SiteNames(["south/da"]), SiteNames([]))
    ]
    assert counts == [2, 1, 3]  # (north/en, south/en, south/da)
