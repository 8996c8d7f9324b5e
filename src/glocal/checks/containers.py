"""Fenced-div structure of modules and overlays: names, balance, attributes, slots and fills."""

from __future__ import annotations

from collections.abc import Iterator

from glocal.diagnostics import Diagnostic, Related, Severity, Span
from glocal.load.validation import did_you_mean
from glocal.markdown import blocks, limits
from glocal.markdown.blocks import Container, ParsedText
from glocal.model import KNOWN_CONTAINERS, NOTE_CONTAINERS, Module, Overlay, Project


def _span(path: str, offset: int, line: int, col: int = 0) -> Span:
    return Span(path, line + offset, col)


def fence_problems(parsed: ParsedText, path: str, offset: int, overlay: bool = False) -> Iterator[Diagnostic]:
    """Problems any Markdown file of the project can have: unknown, unclosed or stray fences. An
    unknown name is answered with the names the file may use: `fill` in an overlay, `slot`
    anywhere else (each is an error in the other kind of file)."""
    usable = KNOWN_CONTAINERS - ({"slot"} if overlay else {"fill"})
    for container in parsed.all_containers():
        where = _span(path, offset, container.open, container.col)
        if container.name and container.name not in KNOWN_CONTAINERS:
            yield Diagnostic(
                "GL108",
                f"unknown container '{container.name}': expected one of {', '.join(sorted(usable))}",
                where,
                hint=did_you_mean(container.name, usable) or "it is shown as a plain note",
            )
        if container.close is None:
            yield Diagnostic(
                "GL109",
                f"container '{container.name}' is never closed",
                where,
                hint="close it with a line of colons, ':::'",
            )
        if container.fence_error:
            yield Diagnostic("GL118", f"container '{container.name}': {container.fence_error}", where)
        if container.name == "activity":
            duration = container.attrs.get("duration")
            if duration is None:
                yield Diagnostic(
                    "GL118",
                    "activity expected a duration, e.g. '::: activity {duration=20}', but found none",
                    where,
                    severity=Severity.WARNING,
                )
            elif not str(duration).isdigit() or int(duration) <= 0:
                yield Diagnostic(
                    "GL118",
                    f"activity duration expected a whole number of minutes but found {duration!r}",
                    where,
                )
    for deep in parsed.too_deep[:1]:  # one is enough: the rest are the same mistake
        yield Diagnostic(
            "GL120",
            f"containers nested more than {limits.MAX_CONTAINER_DEPTH} deep: "
            f"this fence and {len(parsed.too_deep) - 1} more deeper ones are ignored",
            _span(path, offset, deep.line, deep.col),
            hint="close the containers before opening new ones",
        )
    for heavy in parsed.heavy[:1]:  # one is enough: MkDocs is not asked to render the page
        more = f" ({len(parsed.heavy) - 1} more such blocks below)" if len(parsed.heavy) > 1 else ""
        if heavy.whole:  # the text as a whole, not one of its blocks
            message, hint = "text too heavy to render", "split it into several texts, or nest less deep"
        else:
            message = "block too heavy to render"
            hint = "split it into paragraphs, or put code and long markup in a fenced code block"
        yield Diagnostic(
            "GL124",
            f"{message}: {heavy.reason}{more}; the sites showing it are not built",
            _span(path, offset, heavy.line),
            hint=hint,
        )
    for stray in parsed.stray:
        yield Diagnostic(
            "GL110",
            "closing fence ':::' with no open container",
            _span(path, offset, stray.line, stray.col),
            hint="remove it, or add the '::: name' line it was meant to close",
        )


def module_problems(module: Module, parsed: ParsedText) -> Iterator[Diagnostic]:
    offset = module.body_line
    placed: dict[str, Container] = {}
    activity_minutes = 0
    for container in parsed.all_containers():
        where = _span(module.path, offset, container.open, container.col)
        if container.name == "fill":
            yield Diagnostic(
                "GL117",
                "'fill' belongs in a region's overlay, not in a core module",
                where,
                hint="use '::: slot <id>' in the core and '::: fill <id>' in toolkits/regions/<region>/",
            )
        elif container.name == "slot":
            slot_id = container.arg
            if not slot_id:
                yield Diagnostic(
                    "GL117",
                    "slot container expected a slot id, e.g. '::: slot case-study', but found none",
                    where,
                )
            elif slot_id not in module.slots:
                yield Diagnostic(
                    "GL111",
                    f"slot '{slot_id}' is placed here but not declared under 'slots:' in the front matter",
                    where,
                    hint=did_you_mean(slot_id, module.slots)
                    or f"declare it: slots: {{{slot_id}: {{brief: ...}}}}",
                )
            elif slot_id in placed:
                yield Diagnostic(
                    "GL117",
                    f"slot '{slot_id}' is placed twice",
                    where,
                    related=(Related(_span(module.path, offset, placed[slot_id].open, placed[slot_id].col)),),
                )
            else:
                placed[slot_id] = container
        elif container.name == "activity" and str(container.attrs.get("duration", "")).isdigit():
            activity_minutes += int(container.attrs["duration"])
    for slot in module.slots.values():
        if slot.id not in placed:
            yield Diagnostic(
                "GL112",
                f"slot '{slot.id}' is declared but the body never places it",
                slot.span,
                hint=f"add '::: slot {slot.id}' with default content where it belongs",
            )
    if module.duration and activity_minutes > module.duration:
        yield Diagnostic(
            "GL119",
            f"activities last {activity_minutes} minutes, "
            f"longer than the module's duration of {module.duration}",
            module.spans.get("duration", module.id_span),
        )


def overlay_problems(overlay: Overlay, module: Module, parsed: ParsedText) -> Iterator[Diagnostic]:
    offset = overlay.body_line
    filled: dict[str, Container] = {}
    for container in parsed.containers:
        where = _span(overlay.path, offset, container.open, container.col)
        if container.name == "fill":
            slot_id = container.arg
            if not slot_id:
                yield Diagnostic(
                    "GL117",
                    "fill container expected a slot id, e.g. '::: fill case-study', but found none",
                    where,
                )
            elif slot_id not in module.slots:
                declared = ", ".join(module.slots) or "none"
                yield Diagnostic(
                    "GL208",
                    f"module '{module.id}' has no slot '{slot_id}': expected one of {declared}",
                    where,
                    hint=did_you_mean(slot_id, module.slots),
                )
            elif slot_id in filled:
                yield Diagnostic(
                    "GL212",
                    f"slot '{slot_id}' is filled twice; only the first is used",
                    where,
                    related=(
                        Related(_span(overlay.path, offset, filled[slot_id].open, filled[slot_id].col)),
                    ),
                )
            else:
                filled[slot_id] = container
        elif container.name not in NOTE_CONTAINERS:
            arg = f" {container.arg}" if container.arg else " <slot>"
            yield Diagnostic(
                "GL215",
                f"'{container.name}' block in an overlay is not shown: "
                "overlays hold '::: fill' and '::: facilitator' blocks",
                where,
                # `::: slot case-study` is the core's way of declaring it: the region fills it
                hint=f"did you mean '::: fill{arg}'?"
                if container.name == "slot"
                else "wrap regional content in '::: fill <slot>' or '::: facilitator'",
            )
    for token in parsed.top_level_blocks():
        if token.map is None:
            continue
        yield Diagnostic(
            "GL215",
            "text outside a '::: fill' or '::: facilitator' block is not shown",
            _span(overlay.path, offset, token.map[0]),
            hint="move it into a fill or a facilitator note",
        )


def check(project: Project) -> Iterator[Diagnostic]:
    for module in list(project.modules.values()) + list(project.drafts.values()):
        parsed = blocks.parse(module.body)
        yield from fence_problems(parsed, module.path, module.body_line)
        yield from module_problems(module, parsed)
    for overlay in list(project.overlays.values()) + list(project.orphan_overlays):
        parsed = blocks.parse(overlay.body)
        yield from fence_problems(parsed, overlay.path, overlay.body_line, overlay=True)
        adapted = project.modules.get(overlay.module_id)
        if adapted is not None:
            yield from overlay_problems(overlay, adapted, parsed)
    for page in project.pages.values():
        parsed = blocks.parse(page.body)
        yield from fence_problems(parsed, page.path, page.body_line)
        for container in parsed.all_containers():
            if container.name in ("slot", "fill"):
                yield Diagnostic(
                    "GL117",
                    f"'{container.name}' belongs in a module or an overlay: a page has no slots",
                    _span(page.path, page.body_line, container.open, container.col),
                    hint="move the text the regions adapt into a module's slot",
                )
