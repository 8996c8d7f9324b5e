"""Where a text writes its link targets: the cursor that finds each one's line and column (for
diagnostics and for moving links in place), and the images of raw HTML (knitr's plots)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from html.parser import HTMLParser
from urllib.parse import unquote


class _Images(HTMLParser):
    """The `src` of each `<img>` in raw HTML, as knitr writes a plot (`<img src="fig/x.png" …/>`)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.found += [value for name, value in attrs if name == "src" and value]


def html_images(html: str) -> list[str]:
    """The images raw HTML in Markdown shows: checked and moved as a Markdown image's are (the
    sanitizer keeps `<img src>`, MkDocs leaves raw HTML as written). A text's `<` are bounded
    (MAX_RAW_OPENERS), so are its images."""
    images = _Images()
    images.feed(html)
    images.close()
    return images.found


#: The start of a link reference definition's line, up to its target: `[label]: ` or `[label]: <`.
DEFINITION = re.compile(r" {0,3}\[(?P<label>[^\]]+)\]:[ \t]*<?")
#: A bracketed text, which may name a reference link's label: `[text][label]`, `[label][]`, `[label]`.
LABEL = re.compile(r"\[([^\[\]\n]+)\]")


def reference_label(label: str) -> str:
    """A reference label as Markdown matches it: case and runs of spaces do not count."""
    return " ".join(label.casefold().split())


def needed_definitions(text: str, available: Mapping[str, str]) -> list[str]:
    """The labels of `available` (definitions found elsewhere: a lesson's links.md, the rest of a
    module) that `text` refers to and does not define itself, in the order it first uses them."""
    own = {reference_label(m["label"]) for line in text.split("\n") if (m := DEFINITION.match(line))}
    used = dict.fromkeys(reference_label(label) for label in LABEL.findall(text))
    return [label for label in used if label in available and label not in own]


class Cursor:
    """Finds link targets in a block's source, left to right, so repeated targets get their own place."""

    def __init__(self, lines: list[str], span: list[int], shared: dict) -> None:
        self.first = span[0]
        self.lines = lines
        self.shared = shared  # what the cursors of one text share: its reference definitions
        self.definitions: dict[str, tuple[int, int]] | None = shared.get("definitions")
        self.text = "\n".join(lines[span[0] : min(span[1], len(lines))])
        self.position = 0

    def find(self, target: str) -> tuple[int, int]:
        # from where the last target was found, then (an image inside a link, whose target comes
        # before the link's: `[![](fig/x.png)](data/x.csv)`) from the block's start
        for start in dict.fromkeys((self.position, 0)):
            for candidate in dict.fromkeys((target, unquote(target))):
                if not candidate:
                    continue
                for pattern in (
                    "](" + candidate,
                    "]: " + candidate,
                    "]:" + candidate,
                    "(" + candidate,
                    "<" + candidate,
                    'src="' + candidate,  # a raw <img>: its src, not an alt that names the file
                    "src='" + candidate,
                    candidate,
                ):
                    index = self.text.find(pattern, start)
                    if index >= 0:
                        index += len(pattern) - len(candidate)
                        if start == self.position:
                            self.position = index + len(candidate)
                        line = self.text.count("\n", 0, index)
                        col = index - (self.text.rfind("\n", 0, index) + 1)
                        return self.first + line, col
        return self.definition(target) or (self.first, 0)

    def definition(self, target: str) -> tuple[int, int] | None:
        """Where a reference link's target is written: its definition `[label]: target`, which
        may be anywhere in the text (a Carpentries lesson keeps them at the end)."""
        if self.definitions is None:  # the text's definitions, found once for all its blocks
            found: dict[str, tuple[int, int]] = {}
            for number, line in enumerate(self.lines):
                if "]:" in line and (match := DEFINITION.match(line)):
                    written = line[match.end() :].split(">")[0].split()
                    if written:
                        found.setdefault(written[0], (number, match.end()))
            self.definitions = self.shared["definitions"] = found
        for candidate in dict.fromkeys((target, unquote(target))):
            if candidate in self.definitions:
                return self.definitions[candidate]
        return None
