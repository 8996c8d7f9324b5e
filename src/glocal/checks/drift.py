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
import re
from collections.abc import Iterator
from dataclasses import dataclass

from glocal.diagnostics import Diagnostic, Related, Span
from glocal.markdown import blocks
from glocal.model import CoreText, Module, Project, Reviewed

#: How many changed lines of each text a GL221 diagnostic shows.
DIFF_LINES = 6
#: How many changed lines of each text a GL221 message reads (it shows three changes and a count).
MESSAGE_DIFF_LINES = 200
_PARTS = (("brief", "brief"), ("default", "default text"), ("context", "section around the slot"))
#: How GL221 names each part ("the slot's section around the slot" said the slot twice).
_SUBJECT = {"brief": "slot's brief", "default text": "slot's default text"}


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
            f"the {_SUBJECT.get(label, label)} changed ({' '.join(_short(lines))})"
            for label, lines in changes(fill, MESSAGE_DIFF_LINES)
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


#: A changed line is shown word by word when at least this share of its words is unchanged.
WORD_DIFF_SIMILARITY = 0.5
#: The longest line compared word by word (longer ones are shown as they are, `-` and `+`).
MAX_WORD_DIFF = 5000
#: Unchanged words kept either side of a change in a word-by-word line; longer runs become `…`.
WORD_CONTEXT = 8


def word_diff(old: str, new: str, context: int = WORD_CONTEXT) -> str | None:
    """One line saying what changed between `old` and `new`, as `git diff --word-diff` marks it:
    `[-removed-]{+added+}` around words and punctuation, unchanged runs of more than twice
    `context` words shortened to `…`. None when the lines share too few words for that to read
    better than the two lines."""
    if len(old) > MAX_WORD_DIFF or len(new) > MAX_WORD_DIFF:
        return None  # difflib's matching grows faster than the text: a paragraph, not a book
    before, after = _TOKEN.findall(old.strip()), _TOKEN.findall(new.strip())
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    if not before or not after or matcher.ratio() < WORD_DIFF_SIMILARITY:
        return None
    parts: list[str] = []
    codes = matcher.get_opcodes()
    for number, (op, i1, i2, j1, j2) in enumerate(codes):
        removed, added = "".join(before[i1:i2]), "".join(after[j1:j2])
        if op == "equal":
            parts.append(
                _shortened(before[i1:i2], context if number else 0, context if number < len(codes) - 1 else 0)
            )
            continue
        space = removed[: len(removed) - len(removed.lstrip())] if removed and added else ""
        if space and added.startswith(space):  # `every [-week-]{+month+}`, the space outside
            parts.append(space)
            removed, added = removed[len(space) :], added[len(space) :]
        parts += [f"[-{removed}-]"] if removed else []
        parts += [f"{{+{added}+}}"] if added else []
    return "".join(parts)


#: A word or one other character, each with the spaces before it: what `word_diff` compares.
_TOKEN = re.compile(r"\s*(?:\w+|[^\w\s])")


def _shortened(tokens: list[str], head: int, tail: int) -> str:
    """Unchanged text keeping `head` words at its start and `tail` at its end, `…` between."""
    if len(tokens) <= head + tail + 4:  # shortening a few words would not help
        return "".join(tokens)
    start = "".join(tokens[:head]) + " …" if head else "…"
    return start + "".join(tokens[len(tokens) - tail :]) if tail else start


def readable(lines: list[str], context: int = WORD_CONTEXT) -> list[str]:
    """Diff lines (`diff`'s) with each removed line that was edited, not rewritten, shown with its
    new version as one `~` line of `word_diff` (`context` words around each change); the others
    as they are."""
    shown: list[str] = []
    index = 0
    while index < len(lines):
        removed = _run(lines, index, "-")
        added = _run(lines, index + len(removed), "+")
        if not removed:
            shown.append(lines[index])
            index += 1
            continue
        index += len(removed) + len(added)
        if len(removed) != len(added):
            shown += removed + added
            continue
        for old, new in zip(removed, added, strict=True):
            words = word_diff(old[1:], new[1:], context)
            shown += [old, new] if words is None else ["~" + words]
    return shown


def _run(lines: list[str], start: int, sign: str) -> list[str]:
    end = start
    while end < len(lines) and lines[end][:1] == sign:
        end += 1
    return lines[start:end]


def _short(lines: list[str], width: int = 60, limit: int = 3) -> list[str]:
    """Diff lines for a one-line message, at most `limit`: an edited line as `~"…"` with its
    changed words marked (three words around each); a removed or added one as `-"text"`,
    clipped to where the old and new lines differ."""
    # a blank line added or removed says nothing in one line of text
    lines = [line for line in readable(lines, context=3) if line[:1] not in "+-" or line[1:].strip()]
    changes = [index for index, line in enumerate(lines) if line[:1] in "+-~"]
    more = len(changes) - limit
    lines = [line for index, line in enumerate(lines) if line[:1] not in "+-~" or index in changes[:limit]]
    old = next((line[1:].strip() for line in lines if line[:1] == "-"), None)
    new = next((line[1:].strip() for line in lines if line[:1] == "+"), None)
    texts = [old or "", new or ""]
    common = len(os.path.commonprefix(texts)) if old is not None and new is not None else 0
    skip = common - 12 if common > 24 else 0  # a long shared start: show a little of it, then the change
    shown = []
    for line in lines:
        if line[:1] not in "+-~":
            shown.append(line)
            continue
        text = line[1:].strip()
        if line[0] == "~":
            shown.append(f'~"{text if len(text) <= 2 * width else text[: 2 * width - 1] + "…"}"')
            continue
        text = "…" + text[skip:] if skip and text.startswith(texts[0][:common]) else text
        shown.append(f'{line[0]}"{text if len(text) <= width else text[: width - 1] + "…"}"')
    if more > 0:
        shown.append(f"… {more} more change(s)")
    return shown
