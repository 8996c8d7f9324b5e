"""Checks: one module per concern, each `check(project) -> Iterator[Diagnostic]`."""

from __future__ import annotations

from glocal.checks import anchors, containers, drift, heavy, links, slots, ttt
from glocal.diagnostics import Diagnostic
from glocal.model import Project

CHECKS = (containers.check, heavy.check, slots.check, drift.check, links.check, anchors.check, ttt.check)


def run_checks(project: Project) -> list[Diagnostic]:
    """Every check over the loaded project (loading problems are reported by the loader)."""
    found: list[Diagnostic] = []
    for check in CHECKS:
        found.extend(check(project))
    return found
