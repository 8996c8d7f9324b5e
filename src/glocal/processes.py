"""Worker processes that never outlive the run that started them.

`check`, `build` and `pack` hand work to forked worker processes (they inherit what the run has
loaded). A worker waits for its next task on a pipe it shares with its siblings, so it does not
see the end of the run that started it: when that run was stopped by SIGTERM (a CI job
cancelled, `timeout`, a process manager) or SIGKILL, its workers went on waiting for ever, each
holding MkDocs or WeasyPrint and what it had loaded (Ctrl+C reaches the whole process group, so
it stops them too). Each worker now watches for that and ends itself.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

#: How often a worker looks whether the process that started it is still there (seconds).
WATCH_SECONDS = 0.5


def fork_pool(workers: int, initializer: Callable[[], None] | None = None) -> ProcessPoolExecutor:
    """A pool of `workers` forked processes that end when this process ends, however it ends.
    `initializer` runs in each of them first (as `ProcessPoolExecutor`'s does)."""
    context = multiprocessing.get_context("fork")
    return ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(os.getpid(), initializer)
    )


def forked_map(
    function: Callable[[S, T], R], shared: S, items: Iterable[T], workers: int | None = None
) -> list[R]:
    """`[function(shared, item) for item in items]`, in up to `workers` forked processes (None:
    one per core; in this one when that is one, or there is one item). `shared` (a loaded
    project, say) reaches them by the fork, never pickled; `function` must be a module's (it is
    pickled by name); the results come back in the items' order."""
    items = list(items)
    size = min(workers or os.cpu_count() or 1, len(items))
    if size <= 1:
        return [function(shared, item) for item in items]
    global _SHARED
    _SHARED = shared
    try:
        with fork_pool(size) as pool:
            return list(pool.map(_call_shared, [function] * len(items), items))
    finally:
        _SHARED = None


_SHARED: Any = None  # what `forked_map`'s workers were forked with


def _call_shared(function: Callable[[Any, Any], Any], item: Any) -> Any:
    return function(_SHARED, item)


def _start_worker(parent: int, initializer: Callable[[], None] | None) -> None:
    exit_with_parent(parent)
    if initializer is not None:
        initializer()


def exit_with_parent(parent: int) -> None:
    """End this process soon after the process `parent` ends: an orphan is adopted by another
    process (init, or a subreaper), so its parent's id changes."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_SECONDS)
        # as a run stopped by `stop_warming` is: a worker's own SIGTERM handler (its warm-up
        # folder's removal) runs, else the signal ends it; nobody is left to take a result
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(WATCH_SECONDS)
        os._exit(1)  # no cleanup may wait on the pipes

    threading.Thread(target=watch, name="glocal-exit-with-parent", daemon=True).start()
