"""Static files that the sites of one build have in common, hard-linked to one copy.

Every site carries the theme's ~45 scripts, stylesheets and search languages, and Glocal's own:
the same bytes in each. Creating a file costs the file system an inode (on an ext4 without a
journal, which skips every recently freed inode, creating the output's files was 10-15% of a
cold build's CPU); a link costs a directory entry. While a build shares (`share_in(store)`),
MkDocs' copy of a static file becomes a link to a store of one link per distinct content (its
SHA-256): the first site to copy a content links its copy into the store, the next ones link
theirs to it. Bytes and modes are the same as copies'; mtimes are the first copy's. A
destination is never written through: it is removed before it is linked. Any failure to link
(another file system, too many links) falls back to MkDocs' own copy.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path
from typing import Any

#: Where the site being built shares its copied static files by content (None: it copies them).
_store: list[Path | None] = [None]


def share_in(store: Path | None) -> None:
    """From now on, MkDocs' static copies (once `install`ed) go through `store`, a folder on the
    same file system as the site (made if need be; without it every file is copied); None: plain
    copies again."""
    if store is not None:
        with contextlib.suppress(OSError):
            store.mkdir(exist_ok=True)
    _store[0] = store


def install(utils: Any) -> None:
    """Put `copy_file` in the place of `mkdocs.utils`' (given by `glocal.build.sites`, the module
    that runs MkDocs), once per process; without a store it copies as MkDocs does."""
    original = utils.copy_file
    if getattr(original, "glocal_shared", False):
        return

    def copy_file(source_path: str, output_path: str) -> None:
        store = _store[0]
        if store is None or os.path.isdir(output_path):
            return original(source_path, output_path)
        try:
            with open(source_path, "rb") as handle:
                kept = os.path.join(store, hashlib.file_digest(handle, "sha256").hexdigest())
        except OSError:
            return original(source_path, output_path)  # MkDocs reports it as it would
        os.makedirs(os.path.dirname(output_path), exist_ok=True)
        if os.path.lexists(output_path):
            os.unlink(output_path)
        try:
            os.link(kept, output_path)
            return
        except OSError:  # not in the store yet (or no links here)
            pass
        original(source_path, output_path)
        with contextlib.suppress(OSError):  # another worker stored the same content first
            os.link(output_path, kept)

    copy_file.glocal_shared = True  # type: ignore[attr-defined]
    utils.copy_file = copy_file
