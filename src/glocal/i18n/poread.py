"""GNU gettext's PO grammar (`po-lex.c`, `po-gram.y`), line by line, with exact lines and columns.

`Reader` turns the text of a catalog into `Entry` records (each field with the line of its
keyword) and a GL318-GL322 diagnostic for every lexical or grammatical problem, marking the
entry it belongs to as broken. It recovers at the next keyword, as msgfmt does, so one bad line
costs one entry. The checks over the whole catalog and the polib objects are in `strict`.

Most catalogs are well formed and of one shape, so `Reader.read` first tries the fast path
(`pofast`, one regex per entry), which declines any text it does not read exactly as the line
reader would; `read_lines`, the line reader, reads the rest (or the whole text) and remains the
reference for every diagnostic. The entry and its decoding, which both share, are in `poentry`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from glocal.diagnostics import Diagnostic, Span
from glocal.i18n import pofast
from glocal.i18n.poentry import TAGGED, Entry, annotate, decode

WHITESPACE = " \t\r\f\v"
KEYWORD = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[([^\]]*)\])?")
STRING_BODY = re.compile(r'[^"\\]*(?:\\.[^"\\]*)*')
# The usual line, read in one match: an optional keyword and one whole string.
SIMPLE_LINE = re.compile(
    r'(?:(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?[ \t]+)?"([^"\\]*(?:\\.[^"\\]*)*)"[ \t\r\f\v]*\Z'
)
KEYWORDS = ("msgctxt", "msgid", "msgid_plural", "msgstr")
SYNTAX_HINT = 'every line of an entry is a comment (#), a keyword with a "string", or a "string"'


def _lines(text: str, offset: int = 0) -> Iterator[tuple[int, str]]:
    """(0-based number, text) of each line, the first numbered `offset`; a backslash at the end of
    a line joins the next (GNU)."""
    if "\\\n" not in text and "\\\r\n" not in text:
        yield from enumerate(text.split("\n"), offset)
        return
    lines = text.split("\n")
    number = 0
    while number < len(lines):
        first, line = number, lines[number]
        while line.rstrip("\r").endswith("\\") and number + 1 < len(lines):
            number += 1
            line = line.rstrip("\r")[:-1] + lines[number]
        yield offset + first, line
        number += 1


class Reader:
    """GNU's PO grammar, line by line, with error recovery at the next keyword."""

    def __init__(self, relpath: str) -> None:
        self.relpath = relpath
        self.problems: list[Diagnostic] = []
        self.entries: list[Entry] = []
        self.header: list[str] = []  # translator comments before anything else (polib's po.header)
        self.entry: Entry | None = None
        self.target: str | None = None  # the field strings are appended to
        self.skipping = False  # after a syntax error: ignore strings until the next keyword
        self.at_start = True

    def error(self, code: str, message: str, line: int, col: int | None = 0, **extra) -> None:
        if code == "GL320":
            extra.setdefault("hint", SYNTAX_HINT)
        self.problems.append(Diagnostic(code, message, Span(self.relpath, line, col), **extra))
        if self.entry is not None:
            self.entry.broken = True

    # --- lines -----------------------------------------------------------------------------

    def read(self, text: str) -> None:
        tail = pofast.obsolete_tail(text)
        if not self.read_fast(text[:tail]):
            self.read_lines(text)
        elif tail < len(text):  # the obsolete entries at the end, line by line
            self.read_lines(text[tail:], text.count("\n", 0, tail))

    def read_fast(self, text: str) -> bool:
        """Read a catalog of the usual shape as `read_lines` would (`pofast`); False (and nothing
        read) if not. A reader that has read more than header comments declines."""
        if not self.at_start or self.entry is not None:
            return False
        found = pofast.read(text)
        if found is None:
            return False
        header, entries, self.at_start = found
        self.header += header
        self.entries += entries
        return True

    def read_lines(self, text: str, offset: int = 0) -> None:
        """Read `text` line by line: any catalog, with a diagnostic for every problem (`offset`:
        the number of the text's first line, when it is the rest of a catalog)."""
        for number, line in _lines(text, offset):
            if not line:
                continue
            if line[0] == "#" and line[1:2] not in ("~", "|"):  # the usual comment line, quickly
                self.comment(number, line.strip())
                continue
            if line[-1] == "\r":
                line = line[:-1]
            start = len(line) - len(line.lstrip(WHITESPACE))
            if start == len(line):
                continue
            if line[start] == "#":
                self.hash(number, line, start)
            else:
                self.tokens(number, line, start, obsolete=False, previous=False)
        self.finish()

    def hash(self, number: int, line: str, start: int) -> None:
        """A `#` starts a comment, an obsolete (`#~`) or a previous (`#|`) line, even mid-line."""
        if line.startswith("#~|", start):
            self.tokens(number, line, start + 3, obsolete=True, previous=True)
        elif line.startswith("#~", start):
            self.tokens(number, line, start + 2, obsolete=True, previous=False)
        elif line.startswith("#|", start):
            self.tokens(number, line, start + 2, obsolete=False, previous=True)
        else:
            self.comment(number, line[start:].strip())

    def start_entry(self, number: int) -> Entry:
        """The entry a line belongs to: a new one when the current one already has its msgid."""
        if self.entry is not None and "msgid" in self.entry.fields:
            self.finish()
        if self.entry is None:
            self.entry = Entry(number)
        return self.entry

    def ensure_entry(self, number: int) -> Entry:
        """The entry being read (a new one if there is none): where an error belongs."""
        if self.entry is None:
            self.entry = Entry(number)
        return self.entry

    def comment(self, number: int, text: str) -> None:
        kind = text[:2]
        if kind in TAGGED and not text[2:].strip():
            return  # an empty flags, reference or extracted-comment line (polib skips it too)
        if self.at_start and kind not in TAGGED:
            self.header.append(text[2:] if len(text) > 1 else "")
            return
        self.at_start = False
        entry = self.start_entry(number)
        if entry.fields and "msgid" not in entry.fields:
            self.error("GL320", "syntax error: a comment between msgctxt (or #|) and msgid", number)
        annotate(entry, kind, text)

    # --- tokens ----------------------------------------------------------------------------

    def tokens(self, number: int, line: str, pos: int, *, obsolete: bool, previous: bool) -> None:
        end = len(line)
        while pos < end and line[pos] in WHITESPACE:
            pos += 1
        simple = SIMPLE_LINE.match(line, pos)
        if simple is not None:
            name, index, body = simple.groups()
            if name is None or self.keyword(number, pos, name, index, obsolete, previous):
                self.string(number, simple.start(3) - 1, body, True, obsolete, previous)
            return
        while True:
            while pos < end and line[pos] in WHITESPACE:
                pos += 1
            if pos >= end:
                return
            char = line[pos]
            if char == '"':
                body = STRING_BODY.match(line, pos + 1)
                assert body is not None  # the pattern matches the empty string
                closed = body.end() < end and line[body.end()] == '"'
                self.string(number, pos, body.group(0), closed, obsolete, previous)
                if not closed:
                    return
                pos = body.end() + 1
            elif char == "#":
                self.hash(number, line, pos)  # GNU: a comment may follow the strings of a line
                return
            elif (match := KEYWORD.match(line, pos)) is not None:
                if not self.keyword(number, pos, match.group(1), match.group(2), obsolete, previous):
                    return
                pos = match.end()
            else:
                self.at_start = False
                self.ensure_entry(number)
                self.error("GL320", f"syntax error: unexpected {line[pos : pos + 20]!r}", number, pos)
                self.target, self.skipping = None, True
                return

    def string(self, number: int, col: int, body: str, closed: bool, obsolete: bool, previous: bool) -> None:
        self.at_start = False
        if not closed:
            self.ensure_entry(number)
            self.error(
                "GL318",
                'string not closed: expected a closing " before the end of the line',
                number,
                col,
                hint='a string ends on its line; continue on the next line with a new "..."',
            )
        value, valid = decode(body, number, col, self.problems, self.relpath)
        entry = self.entry
        if not valid and entry is not None:
            entry.broken = True
        if self.skipping:
            return
        if entry is None or self.target is None or self.target.startswith("#|") != previous:
            self.ensure_entry(number)
            self.error("GL320", "syntax error: a string without a keyword before it", number, col)
            self.skipping = True
            return
        self.check_obsolete(entry, number, obsolete)
        entry.fields[self.target].append(value)
        entry.last = number
        if self.target == "msgstr":
            entry.pieces.append((number, value))

    def check_obsolete(self, entry: Entry, number: int, obsolete: bool) -> None:
        if entry.obsolete is None:
            entry.obsolete = obsolete
        elif entry.obsolete != obsolete:
            self.error(
                "GL320",
                "inconsistent use of #~: part of this entry is obsolete and part is not",
                number,
                hint="an obsolete entry has #~ before every keyword and string",
            )

    def keyword(
        self, number: int, col: int, name: str, index: str | None, obsolete: bool, previous: bool
    ) -> bool:
        """Handle one keyword; False when the rest of the line is to be skipped."""
        self.at_start = False
        self.close_target()
        if previous:
            entry = self.start_entry(number)
            key = f"#|{name}"
            if name not in ("msgctxt", "msgid", "msgid_plural") or index is not None or key in entry.fields:
                self.error("GL320", f"syntax error: unexpected {name!r} in a #| (previous) line", number, col)
                self.target, self.skipping = None, True
                return False
            if "msgctxt" in entry.fields:
                self.error("GL320", "syntax error: a #| (previous) line after msgctxt", number, col)
            entry.fields[key], entry.lines[key] = [], number
            self.target, self.skipping = key, False
            return True
        if name not in KEYWORDS or (index is not None and name != "msgstr"):
            self.ensure_entry(number)
            what = "directive (Glocal catalogs have one domain)" if name == "domain" else "keyword"
            self.error(
                "GL320", f"unknown {what} {name!r}: expected one of {', '.join(KEYWORDS)}", number, col
            )
            self.target, self.skipping = None, True
            return False
        entry = self.start_entry(number) if name in ("msgctxt", "msgid") else self.ensure_entry(number)
        self.check_obsolete(entry, number, obsolete)
        key, problem = self.place(entry, name, index)
        if problem is not None:
            code, message = problem
            anchor = entry.lines.get("msgid", number) if code == "GL321" and index is not None else number
            self.error(code, message, anchor, None if anchor != number else col)
            if code == "GL320":
                self.target, self.skipping = None, True
                return False
        entry.fields[key], entry.lines[key] = [], number
        if key.startswith("msgstr["):
            entry.forms.append(key)
        self.target, self.skipping = key, False
        return True

    def place(self, entry: Entry, name: str, index: str | None) -> tuple[str, tuple[str, str] | None]:
        """The field a keyword opens, and what is wrong with it there (code, message)."""
        fields = entry.fields
        if name == "msgctxt":
            bad = "msgctxt" in fields
            return name, ("GL320", "syntax error: a second msgctxt in one entry") if bad else None
        if name == "msgid":
            return name, None
        if "msgid" not in fields:
            return name, ("GL320", f"syntax error: {name} without a msgid before it")
        if name == "msgid_plural":
            if "msgid_plural" in fields or "msgstr" in fields or entry.forms:
                return name, ("GL320", "syntax error: msgid_plural must follow the msgid")
            return name, None
        if index is None:
            if "msgstr" in fields or entry.forms:
                return name, ("GL320", "syntax error: a second msgstr in one entry")
            if "msgid_plural" in fields:
                return name, (
                    "GL320",
                    "syntax error: an entry with msgid_plural expects msgstr[0], not msgstr",
                )
            return name, None
        if not index.strip().isdigit():
            return "msgstr[?]", ("GL320", f"syntax error: msgstr[{index}] needs a number")
        number = int(index)
        key = f"msgstr[{number}]"
        if "msgstr" in fields:
            return key, ("GL320", "syntax error: msgstr[N] after a msgstr")
        if "msgid_plural" not in fields:
            return key, ("GL321", f"missing msgid_plural: this entry has msgstr[{number}] but no plural")
        expected = len(entry.forms)
        if number != expected or key in fields:
            return key, (
                "GL322",
                f"plural form has the wrong index: expected msgstr[{expected}] but found {key}",
            )
        return key, None

    def close_target(self) -> None:
        """A keyword must have at least one string."""
        entry, target = self.entry, self.target
        if entry is not None and target is not None and not self.skipping and entry.fields.get(target) == []:
            self.error("GL320", f"syntax error: {target.lstrip('#|')} without a string", entry.lines[target])
        self.target = None

    def finish(self) -> None:
        """Close the current entry: complain about what it lacks, keep it if it has a msgid."""
        self.close_target()
        entry, self.entry, self.skipping = self.entry, None, False
        if entry is None:
            return
        fields = entry.fields
        entry.values = {key: "".join(parts) for key, parts in fields.items()}
        if "msgid" not in fields:
            if "msgctxt" in fields:
                self.entry = entry  # so that error() marks it; it is dropped anyway
                self.error("GL321", "msgctxt without a msgid after it", entry.lines["msgctxt"])
                self.entry = None
            return  # comments after the last entry: polib and msgfmt ignore them too
        line = entry.lines["msgid"]
        if "msgid_plural" in fields and not entry.forms and "msgstr" not in fields:
            entry.broken = True
            self.problems.append(
                Diagnostic(
                    "GL321", "missing msgstr[0]: this entry has msgid_plural", Span(self.relpath, line)
                )
            )
        elif "msgid_plural" not in fields and "msgstr" not in fields and not entry.forms:
            entry.broken = True
            self.problems.append(
                Diagnostic(
                    "GL321",
                    "missing msgstr: expected msgstr after this msgid",
                    Span(self.relpath, line),
                    hint='an untranslated entry has msgstr ""',
                )
            )
        self.entries.append(entry)
