"""Reproducible zip files: sorted entries, fixed timestamps and permissions, written atomically."""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

from ..fsutil import write_bytes_atomic


def epoch() -> int:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else now."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(value) if value.isdigit() else int(time.time())


def build_zip(files: dict[str, bytes], when: int) -> bytes:
    stamp = time.gmtime(max(when, 315532800))[:6]  # zip cannot store dates before 1980
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()


def write_zip(path: Path, files: dict[str, bytes], when: int) -> None:
    write_bytes_atomic(Path(path), build_zip(files, when))
