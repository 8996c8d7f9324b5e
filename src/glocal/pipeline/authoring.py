"""What authors and translators run besides check and build: catalogs and scaffolds.

Each function returns what it did; relative paths are taken from the project folder.
"""

from __future__ import annotations

from pathlib import Path

from glocal import scaffold
from glocal.diagnostics import Diagnostic
from glocal.i18n import catalog, stats, workflow
from glocal.i18n.catalog import TemplateEntry
from glocal.i18n.merge import merge
from glocal.load import load_project
from glocal.model import Project


def load(root: Path) -> tuple[Project, list[Diagnostic]]:
    """The project, for commands that need it but not a full check."""
    return load_project(Path(root).resolve())


def i18n_extract(project: Project) -> workflow.Written:
    return workflow.extract(project)


def i18n_update(project: Project, language: str | None = None) -> workflow.Written:
    return workflow.update(project, language)


def i18n_stats(project: Project, language: str | None = None) -> stats.Stats:
    return stats.collect(project, language)


def i18n_merge(root: Path, definitions: str, reference: str, output: str) -> list[Diagnostic]:
    """`msgmerge DEF.po REF.pot -o OUT.po`: problems reading either file mean nothing is written."""
    old, problems = catalog.read(Path(root) / definitions, definitions)
    template, more = catalog.read(Path(root) / reference, reference)
    if old is None or template is None:
        return problems + more
    entries = [
        TemplateEntry(
            e.msgid, tuple((p, int(n) if str(n).isdigit() else 0) for p, n in e.occurrences), e.comment
        )
        for e in template
        if not e.obsolete and e.msgid
    ]
    catalog.write(Path(root) / output, merge(old, entries))
    return problems + more


def new_module(root: Path, module_id: str, title: str | None = None) -> scaffold.Outcome:
    return scaffold.new_module(Path(root), module_id, title)


def new_region(root: Path, region_id: str, languages: list[str], name: str | None = None) -> scaffold.Outcome:
    return scaffold.new_region(Path(root), region_id, languages, name)
