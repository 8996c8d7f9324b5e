"""Glocal's MkDocs plugin, listed in every staged site's `mkdocs.yml` (entry point `glocal`).

It is what makes a staged site a plain MkDocs project that MkDocs alone builds exactly as Glocal
does (`mkdocs build -f .glocal/build/<region>/<language>/mkdocs.yml`):

- every page's HTML passes Glocal's allow-list sanitizer after Markdown rendering, so no authored
  text (core, overlay, translation, variable) can put script on a facilitator's page;
- untranslated text is marked in navigation, table of contents, the site name and search
  results (titles and texts) as body text is (glocal.build.fallback);
- the theme's Jinja templates are compiled once per process and reused by every later site built
  in the same process (a bytecode cache keyed by the template's source), which is what a build of
  many sites spends most of its template time on. The cache never changes what a page contains.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2
import material.plugins.search.plugin as material_search
from material.plugins.search.plugin import Parser as SearchParser
from mkdocs.plugins import BasePlugin, event_priority

from glocal.build import fallback, search_index
from glocal.markdown import sanitize


class _SharedBytecode(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the life of the process, keyed by name and source.

    Jinja checks the source's checksum before it uses a bucket, so a template whose text differs
    (another site's override, another language partial) is compiled afresh, never confused.
    """

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return name  # the same template from another site's copy of the theme is the same template

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


#: One cache per kind of Jinja environment (its options shape the compiled code).
_CACHES: dict[tuple, _SharedBytecode] = {}


def _signature(env: jinja2.Environment) -> tuple:
    return (
        repr(env.autoescape),
        tuple(sorted(env.extensions)),
        env.block_start_string,
        env.variable_start_string,
        env.comment_start_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
    )


def share_compiled(env: jinja2.Environment) -> jinja2.Environment:
    """Give `env` the process's cache of compiled templates for environments like it."""
    env.bytecode_cache = _CACHES.setdefault(_signature(env), _SharedBytecode())
    return env


class _SearchSections(SearchParser):
    """Material's own search parser (the sections and texts of the search index, exactly), which
    also notes where the text of each fallback span of the page lies in its section's text, and
    which headings are untranslated as a whole (`fallback.fallback_headings`, from the same
    parse). Material's search plugin indexes a page with fallback spans with it (`_index_pages`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.marks: dict[Any, list[fallback.SpanMark]] = {}  # section → its spans
        self._open: list[tuple[Any, Any, int, tuple[str, str, str]]] = []  # (span, section, start, mark)
        self.headings = fallback.Headings()  # fed the same tags and text

    def handle_data(self, data: str) -> None:
        super().handle_data(data)
        self.headings.handle_data(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        super().handle_starttag(tag, attrs)
        self.headings.handle_starttag(tag, attrs)
        if tag != "span":
            return
        values = {name: value or "" for name, value in attrs}
        if fallback.FALLBACK_CLASS not in values.get("class", "").split():
            return
        span = self.context[-1]
        # a heading's title is marked by its own rule; a span inside a span by the outer one
        section = None if self._open or self.section.el in self.context else self.section
        mark = (values.get("lang", ""), values.get("dir", ""), values.get("title", ""))
        self._open.append((span, section, _length(section.text) if section else 0, mark))

    def handle_endtag(self, tag: str) -> None:
        self.headings.handle_endtag(tag)
        top = self.context[-1] if self.context else None
        current = self.section
        super().handle_endtag(tag)
        if self._open and top is self._open[-1][0] and (not self.context or self.context[-1] is not top):
            _, section, start, mark = self._open.pop()
            if section is not None and section is current:
                self.marks.setdefault(section, []).append((start, _length(section.text), mark))

    def texts(self) -> list[tuple[str, str]]:
        """(text, marked text) of each section the search plugin indexes, in its order."""
        return [
            fallback.search_text("".join(section.text), self.marks.get(section, ()))
            for section in self.data
            if not section.is_excluded()
        ]


def _length(parts: list[str]) -> int:
    return sum(len(part) for part in parts)


def search_texts(html: str) -> list[tuple[str, str]]:
    """(text, marked text) of each search section of a page's HTML (`fallback.search_text`)."""
    parser = _SearchSections()
    parser.feed(html)
    parser.close()
    return parser.texts()


#: Page URL → the parser Material's search plugin indexed it with, for pages with fallback spans.
_INDEXED: dict[str, _SearchSections] = {}


def _index_pages() -> None:
    """Make Material's search plugin index a page that has fallback spans with `_SearchSections`
    (its own parser, which notes the spans and untranslated headings as it goes), so that page
    is parsed once for the index and for Glocal, not three times. Other pages are indexed as
    Material does. Installed once per process."""
    index = material_search.SearchIndex
    original = index.add_entry_from_context
    if getattr(original, "glocal", False):
        return

    def add_entry_from_context(self: Any, page: Any) -> None:
        if fallback.FALLBACK_CLASS not in (page.content or ""):
            original(self, page)
            return
        made: list[_SearchSections] = []

        def parser(*args: Any, **kwargs: Any) -> _SearchSections:
            made.append(_SearchSections(*args, **kwargs))
            return made[-1]

        material_search.Parser = parser  # the name Material's method makes its parser by
        try:
            original(self, page)
        finally:
            material_search.Parser = SearchParser
        if len(made) == 1:  # none: the page is excluded from search
            _INDEXED[page.url] = made[0]

    add_entry_from_context.glocal = True  # type: ignore[attr-defined]
    index.add_entry_from_context = add_entry_from_context


#: A heading id the table of contents may carry as written: letters and digits of any script,
#: `-`, `_`, `.` and `:` (what the toc extension's slugs and Glocal's `{#id}` give).
_SAFE_ID = re.compile(r"[\w.:-]+")


def _attribute_text(value: str) -> str:
    """`value` as Python-Markdown writes it in a double-quoted attribute."""
    return (
        value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    ).replace("\n", "&#10;")


def safe_heading_ids(toc: Any, html: str) -> str:
    """Give each heading whose id is not plain (an author's `{: id='x" onmouseover="…"' }`) a
    plain one, in the table of contents and on the page alike. Material writes a TOC entry's
    link as `href="{{ toc_item.url }}"`, unescaped: that id put a live event handler in every
    page's navigation, over the whole page. The page's own copy was escaped (and is renamed too,
    so that its entry still leads to it). A heading that takes one of the theme's own ids
    (`{#__search}`: `sanitize.theme_owns`) is renamed the same way, or the page would lose it."""
    taken = {item.id for item in _toc_items(toc)}
    for item in _toc_items(toc):
        if not item.id or (_SAFE_ID.fullmatch(item.id) and not sanitize.theme_owns(item.id)):
            continue  # (an empty one carries nothing, and `href="#"` is every empty link's)
        base = re.sub(r"[^\w.:-]+", "-", item.id).strip("-").lstrip("_") or "section"
        new, number = base, 1
        while new in taken:
            number += 1
            new = f"{base}-{number}"
        taken.add(new)
        old = _attribute_text(item.id)
        html = html.replace(f'id="{old}"', f'id="{new}"').replace(f'href="#{old}"', f'href="#{new}"')
        item.id = new
    return html


def _toc_items(items: Any):
    for item in items or ():
        yield item
        yield from _toc_items(item.children)


def _search_language(config: Any, wanted: Any) -> None:
    """Give the search plugin the language Glocal chose for it (`theme.search_language`: one
    Material ships a lunr stemmer for). MkDocs' own option reads its own, smaller list of
    languages, which has no Hebrew (or Korean...): it dropped `he` for English, silently, though
    Material's search had the Hebrew stemmer."""
    search = search_index.search_plugin(config)
    if search is not None and isinstance(wanted, list) and wanted and search.config["lang"] != wanted:
        search.config["lang"] = list(wanted)  # (an item: the index is written from the items)


class GlocalPlugin(BasePlugin):
    """Sanitizes page HTML, marks untranslated titles; shares compiled theme templates between
    the sites of one process."""

    def __init__(self) -> None:
        super().__init__()
        self.fallback_headings: dict[str, dict] = {}  # page URL → its untranslated headings
        self.fallback_texts: dict[str, list[tuple[str, str]]] = {}  # page URL → its search texts
        self.dirty = False
        self.previous_docs: list | None = None  # a dirty build's previous search entries

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.dirty = dirty

    def on_env(self, env: jinja2.Environment, /, *, config: Any, files: Any) -> jinja2.Environment:
        share_compiled(env)
        return env

    @event_priority(100)  # before the search plugin makes its index from its settings
    def on_config(self, config: Any) -> Any:
        _index_pages()
        config.site_name = sanitize.escape_title(config.site_name)  # text: a region or programme name
        glocal = config.extra.get("glocal")
        parts = glocal.get("site_name") if isinstance(glocal, dict) else None
        if parts and any(part.get("lang") for part in parts):  # an untranslated part: marked
            html, text = fallback.site_name(parts, glocal.get("not_translated") or "")
            glocal["site_name_html"], glocal["site_name_title"] = html, text
        _search_language(config, glocal.get("search_lang") if isinstance(glocal, dict) else None)
        search_index.forget(config)
        return config

    def on_nav(self, nav: Any, /, *, config: Any, files: Any) -> Any:
        sanitize.escape_nav(nav.items)  # Glocal's nav titles are text (module titles, labels)
        glocal = config.extra.get("glocal") or {}
        fallback.mark_nav(nav.items, glocal.get("fallback") or {}, glocal.get("not_translated") or "")
        return nav

    def on_pre_build(self, *, config: Any) -> None:
        self.fallback_headings = {}
        self.fallback_texts = {}
        _INDEXED.clear()
        self.previous_docs = search_index.previous(config, self.dirty)

    def on_page_content(self, html: str, /, *, page: Any, config: Any, files: Any) -> str:
        return sanitize.clean_page(safe_heading_ids(page.toc, html))

    @event_priority(-100)  # after the search plugin has indexed the page (its parse is reused)
    def on_page_context(self, context: Any, /, *, page: Any, config: Any, nav: Any) -> Any:
        # nh3 writes every attribute value back plainly (no character references), so a page
        # without the class's name has no fallback span: most pages are not looked at again
        indexed = _INDEXED.pop(page.url, None)
        if fallback.FALLBACK_CLASS not in (page.content or ""):
            return context
        if indexed is None:  # search is off, or the page is excluded from it: headings only
            headings = fallback.fallback_headings(page.content)
        else:
            headings = indexed.headings.fallback()
            self.fallback_texts[page.url] = indexed.texts()  # the search index drops the spans
        if headings:  # the table of contents is rendered after this event, with the marks
            fallback.mark_toc(page.toc, headings)
            self.fallback_headings[page.url] = headings
        return context

    def on_post_build(self, *, config: Any) -> None:
        # after the search plugin writes the index, before the offline plugin inlines it (-100)
        index = Path(config.site_dir) / "search" / "search_index.json"
        if self.previous_docs is not None:  # a dirty build's index holds only the pages it rendered
            search_index.merge(index, self.previous_docs)
            self.previous_docs = None
        fallback.mark_search_index(index, self.fallback_headings, self.fallback_texts)
