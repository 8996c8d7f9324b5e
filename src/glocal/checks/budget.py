"""The glocal budget: each regional site's share of words that come from the global core.

The programme states it as a range (`glocal.core_share_min` to `glocal.core_share_max` in
`program.yml`, e.g. 0.75-0.90 for the 80/20 model): below it a site has drifted from the core,
above it the region has adapted too little. `glocal.severity: error` keeps a site outside the
range from being built. The `global` reference region shows the core as it is and is exempt.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from glocal.diagnostics import Diagnostic, Severity
from glocal.model import Project, SiteRef

CODES = ("GL401", "GL409")


def percent(share: float) -> str:
    """A share to one decimal, never rounded onto a whole number it misses (74.96% is not "75%")."""
    value = share * 100
    for digits in (1, 2, 3, 4):
        text = f"{value:.{digits}f}"
        if float(text) != round(float(text)) or abs(value - round(value)) < 1e-9:
            break
    whole = text.rstrip("0").rstrip(".")
    return f"{whole}%"


def state(project: Project, site: SiteRef, share: float) -> str:
    """`within`, `below` or `above` the budget; `exempt` for the `global` reference region."""
    program = project.program
    assert program is not None
    if project.regions[site.region].core_only:
        return "exempt"
    if share < program.core_share_min:
        return "below"
    return "above" if share > program.core_share_max else "within"


def blocks(project: Project, where: str) -> bool:
    """Whether a site in this `state` is kept from being built (`glocal.severity: error`)."""
    program = project.program
    assert program is not None
    return where in ("below", "above") and program.budget_severity == "error"


def check(project: Project, core_shares: Mapping[str, float]) -> Iterator[Diagnostic]:
    """GL401 or GL409 for every regional site whose core share is outside the budget."""
    program = project.program
    if program is None:
        return
    severity = Severity.ERROR if program.budget_severity == "error" else Severity.WARNING
    budget = f"{percent(program.core_share_min)}–{percent(program.core_share_max)}"
    for site in project.sites():
        share = core_shares[site.key]
        where = state(project, site, share)
        span = project.regions[site.region].span("id")
        if where == "below":
            yield Diagnostic(
                "GL401",
                f"site {site.key} has a core share of {percent(share)}, below the glocal budget "
                f"of {budget} (glocal.core_share_min)",
                span,
                hint="shorten fills or regional notes (keep each within its slot's max_words), "
                "or widen the budget in program.yml",
                severity=severity,
            )
        elif where == "above":
            yield Diagnostic(
                "GL409",
                f"site {site.key} has a core share of {percent(share)}, above the glocal budget "
                f"of {budget} (glocal.core_share_max): the region adapts too little of the core",
                span,
                hint="fill more of the modules' slots with local cases, or widen the budget",
                severity=severity,
            )
