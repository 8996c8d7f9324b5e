"""The content model: plain, frozen records with no I/O.

Paths are project-relative POSIX strings; line numbers are 0-based (see diagnostics.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from glocal.diagnostics import Span

#: Container names of the content model; Carpentries Workbench names work unchanged.
CARPENTRIES_CONTAINERS = frozenset(
    {
        "instructor",
        "objectives",
        "questions",
        "keypoints",
        "challenge",
        "solution",
        "hint",
        "callout",
        "discussion",
        "prereq",
        "checklist",
        "testimonial",
        "caution",
        "spoiler",
        "tab",  # tabs, one per heading inside (Windows / macOS / Linux; Python / R)
        "group-tab",  # the same; sandpaper switches all groups with the same titles together
    }
)
#: Containers shown as tabs: each heading directly inside starts one, titled by it
TAB_CONTAINERS = frozenset({"tab", "group-tab"})
NOTE_CONTAINERS = frozenset({"facilitator", "instructor"})
KNOWN_CONTAINERS = (
    frozenset({"facilitator", "activity", "slot", "fill", "teachback"}) | CARPENTRIES_CONTAINERS
)
CORE_ONLY_REGION = "global"  # PRODUCT.md: a `global` region shows the core with every slot default

DEFAULT_CORE_SHARE_MIN = 0.6
DEFAULT_MIN_TRANSLATED = 0.9


@dataclass(frozen=True)
class SlotSpec:
    """A named place in a core module that regions may (or must) fill."""

    id: str
    brief: str
    max_words: int | None
    required: bool
    span: Span


@dataclass(frozen=True)
class Module:
    """One core module: front matter plus the Markdown body below it."""

    id: str
    title: str
    duration: int | None
    objectives: tuple[str, ...]
    competencies: tuple[str, ...]
    slots: Mapping[str, SlotSpec]
    path: str
    body: str
    body_line: int  # 0-based line of the file where the body starts
    id_span: Span
    spans: Mapping[str, Span] = field(default_factory=lambda: MappingProxyType({}))  # front-matter values

    @property
    def stem(self) -> str:
        return Path(self.path).stem


@dataclass(frozen=True)
class ModuleRef:
    """A module as program.yml lists it."""

    id: str
    span: Span


@dataclass(frozen=True)
class PageRef:
    """A further page as program.yml lists it under `pages:`."""

    path: str  # under curriculum/, e.g. learners/setup.md: where it also is on every site
    span: Span


@dataclass(frozen=True)
class LessonPage:
    """A further page of the programme (a lesson's setup, glossary, instructor notes): one of
    program.yml's `pages:`, on every site at the same place as under `curriculum/`, after the
    modules. Translated and rendered as a module's body is; not in the day plan."""

    site_path: str  # e.g. learners/setup.md
    path: str  # curriculum/learners/setup.md
    title: str  # its front matter's title:, else its first level-1 heading, else its file name
    body: str
    body_line: int
    titled: bool = True  # its title is its front matter's (else its heading's, or its file name's)


@dataclass(frozen=True)
class Pause:
    """A break in the day plan: `{break: 15}` or `{lunch: 60}`."""

    kind: str  # "break" or "lunch"
    minutes: int


@dataclass(frozen=True)
class Program:
    id: str
    title: str
    version: str
    description: str
    source_language: str
    modules: tuple[ModuleRef, ...]
    core_share_min: float = DEFAULT_CORE_SHARE_MIN
    core_share_max: float = 1.0  # the glocal budget: each regional site's core share in this range
    budget_severity: str = "warning"  # or "error": a site outside the range is not built
    min_translated: float = DEFAULT_MIN_TRANSLATED
    path: str = "curriculum/program.yml"
    days: tuple[tuple[str | Pause, ...], ...] = ()  # module ids and pauses per day; () = one day, no breaks
    pages: tuple[PageRef, ...] = ()  # further pages, in navigation order


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    languages: tuple[str, ...]
    locales: Mapping[str, str]
    source_language: str
    timezone: str | None
    day_start: str
    vars: Mapping[str, object]
    notes: str
    path: str
    spans: Mapping[str, Span] = field(default_factory=lambda: MappingProxyType({}))
    numbering: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))  # language -> system

    @property
    def core_only(self) -> bool:
        """The reference region: no overlays expected, slot defaults are not missing fills."""
        return self.id == CORE_ONLY_REGION

    def locale_for(self, language: str) -> str:
        return self.locales.get(language, language)

    def span(self, key: str) -> Span:
        return self.spans.get(key, Span(self.path, 0, 0))


@dataclass(frozen=True)
class Overlay:
    """A region's adaptation of one module: fills and regional facilitator notes."""

    region: str
    module_id: str
    path: str
    body: str
    body_line: int
    duration: int | None = None


@dataclass(frozen=True)
class CoreText:
    """What a regional fill adapts: its core slot's brief, default text and the section around it."""

    brief: str
    default: str
    context: str

    def fingerprint(self) -> str:
        """A short hash of the three texts: it changes when any of them does."""
        digest = hashlib.sha256("\0".join((self.brief, self.default, self.context)).encode("utf-8"))
        return digest.hexdigest()[:12]


@dataclass(frozen=True)
class Reviewed:
    """A lock entry: the core text a region last reviewed one of its fills against."""

    module: str
    slot: str
    fingerprint: str
    text: CoreText
    span: Span


@dataclass(frozen=True)
class SiteRef:
    """One facilitator site: a region in one of its languages."""

    region: str
    language: str

    @property
    def key(self) -> str:
        return f"{self.region}/{self.language}"


@dataclass(frozen=True)
class Competency:
    id: str
    name: str
    span: Span


@dataclass(frozen=True)
class Criterion:
    """One teach-back rubric row: what is observed, which competency it assesses, level anchors."""

    id: str
    name: str
    competency: str
    anchors: Mapping[int, str]
    span: Span


@dataclass(frozen=True)
class Requirements:
    modules: tuple[str, ...]  # resolved: "all" becomes every listed module
    knowledge_check: float  # minimum percent
    teach_back: float  # minimum average rubric level
    observed_deliveries: int


@dataclass(frozen=True)
class Issuer:
    id: str
    name: str
    url: str
    email: str


@dataclass(frozen=True)
class Certification:
    """toolkits/ttt/certification.yml: what certifies a local facilitator, and who certifies."""

    competencies: tuple[Competency, ...]
    levels: Mapping[int, str]
    criteria: tuple[Criterion, ...]
    requirements: Requirements
    validity_months: int
    issuer: Issuer
    path: str = "toolkits/ttt/certification.yml"


@dataclass(frozen=True)
class Guide:
    """toolkits/ttt/<module-id>.md: how to teach one module."""

    module_id: str
    path: str
    body: str
    body_line: int = 0


@dataclass(frozen=True)
class Project:
    """Everything loaded from one project folder."""

    root: Path
    program: Program | None
    modules: Mapping[str, Module]  # listed modules, in program order
    drafts: Mapping[str, Module]  # module files that program.yml does not list
    regions: Mapping[str, Region]
    overlays: Mapping[tuple[str, str], Overlay]  # (region, module id) -> overlay
    orphan_overlays: tuple[Overlay, ...] = ()  # overlays whose module does not exist
    mkdocs_config: Mapping[str, object] | None = None
    mkdocs_path: str | None = None
    footer: str = ""  # mkdocs.yml's `copyright:` (translated as `locales/<lang>/mkdocs.po`)
    guides: Mapping[str, Guide] = field(
        default_factory=lambda: MappingProxyType({})
    )  # module id -> TTT guide
    certification: Certification | None = None
    pages: Mapping[str, LessonPage] = field(default_factory=lambda: MappingProxyType({}))  # by site path
    #: region id -> (module id, slot id) -> the core text its fill was last reviewed against
    adapted: Mapping[str, Mapping[tuple[str, str], Reviewed]] = field(
        default_factory=lambda: MappingProxyType({})
    )

    def sites(self) -> list[SiteRef]:
        """Every (region, language) site, region by region, languages in declared order."""
        return [
            SiteRef(region.id, language) for region in self.regions.values() for language in region.languages
        ]

    def overlay(self, region: str, module_id: str) -> Overlay | None:
        return self.overlays.get((region, module_id))
