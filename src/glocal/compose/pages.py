"""Module pages: slots show fills or defaults, fenced divs become admonitions (see `render`).

A slot shows the region's fill (marked as a local adaptation with the region's name) or its
default. Word counts split a page into core and local words, which is where `core_share` comes
from. The participant version of a page leaves every facilitator note out.
"""

from __future__ import annotations

from dataclasses import dataclass

from glocal import l10n
from glocal.compose.render import Renderer, link_text, text
from glocal.i18n.apply import fallback_markup
from glocal.i18n.ui import Labels
from glocal.markdown.blocks import Container, ParsedText
from glocal.markdown.dialect import indent, quoted, squeeze
from glocal.markdown.fills import fills_past_bound, placed_fills
from glocal.model import NOTE_CONTAINERS, Module, Region


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
    notes: tuple[
        tuple[str, str, tuple[str, ...]], ...
    ] = ()  # (anchor, title, Markdown lines) of each facilitator note
    handout: str = ""  # the participant version of the page
    translated: float = 1.0  # share of this page's source words that are translated
    title_fallback: str = ""  # the source language when the title is shown untranslated


def h1_end(parsed: ParsedText) -> int | None:
    """The line after the body's first level-1 heading outside any container, or None."""
    inside = {
        line for c in parsed.all_containers() for line in range(c.open, (c.close or len(parsed.lines)) + 1)
    }
    for token in parsed.tokens:
        if token.type == "heading_open" and token.tag == "h1" and token.map and token.map[0] not in inside:
            return token.map[1]
    return None


def compose_page(
    module: Module,
    body: ParsedText,
    overlay: ParsedText | None,
    region: Region,
    labels: Labels,
    locale: str,
    duration: int | None,
    title: str,
    objectives: tuple[str, ...],
    has_guide: bool = False,
    participant: bool = False,
    title_fallback: str = "",
) -> Page:
    """One module page for one region (or its participant handout); texts are translated and rendered."""
    renderer = Renderer(body, labels, region, locale, participant=participant)
    notes: list[str] = []
    local_words = 0
    if overlay is not None:
        fill_renderer = Renderer(
            overlay, labels, region, locale, participant=participant, notes=renderer.notes
        )
        fills = placed_fills(overlay)
        refused = fills_past_bound(body, overlay, fills)
        for slot_id, block in fills:
            if block.open not in refused:  # past the bound, GL124 (checks.slots): the default is shown
                renderer.fills[slot_id] = (fill_renderer, block)
        for container in overlay.containers:
            if container.name in NOTE_CONTAINERS:
                notes += fill_renderer.note(labels.get("regional_note", region=region.name), container)
                local_words += overlay.words_between(container.open, _end(overlay, container))

    header = _header(module.id, labels, locale, duration, objectives, has_guide, participant)
    header += notes

    h1 = h1_end(body)
    if h1 is None:
        heading = text(title)
        if title_fallback:  # marked like any untranslated body text
            heading = fallback_markup(heading, title_fallback, labels.get("not_translated"))
        lines = [f"# {heading}", *header, *renderer.range(0, len(body.lines), body.containers)]
    else:
        lines = [
            *renderer.range(0, h1, body.containers),
            *header,
            *renderer.range(h1, len(body.lines), body.containers),
        ]

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
    markdown = "\n".join(squeeze(lines)).strip("\n") + "\n"
    return Page(
        module.id,
        title,
        markdown,
        max(core_words, 0),
        local_words,
        tuple(slots),
        duration,
        tuple((anchor, note_title, tuple(body)) for anchor, note_title, body in renderer.notes.listed),
        title_fallback=title_fallback,
    )


class PageMemo:
    """The module pages composed last time, each given again while its inputs are the same.

    For a long-lived caller (the live preview composes its site after every edit; at 500 modules,
    one page changed): `compose_page` is a pure function of its arguments, so a page whose
    arguments equal last time's is last time's page. Parsed texts are compared by their text.
    """

    def __init__(self) -> None:
        self._pages: dict[tuple[str, bool], tuple[tuple, Page]] = {}
        self.composed = 0  # pages actually composed (for tests and benchmarks)

    def page(self, module: Module, *args, **options) -> Page:
        inputs = (module, *args, tuple(sorted(options.items())))
        key = (module.path, bool(options.get("participant", False)))
        known = self._pages.get(key)
        if known is not None and len(known[0]) == len(inputs) and all(map(_same, known[0], inputs)):
            return known[1]
        page = compose_page(module, *args, **options)
        self.composed += 1
        self._pages[key] = (inputs, page)
        return page


def _same(old: object, new: object) -> bool:
    if old is new:
        return True
    if isinstance(old, ParsedText) and isinstance(new, ParsedText):
        return old.text == new.text
    return type(old) is type(new) and old == new


def _header(
    module_id: str,
    labels: Labels,
    locale: str,
    duration: int | None,
    objectives: tuple[str, ...],
    has_guide: bool,
    participant: bool,
) -> list[str]:
    """What follows a module's title: duration, objectives, and (facilitators only) its links."""
    header = (
        ["", f"**{text(labels.get('duration'))}:** {l10n.minutes(duration, locale)}", ""] if duration else []
    )
    if objectives:
        header += ["", f'!!! objectives "{quoted(text(labels.get("objectives")))}"', ""]
        for objective in objectives:  # each line in its item: an objective in paragraphs stays in it
            first, *rest = objective.strip().split("\n")
            header += [f"    - {first}", *indent(rest, "        ")]  # Python-Markdown: 4 past the marker
        header.append("")
    if not participant:
        links = [
            f"[{link_text(labels.get('handout'))}](../handouts/{module_id}.md){{ .glocal-handout-link }}"
        ]
        if has_guide:
            links.append(
                f"[{link_text(labels.get('ttt_guide'))}](../ttt/{module_id}.md){{ .glocal-ttt-link }}"
            )
        header += ["", " · ".join(links), ""]
    return header


def _end(parsed: ParsedText, container: Container) -> int:
    return container.end if container.close is not None else len(parsed.lines)
