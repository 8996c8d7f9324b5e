"""A region whose region.yml is broken (`languges:` for `languages:`) has no sites: `explain` and
`adapt accept` say why, with its errors, where they said only "no site" or "no region"; and its
`locales:` are not reported once each as "not one of the region's languages []"."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, run_glocal


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("broken-region") / "project"
    shutil.copytree(FIXTURES / "clean", root, ignore=shutil.ignore_patterns("expected*"))
    region = root / "toolkits/regions/north/region.yml"
    region.write_text(region.read_text(encoding="utf-8").replace("languages:", "languges:"), encoding="utf-8")
    return root


def test_check_reports_the_typo_and_the_missing_key_only(project: Path):
    found = json.loads(run_glocal("-C", project, "check", "--format", "json").out)
    codes = sorted(d["code"] for d in found["diagnostics"] if d["severity"] == "error")
    assert codes == ["GL202", "GL204"]  # no GL206 for the locale of a language it cannot read


def test_adapt_accept_names_the_errors_not_an_unknown_region(project: Path):
    result = run_glocal("-C", project, "adapt", "accept", "north")
    assert result.code == 1
    assert "error GL202: unknown key 'languges'" in result.err and "GL223" not in result.err
    assert not (project / "toolkits/regions/north/adapted.lock.yml").exists()


def test_explain_names_the_errors_before_the_unknown_site(project: Path):
    result = run_glocal("-C", project, "explain", "north/en")
    assert result.code == 2
    lines = result.err.splitlines()
    assert any("error GL202: unknown key 'languges'" in line for line in lines)
    assert "GL404" in lines[-1]
