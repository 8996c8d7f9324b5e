"""`glocal status REGION`: a region's to-do list, from what `check` and `i18n stats` already compute.

Per module, each slot: filled, default (an optional slot left to the core), missing (with its
brief and word budget), stale (the core changed since the region reviewed its fill) and over
budget (more words than `max_words`); per language, the site's translated share, its fuzzy
messages and the catalogs it has none of. Nothing is written but the check's cache, as
`glocal check` writes it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from glocal.checks import drift
from glocal.checks import slots as slots_check
from glocal.diagnostics import Diagnostic, Severity, Span
from glocal.i18n import stats
from glocal.i18n.extract import LOCALES_DIR, sources
from glocal.load import REGIONS_DIR
from glocal.model import Project
from glocal.pipeline.adapting import unknown_region
from glocal.pipeline.authoring import count_languages
from glocal.pipeline.replay import project_checked
from glocal.pipeline.verdict import core_paths


@dataclass(frozen=True)
class SlotStatus:
    slot: str
    state: str  # filled, default or missing (as the coverage matrix says)
    required: bool
    brief: str
    max_words: int | None
    words: int | None = None  # the fill's words; None when the region does not fill the slot
    stale: bool = False
    over_budget: bool = False
    at: str | None = None  # `path:line` of the fill, or of its empty `::: fill` block (`empty`)
    empty: bool = False  # the region's overlay has the slot's fill block, still empty
    changed: tuple[tuple[str, tuple[str, ...]], ...] = ()  # stale: (what, diff lines) per changed text

    def to_json(self) -> dict:
        return {
            "slot": self.slot,
            "state": self.state,
            "required": self.required,
            "stale": self.stale,
            "over_budget": self.over_budget,
            "words": self.words,
            "max_words": self.max_words,
            "brief": self.brief,
            "at": self.at,
            "empty": self.empty,
            "changed": [
                {"what": what, "diff": list(lines), "readable": drift.readable(list(lines))}
                for what, lines in self.changed
            ],
        }

    @property
    def to_do(self) -> bool:
        """Whether the region has something to do about the slot: fill it (or write the empty block
        it started), review it, shorten it."""
        return self.state == "missing" or self.empty or self.stale or self.over_budget

    def readable_changes(self) -> list[tuple[str, list[str]]]:
        """`changed` with each edited line as one `~` line marking the words that changed
        (`drift.readable`), as the text to-do list shows it."""
        return [(what, drift.readable(list(lines))) for what, lines in self.changed]


@dataclass(frozen=True)
class LanguageStatus:
    language: str
    site: str
    status: str  # publish, draft or blocked
    translated: float  # share of the site's source words translated and not fuzzy
    fuzzy: int  # fuzzy messages in the catalogs the site uses
    untranslated: int
    missing_catalogs: tuple[str, ...]
    new: int = 0  # source messages its catalogs do not have yet (`glocal i18n update` adds them)

    def to_json(self) -> dict:
        return {
            "language": self.language,
            "site": self.site,
            "status": self.status,
            "translated": self.translated,
            "fuzzy": self.fuzzy,
            "untranslated": self.untranslated,
            "missing_catalogs": list(self.missing_catalogs),
            "new": self.new,
        }


@dataclass
class RegionStatus:
    region: str
    name: str = ""
    modules: list[tuple[str, str, list[SlotStatus]]] = field(default_factory=list)  # (id, title, slots)
    languages: list[LanguageStatus] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # the region's errors, or a usage error

    @property
    def usage_error(self) -> bool:
        return any(d.code in ("GL001", "GL223") for d in self.diagnostics)

    @property
    def blocking(self) -> bool:
        """True when something keeps one of the region's sites from being built."""
        return any(lang.status == "blocked" for lang in self.languages) or any(
            d.level is Severity.ERROR for d in self.diagnostics
        )

    def counts(self) -> dict[str, int]:
        slots = [slot for _, _, found in self.modules for slot in found]
        counts = {
            state: sum(1 for s in slots if s.state == state) for state in ("filled", "default", "missing")
        }
        counts["stale"] = sum(1 for s in slots if s.stale)
        counts["over_budget"] = sum(1 for s in slots if s.over_budget)
        return counts

    def listed(self, to_do: bool = False) -> list[tuple[str, str, list[SlotStatus]]]:
        """The modules and slots to list: all, or (`to_do`) only the slots with something to do,
        in the modules that have one. At 500 modules, the whole list is 1,500 lines."""
        if not to_do:
            return self.modules
        kept = [(module, title, [s for s in found if s.to_do]) for module, title, found in self.modules]
        return [entry for entry in kept if entry[2]]

    def to_json(self, to_do: bool = False) -> dict:
        return {
            "region": self.region,
            "name": self.name,
            "blocking": self.blocking,
            "slots": self.counts(),
            "modules": [
                {"module": module, "title": title, "slots": [s.to_json() for s in found]}
                for module, title, found in self.listed(to_do)
            ],
            "languages": [lang.to_json() for lang in self.languages],
            "diagnostics": [d.to_json() for d in sorted(self.diagnostics, key=Diagnostic.sort_key)],
        }


def status(root: Path, region_id: str, jobs: int | None = None) -> RegionStatus:
    """The region's slots and languages, as `check` sees them.

    The check is `glocal check`'s own: replayed when nothing changed since the last check, else
    run on `jobs` processes (default: one per core), each site composed for its facts alone.
    """
    root = Path(root).resolve()
    project, result = project_checked(root, jobs)
    found = RegionStatus(region_id)
    if project.program is None:
        found.diagnostics += [d for d in result.report.diagnostics if d.code == "GL001"]
        return found
    prefix = f"{REGIONS_DIR}/{region_id}/"
    if region_id not in project.regions:
        problems = [d for d in result.report.diagnostics if d.span.path.startswith(prefix)]
        # A region folder whose region.yml is broken: its problems say why it has no sites.
        missing = unknown_region(project, region_id)
        found.diagnostics += problems or ([missing] if missing else [])
        return found
    region = project.regions[region_id]
    found.name = region.name
    found.diagnostics += _concerning(project, region_id, result.report.diagnostics)
    summaries = [s for s in result.summaries if s.region == region_id]
    states = summaries[0].slot_states if summaries else {}
    fills = {(fill.module, fill.slot): fill for fill in drift.fills(project, region_id)}
    for module in project.modules.values():
        slots = []
        overlay = project.overlay(region_id, module.id)
        empty = slots_check.read_fills(overlay)[1] if overlay is not None and module.slots else {}
        for spec in module.slots.values():
            fill = fills.get((module.id, spec.id))
            state = states.get(f"{module.id}/{spec.id}", "default")
            block = empty.get(spec.id) if fill is None else None
            slots.append(
                SlotStatus(
                    spec.id,
                    state,
                    spec.required,
                    spec.brief,
                    spec.max_words,
                    words=fill.words if fill and state == "filled" else None,
                    stale=bool(fill and fill.state == "stale"),
                    over_budget=bool(
                        fill and state == "filled" and spec.max_words and fill.words > spec.max_words
                    ),
                    at=_at(fill.span) if fill else (_at(block) if block else None),
                    empty=block is not None,
                    changed=tuple((what, tuple(lines)) for what, lines in drift.changes(fill, 6))
                    if fill and fill.state == "stale"
                    else (),
                )
            )
        if slots:
            found.modules.append((module.id, module.title, slots))
    # the catalogs this region's sites use: the core's and its own overlays', not other regions'
    used = [
        source
        for source in sources(project)
        if not source.path.startswith(f"{REGIONS_DIR}/") or source.path.startswith(prefix)
    ]
    count = functools.partial(count_languages, jobs=jobs)
    collected = stats.collect_languages(project, [s.language for s in summaries], used, count)
    found.languages += [_language(project, collected, summary) for summary in summaries]
    return found


def _at(span: Span) -> str:
    return f"{span.path}:{(span.line or 0) + 1}"


def _concerning(project: Project, region_id: str, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The errors that concern the region's sites (and an unreadable drift lock): in its folder;
    in a file every site is made of (a core module, page, `program.yml`, `mkdocs.yml`:
    `verdict.core_paths`), which blocks its sites as it blocks every other; and in its languages'
    catalogs of the core and of its own overlays.
    Before, only its folder's were listed: a site blocked by a core error showed no reason."""
    region = project.regions[region_id]
    prefix = f"{REGIONS_DIR}/{region_id}/"
    core = core_paths(project)
    catalogs = tuple(f"{LOCALES_DIR}/{language}/" for language in region.languages)
    others = tuple(f"{catalog}{REGIONS_DIR}/" for catalog in catalogs)  # other regions' overlays

    def concerns(path: str) -> bool:
        if path.startswith(prefix) or path in core:
            return True
        if not path.startswith(catalogs):
            return False
        return not path.startswith(others) or any(path.startswith(f"{other}{region_id}/") for other in others)

    # and its lock's GL222 (a warning): until it is fixed, no fill of the region is flagged stale
    return [
        d
        for d in diagnostics
        if (d.level is Severity.ERROR or (d.code == "GL222" and d.span.path.startswith(prefix)))
        and concerns(d.span.path)
    ]


def _language(project: Project, collected: stats.Stats, summary) -> LanguageStatus:
    """One site's translation state: counts from `i18n stats`, for the catalogs this region's sites
    use (none for a language nothing is translated into)."""
    files = collected.files.get(summary.language, {})
    missing = tuple(sorted(path for path in files if not (project.root / path).is_file()))
    return LanguageStatus(
        summary.language,
        summary.site,
        summary.status,
        summary.translated,
        sum(c.fuzzy for c in files.values()),
        sum(c.untranslated for c in files.values()),
        missing,
        sum(c.new for c in files.values()),
    )
