"""Hints for an overlay gone wrong: one left behind when the core removes its module (GL207) is
told to go (the hint said only to rename it, as for a typo); a `::: slot` block is told it meant
`::: fill`."""

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
        "toolkits/regions/north/budgeting.md:1:1: warning GL207: overlay for module 'budgeting', which the "
        "program does not have: it is not shown (hint: if the module was removed from the programme, "
        "delete the overlay; else name it after a module id listed in program.yml)"
    )
    # a warning: the region's sites are still built (every region's leftover blocked every site)
    assert result.code == 0, result.out


def test_an_overlay_named_close_to_a_module_is_an_error(tmp_path: Path):
    """A typo's fills would go unshown: that stays an error, with the module it was meant for."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "clean", root, ignore=shutil.ignore_patterns("expected*"))
    overlay = root / "toolkits/regions/north/intro.md"
    overlay.rename(overlay.with_name("intr.md"))
    result = run_glocal("-C", root, "check")
    line = next(line for line in result.out.splitlines() if "GL207" in line)
    assert (
        " error GL207: overlay for module 'intr', which the program does not have (hint: did you mean" in line
    )
    assert result.code == 1


def test_a_slot_block_in_an_overlay_is_told_to_be_a_fill(tmp_path: Path):
    """`::: slot case-study` is how the core declares a slot; in an overlay it is not shown, and the
    hint names the block the region meant."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "clean", root, ignore=shutil.ignore_patterns("expected*"))
    overlay = root / "toolkits/regions/north/intro.md"
    overlay.write_text(overlay.read_text(encoding="utf-8").replace("::: fill", "::: slot"), encoding="utf-8")
    lines = run_glocal("-C", root, "check").out.splitlines()
    assert (
        "toolkits/regions/north/intro.md:1:1: warning GL215: 'slot' block in an overlay is not shown: "
        "overlays hold '::: fill' and '::: facilitator' blocks (hint: did you mean '::: fill case-study'?)"
        in lines
    )


def test_an_unknown_block_in_an_overlay_is_answered_with_the_names_an_overlay_may_use(tmp_path: Path):
    """GL108 listed `slot` to a region (the core's), and `fill` to a module's author."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "clean", root, ignore=shutil.ignore_patterns("expected*"))
    overlay = root / "toolkits/regions/north/intro.md"
    overlay.write_text(overlay.read_text(encoding="utf-8") + "\n::: fil\nx\n:::\n", encoding="utf-8")
    [line] = [line for line in run_glocal("-C", root, "check").out.splitlines() if "GL108" in line]
    listed = line.split("expected one of ")[1].split(" (hint")[0].split(", ")
    assert "fill" in listed and "slot" not in listed and "facilitator" in listed
    assert line.endswith("(hint: did you mean 'fill'?)")
