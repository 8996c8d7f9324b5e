"""The versions of everything that shapes a built page, and a digest of Glocal's own files.

A cache made with other tools (or another checkout of Glocal) is never reused.
"""

from __future__ import annotations

import functools
import hashlib
import sys
from pathlib import Path

#: Distributions whose version changes what a built site contains.
SHAPING = (
    "mkdocs",
    "mkdocs-material",
    "pymdown-extensions",
    "markdown",
    "jinja2",
    "nh3",
    "pygments",
    "babel",
)


@functools.cache
def versions() -> str:
    from importlib import metadata

    from glocal import __version__

    found = [f"glocal {__version__}", f"python {'.'.join(map(str, sys.version_info[:3]))}"]
    for name in SHAPING:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} -")
    return "; ".join(found)


@functools.cache
def package_digest() -> str:
    """Glocal's own files (code, theme, templates): an edited checkout never reuses a stale cache."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()
