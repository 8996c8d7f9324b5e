"""Shared helpers: the sample project, copies of projects, running the CLI in-process."""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from glocal.cli import main

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE_PARTS = ("curriculum", "toolkits", "locales", "mkdocs.yml")


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_glocal(*args) -> Run:
    """`glocal ARGS` in-process with its output captured.

    Usable where capsys is not, e.g. in module-scoped fixtures.
    """
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return Run(code, out.getvalue(), err.getvalue())


@pytest.fixture
def glocal(capsys):
    """Run `glocal ARGS...` in-process and return its exit code and output."""

    def run(*args: str) -> Run:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def copy_sample(dest: Path) -> Path:
    """A copy of the repository's sample program (never build inside the checkout)."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in SAMPLE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, dest / part)
        else:
            shutil.copy2(source, dest / part)
    return dest


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "sample")


@contextlib.contextmanager
def _exclusive(lock: Path) -> Iterator[None]:
    """Hold an exclusive lock on LOCK (a file) across processes: pytest-xdist workers."""
    with open(lock, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _shared(tmp_path_factory, name: str, make) -> Path:
    """A folder made once per test run by `make(folder)` and shared, read-only, by every test.

    Under pytest-xdist the first worker that asks makes it in the run's shared temporary folder
    (the parent of each worker's own), and the others wait for it and reuse it.
    """
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    folder = base / name
    with _exclusive(base / f"{name}.lock"):
        if not (folder / "done").is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            (folder / "done").write_text("made\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory) -> Path:
    """The sample, built once per test run (read-only for tests)."""

    def make(folder: Path) -> None:
        code = main(["-C", str(copy_sample(folder / "sample")), "build"])
        assert code == 0, "the sample must build cleanly"

    return _shared(tmp_path_factory, "built-sample", make) / "sample"


#: The epoch every shared pack is made at (2023-11-14T22:13:20Z), and the pack's file name.
PACK_EPOCH = "1700000000"
SAMPLE_PACK = "vietnam-vi-cohort-vietnam.zip"


@pytest.fixture(scope="session")
def sample_pack(tmp_path_factory) -> Path:
    """A copy of the sample with an issuer key (`glocal keygen`) and its vietnam/vi pack for
    examples/cohort-vietnam.csv in dist/packs/, made once per test run at PACK_EPOCH. Read-only:
    a test that changes the project or the pack works on its own copy."""

    def make(folder: Path) -> None:
        root = copy_sample(folder / "sample")
        roster = REPO / "examples" / "cohort-vietnam.csv"
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SOURCE_DATE_EPOCH", PACK_EPOCH)
            assert main(["-C", str(root), "keygen"]) == 0
            assert main(["-C", str(root), "pack", "vietnam/vi", "--roster", str(roster)]) == 0

    return _shared(tmp_path_factory, "sample-pack", make) / "sample"
