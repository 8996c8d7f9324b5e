"""`glocal check` remembered: with nothing changed since the last check, its result is replayed.

The check's result depends only on the project's input files, Glocal's own files and the tools'
versions (`state.inputs_fingerprint`); it is saved as JSON under `.glocal/cache/check.json` and
used only when that fingerprint matches. This module stays light: replaying imports neither the
checks nor MkDocs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from glocal.diagnostics import Diagnostic, Report, Span
from glocal.pipeline import state
from glocal.pipeline.summary import SiteSummary
from glocal.upstream import UPSTREAM_CONFLICTS

if TYPE_CHECKING:  # replaying stays light: only `project_checked` loads a project
    from glocal.load import Loaded
    from glocal.model import Project

STATE = "check"


@dataclass
class Checked:
    """What `check` found: its diagnostics and one summary per site."""

    report: Report
    summaries: list[SiteSummary] = field(default_factory=list)
    replayed: bool = False  # True when nothing changed and the last result was reused


def checked(root: Path, jobs: int | None = None, loaded: Loaded | None = None) -> Checked:
    """The check's result for the project at `root`, from the cache when nothing changed
    (`jobs`: how many processes check the sites, default one per core; `loaded`: what
    `load_project` gave for `root`, when the caller needs the project too: it is not loaded again).

    Files an `import workbench --update` set aside (outside the check's inputs) are named every
    time, cached result or not."""
    result = _checked(Path(root).resolve(), jobs, loaded)
    result.report.extend(unmerged(Path(root).resolve()))
    return result


#: A folder of set-aside files is named file by file up to this many, then counted
MAX_UNMERGED_NAMED = 50


def unmerged(root: Path) -> list[Diagnostic]:
    """GL127 for each lesson's version `import workbench --update` set aside and nobody has
    merged yet (a directory listing: the check stays light when there is none); `check` and
    `build` name them every time, their cached result or not."""
    folder = root / UPSTREAM_CONFLICTS
    if not folder.is_dir() or folder.is_symlink():
        return []
    found: list[Diagnostic] = []
    count = 0
    for current, dirs, files in os.walk(folder):  # links are not followed
        dirs.sort()
        for name in sorted(files):
            count += 1
            if count > MAX_UNMERGED_NAMED:
                continue
            copy = Path(current, name).relative_to(root).as_posix()
            yours = copy[len(UPSTREAM_CONFLICTS) + 1 :]
            found.append(
                Diagnostic(
                    "GL127",
                    f"the lesson's version of {yours}, set aside by `import workbench --update`, "
                    "is not merged yet",
                    Span(copy),
                    hint=f"bring what you want of it into {yours}, then delete this copy",
                )
            )
    if count > MAX_UNMERGED_NAMED:
        more = count - MAX_UNMERGED_NAMED
        found.append(
            Diagnostic(
                "GL127", f"and {more} more set aside in {UPSTREAM_CONFLICTS}/", Span(UPSTREAM_CONFLICTS)
            )
        )
    return found


def _checked(root: Path, jobs: int | None, loaded: Loaded | None) -> Checked:
    if (jobs is None or jobs > 1) and not state.state_path(root, state.FILES).is_file():
        return _first_check(root, jobs, loaded)
    inputs = state.inputs_fingerprint(root)
    saved = state.read_state(root, STATE, inputs)
    if saved is not None:
        replayed = replay(saved)
        if replayed is not None:
            return replayed
    from glocal.pipeline.checking import check_report

    report, summaries = check_report(root, jobs, loaded)
    remember(root, inputs, report, summaries)
    return Checked(report, summaries)


def project_checked(root: Path, jobs: int | None = None) -> tuple[Project, Checked]:
    """The project at `root` and the check's result for it (`checked`), for the commands that
    need both: the project is loaded once, and handed to the check if it must run."""
    from glocal.load import load_project

    loaded = load_project(Path(root).resolve())
    return loaded[0], checked(root, jobs, loaded)


def _first_check(root: Path, jobs: int | None, loaded: Loaded | None = None) -> Checked:
    """No file was ever hashed here, so nothing can be replayed: check at once, while another
    process hashes the inputs (remembered only if none changed meanwhile)."""
    from glocal.pipeline.checking import check_report

    (report, summaries), inputs = state.fingerprint_meanwhile(root, lambda: check_report(root, jobs, loaded))
    if inputs is not None:
        remember(root, inputs, report, summaries)
    return Checked(report, summaries)


def remember(root: Path, inputs: str, report: Report, summaries: list[SiteSummary]) -> None:
    records = {
        "report": [d.to_record() for d in report.diagnostics],
        "summaries": [s.to_record() for s in summaries],
    }
    state.write_state(root, STATE, inputs, records)


def replay(saved: dict) -> Checked | None:
    """A saved result, or None when the record is not one `remember` wrote."""
    try:
        report = Report()
        report.extend(Diagnostic.from_record(record) for record in saved["report"])
        summaries = [SiteSummary.from_record(summary) for summary in saved["summaries"]]
    except (KeyError, TypeError, ValueError):
        return None
    return Checked(report, summaries, replayed=True)
