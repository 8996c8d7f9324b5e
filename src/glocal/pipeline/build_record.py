"""What a build remembers for the next one (`.glocal/cache/`, see `state`), and why a site must be
built again given what was remembered. (Whether nothing changed at all, so that the last result is
replayed, `building` decides from the same record.)

Per output folder, the record holds the inputs' fingerprint, what was asked (sites, shard), the
output's tree digest, the report and summaries, and per site what it was staged from (the staged
files' digests) and what its output looked like. A record that does not decode as expected is
ignored: the build then does everything again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from glocal.pipeline import state

if TYPE_CHECKING:
    from glocal.build import staging
    from glocal.pipeline.checking import CheckResult


@dataclass(frozen=True)
class Sites:
    """What a build did with the sites, as its record keeps it."""

    chosen: list[str]  # the sites asked for, in the project's order
    built: list[str]
    skipped: list[str]  # unchanged since their last build
    failed: list[str]  # not built this time (blocked or failed)
    previous: dict  # the last record's sites (key → record)
    staged: dict[str, staging.Staged]  # what each site was staged from this time


def state_name(out: Path) -> str:
    """The record's name: one per output folder."""
    return "build-" + hashlib.sha256(str(out).encode()).hexdigest()[:16]


def save(
    root: Path,
    out: Path,
    inputs: str,
    request: dict,
    result: CheckResult,
    sites: Sites,
) -> None:
    """What this build knew, for the next one: the records of the sites it skipped or was not asked
    for are carried over, those of the sites it built made from what they were staged from."""
    previous, staged = sites.previous, sites.staged
    records = {key: previous[key] for key in sites.skipped if isinstance(previous.get(key), dict)}
    # a site this build was not asked for (`glocal build nordics/da`) keeps its record: its output
    # is as that record says (its tree digest, below, is checked), so the next full build need not
    # build it again
    for key in sites.built:
        records[key] = {"fingerprint": staged[key].fingerprint, "files": staged[key].files}
    for key, record in records.items():
        record["tree"] = state.tree_digest(out / key)
    exists = {summary.site for summary in result.summaries}
    for key, record in previous.items():  # (with the tree digest it had: never re-blessed unseen)
        if key not in sites.chosen and key in exists and isinstance(record, dict):
            records[key] = record
    state.write_state(
        root,
        state_name(out),
        inputs,
        {
            "inputs": inputs,
            "request": request,
            "tree": state.tree_digest(out),
            "chosen": sites.chosen,
            "failed": sites.failed,
            "report": [d.to_record() for d in result.report.diagnostics],
            "summaries": [s.to_record() for s in result.summaries],
            "sites": records,
        },
    )


def why_build(staged: staging.Staged, previous: object, site_dir: Path, zip_path: Path | None) -> str:
    """Why a staged site must be built again ("" when its last output is still exactly right)."""
    if not isinstance(previous, dict) or not isinstance(previous.get("files"), dict):
        return "no previous build"
    missing = zip_path is not None and not zip_path.is_file()
    if previous.get("tree") != state.tree_digest(site_dir) or missing:
        return "its output was changed or removed since"
    if previous.get("fingerprint") == staged.fingerprint:
        return ""
    before, now = previous["files"], staged.files
    changed = sorted(name for name in before.keys() | now.keys() if before.get(name) != now.get(name))
    if not changed:
        return "the tools or Glocal changed"
    shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
    return f"changed: {shown}"
