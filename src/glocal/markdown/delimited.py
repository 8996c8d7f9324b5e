"""Delimited constructs of untrusted text (`{{ … }}`, `<!-- … -->`), found in linear time.

A regular expression such as `\\{\\{.*?\\}\\}` tries every opener and, when no closer follows, reads
to the end of the text from each: a translation of 50,000 `{{` (100 KB, in a catalog that may
hold 5 MiB) made `glocal check` take 141 s. These scanners find the same matches as `re.finditer`
of such an alternation (leftmost first, shortest, not overlapping), but once an opener has no
closer after it, no later opener of its kind can have one either: that kind is not looked for
again. Each character is read a bounded number of times.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

#: Jinja's tags, opener → closer: what `\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}` (re.S) finds.
TEMPLATE = {"{{": "}}", "{%": "%}", "{#": "#}"}
#: An HTML tag after its `<` (`<[A-Za-z/!?][^<>]*>`), a comment aside.
_TAG = re.compile(r"<[A-Za-z/!?][^<>]*>")


def spans(text: str, pairs: dict[str, str]) -> Iterator[tuple[int, int]]:
    """(start, end) of each `opener … closer` in `text`, as `re.finditer` of the alternation
    `opener.*?closer|…` (re.S, in `pairs`' order) finds them. Openers must differ in a way that
    at most one of them begins at any place (as Jinja's do)."""
    openers = re.compile("|".join(re.escape(opener) for opener in pairs))
    exhausted: set[str] = set()
    at = 0
    while len(exhausted) < len(pairs):
        found = openers.search(text, at)
        if found is None:
            return
        opener = found.group(0)
        if opener not in exhausted:
            closer = pairs[opener]
            end = text.find(closer, found.end())
            if end >= 0:
                yield found.start(), end + len(closer)
                at = end + len(closer)
                continue
            exhausted.add(opener)  # no closer after this one: none after a later one either
        at = found.start() + 1


def html_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each HTML comment or tag of `text`, as `re.finditer` of
    `<!--.*?-->|<[A-Za-z/!?][^<>]*>` (re.S) finds them."""
    comments = True
    at = 0
    while (start := text.find("<", at)) >= 0:
        if comments and text.startswith("<!--", start):
            end = text.find("-->", start + 4)
            if end >= 0:
                yield start, end + 3
                at = end + 3
                continue
            comments = False  # unclosed: no later comment is closed either
        tag = _TAG.match(text, start)  # reads up to the next `<` or `>`
        if tag is not None:
            yield tag.span()
            at = tag.end()
        else:
            at = start + 1


def blanked(text: str, found: Iterator[tuple[int, int]], by: str = " ") -> str:
    """`text` with each span of `found` replaced by `by` (as `pattern.sub(by, text)`)."""
    parts: list[str] = []
    at = 0
    for start, end in found:
        parts += [text[at:start], by]
        at = end
    parts.append(text[at:])
    return "".join(parts)
