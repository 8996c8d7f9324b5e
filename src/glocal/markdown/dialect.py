"""The Markdown dialect Glocal emits for MkDocs and for the pack's PDFs, and helpers to write it.

Composed pages use Python-Markdown with these extensions (admonitions, attribute lists, details,
tables, footnotes, definition lists, bracketed spans, content tabs); the build and the PDF renderer both read
this one list.
"""

from __future__ import annotations

import re
from typing import Any

from markdown.extensions.toc import slugify_unicode

from glocal.markdown import items

#: Python-Markdown extensions the composed Markdown needs; a project's mkdocs.yml may add more.
REQUIRED_EXTENSIONS: list[Any] = [
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "footnotes",
    "def_list",  # a glossary: `term` then `:   definition` (Pandoc's, as Carpentries lessons write it)
    "glocal.markdown.pandoc_lists",  # `a)`, `ii.`, `1)`, from `3.`: Pandoc's lists (pymdownx.fancylists)
    "glocal.markdown.spans",  # `[term]{#term}`: a place to link to (`glocal.markdown.spans`)
    "glocal.markdown.figures",  # `![caption](x.png){alt="…"}`: a figure with its caption (Pandoc's)
    "glocal.markdown.headings",  # `## Exercise{#exercise}`: its id, as Pandoc reads it
    "pymdownx.saneheaders",  # `#1 priority` is text: a heading's `#` needs a space, as in CommonMark
    # Pandoc's inline extensions, which lessons write: `F~2~`, `F^2^`, `~~gone~~`, `:question:` (❓)
    {"pymdownx.tilde": {"subscript": True, "delete": True}},
    {"pymdownx.caret": {"superscript": True, "insert": False}},
    "glocal.markdown.emoji",
    "glocal.markdown.items",  # `1. ```bash`: an item that holds a code block alone
    "glocal.markdown.escapes",  # `\&`, `\$`: any ASCII punctuation escaped, as CommonMark and Pandoc
    "glocal.markdown.bare_urls",  # `https://doi.org/…` in text: a link, as Pandoc makes it
    # a heading's id keeps its letters in any script, as Pandoc's do (`før-du-starter`, `はじめに`):
    # the default slugify dropped them (`fr-du-starter`, and `_1` for a Japanese heading)
    {"toc": {"permalink": True, "slugify": slugify_unicode}},  # (`SLUGIFY`: every site's)
    "pymdownx.details",
    "pymdownx.superfences",
    {"pymdownx.tabbed": {"alternate_style": True}},  # a lesson's `::: tab`: Material's content tabs
]

#: How every heading gets its id (a project's own `toc` settings get it too, unless they name one).
SLUGIFY = slugify_unicode

#: A CommonMark code span (any run of backticks, closed by the same run, within one paragraph).
CODE_SPAN = re.compile(r"(?<![`\\])(`+)(?!`)(?:(?!\n[ \t]*\n).)*?(?<!`)\1(?!`)", re.S)


#: What begins a numbered list: a number and `.` or `)`, after at most three spaces at a line's
#: start, followed by a space or the line's end; and a lettered one: a letter, a Roman numeral or
#: `#` so (`a) 42`, `ii. …`, `#. …`), as Pandoc and the renderer (`markdown.pandoc_lists`) read them.
_NUMBER = r"\d{1,9}"
_LETTER = r"[A-Za-z]|[ivxlcdm]{2,9}|[IVXLCDM]{2,9}|#"


def _at_line_starts(marker: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The marker on a text's first line (to `match`), and on a later one (to `search` or `sub`:
    the pattern starts with a line break, which the regex engine looks for at C speed)."""
    rest = f"({marker})" + r"([.)])(?=[ \t\n]|$)"
    return re.compile(r"( {0,3})" + rest), re.compile(r"(\n {0,3})" + rest)


_NUMBERS = _at_line_starts(_NUMBER)
_LETTERS = _at_line_starts(_LETTER)
_NUMBERS_OR_LETTERS = _at_line_starts(f"{_NUMBER}|{_LETTER}")


def lettered(text: str) -> bool:
    """Whether a line of `text` begins as an item of a lettered (or Roman, or `#.`) list."""
    first, later = _LETTERS
    return first.match(text) is not None or later.search(text) is not None


def numbers_as_text(text: str, letters: bool = True) -> str:
    """`text` with a number that begins a line and is followed by `.` or `)` escaped (`1\\. januar`),
    and (`letters`) a letter or Roman numeral so (`d\\. 5. maj`).

    Many languages write ordinals and dates so (Danish and Norwegian `1. januar`, `2. dag`; German
    `3. Tag`; Finnish, Czech, Turkish), and abbreviations (Danish `d. 5. maj`, "the 5th of May"),
    and a translator who begins a sentence with one means the text, not a list. Python-Markdown and
    markdown-it both read `\\.` and `\\)` as the character, so the escape changes nothing where no
    list would have started. `letters=False` where the source itself writes a lettered list (a
    quiz's `a) 42`, `b) 32`): its translation keeps it.
    """
    if "\n" not in text and "." not in text[:14] and ")" not in text[:14]:
        return text  # one line that cannot begin a list (the common case, without searching)
    first, later = _NUMBERS_OR_LETTERS if letters else _NUMBERS
    if "\n" in text:
        text = later.sub(r"\1\2\\\3", text)
    found = first.match(text)
    return text[: found.end(2)] + "\\" + text[found.end(2) :] if found else text


def translation_as_text(translation: str, source: str) -> str:
    """`numbers_as_text` for a translation of `source`: its letters kept as list markers only
    where the source writes a lettered list."""
    return numbers_as_text(translation, letters=not lettered(source))


def quoted(text: str) -> str:
    """Markdown text (`compose.render.text`: its backslashes escaped already) safe inside the
    double-quoted title of an admonition, whose inline Markdown reads `\\"` as `"`."""
    return text.replace('"', '\\"')


def indent(lines: list[str], prefix: str) -> list[str]:
    """Lines indented by `prefix` (blank lines stay empty)."""
    return [prefix + line if line.strip() else "" for line in lines]


#: A fence's line, at any indentation (an admonition's body is indented), in a quote or at the
#: start of a list item (```` 1. ```bash ````, as git-novice writes some): its marker run.
_FENCE = re.compile(r"^[ \t>]*(?:(?:\d{1,9}[.)]|[-*+])[ \t]+)*(`{3,}|~{3,})")
#: A list item whose first line opens a fence (Python-Markdown needs text there: `items`).
_ITEM_FENCE = re.compile(r"^[ \t]*(?:\d{1,9}[.)]|[-*+])(?P<gap>[ \t]+)(?=`{3}|~{3})")


def squeeze(lines: list[str]) -> list[str]:
    """A composed page's lines as Python-Markdown reads them best: runs of blank lines that
    admonition rendering leaves behind collapsed, never inside a fenced code block, whose blank
    lines are the code's (two between Python functions); and a blank line after a code block's
    closing fence where text follows at once (`Similarly, …` right after ```` ``` ````: CommonMark
    makes it a paragraph; Python-Markdown left it loose between two empty `<p>`)."""
    out: list[str] = []
    blank_before = False  # whether the last line kept is blank
    fence = ""  # the open fence's marker run, if any
    closed = False  # the last line kept closed a fence
    for line in lines:
        marker = _FENCE.match(line) if "``" in line or "~~" in line else None
        if fence:
            out.append(line)
            run, rest = (marker.group(1), line[marker.end() :]) if marker else ("", "")
            if run[:1] == fence[0] and len(run) >= len(fence) and not rest.strip():
                fence, blank_before, closed = "", False, True  # its closing fence
            continue
        blank = not line or line.isspace()
        if closed and not blank:
            out.append("")
        closed = False
        if marker and not (marker.group(1)[0] == "`" and "`" in line[marker.end() :]):
            fence = marker.group(1)  # an opening fence (a backtick fence's info has no backtick)
            item = _ITEM_FENCE.match(line)
            if item:  # `1. ```bash`: the item's first line a placeholder, the fence its content
                column = " " * item.end("gap")
                out += [line[: item.end("gap")] + items.PLACEHOLDER, "", column + line[item.end("gap") :]]
                blank_before = False
                continue
        if blank and blank_before:
            continue
        out.append(line)
        blank_before = blank
    return out
