"""Bare URLs as links, as Pandoc's `autolink_bare_uris` (and so sandpaper) makes them.

A Carpentries lesson writes a reference as `… e1007296. https://doi.org/10.1371/…`: sandpaper
shows a link, Python-Markdown plain text. A URL with a scheme (`http`, `https`, `ftp`), not in
code, not already a link's target or text, not in an HTML attribute, becomes a link to itself; a
full stop, comma, colon or closing bracket after it ends the sentence, not the URL. `www.` names
and e-mail addresses stay text, as Pandoc leaves them. A translation must keep its source's bare
URLs as it keeps its link targets (GL305, `glocal.i18n.placeholders`, which reads them with the
same pattern): a changed one is never published.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension
from markdown.inlinepatterns import InlineProcessor

#: A bare URL: not after a word character, `/`, `<`, a quote, `=` or `](` (an autolink, an
#: attribute, a link's target), up to a space, `<`, a quote, a backtick, a bracket or a
#: parenthesis, not ending in sentence punctuation. (The look back is made after the scheme's
#: first letter, so that the regex engine looks for an `h` or an `f` at C speed: three times as
#: fast as a pattern that starts with it, over the sample's 2 MB of pages.)
BARE_URL = re.compile(
    r"(?:h(?<![\w/@<\"'=\]]h)(?<!\]\(h)ttps?|f(?<![\w/@<\"'=\]]f)(?<!\]\(f)tp)://"
    r"[^\s<>\"'`\[\]()]*[^\s<>\"'`\[\]().,;:!?]"
)


class _BareUrl(InlineProcessor):
    ANCESTOR_EXCLUDES = ("a",)  # a link's own text stays text: no link inside a link

    def handleMatch(self, m: re.Match, data: str) -> tuple[etree.Element, int, int]:  # noqa: N802
        link = etree.Element("a")
        link.set("href", m.group(0))
        link.text = m.group(0)
        return link, m.start(0), m.end(0)


class BareUrlExtension(Extension):
    def extendMarkdown(self, md: Any) -> None:  # noqa: N802 (Python-Markdown's API)
        # after links (160), autolinks (120) and automail (110), whose URLs are taken by then
        md.inlinePatterns.register(_BareUrl(BARE_URL.pattern, md), "glocal_bare_url", 105)


def makeExtension(**kwargs: Any) -> BareUrlExtension:  # noqa: N802 (Python-Markdown's API)
    return BareUrlExtension(**kwargs)
