"""Which of an overlay's fills are placed in its module's slots, and which a slot nested deep
in the module would indent past the bound of a page (GL124, `limits.MAX_NESTING_BYTES`).
The composer (`compose.pages`) and the check (`checks.slots`) ask the same questions here."""

from __future__ import annotations

from glocal.markdown.blocks import Container, ParsedText
from glocal.markdown.limits import MAX_NESTING_BYTES


def placed_fills(overlay: ParsedText) -> list[tuple[str, Container]]:
    """The fills of an overlay that are placed, in order: the first of each slot (GL212 reports
    the others), unless it is empty (a slot not written yet: its default is shown)."""
    seen: set[str] = set()
    placed: list[tuple[str, Container]] = []
    for container in overlay.containers:
        if container.name == "fill" and container.arg and container.arg not in seen:
            seen.add(container.arg)
            if not overlay.is_blank(container):
                placed.append((container.arg, container))
    return placed


def fills_past_bound(
    body: ParsedText, overlay: ParsedText, fills: list[tuple[str, Container]]
) -> dict[int, int]:
    """The fills of `overlay` (slot id and container, in the order they are placed) that the
    slots of `body` would indent past MAX_NESTING_BYTES with the rest of the page: the opening
    line of each → the bytes its slot would add.

    A fill's own nesting is counted in `overlay.nesting`, but its slot indents it again by four
    spaces a line for each container around the slot: in a slot nested 20 deep (under GL120's
    bound), each line of the fill is 80 bytes longer on the page, and an overlay of one-letter
    lines would make a page 40 times its size. A fill past the bound is not placed (its slot
    shows its default) and is GL124 (`checks.slots`)."""
    if body.flat:  # its containers, slots too, are shown as written: no fill is placed
        return {}
    depths: dict[str, int] = {}  # slot id → containers around it (summed, if placed twice: GL117)
    pending = [(container, 0) for container in body.containers]
    while pending:
        container, depth = pending.pop()
        if container.name == "slot" and container.arg:
            depths[container.arg] = depths.get(container.arg, 0) + depth
        pending.extend((child, depth + 1) for child in container.children)
    left = MAX_NESTING_BYTES - body.nesting - (0 if overlay.flat else overlay.nesting)
    refused: dict[int, int] = {}
    for slot, fill in fills:
        end = fill.close if fill.close is not None else len(overlay.lines)
        added = 4 * depths.get(slot, 0) * max(end - fill.open - 1, 0)
        if added > left:
            refused[fill.open] = added
        else:
            left -= added
    return refused
