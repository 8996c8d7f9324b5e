"""`glocal check` shares its sites out to processes by language: the result never depends on how many."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import copy_sample
from glocal import pipeline
from glocal.load import load_project
from glocal.pipeline import checking


@pytest.fixture(scope="module")
def troubled(tmp_path_factory) -> Path:
    """The sample with problems in two languages' catalogs, in the core and in one region."""
    root = copy_sample(tmp_path_factory.mktemp("parallel") / "sample")
    da = root / "locales/da/curriculum/modules/co-creation.po"
    text = da.read_text(encoding="utf-8")
    da.write_text(text.replace('msgstr "', 'msgstr \\q"', 1), encoding="utf-8")  # GL320 in Danish
    nl = root / "locales/nl/curriculum/modules/co-creation.po"
    text = nl.read_text(encoding="utf-8")
    first = re.search(r"^msgid \"A joint design team", text, re.M)
    assert first is not None
    nl.write_text(text[: first.start()] + "#, fuzzy\n" + text[first.start() :], encoding="utf-8")  # GL303
    module = root / "curriculum/modules/shared-vision.md"
    module.write_text(module.read_text(encoding="utf-8") + "\n{{ no_such_variable }}\n", encoding="utf-8")
    overlay = next((root / "toolkits/regions/nordics").rglob("*.md"))
    unknown_fill = "\n::: fill no-such-slot\nText.\n:::\n"
    overlay.write_text(overlay.read_text(encoding="utf-8") + unknown_fill, encoding="utf-8")
    return root


def _json(report, summaries) -> tuple[list, list]:
    return report.to_json_list(), [s.to_json() for s in summaries]


@pytest.fixture(scope="module")
def one_process(troubled: Path) -> tuple[list, list]:
    return _json(*checking.check_report(troubled, 1))


def test_the_troubled_sample_has_problems_in_both_catalogs_the_core_and_a_region(one_process):
    diagnostics, _ = one_process
    paths = {d["path"] for d in diagnostics}
    assert "locales/da/curriculum/modules/co-creation.po" in paths
    assert "locales/nl/curriculum/modules/co-creation.po" in paths
    assert "curriculum/modules/shared-vision.md" in paths
    assert any(p.startswith("toolkits/regions/nordics/") for p in paths)


def test_two_processes_find_exactly_what_one_finds(troubled, one_process):
    assert _json(*checking.check_report(troubled, 2)) == one_process


def test_more_processes_than_shares_find_the_same(troubled, one_process):
    assert _json(*checking.check_report(troubled, 64)) == one_process


def test_the_shared_check_agrees_with_the_check_a_build_runs(troubled, one_process):
    result = pipeline.check(troubled)
    assert _json(result.report, result.summaries) == one_process


def test_each_language_with_catalogs_is_one_share_and_each_site_is_in_exactly_one(troubled):
    project, _ = load_project(troubled)
    tasks = checking._tasks(project)
    shared = [site for task in tasks for site in task]
    assert sorted(s.key for s in shared) == sorted(s.key for s in project.sites())
    for task in tasks:
        languages = {site.language for site in task}
        assert len(languages) == 1
        language = languages.pop()
        if (troubled / "locales" / language).is_dir():  # its catalogs are read by one process
            assert task == [site for site in project.sites() if site.language == language]
        else:
            assert len(task) == 1


def test_the_command_takes_jobs_and_prints_the_same(troubled, glocal):
    one = glocal("-C", str(troubled), "check", "--format", "json", "-j", "1")
    (troubled / ".glocal" / "cache" / "check.json").unlink()  # not replayed: checked again
    two = glocal("-C", str(troubled), "check", "--format", "json", "-j", "2")
    assert one.out == two.out
    assert one.code == two.code == 1
