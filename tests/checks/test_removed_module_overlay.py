"""An overlay left behind when the core removes its module (GL207) says what to do: delete it. The
hint used to say only to rename it after a listed module, as for a typo."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURES, run_glocal


def test_an_overlay_of_a_removed_module_is_told_to_go(tmp_path: Path):
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "clean", root, ignore=shutil.ignore_patterns("expected*"))
    (root / "toolkits/regions/north/budgeting.md").write_text(
        "::: fill local-costs\nOur costs.\n:::\n", encoding="utf-8"
    )
    result = run_glocal("-C", root, "check")
    line = next(line for line in result.out.splitlines() if "GL207" in line)
    assert line == (
        "toolkits/regions/north/budgeting.md:1:1: error GL207: overlay for module 'budgeting', which the "
        "program does not have (hint: if the module was removed from the programme, delete the overlay; "
        "else name it after a module id listed in program.yml)"
    )
