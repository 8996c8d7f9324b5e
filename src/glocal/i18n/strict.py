"""A strict PO reader: GNU gettext's grammar and the checks of `msgfmt --check`, at exact lines.

polib reads leniently: an unterminated string silently loses its last character, a message
defined twice is kept twice, `\\q` passes. `poread` follows GNU gettext's lexer and grammar;
this module adds the checks `msgfmt --check` makes over the whole catalog (`msgl-check.c`:
duplicates, the header, Plural-Forms, line breaks; format strings come from msgfmt itself) and
builds the same polib objects polib does for a well-formed file, so writing them back changes
nothing; a catalog read to be written again also remembers its text, entry by entry (`layout`),
so that it keeps the layout of the tool that saved it. Each problem is a GL318-GL327 diagnostic at its line
(and column when known).

An entry with a problem is *broken*: it is kept (its msgid, comments and flags) but its
translation is emptied, so a site shows the source text for it and counts it as untranslated.
Both entries of a duplicate are broken: Glocal cannot know which translation is meant.
"""

from __future__ import annotations

import codecs
import gettext
import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache

import polib

from glocal.diagnostics import Diagnostic, Related, Span
from glocal.i18n import layout
from glocal.i18n.poread import Entry, Reader

CHARSET = re.compile(r"charset=([^\s;]*)")
PLURAL_CHECK_RANGE = range(0, 1001)  # the values of n msgfmt evaluates a plural expression for


# --- checks over the whole catalog ------------------------------------------------------------


def _duplicates(entries: list[Entry], relpath: str) -> list[Diagnostic]:
    """GNU: a second message with the same msgctxt and msgid, obsolete or not, is an error."""
    first: dict[tuple[str | None, str | None], Entry] = {}
    problems = []
    for entry in entries:
        key = (entry.value("msgctxt"), entry.value("msgid"))
        if key not in first:
            first[key] = entry
            continue
        earlier = first[key]
        earlier.broken = entry.broken = True
        context = f" in context {key[0]!r}" if key[0] is not None else ""
        problems.append(
            Diagnostic(
                "GL323",
                f"duplicate message: msgid {(key[1] or '')[:60]!r}{context} is defined twice; "
                "neither translation is used",
                Span(relpath, entry.lines["msgid"]),
                hint="keep one of the two entries",
                related=(Related(Span(relpath, earlier.lines["msgid"]), "first"),),
            )
        )
    return problems


def _header_line(header: Entry, needle: str) -> int:
    """The line of the header's msgstr where `needle` (e.g. `charset=`) is; its msgstr line if none."""
    offsets, text = [], ""
    for _, piece in header.pieces:
        offsets.append(len(text))
        text += piece
    found = text.find(needle)
    if found < 0 or not header.pieces:
        return header.lines.get("msgstr", header.first)
    return header.pieces[bisect_right(offsets, found) - 1][0]


def _charset(header: Entry | None, relpath: str, lines: list[str]) -> list[Diagnostic]:
    """msgfmt --check-header: a header entry must exist; Glocal also wants it to say UTF-8."""
    hint = 'a catalog starts with msgid "" and msgstr "Content-Type: text/plain; charset=UTF-8\\n"'
    if header is None:
        return [
            Diagnostic(
                "GL325",
                'no header entry (msgid ""): msgfmt rejects the catalog',
                Span(relpath, 0, 0),
                hint=hint,
            )
        ]
    match = CHARSET.search(header.value("msgstr") or "")
    if match is None:
        return []  # msgfmt only warns; Glocal reads UTF-8
    charset = match.group(1)
    line = _header_line(header, "charset=")
    col = max(lines[line].find("charset="), 0) + len("charset=") if line < len(lines) else 0
    if charset.upper() == "CHARSET":
        if relpath.endswith(".pot"):
            return []  # a template may keep xgettext's placeholder
        problem = "charset is still the template's placeholder CHARSET: expected charset=UTF-8"
    else:
        try:
            name = codecs.lookup(charset).name
        except LookupError:
            name = None
        if charset.upper() == "UTF-8":
            return []
        problem = (
            f"unknown charset {charset!r}: expected charset=UTF-8"
            if name is None
            else f"Glocal reads and writes catalogs as UTF-8: expected charset=UTF-8 but found {charset}"
        )
    return [Diagnostic("GL325", problem, Span(relpath, line, col), hint=hint)]


@lru_cache(maxsize=64)
def _plural_problem(expression: str, nplurals: int | None) -> str | None:
    """What is wrong with a plural expression, as msgfmt finds it (evaluated for n = 0..1000)."""
    try:
        evaluate = gettext.c2py(expression)
    except (ValueError, RecursionError) as exc:
        return f"invalid plural expression {expression!r}: {exc}"
    if nplurals is None:
        return None
    for n in PLURAL_CHECK_RANGE:
        try:
            result = evaluate(n)
        except ZeroDivisionError:
            return f"the plural expression {expression!r} divides by zero (for n = {n})"
        if result < 0:
            return f"the plural expression {expression!r} gives a negative value (for n = {n})"
        if result >= nplurals:
            return (
                f"nplurals = {nplurals} but the plural expression {expression!r} gives {result} "
                f"(for n = {n}): expected values from 0 to {nplurals - 1}"
            )
    return None


def _plural_forms(header: Entry | None, entries: list[Entry], relpath: str) -> list[Diagnostic]:
    """nplurals= and plural= in the header (msgfmt looks for them anywhere in it): valid, in range."""
    if header is None:
        return []
    text = header.value("msgstr") or ""
    hint = "for example: `Plural-Forms: nplurals=2; plural=(n != 1);`"
    has_nplurals, has_plural = "nplurals=" in text, "plural=" in text
    plural_entry = next((e for e in entries if "msgid_plural" in e.fields and not e.obsolete), None)
    if plural_entry is not None and not (has_nplurals and has_plural):
        missing = "nplurals=INTEGER" if not has_nplurals else "plural=EXPRESSION"
        where = plural_entry.lines.get("msgstr[0]", plural_entry.lines["msgid"])
        message = f"this catalog has plural translations but its Plural-Forms header has no {missing}"
        return [Diagnostic("GL324", message, Span(relpath, where), hint=hint)]
    field_at = re.search(r"(?:^|\n)Plural-Forms:", text)
    for needle in ("nplurals=", "plural="):
        at = text.find(needle)
        if field_at is not None and 0 <= at < field_at.end():
            message = f"{needle} before the Plural-Forms field: msgfmt reads the first {needle} in the header"
            return [Diagnostic("GL324", message, Span(relpath, _header_line(header, needle)), hint=hint)]
    nplurals = None
    if has_nplurals:
        rest = text[text.index("nplurals=") + len("nplurals=") :].lstrip(" \t")
        digits = re.match(r"\d+", rest)
        if digits is None:
            message = f"invalid nplurals value: expected a number but found {rest.split(';')[0][:20]!r}"
            return [Diagnostic("GL324", message, Span(relpath, _header_line(header, "nplurals=")), hint=hint)]
        nplurals = int(digits.group(0))
    if not has_plural:
        return []
    expression = re.split(r"[;\n]", text[text.index("plural=") + len("plural=") :])[0].strip()
    problem = _plural_problem(expression, nplurals)
    line = _header_line(header, "plural=")
    return [] if problem is None else [Diagnostic("GL324", problem, Span(relpath, line), hint=hint)]


def _newlines(entry: Entry, relpath: str) -> list[Diagnostic]:
    """msgfmt --check: msgid, msgid_plural and every msgstr all begin (and end) with \\n, or none does."""
    msgid = entry.value("msgid") or ""
    keys = ["msgid_plural", *entry.forms] if "msgid_plural" in entry.fields else ["msgstr"]
    problems = []
    for where, test in (("begin", str.startswith), ("end", str.endswith)):
        expected = test(msgid, "\n")
        must = "" if expected else "not "
        for key in keys:
            if test(entry.value(key) or "", "\n") != expected:
                problems.append(
                    Diagnostic(
                        "GL326",
                        f"msgid and {key} do not both {where} with a line break",
                        Span(relpath, entry.lines.get("msgstr", entry.lines.get("msgstr[0]", entry.first))),
                        hint=f"the translation must {must}{where} with \\n, like the msgid",
                    )
                )
                break
    return problems


def _translated(entry: Entry) -> bool:
    if entry.obsolete or "fuzzy" in entry.flags or not entry.value("msgid"):
        return False
    first = entry.value("msgstr[0]") if "msgid_plural" in entry.fields else entry.value("msgstr")
    return bool(first)


# --- polib objects ----------------------------------------------------------------------------


def _entry(entry: Entry) -> polib.POEntry:
    """The polib entry, its attributes set as `polib.POEntry(**fields)` sets them (a test holds
    them equal), without its keyword lookups: a check at scale makes 180,000 of them. They are
    set one by one in `__init__`'s order, so that the entries share one layout of attribute names
    (a filled-in `__dict__` would take 2.4 times the memory)."""
    values, broken = entry.values, entry.broken
    made = _NEW_ENTRY(polib.POEntry)
    made.msgid = values.get("msgid", "")
    made.msgstr = "" if broken or "msgid_plural" in values else values.get("msgstr", "")
    made.msgid_plural = values.get("msgid_plural", "")
    made.msgstr_plural = {
        int(key[7:-1]): "" if broken else values[key] for key in entry.forms if key[7:-1].isdigit()
    }
    made.msgctxt = values.get("msgctxt")
    made.obsolete = bool(entry.obsolete)
    made.encoding = polib.default_encoding
    made.comment = "\n".join(entry.comment)
    made.tcomment = "\n".join(entry.tcomment)
    made.occurrences = entry.occurrences
    made.flags = entry.flags
    made.previous_msgctxt = values.get("#|msgctxt")
    made.previous_msgid = values.get("#|msgid")
    made.previous_msgid_plural = values.get("#|msgid_plural")
    made.linenum = entry.first + 1
    return made


_NEW_ENTRY = polib.POEntry.__new__


def _metadata(msgstr: str) -> dict[str, str]:
    """Header fields exactly as polib reads them (a line without a colon continues the last field)."""
    metadata: dict[str, str] = {}
    key = None
    for line in msgstr.splitlines():
        name, colon, value = line.partition(":")
        if colon:
            key = name
            metadata[key] = value.strip()
        elif key is not None:
            metadata[key] += "\n" + line.strip()
    return metadata


def _format_problems(
    entries: list[Entry], found: Sequence[tuple[int, str]], relpath: str
) -> list[Diagnostic]:
    """GL327 for what `msgfmt --check-format` found (0-based line, message); each entry is broken."""
    firsts = [entry.first for entry in entries]
    problems = []
    for line, message in found:
        index = bisect_right(firsts, line) - 1
        if index >= 0:
            entries[index].broken = True
        problems.append(
            Diagnostic(
                "GL327",
                f"{message} (msgfmt --check-format)",
                Span(relpath, line),
                hint="keep every format directive of the msgid (%s, %(name)s, {name}...) in the translation",
            )
        )
    return problems


def parse(
    text: str, relpath: str, format_errors: Sequence[tuple[int, str]] = (), *, keep_layout: bool = False
) -> tuple[polib.POFile, list[Diagnostic]]:
    """The catalog in `text` and every problem `msgfmt --check` would report, at its line.

    `format_errors` are what `msgfmt --check-format` said about the same text (see `catalog`),
    as (0-based line, message): format strings are checked by GNU gettext itself. With
    `keep_layout` the catalog remembers `text` (see `layout`), for a caller that will write it."""
    reader = Reader(relpath)
    if text.startswith("\ufeff"):
        reader.problems.append(
            Diagnostic(
                "GL320",
                "a byte order mark (BOM) before the first line: msgfmt rejects it",
                Span(relpath, 0, 0),
                hint="save the catalog as UTF-8 without BOM",
            )
        )
        text = text[1:]
    reader.read(text)
    entries = reader.entries
    problems = reader.problems
    problems += _duplicates(entries, relpath)
    header = next(
        (e for e in entries if not e.obsolete and e.value("msgid") == "" and "msgctxt" not in e.fields), None
    )
    metadata = _metadata(header.value("msgstr") or "") if header is not None else {}
    problems += _charset(header, relpath, text.split("\n"))
    if not relpath.endswith(".pot"):  # a template keeps xgettext's INTEGER / EXPRESSION placeholders
        problems += _plural_forms(header, entries, relpath)
    for entry in entries:
        if entry is not header and _translated(entry):
            found = _newlines(entry, relpath)
            if found:
                entry.broken = True
                problems += found
    problems += _format_problems(entries, format_errors, relpath)

    po = polib.POFile(wrapwidth=0)
    po.header = "\n".join(reader.header)
    if header is not None:
        po.metadata = metadata
        po.metadata_is_fuzzy = list(header.flags)
    spans = []
    for entry in entries:
        if entry is not header:
            po.append(_entry(entry))
            spans.append((entry.first, entry.last))
    if keep_layout:
        layout.remember(po, text, (header.first, header.last) if header is not None else None, spans)
    return po, problems
