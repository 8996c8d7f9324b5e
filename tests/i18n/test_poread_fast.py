"""The fast path of `poread.Reader` reads exactly what the line reader reads, or declines.

`Reader.read` first tries `read_fast` (one regex per entry) and falls back to `read_lines` (the
line reader, the reference for every diagnostic) for the whole text. Every catalog of the project
and its fixtures, a few hundred seeded mutants and a set of hand-made edge cases must come out the
same both ways: problems, header and every slot of every entry.
"""

from __future__ import annotations

import random

import pytest

from conftest import FIXTURES, REPO
from glocal.i18n.poread import Entry, Reader

ROOTS = (REPO / "locales", REPO / "src" / "glocal" / "locales", FIXTURES)
CATALOGS = sorted(path for root in ROOTS for path in root.rglob("*") if path.suffix in (".po", ".pot"))
GLOCAL_CATALOG = REPO / "locales/da/toolkits/ttt/glocal-delivery.po"


def text_of(path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace")  # some fixtures are not UTF-8


def snapshot(reader: Reader) -> tuple:
    """All a caller sees of a reader, as reprs (so that False, None and 0 differ)."""
    entries = [{slot: repr(getattr(entry, slot)) for slot in Entry.__slots__} for entry in reader.entries]
    return [repr(problem) for problem in reader.problems], reader.header, entries


def read_both(text: str, relpath: str = "locales/da/x.po") -> tuple[bool, tuple, tuple]:
    """Whether the fast path read `text`, and what `read` and `read_lines` made of it."""
    fast = Reader(relpath).read_fast(text)
    new, slow = Reader(relpath), Reader(relpath)
    new.read(text)
    slow.read_lines(text)
    return fast, snapshot(new), snapshot(slow)


# --- every catalog of the project and its fixtures --------------------------------------------


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: str(path.relative_to(REPO)))
def test_every_catalog_reads_the_same_both_ways(path):
    _, new, slow = read_both(text_of(path), str(path.relative_to(REPO)))
    assert new == slow


def test_the_catalogs_above_cover_both_paths():
    """Keeps the test above honest: most catalogs take the fast path, some (#~, #|) do not."""
    taken = [Reader(path.name).read_fast(text_of(path)) for path in CATALOGS]
    assert len(CATALOGS) > 250 and sum(taken) > 200 and taken.count(False) > 20


# --- the fast path is taken --------------------------------------------------------------------


def test_a_glocal_catalog_takes_the_fast_path(monkeypatch):
    text = GLOCAL_CATALOG.read_text(encoding="utf-8")
    fast, new, slow = read_both(text)
    assert fast and new == slow and len(new[2]) > 10

    def line_reader(self, text):
        raise AssertionError("Reader.read fell back to the line reader")

    monkeypatch.setattr(Reader, "read_lines", line_reader)
    reader = Reader("locales/da/x.po")
    reader.read(text)
    assert reader.entries and not reader.problems


def test_every_project_catalog_without_obsolete_or_previous_lines_takes_the_fast_path():
    """Glocal writes its catalogs in the shape `FAST_ENTRY` reads: if this fails, either a catalog
    has a new shape (plurals?) that `read_fast` should learn, or the fast path lost a case."""
    catalogs = [path for path in CATALOGS if FIXTURES not in path.parents]
    plain = [path for path in catalogs if "\n#~" not in text_of(path) and "\n#|" not in text_of(path)]
    assert len(plain) > 200
    assert [path.name for path in plain if not Reader(path.name).read_fast(text_of(path))] == []


def test_a_declined_text_leaves_the_reader_untouched():
    reader = Reader("x.po")
    assert not reader.read_fast('# c\nmsgid "a"\nmsgstr "b"\n\n#~ msgid "old"\n#~ msgstr "x"\n')
    assert (reader.entries, reader.header, reader.problems, reader.at_start) == ([], [], [], True)


def test_a_second_text_read_into_the_same_reader():
    for first, second in [
        ("# only a comment\n", 'msgid "a"\nmsgstr "b"\n'),
        ('msgid "a"\nmsgstr "b"\n', 'msgid "c"\nmsgstr "d"\n'),
        ('msgid "a"\n', 'msgstr "b"\n'),
    ]:
        new, slow = Reader("x.po"), Reader("x.po")
        new.read(first)
        new.read(second)
        slow.read_lines(first)
        slow.read_lines(second)
        assert snapshot(new) == snapshot(slow)


# --- hand-made cases at the edge of the fast path ----------------------------------------------

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
CASES = {
    # name: (text, whether the fast path reads it)
    "empty": ("", True),
    "header only": (HEADER, True),
    "no final line break": (HEADER + 'msgid "a"\nmsgstr "b"', True),
    "blank lines first and last": ("\n\n" + HEADER + 'msgid "a"\nmsgstr "b"\n\n\n', True),
    "no blank line between entries": ('msgid "a"\nmsgstr "b"\n#: x.md:1\nmsgid "c"\nmsgstr "d"\n', True),
    "header comments": ("# Title\n#\n#not spaced\n##x\n\n# more\n#, fuzzy\n# after\n" + HEADER, True),
    "empty flag, reference and extracted lines": (
        "#,\n#:  \n#.\n" + HEADER + '#,\nmsgid "a"\nmsgstr ""\n',
        True,
    ),
    "comments of every kind": (
        HEADER + "#  two spaces\n#.  extracted\n#.x\n#: a.md:1 b.md c:d e:12 :3 f:\n"
        '#, fuzzy, python-format ,, x\n#\tTab\n#:\ta.md:2\t\n# trailing  \t\nmsgid "a"\nmsgstr "b"\n',
        True,
    ),
    "blank lines among comments": (HEADER + '#: a.md:1\n\n#. x\n\nmsgid "a"\nmsgstr "b"\n', True),
    "msgctxt": (HEADER + '#: a.md:1\nmsgctxt "menu"\n"more"\nmsgid "Open"\nmsgstr "Åbn"\n', True),
    "empty msgctxt": (HEADER + 'msgctxt ""\nmsgid "Open"\nmsgstr "Åbn"\n', True),
    "continuation lines": (HEADER + 'msgid ""\n"a "\n"b"\nmsgstr ""\n"c"\n""\n"d"\n', True),
    "simple escapes": (HEADER + 'msgid "a\\"b\\\\c\\nd\\te\\\\n"\nmsgstr "\\\\\\"x\\\\"\n', True),
    "escapes in continuation lines": (
        HEADER + 'msgid ""\n"\\\\"\n"\\"\\"\\n"\nmsgstr ""\n"\\t\\\\\\\\"\n',
        True,
    ),
    "a quote and a line break escaped": (
        HEADER + 'msgid ""\n"\\"\\n\\""\n"x"\nmsgstr ""\n"\\"\\n\\""\n',
        True,
    ),
    "NUL in continuation lines": (HEADER + 'msgid ""\n"a\\n\x00"\n"\x00b\\n"\nmsgstr "x"\n', True),
    "raw tab, CR and form feed in a string": (HEADER + 'msgid "a\tb\rc\x0cd"\nmsgstr "\u2028"\n', True),
    "CR in a comment": (HEADER + '#: a.md:1\r\n# x\ry\nmsgid "a"\nmsgstr "b"\n', True),
    "CRLF line ends": (HEADER.replace("\n", "\r\n") + 'msgid "a"\r\nmsgstr "b"\r\n', False),
    "octal escape": (HEADER + 'msgid "\\101"\nmsgstr ""\n', False),
    "hex escape": (HEADER + 'msgid "a"\nmsgstr "\\x41"\n', False),
    "other escapes": (HEADER + 'msgid "a"\nmsgstr "\\r\\a\\b\\f\\v"\n', False),
    "invalid escape": (HEADER + 'msgid "\\q"\nmsgstr ""\n', False),
    "invalid escape in a continuation line": (HEADER + 'msgid ""\n"\\q"\nmsgstr ""\n', False),
    "backslash at the end of a string": (HEADER + 'msgid "a\\"\nmsgstr ""\n', False),
    "backslash-newline": (HEADER + '# x \\\nmsgid "a"\nmsgstr "b"\n', False),
    "backslash-CRLF": (HEADER + '# x \\\r\nmsgid "a"\nmsgstr "b"\n', False),
    "unescaped quote": (HEADER + 'msgid "a"b"\nmsgstr ""\n', False),
    "two strings on a line": (HEADER + 'msgid "a" "b"\nmsgstr ""\n', False),
    "unclosed string": (HEADER + 'msgid "a\nmsgstr ""\n', False),
    "keyword with a tab": (HEADER + 'msgid\t"a"\nmsgstr ""\n', False),
    "keyword without a space": (HEADER + 'msgid"a"\nmsgstr ""\n', False),
    "trailing space": (HEADER + 'msgid "a" \nmsgstr ""\n', False),
    "indented keyword": (HEADER + ' msgid "a"\nmsgstr ""\n', False),
    "indented comment": (HEADER + ' #: a.md:1\nmsgid "a"\nmsgstr ""\n', False),
    "comment after a string": (HEADER + 'msgid "a" # x\nmsgstr ""\n', False),
    "blank line inside an entry": (HEADER + 'msgid "a"\n\nmsgstr ""\n', False),
    "comment inside an entry": (HEADER + 'msgid "a"\n# x\nmsgstr ""\n', False),
    "missing msgstr": (HEADER + 'msgid "a"\n\nmsgid "b"\nmsgstr ""\n', False),
    "second msgstr": (HEADER + 'msgid "a"\nmsgstr ""\nmsgstr ""\n', False),
    "trailing comments": (HEADER + 'msgid "a"\nmsgstr ""\n\n# the end\n', False),
    "only comments": ("# a comment\n#: a.md:1\n", False),
    "plural": (HEADER + 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[1] "bs"\n', False),
    "obsolete": (HEADER + 'msgid "a"\nmsgstr ""\n\n#~ msgid "b"\n#~ msgstr "c"\n', False),
    "previous": (HEADER + '#, fuzzy\n#| msgid "b"\nmsgid "a"\nmsgstr ""\n', False),
    "unknown keyword": (HEADER + 'msgfoo "a"\nmsgstr ""\n', False),
    "domain": ('domain "x"\n' + HEADER, False),
    "byte order mark": ("\ufeff" + HEADER, False),
}


@pytest.mark.parametrize("name", CASES)
def test_edge_cases_read_the_same_both_ways(name):
    text, expected = CASES[name]
    fast, new, slow = read_both(text)
    assert new == slow
    assert fast == expected
    assert not fast or not slow[0], "the fast path read a text with a problem"


# --- obsolete entries at the end: the entries above them read fast, the rest line by line -----

ABOVE = HEADER + '#: a.md:1\nmsgid "a"\nmsgstr "b"\n\n'
OLD = '#~ msgid "old"\n#~ msgstr "gammel"\n'
TAIL_CASES = {
    # name: (text, whether the entries above the first obsolete one are read fast)
    "obsolete entries at the end": (ABOVE + OLD + "\n" + OLD.replace("old", "older"), True),
    "comments above the obsolete entry": (ABOVE + "# translator\n#, fuzzy\n#:\n" + OLD, True),
    "obsolete previous msgid": (ABOVE + '#~| msgid "older"\n' + OLD, True),
    "obsolete msgctxt": (ABOVE + '#~ msgctxt "menu"\n' + OLD, True),
    "obsolete keyword after a tab": (ABOVE + '#~\tmsgid "old"\n#~ msgstr ""\n', True),
    "a live entry after the obsolete one": (ABOVE + OLD + '\nmsgid "c"\nmsgstr "d"\n', True),
    "a problem among the obsolete entries": (ABOVE + OLD + '\n#~ msgid "x\n#~ msgstr "y"\n\n', True),
    "a problem after the obsolete entries": (ABOVE + OLD + '\nmsgid "c"\n', True),
    "a broken line joined after them": (ABOVE + OLD + "# x \\\n", True),
    "obsolete msgstr first": (ABOVE + '#~ msgstr "x"\n', False),
    "obsolete string first": (ABOVE + '#~ "x"\n', False),
    "obsolete msgid_plural first": (ABOVE + '#~ msgid_plural "x"\n' + OLD, False),
    "no blank line above": (ABOVE.rstrip("\n") + "\n" + OLD, False),
    "an entry in the paragraph above": (ABOVE + 'msgid "c"\nmsgstr "d"\n' + OLD, False),
    "a previous line in the paragraph above": (ABOVE + '#| msgid "c"\n' + OLD, False),
    "a problem above the obsolete entries": (ABOVE.replace('"a"', '"a') + OLD, False),
    "only obsolete entries": (OLD, False),
    "CRLF line ends": ((ABOVE + OLD).replace("\n", "\r\n"), False),
}


@pytest.mark.parametrize("name", TAIL_CASES)
def test_obsolete_entries_at_the_end_read_the_same_both_ways(name, monkeypatch):
    text, split = TAIL_CASES[name]
    calls: list[int] = []
    line_reader = Reader.read_lines

    def counted(self, text, offset=0):
        calls.append(offset)
        line_reader(self, text, offset)

    monkeypatch.setattr(Reader, "read_lines", counted)
    new, slow = Reader("locales/da/x.po"), Reader("locales/da/x.po")
    new.read(text)
    slow.read_lines(text)
    assert snapshot(new) == snapshot(slow)
    assert calls[0] > 0 if split else calls[0] == 0  # > 0: the line reader read only the rest


def test_sample_catalogs_with_obsolete_entries_read_most_of_them_fast(monkeypatch):
    """The project's catalogs with `#~` entries (msgmerge keeps them at the end) read only those
    line by line."""
    lines_read: list[int] = []
    line_reader = Reader.read_lines

    def counted(self, text, offset=0):
        lines_read.append(text.count("\n"))
        line_reader(self, text, offset)

    monkeypatch.setattr(Reader, "read_lines", counted)
    catalogs = [path for path in CATALOGS if FIXTURES not in path.parents and "\n#~" in text_of(path)]
    assert len(catalogs) > 20
    for path in catalogs:
        Reader(path.name).read(text_of(path))
    assert sum(lines_read) < sum(text_of(path).count("\n") for path in catalogs) / 2


# --- seeded mutations --------------------------------------------------------------------------

MUTATION_BASES = [
    GLOCAL_CATALOG.read_text(encoding="utf-8"),
    (FIXTURES / "corpus/po/mkdocs-theme-catalogs/mkdocs/themes/mkdocs/messages.pot").read_text(
        encoding="utf-8"
    ),
    CASES["comments of every kind"][0]
    + '\n#: b.md:1\nmsgctxt "menu"\nmsgid ""\n"Open \\"it\\"\\n"\n"\\\\ now"\nmsgstr "Åbn\\tnu"\n'
    '\n#. x\nmsgid "one"\nmsgstr ""\n"en"\n',
    TAIL_CASES["comments above the obsolete entry"][0] + "\n" + TAIL_CASES["obsolete previous msgid"][0],
]
INSERTIONS = [
    '"', "\\", "\n", "\n\n", " ", "\t", "\r", "\x00", "\ufeff", "\u2028", "#", "#~ ", "#~| ", "#| ",
    '#| msgid "x"\n', "\\q", "\\x41", "\\101", "\\\\", "\\n", "\\t", '\\"', "\\\n", "\\r", "msgid ",
    'msgid "x"\n', 'msgstr "', 'msgstr "y"\n', 'msgctxt "c"\n', 'msgid_plural "p"\n', 'msgstr[0] "a"\n',
    'msgstr[1] "b"\n', "msgstr[x] ", "#, fuzzy\n", "#,\n", "#:\n", "#: a.md:1 b.md\n", "#.\n", "#. x\n",
    "# t\n", "#\n", ":", ",", "é", "domain ",
]  # fmt: skip


def mutate(rng: random.Random, text: str) -> str:
    """One random edit: a token inserted (often at a line start), a character, line or final line
    break removed, a line repeated or moved, a string split in two."""
    lines = text.split("\n")
    kind = rng.randrange(8)
    if kind == 0:
        lines.insert(rng.randrange(len(lines)), lines[rng.randrange(len(lines))])
    elif kind == 1:
        del lines[rng.randrange(len(lines))]
    elif kind == 2:
        at = rng.randrange(len(lines) - 1)
        lines[at], lines[at + 1] = lines[at + 1], lines[at]
    elif kind == 3:
        strings = [at for at, line in enumerate(lines) if line.endswith('"') and len(line) > 3]
        if strings:
            at = rng.choice(strings)
            cut = rng.randrange(lines[at].index('"') + 1, len(lines[at]))
            lines[at] = lines[at][:cut] + '"\n"' + lines[at][cut:]
    elif kind == 4:
        at = rng.randrange(len(text))
        return text[:at] + text[at + 1 :]
    elif kind == 5:
        return text.rstrip("\n") if rng.random() < 0.5 else text + "\n" * rng.randrange(1, 3)
    else:
        at = rng.randrange(len(lines))
        column = 0 if rng.random() < 0.5 else rng.randrange(len(lines[at]) + 1)
        lines[at] = lines[at][:column] + rng.choice(INSERTIONS) + lines[at][column:]
    return "\n".join(lines)


def test_seeded_mutants_read_the_same_both_ways():
    rng = random.Random(20261205)
    taken = declined = 0
    for number in range(1200):
        text = MUTATION_BASES[number % len(MUTATION_BASES)]
        for _ in range(rng.choice((1, 1, 2, 3))):
            text = mutate(rng, text)
        fast, new, slow = read_both(text)
        assert new == slow, repr(text)
        assert not fast or not slow[0], f"the fast path read a text with a problem: {text!r}"
        taken += fast
        declined += not fast
    assert taken > 200 and declined > 300  # both paths are exercised
