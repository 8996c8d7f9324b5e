"""Backslash escapes as CommonMark and Pandoc read them, for Python-Markdown (the renderer MkDocs
runs): any ASCII punctuation after a backslash is that character.

Python-Markdown escapes only `` \\`*_{}[]()>#+-.!| ``: `Quick \\& Easy Plotting` (a heading of
python-ecology-lesson), `bathroom \\& lactation room` (instructor-training) and `costs \\$5` showed
their backslash on the page, in the navigation and in the table of contents, though markdown-it
(which Glocal extracts and checks with), Pandoc and sandpaper read them as the character alone.
"""

from __future__ import annotations

import string
from typing import Any

from markdown import Extension

#: What CommonMark lets a backslash escape: every ASCII punctuation character.
PUNCTUATION = tuple(string.punctuation)


class EscapeExtension(Extension):
    def extendMarkdown(self, md: Any) -> None:  # noqa: N802 (Python-Markdown's API)
        md.ESCAPED_CHARS.extend(char for char in PUNCTUATION if char not in md.ESCAPED_CHARS)


def makeExtension(**kwargs: Any) -> EscapeExtension:  # noqa: N802 (Python-Markdown's API)
    return EscapeExtension(**kwargs)
