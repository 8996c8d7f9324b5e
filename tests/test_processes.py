"""Worker processes end with the run that started them, however it ends (SIGTERM, SIGKILL)."""

from __future__ import annotations

import ast
import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import copy_sample

SRC = Path(__file__).resolve().parent.parent / "src" / "glocal"


def _alive(pid: int) -> bool:
    """Running: not gone, and not a zombie left for its new parent to reap."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found.update(int(child) for child in (task / "children").read_text().split())
        except OSError:
            continue
    return found


@contextlib.contextmanager
def _run_printing_its_workers(script: str) -> Iterator[tuple[subprocess.Popen, list[int]]]:
    """`script` run apart, and the worker pids it prints on its first line; afterwards, whatever
    is left running is killed: the workers first (they hold the run's stdout open)."""
    run = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    workers: list[int] = []
    try:
        assert run.stdout is not None
        workers += [int(pid) for pid in run.stdout.readline().split()]
        yield run, workers
    finally:
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        if run.poll() is None:
            run.kill()
        run.communicate()


def _wait_until(condition, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM], ids=lambda s: s.name)
def test_a_pools_workers_end_when_the_run_that_started_them_is_killed(stop):
    script = textwrap.dedent(
        """
        import time
        from glocal.processes import fork_pool

        pool = fork_pool(2)
        futures = [pool.submit(time.sleep, 600) for _ in range(2)]
        time.sleep(0.5)
        print(" ".join(str(pid) for pid in pool._processes), flush=True)
        time.sleep(600)
        """
    )
    with _run_printing_its_workers(script) as (run, workers):
        assert len(workers) == 2 and all(_alive(pid) for pid in workers)
        run.send_signal(stop)
        run.wait(timeout=10)
        assert _wait_until(lambda: not any(_alive(pid) for pid in workers), 5), "workers outlived the run"


def test_a_build_stopped_by_sigterm_leaves_no_worker_behind(tmp_path: Path):
    project = copy_sample(tmp_path / "sample")
    run = subprocess.Popen(
        [sys.executable, "-m", "glocal", "-C", str(project), "build", "-j", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    try:
        assert _wait_until(lambda: len(_children(run.pid)) >= 2 or run.poll() is not None, 60)
        workers = _children(run.pid)
        assert len(workers) >= 2, "the build started its workers"
        run.send_signal(signal.SIGTERM)
        run.wait(timeout=10)
        assert _wait_until(lambda: not any(_alive(pid) for pid in workers), 5), "workers outlived the build"
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_worker_pools_are_made_only_by_glocal_processes():
    """`check`, `build` and `pack` get their pools from `fork_pool`, so every pool's workers watch
    for the end of their run: no other module makes a ProcessPoolExecutor itself."""
    makers = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "processes.py" and path.parent == SRC:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = (
                    node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                )
                if name == "ProcessPoolExecutor":
                    makers.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert makers == []
    uses = {
        p.relative_to(SRC).as_posix()
        for p in SRC.rglob("*.py")
        if "fork_pool(" in p.read_text(encoding="utf-8")
    }
    assert {"pipeline/checking.py", "pipeline/building.py", "packs/documents.py"} <= uses


def _pid_and_square(shared: dict, item: int) -> tuple[int, int, str]:
    return os.getpid(), item * item, shared["name"]


def test_forked_map_keeps_the_order_and_never_pickles_what_it_shares():
    from glocal.processes import forked_map

    shared = {"name": "project", "lock": threading.Lock()}  # a lock cannot be pickled
    items = list(range(7))
    results = forked_map(_pid_and_square, shared, items, 3)
    assert [(square, name) for _, square, name in results] == [(i * i, "project") for i in items]
    assert os.getpid() not in {pid for pid, _, _ in results}
    alone = forked_map(_pid_and_square, shared, items, 1)
    assert {pid for pid, _, _ in alone} == {os.getpid()}
    assert forked_map(_pid_and_square, shared, [], 3) == []


@pytest.mark.parametrize("ended_early", [True, False])
def test_a_workers_warm_up_folder_is_removed_even_when_it_is_ended_while_warming(
    tmp_path, monkeypatch, ended_early
):
    """A build with nothing to build ends the workers it forked ahead while they warm up
    (`stop_warming`); each left its `glocal-warm-*` folder in the temporary folder (473 of them
    here after a day of builds and tests)."""
    import tempfile

    from glocal.pipeline.workers import stop_warming, warm_up
    from glocal.processes import fork_pool

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the workers fork with it
    pool = fork_pool(1, initializer=warm_up)
    done = pool.submit(os.getpid)
    deadline = time.monotonic() + 30
    while not list(tmp_path.glob("glocal-warm-*")) and not done.done() and time.monotonic() < deadline:
        time.sleep(0.01)
    if ended_early:
        assert list(tmp_path.glob("glocal-warm-*")), "the worker never started warming"
        stop_warming(pool)
    pool.shutdown(wait=True, cancel_futures=True)
    assert not list(tmp_path.glob("glocal-warm-*"))


def test_a_worker_ended_just_as_it_makes_its_warm_up_folder_removes_it(tmp_path, monkeypatch):
    """The SIGTERM that ends it may come between the folder being made and its handler being set
    (a full test run once left a folder so): the signal waits until the handler is there."""
    import tempfile

    from glocal.pipeline.workers import stop_warming, warm_up
    from glocal.processes import fork_pool

    made_temporary, made = tempfile.mkdtemp, Path.mkdir

    def slowly(*args, **kwargs):  # however the folder is made: ended right after, surely
        folder = made_temporary(*args, **kwargs)
        time.sleep(2)
        return folder

    def slowly_here(self, *args, **kwargs):
        made(self, *args, **kwargs)
        if self.name.startswith("glocal-warm-"):
            time.sleep(2)

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the workers fork with all three
    monkeypatch.setattr(tempfile, "mkdtemp", slowly)
    monkeypatch.setattr(Path, "mkdir", slowly_here)
    pool = fork_pool(1, initializer=warm_up)
    pool.submit(os.getpid)
    assert _wait_until(lambda: list(tmp_path.glob("glocal-warm-*")), 30), "the worker never made its folder"
    stop_warming(pool)
    pool.shutdown(wait=True, cancel_futures=True)
    assert not list(tmp_path.glob("glocal-warm-*"))


def test_a_worker_warming_up_when_its_run_is_killed_removes_its_folder(tmp_path: Path):
    """The run's SIGKILL leaves its workers to end themselves (`exit_with_parent`): one that was
    warming up removes its `glocal-warm-*` folder as when the run ends it."""
    script = textwrap.dedent(
        f"""
        import os, tempfile, time
        tempfile.tempdir = {str(tmp_path)!r}
        from glocal.build import sites
        from glocal.pipeline.workers import warm_up
        from glocal.processes import fork_pool

        sites.warm_up = lambda work: time.sleep(600)  # killed while warming, surely
        pool = fork_pool(1, initializer=warm_up)
        pool.submit(os.getpid)
        while not list(__import__("pathlib").Path({str(tmp_path)!r}).glob("glocal-warm-*")):
            time.sleep(0.01)
        print(" ".join(str(pid) for pid in pool._processes), flush=True)
        time.sleep(600)
        """
    )
    with _run_printing_its_workers(script) as (run, workers):
        assert workers and list(tmp_path.glob("glocal-warm-*"))
        run.kill()
        run.wait(timeout=10)
        assert _wait_until(lambda: not any(_alive(pid) for pid in workers), 5), "workers outlived the run"
        assert not list(tmp_path.glob("glocal-warm-*"))
