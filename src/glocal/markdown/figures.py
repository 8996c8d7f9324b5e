"""Pandoc's figures with a caption, for Python-Markdown (the renderer MkDocs runs).

A Carpentries lesson writes a figure as an image alone in its paragraph, its caption in the
brackets and its description for screen readers in an attribute list:

    ![An "icebreaker." Photo: [Grand-Duc](https://…)](fig/ship.jpg){alt="An icebreaker ship"}

Pandoc (and so sandpaper) makes it a `<figure>` with the caption under the image. Python-Markdown
reads it as an image whose `alt` the attribute list replaces: the caption, often a photo credit
or a licence's attribution, was shown nowhere. This extension makes such a paragraph a
`<figure>` holding the image and a `<figcaption>` with the caption, read as Markdown (its links,
emphasis). Only when the image has both: a caption, and an `alt` of its own that differs from it.
An image without an `alt=` attribute keeps its brackets as its alt text, as before (nothing of it
is lost), so a project's existing images look the same.

An attribute list written over several lines (`{⏎alt="…"⏎width="67%"⏎}`, as Pandoc allows and
lessons write) is read as one line, in any image-only paragraph: attr_list reads one line, and
the braces and attributes were shown as text.

The attribute list of such a paragraph's image is given to the image by attr_list's own reading
once the image is made, not left after it for the inline patterns: an `alt` holding backticks,
`*stars*`, a link or braces (``{alt="The function `f`, {x}"}``, as lessons describe code) was read
as Markdown first, and the whole list was then shown as text beside an image with no alt of its
own.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.treeprocessors import Treeprocessor

#: A paragraph that is one image and its attribute list (possibly over several lines): its
#: brackets' text may hold brackets of its own, one level deep (a link in a caption).
FIGURE = re.compile(
    r"^!\[(?P<caption>(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]"
    r"(?P<target>\((?:[^()\s]|\([^()\s]*\))*(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'))?\))"
    r"(?P<attrs>[ \t]*\{(?:[^{}\"']|\"[^\"]*\"|'[^']*')*\})$"
)
#: An `alt` in an attribute list (`glocal.i18n.segment` reads the same).
ALT = re.compile(r"""(?<![\w-])alt=(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\s"'{}]+))""")
#: The longest paragraph looked at (an image and its attributes are far shorter).
MAX_LENGTH = 4000


def figure_parts(text: str) -> tuple[str, str, str, bool] | None:
    """(the image's Markdown, its attribute list on one line, its caption, whether it is a figure)
    for a paragraph that is an image with an attribute list; None for any other."""
    if len(text) > MAX_LENGTH or not text.startswith("![") or not text.endswith("}"):
        return None
    match = FIGURE.match(text)
    if match is None:
        return None
    attrs = " ".join(match.group("attrs").split())
    attrs = attrs.replace("{ ", "{", 1) if attrs.startswith("{ ") else attrs
    caption = match.group("caption")
    alt = ALT.search(attrs)
    figure = alt is not None and is_figure(caption, alt.group(alt.lastgroup or "bare"))
    return f"![{caption}]{match.group('target')}", attrs, caption, figure


def is_figure(caption: str, alt: str) -> bool:
    """Whether an image with this caption and this `alt=` is a figure: a caption that is not its
    alt text (what the page shows and what is extracted for translation both follow this)."""
    return bool(caption.strip()) and caption.strip() != alt.strip()


class _Figures(Treeprocessor):
    """Runs before inline Markdown is read (the paragraph is still its source text)."""

    def __init__(self, md: Any, pending: list[tuple[etree.Element, str]]) -> None:
        super().__init__(md)
        self.pending = pending  # (paragraph or figure, its image's attribute list) for _Attributes

    def run(self, root: etree.Element) -> None:
        found = [
            (parent, index, child)
            for parent in root.iter()
            for index, child in enumerate(parent)
            if child.tag == "p" and not len(child) and child.text and "![" in child.text
        ]
        for parent, index, child in found:
            parts = figure_parts(child.text.strip())  # type: ignore[union-attr]
            if parts is None:
                continue
            image, attrs, caption, figure = parts
            if not figure:
                child.text = image
                self.pending.append((child, attrs))
                continue
            made = etree.Element("figure")
            made.text = image
            etree.SubElement(made, "figcaption").text = caption
            made.tail = child.tail
            parent[index] = made
            self.pending.append((made, attrs))


class _Attributes(Treeprocessor):
    """Runs once inline Markdown is read: gives each image `_Figures` found its attribute list,
    read as attr_list reads one (a list that made no image, a target the inline patterns did not
    take, is put back as text, as written)."""

    def __init__(self, md: Any, pending: list[tuple[etree.Element, str]]) -> None:
        super().__init__(md)
        self.pending = pending
        self.reader = AttrListTreeprocessor(md)

    def run(self, root: etree.Element) -> None:
        for element, attrs in self.pending:
            image = element[0] if len(element) else None
            if image is not None and image.tag == "img" and not (element.text or "").strip():
                self.reader.assign_attrs(image, attrs[1:-1].strip().removeprefix(":").strip())  # `{: …}`
            elif len(element) and element[0].tag != "figcaption":
                element[0].tail = (element[0].tail or "") + attrs
            else:
                element.text = (element.text or "") + attrs
        self.pending.clear()


class FigureExtension(Extension):
    def extendMarkdown(self, md: Any) -> None:  # noqa: N802 (Python-Markdown's API)
        # before the inline processor (20) reads the image and the caption's Markdown, and so
        # before attr_list (8) gives the image its attributes
        # the attribute lists then, after the inline processor, before attr_list and toc
        pending: list[tuple[etree.Element, str]] = []
        md.treeprocessors.register(_Figures(md, pending), "glocal_figures", 25)
        md.treeprocessors.register(_Attributes(md, pending), "glocal_figure_attributes", 15)


def makeExtension(**kwargs: Any) -> FigureExtension:  # noqa: N802 (Python-Markdown's API)
    return FigureExtension(**kwargs)
