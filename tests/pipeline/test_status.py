"""`glocal status REGION` (issue 11, item 4): a region's slots and languages, text and JSON; exit 1
only when something blocks one of its sites, 2 for a region the project does not have."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

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
    assert lines[:9] == [
        "region north (North)",
        "",
        "intro: Introduction",
        "  case-study  stale, over budget: 16/12 words at toolkits/regions/north/intro.md:1",
        "                default text changed in the core:",
        "                  - A manufacturer and its training provider agreed on shared safety goals.",
        "                  + A manufacturer and its training provider agreed on shared safety goals"
        " and results.",
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
