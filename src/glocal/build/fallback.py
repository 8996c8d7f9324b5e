"""Untranslated text marked where MkDocs shows it outside the page body: navigation, table of
contents, the site name and search results, the way body text is marked
(`glocal.i18n.apply.fallback_markup`).

A title is text (HTML there would be escaped, or broken), so it cannot carry the mark from the
Markdown: navigation titles are marked from the pages the composer says are untranslated, the
table of contents and the search index from the headings of the rendered page that are a
fallback as a whole. Search result texts lose the body's spans in Material's search index: they
are put back where the page had them (`search_text`). The mark is the body's: a `glocal-fallback`
span with the source language and direction (screen readers switch voice) and the "not yet
translated" hover text. What goes inside the span is always escaped text.
"""

from __future__ import annotations

import json
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from markupsafe import Markup
from markupsafe import escape as escape_markup

from glocal.fsutil import write_text_atomic
from glocal.i18n.apply import fallback_markup

FALLBACK_CLASS = "glocal-fallback"
#: The inline tags Material's search index keeps inside a heading's title.
_SEARCH_KEEPS = {"code", "pre", "sub", "sup"}
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def marked(title: Any, language: str, label: str) -> Markup:
    """`title` (text, or HTML that is already safe) inside the fallback span."""
    inner = title if isinstance(title, Markup) else escape(str(title), quote=False)
    return Markup(fallback_markup(str(inner), language, label))


def mark_nav(items: Any, fallback: dict[str, dict[str, str]], label: str) -> None:
    """Mark, in place, the navigation titles of the pages in `fallback` (by source path)."""
    for item in items or ():
        source = getattr(getattr(item, "file", None), "src_uri", None)
        found = fallback.get(source) if isinstance(source, str) else None
        title = getattr(item, "title", None)
        if found and isinstance(title, str) and FALLBACK_CLASS not in title:
            item.title = marked(title, found["lang"], label)
        mark_nav(getattr(item, "children", None), fallback, label)


def site_name(parts: list[dict[str, str]], label: str) -> tuple[Markup, str]:
    """The site name from its parts (`glocal.build.config.site_name_parts`): as HTML with each
    untranslated part marked (the header), and as text with the language of each untranslated
    part named (`<title>`, which holds no markup): "Demo programme (engelsk) · Syd"."""
    html = Markup(" · ").join(
        marked(part["text"], part["lang"], label) if part.get("lang") else escape_markup(part["text"])
        for part in parts
    )
    text = " · ".join(part["text"] + (f" ({part['name']})" if part.get("lang") else "") for part in parts)
    return html, text


class Headings(HTMLParser):
    """Each heading with an id: its title as Material's search index writes it, and the fallback
    span's (lang, dir, title) when all of its text is inside one."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, tuple[str, str, str] | None]] = []  # (id, title, mark)
        self._heading: tuple[str, str] | None = None  # (tag, id)
        self._stack: list[str] = []  # open tags inside the heading
        self._span: tuple[str, str, str] | None = None
        self._span_depth = -1
        self._permalink_depth = -1
        self._title: list[str] = []
        self._outside = False  # text outside the fallback span

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._heading is None:
            if tag in _HEADING_TAGS:
                id_ = {name: value or "" for name, value in attrs}.get("id")
                if id_:
                    self._heading = (tag, id_)
                    self._stack, self._span, self._title, self._outside = [], None, [], False
            return
        values = {name: value or "" for name, value in attrs}
        self._stack.append(tag)
        if tag == "a" and "headerlink" in values.get("class", "").split():
            self._permalink_depth = len(self._stack)
        elif tag == "span" and FALLBACK_CLASS in values.get("class", "").split() and self._span is None:
            self._span = (values.get("lang", ""), values.get("dir", "ltr"), values.get("title", ""))
            self._span_depth = len(self._stack)
        elif tag in _SEARCH_KEEPS and self._permalink_depth < 0:
            self._title.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if self._heading is None:
            return
        if not self._stack:
            if tag == self._heading[0]:
                title = "".join(self._title).strip()
                mark = self._span if self._span is not None and not self._outside else None
                self.found.append((self._heading[1], title, mark))
                self._heading = None
            return
        depth = len(self._stack)
        if depth == self._permalink_depth:
            self._permalink_depth = -1
        elif depth == self._span_depth:
            self._span_depth = -1
        elif tag in _SEARCH_KEEPS and self._permalink_depth < 0:
            self._title.append(f"</{tag}>")
        self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._heading is None or self._permalink_depth >= 0:
            return
        if data.strip() and self._span_depth < 0:
            self._outside = True
        self._title.append(escape(data.replace("\n", " "), quote=False) if not data.isspace() else " ")

    def fallback(self) -> dict[str, tuple[str, tuple[str, str, str]]]:
        """What `fallback_headings` returns, for the text this parser was fed."""
        return {id_: (title, mark) for id_, title, mark in self.found if mark is not None}


def fallback_headings(html: str) -> dict[str, tuple[str, tuple[str, str, str]]]:
    """Heading id → (its search title, the fallback span's lang, dir, title) for each heading of
    a rendered page that is untranslated as a whole."""
    parser = Headings()
    parser.feed(html)
    parser.close()
    return parser.fallback()


def mark_toc(items: Any, headings: dict[str, tuple[str, tuple[str, str, str]]]) -> None:
    """Mark, in place, the table-of-contents entries of untranslated headings."""
    for item in items or ():
        found = headings.get(getattr(item, "id", None) or "")
        title = getattr(item, "title", None)
        if found and isinstance(title, str) and FALLBACK_CLASS not in title:
            lang, _, label = found[1]
            item.title = marked(Markup(title), lang, label)  # MkDocs' toc titles are HTML
        mark_toc(getattr(item, "children", None), headings)


#: Where a fallback span's text lies in a search section's text: (start, end, (lang, dir, title)).
SpanMark = tuple[int, int, tuple[str, str, str]]


def search_text(joined: str, marks: Any) -> tuple[str, str]:
    """(text, marked text) of one search section: `joined` is its text as Material's search
    plugin joins it (already escaped HTML: text and the few tags it keeps), before it strips it;
    `marks` where the page's fallback spans were in it. The marked text is the same text with
    each span put back (its language, direction and hover text), around the same characters."""
    text = joined.strip()
    lead = len(joined) - len(joined.lstrip())
    pieces: list[str] = []
    cursor = 0
    for start, end, (lang, _, label) in sorted(marks):
        start, end = max(start - lead, cursor), min(end - lead, len(text))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            pieces += [text[cursor:start], fallback_markup(text[start:end], lang, label)]
            cursor = end
    pieces.append(text[cursor:])
    return text, "".join(pieces)


def mark_search_index(
    path: Path,
    pages: dict[str, dict[str, tuple[str, tuple[str, str, str]]]],
    texts: dict[str, list[tuple[str, str]]] | None = None,
) -> None:
    """Mark the search index's untranslated text as the pages mark it (Material shows entry
    titles and texts as HTML). `pages`: page URL → its `fallback_headings`, whose entry titles
    are wrapped in the fallback span; `texts`: page URL → (text, marked text) of each of its
    sections in the search plugin's order (`search_text`), an entry's text replaced by its
    marked text only when it is that text. The file keeps the search plugin's compact JSON."""
    if not (pages or texts) or not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    changed = _mark_titles(data, pages) | _mark_texts(data, texts or {})
    if changed:
        write_text_atomic(path, json.dumps(data, separators=(",", ":"), default=str))


def _mark_texts(data: dict, texts: dict[str, list[tuple[str, str]]]) -> bool:
    """Put the fallback spans back into the texts of the entries of the pages in `texts`."""
    entries: dict[str, list[dict]] = {}
    for entry in data.get("docs") or []:
        url = str(entry.get("location", "")).partition("#")[0]
        if url in texts:
            entries.setdefault(url, []).append(entry)
    changed = False
    for url, found in entries.items():
        sections = texts[url]
        if len(found) != len(sections):  # not the sections this page was indexed in: leave it
            continue
        for entry, (text, marked_text) in zip(found, sections, strict=True):
            if marked_text != text and entry.get("text") == text:
                entry["text"] = marked_text
                changed = True
    return changed


def _mark_titles(data: dict, pages: dict[str, dict[str, tuple[str, tuple[str, str, str]]]]) -> bool:
    """Wrap the title of each entry that comes from an untranslated heading in the span."""
    changed = False
    for entry in data.get("docs") or []:
        url, _, anchor = str(entry.get("location", "")).partition("#")
        headings = pages.get(url)
        title = entry.get("title")
        if not headings or not isinstance(title, str) or FALLBACK_CLASS in title:
            continue
        # a page's first heading has no anchor in the index: it is found by its title
        found = (
            headings.get(anchor)
            if anchor
            else next((h for h in headings.values() if h[0] == title.strip()), None)
        )
        if found and found[0] == title.strip():
            lang, _, label = found[1]
            entry["title"] = str(marked(Markup(title.strip()), lang, label))
            changed = True
    return changed
