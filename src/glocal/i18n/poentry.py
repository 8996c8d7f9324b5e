"""A PO entry as `poread` reads it, and what its two readers (`poread`'s line reader and the fast
path, `pofast`) decode alike: a string's escapes, as GNU gettext's, and a comment line."""

from __future__ import annotations

import re

from glocal.diagnostics import Diagnostic, Span

ESCAPE = re.compile(r'\\(?:([ntbrfva\\"])|([0-7]{1,3})|x([0-9A-Fa-f]+)|(.))', re.S)
SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
TAGGED = ("#,", "#:", "#.")  # flags, references, extracted comments: never part of the header


class Entry:
    """One message while it is read: its fields as lists of decoded string pieces."""

    __slots__ = (
        "first", "obsolete", "tcomment", "comment", "occurrences", "flags", "fields", "lines", "pieces",
        "forms", "values", "broken", "last",
    )  # fmt: skip

    def __init__(self, first: int) -> None:
        self.first = first  # 0-based line of its first line (a comment or a keyword)
        self.obsolete: bool | None = None
        self.tcomment: list[str] = []
        self.comment: list[str] = []
        self.occurrences: list[tuple[str, str]] = []
        self.flags: list[str] = []
        self.fields: dict[str, list[str]] = {}  # "msgid", "msgstr[1]", "#|msgid"... -> string pieces
        self.lines: dict[str, int] = {}  # field -> 0-based line of its keyword
        self.pieces: list[tuple[int, str]] = []  # (line, text) of the msgstr strings, for the header
        self.forms: list[str] = []  # "msgstr[0]", "msgstr[1]"...
        self.values: dict[str, str] = {}  # the fields joined, once the entry is read
        self.broken = False
        self.last = first  # 0-based line of its last string: where its text ends

    def value(self, key: str) -> str | None:
        return self.values.get(key)


def decode(body: str, line: int, col: int, problems: list[Diagnostic], relpath: str) -> tuple[str, bool]:
    """The value of a string's body (between its quotes); False when an escape is invalid."""
    if "\\" not in body:
        return body, True
    valid = True

    def replace(match: re.Match) -> str:
        nonlocal valid
        simple, octal, hexa, other = match.groups()
        if simple is not None:
            return SIMPLE_ESCAPES.get(simple, simple)
        if octal is not None:
            return chr(int(octal, 8))
        if hexa is not None:
            return chr(min(int(hexa, 16), 0x10FFFF))
        valid = False
        problems.append(
            Diagnostic(
                "GL319",
                f'invalid escape sequence \\{other}: expected one of \\n \\t \\\\ \\" '
                "(or \\a \\b \\f \\r \\v, \\ooo octal, \\xhh hex)",
                Span(relpath, line, col + match.start() + 2),  # at the character after the backslash
                hint='write a backslash as \\\\ and a double quote as \\"',
            )
        )
        return other

    return ESCAPE.sub(replace, body), valid


def annotate(entry: Entry, kind: str, text: str) -> None:
    """Add a comment line (`text`, stripped; `kind` its first two characters) to its entry."""
    if kind == "#:":
        for occurrence in text[2:].split():
            name, _, place = occurrence.rpartition(":")
            entry.occurrences.append((name, place) if name and place.isdigit() else (occurrence, ""))
    elif kind == "#.":
        entry.comment.append(text[3:] if text[2:3] == " " else text[2:])
    elif kind == "#,":
        entry.flags += [flag.strip() for flag in text[2:].split(",") if flag.strip()]
    else:
        body = text.lstrip("#")
        entry.tcomment.append(body[1:] if body.startswith(" ") else body)
