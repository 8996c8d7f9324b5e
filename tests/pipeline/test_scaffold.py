"""scaffold.py and `glocal new`: files from templates, program.yml edited keeping its formatting."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import REPO
from glocal.cli import main
from glocal.load import load_module, load_project, load_region
from glocal.scaffold import add_module_to_program

SAMPLE_PROGRAM = REPO / "curriculum" / "program.yml"
PROGRAM = "curriculum/program.yml"

PROGRAM_TEXT = """\
# Demo program for the scaffold tests.
id: demo            # used in pack names
title: "Demo: partnerships"
version: '1.0'
description: >-
  A short programme used in tests; the folded text
  spans two lines.
source_language: en

# Teaching order. New modules are appended here.
modules:
  - intro           # first
  # The middle
  - middle
  - wrap-up

glocal:
  core_share_min: 0.6     # warn below this

publish:
  min_translated: 0.9     # draft below this
"""


def module_text(module_id: str, title: str) -> str:
    return f"---\nid: {module_id}\ntitle: {title}\nduration: 30\n---\n\n# {title}\n\nBody of {title}.\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A small valid project: a program with comments and three modules without slots."""
    root = tmp_path / "project"
    (root / "curriculum" / "modules").mkdir(parents=True)
    (root / PROGRAM).write_text(PROGRAM_TEXT, encoding="utf-8")
    for module_id, title in [("intro", "Intro"), ("middle", "Middle"), ("wrap-up", "Wrap up")]:
        (root / "curriculum" / "modules" / f"{module_id}.md").write_text(
            module_text(module_id, title), encoding="utf-8"
        )
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def inserted_after(text: str, anchor_line: str, new_line: str) -> str:
    lines = text.splitlines(keepends=True)
    index = lines.index(anchor_line + "\n")
    return "".join(lines[: index + 1] + [new_line + "\n"] + lines[index + 1 :])


def glocal(root: Path, *args: str) -> int:
    return main(["-C", str(root), *args])


def check_json(root: Path, capsys) -> tuple[int, dict]:
    capsys.readouterr()
    code = glocal(root, "check", "--format", "json")
    return code, json.loads(capsys.readouterr().out)


# --- new module ---------------------------------------------------------------------------------

NEW_MODULE = """\
---
id: new-one
title: New one
duration: 60
objectives:
  - Describe what participants will be able to do after this module
competencies: []
slots:
  case-study:
    brief: A short case from your region that makes this module concrete.
    max_words: 250
    required: false   # true: every region must write its own
---

# New one

Introduce the module: why it matters and what participants will do.

::: facilitator
How to open the module, what to watch for in the room, and how to close it.
:::

::: activity {duration=20}
Step-by-step instructions for a timed activity.
:::

::: slot case-study
A generic illustrative case, shown wherever a region has not written its own.
:::
"""


def test_new_module_creates_file_from_template(project, capsys):
    assert glocal(project, "new", "module", "new-one") == 0
    out = capsys.readouterr()
    assert out.out == (
        "created curriculum/modules/new-one.md\n"
        "updated curriculum/program.yml\n"
        "next:\n"
        "  - write the module in curriculum/modules/new-one.md: objectives, body, activities and the "
        "default of its optional slot 'case-study' (rename, remove or add slots as the content needs)\n"
        "  - run: glocal i18n update   (adds the module to every language's catalogs)\n"
        "  - run: glocal check\n"
    )
    assert out.err == ""
    assert (project / "curriculum/modules/new-one.md").read_text(encoding="utf-8") == NEW_MODULE


def test_new_module_appends_to_program_keeping_formatting(project):
    assert glocal(project, "new", "module", "new-one") == 0
    assert (project / PROGRAM).read_text(encoding="utf-8") == inserted_after(
        PROGRAM_TEXT, "  - wrap-up", "  - new-one"
    )


def test_new_module_keeps_every_comment_line(project):
    assert glocal(project, "new", "module", "new-one") == 0
    after = (project / PROGRAM).read_text(encoding="utf-8").splitlines()
    assert [line for line in PROGRAM_TEXT.splitlines() if "#" in line and line not in after] == []


def test_new_module_loads_cleanly(project, capsys):
    assert glocal(project, "new", "module", "new-one") == 0
    module, diagnostics = load_module(project, "curriculum/modules/new-one.md")
    assert diagnostics == []
    assert (module.id, module.title, module.duration, list(module.slots)) == (
        "new-one",
        "New one",
        60,
        ["case-study"],
    )
    code, report = check_json(project, capsys)
    assert [d for d in report["diagnostics"] if d["path"] in (PROGRAM, "curriculum/modules/new-one.md")] == []


def test_new_module_with_title(project):
    assert glocal(project, "new", "module", "field-trip", "--title", "Field trip") == 0
    module, diagnostics = load_module(project, "curriculum/modules/field-trip.md")
    assert (module.title, diagnostics) == ("Field trip", [])


def test_new_module_title_with_colon_loads(project):
    assert glocal(project, "new", "module", "basics", "--title", "Partnerships: the basics") == 0
    module, diagnostics = load_module(project, "curriculum/modules/basics.md")
    assert [d.to_text() for d in diagnostics] == []
    assert module.title == "Partnerships: the basics"


def test_new_module_twice_refuses_and_changes_nothing(project, capsys):
    assert glocal(project, "new", "module", "new-one") == 0
    (project / "curriculum/modules/new-one.md").write_text("edited by the author\n", encoding="utf-8")
    before = snapshot(project)
    capsys.readouterr()
    assert glocal(project, "new", "module", "new-one") == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err == (
        "curriculum/modules/new-one.md: error GL107: curriculum/modules/new-one.md already exists; "
        "nothing was changed\n"
    )
    assert snapshot(project) == before


@pytest.mark.parametrize("bad_id", ["Bad", "-lead", "has space", "../escape", "a/b", "a.b", "ünï", "", "_x"])
def test_new_module_invalid_id_refused(project, capsys, bad_id):
    before = snapshot(project)
    assert glocal(project, "new", "module", "--", bad_id) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err == (
        "<command line>: error GL103: module id expected a lower-case id (a-z, 0-9, - and _) but found "
        f"{bad_id!r}\n"
    )
    assert snapshot(project) == before


def test_new_module_without_program_refused(tmp_path, capsys):
    assert glocal(tmp_path, "new", "module", "x") == 2
    assert capsys.readouterr().err == (
        "curriculum/program.yml: error GL001: expected a program file at curriculum/program.yml but "
        "found none\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_real_sample_program_keeps_all_comments(tmp_path):
    root = tmp_path / "sample"
    (root / "curriculum" / "modules").mkdir(parents=True)
    shutil.copyfile(SAMPLE_PROGRAM, root / PROGRAM)
    original = SAMPLE_PROGRAM.read_text(encoding="utf-8")
    assert glocal(root, "new", "module", "new-one") == 0
    after = (root / PROGRAM).read_text(encoding="utf-8")
    comment_lines = [line for line in original.splitlines() if "#" in line]
    assert len(comment_lines) >= 6
    assert [line for line in comment_lines if line not in after.splitlines()] == []
    assert after == inserted_after(original, "  - future-of-partnerships", "  - new-one")


# --- add_module_to_program ----------------------------------------------------------------------


def test_add_module_already_listed_returns_none():
    assert add_module_to_program(PROGRAM_TEXT, "middle") is None


def test_add_module_zero_indented_sequence():
    text = (
        "id: demo\ntitle: Demo\nsource_language: en\nmodules:\n- intro   # first\n- wrap-up\n"
        "glocal:\n  core_share_min: 0.6\n"
    )
    assert add_module_to_program(text, "new-one") == inserted_after(text, "- wrap-up", "- new-one")


def test_add_module_four_space_indent():
    text = (
        "id: demo\ntitle: Demo\nsource_language: en\nmodules:\n    - intro\n    - wrap-up\n\n"
        "publish:\n    min_translated: 0.9\n"
    )
    assert add_module_to_program(text, "new-one") == inserted_after(text, "    - wrap-up", "    - new-one")


def test_add_module_when_modules_missing():
    text = "id: demo\ntitle: Demo\nsource_language: en\n"
    assert add_module_to_program(text, "new-one") == text + "modules:\n  - new-one\n"


# --- new region ---------------------------------------------------------------------------------


# --- new page -----------------------------------------------------------------------------------


def test_new_page_creates_the_page_and_lists_it_keeping_the_programs_layout(project, capsys):
    assert glocal(project, "new", "page", "learners/setup.md", "--title", "Setup: before day 1") == 0
    out = capsys.readouterr().out
    assert out.startswith("created curriculum/learners/setup.md\nupdated curriculum/program.yml\nnext:\n")
    assert "link to it from a module as ../learners/setup.md" in out
    # a new list at the end, every other byte as the author wrote it
    assert (project / PROGRAM).read_text(encoding="utf-8") == PROGRAM_TEXT + "pages:\n  - learners/setup.md\n"
    assert glocal(project, "new", "page", "learners/glossary.md") == 0  # then appended to it
    text = (project / PROGRAM).read_text(encoding="utf-8")
    assert text.endswith("pages:\n  - learners/setup.md\n  - learners/glossary.md\n")
    code, report = check_json(project, capsys)
    assert [d for d in report["diagnostics"] if d["path"].startswith(("curriculum/learners", PROGRAM))] == []
    pages = load_project(project)[0].pages
    assert [(p.site_path, p.title) for p in pages.values()] == [
        ("learners/setup.md", "Setup: before day 1"),
        ("learners/glossary.md", "Glossary"),
    ]


@pytest.mark.parametrize("bad", ["setup.md", "modules/setup.md", "learners/../x.md", "learners/setup.txt"])
def test_new_page_refuses_a_path_a_page_cannot_have(project, capsys, bad):
    before = (project / PROGRAM).read_text(encoding="utf-8")
    assert glocal(project, "new", "page", bad) == 2
    assert (
        "error GL004: page expected a Markdown file in a folder under curriculum/" in capsys.readouterr().err
    )
    assert (project / PROGRAM).read_text(encoding="utf-8") == before


def test_new_page_never_overwrites(project, capsys):
    mine = project / "curriculum" / "learners" / "setup.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("# My setup\n", encoding="utf-8")
    before = (project / PROGRAM).read_text(encoding="utf-8")
    assert glocal(project, "new", "page", "learners/setup.md") == 2
    assert "error GL107: curriculum/learners/setup.md already exists" in capsys.readouterr().err
    assert mine.read_text(encoding="utf-8") == "# My setup\n"
    assert (project / PROGRAM).read_text(encoding="utf-8") == before


def test_new_region_creates_region_that_loads(project, capsys):
    assert glocal(project, "new", "region", "nordics", "--languages", "da,nb") == 0
    out = capsys.readouterr()
    assert (out.out, out.err) == (
        "created toolkits/regions/nordics/region.yml\n"
        "created toolkits/regions/nordics/intro.md\n"
        "created toolkits/regions/nordics/middle.md\n"
        "created toolkits/regions/nordics/wrap-up.md\n"
        "next:\n"
        "  - set the time zone, day start and delivery notes in toolkits/regions/nordics/region.yml\n"
        "  - run: glocal i18n update   (catalogs to translate the region's text into nb)\n"
        "  - run: glocal check   (lists what is still missing in 'nordics')\n"
        "  - run: glocal build nordics/da\n",
        "",
    )
    region, diagnostics = load_region(project, "nordics", None)
    assert diagnostics == []
    assert region.id == "nordics"
    assert region.name == "Nordics"
    assert region.languages == ("da", "nb")
    assert dict(region.locales) == {"da": "da_DK", "nb": "nb_NO"}
    assert region.source_language == "da"  # the program's language (en) is not one of the region's
    assert (region.timezone, region.day_start, dict(region.vars)) == ("UTC", "09:00", {})
    assert region.notes == "Delivery notes for facilitators in Nordics."


def test_new_region_passes_check(project, capsys):
    assert glocal(project, "new", "region", "nordics", "--languages", "da,nb") == 0
    code, report = check_json(project, capsys)
    assert [d for d in report["diagnostics"] if d["path"].startswith("toolkits/regions/nordics/")] == []
    assert [d for d in report["diagnostics"] if d["severity"] == "error"] == []
    assert code == 0
    assert [s["site"] for s in report["sites"]] == ["nordics/da", "nordics/nb"]


def test_new_region_keeps_program_source_language_when_listed(project):
    assert glocal(project, "new", "region", "benelux", "--languages", "nl,fr,en") == 0
    region, diagnostics = load_region(project, "benelux", None)
    assert diagnostics == []
    assert region.source_language == "en"
    assert dict(region.locales) == {"nl": "nl_NL", "fr": "fr_FR", "en": "en_US"}


def test_new_region_name_with_colon_loads(project):
    assert glocal(project, "new", "region", "benelux", "--languages", "nl", "--name", "Benelux: NL") == 0
    region, diagnostics = load_region(project, "benelux", None)
    assert [d.to_text() for d in diagnostics] == []
    assert region.name == "Benelux: NL"


@pytest.mark.parametrize("languages", ["da,xx", "klingon", "da,dk"])
def test_new_region_unknown_language_refused(project, capsys, languages):
    before = snapshot(project)
    assert glocal(project, "new", "region", "nordics", "--languages", languages) == 2
    out = capsys.readouterr()
    unknown = [code for code in languages.split(",") if code != "da"]
    assert out.out == ""
    assert out.err == "".join(
        f"<command line>: error GL205: expected a language CLDR knows but found {code!r}\n"
        for code in unknown
    )
    assert snapshot(project) == before
    assert not (project / "toolkits").exists()


def test_new_region_without_languages_refused(project, capsys):
    assert glocal(project, "new", "region", "nordics", "--languages", " , ") == 2
    assert (
        capsys.readouterr().err
        == "<command line>: error GL204: --languages expected at least one language code\n"
    )
    assert not (project / "toolkits").exists()


@pytest.mark.parametrize("bad_id", ["Nordics", "nor dics", "../up", ""])
def test_new_region_invalid_id_refused(project, capsys, bad_id):
    before = snapshot(project)
    assert glocal(project, "new", "region", bad_id, "--languages", "da") == 2
    assert capsys.readouterr().err == (
        "<command line>: error GL203: region id expected a lower-case id (a-z, 0-9, - and _) but found "
        f"{bad_id!r}\n"
    )
    assert snapshot(project) == before
    assert not (project / "toolkits").exists()


def test_new_region_twice_refuses_and_changes_nothing(project, capsys):
    assert glocal(project, "new", "region", "nordics", "--languages", "da,nb") == 0
    before = snapshot(project)
    capsys.readouterr()
    assert glocal(project, "new", "region", "nordics", "--languages", "da") == 2
    assert capsys.readouterr().err == (
        "toolkits/regions/nordics/region.yml: error GL213: toolkits/regions/nordics/region.yml already "
        "exists; nothing was changed\n"
    )
    assert snapshot(project) == before


def test_new_without_kind_is_usage_error(project):
    assert glocal(project, "new") == 2


def test_new_module_with_broken_program_changes_nothing(project, capsys):
    (project / PROGRAM).write_text("id: demo\nmodules: [intro\n", encoding="utf-8")
    before = snapshot(project)
    assert glocal(project, "new", "module", "new-one") == 2
    err = capsys.readouterr().err
    assert err.startswith("curriculum/program.yml: error GL002: cannot add the module to program.yml: ")
    assert snapshot(project) == before


# --- new region: one overlay stub per module, its slots listed ----------------------------------

SLOTTED = """\
---
id: middle
title: "Middle --> end"
duration: 30
slots:
  case-study:
    brief: A partnership from your region.
    max_words: 120
    required: true
  local-tip:
    brief: >-
      A tip for the activity,
      two lines --> one.
---

# Middle

::: slot case-study
A default case.
:::

::: slot local-tip
A default tip.
:::
"""

STUB = """\
<!--
Nordics: the regional adaptation of "Middle -- > end" (curriculum/modules/middle.md).

Write each slot's text between its "::: fill" line and the closing ":::", in Danish.
An empty required slot is an error in `glocal check`; an empty optional slot is a warning and
shows the core's default: delete its block to keep the default.
Notes for this region's facilitators go in a "::: facilitator" block. To give the module another
length in this region, start this file with front matter: "duration:" in minutes between "---" lines.
-->

<!--
case-study · required · at most 120 words
A partnership from your region.
-->
::: fill case-study

:::

<!--
local-tip · optional · no word limit
A tip for the activity, two lines -- > one.
-->
::: fill local-tip

:::
"""


@pytest.fixture
def slotted(project: Path) -> Path:
    (project / "curriculum/modules/middle.md").write_text(SLOTTED, encoding="utf-8")
    return project


def test_new_region_writes_a_stub_listing_each_slot_with_its_brief_and_budget(slotted, capsys):
    assert glocal(slotted, "new", "region", "nordics", "--languages", "da,nb") == 0
    assert (slotted / "toolkits/regions/nordics/middle.md").read_text(encoding="utf-8") == STUB
    intro = (slotted / "toolkits/regions/nordics/intro.md").read_text(encoding="utf-8")
    assert intro.endswith("-->\n") and "This module has no slots: nothing must be written here." in intro
    out = capsys.readouterr().out
    assert out.endswith(
        "next:\n"
        "  - set the time zone, day start and delivery notes in toolkits/regions/nordics/region.yml\n"
        "  - fill the 2 slot(s) in toolkits/regions/nordics/<module>.md, each brief and word budget above "
        "its block (1 required: `check` reports them as errors until written; an optional one left empty "
        "shows the core's default)\n"
        "  - run: glocal i18n update   (catalogs to translate the region's text into nb)\n"
        "  - run: glocal check   (lists what is still missing in 'nordics')\n"
        "  - run: glocal build nordics/da\n"
    )


def test_check_on_a_new_region_points_at_each_stub_line(slotted, capsys):
    assert glocal(slotted, "new", "region", "nordics", "--languages", "da,nb") == 0
    capsys.readouterr()
    assert glocal(slotted, "check") == 1
    region = [line for line in capsys.readouterr().out.splitlines() if line.startswith("toolkits/regions/")]
    assert region == [
        "toolkits/regions/nordics/middle.md:15:1: error GL209: region 'nordics' leaves the required slot "
        "'middle/case-study' unfilled: its fill block is empty "
        "(hint: write it (at most 120 words): A partnership from your region.)",
        "toolkits/regions/nordics/middle.md:23:1: warning GL220: region 'nordics' has not written the "
        "optional slot 'middle/local-tip': its fill block is empty, so the default is shown "
        "(hint: write it (no word limit), or delete the empty block to keep the default: "
        "A tip for the activity, two lines --> one.)",
    ]


def test_writing_a_stubs_slots_clears_them_and_an_empty_optional_one_shows_the_default(slotted, capsys):
    assert glocal(slotted, "new", "region", "nordics", "--languages", "da") == 0
    stub = slotted / "toolkits/regions/nordics/middle.md"
    code, report = check_json(slotted, capsys)
    assert [s["slots"] for s in report["sites"]] == [{"filled": 0, "default": 1, "missing": 1}]
    stub.write_text(
        STUB.replace("::: fill case-study\n\n:::", "::: fill case-study\nA Danish case.\n:::"),
        encoding="utf-8",
    )
    code, report = check_json(slotted, capsys)
    assert [d["code"] for d in report["diagnostics"] if d["path"] == str(stub.relative_to(slotted))] == [
        "GL220"
    ]
    assert [s["slots"] for s in report["sites"]] == [{"filled": 1, "default": 1, "missing": 0}]
    assert code == 0


def test_new_region_never_overwrites_an_overlay_already_there(slotted, capsys):
    folder = slotted / "toolkits/regions/nordics"
    folder.mkdir(parents=True)
    (folder / "middle.md").write_text("::: fill case-study\nOur own case.\n:::\n", encoding="utf-8")
    before = snapshot(slotted)
    assert glocal(slotted, "new", "region", "nordics", "--languages", "da") == 2
    out = capsys.readouterr()
    assert (out.out, out.err) == (
        "",
        "toolkits/regions/nordics/middle.md: error GL213: toolkits/regions/nordics/middle.md already "
        "exists; nothing was changed\n",
    )
    assert snapshot(slotted) == before


def test_new_region_names_the_variables_the_modules_use(project, capsys):
    (project / "curriculum/modules/intro.md").write_text(
        module_text("intro", "Intro")
        + "\nData falls under {{ vars.data_law }} and {{vars.regulator|upper}}.\n",
        encoding="utf-8",
    )
    assert glocal(project, "new", "region", "nordics", "--languages", "da") == 0
    text = (project / "toolkits/regions/nordics/region.yml").read_text(encoding="utf-8")
    assert (
        "# The modules use {{ vars.data_law }} (intro): set its value for this region below.\n"
        "# The modules use {{ vars.regulator }} (intro): set its value for this region below.\n"
        "vars: {}"
    ) in text
    assert "and the variables the modules use: vars.data_law, vars.regulator\n" in capsys.readouterr().out


# --- on the sample -------------------------------------------------------------------------------


def test_new_module_on_the_sample_adds_no_error(sample, capsys):
    assert glocal(sample, "new", "module", "field-trip") == 0
    out = capsys.readouterr().out
    assert "  - schedule 'field-trip' in one of the days under days: in curriculum/program.yml\n" in out
    assert "  - write its Train-the-Trainer guide in toolkits/ttt/field-trip.md\n" in out
    code, report = check_json(sample, capsys)
    assert [d for d in report["diagnostics"] if d["severity"] == "error"] == []
    assert code == 0
    about = {d["code"] for d in report["diagnostics"] if "field-trip" in d["path"] + d["message"]}
    assert about == {"GL012", "GL210", "GL311", "GL505"}  # unscheduled, slot default, untranslated, no guide
    assert {s["status"] for s in report["sites"]} == {"publish", "draft"}
