"""Backslash escapes as CommonMark and Pandoc read them, for Python-Markdown (the renderer MkDocs
runs): any ASCII punctuation after a backslash is that character.

Python-Markdown escapes only `` \\`*_{}[]()>#+-.!| ``: `Quick \\& Easy Plotting` (a heading of
python-ecology-lesson), `bathroom \\& lactation room` (instructor-training) and `costs \\$5` showed
their backslash on the page, in the navigation and in the table of contents, though markdown-it
(which Glocal extracts and checks with), Pandoc and sandpaper read them as the character alone.

A backslash at the end of a line is a hard line break, as in CommonMark and Pandoc (`which we
teach.\\` in instructor-training): Python-Markdown showed the backslash and joined the lines.
"""

from __future__ import annotations

import string
from typing import Any

from markdown import Extension
from markdown.inlinepatterns import SubstituteTagInlineProcessor

#: What CommonMark lets a backslash escape: every ASCII punctuation character.
PUNCTUATION = tuple(string.punctuation)


#: A backslash before a line break, inside a paragraph: CommonMark's other hard line break.
BACKSLASH_BREAK = r"\\\n"


class EscapeExtension(Extension):
    def extendMarkdown(self, md: Any) -> None:  # noqa: N802 (Python-Markdown's API)
        md.ESCAPED_CHARS.extend(char for char in PUNCTUATION if char not in md.ESCAPED_CHARS)
        # after code spans (190), which keep their backslashes, and after escapes (180), so `\\`
        # before a line break is an escaped backslash and a soft break
        md.inlinePatterns.register(
            SubstituteTagInlineProcessor(BACKSLASH_BREAK, "br"), "glocal_hard_break", 175
        )


def makeExtension(**kwargs: Any) -> EscapeExtension:  # noqa: N802 (Python-Markdown's API)
    return EscapeExtension(**kwargs)
