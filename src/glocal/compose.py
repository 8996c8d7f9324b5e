"""Pure composition: core modules + a region's overlays → the Markdown pages of one site.

Fenced divs become MkDocs Material admonitions; a slot shows the region's fill (marked as a
local adaptation with the region's name) or its default. Word counts split the site into core
and local words, which is where `core_share` comes from.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field, replace

from . import agenda, blocks, formatting, templating, ttt_pages
from .blocks import Container, ParsedText
from .diagnostics import Diagnostic, Span
from .model import NOTE_CONTAINERS, Module, Overlay, Program, Project, Region, SiteRef
from .i18n.translations import Tally, Translations, Translator
from .ui import Labels, labels_for

#: container name → (admonition type, label key, marker). `???+` is collapsible and open.
ADMONITIONS: dict[str, tuple[str, str, str]] = {
    "facilitator": ("facilitator", "facilitator_note", "???+"),
    "instructor": ("facilitator", "facilitator_note", "???+"),
    "activity": ("activity", "activity", "!!!"),
    "teachback": ("teachback", "teachback", "!!!"),
    "objectives": ("abstract", "objectives", "!!!"),
    "questions": ("question", "questions", "!!!"),
    "keypoints": ("success", "key_points", "!!!"),
    "challenge": ("example", "challenge", "!!!"),
    "solution": ("tip", "solution", "???"),
    "hint": ("tip", "hint", "???"),
    "callout": ("info", "callout", "!!!"),
    "discussion": ("question", "discussion", "!!!"),
    "prereq": ("info", "prerequisite", "!!!"),
    "checklist": ("success", "checklist", "!!!"),
    "testimonial": ("quote", "testimonial", "!!!"),
    "caution": ("warning", "caution", "!!!"),
    "spoiler": ("info", "spoiler", "???"),
}


TIMED = {"activity", "teachback"}  # containers whose `{duration=N}` shows in their title


@dataclass(frozen=True)
class SlotState:
    module: str
    slot: str
    state: str  # "filled", "default" or "missing" (a required slot left to its default)
    required: bool


@dataclass(frozen=True)
class Page:
    module_id: str
    title: str
    markdown: str
    core_words: int
    local_words: int
    slots: tuple[SlotState, ...]
    duration: int | None
    notes: tuple[tuple[str, str, tuple[str, ...]], ...] = ()  # (anchor, title, Markdown lines) of each facilitator note
    handout: str = ""  # the participant version of the page
    translated: float = 1.0  # share of this page's source words that are translated


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


def _title(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _indent(lines: list[str], prefix: str) -> list[str]:
    return [prefix + line if line.strip() else "" for line in lines]


@dataclass
class _Renderer:
    """Turns the fenced divs of one parsed text into admonitions."""

    parsed: ParsedText
    labels: Labels
    region: Region
    locale: str
    fills: dict[str, tuple["_Renderer", Container]] = field(default_factory=dict)
    used_fills: set[str] = field(default_factory=set)
    participant: bool = False  # a participant handout: facilitator notes are left out
    notes: list = field(default_factory=list)  # (anchor, title, lines) of every facilitator note, shared with fill renderers

    def note(self, title: str, container: Container) -> list[str]:
        """A facilitator note, with an anchor the site's notes page links back to."""
        if self.participant:
            return []
        body = self.inner(container)
        anchor = f"note-{len(self.notes) + 1}"
        self.notes.append((anchor, title, body))
        return ["", f'<div id="{anchor}" class="glocal-anchor"></div>', *self.admonition("facilitator", title, "???+", body, container.col)]

    def range(self, start: int, end: int, containers: list[Container]) -> list[str]:
        out: list[str] = []
        line = start
        for container in containers:
            if container.open < start or container.open >= end:
                continue
            out.extend(self.parsed.lines[line : container.open])
            out.extend(self.container(container))
            line = container.end if container.close is not None else end
        out.extend(self.parsed.lines[line:end])
        return out

    def inner(self, container: Container) -> list[str]:
        end = container.close if container.close is not None else len(self.parsed.lines)
        return self.range(container.open + 1, end, container.children)

    def admonition(self, kind: str, title: str, marker: str, body: list[str], col: int) -> list[str]:
        pad = " " * col
        body = [line[col:] if line[:col].strip() == "" else line for line in body]
        while body and not body[0].strip():
            body.pop(0)
        while body and not body[-1].strip():
            body.pop()
        return ["", f'{pad}{marker} {kind} "{_title(title)}"', "", *_indent(body, pad + "    "), ""]

    def container(self, container: Container) -> list[str]:
        name = container.name
        if name == "slot":
            fill = self.fills.get(container.arg or "")
            if fill is None:
                return self.inner(container)
            renderer, fill_container = fill
            self.used_fills.add(container.arg or "")
            title = self.labels.get("local_adaptation", region=self.region.name)
            return self.admonition("local", title, "!!!", renderer.inner(fill_container), container.col)
        if name == "fill":
            return self.inner(container)
        if name in NOTE_CONTAINERS:
            return self.note(container.attrs.get("title") or self.labels.get("facilitator_note"), container)
        if name in ADMONITIONS:
            kind, label, marker = ADMONITIONS[name]
            title = container.attrs.get("title") or self.labels.get(label)
            if name in TIMED and str(container.attrs.get("duration", "")).isdigit():
                when = formatting.minutes(int(container.attrs["duration"]), self.locale)
                title = container.attrs.get("title") or self.labels.get(f"{label}_timed", duration=when)
            return self.admonition(kind, title, marker, self.inner(container), container.col)
        # An unknown container (reported by `check`) still shows its content, as a plain note.
        return self.admonition("note", container.attrs.get("title") or name, "!!!", self.inner(container), container.col)


def _h1_end(parsed: ParsedText) -> int | None:
    inside = {line for c in parsed.all_containers() for line in range(c.open, (c.close or len(parsed.lines)) + 1)}
    for index, token in enumerate(parsed.tokens):
        if token.type == "heading_open" and token.tag == "h1" and token.map and token.map[0] not in inside:
            return token.map[1]
    return None


def compose_page(module: Module, body: ParsedText, overlay: ParsedText | None, region: Region, labels: Labels,
                 locale: str, duration: int | None, title: str, objectives: tuple[str, ...], has_guide: bool = False,
                 participant: bool = False) -> Page:
    """One module page for one region (or its participant handout); texts are translated and rendered."""
    renderer = _Renderer(body, labels, region, locale, participant=participant)
    notes: list[str] = []
    local_words = 0
    if overlay is not None:
        fill_renderer = _Renderer(overlay, labels, region, locale, participant=participant, notes=renderer.notes)
        for container in overlay.containers:
            if container.name == "fill" and container.arg and container.arg not in renderer.fills:
                renderer.fills[container.arg] = (fill_renderer, container)
            elif container.name in NOTE_CONTAINERS:
                notes += fill_renderer.note(labels.get("regional_note", region=region.name), container)
                local_words += overlay.words_between(container.open, _end(overlay, container))

    header = ["", f"**{labels.get('duration')}:** {formatting.minutes(duration, locale)}", ""] if duration else []
    if objectives:
        header += ["", f'!!! objectives "{_title(labels.get("objectives"))}"', ""]
        header += [f"    - {objective}" for objective in objectives] + [""]
    if not participant:
        links = [f"[{labels.get('handout')}](../handouts/{module.id}.md){{ .glocal-handout-link }}"]
        if has_guide:
            links.append(f"[{labels.get('ttt_guide')}](../ttt/{module.id}.md){{ .glocal-ttt-link }}")
        header += ["", " · ".join(links), ""]
    header += notes

    h1 = _h1_end(body)
    if h1 is None:
        lines = [f"# {title}", *header, *renderer.range(0, len(body.lines), body.containers)]
    else:
        lines = [*renderer.range(0, h1, body.containers), *header, *renderer.range(h1, len(body.lines), body.containers)]

    core_words = body.total_words
    slots: list[SlotState] = []
    for slot in module.slots.values():
        if slot.id in renderer.used_fills:
            fill_renderer, fill = renderer.fills[slot.id]
            local_words += fill_renderer.parsed.words_between(fill.open, _end(fill_renderer.parsed, fill))
            state = "filled"
        else:
            state = "missing" if slot.required and not region.core_only else "default"
        slots.append(SlotState(module.id, slot.id, state, slot.required))
    for container in body.all_containers():
        if container.name == "slot" and container.arg in renderer.used_fills:
            core_words -= body.words_between(container.open, _end(body, container))
    markdown = "\n".join(_squeeze(lines)).strip("\n") + "\n"
    return Page(module.id, title, markdown, max(core_words, 0), local_words, tuple(slots), duration,
                tuple((anchor, note_title, tuple(body)) for anchor, note_title, body in renderer.notes))


def _end(parsed: ParsedText, container: Container) -> int:
    return container.end if container.close is not None else len(parsed.lines)


def _squeeze(lines: list[str]) -> list[str]:
    """Collapse runs of blank lines that admonition rendering leaves behind."""
    out: list[str] = []
    for line in lines:
        if not line.strip() and out and not out[-1].strip():
            continue
        out.append(line)
    return out


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
        lines += [f'!!! info "{_title(labels.get("delivery_notes"))}"', "", f"    {region.notes.strip()}", ""]
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
            lines += [f'!!! facilitator "{_title(title)}"', "", *_indent(_dedent(trimmed), "    "), ""]
            lines += [f"[{labels.get('back_to_note')}](modules/{page.module_id}.md#{anchor})", ""]
    return "\n".join(_squeeze(lines)).strip("\n") + "\n"


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
