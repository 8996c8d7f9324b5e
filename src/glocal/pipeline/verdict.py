"""A site's verdict after `check`: publish, draft or blocked, from what composing it found
(`SiteFacts`, all a check that shares its sites out to other processes sends back of each) and
the check's report (an error in a file every site is made of, or in the site's region)."""

from __future__ import annotations

from dataclasses import dataclass

from glocal.checks import budget
from glocal.compose import ComposedSite
from glocal.diagnostics import Report, Severity
from glocal.load import CURRICULUM_DIR, MODULES_DIR, REGIONS_DIR
from glocal.model import Project, SiteRef
from glocal.pipeline.summary import SiteSummary


@dataclass(frozen=True)
class SiteFacts:
    """What a site's summary, its budget and its blocking rule need of its composition: all a
    check that shares its sites out to other processes sends back of each."""

    translated: float
    core_share: float
    slot_counts: dict[str, int]
    states: dict[str, str]  # "module/slot" -> filled, default or missing
    modules: dict[str, dict]  # module -> {"translated": share, "slots": [states]}
    errors: bool  # composing it found an error

    @classmethod
    def of(cls, result: ComposedSite) -> SiteFacts:
        return cls(
            result.translated,
            result.core_share,
            result.slot_counts(),
            {f"{s.module}/{s.slot}": s.state for page in result.pages for s in page.slots},
            {
                page.module_id: {"translated": page.translated, "slots": [s.state for s in page.slots]}
                for page in result.pages
            },
            any(d.level is Severity.ERROR for d in result.diagnostics),
        )


def summarise(project: Project, site: SiteRef, facts: SiteFacts, report: Report) -> SiteSummary:
    """A site's row: translated share, core share, slot states and publish status."""
    assert project.program is not None
    where = budget.state(project, site, facts.core_share)
    if budget.blocks(project, where) or _blocked(site, report, core_paths(project), facts):
        status = "blocked"
    elif facts.translated < project.program.min_translated:
        status = "draft"
    else:
        status = "publish"
    return SiteSummary(
        site.key,
        site.region,
        site.language,
        facts.translated,
        facts.core_share,
        facts.slot_counts,
        status,
        facts.states,
        facts.modules,
        where,
        stale_fills=_stale_fills(site, report),
    )


def _stale_fills(site: SiteRef, report: Report) -> int:
    """How many of the site's region's fills adapted an older core (its GL221 warnings)."""
    prefix = f"{REGIONS_DIR}/{site.region}/"
    return sum(1 for d in report.diagnostics if d.code == "GL221" and d.span.path.startswith(prefix))


def core_paths(project: Project) -> set[str]:
    """Files whose errors block every site."""
    paths = {project.program.path if project.program else "curriculum/program.yml", "mkdocs.yml"}
    if project.program:
        paths.update(f"{MODULES_DIR}/{ref.id}.md" for ref in project.program.modules)
        paths.update(f"{CURRICULUM_DIR}/{ref.path}" for ref in project.program.pages)
    return paths


def _blocked(site: SiteRef, report: Report, core: set[str], facts: SiteFacts) -> bool:
    return blocked_by(site, report, core) or facts.errors


def blocked_by(site: SiteRef, report: Report, core: set[str]) -> bool:
    """Whether an error of `report` blocks the site: one in a file every site is made of, or in
    its region's folder."""
    region_prefix = f"{REGIONS_DIR}/{site.region}/"
    for diagnostic in report.diagnostics:
        if diagnostic.level is not Severity.ERROR or diagnostic.code in budget.CODES:
            continue  # a site outside the glocal budget blocks that site only, not its region
        if diagnostic.span.path in core or diagnostic.span.path.startswith(region_prefix):
            return True
    return False
