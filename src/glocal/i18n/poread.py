"""GNU gettext's PO grammar (`po-lex.c`, `po-gram.y`), line by line, with exact lines and columns.

`Reader` turns the text of a catalog into `Entry` records (each field with the line of its
keyword) and a GL318-GL322 diagnostic for every lexical or grammatical problem, marking the
entry it belongs to as broken. It recovers at the next keyword, as msgfmt does, so one bad line
costs one entry. The checks over the whole catalog and the polib objects are in `strict`.

Most catalogs are well formed and of one shape, so `Reader.read` first tries `read_fast`: one
regex (`FAST_ENTRY`) matches a whole entry at a time (comment and blank lines, an optional
msgctxt, msgid and msgstr, each with its continuation strings, every line exactly `keyword "..."`
or `"..."`, with no escape but \\n \\t \\" \\\\) and the line numbers follow from the lines each
group holds. Anything else (`#~`, `#|`, plurals, a backslash at the end of a line, a space out of
place, another escape, any error) declines the whole text, which is then read by `read_lines`,
the line reader, from its start. Obsolete (`#~`) entries are usually all at the end, as msgmerge
leaves them: when everything before the first of them (up to the blank line above it) reads fast,
only the rest goes to the line reader. The fast path never reports a problem: it reads a catalog the
line reader would read without one, and builds the same entries; `read_lines` remains the
reference for every diagnostic (tests/i18n/test_poread_fast.py compares the two).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from glocal.diagnostics import Diagnostic, Span

WHITESPACE = " \t\r\f\v"
KEYWORD = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[([^\]]*)\])?")
STRING_BODY = re.compile(r'[^"\\]*(?:\\.[^"\\]*)*')
# The usual line, read in one match: an optional keyword and one whole string.
SIMPLE_LINE = re.compile(
    r'(?:(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?[ \t]+)?"([^"\\]*(?:\\.[^"\\]*)*)"[ \t\r\f\v]*\Z'
)
ESCAPE = re.compile(r'\\(?:([ntbrfva\\"])|([0-7]{1,3})|x([0-9A-Fa-f]+)|(.))', re.S)
SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
KEYWORDS = ("msgctxt", "msgid", "msgid_plural", "msgstr")

# The fast path (see the module docstring). FAST_ENTRY is one entry: a keyword's string runs to the
# last quote of its line (`_simple` checks it), a continuation line has no escape but \n \t \" \\.
SIMPLE_BODY = r'[^"\\\n]*(?:\\[nt"\\][^"\\\n]*)*'
SIMPLE_STRING = re.compile(SIMPLE_BODY)
FAST_ENTRY = re.compile(
    rf"""((?:\#(?![~|]).*\n|\n)*+)                          # 1: comment and blank lines
    (?:msgctxt[ ]"(.*)"\n((?:"{SIMPLE_BODY}"\n)*+))?       # 2, 3: msgctxt and its continuation lines
    msgid[ ]"(.*)"\n((?:"{SIMPLE_BODY}"\n)*+)              # 4, 5: msgid...
    msgstr[ ]"(.*)"\n((?:"{SIMPLE_BODY}"\n)*+)             # 6, 7: msgstr...""",
    re.VERBOSE,
)
# The first obsolete line that starts an entry whichever way it is read (a `#~ msgstr` or string
# there would belong to the entry above: the line reader alone knows)
OBSOLETE_START = re.compile(r"#~(?:\||[ \t]*(?:msgid|msgctxt)[ \t])")
LINE_JOIN = re.compile(r"\\\r?\n")  # a backslash at the end of a line (quicker than `in` here)
TAGGED = ("#,", "#:", "#.")  # flags, references, extracted comments: never part of the header

SYNTAX_HINT = 'every line of an entry is a comment (#), a keyword with a "string", or a "string"'


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


def _decode(body: str, line: int, col: int, problems: list[Diagnostic], relpath: str) -> tuple[str, bool]:
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


def _annotate(entry: Entry, kind: str, text: str) -> None:
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


class _Declined(Exception):
    """The fast path does not read this text."""


def _fast_field(entry: Entry, key: str, number: int, body: str, more: str) -> int:
    """Set a field of `FAST_ENTRY` (its first body, its `"..."` lines after); the line after it."""
    strings = [_simple(body) if '"' in body or "\\" in body else body]
    if more:
        strings += _continuation(more[1:-2])
    entry.lines[key], entry.fields[key], entry.values[key] = number, strings, "".join(strings)
    return number + len(strings)


def _continuation(lines: str) -> list[str]:
    """The values of continuation lines, `a"\\n"b` for `"a"\\n"b"\\n` (a body has no line break)."""
    if "\\" not in lines:
        return lines.split('"\n"')
    if "\0" in lines:
        return [_unescape(body) for body in lines.split('"\n"')]
    return _unescape(lines.replace('"\n"', "\0")).split("\0")  # all at once: no escape makes a NUL


def _simple(body: str) -> str:
    """The value of a keyword's string in `FAST_ENTRY`; `_Declined` unless it is a `SIMPLE_BODY`."""
    if SIMPLE_STRING.fullmatch(body) is None:
        raise _Declined  # an unescaped quote, another escape, a backslash at the end
    return _unescape(body)


def _unescape(body: str) -> str:
    """What `_decode` makes of a `SIMPLE_BODY` (more quickly without `\\\\`)."""
    if "\\\\" in body:
        return _decode(body, 0, 0, [], "")[0]
    return body.replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t")  # in any order


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


def _obsolete_tail(text: str) -> int:
    """Where the paragraph holding the first `#~` line starts (`len(text)` when there is none, or
    when that line or the paragraph's lines above it are not of the usual shape: `read_fast` then
    declines the whole text)."""
    first = text.find("\n#~")
    if first < 0 or OBSOLETE_START.match(text, first + 1) is None:
        return len(text)
    blank = text.rfind("\n\n", 0, first + 1)
    if blank < 0:
        return len(text)
    start = blank + 2
    above = text[start : first + 1].split("\n")[:-1]  # the lines of the paragraph before the #~ line
    if any(not line.startswith("#") or line.startswith(("#~", "#|")) for line in above):
        return len(text)
    return start


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
        tail = _obsolete_tail(text)
        if not self.read_fast(text[:tail]):
            self.read_lines(text)
        elif tail < len(text):  # the obsolete entries at the end, line by line
            self.read_lines(text[tail:], text.count("\n", 0, tail))

    def read_fast(self, text: str) -> bool:
        """Read a catalog of the usual shape as `read_lines` would; False (and nothing read) if not.

        See the module docstring. A reader that has read more than header comments declines."""
        if not self.at_start or self.entry is not None or LINE_JOIN.search(text):
            return False
        if not text.endswith("\n"):
            text += "\n"  # the last line ends like the others (an empty line is skipped)
        entries: list[Entry] = []
        header: list[str] = []
        at_start, pos, number, match = True, 0, 0, FAST_ENTRY.match
        while (found := match(text, pos)) is not None:
            comments, ctxt, ctxt_more, msgid, msgid_more, msgstr, msgstr_more = found.groups()
            entry = None
            for line in comments[:-1].split("\n") if comments else ():
                comment = line.strip()  # as `comment` does: skip a blank or an empty #, #: or #. line
                if comment and comment not in TAGGED:
                    kind = comment[:2]
                    if at_start and kind not in TAGGED:
                        header.append(comment[2:] if len(comment) > 1 else "")
                    else:
                        if entry is None:
                            entry, at_start = Entry(number), False
                        _annotate(entry, kind, comment)
                number += 1
            at_start = False
            if entry is None:
                entry = Entry(number)
            entry.obsolete = False
            try:
                if ctxt is not None:
                    number = _fast_field(entry, "msgctxt", number, ctxt, ctxt_more)
                number = _fast_field(entry, "msgid", number, msgid, msgid_more)
                start, number = number, _fast_field(entry, "msgstr", number, msgstr, msgstr_more)
            except _Declined:
                return False
            strings = entry.fields["msgstr"]
            if len(strings) == 1:
                entry.pieces.append((start, strings[0]))
            else:
                entry.pieces += zip(range(start, number), strings, strict=True)
            entry.last = number - 1
            entries.append(entry)
            pos = found.end()
        if text[pos:].strip("\n"):
            return False  # something else: `read` hands the whole text to the line reader
        self.header += header
        self.entries += entries
        self.at_start = at_start
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
        _annotate(entry, kind, text)

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
        value, valid = _decode(body, number, col, self.problems, self.relpath)
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
