"""`glocal status REGION` (issue 11, item 4): a region's slots and languages, text and JSON; exit 1
only when something blocks one of its sites, 2 for a region the project does not have."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polib
import pytest

from conftest import FIXTURES, run_glocal

MODULE = """---
id: intro
title: Introduction
duration: 60
slots:
  case-study:
    brief: A partnership from your region.
    max_words: 12
    required: true
  local-law:
    brief: The data law your partners work under.
    max_words: 40
    required: true
  notes:
    brief: Anything else.
    required: false
---

# Introduction

Good training partnerships start from the business strategy.

::: slot case-study
A manufacturer and its training provider agreed on shared safety goals.
:::

::: slot local-law
Name the law.
:::

::: slot notes
No notes.
:::
"""
FILL = """::: fill case-study
A Leeds hospital and a local college built a nursing programme together, over five long years.
:::
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """One module with three slots; region `north` (en, da) fills one, too long, then the core changes."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "clean", root, ignore=shutil.ignore_patterns("expected*"))
    (root / "curriculum/modules/intro.md").write_text(MODULE, encoding="utf-8")
    (root / "toolkits/regions/north/intro.md").write_text(FILL, encoding="utf-8")
    region = root / "toolkits/regions/north/region.yml"
    text = region.read_text(encoding="utf-8")
    region.write_text(
        text.replace("languages: [en]", "languages: [en, da]").replace(
            "{en: en_GB}", "{en: en_GB, da: da_DK}"
        )
    )
    assert run_glocal("-C", root, "adapt", "accept", "north").code == 0
    module = root / "curriculum/modules/intro.md"
    module.write_text(
        MODULE.replace("shared safety goals.", "shared safety goals and results."), encoding="utf-8"
    )
    return root


def test_status_lists_each_slot_and_language_as_text(project: Path):
    result = run_glocal("-C", project, "status", "north")
    assert result.code == 1  # the required slot 'local-law' is missing: the sites are blocked
    lines = result.out.splitlines()
    assert lines[:8] == [
        "region north (North)",
        "",
        "intro: Introduction",
        "  case-study  stale, over budget: 16/12 words at toolkits/regions/north/intro.md:1",
        "                default text changed in the core:",
        # one edited line: the words that changed marked, as `git diff --word-diff` does
        "                  ~ A manufacturer and its training provider agreed on shared safety goals"
        "{+ and results+}.",
        "  local-law   missing: required, at most 40 words: The data law your partners work under.",
        "  notes       default: the core's text is shown (optional)",
    ]
    assert "slots: 1 filled (1 stale, 1 over budget), 1 default, 1 missing" in lines
    da = next(line for line in lines if line.startswith("  north/da"))
    assert da.split()[:3] == ["north/da", "blocked", "0%"]
    assert da.endswith(
        "4 missing catalog(s): locales/da/curriculum/modules/intro.po, locales/da/curriculum/program.po, "
        "locales/da/toolkits/regions/north/intro.po, locales/da/toolkits/regions/north/region.po"
    )
    assert any("error GL209" in line and "local-law" in line for line in lines)


def test_status_as_json(project: Path):
    result = run_glocal("-C", project, "status", "north", "--format", "json")
    assert result.code == 1
    data = json.loads(result.out)
    assert data["region"] == "north" and data["blocking"] is True
    assert data["slots"] == {"filled": 1, "default": 1, "missing": 1, "stale": 1, "over_budget": 1}
    case, law, notes = data["modules"][0]["slots"]
    assert (case["slot"], case["state"], case["stale"], case["over_budget"], case["words"]) == (
        "case-study",
        "filled",
        True,
        True,
        16,
    )
    assert case["changed"][0]["what"] == "default text"
    assert case["changed"][0]["diff"] == [
        "-A manufacturer and its training provider agreed on shared safety goals.",
        "+A manufacturer and its training provider agreed on shared safety goals and results.",
    ]
    assert case["changed"][0]["readable"] == [
        "~A manufacturer and its training provider agreed on shared safety goals{+ and results+}."
    ]
    assert (law["state"], law["required"], law["max_words"], law["brief"]) == (
        "missing",
        True,
        40,
        "The data law your partners work under.",
    )
    assert (notes["state"], notes["required"]) == ("default", False)
    languages = {lang["language"]: lang for lang in data["languages"]}
    assert languages["en"]["missing_catalogs"] == [] and languages["en"]["translated"] == 1.0
    assert len(languages["da"]["missing_catalogs"]) == 4 and languages["da"]["fuzzy"] == 0
    assert [d["code"] for d in data["diagnostics"]] == ["GL209"]


def test_status_exits_0_when_nothing_blocks_a_site(project: Path):
    module = project / "curriculum/modules/intro.md"
    module.write_text(
        module.read_text(encoding="utf-8").replace(
            "    max_words: 40\n    required: true", "    max_words: 40\n    required: false"
        ),
        encoding="utf-8",
    )
    result = run_glocal("-C", project, "status", "north")
    assert result.code == 0, result.out  # stale, over budget and untranslated are to-dos, not blockers
    assert "  local-law   default: the core's text is shown (optional)" in result.out.splitlines()


def test_todo_lists_only_the_slots_to_act_on_and_keeps_the_totals(project: Path):
    whole = run_glocal("-C", project, "status", "north").out.splitlines()
    result = run_glocal("-C", project, "status", "north", "--todo")
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[:7] == whole[:7]  # the stale, over-budget fill with its diff; the missing slot
    assert not any(line.startswith("  notes") for line in lines)  # an optional slot left to the core
    assert lines[7:] == whole[8:]  # the totals, the languages and the errors, as without --todo
    data = json.loads(run_glocal("-C", project, "status", "north", "--todo", "--format", "json").out)
    assert [s["slot"] for s in data["modules"][0]["slots"]] == ["case-study", "local-law"]
    assert data["slots"] == {"filled": 1, "default": 1, "missing": 1, "stale": 1, "over_budget": 1}

    fills = project / "toolkits/regions/north/intro.md"
    fills.write_text(
        "::: fill case-study\nA Leeds hospital and a college built a nursing programme.\n:::\n\n"
        "::: fill local-law\nThe UK GDPR and the Data Protection Act 2018.\n:::\n",
        encoding="utf-8",
    )
    assert run_glocal("-C", project, "adapt", "accept", "north").code == 0
    done = run_glocal("-C", project, "status", "north", "--todo")
    assert done.code == 0
    assert done.out.splitlines()[:4] == [
        "region north (North)",
        "",
        "no slot to act on: none missing, stale or over budget",
        "",
    ]
    data = json.loads(run_glocal("-C", project, "status", "north", "--todo", "--format", "json").out)
    assert data["modules"] == [] and data["slots"]["filled"] == 2


def test_status_names_the_core_and_catalog_errors_that_concern_the_regions_sites(project: Path):
    """A site blocked by an error in the core shows why; so does an error in one of the region's
    languages' catalogs. Before, only the region's own folder's errors were listed: the sites
    showed `blocked`, the exit code was 1, and no reason was given."""
    module = project / "curriculum/modules/intro.md"
    module.write_text(
        module.read_text(encoding="utf-8").replace(
            "::: slot notes\nNo notes.\n:::\n", "::: slot notes\nNo notes.\n"
        ),
        encoding="utf-8",
    )
    assert run_glocal("-C", project, "i18n", "update", "--lang", "da").code in (0, 1)
    po = polib.pofile(str(project / "locales/da/curriculum/modules/intro.po"))
    entry = next(e for e in po if e.msgid.startswith("Good training partnerships"))
    entry.msgstr = "Gode {{ partnerskaber starter i forretningsstrategien."
    po.save()
    result = run_glocal("-C", project, "status", "north", "--format", "json")
    assert result.code == 1
    found = {(d["code"], d["path"]) for d in json.loads(result.out)["diagnostics"]}
    assert ("GL109", "curriculum/modules/intro.md") in found  # the unclosed slot, in the core
    assert ("GL307", "locales/da/curriculum/modules/intro.po") in found
    text = run_glocal("-C", project, "status", "north").out
    assert "curriculum/modules/intro.md:" in text and "error GL109" in text


def test_source_messages_not_in_a_catalog_yet_are_counted(project: Path):
    """A sentence edited in the source after `i18n update` is in no catalog: its site shows it in the
    source language, and status and `i18n stats` count it (they showed 0 untranslated, 100%)."""
    assert run_glocal("-C", project, "i18n", "update", "--lang", "da").code in (0, 1)
    module = project / "curriculum/modules/intro.md"
    module.write_text(
        module.read_text(encoding="utf-8").replace("start from the business strategy", "start from strategy"),
        encoding="utf-8",
    )
    data = json.loads(run_glocal("-C", project, "status", "north", "--format", "json").out)
    languages = {lang["language"]: lang for lang in data["languages"]}
    assert languages["da"]["new"] == 1 and languages["en"]["new"] == 0
    da = next(
        line for line in run_glocal("-C", project, "status", "north").out.splitlines() if "north/da" in line
    )
    assert ", 1 not in a catalog yet, " in da
    stats = json.loads(run_glocal("-C", project, "i18n", "stats", "--lang", "da", "--format", "json").out)
    assert stats["da"]["total"]["new"] == {"strings": 1, "words": 6}
    text = run_glocal("-C", project, "i18n", "stats", "--lang", "da").out
    assert "and 1 source message(s), 6 words, not in the catalogs yet (run: glocal i18n update)" in text


def test_an_empty_fill_block_is_a_to_do_and_its_place_is_given(project: Path):
    """A region's overlay stubs hold an empty `::: fill` block per slot: where to write is shown,
    and an optional slot with an empty block is a to-do too (its default is shown meanwhile)."""
    overlay = project / "toolkits/regions/north/intro.md"
    overlay.write_text(
        overlay.read_text(encoding="utf-8") + "\n::: fill local-law\n:::\n\n::: fill notes\n:::\n",
        encoding="utf-8",
    )
    lines = run_glocal("-C", project, "status", "north", "--todo").out.splitlines()
    assert (
        "  local-law   missing: required, at most 40 words: The data law your partners work under. "
        "(its fill block at toolkits/regions/north/intro.md:5 is empty)"
    ) in lines
    assert (
        "  notes       default: the core's text is shown (optional) "
        "(its fill block at toolkits/regions/north/intro.md:8 is empty)"
    ) in lines
    data = json.loads(run_glocal("-C", project, "status", "north", "--format", "json").out)
    notes = data["modules"][0]["slots"][2]
    assert (notes["state"], notes["empty"], notes["at"]) == (
        "default",
        True,
        "toolkits/regions/north/intro.md:8",
    )


def test_an_unknown_region_is_a_usage_error(project: Path):
    result = run_glocal("-C", project, "status", "nort")
    assert result.code == 2 and result.out == ""
    assert result.err.strip() == (
        "<command line>: error GL223: no region 'nort': expected one of north (hint: did you mean 'north'?)"
    )


def test_status_counts_fuzzy_messages_of_the_regions_catalogs(project: Path):
    assert run_glocal("-C", project, "i18n", "update", "--lang", "da").code in (0, 1)
    po = project / "locales/da/curriculum/modules/intro.po"
    text = po.read_text(encoding="utf-8")
    entry = 'msgid "Introduction"\nmsgstr ""\n'
    assert entry in text
    po.write_text(
        text.replace(entry, '#, fuzzy\nmsgid "Introduction"\nmsgstr "Introduktion"\n'), encoding="utf-8"
    )
    data = json.loads(run_glocal("-C", project, "status", "north", "--format", "json").out)
    da = next(lang for lang in data["languages"] if lang["language"] == "da")
    assert (da["fuzzy"], da["missing_catalogs"]) == (1, [])
    assert da["untranslated"] > 0


def add_south(project: Path) -> None:
    """A second region, south (en, da), with its own fill: catalogs north's sites never use."""
    south = project / "toolkits/regions/south"
    south.mkdir()
    text = (project / "toolkits/regions/north/region.yml").read_text(encoding="utf-8")
    text = text.replace("id: north", "id: south").replace("name: North", "name: South")
    (south / "region.yml").write_text(
        text.replace("languages: [en]", "languages: [en, da]").replace(
            "{en: en_GB}", "{en: en_GB, da: da_DK}"
        ),
        encoding="utf-8",
    )
    (south / "intro.md").write_text(FILL.replace("Leeds", "Aarhus"), encoding="utf-8")


def test_status_counts_only_the_catalogs_the_regions_sites_use(project: Path):
    add_south(project)
    data = json.loads(run_glocal("-C", project, "status", "north", "--format", "json").out)
    da = next(lang for lang in data["languages"] if lang["language"] == "da")
    assert da["missing_catalogs"] == [
        "locales/da/curriculum/modules/intro.po",
        "locales/da/curriculum/program.po",
        "locales/da/toolkits/regions/north/intro.po",
        "locales/da/toolkits/regions/north/region.po",
    ]
    south = json.loads(run_glocal("-C", project, "status", "south", "--format", "json").out)
    da = next(lang for lang in south["languages"] if lang["language"] == "da")
    assert "locales/da/toolkits/regions/south/intro.po" in da["missing_catalogs"]
    assert not any("/north/" in path for path in da["missing_catalogs"])


def test_status_reuses_the_checks_result_when_nothing_changed(project: Path, monkeypatch):
    """After `glocal check`, status reads the check's result back instead of checking again."""
    from glocal.pipeline import checking
    from glocal.pipeline.status import status

    assert run_glocal("-C", project, "check").code == 1
    expected = json.loads(run_glocal("-C", project, "status", "north", "--format", "json").out)

    def no_check(*args, **kwargs):
        raise AssertionError("checked again though nothing changed")

    monkeypatch.setattr(checking, "check_report", no_check)
    monkeypatch.setattr(checking, "check", no_check)
    assert status(project, "north", jobs=1).to_json() == expected
    (project / "curriculum/modules/intro.md").write_text(MODULE, encoding="utf-8")
    with pytest.raises(AssertionError, match="checked again"):  # a change is checked
        status(project, "north", jobs=1)


def test_status_composes_every_site_for_its_facts_alone(project: Path, monkeypatch):
    """Status reads slot states, not pages: no handout or home page is composed for it."""
    from glocal.compose import site as site_module
    from glocal.pipeline.status import status

    add_south(project)
    calls: list[str] = []
    real_page, real_home = site_module.compose_page, site_module.home_page

    def page(module, body, overlay, region, *args, **options):
        if options.get("participant"):
            calls.append("handout")
        return real_page(module, body, overlay, region, *args, **options)

    def home(*args):
        calls.append("home")
        return real_home(*args)

    monkeypatch.setattr(site_module, "compose_page", page)
    monkeypatch.setattr(site_module, "home_page", home)
    found = status(project, "north", jobs=1)
    assert [module for module, _, _ in found.modules] == ["intro"]
    assert calls == []


def test_status_is_the_same_with_one_process_or_several(project: Path):
    add_south(project)
    outputs = []
    for jobs in ("1", "2", "3"):
        shutil.rmtree(project / ".glocal", ignore_errors=True)
        for form in ("text", "json"):
            result = run_glocal("-C", project, "status", "north", "--format", form, "-j", jobs)
            outputs.append((jobs, form, result.code, result.out))
    assert {(form, code, out) for _, form, code, out in outputs} == {
        (form, code, out) for jobs, form, code, out in outputs if jobs == "1"
    }


def test_the_text_names_a_few_missing_catalogs_and_keeps_its_columns():
    """At 500 modules a language misses some 1,000 catalogs: the text names five, JSON all."""
    from glocal.cli.text import status_text
    from glocal.pipeline.status import LanguageStatus, RegionStatus

    found = RegionStatus("benelux-02", name="Benelux 2")
    missing = tuple(f"locales/nl/curriculum/modules/m{n:03}.po" for n in range(12))
    found.languages += [
        LanguageStatus("nl", "benelux-02/nl", "draft", 0.78, 0, 40, missing),
        LanguageStatus("en", "benelux-02/en", "publish", 1.0, 0, 0, ()),
    ]
    nl, en = status_text(found).splitlines()[-2:]
    assert nl.startswith("  benelux-02/nl  draft    78% translated")
    assert en.startswith("  benelux-02/en  publish  100% translated")
    assert nl.endswith(
        "12 missing catalog(s): " + ", ".join(missing[:5]) + " and 7 more (--format json lists all)"
    )
    assert [lang.to_json()["missing_catalogs"] for lang in found.languages] == [list(missing), []]
