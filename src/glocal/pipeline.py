"""The stages, top to bottom: load → check → compose → (build sites → portal → swap in).

Functions here return data (reports, summaries, what was built); only `cli` prints.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import checks, portal, sites
from .i18n import checks as i18n_checks
from .i18n.translations import Translations
from .compose import ComposedSite, compose_site
from .diagnostics import Diagnostic, Report, Severity, Span
from .fsutil import swap_in
from .packs.archive import epoch
from .load import MODULES_DIR, REGIONS_DIR, load_project
from .model import Project, SiteRef


@dataclass(frozen=True)
class SiteSummary:
    """One row of the coverage matrix (and of `sites` in `check --format json`)."""

    site: str
    region: str
    language: str
    translated: float
    core_share: float
    slots: dict
    status: str  # publish, draft or blocked
    slot_states: dict = field(default_factory=dict)  # "module/slot" -> filled/default/missing
    modules: dict = field(default_factory=dict)  # module id -> {"translated": share, "slots": [states]}

    def to_json(self) -> dict:
        return {
            "site": self.site,
            "region": self.region,
            "language": self.language,
            "translated": self.translated,
            "core_share": self.core_share,
            "slots": dict(self.slots),
            "status": self.status,
        }


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


def _core_paths(project: Project) -> set[str]:
    """Files whose errors block every site."""
    paths = {project.program.path if project.program else "curriculum/program.yml", "mkdocs.yml"}
    if project.program:
        paths.update(f"{MODULES_DIR}/{ref.id}.md" for ref in project.program.modules)
    return paths


def _blocked(site: SiteRef, report: Report, core_paths: set[str], composed: ComposedSite) -> bool:
    region_prefix = f"{REGIONS_DIR}/{site.region}/"
    for diagnostic in report.diagnostics:
        if diagnostic.level is not Severity.ERROR:
            continue
        if diagnostic.span.path in core_paths or diagnostic.span.path.startswith(region_prefix):
            return True
    return any(d.level is Severity.ERROR for d in composed.diagnostics)


def _language_support(project: Project) -> list[Diagnostic]:
    """What the theme and search can do for each site language."""
    found = []
    for region in project.regions.values():
        for language in region.languages:
            span = region.span("languages")
            shipped, exact = sites.theme_language(language)
            if not exact:
                found.append(Diagnostic("GL405", f"MkDocs Material has no '{language}' interface: {region.id}/{language} uses '{shipped}' for "
                                        f"its buttons and labels; the content and <html lang> stay '{language}'", span,
                                        hint="add partials/languages/custom.html to a theme custom_dir to translate the interface"))
            search = sites.search_language(language)
            if search != language.replace("_", "-").split("-")[0] and not (search == "no" and language in ("nb", "nn")):
                found.append(Diagnostic("GL406", f"search has no '{language}' stemmer: {region.id}/{language} searches with '{search}' rules",
                                        span))
    return found


def check(root: Path) -> CheckResult:
    """Load, validate and compose every site; nothing is written."""
    project, loaded = load_project(Path(root).resolve())
    report = Report()
    report.extend(loaded)
    composed: dict[str, ComposedSite] = {}
    summaries: list[SiteSummary] = []
    if project.program is None:
        return CheckResult(project, report, composed, summaries)
    report.extend(checks.run_checks(project))
    translations = Translations(project.root)
    for site in project.sites():
        result = compose_site(project, site, translations)
        composed[site.key] = result
        report.extend(result.diagnostics)
    report.extend(translations.diagnostics)
    report.extend(i18n_checks.run(project, translations))
    core_paths = _core_paths(project)
    report.extend(_language_support(project))
    for site in project.sites():
        result = composed[site.key]
        if result.core_share < project.program.core_share_min:
            region = project.regions[site.region]
            report.add(Diagnostic(
                "GL401",
                f"site {site.key} has a core share of {result.core_share:.0%}, below glocal.core_share_min of {project.program.core_share_min:.0%}",
                region.span("id"),
                hint="shorten fills or regional notes, or lower glocal.core_share_min in program.yml",
            ))
    for site in project.sites():
        result = composed[site.key]
        translated = result.translated
        if _blocked(site, report, core_paths, result):
            status = "blocked"
        elif translated < project.program.min_translated:
            status = "draft"
        else:
            status = "publish"
        states = {f"{s.module}/{s.slot}": s.state for page in result.pages for s in page.slots}
        modules = {page.module_id: {"translated": page.translated, "slots": [s.state for s in page.slots]} for page in result.pages}
        summaries.append(SiteSummary(site.key, site.region, site.language, translated, result.core_share,
                                     result.slot_counts(), status, states, modules))
    return CheckResult(project, report, composed, summaries, translations)


@dataclass
class BuildResult:
    checked: CheckResult
    built: list[str]
    failed: list[str]  # sites that were not built this time
    out: Path
    portal: Path | None = None  # written only when at least one site was built
    kept: list[str] = field(default_factory=list)  # failed sites whose previous output is still there


def select_sites(result: CheckResult, names: list[str]) -> tuple[list[str], list[Diagnostic]]:
    known = [s.site for s in result.summaries]
    if not names:
        return known, []
    chosen, problems = [], []
    for name in names:
        if name in known:
            chosen.append(name)
        else:
            from .load.schema import did_you_mean

            problems.append(Diagnostic("GL404", f"no site '{name}': expected one of {', '.join(known)}", Span("<command line>"),
                                       hint=did_you_mean(name, known)))
    return chosen, problems


def build(root: Path, names: list[str] | None = None, out: Path | None = None) -> BuildResult:
    """Check, then build the chosen sites and the portal into a fresh folder and swap it in.

    A site that is blocked or fails to build keeps its previous output; a build that fails as a
    whole leaves the previous output folder untouched.
    """
    root = Path(root).resolve()
    result = check(root)
    out = Path(out) if out else root / "site"
    if not result.usable:
        return BuildResult(result, [], [], out)
    chosen, problems = select_sites(result, names or [])
    result.report.extend(problems)
    if problems:
        return BuildResult(result, [], [], out)
    project = result.project
    root_config, found = sites.load_root_config(project)
    result.report.extend(found)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}-new-"))
    staging.chmod(0o755)  # mkdtemp makes it private; a site folder is meant to be served
    work = root / ".glocal" / "build"
    built, failed = [], []
    summaries = {s.site: s for s in result.summaries}
    try:
        if out.is_dir():
            # Start from the previous output (hard links: cheap, and every folder rebuilt below
            # is removed from the copy first, so no previous file is ever written through).
            shutil.rmtree(staging)
            shutil.copytree(out, staging, copy_function=_link_or_copy, symlinks=True)
            staging.chmod(0o755)
        for key in chosen:
            if summaries[key].status == "blocked" or found:
                failed.append(key)
                continue
            target = staging / key
            shutil.rmtree(target, ignore_errors=True)
            build_result = sites.build_site(project, result.composed[key], summaries[key].status, root_config, work / key, target)
            result.report.extend(build_result.diagnostics)
            if build_result.ok:
                built.append(key)
                sites.zip_site(target, staging / "downloads" / f"{key.replace('/', '-')}.zip", epoch())
            else:
                failed.append(key)
                shutil.rmtree(target, ignore_errors=True)
                if (out / key).is_dir():
                    shutil.copytree(out / key, target, copy_function=_link_or_copy, symlinks=True)
        kept = [key for key in failed if (out / key).is_dir()]
        if not built:  # nothing new: the previous output stays exactly as it was
            return BuildResult(result, built, failed, out, None, kept)
        available = {s.site for s in result.summaries if (staging / s.site / "index.html").is_file()}
        portal_path = portal.write_portal(project, result.summaries, staging, available)
        swap_in(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(result, built, failed, out, out / portal_path.name, kept)


def _link_or_copy(source: str, destination: str) -> None:
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


@dataclass
class Preview:
    """One site built for `glocal serve`: what was found, and whether the page could be built."""

    report: Report
    ok: bool


def preview(root: Path, key: str, out: Path) -> Preview:
    """Load, check and compose only what one site needs, then build it into `out` (for live preview)."""
    root = Path(root).resolve()
    project, loaded = load_project(root)
    report = Report()
    report.extend(loaded)
    if project.program is None:
        return Preview(report, False)
    sites_by_key = {site.key: site for site in project.sites()}
    if key not in sites_by_key:
        report.add(Diagnostic("GL404", f"no site '{key}': expected one of {', '.join(sites_by_key)}", Span("<command line>")))
        return Preview(report, False)
    report.extend(checks.run_checks(project))
    translations = Translations(project.root)
    composed = compose_site(project, sites_by_key[key], translations)
    report.extend(composed.diagnostics)
    report.extend(translations.diagnostics)
    root_config, found = sites.load_root_config(project)
    report.extend(found)
    status = "draft" if composed.translated < project.program.min_translated else "publish"
    built = sites.build_site(project, composed, status, root_config, root / ".glocal" / "serve" / key, Path(out))
    report.extend(built.diagnostics)
    return Preview(report, built.ok)
