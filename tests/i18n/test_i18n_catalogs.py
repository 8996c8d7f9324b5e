"""PO catalogs against reality: real translators' files, GNU gettext, and translators' tools.

Real catalogs load and re-save without losing an entry and with the same `msgfmt --statistics`;
a broken real catalog gives a diagnostic; every catalog the project writes passes
`msgfmt --check`; `glocal i18n stats` counts like msgfmt; edits made with GNU tools and polib
survive a build, a check and an update.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from conftest import FIXTURES, REPO
from glocal.i18n import catalog, stats
from glocal.i18n.checks import catalog_problems

CORPUS = FIXTURES / "corpus" / "po"
CORPUS_FILES = sorted(p for p in CORPUS.rglob("*") if p.suffix in (".po", ".pot"))
DJANGO = CORPUS / "django-5.2.19" / "conf-locale-fr-django.po"
STATISTICS = re.compile(
    r"(\d+) translated messages?(?:, (\d+) fuzzy translations?)?(?:, (\d+) untranslated messages?)?\."
)

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext is not installed")


def msgfmt_statistics(path: Path, check: bool = False) -> tuple[int, int, int]:
    """(translated, fuzzy, untranslated) as GNU msgfmt counts them; fails on any msgfmt complaint."""
    args = ["msgfmt", "--statistics", "-o", "/dev/null", str(path)]
    if check:
        args.insert(1, "--check")
    run = subprocess.run(args, capture_output=True, text=True, env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"})
    lines = run.stderr.strip().splitlines()
    assert run.returncode == 0 and len(lines) == 1, f"msgfmt on {path}:\n{run.stderr}"
    match = STATISTICS.fullmatch(lines[0])
    assert match, lines[0]
    return tuple(int(g or 0) for g in match.groups())


def entries(po: polib.POFile) -> list[tuple]:
    return [
        (
            e.msgctxt,
            e.msgid,
            e.msgid_plural,
            e.msgstr,
            sorted((int(k), v) for k, v in e.msgstr_plural.items()),
            sorted(e.flags),
            e.obsolete,
            e.previous_msgctxt,
            e.previous_msgid,
            e.previous_msgid_plural,
            e.comment,
            e.tcomment,
            e.occurrences,
        )
        for e in po
    ]


def canonical_entries(path: Path) -> list[str]:
    """GNU msgcat's own unwrapped rendering of every entry but the header."""
    run = subprocess.run(
        ["msgcat", "--no-wrap", "-o", "-", str(path)], capture_output=True, text=True, check=True
    )
    blocks = run.stdout.split("\n\n")
    header = next(i for i, b in enumerate(blocks) if 'msgid ""\nmsgstr ""' in b)
    return blocks[header + 1 :]


# --- real translators' catalogs ---------------------------------------------------------------------


@pytest.mark.parametrize("original", CORPUS_FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_real_catalogs_survive_read_and_write(original, tmp_path):
    path = tmp_path / original.name
    shutil.copyfile(original, path)
    before_stats = msgfmt_statistics(path)
    before = polib.pofile(str(path), wrapwidth=0)
    before_canonical = canonical_entries(path)

    po, problems = catalog.read(path, original.name)
    assert problems == []
    counts = stats.count(po)
    assert (counts.translated, counts.fuzzy, counts.untranslated) == before_stats
    assert catalog.write(path, po) is True or path.read_bytes() == original.read_bytes()

    after = polib.pofile(str(path), wrapwidth=0)
    assert entries(after) == entries(before)
    assert after.metadata == before.metadata
    assert msgfmt_statistics(path) == before_stats
    assert canonical_entries(path) == before_canonical
    assert (
        catalog.write(path, catalog.read(path, original.name)[0]) is False
    )  # stable: a second save changes nothing


def test_the_real_catalogs_have_what_a_round_trip_could_lose():
    """Keeps the test above honest: the corpus does hold obsolete, fuzzy, previous, plural and
    context entries."""
    found = {"obsolete": 0, "fuzzy": 0, "previous": 0, "plural": 0, "msgctxt": 0, "multiline": 0}
    for path in CORPUS_FILES:
        for entry in polib.pofile(str(path)):
            found["obsolete"] += entry.obsolete
            found["fuzzy"] += "fuzzy" in entry.flags
            found["previous"] += entry.previous_msgid is not None
            found["plural"] += bool(entry.msgid_plural)
            found["msgctxt"] += entry.msgctxt is not None
            found["multiline"] += "\n" in entry.msgid
    assert all(found.values()), found


def test_a_catalog_with_more_plural_forms_than_declared_is_a_gl302_diagnostic(tmp_path):
    path = tmp_path / DJANGO.name
    shutil.copyfile(DJANGO, path)
    po, problems = catalog.read(path, "locales/fr/django.po")
    assert problems == []
    found = list(catalog_problems(po, "locales/fr/django.po", "fr", None, []))
    gl302 = [d for d in found if d.code == "GL302"]
    lines = path.read_text(encoding="utf-8").split("\n")
    three_forms = [e for e in po if len(e.msgstr_plural) == 3]
    assert len(three_forms) == sum(line.startswith("msgstr[2]") for line in lines) == len(gl302) == 15
    assert [(d.span.path, d.span.line + 1) for d in gl302] == [
        ("locales/fr/django.po", e.linenum) for e in three_forms
    ]
    assert all(
        d.level.value == "error" and "2 plural forms" in d.message and "has 3" in d.message for d in gl302
    )
    # GNU msgfmt --check rejects the same file: the diagnostic agrees with gettext
    run = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert run.returncode != 0 and "plural forms" in run.stderr


def test_the_broken_real_catalog_in_a_project_is_a_diagnostic_not_a_traceback(glocal, sample):
    shutil.copyfile(DJANGO, sample / "locales/da/curriculum/program.po")
    result = glocal("-C", sample, "check", "--format", "json")
    assert result.code == 1
    report = json.loads(result.out)
    codes = {d["code"] for d in report["diagnostics"] if d["path"] == "locales/da/curriculum/program.po"}
    assert "GL302" in codes
    assert "Traceback" not in result.err


# --- catalogs the project writes pass GNU msgfmt --check --------------------------------------------


def _project_catalogs() -> list[Path]:
    return sorted((REPO / "locales").rglob("*.po")) + sorted(
        (REPO / "src" / "glocal" / "locales").glob("*/ui.po")
    )


@pytest.mark.parametrize("path", _project_catalogs(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_committed_catalog_passes_msgfmt_check(path):
    msgfmt_statistics(path, check=True)


def test_freshly_created_catalogs_pass_msgfmt_check(glocal, sample):
    for language in ("da", "nb", "nl", "vi", "ar"):
        shutil.rmtree(sample / "locales" / language)
    result = glocal("-C", sample, "i18n", "update")
    assert result.code == 0, result.err
    created = [
        line[len("created ") :]
        for line in result.out.splitlines()
        if line.startswith("created locales/") and not line.startswith("created locales/templates/")
    ]
    assert len(created) >= 5 * 12  # every language gets at least the program and the eleven modules
    assert sorted(created) == sorted(
        p.relative_to(sample).as_posix() for p in (sample / "locales").rglob("*.po")
    )
    for relpath in created:
        translated, fuzzy, untranslated = msgfmt_statistics(sample / relpath, check=True)
        assert (translated, fuzzy) == (0, 0) and untranslated > 0


# --- glocal i18n stats == msgfmt --statistics ------------------------------------------------------


def test_stats_json_counts_strings_exactly_like_msgfmt(glocal, sample):
    path = sample / "locales/da/curriculum/modules/shared-vision.po"
    po = polib.pofile(str(path))
    live = [e for e in po if not e.obsolete]
    live[5].flags.append("fuzzy")  # fuzzy with a translation
    live[6].flags.append("fuzzy")
    live[6].previous_msgid = "An older source text"
    live[7].flags.append("fuzzy")  # fuzzy without a translation: msgfmt counts it as untranslated
    live[7].msgstr = ""
    live[8].msgstr = ""  # untranslated
    live[9].msgstr = ""
    po.append(polib.POEntry(msgid="A paragraph that left the source.", msgstr="Et afsnit.", obsolete=True))
    po.save()
    assert msgfmt_statistics(path) == (len(live) - 5, 2, 3)

    result = glocal("-C", sample, "i18n", "stats", "--format", "json")
    report = json.loads(result.out)
    compared = 0
    for data in report.values():
        total = [0, 0, 0]
        for relpath, counts in data["files"].items():
            strings = counts["strings"]
            numbers = (strings["translated"], strings["fuzzy"], strings["untranslated"])
            if (sample / relpath).is_file():
                assert numbers == msgfmt_statistics(sample / relpath), relpath
                compared += 1
            total = [a + b for a, b in zip(total, numbers, strict=True)]
        assert list(data["total"]["strings"].values()) == total
    assert report["da"]["files"]["locales/da/curriculum/modules/shared-vision.po"]["strings"] == {
        "translated": len(live) - 5,
        "fuzzy": 2,
        "untranslated": 3,
    }
    assert compared >= 4 * 12


EDGE_CASES = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "one file"
msgid_plural "%d files"
msgstr[0] "une"
msgstr[1] ""

msgid "one dog"
msgid_plural "%d dogs"
msgstr[0] ""
msgstr[1] "chiens"

#, fuzzy
msgid "one cat"
msgid_plural "%d cats"
msgstr[0] ""
msgstr[1] "chats"

#, fuzzy
msgid "one bird"
msgid_plural "%d birds"
msgstr[0] "oiseau"
msgstr[1] ""

msgctxt "menu"
msgid "Open"
msgstr "Ouvrir"

msgctxt "verb"
msgid "Open"
msgstr ""

#, fuzzy
msgid "Fuzzy without a translation"
msgstr ""

#~ msgid "old"
#~ msgstr "vieux"
"""


def test_stats_count_plural_context_and_empty_fuzzy_entries_like_msgfmt(tmp_path):
    path = tmp_path / "edge.po"
    path.write_text(EDGE_CASES, encoding="utf-8")
    po, problems = catalog.read(path, "edge.po")
    assert problems == []
    counts = stats.count(po)
    assert (counts.translated, counts.fuzzy, counts.untranslated) == msgfmt_statistics(path) == (2, 1, 4)


# --- a translator's round trip through GNU gettext and polib -----------------------------------------


def _gnu(*args: str) -> None:
    subprocess.run(list(args), check=True, capture_output=True)


def _site_share(glocal, root: Path, site: str) -> float:
    report = json.loads(glocal("-C", root, "check", "--format", "json").out)
    return next(s["translated"] for s in report["sites"] if s["site"] == site)


def test_edits_made_with_gnu_tools_and_polib_survive_build_check_and_update(glocal, sample):
    assert glocal("-C", sample, "i18n", "update").code == 0
    nb_share = _site_share(glocal, sample, "nordics/nb")
    da_path = sample / "locales/da/curriculum/modules/shared-vision.po"
    # Norwegian is partial: take a module whose title is not translated yet
    nb_path = next(
        p
        for p in sorted((sample / "locales/nb/curriculum/modules").glob("*.po"))
        if not polib.pofile(str(p))[0].msgstr
    )
    module = nb_path.stem
    before = {p: entries(polib.pofile(str(p))) for p in (da_path, nb_path)}
    nb_counts = msgfmt_statistics(nb_path)
    title = polib.pofile(str(nb_path))[0]
    assert (title.comment, title.msgstr, title.flags) == ("module title", "", [])

    for path in (da_path, nb_path):
        _gnu("msgfilter", "-i", str(path), "-o", str(path), "sed", "-e", "s/a/a/")
        _gnu("msgcat", str(path), "-o", str(path))  # re-wraps long lines at 79 columns
        assert max(len(line) for line in path.read_text(encoding="utf-8").split("\n")) <= 80
        assert (
            entries(polib.pofile(str(path))) == before[path]
        )  # the tools changed the layout, not the content

    danish_old = "Hvorfor strategien kommer før træningsbehovet"
    danish_new = "Hvorfor strategien altid kommer før træningsbehovet"
    norwegian_title = "Tittel på norsk"
    po = polib.pofile(str(da_path))
    assert po.find("Why strategy comes before the training need").msgstr == danish_old
    po.find("Why strategy comes before the training need").msgstr = danish_new
    po.save()
    po = polib.pofile(str(nb_path))
    po.find(title.msgid).msgstr = norwegian_title
    po.save()
    edited = {p: entries(polib.pofile(str(p))) for p in (da_path, nb_path)}

    assert glocal("-C", sample, "build", "nordics/da", "nordics/nb").code == 0
    da_page = (sample / "site/nordics/da/modules/shared-vision.html").read_text(encoding="utf-8")
    assert danish_new in da_page and danish_old not in da_page
    nb_page = (sample / f"site/nordics/nb/modules/{module}.html").read_text(encoding="utf-8")
    assert re.search(f"<h1[^>]*>{norwegian_title}<", nb_page)
    assert _site_share(glocal, sample, "nordics/nb") > nb_share
    assert msgfmt_statistics(nb_path) == (nb_counts[0] + 1, 0, nb_counts[2] - 1)
    nb_json = json.loads(glocal("-C", sample, "i18n", "stats", "--lang", "nb", "--format", "json").out)
    assert nb_json["nb"]["files"][f"locales/nb/curriculum/modules/{module}.po"]["strings"] == {
        "translated": nb_counts[0] + 1,
        "fuzzy": 0,
        "untranslated": nb_counts[2] - 1,
    }

    result = glocal("-C", sample, "i18n", "update")
    assert result.code == 0, result.err
    for path in (da_path, nb_path):
        after = polib.pofile(str(path))
        assert [(m, s, f) for m, s, f in ((e.msgid, e.msgstr, sorted(e.flags)) for e in after)] == [
            (e[1], e[3], e[5]) for e in edited[path]
        ]
        assert entries(after) == edited[path]
        msgfmt_statistics(path, check=True)
    assert glocal("-C", sample, "i18n", "update").out.endswith(" file(s) unchanged\n")
    assert "updated" not in glocal("-C", sample, "i18n", "update").out


def test_stats_are_the_same_whatever_the_number_of_processes(glocal, sample):
    """Each language's catalogs are counted in a process of their own; the output, and the order
    of the problems (source by source, as one process finds them), do not change."""
    broken = [
        "locales/da/curriculum/modules/co-creation.po",
        "locales/nb/curriculum/modules/co-creation.po",
        "locales/da/curriculum/modules/continuous-improvement.po",
    ]
    for relpath in broken:
        with open(sample / relpath, "a", encoding="utf-8") as handle:
            handle.write('\nmsgid "A broken entry"\nmsgstr unquoted\n')
    runs = {
        (jobs, form): glocal("-C", sample, "i18n", "stats", "--format", form, "-j", jobs)
        for jobs in ("1", "3")
        for form in ("text", "json")
    }
    for form in ("text", "json"):
        one, three = runs[("1", form)], runs[("3", form)]
        assert (one.code, one.out, one.err) == (three.code, three.out, three.err)
    lines = runs[("1", "text")].err.splitlines()
    first = [next(i for i, line in enumerate(lines) if line.startswith(relpath)) for relpath in broken]
    assert first[2] > max(first[:2]), lines  # co-creation's catalogs, in every language, come first
    assert runs[("1", "text")].code == 1


def test_update_writes_the_same_catalogs_whatever_the_number_of_processes(glocal, sample, monkeypatch):
    """Each language is updated on its own (its catalogs, its memory): in one process or in
    several, the same files, the same created / updated / unchanged lists and the same problems."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    module = sample / "curriculum/modules/co-creation.md"
    text = module.read_text(encoding="utf-8")
    module.write_text(
        text.replace("\n\n", "\n\nA new paragraph for every language.\n\n", 1), encoding="utf-8"
    )
    vision = sample / "curriculum/modules/shared-vision.md"
    text = vision.read_text(encoding="utf-8")
    assert "A training need is a symptom" in text
    vision.write_text(text.replace("A training need is a symptom", "A training need is often a symptom"))
    broken = sample / "locales/nb/curriculum/modules/glocal-delivery.po"
    broken.write_text(broken.read_text(encoding="utf-8") + '\nmsgid "unclosed\nmsgstr ""\n', encoding="utf-8")
    copy = sample.parent / "copy"
    shutil.copytree(sample, copy)
    one = glocal("-C", sample, "i18n", "update", "-j", "1")
    three = glocal("-C", copy, "i18n", "update", "-j", "3")
    assert (one.code, one.out, one.err) == (three.code, three.out, three.err)
    assert one.code == 1 and "GL318" in one.err
    updated = [line for line in one.out.splitlines() if line.startswith("updated ")]
    assert len({line.split("/")[1] for line in updated}) >= 3  # languages updated side by side
    differ = [
        str(path.relative_to(sample))
        for path in sorted((sample / "locales").rglob("*"))
        if path.is_file() and path.read_bytes() != (copy / path.relative_to(sample)).read_bytes()
    ]
    assert differ == []
    files = {p.relative_to(sample) for p in (sample / "locales").rglob("*") if p.is_file()}
    assert files == {p.relative_to(copy) for p in (copy / "locales").rglob("*") if p.is_file()}
    assert broken.read_text(encoding="utf-8").endswith('msgid "unclosed\nmsgstr ""\n')  # left as it was
