"""The home page (overview, the region, the day plan) and the facilitator-notes page of a site."""

from __future__ import annotations

import html

from glocal import l10n
from glocal.compose import agenda
from glocal.compose.links import relocator
from glocal.compose.pages import Page
from glocal.compose.render import link_text, text
from glocal.i18n.apply import fallback_markup
from glocal.i18n.ui import Labels
from glocal.markdown.blocks import parse, rebase_links
from glocal.markdown.cursor import DEFINITION, needed_definitions, reference_label
from glocal.markdown.dialect import indent, quoted, squeeze
from glocal.model import Program, Region


def home_page(
    program: Program,
    program_title: str,
    description: str,
    region: Region,
    pages: tuple[Page, ...],
    labels: Labels,
    locale: str,
    language: str,
) -> str:
    """The site's home: program overview, the region, and the day plan with clock times and totals."""
    lines = [f"# {text(program_title)}", ""]
    if description:
        lines += [description.strip(), ""]
    lines += [f"## {text(labels.get('about_region'))}: {text(region.name)}", ""]
    if region.timezone:
        zone = l10n.time_zone(region.timezone, locale)
        lines.append(f"- **{text(labels.get('time_zone'))}:** {text(zone)}")
    lines += [
        f"- **{text(labels.get('day_start'))}:** {l10n.clock(agenda.start_of_day(region.day_start), locale)}",
        "",
    ]
    if region.notes:
        title = quoted(text(labels.get("delivery_notes")))
        # every line inside the note: notes in paragraphs or with a list stay in it
        lines += [f'!!! info "{title}"', "", *indent(region.notes.strip().split("\n"), "    "), ""]
    lines += [f"## {text(labels.get('agenda'))}", ""]
    titles = {page.module_id: _title(page, labels) for page in pages}
    numbers = {page.module_id: number for number, page in enumerate(pages, 1)}
    days = agenda.plan(program, {page.module_id: page.duration for page in pages}, region.day_start)
    total = 0
    for day in days:
        if len(days) > 1:
            lines += [f"### {text(labels.get('day', number=l10n.number(day.number, locale)))}", ""]
        lines += [
            f"| {link_text(labels.get('time'))} | # | {link_text(labels.get('module'))} "
            f"| {link_text(labels.get('duration'))} |",
            "|---|---:|---|---:|",
        ]
        for slot in day.slots:
            when = f"{l10n.clock(slot.start, locale)}–{l10n.clock(slot.end, locale)}"
            length = l10n.minutes(slot.minutes, locale) if slot.minutes else "—"
            if slot.kind == "module":
                assert slot.module_id is not None  # agenda.plan gives every module slot its id
                link = f"[{titles[slot.module_id]}](modules/{slot.module_id}.md)"
                lines.append(
                    f"| {when} | {l10n.number(numbers[slot.module_id], locale)} | {link} | {length} |"
                )
            else:
                lines.append(f"| {when} | | *{link_text(labels.get(slot.kind))}* | {length} |")
        total += day.teaching_minutes
        lines.append(
            f"| | | **{link_text(labels.get('teaching_time'))}** "
            f"| **{l10n.hours_minutes(day.teaching_minutes, locale)}** |"
        )
        if day.has_pauses:  # breaks make the day longer than its teaching: its whole length, apart
            lines.append(
                f"| | | {link_text(labels.get('day_with_breaks'))} "
                f"| {l10n.hours_minutes(day.length_minutes, locale)} |"
            )
        lines.append("")
    lines.append(f"**{text(labels.get('programme_teaching'))}:** {l10n.hours_minutes(total, locale)}")
    lines += [
        "",
        f'<p class="glocal-download"><a href="../../downloads/{region.id}-{language}.zip" download>'
        f"{html.escape(labels.get('download_offline'))}</a></p>",
        "",
    ]
    return "\n".join(lines) + "\n"


def _title(page: Page, labels: Labels) -> str:
    """A module's title as Markdown text, marked as the source's when it is shown untranslated
    (as its own page, the navigation and `<title>` mark it)."""
    shown = link_text(page.title)
    if page.title_fallback:
        return fallback_markup(shown, page.title_fallback, labels.get("not_translated"))
    return shown


def notes_page(pages: tuple[Page, ...], labels: Labels, locale: str = "en") -> str:
    """All facilitator notes in programme order, each with a link back to where it sits."""
    lines = [f"# {text(labels.get('facilitator_notes'))}", ""]
    defined: set[str] = set()  # the reference labels the page defines so far (the first one wins)
    for number, page in enumerate(pages, 1):
        if not page.notes:
            continue
        lines += [f"## {l10n.number(number, locale)}. {_title(page, labels)}", ""]
        definitions = _definitions(page.markdown) if "]:" in page.markdown else {}
        for anchor, title, body in page.notes:
            trimmed = [line for line in body]
            while trimmed and not trimmed[0].strip():
                trimmed.pop(0)
            used = _used(trimmed, definitions, defined)
            if used:  # `[Seaborn][seaborn]` defined further down the module, or in links.md
                trimmed += ["", *used]
            # the notes page sits at the site's top: a note's figures and links are moved there
            dedented = _dedent(trimmed)
            joined = "\n".join(dedented)
            if "](" in joined or "]:" in joined:  # a link or an image (inline or by reference) to move
                moved = rebase_links(parse(joined), relocator("")).lines
            else:
                moved = dedented
            lines += [f'!!! facilitator "{quoted(text(title))}"', "", *indent(moved, "    "), ""]
            lines += [f"[{link_text(labels.get('back_to_note'))}](modules/{page.module_id}.md#{anchor})", ""]
    return "\n".join(squeeze(lines)).strip("\n") + "\n"


def _definitions(markdown: str) -> dict[str, str]:
    """The link reference definitions a page's Markdown gives, label → its line (outside code)."""
    parsed = parse(markdown)
    code = {
        line
        for token in parsed.tokens
        if token.type in ("fence", "code_block") and token.map
        for line in range(*token.map)
    }
    found: dict[str, str] = {}
    for number, line in enumerate(parsed.lines):
        match = DEFINITION.match(line) if "]:" in line and number not in code else None
        if match and line[match.end() :].strip():  # its target on its line
            found.setdefault(reference_label(match["label"]), line.strip())  # the first one counts
    return found


def _used(note: list[str], definitions: dict[str, str], defined: set[str]) -> list[str]:
    """The definitions of `definitions` that `note` refers to and does not give itself, each once
    on the notes page (`defined`): the notes page holds the note without the rest of its module."""
    if not definitions or "[" not in "".join(note):
        return []
    wanted = [label for label in needed_definitions("\n".join(note), definitions) if label not in defined]
    defined.update(wanted)
    return [definitions[label] for label in wanted]


def _dedent(lines: list[str]) -> list[str]:
    width = min((len(line) - len(line.lstrip(" ")) for line in lines if line.strip()), default=0)
    return [line[width:] for line in lines]
