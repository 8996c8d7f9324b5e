"""The fast path of `poread.Reader`: a catalog of the usual shape read with one regex per entry.

Most catalogs are well formed and of one shape. `FAST_ENTRY` matches a whole entry at a time
(comment and blank lines, an optional msgctxt, msgid and msgstr, each with its continuation
strings, every line exactly `keyword "..."` or `"..."`, with no escape but \\n \\t \\" \\\\) and
the line numbers follow from the lines each group holds. Anything else (`#~`, `#|`, plurals, a
backslash at the end of a line, a space out of place, another escape, any error) declines the
whole text, which `poread`'s line reader then reads from its start. Obsolete (`#~`) entries are
usually all at the end, as msgmerge leaves them: `obsolete_tail` finds where they begin, so
that everything before them can be read here and only the rest by the line reader.

The fast path never reports a problem: it reads a catalog the line reader would read without
one, and builds the same entries; the line reader remains the reference for every diagnostic
(tests/i18n/test_poread_fast.py compares the two).
"""

from __future__ import annotations

import re

from glocal.i18n.poentry import TAGGED, Entry, annotate, decode

# FAST_ENTRY is one entry: a keyword's string runs to the last quote of its line (`_simple`
# checks it), a continuation line has no escape but \n \t \" \\.
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


def read(text: str) -> tuple[list[str], list[Entry], bool] | None:
    """The header comments, the entries, and whether the text held nothing but header comments,
    as the line reader would read `text` from a catalog's start; None if the text is not of the
    usual shape (and then nothing is read)."""
    if LINE_JOIN.search(text):
        return None
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
                    annotate(entry, kind, comment)
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
            return None
        strings = entry.fields["msgstr"]
        if len(strings) == 1:
            entry.pieces.append((start, strings[0]))
        else:
            entry.pieces += zip(range(start, number), strings, strict=True)
        entry.last = number - 1
        entries.append(entry)
        pos = found.end()
    if text[pos:].strip("\n"):
        return None  # something else: `Reader.read` hands the whole text to the line reader
    return header, entries, at_start


def obsolete_tail(text: str) -> int:
    """Where the paragraph holding the first `#~` line starts (`len(text)` when there is none, or
    when that line or the paragraph's lines above it are not of the usual shape: `read` then
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
    """What `decode` makes of a `SIMPLE_BODY` (more quickly without `\\\\`)."""
    if "\\\\" in body:
        return decode(body, 0, 0, [], "")[0]
    return body.replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t")  # in any order
