"""The markdown-it-py parsers `blocks.parse` reads a text with: Glocal's dialect (CommonMark,
tables, footnotes, fenced divs), each guarded by the bounds of `limits` so that no text takes
more than its share of time and memory to parse (GL124)."""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from glocal.markdown.fences import fence_rule
from glocal.markdown.limits import (
    MAX_BLOCK_TOKENS,
    MAX_INLINE_TOKENS,
    MAX_TEXT_OPENERS,
    heavy_reason,
    openers,
)

#: Where markdown-it-py's text rule stops to let the other inline rules look: the characters that
#: begin one of this parser's rules (newline, escape, backticks, emphasis, links and footnote
#: references, images, inline footnotes, autolinks and HTML, entities) and `]`, which ends a link
#: label. markdown-it-py stops at more (`:` for linkify, `~` for strikethrough, `$`, `{`, `=` ...
#: for plugins this parser does not enable), and every stop tries each rule in turn: a line of
#: 4,000 colons took 25 ms to parse, now nothing. The tokens are the same (a test holds them equal
#: over the CommonMark spec's examples and the sample).
TEXT_STOPS = "\n!&*<[\\]^_`"


def configured_parser() -> MarkdownIt:
    """A new parser of Glocal's dialect: CommonMark + tables + footnotes + definition lists +
    fenced divs."""
    md = MarkdownIt("commonmark").enable("table")
    footnote_plugin(md)
    deflist_plugin(md)  # as Python-Markdown's def_list reads them: a term is a message, so is each definition
    md.block.ruler.before(
        "fence", "fenced_div", fence_rule, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    return md


class TooManyBlocks(Exception):
    """A text's parse reached MAX_BLOCK_TOKENS: it is stopped, and the text read as text."""


#: The key of a parse's `env` that sets a lower bound than MAX_BLOCK_TOKENS for that parse.
BLOCK_TOKENS = "glocal_block_tokens"


def _block_guard(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """The first block rule, tried at the start of every block (in containers, lists and quotes
    too, which share the token list): stops the parse once it holds MAX_BLOCK_TOKENS (or the
    parse's own bound, `env[BLOCK_TOKENS]`)."""
    if len(state.tokens) > min(MAX_BLOCK_TOKENS, state.env.get(BLOCK_TOKENS, MAX_BLOCK_TOKENS)):
        raise TooManyBlocks
    return False


def _guarded(md: MarkdownIt) -> MarkdownIt:
    md.block.ruler.before("table", "glocal_guard", _block_guard)
    return md


@lru_cache(maxsize=1)
def block_parser() -> MarkdownIt:
    """The parser without its inline level (no links, emphasis or words: blocks and fences only)."""
    md = _guarded(configured_parser())
    md.core.ruler.disable("inline")
    return md


@lru_cache(maxsize=1)
def text_parser() -> MarkdownIt:
    """The block parser without fenced divs: for a text past MAX_FENCES, its fences are text."""
    md = _guarded(configured_parser())
    md.core.ruler.disable("inline")
    md.block.ruler.disable("fenced_div")
    return md


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The one parser (`configured_parser`), its text rule stopping only where a rule may begin,
    its inline level reading only blocks light enough to render (`_bounded_inline`)."""
    md = _guarded(configured_parser())
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
    total = children = 0
    for token in state.tokens:
        if token.type != "inline":
            continue
        if token.children is None:
            token.children = []
        count = openers(token.content)
        if heavy_reason(token.content, count) is not None or total > MAX_TEXT_OPENERS:
            continue
        if children > MAX_INLINE_TOKENS:
            continue
        total += count
        if total <= MAX_TEXT_OPENERS:
            state.md.inline.parse(token.content, state.md, state.env, token.children)
            children += len(token.children)
