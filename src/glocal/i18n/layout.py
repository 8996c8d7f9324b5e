"""How a catalog file is laid out, so that writing it again changes only the entries that changed.

Translators' tools save catalogs their own way: Poedit and msgcat wrap strings at 79 columns,
polib at 78, `msgcat --no-wrap` and Glocal not at all; headers come with or without a comment,
with their fields in any order. A catalog read from a file remembers its text entry by entry
(`remember`); writing it again (`render`) gives that text unchanged when nothing changed, and
otherwise keeps every unchanged entry, the header and the header comment exactly as they were
and writes new or changed entries in the file's wrapping style: unwrapped, or wrapped at 79
columns exactly as GNU msgcat wraps (msgcat itself is asked; without it they are unwrapped).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import polib

ATTRIBUTE = "glocal_layout"  # where a polib.POFile read from a file keeps its Layout
WIDTH = 79  # GNU gettext's (and Poedit's) page width
STRING_LINE = re.compile(
    r'^(?:#~\s*)?(?:#\|\s*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+)?"(.*)"[ \t]*$'
)

Fingerprint = tuple


def fingerprint(entry: polib.POEntry) -> Fingerprint:
    """Everything polib writes of an entry (flags in any order): equal fingerprints, equal entries."""
    return (
        entry.obsolete,
        entry.msgctxt,
        entry.msgid,
        entry.msgid_plural or "",
        "" if entry.msgid_plural else entry.msgstr,
        tuple(sorted((int(k), v) for k, v in (entry.msgstr_plural or {}).items())),
        tuple(sorted(entry.flags)),
        entry.comment or "",
        entry.tcomment or "",
        tuple(tuple(o) for o in entry.occurrences),
        entry.previous_msgctxt or None,
        entry.previous_msgid or None,
        entry.previous_msgid_plural or None,
    )


def header_fingerprint(po: polib.POFile) -> Fingerprint:
    return (tuple(sorted(po.metadata.items())), bool(po.metadata_is_fuzzy))


@dataclass(frozen=True)
class Layout:
    """A catalog's text as read: the header comment, the header entry and each entry, verbatim."""

    text: str
    comment: str  # the header comment as read (polib's `po.header`)
    prefix: str  # the text before the first entry (the header comment), as it was
    header: Fingerprint | None
    header_block: str | None
    blocks: dict[Fingerprint, str]  # an entry's fingerprint -> its lines, as they were
    active: tuple[Fingerprint, ...]
    obsolete: tuple[Fingerprint, ...]


def remember(
    po: polib.POFile, text: str, header: tuple[int, int] | None, spans: Sequence[tuple[int, int]]
) -> None:
    """Keep `text` with `po`: `header` and `spans` are the (first, last) lines of its header and entries."""
    lines = text.split("\n")
    crlf = "\r\n" in text

    def block(first: int, last: int) -> str:
        while last + 1 < len(lines) and lines[last].rstrip("\r").endswith("\\"):
            last += 1  # a backslash at the end of a line joins the next (GNU)
        chosen = lines[first : last + 1]
        return "\n".join(line.rstrip("\r") for line in chosen) if crlf else "\n".join(chosen)

    firsts = [first for first, _ in spans] + ([header[0]] if header else [])
    start = min(firsts, default=len(lines))
    prefix = "\n".join(line.rstrip("\r") for line in lines[:start]) + "\n" if start else ""
    prints = [fingerprint(entry) for entry in po]
    setattr(
        po,
        ATTRIBUTE,
        Layout(
            text=text,
            comment=po.header,
            prefix=prefix,
            header=header_fingerprint(po) if header else None,
            header_block=block(*header) if header else None,
            blocks={p: block(*span) for p, span in zip(prints, spans, strict=True)},
            active=tuple(p for p, entry in zip(prints, po, strict=True) if not entry.obsolete),
            obsolete=tuple(p for p, entry in zip(prints, po, strict=True) if entry.obsolete),
        ),
    )


def carry(old: polib.POFile, new: polib.POFile) -> None:
    """`new` (a merge of `old`) is written the way `old` was."""
    found = getattr(old, ATTRIBUTE, None)
    if found is not None:
        setattr(new, ATTRIBUTE, found)


def _width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrapped(text: str) -> bool:
    """Whether the catalog's strings are wrapped at 79 columns (Poedit, msgcat, polib) or not.

    Evidence for wrapping is a string continued on the next line where it has no line break; evidence
    against is a line wider than 79 columns that could have been broken (it has a space or wide
    characters). A catalog with neither (only short strings) counts as unwrapped, Glocal's own style."""
    splits = long = 0
    before: str | None = None  # the string on the line before, if that line was one
    for line in text.split("\n"):
        match = STRING_LINE.match(line.rstrip("\r"))
        if match is None:
            before = None
            continue
        body = match.group(1)
        if before and not before.endswith("\\n") and line.lstrip("#~| \t").startswith('"'):
            splits += 1
        if len(line) > WIDTH // 2 and _width(line) > WIDTH:
            stripped = body.rstrip(" ")
            if " " in stripped or not stripped.isascii():
                long += 1
        before = body
    return splits > long


def _comment(header: str) -> str:
    """A header comment as polib writes it, and nothing (not a lone `#`) when there is none."""
    if not header:
        return ""
    lines = []
    for line in header.split("\n"):
        lines.append("#" if not line else f"#{line}" if line[:1] in (",", ":") else f"# {line}")
    return "\n".join(lines) + "\n"


def _unwrapped(entry: polib.POEntry) -> str:
    return entry.__unicode__(0).rstrip("\n")


def _gnu(po: polib.POFile, entries: list[polib.POEntry], header: bool) -> tuple[str | None, dict]:
    """`entries` (and the header, if `header`) as GNU msgcat writes them, wrapped at 79 columns.

    Returns (header block or None, fingerprint -> block); whatever msgcat did not write back
    identical (read again, it must give the same entry) is left out, to be written unwrapped."""
    msgcat = shutil.which("msgcat")
    if msgcat is None:
        return None, {}
    content_type = po.metadata.get("Content-Type", "").lower().replace(" ", "")
    real = header and "charset=utf-8" in content_type
    head = po.metadata_as_entry() if real else polib.POEntry(msgid="", msgstr=CONTENT_TYPE)
    text = "\n".join([head.__unicode__(0)] + [e.__unicode__(0) for e in entries])
    try:
        run = subprocess.run(
            [msgcat, f"--width={WIDTH}", "-o", "-", "-"],
            input=text.encode("utf-8"),
            capture_output=True,
            timeout=120,
            env={**os.environ, "LC_ALL": "C", "LANGUAGE": ""},
        )
        out = run.stdout.decode("utf-8")
        parsed = polib.pofile(out, wrapwidth=0) if run.returncode == 0 else None
    except (OSError, subprocess.SubprocessError, UnicodeDecodeError, ValueError):
        return None, {}
    blocks = out.rstrip("\n").split("\n\n")
    if parsed is None or len(blocks) != len(parsed) + 1:
        return None, {}
    written = {fingerprint(e): block for e, block in zip(parsed, blocks[1:], strict=True)}
    same_header = real and header_fingerprint(parsed) == header_fingerprint(po)
    return (blocks[0] if same_header else None), written


CONTENT_TYPE = "Content-Type: text/plain; charset=UTF-8\n"


def plain(po: polib.POFile) -> str:
    """The catalog as polib writes it without wrapping, without polib's lone `#` for no header comment."""
    po.wrapwidth = 0
    for entry in po:
        entry.wrapwidth = 0
    text = po.__unicode__()
    if not po.header and text.startswith("#\n"):
        text = text[2:]
    return text if text.endswith("\n") else text + "\n"


def render(po: polib.POFile) -> str:
    """The text of `po`: as it was read where nothing changed, in the file's own style where it did."""
    layout: Layout | None = getattr(po, ATTRIBUTE, None)
    if layout is None:
        return plain(po)
    entries = [e for e in po if not e.obsolete] + [e for e in po if e.obsolete]
    prints = [fingerprint(e) for e in entries]
    header = header_fingerprint(po)
    count = len(layout.active)
    if (
        po.header == layout.comment
        and header == layout.header
        and tuple(prints[:count]) == layout.active
        and tuple(prints[count:]) == layout.obsolete
    ):
        return layout.text
    header_block = layout.header_block if header == layout.header else None
    fresh = [e for e, p in zip(entries, prints, strict=True) if p not in layout.blocks]
    written: dict = {}
    if wrapped(layout.text) and (fresh or header_block is None):
        gnu_header, written = _gnu(po, fresh, header_block is None)
        header_block = header_block or gnu_header
    if header_block is None:
        header_block = _unwrapped(po.metadata_as_entry())
    blocks = [header_block]
    for entry, p in zip(entries, prints, strict=True):
        blocks.append(layout.blocks.get(p) or written.get(p) or _unwrapped(entry))
    prefix = layout.prefix if po.header == layout.comment else _comment(po.header)
    text = prefix + "\n\n".join(blocks) + "\n"
    return text.replace("\n", "\r\n") if "\r\n" in layout.text else text
