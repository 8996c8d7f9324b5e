"""Slot coverage per region: required slots filled, optional ones noted, word budgets kept."""

from __future__ import annotations

from collections.abc import Iterator

from glocal.diagnostics import Diagnostic, Span
from glocal.markdown import blocks
from glocal.model import Project


def check(project: Project) -> Iterator[Diagnostic]:
    for region in project.regions.values():
        if region.core_only:
            continue
        for module in project.modules.values():
            overlay = project.overlay(region.id, module.id)
            fills = {}
            if overlay is not None:
                parsed = blocks.parse(overlay.body)
                for container in parsed.containers:
                    if container.name == "fill" and container.arg and container.arg not in fills:
                        fills[container.arg] = container
                        spec = module.slots.get(container.arg)
                        end = container.close if container.close is not None else len(parsed.lines)
                        words = parsed.words_between(container.open + 1, end)
                        if spec is not None and spec.max_words and words > spec.max_words:
                            yield Diagnostic(
                                "GL211",
                                f"fill for '{module.id}/{container.arg}' "
                                f"expected at most {spec.max_words} words but has {words}",
                                Span(overlay.path, container.open + overlay.body_line, container.col),
                                hint=f"cut {words - spec.max_words} words",
                            )
            where = Span(overlay.path, 0, 0) if overlay else region.span("id")
            fill_path = overlay.path if overlay else f"toolkits/regions/{region.id}/{module.id}.md"
            for slot in module.slots.values():
                if slot.id in fills:
                    continue
                if slot.required:
                    yield Diagnostic(
                        "GL209",
                        f"region '{region.id}' leaves the required slot '{module.id}/{slot.id}' unfilled",
                        where,
                        hint=f"add '::: fill {slot.id}' to {fill_path}: {slot.brief}",
                    )
                else:
                    yield Diagnostic(
                        "GL210",
                        f"region '{region.id}' leaves the optional slot '{module.id}/{slot.id}' unfilled: "
                        "the default is used",
                        where,
                    )
