"""Where Glocal may write its output, and one run at a time per project.

A build replaces its whole output folder, so `--out` must never name the project, a folder of
its sources, or a folder of someone else's files: Glocal writes a marker file into every output
folder it makes, and replaces only an empty folder, a folder with that marker, or the folder its
own last build record names. Runs that write (build, pack) hold an exclusive lock on
`.glocal/lock`; a second run says who holds it and waits. Staging folders a killed run left
beside the output (`.site-new-*`, `.site-old-*`) are removed by the next run, under the lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from glocal.diagnostics import Diagnostic, Span
from glocal.fsutil import link_or_copy

#: The file that says "Glocal made this folder" in every output folder.
MARKER = ".glocal-output"
LOCK = Path(".glocal") / "lock"
#: Folders of a project that are its sources or Glocal's own records: never an output.
SOURCES = ("curriculum", "toolkits", "locales", ".glocal", ".git")


def refusal(
    root: Path, out: Path, option: str = "--out", built_here: bool = False, replaced: bool = True
) -> Diagnostic | None:
    """GL408 when `out` may not be replaced by a build's output (None when it may).

    `built_here`: the project's last build wrote to `out` (its record says so), so an output
    folder from before the marker existed is still recognised. `replaced=False`: files are only
    added to `out` (a pack), so any folder outside the sources will do.
    """
    root, out = Path(root).resolve(), Path(out).resolve()
    shown = _shown(root, out)
    problem = None
    if out == root or root.is_relative_to(out):
        what = "would replace the project itself" if replaced else "is the project itself, or holds it"
        problem = f"{option} {shown} {what}"
    elif out.is_relative_to(root) and out.relative_to(root).parts[0] in SOURCES:
        problem = f"{option} {shown} is inside the project's sources ({out.relative_to(root).parts[0]}/)"
    elif out.is_relative_to(root) and out.relative_to(root).parts[0] in ("mkdocs.yml",):
        problem = f"{option} {shown} is a project file"
    elif out.exists() and not out.is_dir():
        problem = f"{option} {shown} is a file, not a folder"
    elif replaced and out.is_dir() and not built_here and not (out / MARKER).is_file() and _has_entries(out):
        problem = f"{option} {shown} is a folder Glocal did not create, and it is not empty"
    if problem is None:
        return None
    return Diagnostic(
        "GL408",
        problem,
        Span(shown),
        hint=f"name a new or empty folder, or one a previous `glocal build` wrote (it holds a {MARKER} file)",
    )


def mark(folder: Path) -> None:
    """Say that Glocal made `folder` (an output folder about to be swapped in)."""
    text = "This folder is written by `glocal build`; the next build replaces all of it.\n"
    path = folder / MARKER
    if not (path.is_file() and path.read_text(encoding="utf-8") == text):  # unchanged: same mtime
        path.unlink(missing_ok=True)  # a hard link to the previous output's: never written through
        path.write_text(text, encoding="utf-8")


def _has_entries(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return any(True for _ in entries)
    except OSError:
        return True


def _shown(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def clean_stale(out: Path) -> list[Path]:
    """Remove the staging and old copies a killed run left beside `out`; returns what it removed."""
    out = Path(out)
    removed: list[Path] = []
    if not out.parent.is_dir():
        return removed
    for kind in ("new", "old"):
        for stale in sorted(out.parent.glob(f".{out.name}-{kind}-*")):
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale, ignore_errors=True)
                removed.append(stale)
    return removed


@contextlib.contextmanager
def project_lock(root: Path, command: str, wait: bool = True) -> Iterator[None]:
    """Hold the project's lock for `command`. When another run holds it, say who (its command,
    process id and start time) on stderr and wait for it (or raise `Busy` if not `wait`)."""
    path = Path(root) / LOCK
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(path)
            if not wait:
                raise Busy(holder) from None
            print(f"glocal: waiting for {holder} to finish", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            handle.seek(0)
            handle.truncate()
            record = {"command": command, "pid": os.getpid(), "started": time.strftime("%Y-%m-%d %H:%M:%S")}
            handle.write(json.dumps(record) + "\n")
            handle.flush()
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


class Busy(Exception):
    """Another run holds the project's lock."""


def _holder(path: Path) -> str:
    try:
        record = json.loads(path.read_text(encoding="utf-8") or "{}")
        return f"`glocal {record['command']}` (process {record['pid']}, started {record['started']})"
    except (OSError, ValueError, KeyError, TypeError):
        return "another glocal run on this project"


def start_staging(out: Path) -> Path:
    """A hard-linked copy of the previous output beside it (or an empty folder)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}-new-"))
    if out.is_dir():
        # hard links: cheap, and every folder rebuilt is removed from the copy first, so no
        # previous file is ever written through
        shutil.rmtree(staging)
        shutil.copytree(out, staging, copy_function=link_or_copy, symlinks=True)
    staging.chmod(0o755)  # mkdtemp makes it private; a site folder is meant to be served
    return staging


def keep_unchanged(fresh: Path, previous: Path) -> bool:
    """Replace each file of `fresh` whose bytes equal the previous output's by a link to that file
    (so its mtime stays). True when anything differs, was added or was removed."""
    changed = False
    seen = set()
    for path in fresh.rglob("*"):
        if not path.is_file():
            continue
        relative = path.relative_to(fresh)
        seen.add(relative)
        old = previous / relative
        try:
            same = (
                old.is_file()
                and old.stat().st_size == path.stat().st_size
                and old.read_bytes() == path.read_bytes()
            )
        except OSError:
            same = False
        if same:
            path.unlink()
            link_or_copy(str(old), str(path))
        else:
            changed = True
    if previous.is_dir() and not changed:
        changed = any(p.is_file() and p.relative_to(previous) not in seen for p in previous.rglob("*"))
    return changed or not previous.is_dir()


def leftovers(folder: Path, sites: set[str]) -> list[Path]:
    """What an earlier build wrote into the output `folder` for sites the project no longer has (a
    region or language removed or renamed): each such site's folder (one with a home page and the
    theme's assets, as every built site has) and offline zip (one that carries Glocal's zip
    comment). A cold build would not write them, so a build removes them; a file a person put
    there (`CNAME`, `mine.zip`) is none of these and is left alone."""
    from glocal.build import downloads

    found: list[Path] = []
    if not folder.is_dir():
        return found
    for region in sorted(p for p in folder.iterdir() if p.is_dir() and not p.is_symlink()):
        if region.name == "downloads" or region.name.startswith("."):
            continue
        for language in sorted(p for p in region.iterdir() if p.is_dir() and not p.is_symlink()):
            key = f"{region.name}/{language.name}"
            if key not in sites and (language / "index.html").is_file() and (language / "assets").is_dir():
                found.append(language)
    names = {downloads.zip_name(key) for key in sites}
    zips = folder / "downloads"
    for path in sorted(zips.glob("*.zip")) if zips.is_dir() else []:
        if path.name not in names and path.is_file() and not path.is_symlink() and _glocal_zip(path):
            found.append(path)
    return found


def _glocal_zip(path: Path) -> bool:
    import zipfile

    from glocal.build import downloads

    try:
        with zipfile.ZipFile(path) as archive:
            return archive.comment.startswith(downloads.FORMAT.encode())
    except (OSError, zipfile.BadZipFile):
        return False


def remove_leftovers(folder: Path, sites: set[str]) -> bool:
    """Remove `leftovers` from `folder` (a region folder left empty goes too); whether any was."""
    found = leftovers(folder, sites)
    for path in found:
        if path.is_dir():
            shutil.rmtree(path)
            with contextlib.suppress(OSError):
                path.parent.rmdir()  # only when empty
        else:
            path.unlink()
    return bool(found)
