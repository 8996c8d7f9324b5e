"""Links to a place in a page (`#id`, `other.md#id`) must name a place the page has (GL129): a
heading's id, an attribute list's `#id` or an HTML `id`.

A page's ids are read from every text that makes it: a module page from its core text and every
region's overlay of it (a fill's heading is on that region's page), a lesson page and a guide
from their own. Heading ids are made as the sites make them (`dialect.SLUGIFY`, and `_1`, `_2`
for repeats). Ids Glocal writes itself (a facilitator note's `note-3`, footnotes' `fn:1`) and the
theme's (`__…`) are not judged. A link from a page to one of its own places works on every
language's site: translated headings keep the source's ids.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from urllib.parse import unquote, urlsplit

from markdown.extensions.toc import unique

from glocal.diagnostics import Diagnostic, Span
from glocal.load.validation import did_you_mean
from glocal.markdown import blocks
from glocal.markdown.dialect import SLUGIFY
from glocal.model import Project

#: An id written by the author: in an attribute list (`{#id}`, `{: .c #id}`, a span's
#: `[term]{#id}`) or in HTML (`id="id"`, `name="id"`).
_EXPLICIT = re.compile(r"\{[^{}\n]*?#([^\s{}#]+)[^{}\n]*\}|\b(?:id|name)=[\"']([^\"']+)[\"']")
#: Ids Glocal or the extensions write, the theme's, and `#top` (the top of any page, in HTML): not judged.
_GENERATED = re.compile(r"top|note-\d+|fn:.*|fnref:.*|__.*|_\d+")
_HEADING = re.compile(r"h[1-6]")
#: A link with a fragment, `](#x)`, `](page.md#x)` or a reference definition's `]: page.md#x`.
_FRAGMENT_LINK = re.compile(r"\]\(\s*<?[^()\s#]*#|\]:\s*<?[^\s#]*#")


def page_ids(texts: list[str]) -> set[str]:
    """Every id the page made of `texts` has (each text's headings numbered on their own, and
    with the page's numbering: both are taken)."""
    found: set[str] = set()
    together: set[str] = set()
    for text in texts:
        if not text.strip():
            continue
        for line in text.splitlines():
            named = "#" in line or "id=" in line or "name=" in line
            if named and not line.lstrip().startswith(":::"):  # a box's attributes give the page no id
                found.update(a or b for a, b in _EXPLICIT.findall(line))
        parsed = blocks.parse(text)
        alone: set[str] = set()
        for index, token in enumerate(parsed.tokens):
            if token.type != "inline" or not index or not _HEADING.fullmatch(parsed.tokens[index - 1].tag):
                continue
            if blocks.ATTR_LIST.search(token.content):
                continue  # its own id, found above
            children = token.children or []
            shown = "".join(c.content for c in children if c.type in ("text", "code_inline")) or token.content
            slug = SLUGIFY(shown, "-")
            found.add(unique(slug, alone))
            found.add(unique(slug, together))
    return found


def check(project: Project) -> Iterator[Diagnostic]:
    """GL129 for a link to a place a page does not have (a warning: the link still leads to the page)."""
    texts: dict[str, list[str]] = {}
    for module in project.modules.values():
        texts[module.path] = [module.body]
    for (_, module_id), overlay in project.overlays.items():
        filled = project.modules.get(module_id)
        if filled is not None:
            texts[filled.path].append(overlay.body)
    for lesson in project.pages.values():
        texts[lesson.path] = [lesson.body]
    cache: dict[str, set[str]] = {}

    def ids(path: str) -> set[str]:
        if path not in cache:
            cache[path] = page_ids(texts[path])
        return cache[path]

    sources = [(m.path, m.body, m.body_line, m.path) for m in project.modules.values()]
    sources += [
        (o.path, o.body, o.body_line, project.modules[m].path)
        for (_, m), o in project.overlays.items()
        if m in project.modules
    ]
    sources += [(p.path, p.body, p.body_line, p.path) for p in project.pages.values()]
    for path, body, offset, shown_on in sources:
        if not _FRAGMENT_LINK.search(body):
            continue  # most texts link to no place: not parsed again (500 modules, 5,000 overlays)
        for link in blocks.parse(body).links:
            if link.kind != "link" or "#" not in link.target or "{{" in link.target:
                continue
            parts = urlsplit(link.target.strip())
            if parts.scheme or parts.netloc or not parts.fragment:
                continue
            fragment = unquote(parts.fragment)
            if _GENERATED.fullmatch(fragment):
                continue
            if parts.path:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(shown_on), unquote(parts.path)))
                if target not in texts:
                    continue  # another kind of page, or none (GL113 says so)
            else:
                target = shown_on
            if fragment in ids(target):
                continue
            close = did_you_mean(fragment, sorted(ids(target)))
            yield Diagnostic(
                "GL129",
                f"link to '#{fragment}', which {'this page' if target == path else target} does not have: "
                "it leads to the top of the page",
                Span(path, link.line + offset, link.col),
                hint=close
                or "link to a heading's id (its words in lower case, joined by '-') or give "
                "the place an id of its own, {#id}",
            )
