"""`glocal adapt accept`: a region records that its fills were reviewed against the current core.

The record is the region's `adapted.lock.yml` (see `glocal.load.adapted`), rewritten atomically
and only when it changes. `build` records the fills the lock does not know yet (a fill written
before the lock existed counts as reviewed once), and never changes an entry that is there.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from glocal.checks import drift
from glocal.diagnostics import Diagnostic, Severity, Span
from glocal.fsutil import write_text_atomic
from glocal.load import REGIONS_DIR, load_project
from glocal.load.adapted import lock_path, render_lock
from glocal.load.validation import did_you_mean, listing
from glocal.model import Project, Reviewed
from glocal.pipeline import output


@dataclass
class Accepted:
    """What `adapt accept` did: the fills it recorded, by state before, and the lock it wrote."""

    region: str
    accepted: list[tuple[str, str]] = field(default_factory=list)  # ("module:slot", state before)
    written: str | None = None  # the lock's path when it changed
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def usage_error(self) -> bool:
        return any(d.code in ("GL001", "GL223") for d in self.diagnostics)

    @property
    def failed(self) -> bool:
        return any(d.level is Severity.ERROR or d.code == "GL222" for d in self.diagnostics)


def unknown_region(project: Project, name: str) -> Diagnostic | None:
    """GL223 when the project has no region `name` (with the known ones and a did-you-mean hint)."""
    if name in project.regions:
        return None
    known = list(project.regions)
    return Diagnostic(
        "GL223",
        f"no region '{name}': expected one of {listing(name, known, 'regions')}",
        Span("<command line>"),
        hint=did_you_mean(name, known),
    )


def broken_region(project: Project, name: str, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Why the project has no region `name` though it has its folder: the errors there (a broken
    region.yml). Without them, a typo in `languages:` read as "no region 'nordics'"."""
    if name in project.regions or "/" in name or not name:
        return []
    prefix = f"{REGIONS_DIR}/{name}/"
    return [d for d in diagnostics if d.level is Severity.ERROR and d.span.path.startswith(prefix)]


def accept(root: Path, region: str, scope: str | None = None) -> Accepted:
    """Record the region's fills in `scope` (all, `MODULE` or `MODULE:SLOT`) as reviewed now."""
    root = Path(root).resolve()
    done = Accepted(region)
    project, loaded = load_project(root)
    if project.program is None:
        done.diagnostics += [d for d in loaded if d.code == "GL001"] or loaded
        return done
    problem = unknown_region(project, region)
    broken = broken_region(project, region, loaded)
    if broken:  # its region.yml says why the project has no such region
        done.diagnostics += broken
        return done
    module, slot = _scope(scope)
    if problem is None and scope is not None and (not module or scope.endswith((":", "/"))):
        problem = Diagnostic(  # `:case-study` accepted the whole region; `shared-vision:` the module
            "GL223",
            f"'{scope}' names no fill: expected MODULE or MODULE:SLOT",
            Span("<command line>"),
            hint="leave it out to accept every fill of the region",
        )
    if problem is None and module:
        problem = _unknown_scope(project, region, module, slot)
    if problem is not None:
        done.diagnostics.append(problem)
        return done
    path = lock_path(REGIONS_DIR, region)
    broken = [d for d in loaded if d.code == "GL222" and d.span.path == path]
    if broken:  # rewriting it would drop what could not be read
        done.diagnostics += broken
        return done
    entries = dict(project.adapted.get(region, {}))
    for fill in drift.fills(project, region):
        if module and (fill.module != module or (slot and fill.slot != slot)):
            continue
        if fill.state != "current":
            done.accepted.append((f"{fill.module}:{fill.slot}", fill.state))
        entries[(fill.module, fill.slot)] = _entry(fill)
    if not module:  # the whole region was reviewed: entries for fills that are gone go too
        present = {(fill.module, fill.slot) for fill in drift.fills(project, region)}
        entries = {key: value for key, value in entries.items() if key in present}
    with output.project_lock(root, "adapt accept"):
        done.written = _write(project, region, entries)
    return done


def _scope(scope: str | None) -> tuple[str, str]:
    """(module, slot) of `MODULE`, `MODULE:SLOT` or `MODULE/SLOT` (as GL221 and status name a fill)."""
    text = scope or ""
    separator = ":" if ":" in text else "/"
    module, _, slot = text.partition(separator)
    return module, slot


def record_untracked(project: Project, problems: list[Diagnostic]) -> list[str]:
    """Add the fills no lock knows yet, as reviewed against the current core; the locks written.

    A region whose lock cannot be read (GL222 in `problems`) is left alone; so is every entry
    already there, stale or not. A lock that cannot be written costs only the tracking.
    """
    written = []
    for region in project.regions.values():
        if region.core_only:
            continue
        path = lock_path(REGIONS_DIR, region.id)
        if any(d.code == "GL222" and d.span.path == path for d in problems):
            continue
        new = [fill for fill in drift.fills(project, region.id) if fill.state == "untracked"]
        if not new:
            continue
        entries = dict(project.adapted.get(region.id, {}))
        entries.update({(fill.module, fill.slot): _entry(fill) for fill in new})
        with contextlib.suppress(OSError):
            if _write(project, region.id, entries):
                written.append(path)
    return written


def _entry(fill: drift.Fill) -> Reviewed:
    return Reviewed(fill.module, fill.slot, fill.core.fingerprint(), fill.core, fill.span)


def _write(project: Project, region: str, entries: dict) -> str | None:
    """Write the lock when its text changes; its path, or None when it was already so."""
    path = lock_path(REGIONS_DIR, region)
    target = project.root / path
    order = list(project.modules)
    text = render_lock(region, entries, order)
    try:
        if target.read_text(encoding="utf-8") == text:
            return None
    except (OSError, UnicodeDecodeError):
        pass
    if not entries and not target.exists():
        return None
    write_text_atomic(target, text)
    return path


def _unknown_scope(project: Project, region: str, module: str, slot: str) -> Diagnostic | None:
    if module not in project.modules:
        return Diagnostic(
            "GL223",
            f"no module '{module}': expected one of {listing(module, list(project.modules), 'modules')}",
            Span("<command line>"),
            hint=did_you_mean(module, list(project.modules)),
        )
    filled = [fill.slot for fill in drift.fills(project, region) if fill.module == module]
    if slot and slot not in filled:
        declared = list(project.modules[module].slots)
        what = "declares no slot" if slot not in declared else f"region '{region}' does not fill the slot"
        return Diagnostic(
            "GL223",
            f"module '{module}' {what} '{slot}': expected one of {', '.join(filled) or 'no filled slot'}",
            Span("<command line>"),
            hint=did_you_mean(slot, filled),
        )
    return None
