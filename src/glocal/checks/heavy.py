"""Text from YAML files that becomes Markdown on a page (a region's notes, the programme's
description, a module's title, objectives and slot briefs, the certification rubric): each must
be light enough for MkDocs' renderer (GL124, `glocal.markdown.limits.heavy_reason`), as Markdown
files' blocks are (`checks.containers.fence_problems`)."""

from __future__ import annotations

from collections.abc import Iterator

from glocal.diagnostics import Diagnostic, Span
from glocal.markdown.limits import heavy_reason
from glocal.model import Project


def _problem(text: object, what: str, where: Span) -> Iterator[Diagnostic]:
    reason = heavy_reason(text) if isinstance(text, str) else None
    if reason:
        yield Diagnostic(
            "GL124",
            f"{what} too heavy to render: {reason}; the sites showing it are not built",
            where,
            hint="shorten it; long text belongs in a module or an overlay, split into paragraphs",
        )


def check(project: Project) -> Iterator[Diagnostic]:
    program = project.program
    if program is not None:
        yield from _problem(program.title, "the programme's title", Span(program.path))
        yield from _problem(program.description, "the programme's description", Span(program.path))
    for region in project.regions.values():
        yield from _problem(region.name, f"region '{region.id}' name", region.span("name"))
        yield from _problem(region.notes, f"region '{region.id}' notes", region.span("notes"))
    for module in list(project.modules.values()) + list(project.drafts.values()):
        yield from _problem(module.title, "the module's title", module.spans.get("title", module.id_span))
        where = module.spans.get("objectives", module.id_span)
        for objective in module.objectives:
            yield from _problem(objective, "a learning objective", where)
        for slot in module.slots.values():
            yield from _problem(slot.brief, f"slot '{slot.id}' brief", slot.span)
    certification = project.certification
    if certification is not None:  # the Train-the-Trainer certification page's rubric
        for competency in certification.competencies:
            yield from _problem(competency.name, f"competency '{competency.id}' name", competency.span)
        for criterion in certification.criteria:
            yield from _problem(criterion.name, f"criterion '{criterion.id}' name", criterion.span)
            for level, anchor in criterion.anchors.items():
                yield from _problem(anchor, f"criterion '{criterion.id}' level {level}", criterion.span)
        for level, label in certification.levels.items():
            yield from _problem(label, f"rubric level {level}", Span(certification.path))
