"""Reading project files: UTF-8 text and YAML front matter, problems as diagnostics."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from glocal.diagnostics import Diagnostic, Span


def read_text(root: Path, relpath: str, code: str) -> tuple[str | None, list[Diagnostic]]:
    """The file's text with `\\n` line ends, or a diagnostic saying why it cannot be read."""
    try:
        raw = (root / relpath).read_bytes()
    except OSError as exc:
        return None, [Diagnostic(code, f"cannot read the file: {exc.strerror or exc}", Span(relpath))]
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
