"""The glocal budget: each site's share of words that come from the global core."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from glocal.diagnostics import Diagnostic
from glocal.model import Project


def check(project: Project, core_shares: Mapping[str, float]) -> Iterator[Diagnostic]:
    """GL401 for every site whose core share is below `glocal.core_share_min`."""
    program = project.program
    if program is None:
        return
    for site in project.sites():
        share = core_shares[site.key]
        if share < program.core_share_min:
            region = project.regions[site.region]
            yield Diagnostic(
                "GL401",
                f"site {site.key} has a core share of {share:.0%}, "
                f"below glocal.core_share_min of {program.core_share_min:.0%}",
                region.span("id"),
                hint="shorten fills or regional notes, or lower glocal.core_share_min in program.yml",
            )
