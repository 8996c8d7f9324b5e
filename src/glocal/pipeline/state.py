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
from pathlib import Path

from glocal import toolchain
from glocal.fsutil import write_text_atomic

FORMAT = 1
CACHE_DIR = Path(".glocal") / "cache"

#: Folders a project's inputs live in (everything Glocal reads for check and build).
INPUT_FOLDERS = ("curriculum", "toolkits", "locales")
_ENV_TAG = re.compile(r"!ENV\s+\[?\s*([A-Za-z_][A-Za-z0-9_]*(?:\s*,\s*[A-Za-z_][A-Za-z0-9_]*)*)")


def inputs_fingerprint(root: Path, *options: str) -> str:
    """A hash of every input of a check or build of the project at `root`, and of `options`."""
    digest = hashlib.sha256()
    digest.update(f"{FORMAT}\0{toolchain.versions()}\0{toolchain.package_digest()}\0".encode())
    digest.update(("\0".join(options) + "\0").encode())
    digest.update(f"SOURCE_DATE_EPOCH={os.environ.get('SOURCE_DATE_EPOCH', '')}\0".encode())
    files = [p for p in sorted(root.glob("*.y*ml")) if p.is_file()]
    for folder in INPUT_FOLDERS:
        if (root / folder).is_dir():
            files += sorted(p for p in (root / folder).rglob("*") if p.is_file() or p.is_symlink())
    files += _theme_files(root)
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        try:
            data = path.read_bytes()
        except OSError as exc:  # a dangling link, a file that vanished: part of the state too
            data = f"<unreadable: {type(exc).__name__}>".encode()
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
        if path.suffix in (".yml", ".yaml"):
            for names in _ENV_TAG.findall(data.decode("utf-8", "replace")):
                for name in re.split(r"\s*,\s*", names):
                    digest.update(f"{name}={os.environ.get(name, '')}\0".encode())
    return digest.hexdigest()


def _theme_files(root: Path) -> list[Path]:
    """A `theme: custom_dir:` folder outside the input folders (found by reading mkdocs.yml loosely)."""
    try:
        text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    found = []
    for match in re.finditer(r"^\s*custom_dir\s*:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(?:#.*)?$", text, re.M):
        folder = (root / match.group(1)).resolve()
        if folder.is_dir() and folder.is_relative_to(root.resolve()):
            found += sorted(p for p in folder.rglob("*") if p.is_file())
    return found


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
