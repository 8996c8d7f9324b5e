"""The `glocal` command and `python -m glocal` run `cli.run_and_exit`: `main`'s exit code, with
what is left in memory frozen out of the garbage collector before the interpreter's last
collection (it walked the whole heap: 0.22-0.27 s at the end of a cold build of the sample)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO

# Runs `python -m glocal ARGS` as the interpreter would, after an exit handler that reports how
# many objects are frozen when the interpreter exits (exit handlers run last-registered first, so
# this one runs after every handler Glocal's run registers, just before the last collection).
PROBE = """
import atexit, gc, runpy, sys
atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count(), file=sys.stderr))
sys.argv = ["glocal", *sys.argv[1:]]
runpy.run_module("glocal", run_name="__main__", alter_sys=True)
"""


def _frozen_at_exit(stderr: str) -> int:
    lines = [line for line in stderr.splitlines() if line.startswith("frozen at exit:")]
    assert len(lines) == 1, stderr
    return int(lines[0].split(":")[1])


@pytest.mark.parametrize(("fixture", "code"), [("clean", 0), ("duplicate-module-id", 1)])
def test_python_m_glocal_exits_with_mains_code_and_freezes_what_is_left(
    fixture: str, code: int, tmp_path: Path
):
    expected = int((FIXTURES / fixture / "expected_exit").read_text().strip())
    assert expected == code
    project = shutil.copytree(FIXTURES / fixture, tmp_path / fixture)  # check writes .glocal/ in it
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "-C", str(project), "check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == code, done.stderr
    assert _frozen_at_exit(done.stderr) > 10_000, "the heap was left to the last collection"


def test_a_usage_error_exits_2_the_same_way(tmp_path: Path):
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "-C", str(tmp_path / "missing"), "check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and "no such folder" in done.stderr, done.stderr
    assert _frozen_at_exit(done.stderr) > 0


def test_the_installed_command_is_run_and_exit():
    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert declared["glocal"] == "glocal.cli:run_and_exit"
    installed = metadata.entry_points(group="console_scripts", name="glocal")
    assert [entry.value for entry in installed] == ["glocal.cli:run_and_exit"]
