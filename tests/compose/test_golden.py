"""Compose golden tests: a tiny project in, the composed Markdown of one site out, compared exactly.

Each case is a folder `golden/<case>/` holding a project (`curriculum/`, `toolkits/`, and for a
translated site `locales/<lang>/…/*.po`) and `expected/`, the Markdown `compose_site` returns for
the case's site (`CASES`):

    expected/index.md              the home page (overview, delivery notes, day plan)
    expected/modules/<id>.md       one module page per module
    expected/handouts/<id>.md      its participant handout
    expected/notes.md              the facilitator-notes page
    expected/ttt/*.md              the Train-the-Trainer section, when the case has one
    expected/summary.txt           title, tallies, slot states and diagnostics

The test builds everything compose needs itself: the project with `load_project`, the labels with
`labels_for`, and the catalogs as `Catalog` records read here from the case's PO files. So a
case shows what compose does with what it is given, and compose reads no file of its own
(`test_compose_is_pure` checks that as well).

Regenerate the expectations after an intended change, then review the diff before committing:

    GLOCAL_REGENERATE=1 .venv/bin/python -m pytest -p no:cacheprovider tests/compose/test_golden.py

A regenerate run rewrites `expected/` and still fails ("regenerated, review the diff"), so it
never passes silently.
"""

from __future__ import annotations

import builtins
import difflib
import io
import os
import shutil
from pathlib import Path

import polib
import pytest

from glocal.compose import ComposedSite, SiteInputs, compose_site
from glocal.i18n.translations import Catalog
from glocal.i18n.ui import labels_for
from glocal.load import load_project
from glocal.model import Project, SiteRef

GOLDEN = Path(__file__).resolve().parent / "golden"
REGENERATE = os.environ.get("GLOCAL_REGENERATE", "") not in ("", "0")

CASES = {
    # core + a region filling a slot + a regional facilitator note + a timed activity + a day plan
    # with a break + a Train-the-Trainer section
    "core-and-region": SiteRef("north", "en"),
    # a Danish site: one paragraph translated, one not (fallback markup), a fuzzy objective, a
    # translated slot fill, a translated programme title and region name
    "translated": SiteRef("south", "da"),
    # Carpentries Workbench fences nested by colon count: challenge with hint and solution,
    # instructor note, questions, keypoints
    "carpentries": SiteRef("north", "en"),
}


def read_catalogs(root: Path, language: str) -> dict[str, Catalog]:
    """The usable translations of every PO file under `locales/<language>/`, by source path."""
    catalogs = {}
    folder = root / "locales" / language
    for po_path in sorted(folder.rglob("*.po")):
        relative = po_path.relative_to(folder)
        if relative.as_posix() == "ui.po":
            continue  # UI labels, not a source file's catalog
        candidates = [relative.with_suffix(suffix) for suffix in (".md", ".yml")]
        source = next(c.as_posix() for c in candidates if (root / c).is_file())
        catalog = Catalog(po_path.relative_to(root).as_posix())
        for entry in polib.pofile(str(po_path), wrapwidth=0):
            if entry.obsolete or entry.msgid_plural or not entry.msgid or not entry.msgstr:
                continue
            if "fuzzy" in entry.flags:
                catalog.fuzzy.add(entry.msgid)
            else:
                catalog.translated[entry.msgid] = entry.msgstr
        catalogs[source] = catalog
    return catalogs


def site_inputs(root: Path, site: SiteRef) -> SiteInputs:
    """Labels and catalogs for one site, built in the test (compose gets them, never reads them)."""
    return SiteInputs(labels_for(site.language), read_catalogs(root, site.language))


def load(root: Path) -> Project:
    project, diagnostics = load_project(root)
    assert not diagnostics, f"the case project does not load cleanly: {diagnostics}"
    return project


def summary(composed: ComposedSite) -> str:
    """What compose counted, as text: the tallies, the slot states and the diagnostics."""
    lines = [
        f"title: {composed.title}",
        f"locale: {composed.locale}",
        f"words: {composed.tally.words} source, {composed.tally.translated} translated "
        f"(share {composed.translated})",
        f"core words: {composed.core_words}, local words: {composed.local_words} "
        f"(core share {composed.core_share})",
    ]
    for page in composed.pages:
        slots = ", ".join(f"{s.slot}={s.state}" for s in page.slots) or "none"
        lines.append(
            f"module {page.module_id}: duration {page.duration}, translated {page.translated}, "
            f"slots {slots}, notes {len(page.notes)}"
        )
    lines += [f"diagnostic: {d}" for d in composed.diagnostics] or ["diagnostics: none"]
    return "\n".join(lines) + "\n"


def outputs(composed: ComposedSite) -> dict[str, str]:
    """Every text compose returned, by its file name under expected/."""
    files = {"index.md": composed.home, "notes.md": composed.notes, "summary.txt": summary(composed)}
    for page in composed.pages:
        files[f"modules/{page.module_id}.md"] = page.markdown
        files[f"handouts/{page.module_id}.md"] = page.handout
    for extra in composed.ttt:
        files[extra.path] = extra.markdown
    return files


def read_tree(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes().decode("utf-8")
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def write_tree(folder: Path, files: dict[str, str]) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    for name, text in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))


def differences(expected: dict[str, str], actual: dict[str, str]) -> list[str]:
    """Missing, unexpected and differing files, each differing one as a unified diff."""
    found = [f"missing from the output: {name}" for name in sorted(expected.keys() - actual.keys())]
    found += [f"not expected: {name}" for name in sorted(actual.keys() - expected.keys())]
    for name in sorted(expected.keys() & actual.keys()):
        if expected[name] != actual[name]:
            diff = difflib.unified_diff(
                expected[name].splitlines(keepends=True),
                actual[name].splitlines(keepends=True),
                f"expected/{name}",
                f"composed/{name}",
            )
            found.append("".join(diff) or f"{name}: differs in line endings or trailing text")
    return found


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(case: str):
    root = GOLDEN / case
    site = CASES[case]
    composed = compose_site(load(root), site, site_inputs(root, site))
    actual = outputs(composed)
    if REGENERATE:
        write_tree(root / "expected", actual)
        pytest.fail(f"regenerated {root / 'expected'}, review the diff", pytrace=False)
    found = differences(read_tree(root / "expected"), actual)
    assert not found, (
        f"{case} ({site.key}) composed differently from expected/ "
        f"(regenerate: GLOCAL_REGENERATE=1 … tests/compose/test_golden.py):\n" + "\n".join(found)
    )


def test_every_case_folder_is_run():
    assert sorted(p.name for p in GOLDEN.iterdir() if p.is_dir()) == sorted(CASES)


def test_the_translated_case_shows_both_a_translation_and_a_fallback():
    # guards the case itself: regenerating must not quietly lose what it is there to show
    expected = read_tree(GOLDEN / "translated" / "expected")
    page = expected["modules/intro.md"]
    assert "Gode partnerskaber begynder med forretningsstrategien." in page
    assert 'class="glocal-fallback" lang="en"' in page and "Partners share data openly" in page
    assert "Et mejeriandelsselskab og en erhvervsskole uddannede malkere sammen." in page


class _FileGuard:
    """Records every file-system access under one folder (open, stat, listing) while active."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = str(root.resolve())
        self.touched: list[str] = []
        for module, name in [
            (builtins, "open"),
            (io, "open"),
            (os, "open"),
            (os, "stat"),
            (os, "lstat"),
            (os, "listdir"),
            (os, "scandir"),
        ]:
            monkeypatch.setattr(module, name, self._wrap(getattr(module, name)))

    def _wrap(self, original):
        def guarded(path=".", *args, **kwargs):
            if isinstance(path, (str, os.PathLike)):
                absolute = os.path.abspath(os.fspath(path))
                if absolute == self.root or absolute.startswith(self.root + os.sep):
                    self.touched.append(absolute)
            return original(path, *args, **kwargs)

        return guarded


@pytest.mark.parametrize("case", ["translated", "core-and-region"])
def test_compose_is_pure(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = tmp_path / case
    shutil.copytree(GOLDEN / case, root, ignore=shutil.ignore_patterns("expected"))
    site = CASES[case]
    project = load(root)
    inputs = site_inputs(root, site)
    first = compose_site(project, site, inputs)
    assert compose_site(project, site, inputs) == first, "the same inputs composed differently"
    # Without the project's catalogs on disk the result is the same: compose never reads them.
    shutil.rmtree(root / "locales", ignore_errors=True)
    assert compose_site(project, site, inputs) == first, "compose read the deleted PO files"
    # And it touches no file of the project at all.
    guard = _FileGuard(root, monkeypatch)
    again = compose_site(project, site, inputs)
    monkeypatch.undo()
    assert guard.touched == [], f"compose touched project files: {guard.touched}"
    assert again == first
    # Compose changed none of its inputs (the catalogs are plain mutable records).
    assert inputs == site_inputs(GOLDEN / case, site)
