"""No script reaches a facilitator's page from content, and names and titles show as written.

- `clean_page` (nh3 allow-list) removes what can run or load script, and keeps everything the
  Markdown extensions a site uses produce: the sample's own pages, rendered by MkDocs, and a
  page using the usual pymdownx extensions come out with the same DOM.
- End to end, a copy of the sample with hostile content in every authored place (overlay, region
  notes, `vars`, region name, programme and module titles) is built; no built file carries any of
  it live, and the names show once-escaped in `<title>`, header, navigation, home page and portal.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from material.extensions import emoji as material_emoji

from conftest import copy_sample, run_glocal
from glocal.markdown.sanitize import clean_page

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Dom(HTMLParser):
    """A document as a flat list of (kind, name, attributes) and text tokens, entities decoded.

    Two serialisations of one DOM give the same list (`<br />` or `<br>`, `&para;` or `¶`,
    attribute order). `<tbody>`, which an HTML parser inserts in every table, is left out.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        if tag != "tbody":
            self.tokens.append(("<", tag, tuple(sorted((k, v or "") for k, v in attrs))))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag not in VOID and tag != "tbody":
            self.tokens.append(("/", tag))

    def handle_data(self, data):
        if self.tokens and self.tokens[-1][0] == "text":
            self.tokens[-1] = ("text", self.tokens[-1][1] + data)
        else:
            self.tokens.append(("text", data))

    def handle_comment(self, data):
        self.tokens.append(("comment", data))


def dom(text: str) -> list[tuple]:
    parser = _Dom()
    parser.feed(text)
    parser.close()
    return parser.tokens


# --------------------------------------------------------------------------------------------
# Unit: what clean_page removes
# --------------------------------------------------------------------------------------------

HOSTILE = [
    ('<p>Hi<script>alert("x")</script></p>', "<p>Hi</p>"),
    ('<p><a href="javascript:alert(1)">go</a></p>', "<p><a>go</a></p>"),
    ('<p><a href="JaVa&#x53;cript:alert(1)">go</a></p>', "<p><a>go</a></p>"),
    ('<p><a href=" vbscript:msgbox(1)">go</a></p>', "<p><a>go</a></p>"),
    ('<p><a href="data:text/html,&lt;script&gt;x">go</a></p>', "<p><a>go</a></p>"),
    ('<p><img src="data:image/svg+xml,x" alt="a"></p>', '<p><img alt="a"></p>'),
    ('<p><img src="x.png" onerror="alert(1)" alt="a"></p>', '<p><img src="x.png" alt="a"></p>'),
    ('<p><em onmouseover="alert(1)">e</em></p>', "<p><em>e</em></p>"),
    (
        '<p><a href="https://example.org/" onclick="steal()">ok</a></p>',
        '<p><a href="https://example.org/">ok</a></p>',
    ),
    ('<iframe src="https://example.org/"></iframe><p>after</p>', "<p>after</p>"),
    ('<object data="x.swf"><embed src="x.swf"></object><p>after</p>', "<p>after</p>"),
    ("<style>body{display:none}</style><p>after</p>", "<p>after</p>"),
    (
        '<form action="https://example.org/"><input type="password" name="p">Name</form>',
        '<input name="p">Name',
    ),
    (
        '<svg onload="alert(1)"><script>alert(2)</script><path d="M0 0"/></svg>',
        '<svg><path d="M0 0"></path></svg>',
    ),
    (
        '<svg><a href="javascript:alert(1)"><rect width="5"/></a></svg>',
        '<svg><a><rect width="5"></rect></a></svg>',
    ),
    ('<svg><a xlink:href="javascript:alert(1)">x</a></svg>', "<svg><a>x</a></svg>"),
    ('<td style="position:fixed;top:0">x</td>', "x"),
    ("<p>a<!-- <script>alert(1)</script> -->b</p>", "<p>ab</p>"),
    ('<meta http-equiv="refresh" content="0;url=https://example.org/"><p>x</p>', "<p>x</p>"),
    ('<base href="https://example.org/"><p>x</p>', "<p>x</p>"),
    ('<div data-md-component="announce" onclick="x">d</div>', "<div>d</div>"),
    # the theme's own ids: its configuration, its search and drawer toggles
    (
        '<div id="__config">{"base": "https://example.org/"}</div>',
        '<div>{"base": "https://example.org/"}</div>',
    ),
    ('<label for="__search" class="md-overlay">x</label>', '<label class="md-overlay">x</label>'),
    ('<input type="checkbox" id="__drawer" name="__palette">', '<input type="checkbox">'),
    ('<h2 id="__toc">t</h2>', "<h2>t</h2>"),
]


@pytest.mark.parametrize(("raw", "expected"), HOSTILE, ids=[raw[:40] for raw, _ in HOSTILE])
def test_clean_page_removes_what_can_run_or_load_script(raw, expected):
    assert dom(clean_page(raw)) == dom(expected)


@pytest.mark.parametrize(
    "safe",
    [
        '<p><a href="https://example.org/a?b=1&amp;c=2">web</a> <a href="mailto:a@example.org">mail</a> '
        '<a href="tel:+4512345678">call</a> <a href="../modules/x.md#part">relative</a> '
        '<a href="#fn:1">anchor</a> <a href="http://example.org/">http</a></p>',
        '<table><thead><tr><th style="text-align: right;">n</th></tr></thead>'
        '<tbody><tr><td style="text-align: center;">1</td></tr></tbody></table>',
        '<p><img src="../assets/a.svg" alt="A &amp; B" title="t" width="300" loading="lazy"></p>',
        '<p><span class="glocal-fallback" lang="en" dir="ltr" title="Not yet translated">x</span></p>',
        '<p class="glocal-download"><a href="../../downloads/r-da.zip" download>zip</a></p>',
    ],
)
def test_clean_page_keeps_safe_html_as_it_is(safe):
    assert dom(clean_page(safe)) == dom(safe)


# --------------------------------------------------------------------------------------------
# What the Markdown extensions produce is kept
# --------------------------------------------------------------------------------------------

EXTENSIONS = [
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "footnotes",
    "toc",
    "abbr",
    "def_list",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tabbed",
    "pymdownx.highlight",
    "pymdownx.inlinehilite",
    "pymdownx.tasklist",
    "pymdownx.emoji",
    "pymdownx.mark",
    "pymdownx.caret",
    "pymdownx.tilde",
    "pymdownx.keys",
]
CONFIGS = {
    "toc": {"permalink": True},
    "pymdownx.tabbed": {"alternate_style": True},
    "pymdownx.highlight": {"linenums": True, "anchor_linenums": True},
    "pymdownx.tasklist": {"custom_checkbox": True},
    "pymdownx.emoji": {"emoji_index": material_emoji.twemoji, "emoji_generator": material_emoji.to_svg},
}
EVERY_EXTENSION = """# A page with every extension {#top .lead}

!!! note "An admonition"

    With a body.

??? tip "Details"

    Folded.

=== "First tab"

    One.

=== "Second tab"

    Two.

```python title="hello.py"
print("hello")
```

Inline `#!python x = 1`, ==marked==, ^^inserted^^, ~~deleted~~, ++ctrl+alt+del++, :smile: and
:material-account-group:. The HTML spec[^1] is an abbreviation.

*[HTML]: Hyper Text Markup Language

- [x] done
- [ ] to do

| left | right | centre |
|:-----|------:|:------:|
| a    | 1     | c      |

Term
:   Its definition.

![A diagram](diagram.svg){ width="300" title="The diagram" loading=lazy }

[A link](other.md#part){ .button #go }

<div markdown class="grid" id="g1">
*Markdown* inside HTML.
</div>

[^1]: A footnote.
"""


def test_clean_page_keeps_what_every_extension_produces():
    rendered = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS).convert(EVERY_EXTENSION)
    for produced in (
        "<svg",
        'class="tabbed-set',
        "task-list",
        "<abbr",
        "footnote",
        "headerlink",
        "highlight",
    ):
        assert produced in rendered  # the page really exercises each extension
    assert dom(clean_page(rendered)) == dom(rendered)


def _page_contents(config_file: Path):
    """(page, HTML) of every page of a staged site, rendered by MkDocs as a build does."""
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import get_files
    from mkdocs.structure.pages import Page

    config = MkDocsConfig(config_file_path=str(config_file))
    with open(config_file, "rb") as handle:
        config.load_file(handle)
    errors, _ = config.validate()
    assert not errors
    files = get_files(config)
    for file in files.documentation_pages():
        page = Page(None, file, config)
        page.read_source(config)
        page.render(config, files)
        yield file.src_uri, page.content


def test_clean_page_changes_nothing_on_the_sample(built_sample):
    """Every page of every sample site, before and after clean_page: the same DOM."""
    configs = sorted((built_sample / ".glocal" / "build").glob("*/*/mkdocs.yml"))
    assert len(configs) == 10
    pages = 0
    for config in configs:
        for uri, content in _page_contents(config):
            pages += 1
            assert dom(clean_page(content)) == dom(content), f"{config.parent.name}: {uri}"
    assert pages > 250


# --------------------------------------------------------------------------------------------
# End to end: hostile content everywhere, built
# --------------------------------------------------------------------------------------------

REGION_NAME = "<script>alert('pwned-name')</script> & Co"
PROGRAM_TITLE = '"quotes" & <b>'
MODULE_TITLE = "Vision </title><script>alert('pwned-title')</script> & <i>"
OVERLAY = """
::: facilitator
<script>alert('pwned-overlay')</script>
[a link](javascript:alert('pwned-js')) and *emphasis*{ onclick=alert('pwned-attr') }
and <a href="https://example.org/" onmouseover="alert('pwned-handler')">a safe link</a>
<iframe src="https://example.org/pwned-frame"></iframe>
<svg onload="alert('pwned-svg')"><path d="M0 0"/></svg>

A paragraph with a block attribute list.
{: onmouseover="alert('pwned-block')" }

### Debrief {: id='x" onmouseover="alert(pwned-toc)" style="position:fixed;inset:0' }

### Search {#__search}

<div id="__config">{"base": "https://example.org/pwned-config", "features": []}</div>
<label for="__drawer">Open the theme's drawer</label>

Material writes a table-of-contents entry's link unescaped: this id put a handler there.
:::
"""


def _set_line(path: Path, key: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    quoted = "'" + value.replace("'", "''") + "'"
    text, count = re.subn(rf"(?m)^{key}: .*$", lambda _: f"{key}: {quoted}", text, count=1)
    assert count == 1
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("hostile") / "sample")
    _set_line(root / "curriculum" / "program.yml", "title", PROGRAM_TITLE)
    _set_line(root / "curriculum" / "modules" / "shared-vision.md", "title", MODULE_TITLE)
    region = root / "toolkits" / "regions" / "nordics" / "region.yml"
    _set_line(region, "name", REGION_NAME)
    text = region.read_text(encoding="utf-8")
    text = text.replace(
        "  data_law: the GDPR",
        "  data_law: \"the GDPR<script>alert('pwned-var')</script><img src=x onerror=alert('pwned-var')>\"",
    )
    text = re.sub(
        r"(?ms)^notes: >-\n.*\Z",
        "notes: \"Notes <img src=x onerror=alert('pwned-notes')> <a href='javascript:pwned()'>here</a>\"\n",
        text,
    )
    region.write_text(text, encoding="utf-8")
    overlay = root / "toolkits" / "regions" / "nordics" / "shared-vision.md"
    overlay.write_text(overlay.read_text(encoding="utf-8") + OVERLAY, encoding="utf-8")
    labels = root / "locales" / "en" / "ui.po"  # a project's labels come from translators too
    labels.parent.mkdir(parents=True, exist_ok=True)
    labels.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Page not found"\nmsgstr "<script>alert(\'pwned-404\')</script>"\n\n'
        'msgid "Permanent link"\nmsgstr "x\\" onmouseover=\\"alert(\'pwned-permalink\')"\n',
        encoding="utf-8",
    )
    run = run_glocal("-C", root, "build", "nordics/en")
    assert run.code in (0, 1), run.out + run.err
    assert (root / "site" / "nordics" / "en" / "index.html").is_file(), run.out
    return root


class _Live(HTMLParser):
    """Everything in a document that can run script: script text, handlers, script URLs, frames."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        if tag in ("iframe", "object", "embed", "frame", "applet"):
            self.found.append(f"<{tag}>")
        self.in_script = tag == "script"
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            if value.startswith(("javascript:", "vbscript:", "data:text")):
                self.found.append(f"<{tag} {name}={value}>")
            if tag == "script" and "pwned" in value:
                self.found.append(f"<script {name}={value}>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        if self.in_script and "pwned" in data:
            self.found.append(f"script: {data.strip()[:60]}")


def test_no_hostile_content_is_live_in_any_built_file(hostile_site):
    files = [p for p in (hostile_site / "site").rglob("*") if p.suffix in (".html", ".js", ".json")]
    html_files = [p for p in files if p.suffix == ".html"]
    assert len(html_files) > 30
    for path in html_files:
        live = _Live()
        live.feed(path.read_text(encoding="utf-8"))
        assert live.found == [], path
    for path in files:
        if path.suffix != ".html" and "/assets/" not in path.as_posix():
            assert "<script>alert" not in path.read_text(encoding="utf-8"), path
    home = (hostile_site / "site" / "nordics" / "en" / "index.html").read_text(encoding="utf-8")
    module = (hostile_site / "site" / "nordics" / "en" / "modules" / "shared-vision.html").read_text(
        encoding="utf-8"
    )
    assert "Notes" in home and "a safe link" in module  # the content is there, only what could run is gone
    missing = (hostile_site / "site" / "nordics" / "en" / "404.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;pwned-404&#39;)&lt;/script&gt;" in missing  # the label, as text
    assert 'title="x&quot; onmouseover=&quot;alert(' in module
    assert 'href="https://example.org/"' in module
    # the heading's table-of-contents entry still leads to it, under a plain id
    renamed = "x-onmouseover-alert-pwned-toc-style-position:fixed-inset:0"
    assert f'href="#{renamed}"' in module and f'id="{renamed}"' in module
    # the theme's own ids stay the theme's: one each, and the heading's entry leads to it
    for theme_id in ("__config", "__search", "__drawer"):
        assert module.count(f'id="{theme_id}"') == 1, theme_id
    assert "pwned-config" in module.split('id="__config"')[0]  # the author's text, as text, first
    assert 'for="__drawer"' not in module.split("<article")[1].split("</article>")[0]
    assert 'href="#search"' in module and 'id="search"' in module


def _texts(page: str, pattern: str) -> list[str]:
    """The decoded text of every match of `pattern` (one group: an element's HTML content)."""
    return [html.unescape(m).strip() for m in re.findall(pattern, page, re.S)]


def test_names_and_titles_show_as_written(hostile_site):
    """Decoded once, every place shows exactly the name: escaped once, never twice, never live."""
    site = hostile_site / "site" / "nordics" / "en"
    home = (site / "index.html").read_text(encoding="utf-8")
    module = (site / "modules" / "shared-vision.html").read_text(encoding="utf-8")
    site_name = f"{PROGRAM_TITLE} · {REGION_NAME}"
    assert _texts(home, r"<title>(.*?)</title>") == [site_name]
    assert _texts(module, r"<title>(.*?)</title>") == [f"{MODULE_TITLE} - {site_name}"]
    for page in (home, module):
        header = r'<div class="md-header__topic">\s*<span class="md-ellipsis">(.*?)</span>'
        assert _texts(page, header) == [site_name]
        assert re.findall(r'<a href="[^"]*" title="([^"]*)" class="md-header__button md-logo"', page) != []
        assert {html.unescape(t) for t in re.findall(r'title="([^"]*)" class="md-header__button', page)} == {
            site_name
        }
        nav = _texts(
            page,
            r'<a href="(?:(?:\.\./)?modules/)?shared-vision\.html" class="md-nav__link[^"]*">'
            r'\s*<span class="md-ellipsis">(.*?)</span>',
        )
        assert nav and set(nav) == {MODULE_TITLE}
        assert "<b>" not in page and "<i>" not in page and "</title><script>" not in page
    assert _texts(home, r"<h1[^>]*>(.*?)<a class=\"headerlink\"") == [PROGRAM_TITLE]
    assert f"About this edition: {REGION_NAME}" in _texts(home, r"<h2[^>]*>(.*?)<a class=\"headerlink\"")
    agenda = _texts(home, r'<a href="modules/shared-vision.html">(.*?)</a>')
    assert agenda == [MODULE_TITLE]
    assert f"Local adaptation · {REGION_NAME}" in _texts(
        module, r'<p class="admonition-title">(.*?)</p>'
    ) or (f"Facilitator note · {REGION_NAME}" in _texts(module, r"<summary>(.*?)</summary>"))


def test_the_portal_escapes_names_and_titles(hostile_site):
    portal = (hostile_site / "site" / "index.html").read_text(encoding="utf-8")
    live = _Live()
    live.feed(portal)
    assert live.found == []
    assert REGION_NAME in _texts(portal, r"<td>(.*?)</td>")
    assert _texts(portal, r"<h1>(.*?)</h1>") == [PROGRAM_TITLE]
    assert "&amp;amp;" not in portal


@pytest.mark.parametrize(
    "kept",
    [
        '<span id="__span-0-1"><a href="#__codelineno-0-1" id="__codelineno-0-1" '
        'name="__codelineno-0-1"></a>x</span>',
        '<h2 id="__init__py">__init__.py</h2>',  # a heading's own slug
        '<input type="radio" id="__tabbed_1_2" name="__tabbed_1"><label for="__tabbed_1_2">B</label>',
    ],
)
def test_other_double_underscore_names_are_anyones(kept):
    """Only the ids the theme's templates give its own elements are refused (read from them)."""
    assert dom(clean_page(kept)) == dom(kept)


def test_the_theme_ids_are_the_themes_and_no_other_double_underscore_name():
    from glocal.markdown.sanitize import theme_owns

    assert all(
        theme_owns(name) for name in ("__config", "__drawer", "__search", "__toc", "__consent", "__palette_3")
    )
    assert not any(
        theme_owns(name) for name in ("__init__py", "__span-0-1", "__codelineno-0-1", "__tabbed_1_1")
    )
