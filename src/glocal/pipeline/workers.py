"""What a build's worker processes run: their warm-up, and one site built with MkDocs into the
build's staging copy. They are forked by `building` (`glocal.processes.fork_pool`) and handed
each site's staged project; nothing of the parent's state is needed beyond what they are sent."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from glocal.diagnostics import Span
from glocal.pipeline import output

if TYPE_CHECKING:
    from glocal.build import sites

#: In the staging folder while sites are built: one hard link per distinct static file the sites
#: copy (theme scripts, stylesheets, images), which the next sites link to instead of copying.
SHARED_COPIES = ".glocal-shared"
#: How much lower the workers' priority is than the process that checks and hands sites over.
WORKER_NICENESS = 5


def warm_up() -> None:
    """A worker's start: below the priority of the process that forked it (so the check that
    feeds it goes first), then warm (see `sites.warm_up`) in a folder of its own, which it
    removes even when it is ended while warming (`stop_warming`'s SIGTERM: such folders were
    left behind in the temporary folder, one for most builds with nothing to build)."""
    from glocal.build import sites

    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)
    # named first, made after the handler is set: ended at any point, the worker removes it (made
    # first, a SIGTERM before the handler left it: seen once in a full test run)
    folder = Path(tempfile.gettempdir()) / f"glocal-warm-{os.getpid()}-{secrets.token_hex(4)}"

    def ended(signum: int, frame: object) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        os._exit(0)

    previous = signal.signal(signal.SIGTERM, ended)
    try:
        folder.mkdir(mode=0o700)
        sites.warm_up(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        signal.signal(signal.SIGTERM, previous)


def stop_warming(pool: ProcessPoolExecutor) -> None:
    """End workers that were forked ahead and have nothing to build, instead of waiting for them
    to finish warming up."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()


def build_one(
    key: str, config_file: str, staging: str, previous: str, where: Span, config: dict | None = None
) -> sites.SiteBuild:
    """One site: MkDocs into the staging copy, unchanged files relinked to the previous output's
    (its region's download zips are written once all the region's sites are built)."""
    from glocal.build import sites

    target = Path(staging) / key
    fresh = Path(staging) / f".{key.replace('/', '-')}-fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    shared = Path(staging) / SHARED_COPIES
    built = sites.build_staged(key, Path(config_file), fresh, where, config=config, shared=shared)
    if not built.ok:
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(target, ignore_errors=True)
        return built
    output.keep_unchanged(fresh, Path(previous) / key)
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(fresh, target)
    return built
