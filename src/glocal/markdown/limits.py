"""How much of a Markdown text Glocal reads and renders: the bounds that keep an untrusted
module, overlay, guide or translation from taking minutes or gigabytes (GL120, GL124, GL332),
and the checks of one block's inline text against them. `blocks.parse` applies them."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Containers nested deeper than this are not opened (GL120): their fences count as text.
MAX_CONTAINER_DEPTH = 32
#: Definitions of one term in a row, with no blank line between (GL124): Python-Markdown's
#: def_list reads the rest of such a block again for each one, so 4,000 took 1.5 s and 10,000
#: (under the block-token bound) about 10 s on every page that shows them. A glossary gives a
#: term one definition, or a few.
MAX_DEFINITIONS_IN_A_ROW = 200
#: What one paragraph, heading, list item or table cell may hold (GL124, GL332). MkDocs renders
#: with Python-Markdown, whose inline pass takes time quadratic in a block's unmatched `[`, `<`
#: and backticks (Python-Markdown issue #798): 10,000 `[` in one paragraph, 10 KB, take 40 s on
#: every page that shows it; within these bounds no block takes more than about a second.
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
#: A text of more block tokens than this (each paragraph, heading, list item, quote or table cell
#: makes three to six) is GL124 and read as text, its parse stopped there: markdown-it-py takes
#: about 10 µs and 450 bytes a token, in every language's copy of a text, so 900 KB of one-letter
#: paragraphs (900,000 tokens) took 8.6 s and 400 MB to parse, and `check` of the sample 24 s and
#: 1.2 GiB (now 1.9 s and 134 MiB); a 5 MB text minutes and gigabytes. The sample's longest
#: module has 244.
MAX_BLOCK_TOKENS = 50_000
#: ... and past this many inline tokens (text, emphasis, code spans, links) in its blocks, the
#: inline markup of the blocks after is not read (GL124): `*a* ` is four tokens in four bytes,
#: and 4.8 MB of it took 72 s and 2.6 GiB to check (now 5 s and 213 MiB).
MAX_INLINE_TOKENS = 200_000


@dataclass(frozen=True)
class HeavyBlock:
    line: int  # where the block starts (0-based within the parsed text)
    reason: str
    whole: bool = False  # the bound is on the whole text (its size, fences, nesting), not one block


def openers(text: str) -> int:
    """The `[`, `<` and backticks in `text`: what Python-Markdown's inline pass is quadratic in
    (its code-span pattern looks ahead for a closing run from every backtick: a paragraph of
    45,000 characters of backticks took 24 s to render, on every site that shows it)."""
    return text.count("[") + text.count("<") + text.count("`")


def heavy_reason(text: str, count: int | None = None) -> str | None:
    """Why the inline text of one block is too heavy for MkDocs' renderer, or None (see
    MAX_INLINE_OPENERS); `count`: its `openers`, when already known."""
    if len(text) > MAX_INLINE_CHARS:
        return f"{len(text):,} characters in one block (at most {MAX_INLINE_CHARS:,})"
    count = openers(text) if count is None else count
    if count > MAX_INLINE_OPENERS:
        return f"{count:,} '[', '<' and '`' in one block (at most {MAX_INLINE_OPENERS})"
    return None


def fence_lines(text: str) -> int:
    """The lines of `text` that start with `:::` (in a quote too): its fences, at most."""
    return len(FENCE_START.findall(text)) if ":::" in text else 0
