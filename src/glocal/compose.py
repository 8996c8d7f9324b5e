"""Pure composition: core + a region's overlays + catalogs → the Markdown of one site.

Every text is translated in place (or marked as fallback), template-rendered, then turned into
pages (pages.py), the home page with the day plan, the facilitator-notes page and the
Train-the-Trainer section. Nothing here writes files or knows MkDocs.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field, replace

from . import agenda, blocks, formatting, templating, ttt_pages
from .blocks import ParsedText
from .diagnostics import Diagnostic, Span
from .model import Overlay, Program, Project, Region, SiteRef
from .pages import Page, compose_page, indent, quoted, squeeze
from .i18n.translations import Tally, Translations, Translator
from .ui import Labels, labels_for

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
    ttt: tuple["ttt_pages.ExtraPage", ...] = ()  # Train-the-Trainer section: overview first, then guides
    notes: str = ""  # every facilitator note of the site, in order, linking back to its place

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
        return round(self.core_words / total, 4) if total else 1.0

    def slot_counts(self) -> dict[str, int]:
        counts = {"filled": 0, "default": 0, "missing": 0}
        for page in self.pages:
            for slot in page.slots:
                counts[slot.state] += 1
        return counts


def template_context(project: Project, region: Region, language: str) -> dict:
    """What `{{ ... }}` may use: region, vars, program, site (plain data, nothing callable)."""
    program = project.program
    return {
        "region": {
            "id": region.id,
            "name": region.name,
            "timezone": region.timezone or "",
            "day_start": region.day_start,
            "languages": list(region.languages),
        },
        "vars": dict(region.vars),
        "program": {"id": program.id, "title": program.title, "version": program.version} if program else {},
        "site": {"language": language, "locale": region.locale_for(language)},
    }


def render_templates(parsed: ParsedText, context: dict, path: str, line_offset: int, codes: tuple[str, str]) -> tuple[ParsedText, list[Diagnostic]]:
    """Render `{{ }}` in a parsed text; a problem is a diagnostic and the text stays as written."""
    rendered, problem = templating.render(parsed, context)
    if problem is None:
        return (parsed if rendered == parsed.text else blocks.parse(rendered)), []
    code = codes[0] if problem.kind == "undefined" else codes[1]
    span = Span(path, problem.line + line_offset, problem.col)
    return parsed, [Diagnostic(code, problem.message, span, hint=problem.hint)]


def home_page(program: Program, program_title: str, description: str, region: Region, pages: tuple[Page, ...],
              labels: Labels, locale: str, language: str) -> str:
    """The site's home: program overview, the region, and the day plan with clock times and totals."""
    lines = [f"# {program_title}", ""]
    if description:
        lines += [description.strip(), ""]
    lines += [f"## {labels.get('about_region')}: {region.name}", ""]
    if region.timezone:
        lines.append(f"- **{labels.get('time_zone')}:** {region.timezone}")
    lines += [f"- **{labels.get('day_start')}:** {formatting.clock(_start(region.day_start), locale)}", ""]
    if region.notes:
        lines += [f'!!! info "{quoted(labels.get("delivery_notes"))}"', "", f"    {region.notes.strip()}", ""]
    lines += [f"## {labels.get('agenda')}", ""]
    titles = {page.module_id: page.title for page in pages}
    numbers = {page.module_id: number for number, page in enumerate(pages, 1)}
    days = agenda.plan(program, {page.module_id: page.duration for page in pages}, region.day_start)
    total = 0
    for day in days:
        if len(days) > 1:
            lines += [f"### {labels.get('day', number=str(day.number))}", ""]
        lines += [f"| {labels.get('time')} | # | {labels.get('module')} | {labels.get('duration')} |", "|---|---:|---|---:|"]
        for slot in day.slots:
            when = f"{formatting.clock(slot.start, locale)}–{formatting.clock(slot.end, locale)}"
            length = formatting.minutes(slot.minutes, locale) if slot.minutes else "—"
            if slot.kind == "module":
                link = f"[{titles[slot.module_id]}](modules/{slot.module_id}.md)"
                lines.append(f"| {when} | {numbers[slot.module_id]} | {link} | {length} |")
            else:
                lines.append(f"| {when} | | *{labels.get(slot.kind)}* | {length} |")
        total += day.teaching_minutes
        lines.append(f"| | | **{labels.get('day_total')}** | **{formatting.hours_minutes(day.teaching_minutes, locale)}** |")
        lines.append("")
    lines.append(f"**{labels.get('programme_total')}:** {formatting.hours_minutes(total, locale)}")
    lines += ["", f'<p class="glocal-download"><a href="../../downloads/{region.id}-{language}.zip" download>'
              f'{html.escape(labels.get("download_offline"))}</a></p>', ""]
    return "\n".join(lines) + "\n"


def notes_page(pages: tuple[Page, ...], labels: Labels) -> str:
    """All facilitator notes in programme order, each with a link back to where it sits."""
    lines = [f"# {labels.get('facilitator_notes')}", ""]
    for number, page in enumerate(pages, 1):
        if not page.notes:
            continue
        lines += [f"## {number}. {page.title}", ""]
        for anchor, title, body in page.notes:
            trimmed = [line for line in body]
            while trimmed and not trimmed[0].strip():
                trimmed.pop(0)
            lines += [f'!!! facilitator "{quoted(title)}"', "", *indent(_dedent(trimmed), "    "), ""]
            lines += [f"[{labels.get('back_to_note')}](modules/{page.module_id}.md#{anchor})", ""]
    return "\n".join(squeeze(lines)).strip("\n") + "\n"


def _dedent(lines: list[str]) -> list[str]:
    width = min((len(line) - len(line.lstrip(" ")) for line in lines if line.strip()), default=0)
    return [line[width:] for line in lines]


def _start(day_start: str):
    from datetime import datetime

    hours, minutes = (int(part) for part in day_start.split(":"))
    return datetime(2000, 1, 1, hours, minutes)


def compose_site(project: Project, site: SiteRef, translations: Translations | None = None) -> ComposedSite:
    """Every page of one site in its language, plus the diagnostics found on the way."""
    program = project.program
    region = project.regions[site.region]
    locale = region.locale_for(site.language)
    labels = labels_for(site.language, project.root)
    translations = translations or Translations(project.root)
    tally = Tally()

    def translator(source: str, source_language: str) -> Translator:
        if site.language == source_language:
            return Translator(None, source_language)
        found = Translator(translations.catalog(site.language, source), source_language, label=labels.get("not_translated"))
        return found

    def done(used: Translator) -> None:
        tally.merge(used.tally)

    core = translator(program.path, program.source_language)
    program_title, description = core.value(program.title, mark=False), core.value(program.description)
    done(core)
    regional = translator(region.path, region.source_language)
    region = replace(region, name=regional.value(region.name, mark=False), notes=regional.value(region.notes),
                     vars={key: regional.value(str(value), mark=False) for key, value in region.vars.items()})
    done(regional)
    context = template_context(project, region, site.language)
    diagnostics: list[Diagnostic] = []
    pages = []
    for module in project.modules.values():
        core = translator(module.path, program.source_language)
        title = core.value(module.title, mark=False)
        objectives = tuple(core.value(objective) for objective in module.objectives)
        body_text = core.markdown(module.body)
        done(core)
        page_tally = Tally()
        page_tally.merge(core.tally)
        body, found = render_templates(blocks.parse(body_text), context, module.path, module.body_line, ("GL115", "GL116"))
        diagnostics += found
        overlay_model: Overlay | None = project.overlay(region.id, module.id)
        overlay = None
        if overlay_model is not None:
            local = translator(overlay_model.path, region.source_language)
            overlay_text = local.markdown(overlay_model.body)
            done(local)
            page_tally.merge(local.tally)
            overlay, found = render_templates(blocks.parse(overlay_text), context, overlay_model.path,
                                              overlay_model.body_line, ("GL216", "GL217"))
            diagnostics += found
        duration = overlay_model.duration if overlay_model and overlay_model.duration else module.duration
        page = compose_page(module, body, overlay, region, labels, locale, duration, title, objectives, module.id in project.guides)
        handout = compose_page(module, body, overlay, region, labels, locale, duration, title, objectives, participant=True)
        pages.append(replace(page, handout=handout.markdown, translated=page_tally.share))
    notes = notes_page(tuple(pages), labels)
    home = home_page(program, program_title, description, region, tuple(pages), labels, locale, site.language)
    extra = ttt_pages.compose(project, translator, done, context, labels, locale, region, {p.module_id: p.title for p in pages})
    diagnostics += extra.diagnostics
    return ComposedSite(site, region, locale, home, tuple(pages), tuple(diagnostics), program_title, tally, extra.pages, notes)
