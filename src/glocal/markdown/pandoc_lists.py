"""Pandoc's ordered lists for Python-Markdown (the renderer MkDocs runs): lettered `a)`, `B.`,
Roman `ii.`, `1)` and `#.` markers, numbered from their first marker, and a new list where the
marker's style changes (a bullet list right after a numbered one), as Pandoc and so sandpaper
read them. lesson-development-training's quizzes (`a) 42`, `b) 32`) were one paragraph.

The list processors are `pymdownx.fancylists`' own; its `/// fancylists` block is not taken in
(no lesson writes it, and two of them nested stopped the whole page with a `ValueError`). Each
lettered or Roman list keeps the class the processors give it (`fancylists-lower-alpha`: PDFs
are styled by it, WeasyPrint reading no `type`); a numbered list is written as Python-Markdown
writes it, with neither `type="1"` nor a class.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from pymdownx.fancylists import FancyListTreeprocessor, FancyOListProcessor, FancyUListProcessor

#: `pymdownx.fancylists`' settings: every style, and the class that names it.
_CONFIG = {
    "additional_ordered_styles": ["roman", "alpha", "generic"],
    "inject_style": False,
    "inject_class": True,
}

#: The class the processors give a numbered list.
_DECIMAL = "fancylists-decimal"


class _Numbered(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for ordered in root.iter("ol"):
            if ordered.get("class") == _DECIMAL:
                del ordered.attrib["class"]
                if ordered.get("type") == "1":
                    del ordered.attrib["type"]


class PandocListsExtension(Extension):
    def extendMarkdown(self, md: Any) -> None:  # noqa: N802 (Python-Markdown's API)
        # the same names and places as Python-Markdown's own list processors, which they replace
        md.parser.blockprocessors.register(FancyOListProcessor(md.parser, _CONFIG), "olist", 40)
        md.parser.blockprocessors.register(FancyUListProcessor(md.parser, _CONFIG), "ulist", 30)
        md.treeprocessors.register(FancyListTreeprocessor(md), "olist-cleanup", 10)
        md.treeprocessors.register(_Numbered(md), "glocal_numbered", 6)


def makeExtension(**kwargs: Any) -> PandocListsExtension:  # noqa: N802 (Python-Markdown's API)
    return PandocListsExtension(**kwargs)
