"""Files written safely: atomic writes, a staged output folder swapped in, reproducible zips.

A reader sees the old content or the new, never half.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import time
import zipfile
from pathlib import Path


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


def build_zip(files: dict[str, bytes], when: int, level: int = 9) -> bytes:
    """A zip with sorted entries, one fixed timestamp and fixed permissions: same input, same bytes."""
    stamp = time.gmtime(max(when, 315532800))[:6]  # zip cannot store dates before 1980
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, files[name], compresslevel=level)
    return buffer.getvalue()


def write_zip(path: Path, files: dict[str, bytes], when: int, level: int = 9) -> None:
    write_bytes_atomic(Path(path), build_zip(files, when, level))


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
