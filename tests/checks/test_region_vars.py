"""A core text's `{{ vars.data_law }}` that one region does not set, but others do, is that region's
to set: GL115 on its region.yml (at `vars:`), naming the module line that uses it, and it blocks
that region's sites only. Before, it was GL115 on the core module, naming no region, and blocked
every site of every region; `glocal new region` (which writes `vars: {}`) did exactly that."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, run_glocal


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The `clean` fixture (its module's facilitator note uses `{{ vars.data_law }}`, which its
    region `north` sets) and a second region, `south`, scaffolded by `glocal new region`."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "clean", root, ignore=shutil.ignore_patterns("expected*"))
    assert run_glocal("-C", root, "new", "region", "south", "--languages", "en").code == 0
    fills = root / "toolkits/regions/south/intro.md"
    fills.write_text(
        "::: fill case-study\nA hospital trust and a regional college built a nursing programme.\n:::\n",
        encoding="utf-8",
    )
    return root


def _checked(root: Path) -> dict:
    return json.loads(run_glocal("-C", root, "check", "--format", "json").out)


def test_a_variable_one_region_lacks_is_that_regions_error_and_blocks_its_sites_only(project: Path):
    found = _checked(project)
    errors = [d for d in found["diagnostics"] if d["severity"] == "error"]
    assert [(d["code"], d["path"]) for d in errors] == [("GL115", "toolkits/regions/south/region.yml")]
    region_yml = (project / "toolkits/regions/south/region.yml").read_text(encoding="utf-8").splitlines()
    assert region_yml[errors[0]["line"] - 1].startswith("vars:")
    assert errors[0]["message"] == (
        "region 'south' does not set 'vars.data_law', which curriculum/modules/intro.md:20 uses "
        "and other regions set"
    )
    assert "under 'vars:' in toolkits/regions/south/region.yml" in errors[0]["hint"]
    status = {site["site"]: site["status"] for site in found["sites"]}
    assert status == {"north/en": "publish", "south/en": "blocked"}

    region = project / "toolkits/regions/south/region.yml"
    region.write_text(
        region.read_text(encoding="utf-8").replace("vars: {}", "vars: {data_law: the UK GDPR}"),
        encoding="utf-8",
    )
    assert [d for d in _checked(project)["diagnostics"] if d["severity"] == "error"] == []


def test_a_variable_no_region_sets_stays_the_core_texts_error(project: Path):
    module = project / "curriculum/modules/intro.md"
    module.write_text(
        module.read_text(encoding="utf-8").replace("vars.data_law", "vars.data_lw"), encoding="utf-8"
    )
    found = _checked(project)
    errors = [(d["code"], d["path"], d["line"]) for d in found["diagnostics"] if d["severity"] == "error"]
    assert errors == [("GL115", "curriculum/modules/intro.md", 20)]  # once, not once per region
    message = next(d["message"] for d in found["diagnostics"] if d["code"] == "GL115")
    assert message.startswith("undefined variable 'vars.data_lw': expected one of ")
    assert all(site["status"] == "blocked" for site in found["sites"])
