"""A heading's attribute list right after its text, `## Exercise (15 minutes){#exercise}`, read as
Pandoc (and so sandpaper) reads it, for Python-Markdown (the renderer MkDocs runs).

Python-Markdown's attr_list wants a space before the `{`: without one the heading showed
`{#exercise}` in its text and in the table of contents, and its id was made from both
(carpentries/lesson-development-training writes one so). Glocal's own reading (markdown-it,
`has_explicit_id`) already took it for the heading's id.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

#: An id or class list at the very end of a heading's text, with no space before it.
_GLUED = re.compile(r"(?<=\S)(\{[:\s]*[#.][^{}\n]*\})[ \t]*$")
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _Spaced(Treeprocessor):
    """Runs after inline Markdown is read and before attr_list (8) reads the heading's list."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag not in _HEADINGS:
                continue
            last = element[-1] if len(element) else None
            text = last.tail if last is not None else element.text
            if not text or "{" not in text:
                continue
            spaced = _GLUED.sub(r" \1", text)
            if last is not None:
                last.tail = spaced
            else:
                element.text = spaced


class HeadingAttributesExtension(Extension):
    def extendMarkdown(self, md: Any) -> None:  # noqa: N802 (Python-Markdown's API)
        md.treeprocessors.register(_Spaced(md), "glocal_heading_attributes", 9)


def makeExtension(**kwargs: Any) -> HeadingAttributesExtension:  # noqa: N802 (Python-Markdown's API)
    return HeadingAttributesExtension(**kwargs)
