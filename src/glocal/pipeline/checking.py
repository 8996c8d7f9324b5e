"""The check stage, top to bottom: load → run the checks → compose every site → summarise.

Nothing here writes a file; `check` returns what it found for the other stages to use.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from glocal import checks
from glocal.build import sites
from glocal.checks import budget, languages
from glocal.compose import ComposedSite, SiteInputs, compose_site
from glocal.compose.templating import broken_expression, template_context
from glocal.diagnostics import Diagnostic, Report, Severity, Span
from glocal.i18n import checks as i18n_checks
from glocal.i18n.translations import Translations
from glocal.i18n.ui import labels_for
from glocal.load import MODULES_DIR, REGIONS_DIR, load_project
from glocal.load.validation import did_you_mean
from glocal.model import Project, SiteRef
from glocal.pipeline.summary import SiteSummary


@dataclass
class CheckResult:
    project: Project
    report: Report
    composed: dict[str, ComposedSite]
    summaries: list[SiteSummary]
    translations: Translations | None = None  # the catalogs check loaded, for later stages to reuse

    @property
    def usable(self) -> bool:
        """False when the project could not be read at all (no program)."""
        return self.project.program is not None


def site_inputs(project: Project, site: SiteRef, translations: Translations) -> SiteInputs:
    """The labels and catalogs one site is composed from (catalogs are read once, then cached)."""
    region = project.regions[site.region]
    sources = [project.program.path] if project.program else []
    sources.append(region.path)
    sources += [module.path for module in project.modules.values()]
    sources += [overlay.path for (owner, _), overlay in project.overlays.items() if owner == region.id]
    sources += [guide.path for guide in project.guides.values()]
    if project.certification is not None:
        sources.append(project.certification.path)
    catalogs = {source: translations.catalog(site.language, source) for source in sources}
    return SiteInputs(labels_for(site.language, project.root), catalogs)


def compose(project: Project, site: SiteRef, translations: Translations) -> ComposedSite:
    """One site composed from the catalogs and labels loaded for it."""
    return compose_site(project, site, site_inputs(project, site, translations))


def check(root: Path, composed_hook: Callable[[Project, ComposedSite], None] | None = None) -> CheckResult:
    """Load, validate and compose every site; nothing is written.

    `composed_hook` sees each site as soon as it is composed, before the checks that need every
    site (a build starts building it meanwhile; whether it is blocked is known only at the end).
    """
    project, loaded = load_project(Path(root).resolve())
    report = Report()
    report.extend(loaded)
    if project.program is None:
        return CheckResult(project, report, {}, [])
    report.extend(checks.run_checks(project))
    translations = Translations(project.root)
    composed = {}
    for site in project.sites():
        composed[site.key] = compose(project, site, translations)
        if composed_hook is not None:
            composed_hook(project, composed[site.key])
    for result in composed.values():
        report.extend(result.diagnostics)
    report.extend(translations.diagnostics)
    report.extend(i18n_checks.run(project, translations, _broken_in_source(project)))
    report.extend(languages.check(project, sites.theme_language, sites.search_language))
    report.extend(budget.check(project, {key: site.core_share for key, site in composed.items()}))
    summaries = [summarise(project, site, composed[site.key], report) for site in project.sites()]
    return CheckResult(project, report, composed, summaries, translations)


def _broken_in_source(project: Project) -> Callable[[str], bool]:
    """Whether a `{{ }}` tag fails on some site: the source's problem (GL115, GL116), reported
    there, so a translation that differs in it is not reported again (GL307)."""
    contexts = [
        template_context(project, project.regions[site.region], site.language) for site in project.sites()
    ]
    return functools.lru_cache(maxsize=1024)(lambda tag: broken_expression(tag, contexts))


def summarise(project: Project, site: SiteRef, result: ComposedSite, report: Report) -> SiteSummary:
    """A site's row: translated share, core share, slot states and publish status."""
    assert project.program is not None
    where = budget.state(project, site, result.core_share)
    if budget.blocks(project, where) or _blocked(site, report, _core_paths(project), result):
        status = "blocked"
    elif result.translated < project.program.min_translated:
        status = "draft"
    else:
        status = "publish"
    states = {f"{s.module}/{s.slot}": s.state for page in result.pages for s in page.slots}
    modules = {
        page.module_id: {"translated": page.translated, "slots": [s.state for s in page.slots]}
        for page in result.pages
    }
    return SiteSummary(
        site.key,
        site.region,
        site.language,
        result.translated,
        result.core_share,
        result.slot_counts(),
        status,
        states,
        modules,
        where,
        stale_fills=_stale_fills(site, report),
    )


def _stale_fills(site: SiteRef, report: Report) -> int:
    """How many of the site's region's fills adapted an older core (its GL221 warnings)."""
    prefix = f"{REGIONS_DIR}/{site.region}/"
    return sum(1 for d in report.diagnostics if d.code == "GL221" and d.span.path.startswith(prefix))


def _core_paths(project: Project) -> set[str]:
    """Files whose errors block every site."""
    paths = {project.program.path if project.program else "curriculum/program.yml", "mkdocs.yml"}
    if project.program:
        paths.update(f"{MODULES_DIR}/{ref.id}.md" for ref in project.program.modules)
    return paths


def _blocked(site: SiteRef, report: Report, core_paths: set[str], composed: ComposedSite) -> bool:
    region_prefix = f"{REGIONS_DIR}/{site.region}/"
    for diagnostic in report.diagnostics:
        if diagnostic.level is not Severity.ERROR or diagnostic.code in budget.CODES:
            continue  # a site outside the glocal budget blocks that site only, not its region
        if diagnostic.span.path in core_paths or diagnostic.span.path.startswith(region_prefix):
            return True
    return any(d.level is Severity.ERROR for d in composed.diagnostics)


def unknown_site(name: str, known: list[str]) -> Diagnostic:
    """GL404 for a site named on the command line that the project does not have."""
    return Diagnostic(
        "GL404",
        f"no site '{name}': expected one of {', '.join(known)}",
        Span("<command line>"),
        hint=did_you_mean(name, known),
    )


def select_sites(result: CheckResult, names: list[str]) -> tuple[list[str], list[Diagnostic]]:
    """The sites named on the command line (all when none is), and GL404 for unknown names."""
    known = [s.site for s in result.summaries]
    if not names:
        return known, []
    chosen = [name for name in names if name in known]
    return chosen, [unknown_site(name, known) for name in names if name not in known]
