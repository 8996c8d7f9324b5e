"""Overlay drift: a regional fill whose core slot changed since the region reviewed it (GL221).

What a fill adapts is its core slot's brief, its default text and the module section the slot
sits in (from the module heading above it to the next one, other slots' defaults left out, so that
editing one slot does not flag the fills of another). A region's `adapted.lock.yml` keeps, per
fill, the fingerprint of those texts when the region last reviewed it. A fill with no entry is
not yet tracked (written before the lock existed, or since the last build): it is not flagged;
`glocal build` and `glocal adapt accept` record it against the current core.
"""

from __future__ import annotations

import difflib
import functools
import os
from collections.abc import Iterator
from dataclasses import dataclass

from glocal.diagnostics import Diagnostic, Related, Span
from glocal.markdown import blocks
from glocal.model import CoreText, Module, Project, Reviewed

#: How many changed lines of each text a GL221 diagnostic shows.
DIFF_LINES = 6
_PARTS = (("brief", "brief"), ("default", "default text"), ("context", "section around the slot"))


@dataclass(frozen=True)
class Fill:
    """One written fill of a region and what it adapts now."""

    region: str
    module: str
    slot: str
    span: Span  # the `::: fill` line
    core: CoreText
    core_span: Span  # the core module's `::: slot` line
    reviewed: Reviewed | None
    words: int = 0  # the fill's words, counted as the slot's `max_words` counts them (GL211)

    @property
    def state(self) -> str:
        """`untracked` (no lock entry), `stale` (the core changed since) or `current`."""
        if self.reviewed is None:
            return "untracked"
        return "current" if self.reviewed.fingerprint == self.core.fingerprint() else "stale"


def core_text(module: Module, slot: str) -> tuple[CoreText, Span] | None:
    """The brief, default and section of `slot` in `module` (None when the body never places it)."""
    spec = module.slots.get(slot)
    if spec is None:
        return None
    return _core_text(module.body, module.body_line, module.path, slot, spec.brief)


@functools.lru_cache(maxsize=8192)  # every region's fills of a slot adapt the same core text
def _core_text(body: str, body_line: int, path: str, slot: str, brief: str) -> tuple[CoreText, Span] | None:
    parsed = blocks.parse(body)
    placed = [c for c in parsed.all_containers() if c.name == "slot" and c.arg == slot]
    if not placed:
        return None
    container = placed[0]
    end = container.close if container.close is not None else len(parsed.lines)
    default = _normalise(parsed.lines[container.open + 1 : end])
    # The module's own headings, not those inside an activity, a note or a default.
    inside = {
        n
        for c in parsed.containers
        for n in range(c.open, c.close if c.close is not None else len(parsed.lines))
    }
    headings = sorted(
        t.map[0] for t in parsed.tokens if t.type == "heading_open" and t.map and t.map[0] not in inside
    )
    start = max([line for line in headings if line <= container.open], default=0)
    stop = min([line for line in headings if line > end], default=len(parsed.lines))
    slots = [c for c in parsed.all_containers() if c.name == "slot"]
    context: list[str] = []
    line = start
    while line < stop:
        other = next((c for c in slots if c.open == line), None)
        if other is not None:  # another slot's default (or this one's) is not this slot's context
            context.append(parsed.lines[line].rstrip())
            line = other.end if other.close is not None else stop
            continue
        context.append(parsed.lines[line])
        line += 1
    span = Span(path, container.open + body_line, container.col)
    return CoreText(brief.strip(), default, _normalise(context)), span


def _normalise(lines: list[str]) -> str:
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def fills(project: Project, region_id: str) -> list[Fill]:
    """Every written fill of the region, in module order, with its lock entry if any."""
    found: list[Fill] = []
    lock = project.adapted.get(region_id, {})
    for module in project.modules.values():
        overlay = project.overlay(region_id, module.id)
        if overlay is None:
            continue
        parsed = blocks.parse(overlay.body)
        seen: set[str] = set()
        for container in parsed.containers:
            if container.name != "fill" or not container.arg or container.arg in seen:
                continue  # the first fill of a slot is the one used
            seen.add(container.arg)
            if parsed.is_blank(container):
                continue
            core = core_text(module, container.arg)
            if core is None:
                continue  # a slot the module does not declare or place: GL208 / GL112
            at = Span(overlay.path, container.open + overlay.body_line, container.col)
            reviewed = lock.get((module.id, container.arg))
            end = container.close if container.close is not None else len(parsed.lines)
            words = parsed.words_between(container.open + 1, end)
            found.append(Fill(region_id, module.id, container.arg, at, core[0], core[1], reviewed, words))
    return found


def check(project: Project) -> Iterator[Diagnostic]:
    """GL221 at every fill whose core text changed since its region reviewed it."""
    for region in project.regions.values():
        if region.core_only:
            continue
        for fill in fills(project, region.id):
            if fill.state == "stale":
                yield stale(fill)


def stale(fill: Fill) -> Diagnostic:
    """The GL221 warning for one stale fill, with a one-line diff of what changed in the core."""
    return Diagnostic(
        "GL221",
        f"region '{fill.region}' adapted '{fill.module}/{fill.slot}' from an older core: "
        + "; ".join(
            f"the slot's {label} changed ({' '.join(_short(lines))})" for label, lines in changes(fill)
        ),
        fill.span,
        hint=f"review the fill, then run: glocal adapt accept {fill.region} {fill.module}:{fill.slot}",
        related=(Related(fill.core_span, "core slot"),),
    )


def changes(fill: Fill, limit: int = 3) -> list[tuple[str, list[str]]]:
    """Per changed text (brief, default text, section), up to `limit` diff lines: `-` reviewed, `+` now."""
    assert fill.reviewed is not None
    old, new = fill.reviewed.text, fill.core
    found = []
    for name, label in _PARTS:
        if getattr(old, name) != getattr(new, name):
            found.append((label, diff(getattr(old, name), getattr(new, name), limit)))
    return found or [("fingerprint", [])]


def diff(old: str, new: str, limit: int = DIFF_LINES) -> list[str]:
    """The changed lines of a unified diff (`-` reviewed, `+` now), at most `limit` and a count."""
    lines = [
        line
        for line in difflib.unified_diff(old.split("\n"), new.split("\n"), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("---", "+++"))
    ]
    shown = lines[:limit]
    if len(lines) > limit:
        shown.append(f"… {len(lines) - limit} more changed line(s)")
    return shown


def _short(lines: list[str], width: int = 60) -> list[str]:
    """Diff lines for a one-line message, `-"text"`, clipped to where the old and new lines differ."""
    old = next((line[1:].strip() for line in lines if line[:1] == "-"), None)
    new = next((line[1:].strip() for line in lines if line[:1] == "+"), None)
    texts = [old or "", new or ""]
    common = len(os.path.commonprefix(texts)) if old is not None and new is not None else 0
    skip = common - 12 if common > 24 else 0  # a long shared start: show a little of it, then the change
    shown = []
    for line in lines:
        if line[:1] not in "+-":
            shown.append(line)
            continue
        text = line[1:].strip()
        text = "…" + text[skip:] if skip and text.startswith(texts[0][:common]) else text
        shown.append(f'{line[0]}"{text if len(text) <= width else text[: width - 1] + "…"}"')
    return shown
