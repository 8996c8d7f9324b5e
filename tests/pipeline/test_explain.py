"""`glocal explain SITE [PAGE]` (issue 11, items 2 and 8): each block of a site with where it comes
from, as text and JSON, checked against golden output on tests/fixtures/explain; unknown names
exit 2. The fixture has one module with a slot, an activity, a facilitator note holding a code
block, a code block and a raw HTML block with a variable; a region with a fill, a variable, a
duration override and a regional note; a `da` catalog where one paragraph is translated, one fuzzy
and one missing; a Train-the-Trainer guide and certification, partly translated.

Regenerate the golden files after an intended change, then review the diff:

    GLOCAL_REGENERATE=1 .venv/bin/python -m pytest -p no:cacheprovider tests/pipeline/test_explain.py
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, run_glocal

GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("GLOCAL_REGENERATE", "") not in ("", "0")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("explain") / "project"
    shutil.copytree(FIXTURES / "explain", root)
    return root


def _golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if REGENERATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"differs from {path} (GLOCAL_REGENERATE=1 to update)"


def test_text_of_a_whole_site_is_golden(project):
    run = run_glocal("-C", project, "explain", "north/da")
    assert run.code == 0, run.err
    _golden("explain-north-da.txt", run.out)


def test_json_of_one_page_is_golden(project):
    run = run_glocal("-C", project, "explain", "north/da", "modules/intro.md", "--format", "json")
    assert run.code == 0, run.err
    _golden("explain-north-da-intro.json", run.out)


def test_each_provenance_fact_of_the_fixture(project):
    run = run_glocal("-C", project, "explain", "north/da", "intro", "--format", "json")
    blocks = json.loads(run.out)["blocks"]
    by_text = {block["text"]: block for block in blocks}
    translated = by_text["Partnere deler kun deltagerdata under databeskyttelsesforordningen."]
    assert translated["source"] == {"path": "curriculum/modules/intro.md", "line": 17}
    assert translated["translation"] == {
        "state": "translated",
        "path": "locales/da/curriculum/modules/intro.po",
        "line": 34,
    }
    assert translated["variables"] == [
        {
            "name": "vars.data_law",
            "value": "databeskyttelsesforordningen",
            "path": "toolkits/regions/north/region.yml",
            "line": 8,
        }
    ]
    fuzzy = by_text["Partners measure results together over many years."]
    assert fuzzy["translation"]["state"] == "fuzzy-hidden"
    activity = next(b for b in blocks if b["text"].startswith("In pairs"))
    assert activity["translation"]["state"] == "fallback"
    fill = next(b for b in blocks if b["text"].startswith("An Aarhus hospital"))
    assert fill["origin"] == "overlay"
    assert fill["source"] == {"path": "toolkits/regions/north/intro.md", "line": 6}
    assert not any(b["text"].startswith("A manufacturer") for b in blocks)  # the default is replaced
    duration = next(b for b in blocks if b["timing"] and b["timing"]["what"] == "module")
    assert duration["timing"]["minutes"] == 45
    assert duration["timing"]["source"] == {"path": "toolkits/regions/north/intro.md", "line": 2}
    assert duration["timing"]["overrides"] == {
        "minutes": 60,
        "source": {"path": "curriculum/modules/intro.md", "line": 4},
    }
    note = next(b for b in blocks if b["text"].startswith("Groups here"))
    assert note["origin"] == "overlay" and note["context"] == "facilitator note"


def test_source_language_site_and_handout(project):
    run = run_glocal("-C", project, "explain", "north/en", "handouts/intro.md", "--format", "json")
    assert run.code == 0, run.err
    blocks = json.loads(run.out)["blocks"]
    assert {b["page"] for b in blocks} == {"handouts/intro.md"}
    states = {b["translation"]["state"] for b in blocks if b["origin"] != "generated"}
    assert states == {"source-language", "not translated (code)", "not translated (raw HTML)"}
    # facilitator notes are not handed out, nor the code block inside one
    assert not any(b["text"].startswith(("Groups here", "Ask each pair", "goal:")) for b in blocks)
    assert any(b["text"].startswith("goals = ") for b in blocks)


def test_code_and_raw_html_blocks_are_listed_never_translated(project):
    run = run_glocal("-C", project, "explain", "north/da", "intro", "--format", "json")
    blocks = json.loads(run.out)["blocks"]
    code = [b for b in blocks if b["kind"] == "code"]
    assert [(b["text"], b["source"]["line"], b["context"]) for b in code] == [
        ("goal: one sentence, one measure", 32, "facilitator note"),
        ('goals = ["safety", "quality"]', 37, ""),
    ]
    assert {b["translation"]["state"] for b in code} == {"not translated (code)"}
    assert all(b["translation"]["path"] is None for b in code)
    (raw,) = [b for b in blocks if b["kind"] == "html"]
    assert raw["text"] == '<p class="demo">Made for Norden.</p>'  # its template tag is rendered
    assert raw["source"] == {"path": "curriculum/modules/intro.md", "line": 41}
    assert raw["translation"]["state"] == "not translated (raw HTML)"
    assert [v["name"] for v in raw["variables"]] == ["region.name"]
    # in document order: the note's code block after the note's paragraph, the HTML block last
    kinds = [b["kind"] for b in blocks]
    assert kinds[-3:] == ["code", "code", "html"] and kinds[-4] == "paragraph"


def test_train_the_trainer_pages(project):
    run = run_glocal("-C", project, "explain", "north/da", "ttt/intro", "--format", "json")
    assert run.code == 0, run.err
    blocks = json.loads(run.out)["blocks"]
    assert {b["page"] for b in blocks} == {"ttt/intro.md"}
    heading = blocks[0]
    assert heading["text"] == "Sådan underviser du i introduktionen"
    assert heading["source"] == {"path": "toolkits/ttt/intro.md", "line": 1}
    assert heading["translation"] == {
        "state": "translated",
        "path": "locales/da/toolkits/ttt/intro.po",
        "line": 15,
    }
    code = next(b for b in blocks if b["kind"] == "code")
    assert code["source"] == {"path": "toolkits/ttt/intro.md", "line": 9}
    assert blocks[-1]["origin"] == "generated" and blocks[-1]["text"] == "Tilbage til modulet: Introduktion"

    overview = json.loads(run_glocal("-C", project, "explain", "north/da", "ttt", "--format", "json").out)
    blocks = overview["blocks"]
    assert overview["page"] == "ttt/index.md"
    by_text = {b["text"]: b for b in blocks if b["origin"] != "generated"}
    competency = by_text["Behandler træning som et partnerskab"]
    assert competency["source"] == {"path": "toolkits/ttt/certification.yml", "line": 2}
    assert competency["translation"]["state"] == "translated"
    block_style = by_text["Frames the work around business goals"]  # `name:` under `- id:`
    assert block_style["source"]["line"] == 4
    assert block_style["translation"] == {
        "state": "fallback",
        "path": "locales/da/toolkits/ttt/certification.po",
        "line": 20,
    }
    anchor = by_text["States the purpose and agrees ground rules."]
    assert anchor["source"]["line"] == 13 and anchor["context"] == "criterion 'opening', level 2"
    validity = next(b for b in blocks if b["text"].startswith("Certificeringen er gyldig i 24"))
    assert validity["source"] == {"path": "toolkits/ttt/certification.yml", "line": 18}


def test_notes_page_points_back_to_each_note_source(project):
    run = run_glocal("-C", project, "explain", "north/da", "notes", "--format", "json")
    assert run.code == 0, run.err
    blocks = [b for b in json.loads(run.out)["blocks"] if b["origin"] != "generated"]
    assert [(b["origin"], b["source"]["path"], b["source"]["line"], b["kind"]) for b in blocks] == [
        ("overlay", "toolkits/regions/north/intro.md", 10, "paragraph"),  # regional notes come first
        ("core", "curriculum/modules/intro.md", 30, "paragraph"),
        ("core", "curriculum/modules/intro.md", 32, "code"),
    ]
    assert blocks[1]["translation"]["state"] == "translated"
    whole = run_glocal("-C", project, "explain", "north/da", "--format", "json")
    pages = {b["page"] for b in json.loads(whole.out)["blocks"]}
    assert pages == {"index.md", "modules/intro.md", "ttt/index.md", "ttt/intro.md"}  # no repeats


def test_unknown_site_and_page_exit_2(project):
    site = run_glocal("-C", project, "explain", "north/dk")
    assert site.code == 2
    assert "GL404" in site.err and "north/da" in site.err
    page = run_glocal("-C", project, "explain", "north/da", "intor")
    assert page.code == 2
    assert "GL410" in page.err and "did you mean 'intro'" in page.err
    assert page.out == ""


def test_every_block_is_on_the_composed_page(project):
    """The walk follows the composer: each block's effective text is on the page it names."""
    from glocal.pipeline import check, explain

    result = check(project)
    for site in ("north/da", "north/en"):
        composed = result.composed[site]
        pages = {f"modules/{p.module_id}.md": p.markdown for p in composed.pages}
        pages |= {f"handouts/{p.module_id}.md": p.handout for p in composed.pages}
        pages["index.md"] = composed.home
        pages["notes.md"] = composed.notes
        pages |= {extra.path: extra.markdown for extra in composed.ttt}
        assert {"notes.md", "ttt/index.md", "ttt/intro.md"} <= set(pages)
        for page in pages:
            blocks = explain(project, site, page).blocks
            flat = " ".join(pages[page].split())
            shown = [b for b in blocks if b.origin != "generated"]
            assert shown, page
            for block in shown:
                assert " ".join(block.text.split()) in flat, (site, page, block)


def test_explain_reuses_the_checks_result_when_nothing_changed(tmp_path, monkeypatch):
    """After `glocal check`, explain reads the check's result back instead of checking every
    site again (at 500 modules × 30 sites: 18.9 s → 5.9 s); a change is checked again."""
    from glocal.pipeline import checking
    from glocal.pipeline.explaining import explain

    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "explain", root)
    run_glocal("-C", root, "check")
    expected = run_glocal("-C", root, "explain", "north/da", "--format", "json")
    assert expected.code == 0, expected.err

    def no_check(*args, **kwargs):
        raise AssertionError("checked again though nothing changed")

    monkeypatch.setattr(checking, "check_report", no_check)
    monkeypatch.setattr(checking, "check", no_check)
    assert explain(root, "north/da", jobs=1).to_json() == json.loads(expected.out)
    assert [d.code for d in explain(root, "north/dk", jobs=1).diagnostics] == ["GL404"]
    module = root / "curriculum" / "modules" / "intro.md"
    module.write_text(module.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="checked again"):
        explain(root, "north/da", jobs=1)


def test_explain_is_the_same_with_one_process_or_several(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "explain", root)
    outputs = set()
    for jobs in ("1", "2"):
        shutil.rmtree(root / ".glocal", ignore_errors=True)
        run = run_glocal("-C", root, "explain", "north/da", "-j", jobs)
        outputs.add((run.code, run.out, run.err))
    assert len(outputs) == 1
    _golden("explain-north-da.txt", outputs.pop()[1])


def test_only_the_problems_of_files_the_site_reads_are_listed(tmp_path):
    """A regional lead explaining `north/da` sees the problems of the core, of north's files and
    of the Danish catalogs, not those of another region or of another language's catalogs
    (counted, and named by `check`)."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "explain", root)
    south = root / "toolkits/regions/south"
    south.mkdir()
    region = (root / "toolkits/regions/north/region.yml").read_text(encoding="utf-8")
    (south / "region.yml").write_text(
        region.replace("north", "south").replace("North", "South").replace("da", "de").replace("DK", "DE"),
        encoding="utf-8",
    )
    (south / "intro.md").write_text("::: fill no-such-slot\nText.\n:::\n", encoding="utf-8")
    broken = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "x\n'
    for language in ("de", "da"):
        (root / f"locales/{language}/curriculum").mkdir(parents=True, exist_ok=True)
        (root / f"locales/{language}/curriculum/program.po").write_text(broken, encoding="utf-8")
    checked = run_glocal("-C", root, "check", "--format", "json")
    problems = [d for d in json.loads(checked.out)["diagnostics"] if d["severity"] != "info"]
    paths = {d["path"] for d in problems}
    assert {"locales/de/curriculum/program.po", "locales/da/curriculum/program.po"} <= paths
    assert "toolkits/regions/south/intro.md" in paths
    ours = [d for d in problems if not d["path"].startswith(("toolkits/regions/south/", "locales/de/"))]

    run = run_glocal("-C", root, "explain", "north/da", "--format", "json")
    data = json.loads(run.out)
    assert data["diagnostics"] == ours and ours
    assert data["other_problems"] == len(problems) - len(ours) > 0
    text = run_glocal("-C", root, "explain", "north/da")
    assert "locales/da/curriculum/program.po" in text.err
    assert "south" not in text.err and "locales/de/" not in text.err
    assert f"({data['other_problems']} problem(s) in other regions' files" in text.err
    # south's own site lists south's problems
    south_site = json.loads(run_glocal("-C", root, "explain", "south/de", "--format", "json").out)
    assert {"toolkits/regions/south/intro.md", "locales/de/curriculum/program.po"} <= {
        d["path"] for d in south_site["diagnostics"]
    }


def test_a_break_points_at_its_days_line_and_the_day_start_is_shown_as_on_the_page(tmp_path: Path):
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "explain", root)
    program = root / "curriculum/program.yml"
    program.write_text(
        program.read_text(encoding="utf-8") + "days:\n  - [intro, {break: 15}]\n",
        encoding="utf-8",
    )
    found = run_glocal("-C", root, "explain", "north/da", "index.md", "--format", "json")
    blocks = json.loads(found.out)["blocks"]
    pauses = [
        (b["text"].split()[-1], b["source"]["line"]) for b in blocks if b["text"][-5:] in ("Pause", "rokost")
    ]
    assert pauses == [("Pause", 7)]  # the day's line, not the line of `days:`
    assert "Dagen starter: 09.00" in [b["text"] for b in blocks]  # as the page shows it, not 09:00
