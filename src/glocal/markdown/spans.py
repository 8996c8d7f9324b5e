"""Pandoc's bracketed spans with an id or classes, `[absolute path]{#absolute-path}`, for
Python-Markdown (the renderer MkDocs runs): a `<span>` with that id and those classes, its text
read as Markdown. Carpentries glossaries give each term one so that episodes can link to it
(`../learners/reference.md#absolute-path`); without it the brackets and braces were shown and
the link led nowhere.

Only `#id` and `.class` are read (other attributes, `key=value`, leave the text as it is): an id
is a place to link to, and the sanitizer keeps nothing else of a span anyway.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension
from markdown.inlinepatterns import InlineProcessor

#: `[text]{#id .class}`: text without brackets or a line break, then only ids and classes, apart
#: from each other by spaces (as Pandoc writes them). A name may hold `.`, so without the spaces
#: `{.a.a.a…` could be split in 2^n ways: `.a` 22 times with no `}` took 0.4 s to refuse, and
#: each two more took four times as long; now 100,000 take 10 ms.
_NAME = r"[#.][A-Za-z][\w:.-]*"
SPAN = rf"\[([^\[\]\n]+)\]\{{[ \t]*({_NAME}(?:[ \t]+{_NAME})*)[ \t]*\}}"
_PART = re.compile(r"([#.])([A-Za-z][\w:.-]*)")


class _SpanProcessor(InlineProcessor):
    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, int, int]:  # noqa: N802 (its API)
        element = etree.Element("span")
        ids = [name for mark, name in _PART.findall(m.group(2)) if mark == "#"]
        classes = [name for mark, name in _PART.findall(m.group(2)) if mark == "."]
        if ids:
            element.set("id", ids[-1])  # as Pandoc: the last one
        if classes:
            element.set("class", " ".join(classes))
        element.text = m.group(1)
        return element, m.start(0), m.end(0)


class BracketedSpanExtension(Extension):
    def extendMarkdown(self, md: Any) -> None:  # noqa: N802 (Python-Markdown's API)
        # after code spans and escapes (190, 180), before links and references (170, 160), so a
        # span's text is read for emphasis and links after it
        md.inlinePatterns.register(_SpanProcessor(SPAN, md), "glocal_bracketed_span", 175)


def makeExtension(**kwargs: Any) -> BracketedSpanExtension:  # noqa: N802 (Python-Markdown's API)
    return BracketedSpanExtension(**kwargs)
