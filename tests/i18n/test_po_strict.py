"""Strict PO catalogs (GL318-GL326): every catalog is read as strictly as `msgfmt --check`.

Each malformed case is rejected by GNU msgfmt --check and reported by Glocal at the same line;
real translators' catalogs pass both and read exactly as polib reads them; a seeded mutation run
finds no catalog the two judge differently; an entry that could not be read is never published
(it falls back to the source text) and `glocal i18n update` never rewrites a catalog it could
not read.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from conftest import FIXTURES, REPO
from glocal.diagnostics import Diagnostic, Severity
from glocal.i18n import catalog, layout, strict
from glocal.i18n.checks import catalog_problems
from glocal.i18n.translations import Translations
from glocal.i18n.ui import labels_for

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")

MSGFMT = ["msgfmt", "--check-format", "--check-header", "--check-domain", "-o", "/dev/null"]
GNU_ERROR = re.compile(r"^[^:]+:(\d+):(?:(\d+):)? (?!warning)(.+)$")
CORPUS = FIXTURES / "corpus" / "po"
CORPUS_FILES = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".po", ".pot"))
PROJECT_CATALOGS = sorted((REPO / "locales").rglob("*.po")) + sorted(
    (REPO / "src" / "glocal" / "locales").glob("*/ui.po")
)
MARK = "  <--"  # marks the line Glocal must report (removed before the file is written)


def po(body: str, plural: str = "nplurals=2; plural=(n != 1);", charset: str = "UTF-8") -> str:
    """A catalog: a header with these Plural-Forms and charset (lines 1-4), a blank line, `body`."""
    return (
        'msgid ""\nmsgstr ""\n'
        f'"Content-Type: text/plain; charset={charset}\\n"\n'
        f'"Plural-Forms: {plural}\\n"\n\n' + body
    )


def mark_plural_forms(text: str) -> str:
    """Mark the Plural-Forms line (the header's last) as the one to report."""
    return text.replace('\\n"\n\n', '\\n"' + MARK + "\n\n", 1)


def msgfmt(path: Path) -> tuple[int, list[tuple[int, int | None, str]], str]:
    """GNU msgfmt --check's exit code, its errors as (line, column, message), and all it said."""
    run = subprocess.run(
        [*MSGFMT, str(path)], capture_output=True, text=True, env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"}
    )
    errors = []
    for line in run.stderr.splitlines():
        match = GNU_ERROR.match(line)
        if match:
            errors.append((int(match[1]), int(match[2]) if match[2] else None, match[3]))
    return run.returncode, errors, run.stderr


def glocal_errors(path: Path, relpath: str = "locales/da/test.po") -> list[Diagnostic]:
    """The errors `glocal check` reports for one catalog: reading it, then GL302 (plural forms)."""
    found, problems = catalog.read(path, relpath, partial=True)
    errors = [d for d in problems if d.level is Severity.ERROR]
    if found is not None:
        errors += [d for d in catalog_problems(found, relpath, "da", None, []) if d.code == "GL302"]
    return errors


def write_case(tmp_path: Path, text: str, name: str = "case.po") -> tuple[Path, int]:
    """Write `text` without its mark; the 1-based line that carried the mark."""
    lines = text.split("\n")
    marked = next(i for i, line in enumerate(lines) if line.endswith(MARK))
    lines[marked] = lines[marked][: -len(MARK)]
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, marked + 1


# --- each malformed case: msgfmt --check rejects it, Glocal reports it at the same line -----------

#: (id, catalog with the line to report marked, code, message, where msgfmt reports it:
#: "same" line, the "next" line (msgfmt counts the line break an unterminated string runs into),
#: or the "header" entry's msgstr line (Glocal points at the field inside it).
CASES = [
    (
        "unterminated-msgstr",
        po('msgid "Hello"\nmsgstr "Hej' + MARK + '\n\nmsgid "Bye"\nmsgstr "Farvel"\n'),
        "GL318",
        'string not closed: expected a closing " before the end of the line',
        "next",
    ),
    (
        "unterminated-continuation",
        po('msgid ""\n"Hello "\n"world"\nmsgstr ""\n"Hej "\n"verden' + MARK + "\n"),
        "GL318",
        'string not closed: expected a closing " before the end of the line',
        "next",
    ),
    (
        "duplicate-msgid",
        po('msgid "Hello"\nmsgstr "Hej"\n\nmsgid "Hello"' + MARK + '\nmsgstr "Hallo"\n'),
        "GL323",
        "duplicate message: msgid 'Hello' is defined twice; neither translation is used (first at line 6)",
        "same",
    ),
    (
        "duplicate-msgctxt-and-msgid",
        po(
            'msgctxt "menu"\nmsgid "Open"\nmsgstr "Åbn"\n\nmsgctxt "verb"\nmsgid "Open"\nmsgstr "Åbne"\n\n'
            'msgctxt "menu"\nmsgid "Open"' + MARK + '\nmsgstr "Åben"\n'
        ),
        "GL323",
        "duplicate message: msgid 'Open' in context 'menu' is defined twice; neither translation is used "
        "(first at line 7)",
        "same",
    ),
    (
        "duplicate-obsolete",
        po('#~ msgid "old"\n#~ msgstr "gammel"\n\n#~ msgid "old"' + MARK + '\n#~ msgstr "forældet"\n'),
        "GL323",
        "duplicate message: msgid 'old' is defined twice; neither translation is used (first at line 6)",
        "same",
    ),
    (
        "plural-expression-unparseable",
        mark_plural_forms(po('msgid "a"\nmsgstr "b"\n', plural="nplurals=2; plural=(n !!= 1);")),
        "GL324",
        "invalid plural expression '(n !!= 1)': unbalanced parenthesis in plural form",
        "header",
    ),
    (
        "plural-expression-out-of-range",
        mark_plural_forms(po('msgid "a"\nmsgstr "b"\n', plural="nplurals=2; plural=n%10==1 ? 0 : 5;")),
        "GL324",
        "nplurals = 2 but the plural expression 'n%10==1 ? 0 : 5' gives 5 (for n = 0): "
        "expected values from 0 to 1",
        "header",
    ),
    (
        "plural-divides-by-zero",
        mark_plural_forms(po('msgid "a"\nmsgstr "b"\n', plural="nplurals=2; plural=n/0;")),
        "GL324",
        "the plural expression 'n/0' divides by zero (for n = 0)",
        "header",
    ),
    (
        "nplurals-not-a-number",
        mark_plural_forms(po('msgid "a"\nmsgstr "b"\n', plural="nplurals=x; plural=(n != 1);")),
        "GL324",
        "invalid nplurals value: expected a number but found 'x'",
        "header",
    ),
    (
        "plural-entries-without-nplurals",
        po(
            'msgid "one file"\nmsgid_plural "%d files"\nmsgstr[0] "en fil"'
            + MARK
            + '\nmsgstr[1] "%d filer"\n'
        ).replace("nplurals=2; ", ""),
        "GL324",
        "this catalog has plural translations but its Plural-Forms header has no nplurals=INTEGER",
        "same",
    ),
    (
        "more-plural-forms-than-nplurals",
        po('msgid "one"\nmsgid_plural "many"\nmsgstr[0] "en"\nmsgstr[1] "mange"\nmsgstr[2] "x"\n').replace(
            'msgid "one"', 'msgid "one"' + MARK
        ),
        "GL302",
        "the header declares 2 plural forms but this entry has 3",
        "entry",  # msgfmt names the entry's msgstr[0] line, `check` the entry's first line
    ),
    (
        "invalid-escape-q",
        po('msgid "Hello"\nmsgstr "He\\qj"' + MARK + "\n"),
        "GL319",
        'invalid escape sequence \\q: expected one of \\n \\t \\\\ \\" (or \\a \\b \\f \\r \\v, \\ooo octal, '
        "\\xhh hex)",
        "same",
    ),
    (
        "invalid-escape-question-mark",
        po('msgid "Why\\?"' + MARK + '\nmsgstr "Hvorfor?"\n'),
        "GL319",
        'invalid escape sequence \\?: expected one of \\n \\t \\\\ \\" (or \\a \\b \\f \\r \\v, \\ooo octal, '
        "\\xhh hex)",
        "same",
    ),
    (
        "missing-msgstr",
        po('msgid "Hello"' + MARK + '\n\nmsgid "Bye"\nmsgstr "Farvel"\n'),
        "GL321",
        "missing msgstr: expected msgstr after this msgid",
        "same",
    ),
    (
        "msgstr-index-without-msgid-plural",
        po('msgid "Hello"' + MARK + '\nmsgstr[0] "Hej"\n'),
        "GL321",
        "missing msgid_plural: this entry has msgstr[0] but no plural",
        "same",
    ),
    (
        "msgstr-index-skipped",
        po('msgid "one"\nmsgid_plural "many"\nmsgstr[0] "en"\nmsgstr[2] "mange"' + MARK + "\n"),
        "GL322",
        "plural form has the wrong index: expected msgstr[1] but found msgstr[2]",
        "same",
    ),
    (
        "stray-text",
        po('msgid "Hello"\nmsgstr "Hej"\nstray text here' + MARK + '\n\nmsgid "Bye"\nmsgstr "Farvel"\n'),
        "GL320",
        "unknown keyword 'stray': expected one of msgctxt, msgid, msgid_plural, msgstr",
        "same",
    ),
    (
        "misspelled-keyword",
        po('msgid "Hello"\nmsgstr_bogus "Hej"' + MARK + "\n"),
        "GL320",
        "unknown keyword 'msgstr_bogus': expected one of msgctxt, msgid, msgid_plural, msgstr",
        "same",
    ),
    (
        "msgstr-after-msgid-plural",
        po('msgid "one"\nmsgid_plural "many"\nmsgstr "en"' + MARK + "\n"),
        "GL320",
        "syntax error: an entry with msgid_plural expects msgstr[0], not msgstr",
        "same",
    ),
    (
        "inconsistent-obsolete",
        po('msgid "Hello"\n#~ msgstr "Hej"' + MARK + "\n"),
        "GL320",
        "inconsistent use of #~: part of this entry is obsolete and part is not",
        "same",
    ),
    (
        "domain-directive",
        po('domain "other"' + MARK + '\nmsgid "Hello"\nmsgstr "Hej"\n'),
        "GL320",
        "unknown directive (Glocal catalogs have one domain) 'domain': expected one of msgctxt, msgid, "
        "msgid_plural, msgstr",
        "same",
    ),
    (
        "comment-between-msgctxt-and-msgid",
        po('msgctxt "menu"\n#: file.md:3' + MARK + '\nmsgid "Open"\nmsgstr "Åbn"\n'),
        "GL320",
        "syntax error: a comment between msgctxt (or #|) and msgid",
        "next",  # msgfmt complains at the msgid that follows the comment
    ),
    (
        "python-format-directive-dropped",
        po('#, python-format\nmsgid "Hi %(name)s"\nmsgstr "Hej %(nom)s"' + MARK + "\n"),
        "GL327",
        "a format specification for argument 'name' doesn't exist in 'msgstr' (msgfmt --check-format)",
        "same",
    ),
    (
        "c-format-directives-swapped",
        po('#, c-format\nmsgid "%s and %d"\nmsgstr "%d og %s"' + MARK + "\n"),
        "GL327",
        "format specifications in 'msgid' and 'msgstr' for argument 1 are not the same "
        "(msgfmt --check-format)",
        "same",
    ),
    (
        "previous-msgid-after-msgctxt",
        po('msgctxt "menu"\n#| msgid "Opn"' + MARK + '\nmsgid "Open"\nmsgstr "Åbn"\n'),
        "GL320",
        "syntax error: a #| (previous) line after msgctxt",
        "same",
    ),
    (
        "line-break-mismatch",
        po('msgid "Hello\\n"\nmsgstr "Hej"' + MARK + "\n"),
        "GL326",
        "msgid and msgstr do not both end with a line break",
        "same",
    ),
]


def _expected_gnu_line(where: str, line: int) -> int:
    return {"same": line, "next": line + 1, "header": 2, "entry": line + 2}[where]


@pytest.mark.parametrize(("case", "text", "code", "message", "where"), CASES, ids=[c[0] for c in CASES])
def test_msgfmt_rejects_each_malformed_case_and_glocal_reports_it_at_the_same_line(
    case, text, code, message, where, tmp_path
):
    path, line = write_case(tmp_path, text)
    returncode, gnu, stderr = msgfmt(path)
    assert returncode != 0, f"msgfmt --check accepts {case}:\n{stderr}"
    assert _expected_gnu_line(where, line) in [g[0] for g in gnu], stderr

    found = [(d.code, d.line, d.text) for d in glocal_errors(path)]
    assert (code, line, message) in found, found
    assert all(d.level is Severity.ERROR for d in glocal_errors(path))


def test_escape_errors_point_at_msgfmts_column(tmp_path):
    path, line = write_case(tmp_path, po('msgid "Hello"\nmsgstr "He\\qj"' + MARK + "\n"))
    _, gnu, _ = msgfmt(path)
    assert gnu[0][:2] == (7, 12)
    assert [(d.line, d.col) for d in glocal_errors(path)] == [(7, 12)]


def test_invalid_utf8_is_gl301_at_msgfmts_line_and_column(tmp_path):
    path = tmp_path / "latin1.po"
    path.write_bytes(po('msgid "Hi"\nmsgstr "Hæj"\n').encode("utf-8").replace("æ".encode(), b"\xe6"))
    _, gnu, _ = msgfmt(path)
    assert gnu[0][:2] == (7, 10)
    assert [(d.code, d.line, d.col) for d in glocal_errors(path)] == [("GL301", 7, 10)]


def test_a_catalog_without_header_is_rejected_by_both(tmp_path):
    path = tmp_path / "headerless.po"
    path.write_text('msgid "Hello"\nmsgstr "Hej"\n', encoding="utf-8")
    returncode, _, stderr = msgfmt(path)
    assert returncode != 0 and "header missing" in stderr
    assert [(d.code, d.line, d.message) for d in glocal_errors(path)] == [
        ("GL325", 1, 'no header entry (msgid ""): msgfmt rejects the catalog')
    ]


def test_a_byte_order_mark_is_rejected_by_both(tmp_path):
    path = tmp_path / "bom.po"
    path.write_text("\ufeff" + po('msgid "a"\nmsgstr "b"\n'), encoding="utf-8")
    returncode, gnu, _ = msgfmt(path)
    assert returncode != 0 and gnu[0][0] == 1
    assert [(d.code, d.line) for d in glocal_errors(path)] == [("GL320", 1)]


@pytest.mark.parametrize("charset", ["FOO", "CHARSET"])
def test_a_bogus_charset_is_an_error_where_msgfmt_warns(charset, tmp_path):
    """msgfmt only warns that the charset "is not a portable encoding name"; Glocal, which reads and
    writes UTF-8, makes it an error at the charset itself."""
    path = tmp_path / "charset.po"
    path.write_text(po('msgid "a"\nmsgstr "b"\n', charset=charset), encoding="utf-8")
    col = path.read_text(encoding="utf-8").split("\n")[2].index("charset=") + len("charset=") + 1
    _, _, stderr = msgfmt(path)
    assert f'Charset "{charset}" is not a portable encoding name' in stderr
    found = [(d.code, d.line, d.col, d.message) for d in glocal_errors(path)]
    expected = (
        f"unknown charset {charset!r}: expected charset=UTF-8"
        if charset == "FOO"
        else "charset is still the template's placeholder CHARSET: expected charset=UTF-8"
    )
    assert found == [("GL325", 3, col, expected)]


def test_a_charset_other_than_utf8_is_an_error(tmp_path):
    path = tmp_path / "latin.po"
    path.write_text(po('msgid "a"\nmsgstr "b"\n', charset="ISO-8859-1"), encoding="utf-8")
    assert [(d.code, d.line, d.message) for d in glocal_errors(path)] == [
        ("GL325", 3, "Glocal reads and writes catalogs as UTF-8: expected charset=UTF-8 but found ISO-8859-1")
    ]


def test_a_template_may_keep_the_charset_and_plural_placeholders(tmp_path):
    path = tmp_path / "messages.pot"
    path.write_text(
        po('msgid "a"\nmsgstr ""\n', plural="nplurals=INTEGER; plural=EXPRESSION;", charset="CHARSET"),
        encoding="utf-8",
    )
    assert catalog.read(path, "locales/templates/messages.pot")[1] == []


FORMAT_AND_ESCAPE = po(
    '#, python-format\nmsgid "Hi %(name)s"\nmsgstr "Hej %(nom)s"\n\nmsgid "Bye"\nmsgstr "Far\\vel"\n\n'
    '#, python-format\nmsgid "%(n)d files"\nmsgstr "%(n)d filer"\n'
)


def test_an_entry_whose_format_msgfmt_rejects_is_not_used(tmp_path):
    path = tmp_path / "format.po"
    path.write_text(FORMAT_AND_ESCAPE.replace("\\vel", "vel"), encoding="utf-8")
    found, problems = catalog.read(path, "format.po", partial=True)
    assert [(d.code, d.line) for d in problems] == [("GL327", 8)]
    assert found is not None
    assert [(e.msgid, e.msgstr) for e in found] == [
        ("Hi %(name)s", ""),
        ("Bye", "Farvel"),
        ("%(n)d files", "%(n)d filer"),
    ]


def test_without_msgfmt_only_format_strings_go_unchecked(tmp_path, monkeypatch):
    """GNU gettext is a set-up dependency; should it be missing, everything else is still checked."""
    path = tmp_path / "format.po"
    path.write_text(FORMAT_AND_ESCAPE.replace('msgid "Bye"', 'msgid "Bye\\n"'), encoding="utf-8")
    assert [d.code for d in catalog.read(path, "format.po")[1]] == ["GL326", "GL327"]
    monkeypatch.setenv("PATH", str(tmp_path / "no-gettext-here"))
    assert [d.code for d in catalog.read(path, "format.po")[1]] == ["GL326"]


# --- what msgfmt accepts, Glocal accepts ---------------------------------------------------------

VALID = {
    "same-msgid-in-two-contexts": po(
        'msgctxt "menu"\nmsgid "Open"\nmsgstr "Åbn"\n\nmsgctxt "verb"\nmsgid "Open"\nmsgstr "Åbne"\n\n'
        'msgid "Open"\nmsgstr "Åben"\n'
    ),
    "keyword-and-string-on-two-lines": po('msgid\n"Hello"\nmsgstr "Hej" " verden"\n'),
    "crlf-line-endings": po('msgid "Hello"\nmsgstr "Hej"\n').replace("\n", "\r\n"),
    "every-valid-escape": po('msgid "a\\tb\\\\c\\"d\\ne\\a\\b\\f\\v\\r\\x41\\101"\nmsgstr "x\\x41\\101"\n'),
    "obsolete-with-previous": po(
        '#, fuzzy\n#~| msgid "older"\n#~ msgid "old"\n#~ msgstr "gammel"\n\n'
        '#, fuzzy\n#| msgid "Helo"\nmsgid "Hello"\nmsgstr "Hej"\n'
    ),
    "comment-after-a-string": po('msgid "Hello"\nmsgstr "Hej" # a note\n'),
    "backslash-newline-continuation": po('msgid "Hello"\nmsgstr "H\\\nej"\n'),
    "msgstr-index-with-a-leading-zero": po(
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "en"\nmsgstr[01] "x"\n'
    ),
    "one-plural-form": po(
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "một"\n', plural="nplurals=1; plural=0;"
    ),
    "plural-forms-without-final-semicolon": po('msgid "a"\nmsgstr "b"\n', plural="nplurals=2; plural=n>1"),
    "fuzzy-entry-with-a-line-break-mismatch": po('#, fuzzy\nmsgid "Hello\\n"\nmsgstr "Hej"\n'),
    "untranslated-with-a-line-break": po('msgid "Hello\\n"\nmsgstr ""\n'),
    "unusual-comments": po('#! a note\n##double\nmsgid "Hello"\nmsgstr "Hej"\n'),
}


@pytest.mark.parametrize("name", sorted(VALID))
def test_what_msgfmt_accepts_glocal_accepts(name, tmp_path):
    path = tmp_path / f"{name}.po"
    path.write_bytes(VALID[name].encode("utf-8"))
    returncode, _, stderr = msgfmt(path)
    assert returncode == 0, stderr
    assert catalog.read(path, "locales/da/x.po")[1] == []


def test_valid_escapes_and_continuations_read_as_gnu_reads_them(tmp_path):
    path = tmp_path / "values.po"
    path.write_bytes((VALID["every-valid-escape"] + 'msgid "Hi"\nmsgstr "H\\\nej" # note\n').encode())
    found, problems = catalog.read(path, "values.po")
    assert problems == [] and found is not None
    assert [(e.msgid, e.msgstr) for e in found] == [
        ('a\tb\\c"d\ne\a\b\f\v\rAA', "xAA"),
        ("Hi", "Hej"),
    ]


# --- real catalogs: both pass (or both fail), and Glocal reads exactly what polib reads ---------


@pytest.mark.parametrize(
    "path",
    CORPUS_FILES + PROJECT_CATALOGS,
    ids=lambda p: str(p.relative_to(REPO)).replace("tests/fixtures/", ""),
)
def test_real_catalogs_are_judged_like_msgfmt_and_read_like_polib(path, tmp_path):
    returncode, gnu, stderr = msgfmt(path)
    errors = glocal_errors(path, path.name)
    assert (returncode == 0) == (errors == []), f"msgfmt:\n{stderr}\nglocal: {[d.to_text() for d in errors]}"
    assert all(d.code == "GL302" for d in errors)  # Django's French catalogs use 3 forms, declare 2
    assert catalog.read(path, path.name)[1] == []  # no false error from the strict reader

    text = path.read_text(encoding="utf-8")
    ours, _ = strict.parse(text, path.name, keep_layout=True)
    theirs = polib.pofile(text, wrapwidth=0)
    assert [_fields(e) for e in ours] == [_fields(e) for e in theirs]
    assert (ours.header, ours.metadata) == (theirs.header, theirs.metadata)
    assert layout.plain(ours) == layout.plain(theirs)  # the same objects: polib writes them the same
    assert catalog.render(ours) == text  # and a catalog read from a file is written back as it was


def _fields(entry: polib.POEntry) -> tuple:
    return (
        entry.msgctxt,
        entry.msgid,
        entry.msgid_plural,
        entry.msgstr,
        sorted(entry.msgstr_plural.items()),
        entry.flags,
        bool(entry.obsolete),
        entry.previous_msgctxt,
        entry.previous_msgid,
        entry.previous_msgid_plural,
        entry.comment,
        entry.tcomment,
        entry.occurrences,
        entry.linenum,
    )


def test_the_django_catalogs_are_the_only_real_ones_msgfmt_rejects():
    """Keeps the test above honest: it sees both verdicts."""
    rejected = sorted(p.name for p in CORPUS_FILES if msgfmt(p)[0] != 0)
    assert rejected == ["conf-locale-fr-django.po", "contrib-admin-fr-djangojs.po"]


# --- seeded mutations: msgfmt and Glocal never judge a catalog differently -----------------------

MUTATIONS = [
    '"', "\\", "\n", "x", "#", " ", "[", "1", "msgid ", 'msgstr "', "#~ ", "\\q", "\\n", 'msgctxt "a"\n',
    '#| msgid "p"\n', "#, fuzzy\n", "nplurals=", "plural=", ";", "\\x", "\\1", "\t", "\r", "é", "?", ":",
    "%", "(", ")", 'msgstr[2] "z"\n', 'msgid_plural "q"\n',
]  # fmt: skip
MUTATION_BASE = (
    (REPO / "locales/da/curriculum/modules/shared-vision.po").read_text(encoding="utf-8")
    + '\nmsgctxt "menu"\nmsgid "Open"\nmsgstr "Åbn"\n\nmsgid "one file"\nmsgid_plural "%d files"\n'
    'msgstr[0] "en fil"\nmsgstr[1] "%d filer"\n\n#~ msgid "old"\n#~ msgstr "gammel"\n'
)


def mutate(rng: random.Random, text: str) -> str:
    """One random edit: a line repeated or removed, a character removed, or a token inserted."""
    lines = text.split("\n")
    kind = rng.random()
    if kind < 0.15:
        lines.insert(rng.randrange(len(lines)), lines[rng.randrange(len(lines))])
        return "\n".join(lines)
    if kind < 0.3:
        del lines[rng.randrange(len(lines))]
        return "\n".join(lines)
    at = rng.randrange(len(text) if rng.random() < 0.6 else 700)  # often in the header
    if kind < 0.45:
        return text[:at] + text[at + 1 :]
    return text[:at] + rng.choice(MUTATIONS) + text[at:]


def test_seeded_mutations_are_judged_alike_by_msgfmt_and_glocal(tmp_path):
    """msgfmt rejects a mutant (or warns that its charset is not portable) exactly when Glocal
    reports an error, and then at the same line: the same line, the next one (msgfmt counts an
    unterminated string's line break) or, for the header, anywhere in the header entry."""
    rng = random.Random(20261204)
    path = tmp_path / "mutant.po"
    header_end = MUTATION_BASE.split("\n").index("") + 1  # msgfmt names the header entry's msgstr line
    tried = rejected = 0
    for _ in range(250):
        text = mutate(rng, MUTATION_BASE)
        path.write_text(text, encoding="utf-8")
        returncode, gnu, stderr = msgfmt(path)
        errors = glocal_errors(path)
        gnu_rejects = returncode != 0 or "not a portable encoding name" in stderr
        assert gnu_rejects == bool(errors), (
            f"{text}\nmsgfmt:\n{stderr}\nglocal: {[d.to_text() for d in errors]}"
        )
        tried += 1
        if not gnu:
            continue
        rejected += 1
        ours = [d.line or 0 for d in errors]
        assert any(
            g - 1 <= o <= g or (g <= header_end and o <= header_end) for g, _, _ in gnu for o in ours
        ), f"msgfmt: {gnu}\nglocal: {[d.to_text() for d in errors]}"
    assert tried == 250 and rejected > 50


# --- policy: an entry that could not be read is never published ---------------------------------


def test_strict_read_refuses_a_broken_catalog_and_partial_read_empties_only_the_broken_entries(tmp_path):
    path, _ = write_case(
        tmp_path,
        po(
            'msgid "Hello"\nmsgstr "Hej' + MARK + '\n\nmsgid "Bye"\nmsgstr "Farvel"\n\n'
            'msgid "Yes"\nmsgstr "Ja"\n\nmsgid "Yes"\nmsgstr "Jo"\n'
        ),
    )
    refused, problems = catalog.read(path, "da.po")
    assert refused is None
    assert [(d.code, d.line) for d in problems] == [("GL318", 7), ("GL323", 15)]
    found, again = catalog.read(path, "da.po", partial=True)
    assert again == problems and found is not None
    assert [(e.msgid, e.msgstr) for e in found] == [
        ("Hello", ""),
        ("Bye", "Farvel"),
        ("Yes", ""),
        ("Yes", ""),
    ]


def test_a_truncated_translation_is_never_published(sample, glocal):
    """polib read `msgstr "Hvorfor strategien` as `Hvorfor strategie` and the site showed it."""
    relpath = "locales/da/curriculum/modules/shared-vision.po"
    path = sample / relpath
    text = path.read_text(encoding="utf-8")
    translation = "Hvorfor strategien kommer før træningsbehovet"
    assert f'msgstr "{translation}"\n' in text
    path.write_text(text.replace(f'msgstr "{translation}"', f'msgstr "{translation}'), encoding="utf-8")
    line = text.split(f'msgstr "{translation}"')[0].count("\n") + 1

    result = glocal("-C", sample, "check", "--format", "json")
    assert result.code == 1
    report = json.loads(result.out)
    found = [(d["code"], d["line"], d["col"]) for d in report["diagnostics"] if d["path"] == relpath]
    assert ("GL318", line, 8) in found
    before = next(s for s in report["sites"] if s["site"] == "nordics/da")["translated"]
    assert before < 1.0  # the entry counts as untranslated

    translations = Translations(sample)
    usable = translations.catalog("da", "curriculum/modules/shared-vision.md").translated
    assert "Why strategy comes before the training need" not in usable
    assert len(usable) > 20  # the rest of the catalog is used

    assert glocal("-C", sample, "build", "nordics/da").code == 1
    page = (sample / "site/nordics/da/modules/shared-vision.html").read_text(encoding="utf-8")
    assert translation[:-1] not in page  # neither the truncated word nor the whole translation
    assert re.search(r'class="glocal-fallback"[^>]*>Why strategy comes before the training need<', page)


def test_a_broken_ui_entry_falls_back_to_the_built_in_label(tmp_path):
    (tmp_path / "locales/da").mkdir(parents=True)
    (tmp_path / "locales/da/ui.po").write_text(
        po('msgid "Duration"\nmsgstr "Tid\n\nmsgid "Agenda"\nmsgstr "Dagsorden"\n'), encoding="utf-8"
    )
    labels = labels_for("da", tmp_path)
    assert labels.get("duration") == labels_for("da").get("duration") != "Ti"
    assert labels.get("agenda") == "Dagsorden"


def test_the_plural_forms_hint_and_the_update_refusal_read_as_one_sentence(sample, glocal):
    """GL324's example ended with the header's own ';', which update's refusal followed with '; '."""
    path = sample / "locales/da/curriculum/modules/shared-vision.po"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("plural=(n != 1);", "plural=(n !!= 1);"), encoding="utf-8")
    result = glocal("-C", sample, "i18n", "update", "--lang", "da")
    assert result.code == 1
    [line] = [line for line in result.err.splitlines() if "GL324" in line]
    assert line.endswith(
        "(hint: for example: `Plural-Forms: nplurals=2; plural=(n != 1);`; "
        "`glocal i18n update` left this catalog unchanged: fix this, then run it again)"
    )


# --- policy: `glocal i18n update` never rewrites a catalog it could not read --------------------


def test_update_leaves_a_broken_catalog_byte_identical_says_why_and_updates_the_rest(sample, glocal):
    broken = "locales/da/curriculum/modules/shared-vision.po"
    other = "locales/da/curriculum/program.po"
    path = sample / broken
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("msgid ") and i > 20)
    entry = lines[at : at + 2]  # a msgid and its msgstr: defined twice, msgfmt rejects the catalog
    lines[at:at] = [*entry, ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    before = path.read_bytes()
    (sample / other).write_text(
        (sample / other).read_text(encoding="utf-8").replace("#: curriculum/program.yml", "#: moved.yml"),
        encoding="utf-8",
    )
    returncode, gnu, _ = msgfmt(path)
    assert returncode != 0

    result = glocal("-C", sample, "i18n", "update")
    assert result.code == 1  # errors (the contract: 0 clean, 1 errors, 2 usage or I/O)
    assert path.read_bytes() == before
    assert f"{broken}:{at + 4}:1: error GL323: duplicate message" in result.err
    assert f"(first at line {at + 1})" in result.err
    assert "`glocal i18n update` left this catalog unchanged" in result.err
    assert f"updated {other}" in result.out
    assert "#: curriculum/program.yml" in (sample / other).read_text(encoding="utf-8")
    assert f"updated {broken}" not in result.out


def test_merge_reads_catalogs_named_by_absolute_path_outside_the_project(sample, glocal, tmp_path):
    """Only links inside the project are refused (GL013); a file named on the command line is read."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    definitions = elsewhere / "old.po"
    reference = elsewhere / "new.pot"
    definitions.write_text(po('msgid "Hello"\nmsgstr "Hej"\n'), encoding="utf-8")
    reference.write_text(po('msgid "Hello"\nmsgstr ""\n\nmsgid "Bye"\nmsgstr ""\n'), encoding="utf-8")
    result = glocal("-C", sample, "i18n", "merge", definitions, reference, "-o", elsewhere / "out.po")
    assert result.code == 0, result.err
    merged = polib.pofile(str(elsewhere / "out.po"))
    assert [(e.msgid, e.msgstr) for e in merged] == [("Hello", "Hej"), ("Bye", "")]


def test_merge_never_writes_a_catalog_it_could_not_read(sample, glocal, tmp_path):
    definitions = tmp_path / "old.po"
    definitions.write_text(
        po('msgid "Hello"\nmsgstr "Hej"\n\nmsgid "Hello"\nmsgstr "Hallo"\n'), encoding="utf-8"
    )
    reference = tmp_path / "new.pot"
    reference.write_text(po('msgid "Hello"\nmsgstr ""\n'), encoding="utf-8")
    result = glocal("-C", sample, "i18n", "merge", definitions, reference, "-o", tmp_path / "out.po")
    assert result.code == 1
    assert f"{definitions}:9:1: error GL323: duplicate message" in result.err
    assert not (tmp_path / "out.po").exists()


def test_entries_are_exactly_what_polib_reads():
    """`strict.parse` builds its polib entries without `POEntry.__init__` (for speed): every
    attribute of every entry must be what polib itself reads from the same well-formed catalog."""
    paths = sorted((REPO / "locales").rglob("*.po"))
    assert len(paths) > 100
    for path in paths:
        text = path.read_text(encoding="utf-8")
        ours, problems = strict.parse(text, str(path.relative_to(REPO)))
        assert not [p for p in problems if p.level is Severity.ERROR], path
        theirs = polib.pofile(text, wrapwidth=0)
        assert len(ours) == len(theirs), path
        for mine, reference in zip(ours, theirs, strict=True):
            assert type(mine) is type(reference)
            assert vars(mine) == vars(reference), (path, reference.msgid)
