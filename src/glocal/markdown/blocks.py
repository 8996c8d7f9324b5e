"""Markdown structure with markdown-it-py: Pandoc fenced divs (`::: name`), links, word counts.

Fences follow Pandoc's rule rather than markdown-it's container plugin: a line of three or more
colons followed by a name opens a div, a line of only colons closes the innermost open one, so
Carpentries lessons (`:::::: challenge` … `::: solution` … `:::` … `::::::`) nest unchanged.
Fence lines are parsed as leaf blocks, so a `:::` inside a fenced code block is never a fence
(`fences`). What a text may hold before it is not read or rendered in full is in `limits`, the
parsers that hold it to that in `parsers`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote

from markdown_it.token import Token

from glocal.markdown.cursor import Cursor, html_images
from glocal.markdown.fences import Fence
from glocal.markdown.limits import (
    MAX_BLOCK_TOKENS,
    MAX_CONTAINER_DEPTH,
    MAX_DEFINITIONS_IN_A_ROW,
    MAX_FENCES,
    MAX_INLINE_TOKENS,
    MAX_NESTING_BYTES,
    MAX_RAW_OPENERS,
    MAX_TEXT_OPENERS,
    HeavyBlock,
    fence_lines,
    heavy_reason,
    openers,
)
from glocal.markdown.parsers import TooManyBlocks, block_parser, markdown_parser, text_parser

WORD = re.compile(r"\w+(?:['’\-.]\w+)*")
#: An attribute list (`{#id}`, `{: .class }`): shown to no reader, so not counted as words.
ATTR_LIST = re.compile(r"\{[:\s]*[#.][^{}\n]*\}")  # to the next brace: linear, however many `{.`


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
    nesting: int = 0  # the bytes of indentation its containers add to its lines on a page
    unread: bool = False  # read as text (past MAX_FENCES or MAX_BLOCK_TOKENS): no containers (GL124)

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


def first_heading(parsed: ParsedText) -> tuple[str, str] | None:
    """(its text as shown, its source) of the first level-1 heading: emphasis, code and link
    markup, tags and a trailing `{#id}` left out of the text (`*partner* glossary` shows as
    `partner glossary`); None when there is none."""
    for index, token in enumerate(parsed.tokens):
        if token.type == "inline" and index and parsed.tokens[index - 1].tag == "h1":
            source = ATTR_LIST.sub("", token.content).strip()
            if token.children is None:  # the inline level was not read (a heavy text)
                return re.sub(r"<[^<>]+>", "", source), source
            shown = "".join(c.content for c in token.children if c.type in ("text", "code_inline"))
            return ATTR_LIST.sub("", shown).strip(), source
    return None


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
    fences = fence_lines(text)
    if fences > MAX_FENCES:
        md = text_parser()
    else:
        md = markdown_parser() if raw <= MAX_RAW_OPENERS else block_parser()
    try:
        tokens = md.parse(text, {})
        stopped = False
    except TooManyBlocks:  # read as text: no blocks, no containers, no words (GL124)
        tokens, stopped = [], True
    lines = text.split("\n")
    containers: list[Container] = []
    stack: list[Container] = []
    stray: list[StrayClose] = []
    links: list[Link] = []
    words_at: dict[int, int] = {}
    shared: dict = {}  # what the link cursors of this text share (`Cursor`)
    too_deep: list[StrayClose] = []
    heavy: list[HeavyBlock] = []
    if stopped:
        whole = f"over {MAX_BLOCK_TOKENS:,} block tokens (paragraphs, list items, cells...) in this text"
        heavy.append(HeavyBlock(0, f"{whole}; it is read as text, with no blocks or containers", whole=True))
    elif fences > MAX_FENCES:
        whole = f"{fences:,} fence lines ':::' in this text (at most {MAX_FENCES:,})"
        heavy.append(HeavyBlock(0, f"{whole}; it is read as text, with no containers", whole=True))
    elif raw > MAX_RAW_OPENERS:
        whole = f"{raw:,} '[', '<' and '`' in this text (at most {MAX_RAW_OPENERS:,})"
        heavy.append(HeavyBlock(0, f"{whole}; its inline markup is not read", whole=True))
    in_blocks = 0  # '[', '<' and '`' in the text's blocks so far
    inline_tokens = 0  # ... and inline tokens (`_bounded_inline` stops at the same block)
    ignored = 0  # fences opened past MAX_CONTAINER_DEPTH and not yet closed
    run, run_end = 0, -1  # definitions in a row (`dd`), and the line after the last one
    for token in tokens:
        if token.type == "div_open" and len(stack) >= MAX_CONTAINER_DEPTH:
            assert token.map is not None
            too_deep.append(StrayClose(token.map[0], token.meta["col"]))
            ignored += 1
        elif token.type == "div_close" and ignored:
            ignored -= 1
        elif token.type == "div_open":
            assert token.map is not None  # fences.fence_rule sets the map of every div token
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
            assert token.map is not None  # fences.fence_rule sets the map of every div token
            if stack:
                stack.pop().close = token.map[0]
            else:
                stray.append(StrayClose(token.map[0], token.meta["col"]))
        elif token.type == "dd_open" and token.map:
            after_blank = token.map[0] and not lines[token.map[0] - 1].strip()
            run = run + 1 if token.map[0] == run_end and not after_blank else 1
            run_end = token.map[1]
            if run == MAX_DEFINITIONS_IN_A_ROW + 1:
                in_a_row = (
                    f"over {MAX_DEFINITIONS_IN_A_ROW:,} definitions in a row with no blank line between"
                )
                heavy.append(HeavyBlock(token.map[0], in_a_row))
        elif (
            token.type == "html_block"
            and token.map
            and raw <= MAX_RAW_OPENERS
            and "<img" in token.content.lower()
        ):
            cursor = Cursor(lines, token.map, shared)
            for target in html_images(token.content):
                links.append(Link("image", target, *cursor.find(target)))
        elif token.type == "inline" and token.map:
            count = openers(token.content)
            reason = heavy_reason(token.content, count)
            if reason:
                heavy.append(HeavyBlock(token.map[0], reason))
            elif in_blocks <= MAX_TEXT_OPENERS:
                in_blocks += count
                if in_blocks > MAX_TEXT_OPENERS:
                    reason = (
                        f"over {MAX_TEXT_OPENERS:,} '[', '<' and '`' in the blocks of this text up to here"
                    )
                    heavy.append(HeavyBlock(token.map[0], reason))
            if inline_tokens <= MAX_INLINE_TOKENS:
                inline_tokens += len(token.children or ())
                if inline_tokens > MAX_INLINE_TOKENS:
                    reason = f"over {MAX_INLINE_TOKENS:,} inline tokens in the blocks of this text up to here"
                    heavy.append(HeavyBlock(token.map[0], reason))
            words = 0
            cursor = Cursor(lines, token.map, shared)
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
                elif child.type == "html_inline" and child.content[:4].lower() == "<img":
                    for target in html_images(child.content):
                        links.append(Link("image", target, *cursor.find(target)))
            words_at[token.map[0]] = words_at.get(token.map[0], 0) + words
    nesting = _nesting_bytes(containers, len(lines))
    flat = nesting > MAX_NESTING_BYTES
    if flat:
        reason = (
            f"its containers would indent it by {nesting:,} bytes on a page (at most {MAX_NESTING_BYTES:,})"
        )
        heavy.insert(0, HeavyBlock(0, f"{reason}; they are not rendered", whole=True))
    unread = stopped or fences > MAX_FENCES
    return ParsedText(
        text, lines, tokens, containers, stray, links, words_at, too_deep, heavy, flat, nesting, unread
    )


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
    # one edit per place: a reference definition serves all the links that use it
    edits: dict[tuple[int, int], tuple[int, int, int, str]] = {}
    for link in parsed.links:
        line = parsed.lines[link.line] if link.line < len(parsed.lines) else ""
        for written in dict.fromkeys((link.target, unquote(link.target))):
            if written and line.startswith(written, link.col):
                moved = relocate(written)
                if moved is not None and moved != written:
                    edits[(link.line, link.col)] = (link.line, link.col, len(written), moved)
                break
    if not edits:
        return parsed
    lines = list(parsed.lines)
    for number, col, length, moved in sorted(edits.values(), reverse=True):
        lines[number] = lines[number][:col] + moved + lines[number][col + length :]
    return parse("\n".join(lines))
