"""A list item that starts with a code block, `1. ```bash` (git-novice writes its steps so), for
Python-Markdown (the renderer MkDocs runs), and one whose marker stands alone on its line.

CommonMark and Pandoc read such an item as holding the code block; Python-Markdown needs text on
an item's first line, and showed the fence as inline code (`bash $ git commit …`, Glocal's own
`title="Output"` in view). The composed page (`dialect.squeeze`) gives such an item the first
line `[\u200b]{.glocal-item-start}` and the fence on the next lines, indented as the item's
content; this extension then removes that first paragraph, so the item holds the code alone.
A bare `1.` with its content on the next lines (`lists.for_python_markdown`) gets the same
placeholder after its marker: the extension removes it, and the text that follows it stays the
item's own.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

#: The class of the placeholder span a composed page starts such an item with.
START = "glocal-item-start"
#: Its Markdown: a bracketed span (`glocal.markdown.spans`) holding a zero-width space.
PLACEHOLDER = "[\u200b]{." + START + "}"


class _Started(Treeprocessor):
    """Runs after inline Markdown is read (the placeholder is a `<span>` by then)."""

    def run(self, root: etree.Element) -> None:
        for item in root.iter("li"):
            if (item.text or "").strip() or not len(item):
                continue
            holder = item  # the span is the item's first child, or its first paragraph's
            if item[0].tag == "p" and not (item[0].text or "").strip() and len(item[0]):
                holder = item[0]
            span = holder[0]
            if span.tag != "span" or span.get("class") != START or (span.text or "").strip("\u200b"):
                continue
            holder.text = (span.tail or "").lstrip()  # the item's text on the lines under its marker
            holder.remove(span)
            if holder is not item and not holder.text and not len(holder):  # the paragraph held it alone
                item.text = (item.text or "") + (holder.tail or "")
                item.remove(holder)


class ItemStartExtension(Extension):
    def extendMarkdown(self, md: Any) -> None:  # noqa: N802 (Python-Markdown's API)
        md.treeprocessors.register(_Started(md), "glocal_item_start", 7)


def makeExtension(**kwargs: Any) -> ItemStartExtension:  # noqa: N802 (Python-Markdown's API)
    return ItemStartExtension(**kwargs)
