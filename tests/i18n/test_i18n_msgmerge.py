"""`glocal i18n merge` and `update` against GNU `msgmerge --previous`, on real translators' catalogs.

Messages are keyed by (msgctxt, msgid) and plural messages keep all their forms, so every merged
catalog passes `msgfmt --check` and gives each (msgctxt, msgid) the translation msgmerge gives it,
except where msgmerge proposes, as fuzzy, the translation of a message still in the template
(Glocal's one documented choice: it only draws on messages that left). A fuzzy entry's `#|` keeps
the text its translation was made for across any number of source edits, as msgmerge does.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

from conftest import FIXTURES
from glocal.i18n import catalog
from glocal.i18n.catalog import TemplateEntry

CORPUS = FIXTURES / "corpus" / "po"
DJANGO = CORPUS / "django-5.2.19"
SANDPAPER = CORPUS / "sandpaper-ui"
MKDOCS = CORPUS / "mkdocs-theme-catalogs" / "mkdocs" / "themes" / "mkdocs"
# Django's French catalogs carry 3 plural forms (CLDR's French rule, which Django's newer catalogs
# declare) under a header that declares 2: msgfmt rejects them as they are. The tests that need a
# valid input set the header to the rule the translations follow.
DECLARED = '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"'
FRENCH = '"Plural-Forms: nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;\\n"'

pytestmark = pytest.mark.skipif(shutil.which("msgmerge") is None, reason="GNU gettext is not installed")


def gnu(*args) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, env={"LC_ALL": "C"})


def msgmerge(definitions: Path, reference: Path, output: Path) -> None:
    run = gnu("msgmerge", "--quiet", "--previous", definitions, reference, "-o", output)
    assert run.returncode == 0, run.stderr


def msgfmt_check(path: Path) -> str:
    """What `msgfmt --check` says about a catalog ('' when it accepts it)."""
    run = gnu("msgfmt", "--check", "-o", "/dev/null", path)
    return "" if run.returncode == 0 else run.stderr


@dataclass(frozen=True)
class Outcome:
    fuzzy: bool
    forms: tuple[str, ...]  # msgstr, or msgstr[0], msgstr[1]...
    previous: tuple[str | None, str | None, str | None]  # #| msgctxt, msgid, msgid_plural

    @property
    def translated(self) -> bool:
        return any(self.forms)


def outcome(path: Path) -> dict[tuple[str | None, str], Outcome]:
    """(msgctxt, msgid) -> what the catalog says of it, for every message that is not obsolete."""
    result = {}
    for e in polib.pofile(str(path)):
        if e.obsolete:
            continue
        forms = tuple(v for _, v in sorted(e.msgstr_plural.items())) if e.msgid_plural else (e.msgstr,)
        previous = (e.previous_msgctxt, e.previous_msgid, e.previous_msgid_plural)
        result[(e.msgctxt, e.msgid)] = Outcome("fuzzy" in e.flags, forms, previous)
    return result


def drawn_from(fuzzy: Outcome, catalog: list[polib.POEntry]) -> list[polib.POEntry]:
    """The entries of a catalog a fuzzy result can have come from: same first form, and its `#|` is
    the entry's text (or, for an entry that was fuzzy already, the entry's own `#|`)."""
    return [
        e
        for e in catalog
        if fuzzy.forms[0] in (e.msgstr, e.msgstr_plural.get(0))
        and fuzzy.previous
        == (
            (e.previous_msgctxt, e.previous_msgid, e.previous_msgid_plural)
            if "fuzzy" in e.flags
            else (e.msgctxt, e.msgid, e.msgid_plural or None)
        )
    ]


def edited_template(po: polib.POFile) -> polib.POFile:
    """A template for `po` after typical source edits: reworded, removed, re-contexted messages, a
    message that gains a second context, plural forms added, dropped and reworded, a new message."""
    pot = polib.POFile(wrapwidth=0)
    pot.metadata = {"Project-Id-Version": "test", "Content-Type": "text/plain; charset=UTF-8"}
    for n, e in enumerate((e for e in po if not e.obsolete), 1):
        msgctxt, msgid, plural = e.msgctxt, e.msgid, e.msgid_plural
        if n % 11 == 0:
            continue
        if n % 7 == 0:
            msgid = msgid[:-1] + " now" + msgid[-1:]
        if n % 13 == 0 and msgctxt:
            msgctxt += " (new)"
        if n % 4 == 0 and msgctxt:
            pot.append(polib.POEntry(msgctxt=f"other {msgctxt}", msgid=msgid, msgstr=""))
        if n % 5 == 0 and plural:
            plural += " too"
        elif n % 6 == 0 and plural:
            plural = ""
        elif n % 9 == 0 and not plural:
            plural = msgid + "s"
        flags = [f for f in e.flags if f.endswith("-format")]
        entry = polib.POEntry(
            msgctxt=msgctxt, msgid=msgid, msgid_plural=plural, msgstr="", flags=flags, comment=e.comment
        )
        entry.occurrences = e.occurrences
        if plural:
            entry.msgstr_plural = {0: "", 1: ""}
        pot.append(entry)
    pot.append(polib.POEntry(msgid="A message nobody has translated yet", msgstr=""))
    return pot


def _derived(source: Path, header: str | None = None):
    def make(folder: Path) -> tuple[Path, Path]:
        text = source.read_text(encoding="utf-8")
        if header is not None:
            assert text.count(DECLARED) == 1
            text = text.replace(DECLARED, header)
        definitions = folder / source.name
        definitions.write_text(text, encoding="utf-8")
        reference = folder / "edited.pot"
        edited_template(polib.pofile(text)).save(str(reference))
        return definitions, reference

    return make


def _pair(definitions: Path, reference: Path):
    def make(folder: Path) -> tuple[Path, Path]:
        return (
            Path(shutil.copyfile(definitions, folder / definitions.name)),
            Path(shutil.copyfile(reference, folder / reference.name)),
        )

    return make


CASES = {
    "django admin (msgctxt, plurals)": _derived(DJANGO / "contrib-admin-fr-djangojs.po", FRENCH),
    "django conf (msgctxt, plurals)": _derived(DJANGO / "conf-locale-fr-django.po", FRENCH),
    "sandpaper uk (3 forms)": _derived(SANDPAPER / "R-uk.po"),
    "sandpaper ja (1 form)": _derived(SANDPAPER / "R-ja.po"),
    "sandpaper fr with its real template": _pair(SANDPAPER / "R-fr.po", SANDPAPER / "R-sandpaper.pot"),
    "mkdocs fr with its real template": _pair(
        MKDOCS / "locales/fr/LC_MESSAGES/messages.po", MKDOCS / "messages.pot"
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_merge_gives_the_translations_msgmerge_gives_and_passes_msgfmt_check(glocal, tmp_path, case):
    definitions, reference = CASES[case](tmp_path)
    assert msgfmt_check(definitions) == ""
    result = glocal("-C", tmp_path, "i18n", "merge", definitions.name, reference.name, "-o", "ours.po")
    assert (result.code, result.err) == (0, "")
    msgmerge(definitions, reference, tmp_path / "gnu.po")
    assert msgfmt_check(tmp_path / "ours.po") == ""

    ours, theirs = outcome(tmp_path / "ours.po"), outcome(tmp_path / "gnu.po")
    assert list(ours) == list(theirs)  # the template's messages, in its order, each once
    template = {(e.msgctxt, e.msgid) for e in polib.pofile(str(reference))}
    before = [e for e in polib.pofile(str(definitions)) if e.msgstr or any(e.msgstr_plural.values())]
    differ = [key for key in ours if ours[key] != theirs[key]]
    for key in differ:
        # msgmerge proposed (fuzzy) the translation of a message that is still in the template
        assert theirs[key].fuzzy, key
        sources = drawn_from(theirs[key], before)
        assert sources and all((e.msgctxt, e.msgid) in template for e in sources), key
        assert not ours[key].translated or ours[key].fuzzy, key
    same = [key for key in ours if key not in differ]
    assert sum(theirs[key].fuzzy for key in same) > 0 or "real template" in case  # fuzzy matches agree
    # nothing lost: every translation of a message that left the template is fuzzy or obsolete
    merged = polib.pofile(str(tmp_path / "ours.po"))
    kept = {e.msgstr for e in merged if e.msgstr} | {v for e in merged for v in e.msgstr_plural.values()}
    assert [e.msgid for e in before if (e.msgstr or e.msgstr_plural.get(0)) not in kept] == []


def test_merge_keeps_context_separated_translations_apart(glocal, tmp_path):
    definitions, reference = CASES["django admin (msgctxt, plurals)"](tmp_path)
    po = polib.pofile(str(definitions))
    pot = polib.POFile()
    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for e in po:  # the catalog's own messages as its template: nothing changed
        pot.append(
            polib.POEntry(
                msgctxt=e.msgctxt,
                msgid=e.msgid,
                msgid_plural=e.msgid_plural,
                msgstr_plural={0: "", 1: ""} if e.msgid_plural else {},
                flags=[f for f in e.flags if f != "fuzzy"],
                occurrences=e.occurrences,
            )
        )
    pot.save(str(tmp_path / "same.pot"))
    assert glocal("-C", tmp_path, "i18n", "merge", definitions.name, "same.pot", "-o", "out.po").code == 0
    assert msgfmt_check(tmp_path / "out.po") == ""
    out = polib.pofile(str(tmp_path / "out.po"))
    days = {(e.msgctxt, e.msgid): e.msgstr for e in out if e.msgctxt and e.msgctxt.startswith("one letter")}
    assert days[("one letter Tuesday", "T")] == "M" and days[("one letter Thursday", "T")] == "J"
    assert [(e.msgctxt, e.msgid, e.msgstr, e.msgstr_plural) for e in out] == [
        (e.msgctxt, e.msgid, e.msgstr, e.msgstr_plural) for e in po
    ]
    assert (tmp_path / "out.po").read_bytes() == definitions.read_bytes()  # written as it was


def test_merging_a_catalog_msgfmt_rejects_says_why_and_keeps_every_form(glocal, tmp_path):
    source = DJANGO / "contrib-admin-fr-djangojs.po"
    definitions = Path(shutil.copyfile(source, tmp_path / source.name))
    edited_template(polib.pofile(str(definitions))).save(str(tmp_path / "edited.pot"))
    result = glocal("-C", tmp_path, "i18n", "merge", definitions.name, "edited.pot", "-o", "out.po")
    three = [e for e in polib.pofile(str(definitions)) if len(e.msgstr_plural) == 3]
    assert result.code == 1
    assert result.err.splitlines() == [
        f"{definitions.name}:{e.linenum}:1: error GL302: the header declares 2 plural forms but this entry "
        "has 3 (hint: make the Plural-Forms header and the msgstr[N] lines agree; msgfmt rejects the merged "
        "catalog until then)"
        for e in three
    ]
    # the output has the input's problem and no other (no duplicate definitions): no form is dropped
    assert "duplicate" not in msgfmt_check(tmp_path / "out.po")
    assert msgfmt_check(tmp_path / "out.po").count("plural forms") == msgfmt_check(definitions).count(
        "plural forms"
    )
    fixed = tmp_path / "fixed.po"
    fixed.write_text((tmp_path / "out.po").read_text(encoding="utf-8").replace(DECLARED, FRENCH), "utf-8")
    assert msgfmt_check(fixed) == ""


def test_merge_into_a_folder_that_cannot_be_written_is_a_diagnostic(glocal, tmp_path):
    definitions, reference = _pair(SANDPAPER / "R-fr.po", SANDPAPER / "R-sandpaper.pot")(tmp_path)
    (tmp_path / "taken").mkdir()
    result = glocal("-C", tmp_path, "i18n", "merge", definitions.name, reference.name, "-o", "taken")
    assert result.code == 1
    assert result.err.startswith("taken: error GL301: cannot write the merged catalog: ")
    assert "Traceback" not in result.err


# --- #| keeps the text a translation was made for -------------------------------------------------

FIRST = "The partner joins the annual strategy session."
HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n'
)


def _template(path: Path, *entries: TemplateEntry) -> None:
    catalog.write(path, catalog.template("test", "1", list(entries)))


def test_previous_text_survives_two_source_edits_with_context_and_plurals_like_msgmerge(glocal, tmp_path):
    (tmp_path / "fr.po").write_text(
        HEADER
        + f'\nmsgctxt "agenda"\nmsgid "{FIRST}"\nmsgstr "Le partenaire rejoint la session annuelle."\n'
        + '\nmsgid "One module was removed"\nmsgid_plural "%d modules were removed"\n'
        + 'msgstr[0] "Un module supprimé"\nmsgstr[1] "%d modules supprimés"\n'
        + '\nmsgid "Open the door"\nmsgstr "Ouvrir la porte"\n',
        encoding="utf-8",
    )
    _template(
        tmp_path / "one.pot",
        TemplateEntry(FIRST.replace("the annual", "every annual"), (), "", "agenda (day 1)"),
        TemplateEntry("One module was removed today", (), "", None, "%d modules were removed today"),
        TemplateEntry("Open the doors", (), ""),
    )
    _template(
        tmp_path / "two.pot",
        TemplateEntry(FIRST.replace("the annual", "every yearly"), (), "", "agenda (day 2)"),
        TemplateEntry("One module was removed this week", (), "", None, "%d modules were removed this week"),
        TemplateEntry("Open the doors", (), "", None, "Open the %d doors"),
    )
    steps = [("fr.po", "fr.po", "one.pot"), ("ours-1.po", "gnu-1.po", "two.pot")]
    for step, (ours_before, gnu_before, template) in enumerate(steps, 1):
        merged = glocal("-C", tmp_path, "i18n", "merge", ours_before, template, "-o", f"ours-{step}.po")
        assert merged.code == 0, merged.err
        msgmerge(tmp_path / gnu_before, tmp_path / template, tmp_path / f"gnu-{step}.po")
        assert outcome(tmp_path / f"ours-{step}.po") == outcome(tmp_path / f"gnu-{step}.po")
        assert msgfmt_check(tmp_path / f"ours-{step}.po") == ""
    final = outcome(tmp_path / "ours-2.po")
    assert [(o.fuzzy, o.previous) for o in final.values()] == [
        (True, ("agenda", FIRST, None)),
        (True, (None, "One module was removed", "%d modules were removed")),
        (True, (None, "Open the door", None)),
    ]
    assert final[(None, "Open the doors")].forms == ("Ouvrir la porte", "Ouvrir la porte")


PARAGRAPH = (
    "A training partnership rests on five pillars. This module covers the first: a shared vision of "
    "where the business is going and what the partnership is for."
)
DANISH = "Et træningspartnerskab hviler på fem søjler. Dette modul handler om den første."


def test_update_keeps_the_original_previous_text_across_two_source_edits(glocal, tmp_path):
    project = Path(shutil.copytree(FIXTURES / "catalog-styles", tmp_path / "project"))
    assert glocal("-C", project, "i18n", "update").code == 0
    path = project / "locales/da/curriculum/modules/partners.po"
    template = project / "locales/templates/curriculum/modules/partners.pot"
    po, _ = catalog.read(path, "partners.po")
    po.find(PARAGRAPH).msgstr = DANISH
    catalog.write(path, po)
    shutil.copyfile(path, tmp_path / "gnu.po")
    module = project / "curriculum/modules/partners.md"
    for old, new in (("five pillars", "five strong pillars"), ("the first", "the very first")):
        module.write_text(module.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        assert glocal("-C", project, "i18n", "update").code == 0
        msgmerge(tmp_path / "gnu.po", template, tmp_path / "gnu.po")
    entry = next(e for e in polib.pofile(str(path)) if e.msgstr == DANISH)
    assert (entry.flags, entry.previous_msgid) == (["fuzzy"], PARAGRAPH)
    assert "very first" in entry.msgid and "strong" in entry.msgid
    assert outcome(path) == outcome(tmp_path / "gnu.po")
