"""What authors and translators run besides check and build: catalogs and scaffolds.

Each function returns what it did; relative paths are taken from the project folder.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from glocal import scaffold, workbench
from glocal.diagnostics import Diagnostic
from glocal.i18n import prefill, stats, workflow
from glocal.i18n.extract import Source
from glocal.load import load_project
from glocal.model import Project
from glocal.processes import forked_map
from glocal.workbench import translation

I18nStats = stats.Stats  # what `i18n_stats` returns, named for the command line


def load(root: Path) -> tuple[Project, list[Diagnostic]]:
    """The project, for commands that need it but not a full check."""
    return load_project(Path(root).resolve())


def i18n_extract(project: Project) -> workflow.Written:
    return workflow.extract(project)


def i18n_update(
    project: Project,
    language: str | None = None,
    compendia: Sequence[str] = (),
    memory: bool = True,
    jobs: int | None = None,
) -> workflow.Written:
    """Extract and merge every catalog, new messages filled from translation memory
    (`workflow.update`), the languages in `jobs` processes (default: one per core)."""
    return workflow.update(project, language, compendia, memory, jobs)


def i18n_align(project: Project, pairs: list[tuple[str, Path, str]], language: str) -> prefill.Aligned:
    """`glocal i18n align`: translations of the project's files as fuzzy suggestions in their
    catalogs (`prefill.align_files`); the language's catalogs updated first, once."""
    return prefill.align_files(project, pairs, language)


def i18n_stats(project: Project, language: str | None = None, jobs: int | None = None) -> I18nStats:
    """Every catalog's counts; the languages are counted in `jobs` processes (default: one per
    core; at 500 modules a language has some 1,000 catalogs), with the same result."""
    return stats.collect(project, language, counter=functools.partial(count_languages, jobs=jobs))


def count_languages(
    project: Project, found: list[Source], languages: list[str], jobs: int | None = None
) -> dict[str, dict[int, stats.Counted]]:
    """`stats.count_language` for each of `languages`, in `jobs` processes (default: one per
    core), one language per process at a time."""
    counted = forked_map(_count, (project, found), languages, jobs)
    return dict(zip(languages, counted, strict=True))


def _count(shared: tuple[Project, list[Source]], language: str) -> dict[int, stats.Counted]:
    return stats.count_language(*shared, language)


def i18n_merge(root: Path, definitions: str, reference: str, output: str) -> list[Diagnostic]:
    """`msgmerge --previous DEF.po REF.pot -o OUT.po` (see `workflow.merge_file`)."""
    return workflow.merge_file(Path(root), definitions, reference, output)


def new_module(root: Path, module_id: str, title: str | None = None) -> scaffold.Outcome:
    return scaffold.new_module(Path(root), module_id, title)


def new_page(root: Path, page: str, title: str | None = None) -> scaffold.Outcome:
    return scaffold.new_page(Path(root), page, title)


def new_region(root: Path, region_id: str, languages: list[str], name: str | None = None) -> scaffold.Outcome:
    return scaffold.new_region(Path(root), region_id, languages, name)


def import_translation(root: Path, lesson: Path, language: str | None) -> scaffold.Outcome:
    """A translation of the lesson the programme was made of, as fuzzy catalog entries in its
    language (`workbench.translation`), the language's catalogs updated first."""
    project, problems = load(root)
    if project.program is None:
        return scaffold.Outcome(diagnostics=problems)
    return translation.import_translation(project, Path(lesson), language)


def import_workbench(root: Path, lesson: Path, update: bool = False) -> scaffold.Outcome:
    """A Carpentries Workbench lesson as the project's programme, its episodes copied unchanged;
    or, with `update`, its new version merged into the programme made of it before."""
    return workbench.import_lesson(Path(root), Path(lesson), update=update)
