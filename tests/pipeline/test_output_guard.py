"""`--out` never replaces sources or someone else's folder; one writing run at a time (issue 10)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, run_glocal
from glocal.pipeline import output


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    shutil.copytree(FIXTURES / "golden-site" / "project", folder)
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize(
    "out",
    [
        ".",
        "..",
        "curriculum",
        "curriculum/modules",
        "curriculum/modules/intro.md",
        "locales",
        ".glocal",
        "mkdocs.yml",
    ],
)
def test_out_in_the_sources_or_over_the_project_is_gl408_and_nothing_is_written(root: Path, out: str):
    before = snapshot(root)
    result = run_glocal("-C", root, "build", "--out", out)
    assert result.code == 2
    assert "GL408" in result.err
    after = snapshot(root)
    assert {k: v for k, v in after.items() if not k.startswith(".glocal/")} == {
        k: v for k, v in before.items() if not k.startswith(".glocal/")
    }


def test_a_foreign_non_empty_folder_is_refused_an_empty_or_own_one_is_not(root: Path, tmp_path: Path):
    foreign = tmp_path / "www"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("someone's work\n", encoding="utf-8")
    refused = run_glocal("-C", root, "build", "--out", foreign)
    assert refused.code == 2 and "GL408" in refused.err and "did not create" in refused.err
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "someone's work\n"

    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_glocal("-C", root, "build", "--out", empty).code == 0
    assert (empty / output.MARKER).is_file() and (empty / "index.html").is_file()
    (root / "curriculum" / "modules" / "intro.md").write_text(
        (root / "curriculum" / "modules" / "intro.md").read_text(encoding="utf-8") + "\nMore.\n",
        encoding="utf-8",
    )
    assert run_glocal("-C", root, "build", "--out", empty).code == 0  # its own output: replaced


def test_pack_out_in_the_sources_is_gl408(root: Path):
    result = run_glocal("-C", root, "pack", "global/en", "--roster", "r.csv", "--out", "toolkits")
    assert result.code == 2 and "GL408" in result.err
    # a pack only adds its zip: it would not "replace" the project, it is refused for being in it
    itself = run_glocal("-C", root, "pack", "global/en", "--roster", "r.csv", "--out", ".")
    assert itself.code == 2 and "error GL408: --out . is the project itself, or holds it" in itself.err
    built = run_glocal("-C", root, "build", "--out", ".")
    assert "error GL408: --out . would replace the project itself" in built.err


def test_stale_staging_folders_are_removed_by_the_next_build(root: Path):
    stale = [root / ".site-new-k1ll3d", root / ".site-old-k1ll3d"]
    for folder in stale:
        (folder / "global").mkdir(parents=True)
    assert run_glocal("-C", root, "build").code == 0
    assert not any(folder.exists() for folder in stale)
    assert (root / "site" / "index.html").is_file()


def test_a_second_run_says_who_holds_the_lock_and_waits(root: Path):
    with output.project_lock(root, "build"):
        busy = pytest.raises(output.Busy, match=rf"`glocal build` \(process {os.getpid()}, started ")
        with busy, output.project_lock(root, "pack", wait=False):
            pass
        second = subprocess.Popen(
            [sys.executable, "-m", "glocal", "-C", str(root), "build", "--out", "second"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        # until the second run says it waits (stderr is line-buffered), not for a fixed time: a
        # run that had not reached the lock yet when it was released would never wait at all
        watchdog = threading.Timer(120, second.kill)  # EOF ends the loop if it never says so
        watchdog.start()
        said: list[str] = []
        assert second.stderr is not None
        for line in second.stderr:
            said.append(line)
            if "waiting for" in line:
                break
        watchdog.cancel()
        assert said and f"waiting for `glocal build` (process {os.getpid()}" in said[-1], said
        time.sleep(0.2)  # it goes on waiting: a run that went on would have taken the lock record
        holder = json.loads((root / output.LOCK).read_text(encoding="utf-8"))
        assert holder["pid"] == os.getpid(), f"the second build did not wait: {holder}"
        assert second.poll() is None, "the second build did not wait"
        assert not (root / "second").exists()
    _, rest = second.communicate(timeout=120)
    assert second.returncode == 0, "".join(said) + rest
    assert (root / "second" / "index.html").is_file()
