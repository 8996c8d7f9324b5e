"""A translation keeps its source's blocks: the same paragraph, heading, list item or cell, never
one more or one fewer (GL335).

A translation replaces its segment's text in place (`apply`), so a blank line in it starts a
new paragraph, and a line that begins `# `, `- `, `> `, `:::` or four spaces starts a heading, a
list, a quote, a container or a code block; a `[label]: url` line is swallowed as a link
definition. Such a translation would change the page's structure behind its author's back (a
heading in the table of contents, a container the composer reads, a fill for another slot), and
an 8 MB catalog of blank lines made one site's build take over four minutes. It is not
published: the source text is shown in its place, marked as a fallback, and `check` says why.

A number and a full stop at the start of a line are the exception: in Danish, Norwegian or
German they are an ordinal or a date (`1. januar`, `2. dag`), so they are published as text.
"""

from __future__ import annotations

from glocal.markdown.dialect import numbers_as_text
from glocal.markdown.limits import MAX_BLOCK_TOKENS
from glocal.markdown.parsers import BLOCK_TOKENS, TooManyBlocks, block_parser

#: What may begin a line that starts a block other than a paragraph (or turns a paragraph into
#: a heading): a translation on one line that begins with none of these is one paragraph.
_BLOCK_STARTS = frozenset("#-+*>`~_|<[:= \t0123456789")

_NAMES = {  # block → (one, several)
    "paragraph": ("a paragraph", "paragraphs"),
    "heading": ("a heading", "headings"),
    "bullet_list": ("a list", "lists"),
    "ordered_list": ("a numbered list", "numbered lists"),
    "blockquote": ("a quote", "quotes"),
    "code_block": ("a code block", "code blocks"),
    "fence": ("a code block", "code blocks"),
    "hr": ("a rule", "rules"),
    "html_block": ("HTML", "HTML blocks"),
    "table": ("a table", "tables"),
    "div": ("a container", "containers"),
    "footnote_block": ("a footnote", "footnotes"),
    "dl": ("a definition list", "definition lists"),
}


#: How many more block tokens than its source a translation is read to, to say what it adds: a
#: translation of 5,000 paragraphs for one is not read to its end (twice per check, per entry).
_SLACK = 30


def _blocks(text: str, bound: int) -> list[tuple[str, str, int]] | None:
    """The block tokens of `text` read on its own (type, tag, level), or None past `bound`."""
    try:
        tokens = block_parser().parse(text, {BLOCK_TOKENS: bound})
    except TooManyBlocks:
        return None
    return [(token.type, token.tag, token.level) for token in tokens]


def _describe(blocks: list[tuple[str, str, int]] | None) -> str:
    if blocks is None:
        return "many more blocks"
    kinds: dict[str, int] = {}
    for kind, _, level in blocks:
        if level == 0 and not kind.endswith("_close") and kind != "inline":
            name = kind.removesuffix("_open")
            kinds[name] = kinds.get(name, 0) + 1
    if not kinds:
        return "no block (a link definition, or nothing)"
    parts = []
    for name, count in kinds.items():
        one, several = _NAMES.get(name, (name, name))
        parts.append(one if count == 1 else f"{count:,} {several}")
    return ", ".join(parts)


def added_blocks(msgid: str, msgstr: str) -> str | None:
    """Why the translation does not keep its source's blocks (GL335), or None.

    Both are read as they are published: a line that begins with a number and a full stop (an
    ordinal or a date, `1. januar`) is text (`numbers_as_text`), not a numbered list.
    """
    msgid, msgstr = numbers_as_text(msgid), numbers_as_text(msgstr)
    if "\n" not in msgstr and msgstr[:1] not in _BLOCK_STARTS:
        return None  # one line starting as text: one paragraph (the common case, without parsing)
    source = _blocks(msgid, MAX_BLOCK_TOKENS)
    mine = _blocks(msgstr, len(source) + _SLACK if source is not None else MAX_BLOCK_TOKENS)
    if mine == source:
        return None
    return f"it would be {_describe(mine)} where its source is {_describe(source)}"
