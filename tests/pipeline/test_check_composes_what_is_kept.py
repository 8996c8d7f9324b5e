"""A check composes whole only the sites a caller keeps; the others, for their facts alone.

A participant handout is a second composition of every module page (facilitator material left
out, links rebased), and the home page (with the day plan) and the notes page are used only
when a site is staged. `glocal check` keeps no page, and a build of named sites keeps only
theirs: composing the others' handouts was about an eighth of a check's work at scale
(`glocal check -j 1` at 500 modules: 16.1-16.6 s with them, 13.8-14.6 s without). `glocal
status`, `explain` and `pack` take check's own result (replayed when nothing changed), and a
pack composes whole only the site it packs.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from conftest import PACK_EPOCH, ROSTER, SAMPLE_PACK, run_glocal
from glocal.compose import site as site_module
from glocal.i18n.translations import Translations
from glocal.load import load_project
from glocal.pipeline import checking
from glocal.pipeline.checking import check, check_report, compose
from glocal.pipeline.explaining import explain
from glocal.pipeline.packing import pack
from glocal.pipeline.verdict import SiteFacts


@pytest.fixture
def handout_calls(monkeypatch) -> list[str]:
    """The region of every handout composed from now on."""
    calls: list[str] = []
    real = site_module.compose_page

    def counting(module, body, overlay, region, *args, **options):
        if options.get("participant"):
            calls.append(region.id)
        return real(module, body, overlay, region, *args, **options)

    monkeypatch.setattr(site_module, "compose_page", counting)
    return calls


@pytest.fixture
def home_calls(monkeypatch) -> list[str]:
    """The region of every home page composed from now on."""
    calls: list[str] = []
    real = site_module.home_page

    def counting(program, title, description, region, *args):
        calls.append(region.id)
        return real(program, title, description, region, *args)

    monkeypatch.setattr(site_module, "home_page", counting)
    return calls


def test_check_report_composes_no_handout_and_no_home(
    small_sample: Path, handout_calls: list[str], home_calls: list[str]
):
    report, summaries = check_report(small_sample, jobs=1)
    assert len(summaries) == 10 and report.diagnostics
    assert handout_calls == [] and home_calls == []


def test_a_check_for_named_sites_composes_them_only_whole(
    small_sample: Path, handout_calls: list[str], home_calls: list[str]
):
    result = check(small_sample, wanted={"nordics/da"})
    modules = len(result.project.modules)
    assert handout_calls == ["nordics"] * modules and home_calls == ["nordics"]
    pages = result.composed["nordics/da"].pages
    assert len(pages) == modules and all(page.handout.strip() for page in pages)


def test_explain_checks_every_site_for_its_facts_alone(
    small_sample: Path, handout_calls: list[str], home_calls: list[str]
):
    """`glocal explain` composes the site it explains again, block by block, with where each
    block comes from: its check keeps no site, so composes none whole."""
    found = explain(small_sample, "nordics/da")
    assert not found.usage_error and found.text().strip()
    assert handout_calls == [] and home_calls == []


def test_a_check_for_every_site_composes_every_handout(small_sample: Path, handout_calls: list[str]):
    result = check(small_sample)
    assert len(handout_calls) == len(result.project.modules) * len(result.composed)
    assert all(site.home.strip() and site.notes.strip() for site in result.composed.values())
    assert len(result.composed) == 10 and handout_calls
    assert all(page.handout.strip() for site in result.composed.values() for page in site.pages)


def test_what_only_a_staged_site_needs_changes_no_fact(small_sample: Path):
    """Composed for its facts alone, a site is the same but for its handouts, home and notes."""
    project, _ = load_project(small_sample.resolve())
    translations = Translations(project.root)
    for site in project.sites():
        full = compose(project, site, translations)
        bare = compose(project, site, translations, whole=False)
        assert SiteFacts.of(bare) == SiteFacts.of(full), site.key
        assert all(page.handout == "" for page in bare.pages) and bare.home == bare.notes == ""
        assert full.home.strip() and full.notes.strip()
        without = [dataclasses.replace(page, handout="") for page in full.pages]
        assert dataclasses.replace(full, pages=tuple(without), home="", notes="") == bare, site.key


def test_a_pack_reuses_the_checks_result_and_composes_only_its_site_whole(
    small_pack: Path, tmp_path: Path, monkeypatch, handout_calls: list[str], home_calls: list[str]
):
    """After `glocal check`, a pack reads the check's result back (it checked every site, in
    one process, before): only the packed site is composed, whole, and the pack is the same."""
    root = tmp_path / "sample"
    shutil.copytree(small_pack, root, symlinks=True)
    (root / "dist" / "packs" / SAMPLE_PACK).unlink()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PACK_EPOCH)
    assert run_glocal("-C", root, "check").code in (0, 1)
    handout_calls.clear()
    home_calls.clear()

    def no_check(*args, **kwargs):
        raise AssertionError("checked again though nothing changed")

    monkeypatch.setattr(checking, "check_report", no_check)
    monkeypatch.setattr(checking, "check", no_check)
    result = pack(root, "vietnam/vi", ROSTER, jobs=2)
    assert not result.usage_error and not [d for d in result.diagnostics if d.level.name == "ERROR"]
    made = (root / "dist" / "packs" / SAMPLE_PACK).read_bytes()
    assert made == (small_pack / "dist" / "packs" / SAMPLE_PACK).read_bytes()
    assert home_calls == ["vietnam"] and set(handout_calls) == {"vietnam"}


@pytest.mark.parametrize("command", ["explain", "pack"])
def test_a_site_gone_since_the_check_is_an_unknown_site_not_a_traceback(
    small_sample: Path, monkeypatch, command
):
    """explain and pack read the check's result, then load the project: a site the check saw
    that the project no longer has (a region.yml edited in between) is GL404, as any unknown site."""
    import dataclasses as dc

    from glocal.pipeline import replay
    from glocal.pipeline.replay import checked

    real = checked(small_sample, 1)
    first = real.summaries[0]
    gone = dc.replace(first, site="gone/xx", region="gone", status="publish")
    fake = dc.replace(real, summaries=[*real.summaries, gone])
    monkeypatch.setattr(replay, "checked", lambda root, jobs=None, loaded=None: fake)
    if command == "explain":
        found = explain(small_sample, "gone/xx")
        assert [d.code for d in found.diagnostics] == ["GL404"] and found.usage_error
    else:
        result = pack(small_sample, "gone/xx", ROSTER)
        assert [d.code for d in result.diagnostics] == ["GL404"] and result.usage_error
