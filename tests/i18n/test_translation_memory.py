"""Translation memory: `glocal i18n update` fills a new message from a reviewed translation of the same
text elsewhere in its language (another catalog, or `--compendium`), as fuzzy, naming where it came from.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from glocal.i18n import catalog
from glocal.i18n.catalog import TemplateEntry
from glocal.i18n.memory import Memory
from glocal.i18n.merge import merge

SHARED = "Partners agree on goals, share data openly and measure results together."
DANISH = "Partnerne er enige om mål, deler data åbent og måler resultater sammen."
ALPHA = "locales/da/curriculum/modules/alpha.po"
BETA = "locales/da/curriculum/modules/beta.po"
GAMMA = "locales/da/curriculum/modules/gamma.po"
FROM_ALPHA = f"glocal: from translation memory: {ALPHA}"


def module(module_id: str, *paragraphs: str) -> str:
    body = "\n\n".join(paragraphs)
    front = f"---\nid: {module_id}\ntitle: Module {module_id}\nduration: 30\n---\n\n"
    return f"{front}# Module {module_id}\n\n{body}\n"


@pytest.fixture
def project(glocal, tmp_path) -> Path:
    """Three modules taught in Danish; alpha's catalog translates the shared paragraph, reviewed."""
    root = tmp_path / "project"
    (root / "curriculum" / "modules").mkdir(parents=True)
    (root / "toolkits" / "regions" / "north").mkdir(parents=True)
    (root / "curriculum" / "program.yml").write_text(
        "id: memory\ntitle: Memory\nsource_language: en\nmodules:\n  - alpha\n  - beta\n  - gamma\n",
        encoding="utf-8",
    )
    (root / "toolkits" / "regions" / "north" / "region.yml").write_text(
        "id: north\nname: North\nlanguages: [en, da]\nlocales: {en: en_DK, da: da_DK}\n"
        'timezone: Europe/Copenhagen\nday_start: "09:00"\n',
        encoding="utf-8",
    )
    write(root, "alpha", "Alpha opens the day.", SHARED)
    write(root, "beta", "Beta follows.")
    write(root, "gamma", "Gamma closes the day.")
    assert glocal("-C", root, "i18n", "update").code == 0
    translate(root, ALPHA, {SHARED: DANISH})
    return root


def write(root: Path, module_id: str, *paragraphs: str) -> None:
    path = root / "curriculum" / "modules" / f"{module_id}.md"
    path.write_text(module(module_id, *paragraphs), encoding="utf-8")


def translate(root: Path, relpath: str, translations: dict[str, str], fuzzy: bool = False) -> None:
    po, _ = catalog.read(root / relpath, relpath, keep_layout=True)
    for entry in po:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
            if fuzzy:
                entry.flags.append("fuzzy")
    catalog.write(root / relpath, po)


def entry(root: Path, relpath: str, msgid: str) -> polib.POEntry:
    return next(e for e in polib.pofile(str(root / relpath)) if e.msgid == msgid and not e.obsolete)


def msgfmt_check(path: Path) -> str:
    """What `msgfmt --check --statistics` says of the catalog, which it must accept."""
    run = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "LC_ALL": "C", "LANGUAGE": ""},
    )
    assert run.returncode == 0, run.stderr
    return run.stderr.strip()


def test_a_new_message_translated_elsewhere_is_filled_as_fuzzy_naming_where_it_came_from(glocal, project):
    write(project, "beta", "Beta follows.", SHARED)
    run = glocal("-C", project, "i18n", "update")
    assert run.code == 0, run.err
    filled = entry(project, BETA, SHARED)
    assert filled.msgstr == DANISH
    assert filled.flags == ["fuzzy"]
    assert filled.tcomment == FROM_ALPHA
    assert not filled.previous_msgid  # no `#|`: the translation was made for this very text
    assert f"# {FROM_ALPHA}\n#: curriculum/modules/beta.md:11\n#, fuzzy\n" in (project / BETA).read_text(
        encoding="utf-8"
    )
    assert entry(project, ALPHA, SHARED).msgstr == DANISH  # the source is untouched
    if shutil.which("msgfmt"):
        said = msgfmt_check(project / BETA)
        assert said == "0 translated messages, 1 fuzzy translation, 2 untranslated messages."
    # counted as fuzzy, as msgfmt --statistics counts it, by stats and by check's translated share
    counts = json.loads(glocal("-C", project, "i18n", "stats", "--format", "json").out)
    assert counts["da"]["files"][BETA]["strings"] == {"translated": 0, "fuzzy": 1, "untranslated": 2}
    report = json.loads(glocal("-C", project, "check", "--format", "json").out)
    share = next(s["translated"] for s in report["sites"] if s["site"] == "north/da")
    assert 0 < share < 0.5  # only alpha's paragraph is translated and reviewed
    # nothing changed since: every catalog stays byte for byte as it is
    before = {p: (project / p).read_bytes() for p in (ALPHA, BETA, GAMMA)}
    assert glocal("-C", project, "i18n", "update").code == 0
    assert {p: (project / p).read_bytes() for p in before} == before


def test_a_translators_own_translation_is_never_replaced(glocal, project):
    write(project, "beta", "Beta follows.", SHARED)
    assert glocal("-C", project, "i18n", "update", "--no-memory").code == 0
    assert entry(project, BETA, SHARED).msgstr == ""  # --no-memory: left empty
    translate(project, BETA, {SHARED: "Betas egen oversættelse."})
    write(project, "gamma", "Gamma closes the day.", SHARED)  # a change elsewhere: beta is merged again
    assert glocal("-C", project, "i18n", "update").code == 0
    own = entry(project, BETA, SHARED)
    assert (own.msgstr, own.flags, own.tcomment) == ("Betas egen oversættelse.", [], "")
    # two different reviewed translations now: the tie goes to the first catalog in path order
    assert entry(project, GAMMA, SHARED).tcomment == f"{FROM_ALPHA} (1 other translation found)"
    # a paragraph removed and restored gets its own old translation back (`#~`), not the memory's
    write(project, "beta", "Beta follows.")
    assert glocal("-C", project, "i18n", "update").code == 0
    write(project, "beta", "Beta follows.", SHARED)
    assert glocal("-C", project, "i18n", "update").code == 0
    own = entry(project, BETA, SHARED)
    assert (own.msgstr, own.flags, own.tcomment) == ("Betas egen oversættelse.", [], "")


def test_the_most_frequent_translation_wins(glocal, project):
    write(project, "beta", "Beta follows.", SHARED)
    write(project, "gamma", "Gamma closes the day.", SHARED)
    assert glocal("-C", project, "i18n", "update", "--no-memory").code == 0
    translate(project, BETA, {SHARED: "Anden oversættelse."})
    translate(project, GAMMA, {SHARED: "Anden oversættelse."})
    (project / "curriculum" / "modules" / "delta.md").write_text(module("delta", SHARED), encoding="utf-8")
    program = project / "curriculum" / "program.yml"
    program.write_text(program.read_text(encoding="utf-8") + "  - delta\n", encoding="utf-8")
    assert glocal("-C", project, "i18n", "update").code == 0
    filled = entry(project, "locales/da/curriculum/modules/delta.po", SHARED)
    assert filled.msgstr == "Anden oversættelse."
    assert filled.tcomment == f"glocal: from translation memory: {BETA} (1 other translation found)"


def test_a_changed_message_takes_an_exact_match_before_a_similar_one(glocal, project):
    translate(project, GAMMA, {"Gamma closes the day.": "Gamma slutter dagen."})
    edited = SHARED  # the author replaces gamma's paragraph with one translated in alpha
    write(project, "gamma", edited)
    assert glocal("-C", project, "i18n", "update").code == 0
    po = polib.pofile(str(project / GAMMA))
    filled = entry(project, GAMMA, SHARED)
    assert (filled.msgstr, filled.flags, filled.tcomment) == (DANISH, ["fuzzy"], FROM_ALPHA)
    # the translation it replaces is kept, obsolete
    assert [e.msgstr for e in po if e.obsolete] == ["Gamma slutter dagen."]


@pytest.mark.parametrize("how", ["fuzzy", "broken"])
def test_fuzzy_and_broken_translations_are_not_memory(glocal, project, how):
    if how == "fuzzy":
        translate(project, ALPHA, {SHARED: DANISH}, fuzzy=True)
    else:  # a translation that ends with a line break its msgid lacks: msgfmt --check rejects it
        text = (project / ALPHA).read_text(encoding="utf-8")
        (project / ALPHA).write_text(text.replace(f'"{DANISH}"', f'"{DANISH}\\n"'), encoding="utf-8")
    write(project, "beta", "Beta follows.", SHARED)
    glocal("-C", project, "i18n", "update")  # exits 1 for the broken catalog, left as it was
    filled = entry(project, BETA, SHARED)
    assert (filled.msgstr, filled.flags, filled.tcomment) == ("", [], "")


def test_a_compendium_fills_new_messages_of_its_language(glocal, project, tmp_path):
    compendium = tmp_path / "da-compendium.po"
    po = catalog.new_catalog("other", "1", "da")
    po.append(polib.POEntry(msgid="Beta follows soon.", msgstr="Beta følger snart."))
    po.append(polib.POEntry(msgid="A fuzzy one.", msgstr="En uklar.", flags=["fuzzy"]))
    catalog.write(compendium, po)
    write(project, "beta", "Beta follows soon.", "A fuzzy one.")
    run = glocal("-C", project, "i18n", "update", "--compendium", compendium)
    assert run.code == 0, run.err
    filled = entry(project, BETA, "Beta follows soon.")
    assert (filled.msgstr, filled.flags) == ("Beta følger snart.", ["fuzzy"])
    assert filled.tcomment == f"glocal: from translation memory: {compendium}"
    assert entry(project, BETA, "A fuzzy one.").msgstr == ""
    if shutil.which("msgfmt"):
        msgfmt_check(project / BETA)


def test_a_compendium_for_no_language_updated_stops_the_update(glocal, project, tmp_path):
    compendium = tmp_path / "nb.po"
    po = catalog.new_catalog("other", "1", "nb")
    po.append(polib.POEntry(msgid="Beta follows soon.", msgstr="Beta følger snart."))
    catalog.write(compendium, po)
    write(project, "beta", "Beta follows soon.")
    before = (project / BETA).read_bytes()
    run = glocal("-C", project, "i18n", "update", "--compendium", compendium)
    assert run.code == 1
    assert f"{compendium}: error GL333: the compendium is for 'nb' (its Language header)" in run.err
    assert (project / BETA).read_bytes() == before
    missing = glocal("-C", project, "i18n", "update", "--compendium", "nowhere.po")
    assert missing.code == 1 and "nowhere.po: error GL301: cannot read the catalog" in missing.err
    # without a Language header it serves the language --lang names
    del po.metadata["Language"]
    catalog.write(compendium, po)
    assert "GL333" in glocal("-C", project, "i18n", "update", "--compendium", compendium).err
    assert glocal("-C", project, "i18n", "update", "--lang", "da", "--compendium", compendium).code == 0
    assert entry(project, BETA, "Beta follows soon.").msgstr == "Beta følger snart."


def reviewed(*entries: polib.POEntry, plural_forms: str = "nplurals=2; plural=(n != 1);") -> polib.POFile:
    po = polib.POFile(wrapwidth=0)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": plural_forms}
    for item in entries:
        po.append(item)
    return po


def test_plural_messages_match_on_both_msgids_and_the_number_of_forms():
    item = TemplateEntry("One file", (), "", None, "%d files")
    two = polib.POEntry(msgid="One file", msgid_plural="%d files", msgstr_plural={0: "En fil", 1: "%d filer"})
    three = polib.POEntry(msgid="One file", msgid_plural="%d files", msgstr_plural={0: "a", 1: "b", 2: "c"})
    memory = Memory()
    memory.add("locales/da/two.po", reviewed(two))
    memory.add("locales/da/three.po", reviewed(three))
    po = merge(None, [item], language="da", memory=memory)
    assert po[0].msgstr_plural == {0: "En fil", 1: "%d filer"} and po[0].flags == ["fuzzy"]
    assert po[0].tcomment == "glocal: from translation memory: locales/da/two.po"
    other = TemplateEntry("One file", (), "", None, "%d other files")
    assert merge(None, [other], language="da", memory=memory)[0].msgstr_plural == {0: "", 1: ""}


def test_the_same_context_is_preferred_and_another_is_taken_only_when_none_has_it():
    menu = polib.POEntry(msgid="Open", msgctxt="menu", msgstr="Åbn")
    state = polib.POEntry(msgid="Open", msgctxt="state", msgstr="Åben")
    memory = Memory()
    memory.add("locales/da/a.po", reviewed(menu, state))
    assert merge(None, [TemplateEntry("Open", (), "", "state")], memory=memory)[0].msgstr == "Åben"
    fallback = merge(None, [TemplateEntry("Open", (), "", None)], memory=memory)[0]
    assert fallback.msgstr == "Åbn"  # both differ in context: the first in the catalog
    assert fallback.tcomment == (
        "glocal: from translation memory: locales/da/a.po (another msgctxt; 1 other translation found)"
    )


def test_a_catalog_no_source_uses_any_more_is_memory_too(glocal, project):
    """A module renamed: its old catalog is left where it was, and the new one draws on it."""
    modules = project / "curriculum" / "modules"
    text = (modules / "alpha.md").read_text(encoding="utf-8")
    (modules / "alpha.md").unlink()
    (modules / "first.md").write_text(text.replace("id: alpha", "id: first"), encoding="utf-8")
    program = project / "curriculum" / "program.yml"
    program.write_text(program.read_text(encoding="utf-8").replace("- alpha", "- first"), encoding="utf-8")
    assert glocal("-C", project, "i18n", "update").code == 0
    filled = entry(project, "locales/da/curriculum/modules/first.po", SHARED)
    assert (filled.msgstr, filled.flags, filled.tcomment) == (DANISH, ["fuzzy"], FROM_ALPHA)
    assert entry(project, ALPHA, SHARED).msgstr == DANISH  # left as it was
