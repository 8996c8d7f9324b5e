"""List items indented as Python-Markdown reads them: what a text nests, MkDocs nests too.

CommonMark and Pandoc (and so sandpaper, GitHub and Glocal's own reader) nest a line in a list
item when it is indented to the item's content, two spaces past `- `, three past `1. `;
Python-Markdown, which renders every page, only when it is indented four spaces a level. A
nested list written so was shown flattened into its parent's items (instructor-training), and a
paragraph indented three spaces under `1.` ended the list, a fenced code block after it shown as
text (python-ecology-lesson).

`for_python_markdown` reads the lists markdown-it found and indents the lines of an item that sit
short of four spaces a level by what they lack: the item's continuation lines (every line of it
but its first: paragraphs, nested lists, code, raw HTML, containers) move together by the same
number of spaces, so a code block keeps its own indentation and markdown-it reads the result as
it read the text. Text already indented four spaces a level is given back unchanged. Empty lines
stay empty; a lazy continuation line (`- a` then `b` at the margin) moves with its item but
does not decide how far. A list in a block quote, a definition or a footnote, or a list whose
indentation holds a tab, is left as written.

An item whose marker stands alone on its line, its content on the next lines (`1.` then a code
block indented under it, as python-ecology-lesson writes some solutions), is given the
placeholder `items.PLACEHOLDER` after its marker: Python-Markdown takes a marker only with text
after it, and showed `1.` as text and the code after it as a paragraph's. So is an empty item.

A fenced code block's closing fence is given its opening fence's indentation: CommonMark and
Pandoc close a fence at any indentation up to three spaces, Python-Markdown only at the opening's,
and showed the whole block as one line of inline code (python-ecology-lesson's loops episode opens
a block three spaces in, under `3.`, and closes it four spaces in).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from glocal.markdown.blocks import ParsedText, parse
from glocal.markdown.items import PLACEHOLDER

#: Python-Markdown's `tab_length`: the indentation of one level of list nesting.
LEVEL = 4

#: A line that is a list marker alone (an empty item, or one whose content is on the next lines):
#: the text's first line (to `match`), a later one (to `search`: the line break first, which the
#: regex engine looks for at C speed).
_BARE_MARKER = r" {0,3}(?:\d{1,9}[.)]|[-+*])[ \t]*(?:\n|$)"
_BARE_FIRST, _BARE_LATER = re.compile(_BARE_MARKER), re.compile("\n" + _BARE_MARKER)

#: Tokens inside which a list's lines have a prefix of their own (`> `, `: `) or Python-Markdown
#: its own rule: their lists are left as written.
_OTHER_BLOCKS = {"blockquote_open", "dd_open", "footnote_open"}
_CLOSES = {"blockquote_close", "dd_close", "footnote_close"}


@dataclass
class _Item:
    start: int  # the item's first line (its marker)
    end: int  # the line after it
    content: int  # markdown-it's content column: a line indented less is not in the item
    depth: int  # 1 for an item of a top-level list
    frozen: bool  # left as written (in a quote, definition or footnote, or a tab in its list)
    gap: tuple[int, int] | None = None  # (where, how wide) the spaces after its marker, if text follows
    bare: bool = False  # nothing follows its marker on its first line
    least: int | None = None  # the least indentation of its continuation lines that it sets
    shift: int = 0  # the spaces its continuation lines are given, its own share


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content_column(line: str, marker_at: int, width: int) -> tuple[int, tuple[int, int] | None]:
    """Where an item's content begins (CommonMark): one to four spaces past its marker, or one
    when the item starts blank or with five or more (an indented code block); and (where, how
    wide) those spaces are, when text follows them."""
    after = marker_at + width
    rest = line[after:]
    spaces = len(rest) - len(rest.lstrip(" "))
    if not rest.strip() or spaces > 4:
        return after + 1, None
    return after + spaces, (after, spaces)


def _items(parsed: ParsedText) -> tuple[list[_Item], set[int], dict[int, _Item]]:
    """The text's list items in order (an item before the items inside it); the lines of its
    indented code blocks; its lazy continuation lines, each with the item it continues."""
    lines = parsed.lines
    items: list[_Item] = []
    open_items: list[_Item] = []
    code: set[int] = set()
    lazy: dict[int, _Item] = {}
    other = 0  # block quotes, definitions and footnotes open around the current token
    tabbed_until = -1  # the end of a top-level list whose indentation holds a tab
    for token in parsed.tokens:
        kind = token.type
        if kind in _OTHER_BLOCKS:
            other += 1
        elif kind in _CLOSES:
            other -= 1
        elif kind in ("bullet_list_open", "ordered_list_open") and token.map and not open_items:
            first, last = token.map
            if any("\t" in line[: len(line) - len(line.lstrip())] for line in lines[first:last]):
                tabbed_until = last
        elif kind == "list_item_open" and token.map:
            first, last = token.map
            line = lines[first]
            parent = open_items[-1] if open_items else None
            search = parent.content if parent is not None and parent.start == first else 0
            marker_at = search + _indent(line[search:])
            width = len(token.info) + 1 if token.info else 1
            content, gap = _content_column(line, marker_at, width)
            frozen = bool(other) or first < tabbed_until or "\t" in line[: marker_at + width + 5]
            item = _Item(
                first, last, content, len(open_items) + 1, frozen, gap, not line[marker_at + width :].strip()
            )
            items.append(item)
            open_items.append(item)
        elif kind == "list_item_close" and open_items:
            open_items.pop()
        elif kind == "code_block" and token.map:
            code.update(range(*token.map))
        elif kind == "paragraph_open" and token.map and open_items:
            item = open_items[-1]
            lazy.update(
                (n, item) for n in range(token.map[0] + 1, token.map[1]) if _indent(lines[n]) < item.content
            )
    return items, code, lazy


def _aligned_fences(parsed: ParsedText) -> ParsedText:
    """`parsed` with each fenced code block's closing fence indented as its opening fence (the
    same text when every one is, or when markdown-it would read the result otherwise)."""
    if "```" not in parsed.text and "~~~" not in parsed.text:
        return parsed
    lines = parsed.lines
    aligned: dict[int, str] = {}
    for token in parsed.tokens:
        if token.type != "fence" or not token.map or not token.markup or token.map[1] - token.map[0] < 2:
            continue
        opening, closing = lines[token.map[0]], lines[token.map[1] - 1]
        column = opening.find(token.markup)  # after its list marker, when it opens an item
        closer = closing.lstrip(" ")
        if closer.rstrip(" ").strip(token.markup[0]) or len(closer.rstrip(" ")) < len(token.markup):
            continue  # not a closing fence: the block runs to the end of what holds it
        if column >= 0 and len(closing) - len(closer) != column:
            aligned[token.map[1] - 1] = " " * column + closer
    if not aligned:
        return parsed
    result = parse("\n".join(aligned.get(number, line) for number, line in enumerate(lines)))
    shape = [(token.type, token.map, token.content) for token in parsed.tokens]
    return result if [(token.type, token.map, token.content) for token in result.tokens] == shape else parsed


def for_python_markdown(parsed: ParsedText) -> ParsedText:
    """`parsed` with its list items' continuation lines indented four spaces a level, as
    Python-Markdown reads them (the same text when none is short of it), and its closing fences
    indented as their opening ones."""
    parsed = _aligned_fences(parsed)
    text = parsed.text
    if "\n " not in text and not _BARE_FIRST.match(text) and not _BARE_LATER.search(text):
        return parsed  # no line is indented (nothing is nested, nothing to move), no marker alone
    items, code, lazy = _items(parsed)
    if not items:
        return parsed
    lines = parsed.lines
    # Each line's innermost item (a marker line: the item around it): a sweep over the lines with
    # the items open at each, so each line and each item is seen once, however deep the nesting.
    open_items: list[_Item] = []
    following = 0
    for number, line in enumerate(lines):
        while open_items and open_items[-1].end <= number:
            open_items.pop()
        owner = open_items[-1] if open_items else None
        while following < len(items) and items[following].start == number:
            while open_items and open_items[-1].end <= number:
                open_items.pop()
            open_items.append(items[following])
            following += 1
        if owner is None or not line.strip() or number in lazy:
            continue
        # an indented code block's lines sit four spaces past where its item's blocks begin
        at = _indent(line) - (LEVEL if number in code else 0)
        if owner.least is None or at < owner.least:
            owner.least = at
    # Each item's share, given what the items around it gave (in order: an item before its own)
    change = [0] * (len(lines) + 1)
    around: list[tuple[_Item, int]] = []  # the items open, with the spaces they and theirs give
    for item in items:
        while around and around[-1][0].end <= item.start:
            around.pop()
        given = around[-1][1] if around else 0
        if not item.frozen and item.least is not None:
            item.shift = max(0, LEVEL * item.depth - given - item.least)
        if item.shift:
            change[item.start + 1] += item.shift
            change[item.end] -= item.shift
        around.append((item, given + item.shift))
    # an item with its marker alone on its line (its content below, or none): the placeholder after it
    bare = {item.start for item in items if item.bare and not item.frozen}
    if not any(change) and not bare:
        return parsed
    # ... and its marker as many spaces more before its text, so that markdown-it reads its
    # content where its lines now begin: the text nests for it as it did (at most four spaces)
    widened: dict[int, list[tuple[int, int]]] = {}
    for item in items:
        if item.shift and item.gap is not None and item.gap[1] + item.shift <= LEVEL:
            widened.setdefault(item.start, []).append((item.gap[0], item.shift))
    out: list[str] = []
    spaces = 0
    for number, line in enumerate(lines):
        spaces += change[number]
        for at, wider in sorted(widened.get(number, ()), reverse=True):
            line = line[:at] + " " * wider + line[at:]
        if number in bare:
            line = line.rstrip() + " " + PLACEHOLDER
        if not spaces or not line:  # an empty line stays empty (one of spaces moves: it may be code)
            out.append(line)
            continue
        continued = lazy.get(number)
        if continued is not None and not continued.frozen:  # given its item's indentation
            indent = _indent(line)
            out.append(" " * max(indent + spaces, LEVEL * continued.depth) + line[indent:])
        else:
            out.append(" " * spaces + line)
    return parse("\n".join(out))
