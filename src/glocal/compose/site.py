"""Pure composition: core + a region's overlays + catalogs + labels → the Markdown of one site.

Every text is translated in place (or marked as fallback), template-rendered, then turned into
pages (pages.py), the home page with the day plan (home.py), the facilitator-notes page and the
Train-the-Trainer section (ttt.py). Everything it needs is loaded before and passed in as
`SiteInputs`: nothing here reads or writes a file, and nothing outside the call is changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from glocal import l10n
from glocal.compose import lesson
from glocal.compose import ttt as ttt_pages
from glocal.compose.home import home_page, notes_page
from glocal.compose.links import relocator
from glocal.compose.pages import Page, PageMemo, compose_page
from glocal.compose.templating import RegionVars, render_translation, template_context
from glocal.diagnostics import Diagnostic
from glocal.i18n.translations import NO_CATALOG, Catalog, Tally, Translator
from glocal.i18n.ui import ENGLISH, Labels
from glocal.markdown.blocks import rebase_links
from glocal.model import Module, Overlay, Project, Region, SiteRef


@dataclass(frozen=True)
class ComposedSite:
    site: SiteRef
    region: Region
    locale: str
    home: str
    pages: tuple[Page, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    title: str = ""
    tally: Tally = field(default_factory=Tally)
    ttt: tuple[ttt_pages.ExtraPage, ...] = ()  # Train-the-Trainer section: overview first, then guides
    notes: str = ""  # every facilitator note of the site, in order, linking back to its place
    labels: Labels = field(default_factory=lambda: Labels("en", dict(ENGLISH)))  # the site's UI words
    # the language the programme title and the region name are shown in when untranslated, else ''
    name_fallback: tuple[str, str] = ("", "")
    further: tuple[ttt_pages.ExtraPage, ...] = ()  # program.yml's `pages:`, after the modules
    footer: str = ""  # mkdocs.yml's `copyright:` in the site's language ("" when there is none)

    @property
    def translated(self) -> float:
        """Share of the site's source words that are translated and not fuzzy."""
        return self.tally.share

    @property
    def core_words(self) -> int:
        return sum(page.core_words for page in self.pages)

    @property
    def local_words(self) -> int:
        return sum(page.local_words for page in self.pages)

    @property
    def core_share(self) -> float:
        total = self.core_words + self.local_words
        return l10n.rounded_share(self.core_words, total)

    def slot_counts(self) -> dict[str, int]:
        counts = {"filled": 0, "default": 0, "missing": 0}
        for page in self.pages:
            for slot in page.slots:
                counts[slot.state] += 1
        return counts


@dataclass(frozen=True)
class SiteInputs:
    """What composing one site needs, loaded beforehand by the pipeline."""

    labels: Labels
    catalogs: Mapping[str, Catalog]  # source path -> its usable translations in the site's language

    def translator(self, source: str, source_language: str, language: str) -> Translator:
        """Texts of `source` in `language`: passed through when that is their own language."""
        if language == source_language:
            return Translator(None, source_language)
        catalog = self.catalogs.get(source) or NO_CATALOG
        return Translator(catalog, source_language, label=self.labels.get("not_translated"))


def compose_site(
    project: Project,
    site: SiteRef,
    inputs: SiteInputs,
    memo: PageMemo | None = None,
    whole: bool = True,
) -> ComposedSite:
    """Every page of one site in its language, plus the diagnostics found on the way.

    With `memo` (the caller's, kept between calls for the same site), a module page whose inputs
    did not change since the last call is not composed again. With `whole=False` only what the
    site's facts need is composed (its shares, slots, tallies and diagnostics): the module pages
    have no participant handout (`Page.handout` is ""), and there is no home page and no notes
    page (`home` and `notes` are ""), none of which changes a fact."""
    program = project.program
    assert program is not None  # a project without a program has no sites
    region = project.regions[site.region]
    # the locale every number, time and duration of the site is written in, digits included
    locale = l10n.with_numbering(region.locale_for(site.language), region.numbering.get(site.language))
    labels = inputs.labels

    def translator(source: str, source_language: str) -> Translator:
        return inputs.translator(source, source_language, site.language)

    core = translator(program.path, program.source_language)
    program_title, description = core.value(program.title, mark=False), core.value(program.description)
    regional = translator(region.path, region.source_language)
    name_fallback = (core.fallback(program.title), regional.fallback(region.name))  # the theme marks them
    region = replace(
        region,
        name=regional.value(region.name, mark=False),
        notes=regional.value(region.notes),
        vars={key: regional.value(str(value), mark=False) for key, value in region.vars.items()},
    )
    tally = core.tally + regional.tally
    context = template_context(project, region, site.language)
    diagnostics: list[Diagnostic] = []
    pages = []
    for module in project.modules.values():
        page, page_tally, found = _module_page(
            project, module, region, translator, context, labels, locale, memo, whole
        )
        diagnostics += found
        tally = tally + page_tally
        pages.append(page)
    notes = notes_page(tuple(pages), labels, locale) if whole else ""
    home = (
        home_page(program, program_title, description, region, tuple(pages), labels, locale, site.language)
        if whole
        else ""
    )
    titles = {p.module_id: p.title for p in pages}
    fallbacks = {p.module_id: p.title_fallback for p in pages if p.title_fallback}
    section = ttt_pages.compose(project, translator, context, labels, locale, region, titles, fallbacks)
    diagnostics += section.diagnostics
    tally = tally + section.tally
    further = lesson.compose(project, translator, context, labels, locale, region)
    diagnostics += further.diagnostics
    tally = tally + further.tally
    footer = project.footer  # read with mkdocs.yml, once
    if footer:
        footing = translator(project.mkdocs_path or "mkdocs.yml", program.source_language)
        footer = footing.value(footer, mark=False)
        tally = tally + footing.tally
    return ComposedSite(
        site,
        region,
        locale,
        home,
        tuple(pages),
        tuple(diagnostics),
        program_title,
        tally,
        section.pages,
        notes,
        labels,
        name_fallback,
        further.pages,
        footer,
    )


def _module_page(
    project: Project,
    module: Module,
    region: Region,
    translator,
    context: dict,
    labels: Labels,
    locale: str,
    memo: PageMemo | None = None,
    handouts: bool = True,
) -> tuple[Page, Tally, list[Diagnostic]]:
    """One module's page and (with `handouts`) its handout in the site's language, with the
    overlay's fills in place."""
    program = project.program
    assert program is not None
    core = translator(module.path, program.source_language)
    title = core.value(module.title, mark=False)
    title_fallback = core.fallback(module.title)  # the theme marks it in navigation and <title>
    objectives = tuple(core.value(objective) for objective in module.objectives)
    body_text = core.markdown(module.body)
    body, diagnostics = render_translation(
        body_text,
        module.body,
        context,
        module.path,
        module.body_line,
        ("GL115", "GL116"),
        RegionVars.of(project, region),
    )
    page_tally = core.tally
    overlay_model: Overlay | None = project.overlay(region.id, module.id)
    overlay = None
    if overlay_model is not None:
        local = translator(overlay_model.path, region.source_language)
        overlay_text = local.markdown(overlay_model.body)
        page_tally = page_tally + local.tally
        overlay, found = render_translation(
            overlay_text,
            overlay_model.body,
            context,
            overlay_model.path,
            overlay_model.body_line,
            ("GL216", "GL217"),
        )
        diagnostics += found
    duration = overlay_model.duration if overlay_model and overlay_model.duration else module.duration
    compose = memo.page if memo is not None else compose_page
    page = compose(
        module,
        body,
        overlay,
        region,
        labels,
        locale,
        duration,
        title,
        objectives,
        module.id in project.guides,
        title_fallback=title_fallback,
    )
    if not handouts:
        return replace(page, translated=page_tally.share), page_tally, diagnostics
    in_handouts = relocator("handouts", pages=False)  # a figure next to the module stays found
    handout = compose(
        module,
        rebase_links(body, in_handouts),
        overlay and rebase_links(overlay, in_handouts),
        region,
        labels,
        locale,
        duration,
        title,
        objectives,
        participant=True,
        title_fallback=title_fallback,
    )
    page = replace(page, handout=handout.markdown, translated=page_tally.share)
    return page, page_tally, diagnostics
