"""The check stage, top to bottom: load → run the checks → compose every site → summarise.

Nothing here writes a file; `check` returns what it found for the other stages to use, and
`check_report` (what `glocal check` prints) shares the sites out to one process per core.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from glocal import checks
from glocal.build import theme
from glocal.checks import budget, languages
from glocal.compose import ComposedSite, SiteInputs, compose_site
from glocal.compose.pages import PageMemo
from glocal.compose.templating import broken_expression, template_context
from glocal.diagnostics import Diagnostic, Report, Span
from glocal.i18n import checks as i18n_checks
from glocal.i18n.extract import LOCALES_DIR, Source
from glocal.i18n.extract import sources as i18n_sources
from glocal.i18n.translations import Translations
from glocal.i18n.ui import labels_for
from glocal.load import Loaded, load_project
from glocal.load.validation import did_you_mean, listing
from glocal.model import Project, SiteRef
from glocal.pipeline import verdict
from glocal.pipeline.summary import SiteSummary
from glocal.pipeline.verdict import SiteFacts, summarise
from glocal.processes import fork_pool


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
    sources += [page.path for page in project.pages.values()]
    if project.certification is not None:
        sources.append(project.certification.path)
    if project.mkdocs_path is not None:  # the footer, mkdocs.yml's `copyright:`
        sources.append(project.mkdocs_path)
    catalogs = {source: translations.catalog(site.language, source) for source in sources}
    return SiteInputs(labels_for(site.language, project.root), catalogs)


def compose(
    project: Project,
    site: SiteRef,
    translations: Translations,
    memo: PageMemo | None = None,
    whole: bool = True,
) -> ComposedSite:
    """One site composed from the catalogs and labels loaded for it (`memo`, `whole`: see
    compose_site)."""
    return compose_site(project, site, site_inputs(project, site, translations), memo, whole)


def check(
    root: Path,
    composed_hook: Callable[[Project, ComposedSite], None] | None = None,
    wanted: Collection[str] | None = None,
    loaded_hook: Callable[[Project], None] | None = None,
) -> CheckResult:
    """Load, validate and compose every site; nothing is written.

    `composed_hook` sees each site as soon as it is composed, before the checks that need every
    site (a build starts building it meanwhile; whether it is blocked is known only at the end).
    With `wanted` (site keys), only those sites' compositions are kept in the result: every site
    is still checked and summarised (a build of one site of 30 holds one site's pages, not 30),
    and those sites are composed first (a build renders them while the others are checked).
    `loaded_hook` sees the project as soon as it is loaded, before any site is composed (a build
    starts its workers then).
    """
    with _fewer_collections():
        return _check(root, composed_hook, wanted, loaded_hook)


def _check(
    root: Path,
    composed_hook: Callable[[Project, ComposedSite], None] | None,
    wanted: Collection[str] | None = None,
    loaded_hook: Callable[[Project], None] | None = None,
) -> CheckResult:
    project, report = _load(root)
    if project.program is None:
        return CheckResult(project, report, {}, [])
    if loaded_hook is not None:
        loaded_hook(project)
    report.extend(_project_checks(project))
    translations = Translations(project.root)
    composed: dict[str, ComposedSite] = {}
    facts: dict[str, SiteFacts] = {}
    core_paths = verdict.core_paths(project)

    def keep(site: ComposedSite) -> None:
        facts[site.site.key] = SiteFacts.of(site)
        if wanted is None or site.site.key in wanted:
            composed[site.site.key] = site
        # a site that an error found so far already blocks is not handed on (not built in vain:
        # errors are only ever added, so it will be blocked at the end too)
        if composed_hook is not None and not verdict.blocked_by(site.site, report, core_paths):
            composed_hook(project, site)

    order = project.sites()
    if wanted is not None:  # the sites asked for first: they are built while the others are checked
        order = sorted(order, key=lambda site: site.key not in wanted)

    # a site that is only checked (not kept for the caller) is composed for its facts alone
    def whole(site: SiteRef) -> bool:
        return wanted is None or site.key in wanted

    report.extend(_check_sites(project, order, translations, _Shared(project), keep, whole))
    return CheckResult(project, report, composed, _conclude(project, report, facts), translations)


def check_report(
    root: Path, jobs: int | None = None, loaded: Loaded | None = None
) -> tuple[Report, list[SiteSummary]]:
    """`check`'s diagnostics and summaries (not its pages), its sites shared out to `jobs`
    processes (default: one per core) by language, so each catalog is read by one of them.
    `loaded`: what `load_project` gave for `root`, when the caller has loaded it already.

    The result is the same whatever the number of processes: the report is de-duplicated and
    sorted, and the summaries follow the project's order of sites."""
    with _fewer_collections():
        return _check_report(root, jobs, loaded)


def _check_report(root: Path, jobs: int | None, loaded: Loaded | None) -> tuple[Report, list[SiteSummary]]:
    project, report = _load(root, loaded)
    if project.program is None:
        return report, []
    tasks = _tasks(project)
    workers = min(jobs or os.cpu_count() or 1, len(tasks))
    facts: dict[str, SiteFacts] = {}
    shared = _Shared(project)
    if workers <= 1:  # one share, or none (a project without sites)
        report.extend(_project_checks(project))
        for share in tasks:
            found, diagnostics = _check_share(project, share, shared)
            facts.update(found)
            report.extend(diagnostics)
    else:
        global _FORKED
        _FORKED = (project, shared)
        gc.freeze()  # the loaded project stays shared with the workers (no copy-on-write by the collector)
        try:
            with fork_pool(workers) as pool:
                shares = pool.map(_forked_share, tasks)
                report.extend(_project_checks(project))  # meanwhile
                for found, diagnostics in shares:
                    facts.update(found)
                    report.extend(diagnostics)
        finally:
            _FORKED = None
            gc.unfreeze()
    return report, _conclude(project, report, facts)


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Collect garbage less often while a check allocates its millions of small objects (the
    defaults, tuned for small heaps, walk the whole loaded project again and again)."""
    before = gc.get_threshold()
    gc.set_threshold(10_000, 10, 10)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _load(root: Path, loaded: Loaded | None = None) -> tuple[Project, Report]:
    """The project and what is wrong with it as a whole (before any site is composed), loaded
    now unless `loaded` is given."""
    project, problems = loaded if loaded is not None else load_project(Path(root).resolve())
    report = Report()
    report.extend(problems)
    return project, report


def _project_checks(project: Project) -> Iterator[Diagnostic]:
    """The checks of the project as a whole (the sites' own come from composing them)."""
    yield from checks.run_checks(project)
    yield from i18n_checks.project_problems(project)


class _Shared:
    """What checking any share of the sites needs, worked out once per process, when first needed."""

    def __init__(self, project: Project) -> None:
        self.project = project

    @functools.cached_property
    def broken(self) -> Callable[[str], bool]:  # see `_broken_in_source`
        return _broken_in_source(self.project)

    @functools.cached_property
    def sources(self) -> list[Source]:  # every translatable file with its messages
        return i18n_sources(self.project)


def _check_sites(
    project: Project,
    chosen: list[SiteRef],
    translations: Translations,
    shared: _Shared,
    composed_hook: Callable[[ComposedSite], None],
    whole: Callable[[SiteRef], bool] = lambda site: False,
) -> list[Diagnostic]:
    """Compose the `chosen` sites (whole where `whole(site)`, else for their facts alone: see
    compose_site), and check the catalogs of their languages."""
    found: list[Diagnostic] = []
    for site in chosen:
        result = compose(project, site, translations, whole=whole(site))
        found += result.diagnostics
        composed_hook(result)
    languages = {site.language for site in chosen}
    problems = list(
        i18n_checks.catalogs_problems(project, translations, shared.broken, languages, shared.sources)
    )
    # after the catalogs' check, which reads the catalogs no page composed (a diagram's): their
    # problems reading them (a PO syntax error, GL014) were lost when gathered before it
    found += translations.diagnostics
    return found + problems


def _check_share(
    project: Project, chosen: list[SiteRef], shared: _Shared
) -> tuple[dict[str, SiteFacts], list[Diagnostic]]:
    """The facts of the `chosen` sites, each composed and then let go, and the problems found."""
    facts: dict[str, SiteFacts] = {}

    def keep(site: ComposedSite) -> None:
        facts[site.site.key] = SiteFacts.of(site)

    return facts, _check_sites(project, chosen, Translations(project.root), shared, keep)


_FORKED: tuple[Project, _Shared] | None = None  # what a forked worker checks with


def _forked_share(chosen: list[SiteRef]) -> tuple[dict[str, SiteFacts], list[Diagnostic]]:
    assert _FORKED is not None
    project, shared = _FORKED
    return _check_share(project, chosen, shared)


def _tasks(project: Project) -> list[list[SiteRef]]:
    """The sites in shares, largest first: all the sites of a language that has catalogs in one
    share (its catalogs are read once), each site of a language without any in a share of its own."""
    by_language: dict[str, list[SiteRef]] = {}
    for site in project.sites():
        by_language.setdefault(site.language, []).append(site)
    core = sum(_size(project.root / module.path) for module in project.modules.values()) or 1
    costed = []
    for language, chosen in by_language.items():
        catalogs = _tree_size(project.root / LOCALES_DIR / language)
        if catalogs:
            costed.append((catalogs + core * len(chosen), chosen))
        else:
            costed += [(core, [site]) for site in chosen]
    costed.sort(key=lambda task: -task[0])  # stable: equal costs keep the project's order
    return [chosen for _, chosen in costed]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _tree_size(folder: Path) -> int:
    """Bytes of the catalogs under `folder` (0 when there is none)."""
    total = 0
    for current, _, files in os.walk(folder):
        total += sum(_size(Path(current, name)) for name in files if name.endswith(".po"))
    return total


def _conclude(project: Project, report: Report, facts: dict[str, SiteFacts]) -> list[SiteSummary]:
    """The checks that need every site, then one summary per site in the project's order."""
    report.extend(languages.check(project, theme.theme_language, theme.search_language))
    report.extend(budget.check(project, {key: found.core_share for key, found in facts.items()}))
    return [summarise(project, site, facts[site.key], report) for site in project.sites()]


def _broken_in_source(project: Project) -> Callable[[str], bool]:
    """Whether a `{{ }}` tag fails on some site: the source's problem (GL115, GL116), reported
    there, so a translation that differs in it is not reported again (GL307)."""
    contexts = [
        template_context(project, project.regions[site.region], site.language) for site in project.sites()
    ]
    return functools.lru_cache(maxsize=1024)(lambda tag: broken_expression(tag, contexts))


def unknown_site(name: str, known: list[str]) -> Diagnostic:
    """GL404 for a site named on the command line that the project does not have (a region's
    name alone: its sites are named, each `region/language`)."""
    regions = [site for site in known if site.split("/", 1)[0] == name]
    hint = f"a site is REGION/LANGUAGE: {', '.join(regions)}" if regions else did_you_mean(name, known)
    return Diagnostic(
        "GL404",
        f"no site '{name}': expected one of {listing(name, known, 'sites')}",
        Span("<command line>"),
        hint=hint,
    )


class SiteNames(list):
    """Site names as given on the command line: `region/language`, or a region's name, which
    stands for each of its sites (`key in names` is asked of a site's key)."""

    def __contains__(self, key: object) -> bool:
        return list.__contains__(self, key) or (
            isinstance(key, str) and list.__contains__(self, key.split("/", 1)[0])
        )


def select_sites(result: CheckResult, names: list[str]) -> tuple[list[str], list[Diagnostic]]:
    """The sites named on the command line (all when none is; a region's name stands for each of
    its sites), and GL404 for unknown names."""
    known = [s.site for s in result.summaries]
    if not names:
        return known, []
    chosen: dict[str, None] = {}
    problems = []
    for name in names:
        found = [site for site in known if site in SiteNames([name])]
        chosen.update(dict.fromkeys(found))
        if not found:
            problems.append(unknown_site(name, known))
    return list(chosen), problems
