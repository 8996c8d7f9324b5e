"""What authors and translators run besides check and build: catalogs and scaffolds.

Each function returns what it did; relative paths are taken from the project folder.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from glocal import scaffold, workbench
from glocal.diagnostics import Diagnostic
from glocal.i18n import stats, workflow
from glocal.load import load_project
from glocal.model import Project

I18nStats = stats.Stats  # what `i18n_stats` returns, named for the command line


def load(root: Path) -> tuple[Project, list[Diagnostic]]:
    """The project, for commands that need it but not a full check."""
    return load_project(Path(root).resolve())


def i18n_extract(project: Project) -> workflow.Written:
    return workflow.extract(project)


def i18n_update(
    project: Project, language: str | None = None, compendia: Sequence[str] = (), memory: bool = True
) -> workflow.Written:
    """Extract and merge every catalog, new messages filled from translation memory (`workflow.update`)."""
    return workflow.update(project, language, compendia, memory)


def i18n_stats(project: Project, language: str | None = None) -> I18nStats:
    return stats.collect(project, language)


def i18n_merge(root: Path, definitions: str, reference: str, output: str) -> list[Diagnostic]:
    """`msgmerge --previous DEF.po REF.pot -o OUT.po` (see `workflow.merge_file`)."""
    return workflow.merge_file(Path(root), definitions, reference, output)


def new_module(root: Path, module_id: str, title: str | None = None) -> scaffold.Outcome:
    return scaffold.new_module(Path(root), module_id, title)


def new_region(root: Path, region_id: str, languages: list[str], name: str | None = None) -> scaffold.Outcome:
    return scaffold.new_region(Path(root), region_id, languages, name)


def import_workbench(root: Path, lesson: Path) -> scaffold.Outcome:
    """A Carpentries Workbench lesson as the project's programme, its episodes copied unchanged."""
    return workbench.import_lesson(Path(root), Path(lesson))
