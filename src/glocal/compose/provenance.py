"""Provenance: where each block of a composed site comes from (`glocal explain`).

It walks the same sources the composer does, in the same order and with the same choices
(`compose_page` and `home_page`): the core module, the region's first non-empty fill of each
slot, its regional notes, the header Glocal writes, the home page's day plan. Each translatable
segment is one block; each admonition title and generated line is one too, and each code block
and raw HTML block (never a message: shown as written). For every block it says which file and
line it comes from, which catalog entry translated it (or why the source is
shown), which template variables were filled in and which durations apply. The normal build
never runs this: provenance costs nothing unless it is asked for. The pages beside the module
pages (the home page, the Train-the-Trainer section, the facilitator-notes page) are in
provenance_site.py, the records it gives (`Block` and what it holds) in provenance_records.py.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from glocal import l10n
from glocal.compose.pages import h1_end
from glocal.compose.provenance_records import Block, Entries, Locate, Timing, Translation, Variable, Where
from glocal.compose.render import ADMONITIONS, TIMED
from glocal.compose.site import SiteInputs
from glocal.compose.templating import has_template, render, template_context
from glocal.i18n.apply import template_tags
from glocal.i18n.segment import Segment, container_context, segment_text
from glocal.markdown.blocks import Container, ParsedText, parse
from glocal.model import NOTE_CONTAINERS, Module, Project, Region, SiteRef

_NAME = re.compile(r"\{\{-?\s*([A-Za-z_][\w.]*)")


@dataclass(frozen=True)
class _Text:
    """A Markdown text being walked: where it is, what it is, and its segments."""

    parsed: ParsedText
    segments: tuple[Segment, ...]
    path: str
    line_offset: int  # 0-based line of the file where the text starts
    origin: str
    source_language: str
    #: (0-based line, kind, content) of each code block (`code`) and raw HTML block (`html`)
    verbatim: tuple[tuple[int, str, str], ...] = field(default=())


#: The translation state of a block that is never a message, by its kind.
NOT_TRANSLATED = {"code": "not translated (code)", "html": "not translated (raw HTML)"}


def _verbatim(parsed: ParsedText) -> tuple[tuple[int, str, str], ...]:
    found = []
    for token in parsed.tokens:
        if not token.map:
            continue
        if token.type in ("fence", "code_block"):
            found.append((token.map[0], "code", token.content))
        elif token.type == "html_block":
            content = token.content.strip()
            if not (content.startswith("<!--") and content.endswith("-->")):  # a comment is shown nowhere
                found.append((token.map[0], "html", token.content))
    return tuple(found)


class Explainer:
    def __init__(
        self,
        project: Project,
        site: SiteRef,
        inputs: SiteInputs,
        entries: Entries,
        var_lines: Mapping[str, int],
        locate: Locate,
    ) -> None:
        self.project, self.site, self.inputs = project, site, inputs
        self.entries, self.var_lines, self.locate = entries, var_lines, locate
        self.labels = inputs.labels
        raw = project.regions[site.region]
        self.raw_region = raw
        self.locale = l10n.with_numbering(raw.locale_for(site.language), raw.numbering.get(site.language))
        name, _ = self.translate(raw.path, raw.source_language, raw.name)
        values = {
            key: self.translate(raw.path, raw.source_language, str(v))[0] for key, v in raw.vars.items()
        }
        self.region: Region = replace(raw, name=name, vars=values)
        self.context = template_context(project, self.region, site.language)
        #: the facilitator notes of the module page being walked, in the order the notes page lists them
        self.notes: list[list[Block]] | None = None
        self.notes_by_module: dict[str, list[list[Block]]] = {}
        self.note_depth = 0  # facilitator notes being walked around the current block (render.Notes)

    # -- translation and templates ---------------------------------------------------------------

    def translate(self, path: str, source_language: str, msgid: str) -> tuple[str, Translation]:
        """The text a site shows for `msgid` of `path`, and why."""
        if self.site.language == source_language:
            return msgid, Translation("source-language")
        catalog = self.inputs.catalogs.get(path)
        if catalog is None or catalog.path is None:
            return msgid, Translation("fallback")
        found = self.entries.get(catalog.path, {}).get(msgid)
        entry = Where(catalog.path, found[0]) if found else None
        if msgid in catalog.translated:
            return catalog.translated[msgid], Translation("translated", entry)
        if msgid in catalog.fuzzy:
            return msgid, Translation("fuzzy-hidden", entry)
        if found and found[1] == "translated":  # never published (GL304-GL308, GL330-GL332, GL335)
            return msgid, Translation("withheld", entry)
        return msgid, Translation("fallback", entry)

    def fill_in(self, shown: str) -> tuple[str, tuple[Variable, ...]]:
        """`shown` with its template tags rendered, and the variables they use."""
        if not has_template(shown):
            return shown, ()
        rendered, problem = render(parse(shown), self.context)
        variables = []
        for tag in template_tags(shown):
            match = _NAME.match(tag)
            if match is None:
                continue
            name = match.group(1)
            value: object = self.context
            for part in name.split("."):
                value = value.get(part, "") if isinstance(value, dict) else ""
            variables.append(Variable(name, str(value), self._variable_source(name)))
        return (shown if problem else rendered), tuple(variables)

    def _variable_source(self, name: str) -> Where | None:
        head, _, key = name.partition(".")
        region = self.raw_region
        if head == "vars" and key in self.var_lines:
            return Where(region.path, self.var_lines[key])
        if head == "region" and key in region.spans:
            return Where(region.path, (region.spans[key].line or 0) + 1)
        if head == "program" and self.project.program is not None:
            return Where(self.project.program.path, None)
        return None

    def block(self, page: str, kind: str, text: _Text, segment: Segment, facilitator: bool) -> Block:
        shown, translation = self.translate(text.path, text.source_language, segment.msgid)
        effective, variables = self.fill_in(shown)
        where = Where(text.path, text.line_offset + segment.line + 1)
        return Block(
            page,
            kind,
            text.origin,
            effective,
            where,
            translation,
            segment.context,
            variables,
            None,
            facilitator,
        )

    def verbatim(
        self, page: str, text: _Text, line: int, kind: str, content: str, facilitator: bool
    ) -> Block:
        """A code block (shown as written) or a raw HTML block (its template tags rendered)."""
        effective, variables = self.fill_in(content) if kind == "html" else (content, ())
        return Block(
            page,
            kind,
            text.origin,
            effective.rstrip("\n"),
            Where(text.path, text.line_offset + line + 1),
            Translation(NOT_TRANSLATED[kind]),
            container_context(text.parsed, line),
            variables,
            None,
            facilitator,
        )

    def value(
        self, page: str, kind: str, origin: str, path: str, language: str, msgid: str, **extra
    ) -> Block:
        """A block for a YAML value (a title, an objective, a note)."""
        shown, translation = self.translate(path, language, msgid)
        effective, variables = self.fill_in(shown)
        where = Where(path, self.locate(path, msgid.split("\n")[0]))
        return Block(page, kind, origin, effective, where, translation, variables=variables, **extra)

    def generated(self, page: str, text: str, where: Where | None = None, **extra) -> Block:
        return Block(page, "generated", "generated", text, where, Translation("generated"), **extra)

    # -- module pages -------------------------------------------------------------------------------

    def timing(self, module: Module) -> Timing | None:
        overlay = self.project.overlay(self.region.id, module.id)
        core = None
        if module.duration:
            span = module.spans.get("duration")
            core = (module.duration, Where(module.path, (span.line or 0) + 1 if span else None))
        if overlay is not None and overlay.duration:
            where = Where(overlay.path, self.locate(overlay.path, "duration:"))
            return Timing("module", overlay.duration, where, core)
        return Timing("module", core[0], core[1]) if core else None

    def module(self, module: Module) -> list[Block]:
        program = self.project.program
        assert program is not None
        page = f"modules/{module.id}.md"
        self.notes = self.notes_by_module[module.id] = []
        core = self.text_of(module.body, module.path, module.body_line, "core", program.source_language)
        fills: dict[str, tuple[_Text, Container]] = {}
        header: list[Block] = []
        overlay = self.project.overlay(self.region.id, module.id)
        notes: list[Block] = []
        if overlay is not None:
            local = self.text_of(
                overlay.body, overlay.path, overlay.body_line, "overlay", self.region.source_language
            )
            for container in local.parsed.containers:
                if container.name == "fill" and container.arg and container.arg not in fills:
                    if not local.parsed.is_blank(container):
                        fills[container.arg] = (local, container)
                elif container.name in NOTE_CONTAINERS:
                    title = self.labels.get("regional_note", region=self.region.name)
                    notes += self.admonition(page, local, container, title, True, fills)
        timing = self.timing(module)
        if timing is not None:
            when = l10n.minutes(timing.minutes, self.locale)
            header.append(self.generated(page, f"{self.labels.get('duration')}: {when}", timing=timing))
        if module.objectives:
            header.append(self.generated(page, self.labels.get("objectives")))
            header += [
                self.value(page, "paragraph", "core", module.path, program.source_language, objective)
                for objective in module.objectives
            ]
        links = [self.labels.get("handout")] + (
            [self.labels.get("ttt_guide")] if module.id in self.project.guides else []
        )
        header.append(self.generated(page, " · ".join(links), facilitator=True))
        header += notes
        walk = self.walker(page, fills)
        h1 = h1_end(core.parsed)
        if h1 is None:
            heading = self.value(page, "heading", "core", module.path, program.source_language, module.title)
            blocks = [heading, *header, *walk(core, 0, len(core.parsed.lines), core.parsed.containers, False)]
        else:
            blocks = [
                *walk(core, 0, h1, core.parsed.containers, False),
                *header,
                *walk(core, h1, len(core.parsed.lines), core.parsed.containers, False),
            ]
        self.notes = None
        return blocks

    def text_of(self, body: str, path: str, offset: int, origin: str, language: str) -> _Text:
        """A Markdown text to walk: its segments, code and raw HTML blocks."""
        parsed = parse(body)
        return _Text(parsed, tuple(segment_text(body)), path, offset, origin, language, _verbatim(parsed))

    def walker(self, page: str, fills: dict[str, tuple[_Text, Container]]):
        """walk(text, start, end, containers, facilitator): the blocks of lines start..end, in order."""

        def walk(
            text: _Text, start: int, end: int, containers: list[Container], facilitator: bool
        ) -> list[Block]:
            out: list[Block] = []
            line = start
            for container in containers:
                if container.open < start or container.open >= end:
                    continue
                out += self._segments(page, text, line, container.open, facilitator)
                out += self._container(page, text, container, facilitator, fills, walk)
                line = container.end if container.close is not None else end
            out += self._segments(page, text, line, end, facilitator)
            return out

        return walk

    def _segments(self, page: str, text: _Text, start: int, end: int, facilitator: bool) -> list[Block]:
        found = [
            (segment.line, self.block(page, segment.kind, text, segment, facilitator))
            for segment in text.segments
            if start <= segment.line < end
        ]
        found += [
            (line, self.verbatim(page, text, line, kind, content, facilitator))
            for line, kind, content in text.verbatim
            if start <= line < end
        ]
        return [block for _, block in sorted(found, key=lambda pair: pair[0])]

    def _container(
        self, page, text: _Text, container: Container, facilitator: bool, fills, walk
    ) -> list[Block]:
        name = container.name
        end = container.close if container.close is not None else len(text.parsed.lines)
        if name == "slot" and container.arg in fills:
            local, fill = fills[container.arg]
            title = self.labels.get("local_adaptation", region=self.region.name)
            where = Where(local.path, local.line_offset + fill.open + 1)
            head = self.generated(
                page, title, where, context=f"slot '{container.arg}'", facilitator=facilitator
            )
            fill_end = fill.close if fill.close is not None else len(local.parsed.lines)
            return [head, *walk(local, fill.open + 1, fill_end, fill.children, facilitator)]
        if name in ("slot", "fill"):
            return walk(text, container.open + 1, end, container.children, facilitator)
        if name in NOTE_CONTAINERS:
            title = container.attrs.get("title") or self.labels.get("facilitator_note")
            return self.admonition(page, text, container, title, True, fills)
        timing = None
        if name in ADMONITIONS:
            _, label, _ = ADMONITIONS[name]
            title = container.attrs.get("title") or self.labels.get(label)
            if name in TIMED and str(container.attrs.get("duration", "")).isdigit():
                minutes = int(container.attrs["duration"])
                when = l10n.minutes(minutes, self.locale)
                title = container.attrs.get("title") or self.labels.get(f"{label}_timed", duration=when)
                timing = Timing(name, minutes, Where(text.path, text.line_offset + container.open + 1))
        else:
            title = container.attrs.get("title") or name
        return self.admonition(page, text, container, title, facilitator, fills, timing)

    def admonition(
        self, page, text: _Text, container: Container, title: str, facilitator: bool, fills, timing=None
    ) -> list[Block]:
        where = Where(text.path, text.line_offset + container.open + 1)
        head = self.generated(
            page, title, where, context=f"{container.name} block", timing=timing, facilitator=facilitator
        )
        end = container.close if container.close is not None else len(text.parsed.lines)
        walk = self.walker(page, fills)
        note = container.name in NOTE_CONTAINERS
        self.note_depth += note
        try:
            blocks = [head, *walk(text, container.open + 1, end, container.children, facilitator)]
        finally:
            self.note_depth -= note
        if note and self.notes is not None and not self.note_depth:
            self.notes.append(blocks)  # a note inside a note is listed within it, as the composer does
        return blocks

    # -- home page ----------------------------------------------------------------------------------
