"""What a long-lived process (the live preview) loaded, kept while the files are unchanged.

`glocal serve` loads the project again after every edit; at 500 modules that is 5,500 module and
overlay files, of which one changed. A file is loaded again only when its status changed: its
inode, size, modification or change time (the change time moves on every write, rename or
chmod, and nobody can set it back), or what its path resolves to (a folder on the way replaced
by a link). A folder walk is replayed only while no folder it visited changed. What was read
is remembered only when its file (or every folder walked) was last changed before the reading
began: a file saved while it was read is read again next time. A file with a problem is read
every time: the problem's message may depend on other files, and it is what the author is fixing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from glocal.fsutil import CLOCK_LAG_NS, Walk, walk_contained

T = TypeVar("T", bound=tuple[Any, ...])  # a loader's result: its problems come last
K = TypeVar("K")


def _status(path: str) -> tuple[int, ...] | None:
    """The file's identity and times, through any link on the way (a file replaced by a link, or
    a folder on its path by one, is another inode, or the same one with a newer change time)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None  # not there (or not a name the system takes): loaded again, to say why
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _before(status: tuple[int, ...], began: int) -> bool:
    """Last changed before `began`, even by a file clock a tick behind the system's."""
    return status[4] < began - CLOCK_LAG_NS


class Remembered:
    """Loads by file, each redone only when its file's status changed."""

    def __init__(self) -> None:
        self._files: dict[tuple[Any, ...], tuple[tuple[int, ...], Any]] = {}
        self._walks: dict[tuple[str, str], tuple[tuple[Any, ...], Walk]] = {}
        self.loaded = 0  # files actually read since this was made (for tests and benchmarks)
        self._kept: dict[Any, Any] = {}

    @staticmethod
    def nothing() -> Remembered:
        """Remembers nothing: every load is done (a one-off command)."""
        return _Nothing()

    def load(self, loader: Callable[..., T], root: Path, *args: str) -> T:
        """`loader(root, *args)`, the last of `args` being the file's project-relative path; the
        loader returns a tuple whose last item is the list of problems found."""
        key = (loader.__module__, loader.__qualname__, str(root), *args)
        status = _status(os.path.join(root, args[-1]))
        known = self._files.get(key)
        if status is not None and known is not None and known[0] == status:
            return known[1]
        began = time.time_ns()
        result = loader(root, *args)
        self.loaded += 1
        status = _status(os.path.join(root, args[-1]))
        if status is not None and _before(status, began) and not result[-1]:
            self._files[key] = (status, result)
        else:
            self._files.pop(key, None)
        return result

    def kept(self, name: Any, make: Callable[[], K]) -> K:
        """What a later stage keeps for as long as this lives (the preview's composed pages, say):
        made by `make()` on first use, the same object after. The stage decides what is stale."""
        if name not in self._kept:
            self._kept[name] = make()
        return self._kept[name]

    def walk(self, root: Path, folder: Path) -> Walk:
        """`walk_contained(root, folder)`, replayed while every folder it visited is unchanged."""
        key = (str(root), str(folder))
        known = self._walks.get(key)
        if known is not None and known[0] == self._folders(known[1]):
            return known[1]
        began = time.time_ns()
        found = walk_contained(root, folder)
        folders = self._folders(found)
        if all(status is not None and _before(status, began) for _, status in folders):
            self._walks[key] = (folders, found)
        else:
            self._walks.pop(key, None)
        return found

    @staticmethod
    def _folders(walk: Walk) -> tuple[Any, ...]:
        return tuple((str(folder), _status(str(folder))) for folder in walk.folders)


class _Nothing(Remembered):
    def load(self, loader: Callable[..., T], root: Path, *args: str) -> T:
        self.loaded += 1
        return loader(root, *args)

    def walk(self, root: Path, folder: Path) -> Walk:
        return walk_contained(root, folder)

    def kept(self, name: Any, make: Callable[[], K]) -> K:
        return make()
