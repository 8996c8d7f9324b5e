"""Reading project files: UTF-8 text and YAML front matter, problems as diagnostics."""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path

from glocal.diagnostics import Diagnostic, Span
from glocal.fsutil import escaping_link, read_at_most

#: The largest source file Glocal reads (Markdown, YAML); a bigger one is GL014 and is not read.
MAX_FILE_BYTES = 5 * 1024 * 1024


def outside_link(link: str) -> Diagnostic:
    """GL013 for a symbolic link that leaves the project: named by its own path, target never read."""
    return Diagnostic(
        "GL013",
        "a symbolic link to a place outside the project: Glocal does not follow it",
        Span(link),
        hint="replace the link with a copy of what it points to, inside the project",
    )


def too_large(relpath: str, size: int, limit: int = MAX_FILE_BYTES) -> Diagnostic:
    """GL014 for a file over `limit` bytes (MAX_FILE_BYTES for a source)."""
    return Diagnostic(
        "GL014",
        f"the file is {size:,} bytes, more than Glocal reads ({limit:,} bytes): it is skipped",
        Span(relpath),
        hint="split it into smaller files",
    )


def read_text(root: Path, relpath: str, code: str) -> tuple[str | None, list[Diagnostic]]:
    """The file's text with `\\n` line ends, or a diagnostic saying why it cannot be read.

    Only a regular file inside the project, of at most MAX_FILE_BYTES, is read."""
    link = escaping_link(root, relpath)
    if link is not None:
        return None, [outside_link(link)]
    try:
        info = (root / relpath).stat()
        if not stat.S_ISREG(info.st_mode):
            return None, [Diagnostic(code, "cannot read the file: it is not a regular file", Span(relpath))]
        if info.st_size > MAX_FILE_BYTES:
            return None, [too_large(relpath, info.st_size)]
        with open(root / relpath, "rb") as handle:
            raw = read_at_most(handle, MAX_FILE_BYTES)
    except OSError as exc:
        return None, [Diagnostic(code, f"cannot read the file: {exc.strerror or exc}", Span(relpath))]
    if len(raw) > MAX_FILE_BYTES:  # grew since stat()
        return None, [too_large(relpath, len(raw))]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n")
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1)
        return None, [
            Diagnostic(
                code,
                f"expected UTF-8 text but found the byte 0x{raw[exc.start]:02x}",
                Span(relpath, line, col),
                hint="save the file as UTF-8",
            )
        ]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


@dataclass(frozen=True)
class FrontMatter:
    yaml: str | None  # None when the file has no front matter
    yaml_line: int  # 0-based line where the YAML text starts
    body: str
    body_line: int


def split_front_matter(text: str) -> tuple[FrontMatter, str | None]:
    """Split `---` YAML front matter from the body; the second value describes a malformed block."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return FrontMatter(None, 0, text, 0), None
    for number in range(1, len(lines)):
        if lines[number].rstrip() in ("---", "..."):
            return FrontMatter(
                "\n".join(lines[1:number]) + "\n", 1, "\n".join(lines[number + 1 :]), number + 1
            ), None
    return FrontMatter(
        None, 0, text, 0
    ), "the front matter opened with '---' on line 1 is never closed with '---'"
