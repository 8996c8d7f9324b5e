"""What sandpaper renders a lesson to: how an R Markdown lesson is imported.

`sandpaper::build_lesson()` knits each R Markdown episode and page into Markdown (its code run,
the output written in as ```` ```output ```` blocks, its plots saved as
`fig/<episode>-rendered-<chunk>-1.png` and shown with `<img>`) and writes the whole lesson, flat,
into `site/built/`: `08-plot-ggplot2.md`, `setup.md`, the episodes' `fig/` and `data/`. Its
`md5sum.txt` names, for each file of the lesson (`episodes/08-plot-ggplot2.Rmd`), the checksum of
the source it was built from and its built file (`site/built/08-plot-ggplot2.md`). The Workbench's
CI keeps the same folder on every lesson's `md-outputs` branch, so a checkout of that branch is a
built lesson too, without the sources and without R.
"""

from __future__ import annotations

import csv
import hashlib
import io
import posixpath
from dataclasses import dataclass
from pathlib import Path

MD5SUM = "md5sum.txt"
BUILT = "site/built"
#: md5sum.txt lists one line per file of the lesson: a megabyte is tens of thousands of files
MAX_INDEX_BYTES = 1 << 20


@dataclass(frozen=True)
class Built:
    root: Path  # the folder holding the built files (site/built, or a checkout of md-outputs)
    files: dict[str, Path]  # the lesson's path (episodes/08-plot.Rmd) -> its built file
    checksums: dict[str, str]  # the lesson's path -> the md5 of the source it was built from
    of_sources: bool  # True: site/built of a lesson whose sources are beside it

    def stale(self, lesson: Path, relative: str) -> bool:
        """Whether the lesson's source file changed since it was built (its md5 is not the one
        md5sum.txt recorded). A checkout of md-outputs has no sources: never stale."""
        if not self.of_sources:
            return False
        source = lesson / relative
        if not source.is_file() or source.is_symlink():
            return False
        return hashlib.md5(source.read_bytes(), usedforsecurity=False).hexdigest() != self.checksums.get(
            relative
        )

    def file(self, relative: str) -> Path | None:
        """The built file of the lesson's `relative` (`episodes/08-plot.Rmd`, `learners/setup.md`);
        or, for a file in a folder of the episodes (`episodes/fig/x.png`), the one sandpaper
        copied flat into the built folder (`fig/x.png`), where it also copies the pages' folders'
        files: a page's `fig/x.png` is found as the episodes' one. Never a file reached through a
        link."""
        if relative in self.files:
            return self.files[relative]
        parts = relative.split("/")
        if len(parts) < 3 or parts[0] != "episodes":
            return None
        return file_inside(self.root, "/".join(parts[1:]))

    def listed(self, folder: str) -> list[str]:
        """The names of the files md5sum.txt lists directly in the lesson's `folder`, in order."""
        return sorted(
            path[len(folder) + 1 :]
            for path in self.files
            if path.startswith(f"{folder}/") and "/" not in path[len(folder) + 1 :]
        )


def find_built(lesson: Path) -> Built | None:
    """The lesson's built Markdown: `site/built/` beside its sources, or the lesson itself when it
    is a checkout of the md-outputs branch (md5sum.txt and no episodes/ folder); None if neither.
    """
    if (lesson / "episodes").is_dir():
        root, of_sources = lesson / BUILT, True
    else:
        root, of_sources = lesson, False
    index = root / MD5SUM
    inside = (root, root.parent, index) if of_sources else (index,)  # site/built, site, md5sum.txt
    if any(p.is_symlink() for p in inside) or not index.is_file():
        return None  # a lesson's link may lead anywhere on the importing machine: never followed
    try:
        if index.stat().st_size > MAX_INDEX_BYTES:
            return None
        rows = list(
            csv.reader(io.StringIO(index.read_text(encoding="utf-8")), delimiter=" ", escapechar="\\")
        )
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    files: dict[str, Path] = {}
    checksums: dict[str, str] = {}
    for row in rows[1:]:  # the first is the header: "file" "checksum" "built" "date"
        if len(row) < 3:
            continue
        source, checksum, built = row[0], row[1], row[2]
        if not built.startswith(f"{BUILT}/") or not _relative(source):
            continue
        path = file_inside(root, built[len(BUILT) + 1 :])
        if path is not None:
            files[source] = path
            checksums[source] = checksum
    return Built(root, files, checksums, of_sources) if files else None


def _relative(path: str) -> bool:
    return bool(path) and not path.startswith("/") and ".." not in path.split("/") and "\\" not in path


def file_inside(root: Path, relative: str) -> Path | None:
    """`root / relative` when it is a file inside `root`, reached through no link (a lesson's
    link may lead anywhere on the importing machine: never followed)."""
    relative = posixpath.normpath(relative)
    if not _relative(relative) or relative == ".":
        return None
    path = root / relative
    if any(p.is_symlink() for p in (path, *list(path.parents)[: len(Path(relative).parts) - 1])):
        return None
    return path if path.is_file() else None


def markdown_file(lesson: Path, relative: str, built: Built | None) -> Path | None:
    """Where the lesson's episode or page `relative` (`episodes/01-intro.md`, `learners/setup.Rmd`)
    is read from: the file itself when it is Markdown, else (R Markdown, or a checkout of
    md-outputs, which has no sources) what sandpaper rendered it to. Whether that rendering is
    current is the caller's to ask (`Built.stale`)."""
    own = lesson / relative
    if relative.endswith(".md") and own.is_file() and not own.is_symlink():
        return own
    if built is None or (relative.endswith(".md") and built.of_sources):
        return None
    return built.file(relative)
