"""Files written safely: atomic writes, a staged output folder swapped in, reproducible zips.

A reader sees the old content or the new, never half.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import shutil
import tempfile
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename it over `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def swap_in(new_dir: Path, target: Path) -> None:
    """Replace the folder `target` by `new_dir` (same file system); the old one is removed after."""
    target = Path(target)
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}-old-"))
        os.rmdir(old)
        os.replace(target, old)
    os.replace(new_dir, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def link_or_copy(source: str, destination: str) -> None:
    """A hard link where the file system allows it (cheap staging), else a copy."""
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def epoch() -> int:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(value) if value.isdigit() else int(time.time())


try:
    from zlib_ng import zlib_ng as _DEFLATE
except ImportError:  # a platform without its wheel: Python's own zlib, slower
    _DEFLATE = zlib  # type: ignore[misc]

#: Deflated members by (content hash, level): files that recur in many zips (a theme's scripts,
#: the project's images) are compressed once per process. Bounded: nothing is added past the cap.
_DEFLATED: dict[tuple[bytes, int], bytes] = {}
_DEFLATED_CAP = 64 * 1024 * 1024
_deflated_size = [0]


def _deflate(data: bytes, level: int) -> bytes:
    """`data` as a raw deflate stream, as zipfile writes a member: by zlib-ng where it is installed
    (a dependency: the same format, about twice as fast at level 6 for 0.15% more bytes), else by
    Python's zlib. Either way the same input gives the same bytes."""
    key = (hashlib.sha1(data).digest(), level)
    found = _DEFLATED.get(key)
    if found is None:
        packer = _DEFLATE.compressobj(level, zlib.DEFLATED, -15)
        found = packer.compress(data) + packer.flush()
        if len(data) >= 4096 and _deflated_size[0] + len(found) <= _DEFLATED_CAP:
            _DEFLATED[key] = found
            _deflated_size[0] += len(found)
    return found


def build_zip(files: dict[str, bytes], when: int, level: int = 9, comment: bytes = b"") -> bytes:
    """A zip with sorted entries, one fixed timestamp and fixed permissions: same input, same bytes.

    Byte for byte what `zipfile` writes for these members; each member's deflated bytes come from
    `_deflate`, so a file already compressed for another zip in this process is not compressed again.
    """
    stamp = time.gmtime(max(when, 315532800))[:6]  # zip cannot store dates before 1980
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.comment = comment
        for name in sorted(files):
            data = files[name]
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            deflated = _deflate(data, level)
            info.file_size, info.compress_size, info.CRC = len(data), len(deflated), zlib.crc32(data)
            if info.file_size >= zipfile.ZIP64_LIMIT or info.compress_size >= zipfile.ZIP64_LIMIT:
                archive.writestr(info, data, compresslevel=level)  # zip64: let zipfile do it
                continue
            # what ZipFile.writestr does, with the member already deflated
            info.header_offset = buffer.tell()
            buffer.write(info.FileHeader(False))
            buffer.write(deflated)
            archive.filelist.append(info)
            archive.NameToInfo[name] = info
            archive.start_dir = buffer.tell()
            archive._didModify = True  # type: ignore[attr-defined]
    return buffer.getvalue()


def write_zip(path: Path, files: dict[str, bytes], when: int, level: int = 9, comment: bytes = b"") -> None:
    write_bytes_atomic(Path(path), build_zip(files, when, level, comment))


def zip_folder(folder: Path, destination: Path, when: int, level: int = 9) -> None:
    """Every file under `folder` as a reproducible zip, inside a top folder named after the zip."""
    folder = Path(folder)
    prefix = destination.stem
    files = {
        f"{prefix}/{path.relative_to(folder).as_posix()}": path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    write_zip(destination, files, when, level)


def read_at_most(handle: BinaryIO, limit: int) -> bytes:
    """What an open file holds, up to `limit + 1` bytes (one past the limit says it is too large).

    Never asks for `limit` bytes at once: a read of n bytes sets n bytes aside first, and 20 MB
    for each of 10,000 small catalogs is most of the time spent reading them. Reads the size the
    file has now plus one byte, and on (to the limit) only when that byte came: it grew, or its
    size is not known (a pipe)."""
    try:
        size = os.fstat(handle.fileno()).st_size
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        size = 0
    data = handle.read(min(size, limit) + 1)
    if size < len(data) <= limit:
        data += handle.read(limit + 1 - len(data))
    return data


def exists(path: Path, kind: str = "any") -> bool:
    """Path.exists / is_file / is_dir (`kind`) that answer False for a name the system refuses
    (too long, a NUL byte) instead of raising: names in content are the author's, not ours."""
    try:
        path = Path(path)
        return {"any": path.exists, "file": path.is_file, "dir": path.is_dir, "link": path.is_symlink}[kind]()
    except (OSError, ValueError):
        return False


def inside(root: Path, path: Path) -> bool:
    """True when `path`, every symbolic link on the way resolved, lies inside the folder `root`."""
    try:
        return Path(path).resolve().is_relative_to(Path(root).resolve())
    except (OSError, RuntimeError, ValueError):  # a link loop, a NUL byte: treat it as outside
        return False


def escaping_link(root: Path, relpath: str) -> str | None:
    """The first symbolic link on `relpath` (a file or one of its folders) that leads outside `root`,
    as a project-relative posix path; None when the whole path stays inside."""
    try:
        base = os.path.abspath(root)
        real_root = _real_root(base)
        if ".." not in relpath and not os.path.isabs(relpath):  # the common case, in one call:
            resolved = os.path.realpath(os.path.join(base, relpath))
            plain = os.path.normpath(os.path.join(real_root, relpath))
            if resolved == plain and _within(resolved, real_root):
                return None  # no link anywhere on the path
        parts = Path(relpath).parts
        candidate = base
        for index, part in enumerate(parts):  # os.path, not pathlib: called for every file read
            candidate = os.path.join(candidate, part)
            if os.path.islink(candidate) and not _within(os.path.realpath(candidate), real_root):
                return Path(*parts[: index + 1]).as_posix()
        if not _within(os.path.realpath(os.path.join(base, relpath)), real_root):  # e.g. `..` in it
            return Path(relpath).as_posix()
    except (OSError, ValueError):  # a NUL byte, a name the system refuses: never opened
        return Path(relpath).as_posix()
    return None


@functools.lru_cache(maxsize=64)
def _real_root(base: str) -> str:
    """The real path of a project folder, found once per run (`escaping_link` is asked about every
    file read: 16,000 at scale). Should the folder itself be re-linked elsewhere meanwhile, paths
    under the new target are not inside this one: they are refused, never let out."""
    return os.path.realpath(base)


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


CLOCK_LAG_NS = 10_000_000  # a file's times come from a clock up to one tick (<= 10 ms) behind

#: Folders `walk_contained` visits at most (links inside the project can multiply the paths).
MAX_WALK_FOLDERS = 10_000
MAX_WALK_DEPTH = 64


@dataclass(frozen=True)
class Walk:
    """What `walk_contained` found: regular files to use, and links that leave the root."""

    files: tuple[tuple[str, Path], ...]  # (posix path relative to the walked folder, path)
    escaping: tuple[str, ...]  # posix paths relative to root of the links that were not followed
    folders: tuple[Path, ...] = ()  # every folder walked (a file added or removed changes one)


def walk_contained(root: Path, folder: Path) -> Walk:
    """Every regular file under `folder`, sorted, following only symbolic links that stay inside
    `root` (never into a folder's own ancestor, so a link loop ends); links that leave `root` are
    listed, not followed."""
    given = Path(os.path.abspath(root))
    root = given.resolve()
    folder = Path(folder)
    files: list[tuple[str, Path]] = []
    escaping: list[str] = []
    folders: list[Path] = []
    budget = [MAX_WALK_FOLDERS]

    def visit(directory: Path, relative: PurePosixPath, ancestors: frozenset[Path]) -> None:
        try:
            real = directory.resolve()
        except (OSError, RuntimeError):
            return
        if real in ancestors or len(relative.parts) > MAX_WALK_DEPTH:
            return
        ancestors = ancestors | {real}
        budget[0] -= 1
        if budget[0] < 0:  # links inside the project can multiply paths: stop rather than hang
            return
        try:
            entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
        except OSError:
            return
        folders.append(directory)
        for entry in entries:
            path = Path(entry.path)
            rel = relative / entry.name
            if entry.is_symlink() and not inside(root, path):
                escaping.append(_relative_to(path, given, root))
                continue
            try:
                if entry.is_dir():
                    visit(path, rel, ancestors)
                elif entry.is_file():
                    files.append((rel.as_posix(), path))
            except OSError:
                continue

    if not inside(root, folder):
        relative = _relative_to(folder, given, root)
        return Walk((), (escaping_link(given, relative) or relative,))
    if exists(folder, "dir"):
        visit(folder, PurePosixPath(), frozenset())
    return Walk(tuple(sorted(files)), tuple(escaping), tuple(folders))


def _relative_to(path: Path, *roots: Path) -> str:
    """`path` (not resolved: it may be a link) relative to the first of `roots` that holds it."""
    absolute = Path(os.path.abspath(path))
    for root in roots:
        if absolute.is_relative_to(root):
            return absolute.relative_to(root).as_posix()
    return absolute.as_posix()
