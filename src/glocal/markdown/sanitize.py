"""The allow-list every page's HTML passes after Markdown rendering, and escaping for site titles.

Authored text reaches a page from many hands (core modules, overlays, translations, region
notes, variables), and Markdown passes raw HTML and attribute lists through. `clean_page` keeps
what Glocal's Markdown dialect and the usual Python-Markdown / pymdownx extensions produce
(admonitions, details, tabs, highlighted code, tables, footnotes, heading permalinks, task
lists, abbreviations, inline SVG icons) and removes the rest with nh3 (the Ammonia sanitizer):
scripts, frames, objects, forms, style sheets, event-handler attributes and URLs outside
http, https, mailto, tel and relative ones (no `data:`, not even for images: an inlined SVG
document is not worth the risk on a site that ships its images as files). Extensions that emit
`<script>` themselves are not supported as such (pymdownx.arithmatex: use its `generic` mode).

Titles (the site name, navigation titles) are text: `escape_title` makes them markup-safe
once, so MkDocs Material's templates show them as written whether they print them plainly or
through `| e`.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from pathlib import Path
from typing import Any

import nh3
from markupsafe import Markup, escape

#: Elements kept (their attributes are filtered by ATTRIBUTES).
TAGS: frozenset[str] = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col",
        "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd", "label", "li",
        "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "section", "small", "span",
        "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time",
        "tr", "u", "ul", "var", "wbr",
        # inline icons (pymdownx.emoji with Material's icon index); no <use>, <image>, <foreignObject>
        "svg", "g", "path", "circle", "ellipse", "line", "polygon", "polyline", "rect",
    }
)  # fmt: skip

#: Elements removed together with everything inside them (the rest lose only their tags).
DROPPED_WITH_CONTENT: frozenset[str] = frozenset(
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "template",
        "noscript", "noembed", "noframes", "xmp", "plaintext", "textarea", "select", "button",
        "math", "title", "meta", "link", "base",
    }
)  # fmt: skip

_SVG_PAINT = {
    "fill", "fill-rule", "clip-rule", "stroke", "stroke-width", "stroke-linecap",
    "stroke-linejoin", "opacity", "transform",
}  # fmt: skip

#: Attributes kept, per element ("*": on every element). No event handlers, no `style` except
#: the text alignment Markdown tables write, no `data-*` except those the extensions write.
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "lang", "dir", "role"},
    "a": {"href", "hreflang", "download", "name", "rel", "target"},
    "img": {"src", "alt", "width", "height", "loading", "align"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "style", "scope"},
    "col": {"span"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "details": {"open"},
    "input": {"checked", "disabled", "name"},  # `type` below: task lists and tabs only
    "label": {"for"},
    "div": {"data-tabs"},  # pymdownx.tabbed
    "span": {"data-linenos"},  # pymdownx.highlight line numbers
    "time": {"datetime"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "svg": {"xmlns", "viewBox", "width", "height", "version", "preserveAspectRatio", "focusable"}
    | _SVG_PAINT,
    "g": set(_SVG_PAINT),
    "path": {"d"} | _SVG_PAINT,
    "circle": {"cx", "cy", "r"} | _SVG_PAINT,
    "ellipse": {"cx", "cy", "rx", "ry"} | _SVG_PAINT,
    "line": {"x1", "y1", "x2", "y2"} | _SVG_PAINT,
    "polygon": {"points"} | _SVG_PAINT,
    "polyline": {"points"} | _SVG_PAINT,
    "rect": {"x", "y", "width", "height", "rx", "ry"} | _SVG_PAINT,
}

#: Attributes kept only with one of these values.
ATTRIBUTE_VALUES: dict[str, dict[str, set[str]]] = {"input": {"type": {"checkbox", "radio"}}}

#: URL schemes a link, image or citation may use; relative URLs (`../x.md`, `#id`) always pass.
#: No `data:` (an SVG or HTML document inlined in a link), `javascript:`, `vbscript:`, `file:`.
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto", "tel"})

#: The only inline style kept: a table cell's alignment, as Python-Markdown's tables write it.
_ALIGNMENT = re.compile(r"\s*text-align\s*:\s*(left|right|center|justify)\s*;?\s*", re.I)

#: Attributes that name an element of the page, and so could name one of the theme's.
_NAMING = frozenset({"id", "for", "name"})

#: A name in one of the theme's templates: `id="__drawer"`, `name="__palette"`, or a prefix
#: (`__palette_{{ loop.index0 }}`).
_TEMPLATE_ID = re.compile(r'\b(?:id|for|name)="(__[A-Za-z0-9_-]+)(\{\{)?')


@functools.lru_cache(maxsize=1)
def _theme_ids() -> tuple[frozenset[str], tuple[str, ...]]:
    """The ids MkDocs Material's templates give its own elements (exact ones, and prefixes of
    numbered ones), read from the installed theme, so that its next version's are known too;
    the ones of Material 9.7 to 9.8 should the theme not be found."""
    exact = {
        "__analytics",
        "__config",
        "__consent",
        "__drawer",
        "__palette",
        "__search",
        "__settings",
        "__toc",
    }
    prefixes = {"__palette_"}
    try:
        spec = importlib.util.find_spec("material")  # (found, not imported: the theme is the build's)
        locations = list(spec.submodule_search_locations or []) if spec else []
        for path in (p for folder in locations for p in (Path(folder) / "templates").rglob("*.html")):
            for name, numbered in _TEMPLATE_ID.findall(path.read_text(encoding="utf-8", errors="replace")):
                (prefixes if numbered else exact).add(name)
    except (ImportError, OSError, ValueError):
        pass
    return frozenset(exact), tuple(sorted(prefixes))


def theme_owns(name: str) -> bool:
    """Whether an id (or a label's `for`, an input's `name`) is one MkDocs Material's own page
    elements use: `__search`, `__drawer`, `__toc`, `__palette_0`, and `__config`, whose text the
    theme's script reads as its configuration (the first element of that id in the page wins,
    and the article comes before the theme's own). Authored HTML may not take them: a
    `<label for="__search">` or an element with `id="__config"` works the theme's controls or
    rewrites its settings. Other `__` names are anyone's: the extensions' (`__tabbed_1_2`,
    `__codelineno-0-3`, `__span-0-1`) and a heading's (`` ## `__init__.py` `` is `__init__py`)."""
    exact, prefixes = _theme_ids()
    return name in exact or name.startswith(prefixes)


def _attribute(element: str, attribute: str, value: str) -> str | None:
    if attribute == "style":
        return value if _ALIGNMENT.fullmatch(value) else None
    if attribute in _NAMING and theme_owns(value):
        return None
    return value


def clean_page(html: str, schemes: frozenset[str] = URL_SCHEMES) -> str:
    """A page's HTML with everything outside the allow-list removed (safe HTML is kept as is).

    `schemes`: the URL schemes links and images may use (a pack's PDFs also pass `file:`, which
    their URL fetcher then judges and reports, GL544)."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=_attribute,
        tag_attribute_values={tag: dict(values) for tag, values in ATTRIBUTE_VALUES.items()},
        url_schemes=set(schemes),
        generic_attribute_prefixes={"aria-"},
        link_rel=None,  # keep links as written: no rel added
        strip_comments=True,
    )


def escape_title(text: Any) -> Any:
    """A text title made markup-safe, once: `<` and `&` show as written, `| e` escapes no further.

    Anything that is not a plain string (None, or a title already escaped) is left as it is.
    """
    if isinstance(text, Markup) or not isinstance(text, str):
        return text
    return escape(text)


def escape_nav(items: Any) -> None:
    """Escape the titles a site's navigation was given (sections, pages, links), in place.

    Titles MkDocs reads from a page's own heading later are HTML already and are not touched.
    """
    for item in items or ():
        title = getattr(item, "title", None)
        if isinstance(title, str):
            item.title = escape_title(title)
        escape_nav(getattr(item, "children", None))
