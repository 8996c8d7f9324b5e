"""Slot coverage per region: required slots filled, optional ones noted, word budgets kept.

A `::: fill` block with nothing in it is a slot not written yet (a new region's overlay stubs
hold one per slot): it is reported at its own line, an error for a required slot and a warning
for an optional one, whose default is shown meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterator

from glocal.diagnostics import Diagnostic, Span
from glocal.markdown import blocks
from glocal.markdown.fills import fills_past_bound
from glocal.markdown.limits import MAX_NESTING_BYTES
from glocal.model import Module, Overlay, Project, SlotSpec


def check(project: Project) -> Iterator[Diagnostic]:
    for region in project.regions.values():
        if region.core_only:
            continue
        for module in project.modules.values():
            overlay = project.overlay(region.id, module.id)
            fills: dict[str, blocks.Container] = {}
            empty: dict[str, Span] = {}  # slot id -> where its empty fill block opens
            if overlay is not None:
                parsed = blocks.parse(overlay.body)
                fills, empty = read_fills(overlay, parsed)
                for slot_id, container in fills.items():
                    at = Span(overlay.path, container.open + overlay.body_line, container.col)
                    spec = module.slots.get(slot_id)
                    end = container.close if container.close is not None else len(parsed.lines)
                    words = parsed.words_between(container.open + 1, end)
                    if spec is not None and spec.max_words and words > spec.max_words:
                        yield Diagnostic(
                            "GL211",
                            f"fill for '{module.id}/{slot_id}' "
                            f"expected at most {spec.max_words} words but has {words}",
                            at,
                            hint=f"cut {words - spec.max_words} words",
                        )
                yield from _past_bound(module, overlay.path, overlay.body_line, parsed, fills)
                if parsed.unread:
                    continue  # its fills were not read: GL124 says why, not a missing slot per fill
            where = Span(overlay.path, 0, 0) if overlay else region.span("id")
            fill_path = overlay.path if overlay else f"toolkits/regions/{region.id}/{module.id}.md"
            for slot in module.slots.values():
                if slot.id in fills:
                    continue
                if slot.id in empty:
                    yield _unwritten(region.id, module.id, slot, empty[slot.id])
                elif slot.required:
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


def _past_bound(
    module: Module, path: str, offset: int, parsed: blocks.ParsedText, fills: dict[str, blocks.Container]
) -> Iterator[Diagnostic]:
    """Fills that their slots, nested deep in the module, would indent past the bound on a page
    (`markdown.fills`): each is GL124, and its slot shows the default."""
    refused = fills_past_bound(blocks.parse(module.body), parsed, list(fills.items()))
    for fill in fills.values():
        added = refused.get(fill.open)
        if added is None:
            continue
        yield Diagnostic(
            "GL124",
            f"fill too heavy to render: its slot in '{module.id}' is nested so deep that it would indent "
            f"the fill by {added:,} bytes on a page (at most {MAX_NESTING_BYTES:,} for the whole page); "
            "the sites showing it are not built",
            Span(path, fill.open + offset, fill.col),
            hint="place the slot less deep in the module, or shorten the fill",
        )


def read_fills(
    overlay: Overlay, parsed: blocks.ParsedText | None = None
) -> tuple[dict[str, blocks.Container], dict[str, Span]]:
    """The overlay's written fills by slot id, and where each empty `::: fill` block opens (a slot
    not written yet: a new region's stubs hold one per slot). The first fill of a slot is the
    one used (GL212 reports the others)."""
    parsed = blocks.parse(overlay.body) if parsed is None else parsed
    fills: dict[str, blocks.Container] = {}
    empty: dict[str, Span] = {}
    for container in parsed.containers:
        if container.name != "fill" or not container.arg or container.arg in fills | empty:
            continue
        if parsed.is_blank(container):
            empty[container.arg] = Span(overlay.path, container.open + overlay.body_line, container.col)
        else:
            fills[container.arg] = container
    return fills, empty


def _unwritten(region: str, module: str, slot: SlotSpec, at: Span) -> Diagnostic:
    """A slot whose fill block is still empty: what to write, and how much."""
    budget = f"at most {slot.max_words} words" if slot.max_words else "no word limit"
    if slot.required:
        return Diagnostic(
            "GL209",
            f"region '{region}' leaves the required slot '{module}/{slot.id}' unfilled: "
            "its fill block is empty",
            at,
            hint=f"write it ({budget}): {slot.brief}",
        )
    return Diagnostic(
        "GL220",
        f"region '{region}' has not written the optional slot '{module}/{slot.id}': its fill block is empty, "
        "so the default is shown",
        at,
        hint=f"write it ({budget}), or delete the empty block to keep the default: {slot.brief}",
    )
