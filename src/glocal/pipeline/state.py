"""What the last run knew, kept under `.glocal/cache/`, so a run with nothing changed does nothing.

Everything is keyed by content: a hash of every input file, of Glocal's own files and of the
versions of the tools that shape a page. A state file is plain JSON and is used only when it was
written by this Glocal for this project and its inputs; a corrupted, foreign or stale one is
ignored (and overwritten by the next run), never trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from glocal import fsutil, toolchain
from glocal.fsutil import CLOCK_LAG_NS, write_text_atomic

FORMAT = 1
T = TypeVar("T")
CACHE_DIR = Path(".glocal") / "cache"

#: Folders a project's inputs live in (everything Glocal reads for check and build).
INPUT_FOLDERS = ("curriculum", "toolkits", "locales")
_ENV_TAG = re.compile(r"!ENV\s+\[?\s*([A-Za-z_][A-Za-z0-9_]*(?:\s*,\s*[A-Za-z_][A-Za-z0-9_]*)*)")


def inputs_fingerprint(root: Path, *options: str) -> str:
    """A hash of every input of a check or build of the project at `root`, and of `options`.

    Each file is keyed by a hash of its content. As git's index does, the content hash of a
    file whose size, inode and modification time are those recorded last time is taken from the
    record instead of being computed again, unless the file changed too recently to tell.
    """
    return _fingerprint(root, options)[0]


def fingerprint_meanwhile(root: Path, work: Callable[[], T]) -> tuple[T, str | None]:
    """`work()`, which reads the project's inputs, while another process takes their fingerprint
    (a first run has every file to hash, and nothing to replay that would need it sooner).

    The fingerprint must not describe anything newer than what `work` read: it is None when any
    input file or folder changed (its ctime, which nobody can set back) since just before `work`
    began, or the project folder since then at all (a file added or removed at the top), or
    when it could not be taken. Nothing may then be saved under it."""
    import multiprocessing

    with contextlib.suppress(OSError):  # made now, not by the other process: the project folder
        (root / CACHE_DIR).mkdir(parents=True, exist_ok=True)  # itself must not change meanwhile
    before = _changed(root)
    began = time.time_ns()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_fingerprint_into, args=(send, root), daemon=True)
    child.start()
    send.close()
    try:
        # a change made once `work` begins is dated `began` or later, even by a clock a tick behind
        time.sleep(CLOCK_LAG_NS / 1e9)
        result = work()
        try:
            found = receive.recv()
        except (EOFError, OSError):  # the other process died
            found = None
    except BaseException:
        child.terminate()
        raise
    finally:
        receive.close()
        child.join()
    if not isinstance(found, tuple):
        return result, None
    inputs, latest, folder = found
    return result, inputs if latest < began and folder == before else None


def _fingerprint_into(send, root: Path) -> None:
    """`fingerprint_meanwhile`'s other process: the fingerprint, or None if it failed."""
    try:
        found: tuple[str, int, int] | None = (*_fingerprint(root, ()), _changed(root))
    except Exception:  # noqa: BLE001 - reported as "no fingerprint": the run is then not remembered
        found = None
    send.send(found)
    send.close()


def _fingerprint(root: Path, options: tuple[str, ...]) -> tuple[str, int]:
    """The fingerprint, and the latest change (ctime, ns) of an input file or folder (but the
    project folder: see `fingerprint_meanwhile`)."""
    latest = [0]
    digest = hashlib.sha256()
    digest.update(f"{FORMAT}\0{toolchain.versions()}\0{toolchain.package_digest()}\0".encode())
    digest.update(("\0".join(options) + "\0").encode())
    digest.update(f"SOURCE_DATE_EPOCH={os.environ.get('SOURCE_DATE_EPOCH', '')}\0".encode())
    files: list[tuple[str, Path]] = []
    for path in sorted(root.glob("*.y*ml")):
        if fsutil.inside(root, path) and fsutil.exists(path, "file"):
            files.append((path.name, path))
        elif fsutil.exists(path, "link"):  # a link out of the project: its name and target only
            digest.update(f"{path.name}\0-> {_link_target(path)}\0".encode())
    configs = _config_files(root)
    files += [(path.relative_to(root).as_posix(), path) for path in configs[1:] if path.parent != root]
    for folder in [*(root / name for name in INPUT_FOLDERS), *_theme_folders(root, configs)]:
        walk = fsutil.walk_contained(root, folder)
        latest += [_changed(found) for found in walk.folders]
        prefix = folder.relative_to(root).as_posix() if folder.is_relative_to(root) else folder.name
        files += [(f"{prefix}/{name}", path) for name, path in walk.files]
        for name in walk.escaping:  # never opened: only the link itself is part of the state
            digest.update(f"{name}\0-> {_link_target(root / name)}\0".encode())
    known = read_state(root, FILES) or {}
    now = time.time_ns()
    hashes: dict[str, list] = {}
    for name, path in files:
        found = _content_hash(path, known.get(name), now, hashes, name, latest)
        digest.update(name.encode() + b"\0" + found + b"\0")
        if path.suffix in (".yml", ".yaml"):
            for names in _ENV_TAG.findall(_head(path)):
                for env in re.split(r"\s*,\s*", names):
                    digest.update(f"{env}={os.environ.get(env, '')}\0".encode())
    if hashes != known:
        write_state(root, FILES, "", hashes)
    return digest.hexdigest(), max(latest)


def _changed(path: Path) -> int:
    try:
        return path.stat().st_ctime_ns
    except OSError:
        return 0


FILES = "files"
RACY_NS = 2_000_000_000  # a file modified this recently may change again within the same mtime


def _content_hash(path: Path, known: object, now: int, hashes: dict, name: str, latest: list[int]) -> bytes:
    try:
        stat = path.stat()
    except OSError as exc:  # a dangling link, a file that vanished: part of the state too
        return f"<unreadable: {type(exc).__name__}>".encode()
    latest.append(stat.st_ctime_ns)
    key = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
    settled = now - stat.st_mtime_ns > RACY_NS
    if settled and isinstance(known, list) and len(known) == 4 and known[:3] == key:
        recorded = known[3]
        if isinstance(recorded, str):
            hashes[name] = known
            return recorded.encode()
    try:
        found = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        return f"<unreadable: {type(exc).__name__}>".encode()
    if settled:
        hashes[name] = [*key, found]
    return found.encode()


#: `INHERIT: base.yml` and `custom_dir: overrides`, block or flow style (`theme: {custom_dir: x}`).
_INHERIT = re.compile(r"^\s*INHERIT\s*:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(?:#.*)?$", re.M)
_CUSTOM_DIR = re.compile(r"(?:^|[\s{,])custom_dir\s*:\s*['\"]?([^'\",}#\n]+?)['\"]?\s*(?=[,}#\n]|$)", re.M)
MAX_INHERIT = 10


def _config_files(root: Path) -> list[Path]:
    """mkdocs.yml and the files it `INHERIT`s (each relative to the file naming it), inside the
    project: an edit to an inherited theme changes every site, as an edit to mkdocs.yml does."""
    found: list[Path] = []
    path = root / "mkdocs.yml"
    while len(found) < MAX_INHERIT and path not in found:
        if not (fsutil.inside(root, path) and fsutil.exists(path, "file")):
            break
        found.append(path)
        named = _INHERIT.search(_head(path))
        if named is None:
            break
        path = path.parent / named.group(1).strip()
    return found


def _theme_folders(root: Path, configs: list[Path]) -> list[Path]:
    """A `theme: custom_dir:` folder outside the input folders (found by reading the config files
    loosely)."""
    found = []
    for config in configs:
        for match in _CUSTOM_DIR.finditer(_head(config)):
            folder = config.parent / match.group(1).strip()
            if fsutil.exists(folder, "dir") and fsutil.inside(root, folder) and folder not in found:
                found.append(folder)
    return found


#: How much of a YAML file is read for `!ENV` tags and `custom_dir` (a config is far smaller).
HEAD_BYTES = 1024 * 1024


def _head(path: Path) -> str:
    """The start of the regular file at `path`, decoded loosely; "" when it is not one."""
    try:
        if not path.is_file():
            return ""
        with path.open("rb") as handle:
            return handle.read(HEAD_BYTES).decode("utf-8", "replace")
    except (OSError, ValueError):
        return ""


def _link_target(path: Path) -> str:
    try:
        return os.readlink(path)
    except (OSError, ValueError):
        return "<unreadable>"


def tree_digest(folder: Path) -> str:
    """Names, sizes and modification times of every file under `folder`: cheap, and it changes when
    anyone writes, removes or adds a file there."""
    digest = hashlib.sha256()
    if not folder.is_dir():
        return ""
    for current, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(current, name)
            stat = os.lstat(path)
            relative = os.path.relpath(path, folder)
            digest.update(f"{relative}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def state_path(root: Path, name: str) -> Path:
    return root / CACHE_DIR / f"{name}.json"


def read_state(root: Path, name: str, key: str | None = None) -> dict | None:
    """The state saved under `name` when this Glocal wrote it for this project (and for `key`, when
    given); else None."""
    try:
        data = json.loads(state_path(root, name).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    if data.get("project") != str(root) or not isinstance(data.get("data"), dict):
        return None
    if data.get("versions") != toolchain.versions() or (key is not None and data.get("key") != key):
        return None
    return data["data"]


def write_state(root: Path, name: str, key: str, data: dict) -> None:
    """Save `data` under `name` for this project (`key`: what it is valid for, "" for always)."""
    path = state_path(root, name)
    record = {
        "format": FORMAT,
        "project": str(root),
        "versions": toolchain.versions(),
        "key": key,
        "data": data,
    }
    with contextlib.suppress(OSError):  # a cache that cannot be written only costs time next run
        write_text_atomic(path, json.dumps(record, ensure_ascii=False, separators=(",", ":")))
