"""Segmentation: the translatable units of a Markdown text, with the exact source span of each.

One segment per heading, paragraph (in lists, blockquotes, containers and footnotes too), table
cell, and the alt text of a paragraph that is only an image (with or without an attribute list:
an `alt=` there is the one shown) or of a raw HTML `<img>` in a block of its own (knitr's plots).
The msgid is the segment's Markdown source with inline
markup kept. Code blocks, raw HTML blocks and fence lines are never segments. Each segment
knows, line by line, where its text sits, so a translation can replace it in place (see
apply.py) and everything around it stays byte for byte.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from glocal.markdown import figures
from glocal.markdown.blocks import ParsedText, parse

#: A paragraph that is one image, with or without an attribute list (`{: width=50% }`,
#: Pandoc's `{alt="..."}`): its alt texts are its messages, never its path or attributes.
IMAGE_ONLY = re.compile(r"^!\[(?P<alt>(?:[^\]\\]|\\.)*)\]\((?P<rest>[^)]*)\)(?P<attrs>[ \t]*\{[^{}\n]*\})?$")
#: An `alt` in an image's attribute list, which Python-Markdown's attr_list shows instead of `[...]`.
ATTR_ALT = figures.ALT
#: The alt text of a raw HTML image (`<img src="fig/x.png" alt="..." />`, as knitr shows a plot):
#: its value as written, quoted (a bare value is left alone). Each match stops at the tag's end.
HTML_ALT = re.compile(
    r"""<img\s[^<>]*?(?<=\s)alt\s*=\s*(?:"(?P<double>[^"<>]*)"|'(?P<single>[^'<>]*)')""", re.I
)
LETTER = re.compile(r"[^\W\d_]")
ONLY_URL = re.compile(
    r"^<?(?:[A-Za-z][A-Za-z0-9+.-]*:|www\.)\S+>?$"
)  # a bare URL or autolink is never a message


@dataclass(frozen=True)
class Piece:
    """Where one line of a segment sits: `lines[line][start:end]` is that line's text."""

    line: int
    start: int
    end: int


@dataclass(frozen=True)
class Segment:
    msgid: str
    kind: str  # heading, paragraph, cell, alt
    pieces: tuple[Piece, ...]
    context: str  # the container it sits in, for translators ("" at top level)

    @property
    def line(self) -> int:
        return self.pieces[0].line


def container_context(parsed: ParsedText, line: int) -> str:
    """What a translator (and `glocal explain`) is told of the container around `line`."""
    innermost = None
    for container in parsed.all_containers():
        end = container.close if container.close is not None else len(parsed.lines)
        if container.open < line < end:
            innermost = container
    if innermost is None:
        return ""
    described = {
        "slot": "slot default '{arg}'",
        "fill": "local adaptation for slot '{arg}'",
        "facilitator": "facilitator note",
        "instructor": "facilitator note",
        "activity": "activity",
    }.get(innermost.name, "{name} block")
    return described.format(arg=innermost.arg or "", name=innermost.name)


def _locate_lines(lines: list[str], first: int, content: str) -> tuple[Piece, ...] | None:
    """Find each line of `content` in the source lines starting at `first`."""
    pieces = []
    for offset, text in enumerate(content.split("\n")):
        number = first + offset
        if number >= len(lines):
            return None
        source = lines[number]
        start = _find_in_line(source, text)
        if start is None:
            return None
        pieces.append(Piece(number, start, start + len(text)))
    return tuple(pieces)


def _find_in_line(source: str, text: str) -> int | None:
    if not text:
        return None
    if source.endswith(text):
        return len(source) - len(text)
    stripped = source.rstrip()
    if stripped.endswith(text):
        return len(stripped) - len(text)
    # ATX headings with closing hashes, and other trailing markup: the last occurrence wins
    index = source.rfind(text)
    return index if index >= 0 else None


def _cells(lines: list[str], row: int, contents: list[str]) -> list[tuple[str, Piece] | None]:
    """Locate each cell's content in a table row, left to right."""
    if row >= len(lines):
        return [None] * len(contents)
    source = lines[row]
    position = 0
    found: list[tuple[str, Piece] | None] = []
    for content in contents:
        located = None
        for candidate in (content, content.replace("|", "\\|")):
            if not candidate:
                continue
            index = source.find(candidate, position)
            if index >= 0:
                located = (source[index : index + len(candidate)], Piece(row, index, index + len(candidate)))
                position = index + len(candidate)
                break
        found.append(located)
    return found


def segment(parsed: ParsedText) -> list[Segment]:
    """Every translatable segment of a parsed text, in source order."""
    lines = parsed.lines
    tokens = parsed.tokens
    result: list[Segment] = []
    row_cells: list[str] = []
    row_line: int | None = None

    def flush_row() -> None:
        nonlocal row_cells, row_line
        if row_line is not None:
            for located in _cells(lines, row_line, row_cells):
                if located and LETTER.search(located[0]):
                    result.append(
                        Segment(located[0], "cell", (located[1],), container_context(parsed, row_line))
                    )
        row_cells, row_line = [], None

    for index, token in enumerate(tokens):
        if token.type == "tr_open":
            flush_row()
            row_line = token.map[0] if token.map else None
            continue
        if token.type == "tr_close":
            flush_row()
            continue
        if token.type == "html_block" and token.map and "<img" in token.content.lower():
            result += _html_alts(parsed, token.map)
            continue
        if token.type != "inline" or not token.map:
            continue
        parent = tokens[index - 1].type if index else ""
        content = token.content
        if parent in ("th_open", "td_open"):
            row_cells.append(content)
            continue
        if parent not in ("heading_open", "paragraph_open", "dt_open") or not content.strip():
            continue
        if index > 1 and tokens[index - 2].type == "dd_open":  # a definition's lines, as a paragraph's:
            content = "\n".join(line.lstrip() for line in content.split("\n"))  # not indented
        first = token.map[0]
        texts = _image_texts(content.strip()) if content.lstrip().startswith("![") else None
        if texts is not None:
            pieces = _locate_lines(lines, first, content.strip())
            if pieces is None:
                continue
            for text, kind, offset in texts:
                if text.strip() and LETTER.search(text):
                    row = content.strip().count("\n", 0, offset)
                    start = pieces[row].start + offset - (content.strip().rfind("\n", 0, offset) + 1)
                    result.append(
                        Segment(
                            text,
                            kind,
                            (Piece(pieces[row].line, start, start + len(text)),),
                            container_context(parsed, first),
                        )
                    )
            continue
        if not LETTER.search(content) or ONLY_URL.match(content.strip()):
            continue
        pieces = _locate_lines(lines, first, content)
        if pieces is None:
            continue  # cannot be replaced in place: left in the source language, never corrupted
        kind = "heading" if parent == "heading_open" else "paragraph"
        result.append(Segment(content, kind, pieces, container_context(parsed, first)))
    flush_row()
    return result


def _html_alts(parsed: ParsedText, span: list[int]) -> list[Segment]:
    """The alt texts of the raw `<img>` tags in a block of HTML (its lines `span`): a plot's
    description, which a reader of another language needs as much as the page's text."""
    found = []
    for row in range(span[0], min(span[1], len(parsed.lines))):
        line = parsed.lines[row]
        if line.lstrip(" >").startswith("<!--"):
            continue  # a comment: shown to no one
        for match in HTML_ALT.finditer(line) if "<" in line else ():
            group = match.lastgroup or "double"
            alt = match.group(group)
            if alt.strip() and LETTER.search(alt):
                piece = Piece(row, match.start(group), match.end(group))
                found.append(Segment(alt, "alt", (piece,), container_context(parsed, span[0])))
    return found


def _image_texts(content: str) -> list[tuple[str, str, int]] | None:
    """(text, kind, offset in `content`) of each message of a paragraph that is only an image,
    None for any other paragraph: the alt text it shows (`_alt_texts`); and, when the image is
    a figure with a caption (`glocal.markdown.figures`: a caption and an `alt=` of its own), the
    caption, a `caption` message (Markdown: a credit's link, emphasis)."""
    image = IMAGE_ONLY.match(content) if "\n" not in content else None
    parts = figures.FIGURE.match(content)
    if parts is None or "\n" in parts.group("caption"):
        return None if image is None else [(text, "alt", offset) for text, offset in _alt_texts(image)]
    alt = ATTR_ALT.search(parts.group("attrs"))
    if alt is None:  # its brackets are its alt text (attributes over several lines: figures.py)
        return [(parts.group("caption"), "alt", parts.start("caption"))]
    group = alt.lastgroup or "bare"
    found = [(alt.group(group), "alt", parts.start("attrs") + alt.start(group))]
    if figures.is_figure(parts.group("caption"), alt.group(group)):
        found.insert(0, (parts.group("caption"), "caption", parts.start("caption")))
    return found


def _alt_texts(image: re.Match[str]) -> list[tuple[str, int]]:
    """(text, offset in the paragraph) of the alt text an image shows: an attribute list's `alt=`
    value (attr_list puts it in place of the `[...]` text, which is then never seen), else `[...]`."""
    alt = ATTR_ALT.search(image.group("attrs") or "")
    if alt:
        group = alt.lastgroup or "bare"
        return [(alt.group(group), image.start("attrs") + alt.start(group))]
    return [(image.group("alt"), image.start("alt"))]


def segment_text(text: str) -> list[Segment]:
    """The segments of a Markdown text (each text is parsed once per process: a module's body is
    segmented for every site and language, and for extraction, with the same result)."""
    return list(_segmented(text))


@functools.lru_cache(maxsize=8192)
def _segmented(text: str) -> tuple[Segment, ...]:
    return tuple(segment(parse(text)))
