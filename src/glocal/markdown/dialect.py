"""The Markdown dialect Glocal emits for MkDocs and for the pack's PDFs, and helpers to write it.

Composed pages use Python-Markdown with these extensions (admonitions, attribute lists, details,
tables, footnotes); the build and the PDF renderer both read this one list.
"""

from __future__ import annotations

import re
from typing import Any

#: Python-Markdown extensions the composed Markdown needs; a project's mkdocs.yml may add more.
REQUIRED_EXTENSIONS: list[Any] = [
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "footnotes",
    {"toc": {"permalink": True}},
    "pymdownx.details",
    "pymdownx.superfences",
]

#: A CommonMark code span (any run of backticks, closed by the same run, within one paragraph).
CODE_SPAN = re.compile(r"(?<![`\\])(`+)(?!`)(?:(?!\n[ \t]*\n).)*?(?<!`)\1(?!`)", re.S)


def quoted(text: str) -> str:
    """Text safe inside the double-quoted title of an admonition."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def indent(lines: list[str], prefix: str) -> list[str]:
    """Lines indented by `prefix` (blank lines stay empty)."""
    return [prefix + line if line.strip() else "" for line in lines]


def squeeze(lines: list[str]) -> list[str]:
    """Collapse runs of blank lines that admonition rendering leaves behind."""
    out: list[str] = []
    blank_before = False  # whether the last line kept is blank
    for line in lines:
        blank = not line or line.isspace()
        if blank and blank_before:
            continue
        out.append(line)
        blank_before = blank
    return out
