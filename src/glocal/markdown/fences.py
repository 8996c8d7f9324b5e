"""Pandoc's fenced divs: a fence line (`::: name arg {attrs}`, or colons alone to close) and the
markdown-it-py block rule that makes each one a `div_open` or `div_close` token (a leaf block,
so a `:::` inside a fenced code block is never a fence). `blocks` builds the container tree."""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.rules_block import StateBlock

FENCE_LINE = re.compile(r"^(?P<colons>:{3,})(?P<rest>.*?)$")
ATTR_PAIR = re.compile(r"""([A-Za-z_][\w-]*)\s*=\s*("[^"]*"|'[^']*'|[^\s}]+)|([.#][\w-]+)""")
#: A duration longer than this many digits is refused (GL118) rather than converted.
MAX_DURATION_DIGITS = 6
MINUTES = re.compile(rf"[0-9]{{1,{MAX_DURATION_DIGITS}}}")


@dataclass(frozen=True)
class Fence:
    colons: str
    name: str | None  # None for a closing fence
    arg: str | None
    attrs: dict
    error: str | None = None  # malformed attribute text


def parse_fence(line: str) -> Fence | None:
    """`::: activity {duration=20}` → Fence; a line that is not a fence → None."""
    match = FENCE_LINE.match(line.strip())
    if not match:
        return None
    rest = match.group("rest").strip().rstrip(":").strip()
    if not rest:
        return Fence(match.group("colons"), None, None, {})
    attrs: dict = {}
    error = None
    attr_text = None
    if "{" in rest:
        head, _, tail = rest.partition("{")
        if not tail.rstrip().endswith("}"):
            error = f"expected attributes in braces like {{duration=20}} but found '{{{tail}'"
            attr_text = None
        else:
            attr_text = tail.rstrip()[:-1]
        rest = head.strip()
    if attr_text is not None:
        leftover = ATTR_PAIR.sub("", attr_text).strip()
        if leftover:
            error = f"expected key=value attributes but found '{leftover}'"
        for key, value, cls in ATTR_PAIR.findall(attr_text):
            if cls:
                attrs.setdefault("classes", []).append(cls[1:]) if cls[0] == "." else attrs.__setitem__(
                    "id", cls[1:]
                )
            else:
                attrs[key] = value.strip("\"'")
    duration = attrs.get("duration")
    if duration is not None and duration.isdigit() and not MINUTES.fullmatch(duration):
        # `isdigit` passes '²' and 5,000-digit numbers, which `int()` refuses: never hand them on
        del attrs["duration"]
        error = f"duration expected a whole number of minutes (at most {MAX_DURATION_DIGITS} digits)"
    words = rest.split()
    name = None
    arg = None
    if words:
        name = words[0]
        arg = " ".join(words[1:]) or None
    elif attrs.get("classes"):  # Pandoc's `::: {.challenge}` form
        name = attrs["classes"][0]
    if name is None:  # `::: {#intro}`: an opener all the same, so the closer pairs with it
        return Fence(
            match.group("colons"),
            "",
            None,
            attrs,
            error="expected a container name before the attributes but found none",
        )
    return Fence(match.group("colons"), name, arg, attrs, error)


def fence_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    begin = state.bMarks[start] + state.tShift[start]
    line = state.src[begin : state.eMarks[start]]
    if not line.startswith(":::"):
        return False
    fence = parse_fence(line)
    if fence is None:
        return False
    if silent:
        return True
    token = state.push("div_close" if fence.name is None else "div_open", "div", 0)
    token.map = [start, start + 1]
    token.markup = fence.colons
    token.meta = {"fence": fence, "col": begin - (state.src.rfind("\n", 0, begin) + 1)}
    state.line = start + 1
    return True
