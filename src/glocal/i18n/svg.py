"""Localized diagrams: the text of an SVG (`<text>`, `<tspan>`, `<textPath>`, `<title>`, `<desc>`)
as catalog messages, and the SVG written in a site's language.

The SVG is read with expat, never expanded: a DOCTYPE with an internal subset (where entities
are declared), an entity declaration, or a reference to an entity XML does not predefine is
refused (GL334), as is a file over `MAX_BYTES`. No external entity or DTD is ever fetched.

A translated SVG is the source's bytes with only the translated text replaced (by byte offsets
from the parser, nothing re-serialised), `xml:lang` (and `direction="rtl"` for a right-to-left
language) on the root element, and each label left in the source language marked
`class="glocal-fallback"` (or `data-glocal-fallback` when it has a class) with its own
`xml:lang`: the drawing stays whole.

A `<text>` whose lines are `<tspan>`s (and no text of its own) is one message, one line per
tspan: the translator sees "Trust and\\ntransparency" and may break the lines elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from glocal import l10n
from glocal.diagnostics import Diagnostic, Span
from glocal.fsutil import inside, read_at_most

MAX_BYTES = 1024 * 1024
CODE = "GL334"
TEXT_ELEMENTS = {"text", "tspan", "textPath", "title", "desc"}
COMMENTS = {"title": "diagram title", "desc": "diagram description"}
FALLBACK_CLASS = "glocal-fallback"


@dataclass
class _Run:
    """Character data directly inside an element, between its children: [start, end) in bytes."""

    start: int
    line: int
    text: str = ""
    end: int = -1
    cdata: bool = False


@dataclass
class _Node:
    name: str  # as written, maybe with a prefix
    start: int  # the byte offset of its `<`
    attrs: dict[str, str]
    parent: _Node | None
    runs: list[_Run] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)

    @property
    def local(self) -> str:
        return self.name.rsplit(":", 1)[-1]


@dataclass(frozen=True)
class Unit:
    """One message: its text, where its pieces sit, and the element marked when it falls back."""

    msgid: str
    line: int  # 1-based
    comment: str
    pieces: tuple[_Run, ...]
    owner: _Node
    lines: bool  # one piece per line of msgid


@dataclass
class Parsed:
    units: list[Unit]
    root: _Node | None
    encoding: str


class Refused(Exception):
    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def _collapse(text: str) -> str:
    return " ".join(text.split())


def parse(data: bytes) -> Parsed:
    """The messages of an SVG; raises Refused for what is not read (see the module's docstring)."""
    if len(data) > MAX_BYTES:
        raise Refused(f"larger than {MAX_BYTES // 1024} KB: its text is not read for translation")
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    state: dict = {"root": None, "encoding": "utf-8"}
    stack: list[_Node] = []
    nodes: list[_Node] = []

    def where() -> tuple[int, int]:
        return parser.CurrentLineNumber, parser.CurrentColumnNumber + 1

    def refuse(message: str) -> None:
        raise Refused(message, *where())

    def close_run() -> None:
        if stack and stack[-1].runs and stack[-1].runs[-1].end < 0:
            stack[-1].runs[-1].end = parser.CurrentByteIndex

    def xml_decl(version, encoding, standalone) -> None:
        state["encoding"] = (encoding or "utf-8").lower()

    def doctype(name, system_id, public_id, has_internal_subset) -> None:
        if has_internal_subset:
            refuse("a DOCTYPE with an internal subset (where entities are declared) is not read")

    def entity(*_args) -> None:
        refuse("declares an entity: entities are never expanded")

    def skipped(name, is_parameter_entity) -> None:
        refuse(f"refers to the entity &{name}; which is never expanded")

    def external(*_args) -> int:
        refuse("refers to an external entity, which is never fetched")
        return 0

    def start(name: str, attrs: dict[str, str]) -> None:
        close_run()
        node = _Node(name, parser.CurrentByteIndex, attrs, stack[-1] if stack else None)
        if stack:
            stack[-1].children.append(node)
        else:
            state["root"] = node
        stack.append(node)
        nodes.append(node)

    def end(name: str) -> None:
        close_run()
        stack.pop()

    def text(data: str) -> None:
        if not stack or stack[-1].local not in TEXT_ELEMENTS:
            return
        runs = stack[-1].runs
        if not runs or runs[-1].end >= 0:
            runs.append(_Run(parser.CurrentByteIndex, parser.CurrentLineNumber))
        runs[-1].text += data

    def cdata() -> None:
        text("")
        if stack and stack[-1].runs:
            stack[-1].runs[-1].cdata = True

    parser.XmlDeclHandler = xml_decl
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.SkippedEntityHandler = skipped
    parser.ExternalEntityRefHandler = external
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartCdataSectionHandler = cdata
    parser.CommentHandler = lambda _data: close_run()
    parser.ProcessingInstructionHandler = lambda _target, _data: close_run()
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        message = f"not well-formed XML: {expat.ErrorString(error.code)}"
        raise Refused(message, error.lineno, error.offset + 1) from None
    root = state["root"]
    if root is None or root.local != "svg":
        raise Refused("not an SVG: its root element is not <svg>", 1, 1)
    return Parsed(_units(nodes), root, state["encoding"])


def _units(nodes: list[_Node]) -> list[Unit]:
    units: list[Unit] = []
    grouped: set[int] = set()
    for node in nodes:
        if node.local not in TEXT_ELEMENTS or id(node) in grouped:
            continue
        lines = _lines(node)
        if lines is not None:
            grouped.update(id(child) for child in node.children)
            if not any(_wording(child.runs[0].text) for child in lines if child.runs):
                continue
            pieces = tuple(next(r for r in child.runs if r.text.strip()) for child in lines)
            msgid = "\n".join(_collapse(piece.text) for piece in pieces)
            comment = f"diagram label in {len(pieces)} lines: one line of the translation per line"
            units.append(Unit(msgid, pieces[0].line, comment, pieces, node, True))
            continue
        for run in node.runs:
            if _wording(run.text) and not run.cdata and run.end >= 0:
                comment = COMMENTS.get(node.local, "diagram label")
                units.append(Unit(_collapse(run.text), run.line, comment, (run,), node, False))
    units.sort(key=lambda unit: unit.pieces[0].start)
    return units


def _wording(text: str) -> bool:
    """Text with a letter in it: numbers and symbols alone ("1", "→") are not messages."""
    return any(character.isalpha() for character in text)


def _lines(node: _Node) -> list[_Node] | None:
    """A `<text>`'s tspans when it is made of lines only: each a leaf with text, nothing else."""
    if node.local != "text" or len(node.children) < 2 or any(run.text.strip() for run in node.runs):
        return None
    for child in node.children:
        filled = [run for run in child.runs if run.text.strip()]
        if child.local != "tspan" or child.children or len(filled) != 1 or filled[0].cdata:
            return None
    return node.children


def messages(data: bytes) -> list[tuple[str, int, str]]:
    """(msgid, 0-based line, translator comment) in document order; [] for a refused SVG."""
    try:
        parsed = parse(data)
    except Refused:
        return []
    return [(unit.msgid, unit.line - 1, unit.comment) for unit in parsed.units]


def problem(data: bytes, path: str) -> Diagnostic | None:
    """GL334 when the SVG's text cannot be read for translation."""
    try:
        parse(data)
    except Refused as refused:
        span = Span(path, refused.line - 1, max(refused.column - 1, 0)) if refused.line else Span(path)
        return Diagnostic(
            CODE,
            f"{refused.message}; the diagram is not translated",
            span,
            hint="save it as plain SVG, UTF-8, with the characters themselves instead of entities",
        )
    return None


DIAGRAMS = "curriculum/assets"


def diagrams(root: Path) -> list[str]:
    """The project's SVG diagrams (`curriculum/assets/**/*.svg`), project-relative, sorted; a
    symbolic link that leaves the project is not followed."""
    folder = Path(root) / DIAGRAMS
    if not folder.is_dir():
        return []
    return sorted(
        path.relative_to(root).as_posix()
        for path in folder.rglob("*.svg")
        if inside(root, path) and path.is_file() and not any(p.startswith(".") for p in path.parts)
    )


def read(root: Path, path: str) -> bytes:
    """An SVG's bytes, read no further than one byte past MAX_BYTES (parse refuses it then)."""
    with open(Path(root) / path, "rb") as handle:
        return read_at_most(handle, MAX_BYTES)


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def localize(
    data: bytes,
    lookup: Callable[[str], str | None],
    language: str,
    direction: str,
    source_language: str,
    source_direction: str = "ltr",
) -> bytes:
    """The SVG in `language` (written in `direction`): translated text where `lookup` has it, the
    source marked elsewhere (with the source's direction when it differs). A refused SVG comes
    back as it is (GL334 says why)."""
    try:
        parsed = parse(data)
    except Refused:
        return data
    utf8 = parsed.encoding.replace("_", "-") in ("utf-8", "utf8")

    def encode(text: str) -> bytes:
        escaped = text.translate(_ESCAPES)
        return escaped.encode("utf-8") if utf8 else escaped.encode("ascii", "xmlcharrefreplace")

    edits: list[tuple[int, int, bytes]] = []
    marked: set[int] = set()
    source_tag = l10n.tag(source_language)
    for unit in parsed.units:
        found = lookup(unit.msgid)
        if found is None:
            if id(unit.owner) not in marked:
                marked.add(id(unit.owner))
                has_class = "class" in unit.owner.attrs
                mark = ' data-glocal-fallback=""' if has_class else f' class="{FALLBACK_CLASS}"'
                if "xml:lang" not in unit.owner.attrs:
                    mark += f' xml:lang="{source_tag}"'
                if direction != source_direction and "direction" not in unit.owner.attrs:
                    mark += f' direction="{source_direction}"'
                at = unit.owner.start + 1 + len(unit.owner.name.encode("utf-8"))
                edits.append((at, at, mark.encode("ascii")))
            continue
        if unit.lines:
            lines = found.split("\n")
            count = len(unit.pieces)
            lines = lines[: count - 1] + [" ".join(lines[count - 1 :])] if len(lines) > count else lines
            lines += [""] * (count - len(lines))
        else:
            lines = [_collapse(found)]
        for piece, line in zip(unit.pieces, lines, strict=True):
            # the run's own leading and trailing white space stays: it spaces it from its neighbours
            before = piece.text[: len(piece.text) - len(piece.text.lstrip())]
            after = piece.text[len(piece.text.rstrip()) :]
            edits.append((piece.start, piece.end, encode(before + line + after)))
    assert parsed.root is not None
    edits += _root_attributes(data, parsed.root, l10n.tag(language), direction)
    out = bytearray()
    position = 0
    for begin, finish, replacement in sorted(edits, key=lambda edit: (edit[0], edit[1])):
        out += data[position:begin] + replacement
        position = finish
    out += data[position:]
    return bytes(out)


def _root_attributes(data: bytes, root: _Node, language: str, direction: str) -> list[tuple[int, int, bytes]]:
    """`xml:lang` (and `direction` for right to left) on the root element: set, or replaced."""
    wanted = {"xml:lang": language}
    if direction == "rtl":
        wanted["direction"] = "rtl"
    end = _tag_end(data, root.start)
    edits = []
    at = root.start + 1 + len(root.name.encode("utf-8"))
    for name, value in wanted.items():
        if name in root.attrs:
            pattern = re.compile(rb"\s" + re.escape(name.encode()) + rb"\s*=\s*(\"[^\"]*\"|'[^']*')")
            found = pattern.search(data, root.start, end)
            if found is not None:
                edits.append((found.start(1), found.end(1), f'"{value}"'.encode("ascii")))
            continue
        edits.append((at, at, f' {name}="{value}"'.encode("ascii")))
    return edits


def _tag_end(data: bytes, start: int) -> int:
    """The offset just past the `>` of the start tag at `start` (quotes respected)."""
    quote = 0
    for index in range(start, len(data)):
        byte = data[index]
        if quote:
            if byte == quote:
                quote = 0
        elif byte in (0x22, 0x27):
            quote = byte
        elif byte == 0x3E:
            return index + 1
    return len(data)
