"""Markdown structure with markdown-it-py: Pandoc fenced divs (`::: name`), links, word counts.

Fences follow Pandoc's rule rather than markdown-it's container plugin: a line of three or more
colons followed by a name opens a div, a line of only colons closes the innermost open one, so
Carpentries lessons (`:::::: challenge` … `::: solution` … `:::` … `::::::`) nest unchanged.
Fence lines are parsed as leaf blocks, so a `:::` inside a fenced code block is never a fence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

FENCE_LINE = re.compile(r"^(?P<colons>:{3,})(?P<rest>.*?)$")
ATTR_PAIR = re.compile(r"""([A-Za-z_][\w-]*)\s*=\s*("[^"]*"|'[^']*'|[^\s}]+)|([.#][\w-]+)""")
WORD = re.compile(r"\w+(?:['’\-.]\w+)*")
#: An attribute list (`{#id}`, `{: .class }`): shown to no reader, so not counted as words.
ATTR_LIST = re.compile(r"\{[:\s]*[#.][^}\n]*\}")
#: Containers nested deeper than this are not opened (GL120): their fences count as text.
MAX_CONTAINER_DEPTH = 32
#: A duration longer than this many digits is refused (GL118) rather than converted.
MAX_DURATION_DIGITS = 6
MINUTES = re.compile(rf"[0-9]{{1,{MAX_DURATION_DIGITS}}}")
#: What one paragraph, heading, list item or table cell may hold (GL124, GL332). MkDocs renders
#: with Python-Markdown, whose inline pass takes time quadratic in a block's unmatched `[` and `<`
#: (Python-Markdown issue #798): 10,000 `[` in one paragraph, 10 KB, take 40 s on every page that
#: shows it; within these bounds no block takes more than about a second.
MAX_INLINE_OPENERS = 500
MAX_INLINE_CHARS = 50_000
#: ... and what one text (a module, an overlay, a guide) may hold in all its blocks: each block
#: at the bound still costs Python-Markdown about 0.1 s, and a page shows a whole text.
MAX_TEXT_OPENERS = 20_000
#: A text with more `[` and `<` than this anywhere (code included) is GL124 without its inline
#: markup being read: markdown-it-py spends up to 50 µs on each `[` it cannot match, so a 5 MB
#: text of them would take minutes to parse before its first block could be reported.
MAX_RAW_OPENERS = 50_000
#: The indentation a text's containers may add on its page (GL124): each level of nesting indents
#: every line inside it by four spaces, so 31 levels (under GL120's bound) around 70,000 one-letter
#: lines, a 143 KiB module, made an 8.6 MB page on every site (check of the sample: 10.7 s and
#: 360 MiB; bounded, 5.6 s and 111 MiB). Past the bound, a text is shown on its page as written,
#: its containers not rendered.
MAX_NESTING_BYTES = 2 * 1024 * 1024
#: A text with more fence lines (`:::`) than this is GL124 and read with no containers (as text,
#: its inline markup not read either): markdown-it-py and the container tree hold about 1 KB for
#: each fence, in every language's copy of the text, so a 5 MB module of 250,000 nested fences
#: took 52 s and 3 GiB to check. Carpentries lessons have a few dozen.
MAX_FENCES = 10_000
FENCE_START = re.compile(r"^[ \t>]*:::", re.M)


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


def _fence_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
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


#: Where markdown-it-py's text rule stops to let the other inline rules look: the characters that
#: begin one of this parser's rules (newline, escape, backticks, emphasis, links and footnote
#: references, images, inline footnotes, autolinks and HTML, entities) and `]`, which ends a link
#: label. markdown-it-py stops at more (`:` for linkify, `~` for strikethrough, `$`, `{`, `=` ...
#: for plugins this parser does not enable), and every stop tries each rule in turn: a line of
#: 4,000 colons took 25 ms to parse, now nothing. The tokens are the same (a test holds them equal
#: over the CommonMark spec's examples and the sample).
TEXT_STOPS = "\n!&*<[\\]^_`"


def configured_parser() -> MarkdownIt:
    """A new parser of Glocal's dialect: CommonMark + tables + footnotes + fenced divs."""
    md = MarkdownIt("commonmark").enable("table")
    footnote_plugin(md)
    md.block.ruler.before(
        "fence", "fenced_div", _fence_rule, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    return md


@lru_cache(maxsize=1)
def _block_parser() -> MarkdownIt:
    """The parser without its inline level (no links, emphasis or words: blocks and fences only)."""
    md = configured_parser()
    md.core.ruler.disable("inline")
    return md


@lru_cache(maxsize=1)
def _text_parser() -> MarkdownIt:
    """The block parser without fenced divs: for a text past MAX_FENCES, its fences are text."""
    md = configured_parser()
    md.core.ruler.disable("inline")
    md.block.ruler.disable("fenced_div")
    return md


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The one parser (`configured_parser`), its text rule stopping only where a rule may begin,
    its inline level reading only blocks light enough to render (`_bounded_inline`)."""
    md = configured_parser()
    if hasattr(md.inline, "terminator_re"):  # markdown-it-py 4.x
        md.inline.terminator_re = re.compile("[" + re.escape(TEXT_STOPS) + "]")
    md.core.ruler.at("inline", _bounded_inline)
    return md


def _bounded_inline(state: StateCore) -> None:
    """markdown-it's inline rule, for the blocks within the bounds only: a block too heavy to
    render (`heavy_reason`), and every block once the text's blocks hold more than
    MAX_TEXT_OPENERS, keep no inline tokens. Such a text is GL124 and never rendered, and
    markdown-it-py's own cost grows with a block's `[`: 10,000 in one paragraph took 0.3 s to
    parse, again for every site and language whose text differs (30 parses on the sample)."""
    total = 0
    for token in state.tokens:
        if token.type != "inline":
            continue
        if token.children is None:
            token.children = []
        count = openers(token.content)
        if heavy_reason(token.content, count) is not None or total > MAX_TEXT_OPENERS:
            continue
        total += count
        if total <= MAX_TEXT_OPENERS:
            state.md.inline.parse(token.content, state.md, state.env, token.children)


@dataclass
class Container:
    """A fenced div; lines are 0-based within the parsed text, `close` is None when unclosed."""

    name: str
    arg: str | None
    attrs: dict
    open: int
    close: int | None
    col: int
    depth: int
    fence_error: str | None = None
    children: list[Container] = field(default_factory=list)

    @property
    def end(self) -> int:
        """The first line after the container (its closing fence included)."""
        return self.close + 1 if self.close is not None else -1


@dataclass(frozen=True)
class Link:
    kind: str  # "link" or "image"
    target: str
    line: int
    col: int


@dataclass(frozen=True)
class StrayClose:
    line: int
    col: int


@dataclass(frozen=True)
class HeavyBlock:
    line: int  # where the block starts (0-based within the parsed text)
    reason: str


def openers(text: str) -> int:
    """The `[` and `<` in `text`: what Python-Markdown's inline pass is quadratic in."""
    return text.count("[") + text.count("<")


def heavy_reason(text: str, count: int | None = None) -> str | None:
    """Why the inline text of one block is too heavy for MkDocs' renderer, or None (see
    MAX_INLINE_OPENERS); `count`: its `openers`, when already known."""
    if len(text) > MAX_INLINE_CHARS:
        return f"{len(text):,} characters in one block (at most {MAX_INLINE_CHARS:,})"
    count = openers(text) if count is None else count
    if count > MAX_INLINE_OPENERS:
        return f"{count:,} '[' and '<' in one block (at most {MAX_INLINE_OPENERS})"
    return None


@dataclass
class ParsedText:
    """The structure of one Markdown text (a module body, an overlay)."""

    text: str
    lines: list[str]
    tokens: list[Token]
    containers: list[Container]  # top level, each with its children
    stray: list[StrayClose]
    links: list[Link]
    words_at: dict[int, int]  # words of inline text starting on each line
    too_deep: list[StrayClose] = field(default_factory=list)  # fences past MAX_CONTAINER_DEPTH
    heavy: list[HeavyBlock] = field(default_factory=list)  # blocks past MAX_INLINE_OPENERS/_CHARS
    flat: bool = False  # past MAX_NESTING_BYTES: its containers are not rendered (GL124)

    def all_containers(self) -> list[Container]:
        result: list[Container] = []

        def walk(items: list[Container]) -> None:
            for item in items:
                result.append(item)
                walk(item.children)

        walk(self.containers)
        return result

    def is_blank(self, container: Container) -> bool:
        """True when only blank lines sit between the container's fences (an unwritten fill)."""
        end = container.close if container.close is not None else len(self.lines)
        return not any(line.strip() for line in self.lines[container.open + 1 : end])

    def words_between(self, start: int, end: int) -> int:
        """Words of the text on lines start <= line < end."""
        return sum(count for line, count in self.words_at.items() if start <= line < end)

    @property
    def total_words(self) -> int:
        return sum(self.words_at.values())

    def code_lines(self) -> set[int]:
        lines: set[int] = set()
        for token in self.tokens:
            if token.type in ("fence", "code_block") and token.map:
                lines.update(range(token.map[0], token.map[1]))
        return lines

    def top_level_blocks(self) -> list[Token]:
        """Block tokens that sit outside every container, HTML comments aside (overlays allow none)."""
        inside: set[int] = set()
        for container in self.containers:
            last = container.close if container.close is not None else len(self.lines)
            inside.update(range(container.open, last + 1))
        return [
            token
            for token in self.tokens
            if token.level == 0
            and token.nesting in (0, 1)
            and token.map
            and token.type not in ("div_open", "div_close")
            and token.map[0] not in inside
            and not _is_comment(token)
        ]


def _is_comment(token: Token) -> bool:
    """An HTML comment block: shown nowhere, so it may sit anywhere (overlay stubs hold their briefs so)."""
    content = token.content.strip()
    return token.type == "html_block" and content.startswith("<!--") and content.endswith("-->")


def count_words(text: str) -> int:
    if "{" in text:
        text = ATTR_LIST.sub(" ", text)
    return len(WORD.findall(text))


@lru_cache(maxsize=4096)
def parse(text: str) -> ParsedText:
    """Parse Markdown (no front matter) into tokens, a container tree, links and word counts.

    Results are cached and shared: treat them as read-only.
    """
    raw = openers(text)
    fences = len(FENCE_START.findall(text)) if ":::" in text else 0
    if fences > MAX_FENCES:
        md = _text_parser()
    else:
        md = markdown_parser() if raw <= MAX_RAW_OPENERS else _block_parser()
    tokens = md.parse(text, {})
    lines = text.split("\n")
    containers: list[Container] = []
    stack: list[Container] = []
    stray: list[StrayClose] = []
    links: list[Link] = []
    words_at: dict[int, int] = {}
    too_deep: list[StrayClose] = []
    heavy: list[HeavyBlock] = []
    if fences > MAX_FENCES:
        whole = f"{fences:,} fence lines ':::' in this text (at most {MAX_FENCES:,})"
        heavy.append(HeavyBlock(0, f"{whole}; it is read as text, with no containers"))
    elif raw > MAX_RAW_OPENERS:
        whole = f"{raw:,} '[' and '<' in this text (at most {MAX_RAW_OPENERS:,})"
        heavy.append(HeavyBlock(0, f"{whole}; its inline markup is not read"))
    in_blocks = 0  # '[' and '<' in the text's blocks so far
    ignored = 0  # fences opened past MAX_CONTAINER_DEPTH and not yet closed
    for token in tokens:
        if token.type == "div_open" and len(stack) >= MAX_CONTAINER_DEPTH:
            assert token.map is not None
            too_deep.append(StrayClose(token.map[0], token.meta["col"]))
            ignored += 1
        elif token.type == "div_close" and ignored:
            ignored -= 1
        elif token.type == "div_open":
            assert token.map is not None  # _fence_rule sets the map of every div token
            fence: Fence = token.meta["fence"]
            container = Container(
                fence.name or "",
                fence.arg,
                fence.attrs,
                token.map[0],
                None,
                token.meta["col"],
                len(stack),
                fence.error,
            )
            (stack[-1].children if stack else containers).append(container)
            stack.append(container)
        elif token.type == "div_close":
            assert token.map is not None  # _fence_rule sets the map of every div token
            if stack:
                stack.pop().close = token.map[0]
            else:
                stray.append(StrayClose(token.map[0], token.meta["col"]))
        elif token.type == "inline" and token.map:
            count = openers(token.content)
            reason = heavy_reason(token.content, count)
            if reason:
                heavy.append(HeavyBlock(token.map[0], reason))
            elif in_blocks <= MAX_TEXT_OPENERS:
                in_blocks += count
                if in_blocks > MAX_TEXT_OPENERS:
                    reason = f"over {MAX_TEXT_OPENERS:,} '[' and '<' in the blocks of this text up to here"
                    heavy.append(HeavyBlock(token.map[0], reason))
            words = 0
            cursor = _Cursor(lines, token.map)
            for child in token.children or []:
                if child.type in ("text", "code_inline"):
                    words += count_words(child.content)
                elif child.type in ("link_open", "image"):
                    attr = "href" if child.type == "link_open" else "src"
                    target = str(child.attrs.get(attr, ""))
                    line, col = cursor.find(target)
                    links.append(Link("link" if child.type == "link_open" else "image", target, line, col))
                    if child.type == "image":
                        words += count_words(child.content)
            words_at[token.map[0]] = words_at.get(token.map[0], 0) + words
    nesting = _nesting_bytes(containers, len(lines))
    if nesting > MAX_NESTING_BYTES:
        reason = (
            f"its containers would indent it by {nesting:,} bytes on a page (at most {MAX_NESTING_BYTES:,})"
        )
        heavy.insert(0, HeavyBlock(0, f"{reason}; they are not rendered"))
    flat = nesting > MAX_NESTING_BYTES
    return ParsedText(text, lines, tokens, containers, stray, links, words_at, too_deep, heavy, flat)


def _nesting_bytes(containers: list[Container], count: int) -> int:
    """The spaces the containers add to the text's lines when rendered: four per level of nesting
    around each line (a difference array: linear in the lines, whatever the depth)."""
    change = [0] * (count + 1)
    pending = list(containers)
    while pending:
        container = pending.pop()
        end = container.close if container.close is not None else count
        change[min(container.open + 1, count)] += 1
        change[min(end, count)] -= 1
        pending.extend(container.children)
    total = depth = 0
    for step in change[:count]:
        depth += step
        total += 4 * depth
    return total


def rebase_links(parsed: ParsedText, relocate: Callable[[str], str | None]) -> ParsedText:
    """`parsed` with each link and image target that `relocate` maps (the target as written) to
    another written in its place: the same text when none moves.

    A page shown from another folder (a handout, the notes page) keeps pointing at what its
    module's links point at."""
    edits: list[tuple[int, int, int, str]] = []
    for link in parsed.links:
        line = parsed.lines[link.line] if link.line < len(parsed.lines) else ""
        for written in dict.fromkeys((link.target, unquote(link.target))):
            if written and line.startswith(written, link.col):
                moved = relocate(written)
                if moved is not None and moved != written:
                    edits.append((link.line, link.col, len(written), moved))
                break
    if not edits:
        return parsed
    lines = list(parsed.lines)
    for number, col, length, moved in sorted(edits, reverse=True):
        lines[number] = lines[number][:col] + moved + lines[number][col + length :]
    return parse("\n".join(lines))


class _Cursor:
    """Finds link targets in a block's source, left to right, so repeated targets get their own place."""

    def __init__(self, lines: list[str], span: list[int]) -> None:
        self.first = span[0]
        self.text = "\n".join(lines[span[0] : min(span[1], len(lines))])
        self.position = 0

    def find(self, target: str) -> tuple[int, int]:
        for candidate in dict.fromkeys((target, unquote(target))):
            if not candidate:
                continue
            for pattern in (
                "](" + candidate,
                "]: " + candidate,
                "]:" + candidate,
                "(" + candidate,
                "<" + candidate,
                candidate,
            ):
                index = self.text.find(pattern, self.position)
                if index >= 0:
                    index += len(pattern) - len(candidate)
                    self.position = index + len(candidate)
                    line = self.text.count("\n", 0, index)
                    col = index - (self.text.rfind("\n", 0, index) + 1)
                    return self.first + line, col
        return self.first, 0
