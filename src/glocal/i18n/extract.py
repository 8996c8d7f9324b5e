"""Which files are translated into which languages, and their messages in source order."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from glocal.diagnostics import Span
from glocal.i18n import svg
from glocal.i18n.catalog import TemplateEntry
from glocal.i18n.segment import Segment, segment_text
from glocal.load.files import split_front_matter
from glocal.load.yamlfile import YamlDoc, parse_yaml
from glocal.model import Project

LOCALES_DIR = "locales"


@dataclass(frozen=True)
class Source:
    """A translatable source file and the languages it must be translated into."""

    path: str
    source_language: str
    languages: tuple[str, ...]
    entries: tuple[TemplateEntry, ...]

    @property
    def template_path(self) -> str:
        return template_path(self.path)

    def catalog_path(self, language: str) -> str:
        return catalog_path(self.path, language)


def template_path(source: str) -> str:
    return f"{LOCALES_DIR}/templates/{PurePosixPath(source).with_suffix('.pot')}"


@functools.lru_cache(maxsize=65_536)  # asked 40,000 times for 10,000 catalogs in a check at scale
def catalog_path(source: str, language: str) -> str:
    return f"{LOCALES_DIR}/{language}/{PurePosixPath(source).with_suffix('.po')}"


class _Collector:
    """Entries in first-seen order; a repeated msgid gains a reference instead of a new entry."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.order: list[str] = []
        self.refs: dict[str, list[tuple[str, int]]] = {}
        self.comments: dict[str, list[str]] = {}

    def add(self, msgid: str, line: int, comment: str) -> None:
        if not msgid.strip():
            return
        if msgid not in self.refs:
            self.order.append(msgid)
            self.refs[msgid] = []
            self.comments[msgid] = []
        self.refs[msgid].append((self.path, line + 1))
        if comment and comment not in self.comments[msgid]:
            self.comments[msgid].append(comment)

    def entries(self) -> tuple[TemplateEntry, ...]:
        return tuple(TemplateEntry(m, tuple(self.refs[m]), "; ".join(self.comments[m])) for m in self.order)


def _yaml(text: str, path: str, line_offset: int = 0) -> YamlDoc | None:
    doc, _ = parse_yaml(text, path, "GL101", line_offset)
    return doc if doc is not None and isinstance(doc.data, dict) else None


def _line(span: Span) -> int:
    """The line of a span YamlDoc gave, which always has one."""
    assert span.line is not None
    return span.line


def front_matter_messages(doc: YamlDoc, what: str = "module") -> list[tuple[str, int, str]]:
    """(msgid, 0-based line, comment) for title, objectives and slot briefs (of a `what`)."""
    data = doc.data
    found: list[tuple[str, int, str]] = []
    if isinstance(data.get("title"), str):
        found.append((data["title"], _line(doc.value_span(data, "title")), f"{what} title"))
    objectives = data.get("objectives")
    if isinstance(objectives, list):
        for index, objective in enumerate(objectives):
            if isinstance(objective, str):
                found.append((objective, _line(doc.item_span(objectives, index)), "learning objective"))
    slots = data.get("slots")
    if isinstance(slots, dict):
        for slot_id, spec in slots.items():
            if isinstance(spec, dict) and isinstance(spec.get("brief"), str):
                found.append(
                    (
                        spec["brief"],
                        _line(doc.value_span(spec, "brief")),
                        f"brief for slot '{slot_id}' (for regional authors)",
                    )
                )
    return found


def _body_messages(collector: _Collector, body: str, body_line: int) -> list[Segment]:
    segments = segment_text(body)
    for segment in segments:
        collector.add(segment.msgid, segment.line + body_line, segment.context)
    return segments


def markdown_source(root: Path, path: str, with_front_matter: bool, what: str = "module") -> _Collector:
    text = (root / path).read_text(encoding="utf-8").replace("\r\n", "\n")
    collector = _Collector(path)
    front, _ = split_front_matter(text)
    if with_front_matter and front.yaml is not None:
        doc = _yaml(front.yaml, path, front.yaml_line)
        if doc is not None:
            for msgid, line, comment in front_matter_messages(doc, what):
                collector.add(msgid, line, comment)
    _body_messages(collector, front.body, front.body_line)
    return collector


def yaml_source(root: Path, path: str, keys: dict[str, str], vars_key: str | None = None) -> _Collector:
    collector = _Collector(path)
    doc = _yaml((root / path).read_text(encoding="utf-8"), path)
    if doc is None:
        return collector
    for key, comment in keys.items():
        value = doc.data.get(key)
        if isinstance(value, str):
            collector.add(value, _line(doc.value_span(doc.data, key)), comment)
    values = doc.data.get(vars_key) if vars_key else None
    if isinstance(values, dict):
        for name, value in values.items():
            if isinstance(value, str):
                collector.add(value, _line(doc.value_span(values, name)), f"value of {{{{ vars.{name} }}}}")
    return collector


def svg_source(root: Path, path: str) -> _Collector:
    """The text of an SVG diagram (none when it is refused: GL334 says why)."""
    collector = _Collector(path)
    try:
        data = svg.read(root, path)
    except OSError:
        return collector
    for msgid, line, comment in svg.messages(data):
        collector.add(msgid, line, comment)
    return collector


def certification_source(project: Project) -> _Collector:
    """Competency and criterion names, level names and anchors of certification.yml."""
    certification = project.certification
    assert certification is not None  # only called for a project that has a certification
    collector = _Collector(certification.path)
    for competency in certification.competencies:
        collector.add(competency.name, competency.span.line or 0, f"competency '{competency.id}'")
    for level, name in sorted(certification.levels.items()):
        collector.add(name, 0, f"rubric level {level}")
    for criterion in certification.criteria:
        collector.add(criterion.name, criterion.span.line or 0, f"rubric criterion '{criterion.id}'")
        for level, anchor in sorted(criterion.anchors.items()):
            collector.add(
                anchor, criterion.span.line or 0, f"anchor for level {level} of criterion '{criterion.id}'"
            )
    return collector


def core_languages(project: Project) -> tuple[str, ...]:
    """Every site language other than the program's source language."""
    assert project.program is not None  # only called for a project whose program was loaded
    source = project.program.source_language
    languages = []
    for region in project.regions.values():
        for language in region.languages:
            if language != source and language not in languages:
                languages.append(language)
    return tuple(languages)


def sources(project: Project) -> list[Source]:
    """Every translatable file of the project with its messages (only files that need translating)."""
    program = project.program
    assert program is not None  # only called for a project whose program was loaded
    root = project.root
    result: list[Source] = []
    core = core_languages(project)
    if core:
        collector = yaml_source(
            root, program.path, {"title": "program title", "description": "program description"}
        )
        result.append(Source(program.path, program.source_language, core, collector.entries()))
        if project.mkdocs_path is not None:  # the sites' footer, `copyright:` in mkdocs.yml
            footer = yaml_source(
                root, project.mkdocs_path, {"copyright": "site footer (mkdocs.yml copyright)"}
            )
            if footer.order:
                result.append(Source(project.mkdocs_path, program.source_language, core, footer.entries()))
        for module in project.modules.values():
            result.append(
                Source(
                    module.path,
                    program.source_language,
                    core,
                    markdown_source(root, module.path, True).entries(),
                )
            )
        for module_id in project.modules:
            guide = project.guides.get(module_id)
            if guide is not None:
                result.append(
                    Source(
                        guide.path,
                        program.source_language,
                        core,
                        markdown_source(root, guide.path, False).entries(),
                    )
                )
        for page in project.pages.values():  # its title (front matter) and body
            entries = markdown_source(root, page.path, True, "page").entries()
            result.append(Source(page.path, program.source_language, core, entries))
        if project.certification is not None:
            result.append(
                Source(
                    project.certification.path,
                    program.source_language,
                    core,
                    certification_source(project).entries(),
                )
            )
        for path in svg.diagrams(root):  # localized diagrams (issue 12, item 9)
            entries = svg_source(root, path).entries()
            if entries:
                result.append(Source(path, program.source_language, core, entries))
    for region in project.regions.values():
        languages = tuple(language for language in region.languages if language != region.source_language)
        if not languages or not (root / region.path).is_file():
            continue
        collector = yaml_source(
            root,
            region.path,
            {"name": "region display name", "notes": "delivery notes for the region"},
            "vars",
        )
        result.append(Source(region.path, region.source_language, languages, collector.entries()))
        for (region_id, _), overlay in project.overlays.items():
            if region_id == region.id:
                result.append(
                    Source(
                        overlay.path,
                        region.source_language,
                        languages,
                        markdown_source(root, overlay.path, False).entries(),
                    )
                )
    return result
