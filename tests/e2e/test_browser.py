"""Real-browser tests of the generated sites: Playwright (sync API) driving Debian's Chromium.

The sample project is built once per session (`built_sample`); pages are opened from file://
(as a facilitator opens an offline copy) or from a local `http.server` (as a web host serves
them). A full-page screenshot of every site and of the portal is saved to
test-artifacts/screenshots/ for people to look at.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml
from playwright.sync_api import Browser, Page, expect, sync_playwright

from conftest import REPO, run_glocal

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
TIMEOUT_MS = 15_000
VIEWPORT = {"width": 1400, "height": 900}  # wide enough (>= 76.25em) for Material's navigation sidebar
SAMPLE_SITES = (
    "benelux/nl",
    "benelux/en",
    "egypt/ar",
    "egypt/en",
    "global/en",
    "nordics/da",
    "nordics/nb",
    "nordics/en",
    "vietnam/vi",
    "vietnam/en",
)
INDIGO = (
    "rgb(64, 81, 181)"  # Material's indigo (#4051b5), the palette of mkdocs.yml: proof the stylesheets loaded
)

expect.set_options(timeout=TIMEOUT_MS)


# --------------------------------------------------------------------------- fixtures and helpers


def _chromium_problem() -> str | None:
    if not CHROMIUM.is_file():
        return (
            f"Chromium is missing: {CHROMIUM} does not exist. The browser tests drive Debian's "
            "Chromium (apt-get install chromium); `playwright install` cannot download browsers here."
        )
    if not CHROMIUM.stat().st_mode & 0o111:
        return f"Chromium is not executable: {CHROMIUM}"
    return None


def test_chromium_is_installed():
    problem = _chromium_problem()
    assert problem is None, problem


class _NoBrowser:
    """Stands in for the browser and the page when Chromium is missing: the first use fails the test
    (FAILED with the reason, in the test itself, rather than an ERROR in a fixture or a skip)."""

    def __init__(self, problem: str):
        self._problem = problem

    def __getattr__(self, name: str):
        raise AssertionError(self._problem)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser | _NoBrowser]:
    problem = _chromium_problem()
    if problem:
        yield _NoBrowser(problem)
        return
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Browser | _NoBrowser) -> Iterator[Page | _NoBrowser]:
    if isinstance(browser, _NoBrowser):
        yield browser
        return
    context = browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@contextmanager
def _serve(directory: Path) -> Iterator[str]:
    """Serve DIRECTORY on 127.0.0.1 and a free port; yield the base URL (no trailing slash)."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory))
    )
    thread = threading.Thread(target=server.serve_forever, name="glocal-test-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def site(built_sample: Path) -> Path:
    return built_sample / "site"


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    with _serve(site) as base:
        yield base


@pytest.fixture(scope="session")
def modules(built_sample: Path) -> list[str]:
    program = yaml.safe_load((built_sample / "curriculum/program.yml").read_text(encoding="utf-8"))
    return list(program["modules"])


def _origin(url: str) -> str:
    parsed = urlparse(url)
    return f"{parsed.scheme}://{parsed.netloc}"


def _path_of(url: str) -> str:
    return unquote(urlparse(url).path)


def _screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 1000, f"screenshot {target} is empty"
    return target


def _search(page: Page, query: str, expected_path_suffix: str) -> list[str]:
    """Type QUERY into Material's search box; wait until a result links to EXPECTED_PATH_SUFFIX.

    Returns the paths of all result links."""
    box = page.locator("input.md-search__input")
    box.click()
    page.keyboard.type(query)
    expect(box).to_have_value(query)
    hit = page.locator(f'a.md-search-result__link[href*="{expected_path_suffix}"]').first
    try:
        expect(hit).to_be_visible()
    except AssertionError:
        shown = (
            page.locator(".md-search-result").inner_text()
            if page.locator(".md-search-result").count()
            else ""
        )
        raise AssertionError(
            f"searching {query!r} on {page.url} listed no link to {expected_path_suffix}; "
            f"results panel: {shown!r}"
        ) from None
    return [
        _path_of(href)
        for href in page.locator("a.md-search-result__link").evaluate_all("els => els.map(e => e.href)")
    ]


def _open_language_switcher(page: Page) -> None:
    button = page.locator(".md-header__option .md-select button")
    expect(button).to_be_visible()
    button.hover()
    if not page.locator("a.md-select__link[hreflang]").first.is_visible():
        button.click()  # focus-within opens it too


# --------------------------------------------------------------------------- 1. language switcher


@pytest.mark.parametrize("transport", ["file", "http"])
def test_language_switcher_lands_on_the_same_page(page: Page, site: Path, server: str, transport: str):
    root = site.as_uri() if transport == "file" else server
    for language in ("nb", "en"):
        start = f"{root}/nordics/da/modules/co-creation.html"
        page.goto(start)
        assert page.evaluate("document.documentElement.lang") == "da"
        _open_language_switcher(page)
        link = page.locator(f'a.md-select__link[hreflang="{language}"]')
        expect(link).to_be_visible()
        with page.expect_navigation() as navigation:
            link.click()
        expected = f"/nordics/{language}/modules/co-creation.html"
        page.wait_for_url(f"**{expected}")
        assert _path_of(page.url).endswith(expected), (start, language, page.url)
        if transport == "http":
            assert navigation.value is not None and navigation.value.status == 200, page.url
        # really that page, in that language: its own <html lang>, a heading, and the same module's
        # handout link
        assert page.evaluate("document.documentElement.lang") == language
        expect(page.locator("article h1")).to_be_visible()
        handout = page.locator("article a.glocal-handout-link")
        expect(handout).to_have_attribute("href", "../handouts/co-creation.html")
        assert page.locator(f'a.md-select__link[hreflang="{language}"][aria-current="true"]').count() == 1


# --------------------------------------------------------------------------- 2. search in the site's language


@pytest.mark.parametrize("key,query", [("nordics/da", "samskabelse"), ("vietnam/vi", "đồng sáng tạo")])
def test_search_in_the_sites_language(page: Page, server: str, key: str, query: str):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{server}/{key}/index.html")
    language = key.split("/")[1]
    results = _search(page, query, "modules/co-creation.html")
    assert f"/{key}/modules/co-creation.html" in results, results
    # every result stays in this site
    assert all(path.startswith(f"/{key}/") for path in results), results
    # the index was built for this language: the worker loaded this language's lunr pipeline
    assert any(
        _path_of(url).endswith(f"/{key}/assets/javascripts/lunr/min/lunr.{language}.min.js")
        for url in requested
    ), sorted({_path_of(u) for u in requested})


# --------------------------------------------------------------------------- 3. right to left

ARABIC_PROGRAM = """\
id: demo
title: Demo programme
source_language: en
modules:
  - intro
"""

ARABIC_MODULE = """\
---
id: intro
title: Introduction
duration: 60
objectives:
  - Explain why partnerships matter
slots:
  case-study:
    brief: A partnership from your region.
    max_words: 50
    required: true
---

# Introduction

Good training partnerships start from the business strategy, not from a course catalogue.

::: facilitator
Ask the group for one example from their own work.
:::

::: activity {duration=20}
In pairs, list three goals your organisation shares with its training partner.
:::

::: slot case-study
A manufacturer and its training provider agreed on shared safety goals.
:::

Why does the site need `dir="rtl"`?

```yaml
dir: "rtl"
```
"""

#: Inline code in an Arabic sentence: the code's closing quote sits between Latin and Arabic
#: letters, so the bidi algorithm moves it to the code's left unless the code is an isolated run.
ARABIC_CATALOG = {'Why does the site need `dir="rtl"`?': 'لماذا يحتاج الموقع إلى `dir="rtl"`؟'}

ARABIC_REGION = """\
id: arabia
name: Arabia
languages: [ar, en]
locales: {ar: ar_EG, en: en_GB}
timezone: Africa/Cairo
day_start: "09:00"
"""

ARABIC_OVERLAY = """\
::: fill case-study
A Cairo logistics firm and a local college built a warehouse programme together.
:::
"""


#: The left edge of each character of an element's text, in the order the characters are written.
CHARACTER_LEFTS = """element => {
    const text = element.firstChild, lefts = [];
    for (let i = 0; i < text.length; i++) {
        const range = document.createRange();
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        lefts.push(range.getBoundingClientRect().left);
    }
    return lefts;
}"""


def _layout(page: Page) -> tuple[dict, dict]:
    sidebar = page.locator(".md-sidebar--primary")
    content = page.locator(".md-content")
    expect(sidebar).to_be_visible()
    expect(content).to_be_visible()
    return sidebar.bounding_box(), content.bounding_box()


def test_arabic_site_is_right_to_left(page: Page, glocal, tmp_path: Path):
    root = tmp_path / "arabic"
    for relative, text in {
        "curriculum/program.yml": ARABIC_PROGRAM,
        "curriculum/modules/intro.md": ARABIC_MODULE,
        "toolkits/regions/arabia/region.yml": ARABIC_REGION,
        "toolkits/regions/arabia/intro.md": ARABIC_OVERLAY,
        "locales/ar/curriculum/modules/intro.po": _po(ARABIC_CATALOG, language="ar"),
    }.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    built = glocal("-C", root, "build")
    assert built.code == 0, built.err
    assert "Traceback" not in built.err

    page.goto((root / "site/arabia/ar/modules/intro.html").as_uri())
    _screenshot(page, "arabia-ar")  # first, so that a failure below still leaves the picture
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.locator("body").get_attribute("dir") == "rtl"
    direction = page.evaluate("getComputedStyle(document.querySelector('.md-content')).direction")
    assert direction == "rtl"
    assert (
        page.evaluate("getComputedStyle(document.querySelector('article.md-content__inner')).direction")
        == "rtl"
    )
    sidebar, content = _layout(page)
    assert sidebar["x"] >= content["x"] + content["width"] - 1, (
        f"the navigation sidebar {sidebar} is not to the right of the content {content}"
    )
    # English shown as fallback inside the Arabic page still runs left to right
    fallback = page.locator("span.glocal-fallback[lang=en]").first
    assert fallback.evaluate("element => getComputedStyle(element).direction") == "ltr"
    # inline code in an Arabic sentence is an isolated left-to-right run: `dir="rtl"` shows as
    # written, each character right of the one before (not `"dir="rtl`); a code block is unchanged
    code = page.locator('article p:has-text("لماذا") > code')
    expect(code).to_have_text('dir="rtl"')
    lefts = code.evaluate(CHARACTER_LEFTS)
    assert lefts == sorted(lefts) and len(set(lefts)) == len(lefts), f"shown out of order: {lefts}"
    style = code.evaluate("e => [getComputedStyle(e).direction, getComputedStyle(e).unicodeBidi]")
    assert style == ["ltr", "isolate"], style
    block = page.locator("article pre code").first
    style = block.evaluate("e => [getComputedStyle(e).direction, getComputedStyle(e).unicodeBidi]")
    assert style == ["ltr", "normal"], style

    # control: the English site of the same region is left to right, navigation on the left
    page.goto((root / "site/arabia/en/modules/intro.html").as_uri())
    assert page.locator("body").get_attribute("dir") == "ltr"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-content')).direction") == "ltr"
    sidebar, content = _layout(page)
    assert sidebar["x"] + sidebar["width"] <= content["x"] + 1, (sidebar, content)


def test_the_samples_arabic_site_is_rtl_with_arabic_digits_and_marked_fallback(page: Page, site: Path):
    """The sample's Egypt region in Arabic (ar_EG): a draft with three core modules translated."""
    page.goto((site / "egypt/ar/index.html").as_uri())
    _screenshot(page, "egypt-ar-home")  # first, so that a failure below still leaves the picture
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.locator("body").get_attribute("dir") == "rtl"
    sidebar, content = _layout(page)
    assert sidebar["x"] >= content["x"] + content["width"] - 1, (sidebar, content)
    # the day plan in ar_EG's default numbering system: Arabic-Indic digits, no ASCII digit
    day_one = page.locator("article table").first.inner_text()
    assert "٩:٣٠" in day_one and "٧٥" in day_one, day_one  # day_start 09:30, a 75-minute module
    assert not re.search(r"[0-9]", day_one), day_one
    expect(page.locator(".md-banner .glocal-banner")).to_be_visible()  # 27% translated: a draft

    # a translated core module, with the region's translated fill: no fallback in the article
    page.goto((site / "egypt/ar/modules/shared-vision.html").as_uri())
    expect(page.locator("article h1")).to_contain_text("الرؤية المشتركة والمواءمة الاستراتيجية")
    expect(page.locator("article")).to_contain_text("سواقي للمزارع")
    assert page.locator("article span.glocal-fallback").count() == 0

    # an untranslated core module: English shown, marked, running left to right in the RTL page
    page.goto((site / "egypt/ar/modules/measuring-what-matters.html").as_uri())
    _screenshot(page, "egypt-ar-fallback")
    assert page.locator("body").get_attribute("dir") == "rtl"
    fallback = page.locator("article span.glocal-fallback[lang=en]").first
    expect(fallback).to_be_visible()
    assert fallback.evaluate("element => getComputedStyle(element).direction") == "ltr"
    expect(page.locator("article")).to_contain_text("مرسى تالا للمنتجعات")  # the fill is translated

    # search finds the English words and shows them marked as on the page, left to right
    _search(page, "Kirkpatrick", "modules/measuring-what-matters.html")
    found = page.locator(".md-search-result__article span.glocal-fallback[lang=en][dir=ltr] mark").first
    expect(found).to_be_visible()
    assert found.inner_text().lower() == "kirkpatrick"
    page.wait_for_timeout(500)  # the search panel widens in a CSS transition: picture it done
    _screenshot(page, "egypt-ar-search-fallback")


# --------------------------------------------------------------------------- 3b. stable anchors

ANCHOR_PROGRAM = """\
id: demo
title: Demo programme
source_language: en
modules:
  - intro
  - practice
"""

ANCHOR_INTRO = """\
---
id: intro
title: Introduction
duration: 30
---

# Introduction

Read [the shared goals](#shared-goals) before the first session.

{filler}

## Shared goals

Partners agree on what the training must change at work.
"""

ANCHOR_PRACTICE = """\
---
id: practice
title: Practice
duration: 30
---

# Practice

Start from [the shared goals](intro.md#shared-goals) of the introduction.
"""

ANCHOR_REGION = """\
id: south
name: South
languages: [da, en]
"""


def _po(entries: dict[str, str], language: str = "da") -> str:
    head = f'msgid ""\nmsgstr ""\n"Language: {language}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    body = "".join(
        f"\nmsgid {json.dumps(k, ensure_ascii=False)}\nmsgstr {json.dumps(v, ensure_ascii=False)}\n"
        for k, v in entries.items()
    )
    return head + body


def test_links_to_headings_work_on_a_translated_site(page: Page, glocal, tmp_path: Path):
    """Heading ids come from the source heading (issue 12, item 2): the Danish heading "Fælles
    mål" keeps the id `shared-goals`, so the link the translator kept, in the page and from
    another page, lands on it."""
    root = tmp_path / "anchors"
    filler = "\n\n".join(f"Paragraph {n} keeps the heading below the first screen." for n in range(60))
    for relative, text in {
        "curriculum/program.yml": ANCHOR_PROGRAM,
        "curriculum/modules/intro.md": ANCHOR_INTRO.format(filler=filler),
        "curriculum/modules/practice.md": ANCHOR_PRACTICE,
        "toolkits/regions/south/region.yml": ANCHOR_REGION,
        "locales/da/curriculum/modules/intro.po": _po(
            {
                "Introduction": "Introduktion",
                "Shared goals": "Fælles mål",
                "Read [the shared goals](#shared-goals) before the first session.": (
                    "Læs [de fælles mål](#shared-goals) før første session."
                ),
            }
        ),
        "locales/da/curriculum/modules/practice.po": _po(
            {
                "Practice": "Øvelse",
                "Start from [the shared goals](intro.md#shared-goals) of the introduction.": (
                    "Tag udgangspunkt i [de fælles mål](intro.md#shared-goals) fra introduktionen."
                ),
            }
        ),
    }.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    built = glocal("-C", root, "build")
    assert built.code == 0, built.err
    assert "Traceback" not in built.err

    heading = 'article h2:has-text("Fælles mål")'
    # in the page: the translated link scrolls to the translated heading
    page.goto((root / "site/south/da/modules/intro.html").as_uri())
    expect(page.locator(heading)).to_have_attribute("id", "shared-goals")
    expect(page.locator(heading)).not_to_be_in_viewport()
    page.locator('article a:has-text("de fælles mål")').click()
    page.wait_for_url("**#shared-goals")
    expect(page.locator(heading)).to_be_in_viewport()
    # the table of contents points at the same id, with the Danish text
    expect(page.locator('.md-sidebar--secondary a[href="#shared-goals"]').first).to_contain_text("Fælles mål")

    # from another page of the same site
    page.goto((root / "site/south/da/modules/practice.html").as_uri())
    page.locator('article a:has-text("de fælles mål")').click()
    page.wait_for_url("**/modules/intro.html#shared-goals")
    expect(page.locator(heading)).to_be_in_viewport()


# --------------------------------------------------------------------------- 3c. errors in the preview


def test_serve_shows_errors_on_the_page_and_clears_them_when_fixed(page: Page, tmp_path: Path):
    """Issue 11, item 6: a rebuild with errors shows them (file:line:col, code, message) over the
    page in the browser; fixing the file clears them. Message text is shown, never run."""
    from test_serve import _start_preview, _wait_for

    project = tmp_path / "project"
    shutil.copytree(REPO / "tests" / "fixtures" / "core-share-low", project)
    overlay = project / "toolkits" / "regions" / "north" / "intro.md"
    good = overlay.read_text(encoding="utf-8")
    server, url = _start_preview(project, "north/en", "modules/intro.html", lambda text: "Leeds" in text)
    errors_url = url.rsplit("/modules/", 1)[0] + "/glocal-preview-errors.json"
    try:
        page.goto(url)
        expect(page.locator("article h1")).to_be_visible()
        expect(page.locator("#glocal-preview-errors")).to_have_count(0)

        # a fill for a slot the module does not have, its name a piece of markup
        overlay.write_text(
            good + '\n::: fill <img src=x onerror="window.hacked=1">\nText.\n:::\n', encoding="utf-8"
        )
        body, _ = _wait_for(errors_url, lambda text: '"errors": [{' in text, 30)
        assert body is not None, "the rebuild never reported the error"
        # the page reloads by itself after the rebuild (MkDocs' live reload), and shows the box
        box = page.locator("#glocal-preview-errors")
        expect(box).to_be_visible(timeout=30_000)
        item = box.locator("li.glocal-preview-error").first
        expect(item).to_contain_text("toolkits/regions/north/intro.md:5:1")
        expect(item).to_contain_text("GL2")
        assert page.evaluate("window.hacked") is None  # the quoted markup is text, not HTML
        _screenshot(page, "serve-errors")

        overlay.write_text(good, encoding="utf-8")
        body, _ = _wait_for(errors_url, lambda text: '"errors": []' in text, 30)
        assert body is not None, "the fix was never rebuilt"
        expect(page.locator("#glocal-preview-errors")).to_have_count(0, timeout=30_000)
        expect(page.locator("article h1")).to_be_visible()
    finally:
        server.terminate()
        server.communicate(timeout=10)
    # the overlay belongs to the preview only: a built site has no trace of it
    built = run_glocal("-C", project, "build")
    assert built.code == 0, built.err
    html = (project / "site" / "north" / "en" / "modules" / "intro.html").read_text(encoding="utf-8")
    assert "glocal-preview-errors" not in html


def test_provenance_shows_on_hover_in_the_preview_only(page: Page, tmp_path: Path):
    """`glocal serve SITE --provenance` (issue 11, item 2): each block of a served page says where it
    comes from when hovered (its title), as `glocal explain` does."""
    from test_serve import _free_port, _wait_for

    project = tmp_path / "project"
    shutil.copytree(REPO / "tests" / "fixtures" / "explain", project)
    port = _free_port()
    args = [sys.executable, "-m", "glocal", "-C", str(project), "serve", "north/da", "--port", str(port)]
    server = subprocess.Popen(
        [*args, "--provenance"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    url = f"http://127.0.0.1:{port}/modules/intro.html"
    try:
        body, _ = _wait_for(url, lambda text: "Introduktion" in text, 60, server)
        assert body is not None, "the preview never came up"
        page.goto(url)
        paragraph = page.locator("article p", has_text="Partnere deler kun deltagerdata")
        expect(paragraph).to_have_attribute(
            "data-glocal-provenance", "core paragraph at curriculum/modules/intro.md:17"
        )
        title = paragraph.get_attribute("title") or ""
        assert "translation: translated at locales/da/curriculum/modules/intro.po:34" in title
        assert "{{ vars.data_law }} = 'databeskyttelsesforordningen'" in title
        fill = page.locator("article p", has_text="An Aarhus hospital")
        expect(fill).to_have_attribute(
            "data-glocal-provenance",
            "regional overlay paragraph at toolkits/regions/north/intro.md:6 "
            "(local adaptation for slot 'case-study')",
        )
        fuzzy = page.locator("article p", has_text="Partners measure results together")
        expect(fuzzy).to_have_attribute(
            "title",
            "core paragraph at curriculum/modules/intro.md:19\n"
            "translation: fuzzy-hidden at locales/da/curriculum/modules/intro.po:38",
        )
        code = page.locator("article pre", has_text="goals = ")
        expect(code).to_have_attribute(
            "data-glocal-provenance", "core code at curriculum/modules/intro.md:37"
        )
        page.goto(f"http://127.0.0.1:{port}/ttt/intro.html")
        guide = page.locator("article p", has_text="Start with a story")
        expect(guide).to_have_attribute("data-glocal-provenance", "core paragraph at toolkits/ttt/intro.md:3")
    finally:
        server.terminate()
        server.communicate(timeout=10)


# --------------------------------------------------------------------------- 4. facilitator notes


def test_facilitator_notes_collapse_and_expand(page: Page, site: Path):
    page.goto((site / "nordics/da/modules/co-creation.html").as_uri())
    notes = page.locator("details.facilitator")
    assert notes.count() >= 1
    note = notes.first
    summary = note.locator("summary")
    body = note.locator("p").first
    assert note.evaluate("d => d.open") is True, "a facilitator note is open by default"
    expect(body).to_be_visible()

    summary.click()
    expect(body).to_be_hidden()
    assert note.evaluate("d => d.open") is False
    expect(summary).to_be_visible()

    summary.click()
    expect(body).to_be_visible()
    assert note.evaluate("d => d.open") is True


@pytest.fixture(scope="module")
def lesson_episode(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test lesson's `loops` episode, built, after what lessons write that Material shows only
    with Glocal's help: a group of tabs, a quiz lettered `a)` to `d)` and its answers from `b)`
    (lesson-development-training), a Roman list inside a numbered step."""
    tmp_path = tmp_path_factory.mktemp("lesson")
    lesson = tmp_path / "lesson"
    shutil.copytree(REPO / "tests" / "fixtures" / "workbench" / "lesson", lesson)
    with (lesson / "episodes" / "loops.md").open("a", encoding="utf-8") as episode:
        episode.write(
            "\n::: group-tab\n\n### Windows\n\nPress the Windows key.\n\n### macOS\n\n"
            "Open the Terminal app.\n\n### Linux\n\nOpen a terminal window.\n\n:::\n"
            "\n## Check your understanding\n\nWhat is 27 + 15?\n\na) 42\nb) 32\nc) 312\nd) 33\n"
            "\nEach wrong answer tells you something:\n\nb) no carry\nc) a carry as a digit\n"
            "d) a carry in the wrong column\n\n1. Open the file.\n2. Read it:\n\n"
            "    i. its header\n    ii. its rows\n"
        )
    project = tmp_path / "project"
    assert run_glocal("import", "workbench", lesson, "--into", project).code == 0
    assert run_glocal("-C", project, "build").code == 0
    return project / "site" / "global" / "en" / "modules" / "loops.html"


def test_a_lessons_tabs_switch_in_the_browser(page: Page, lesson_episode: Path):
    """`::: group-tab` with a heading per system: one tab's steps shown at a time, a click on
    another's title shows its steps instead (Material's CSS on what the sanitizer kept)."""
    page.goto(lesson_episode.as_uri())
    steps = {
        name: page.get_by_text(text)
        for name, text in (
            ("Windows", "Press the Windows key."),
            ("macOS", "Open the Terminal app."),
            ("Linux", "Open a terminal window."),
        )
    }
    for shown in ("Windows", "macOS", "Linux"):
        if shown != "Windows":
            page.locator(".tabbed-labels label", has_text=shown).click()
        for name, step in steps.items():
            (expect(step).to_be_visible if name == shown else expect(step).to_be_hidden)()


def test_a_lessons_lettered_and_roman_lists_show_letters_and_numerals(page: Page, lesson_episode: Path):
    """Pandoc's lists as sandpaper's site shows them: the quiz lettered from a, its answers from
    b, the numbered steps in digits, the Roman list inside a step in Roman numerals (the `type`
    and `start` the sanitizer kept; Material's style for a list in a list would be letters)."""
    page.goto(lesson_episode.as_uri())
    shown = page.eval_on_selector_all(
        ".md-content ol",
        "lists => lists.map(l => [getComputedStyle(l).listStyleType, l.start, l.children.length])",
    )
    assert shown == [["lower-alpha", 1, 4], ["lower-alpha", 2, 3], ["decimal", 1, 2], ["lower-roman", 1, 2]]


# --------------------------------------------------------------------------- 5. offline


def _block_the_network(page: Page) -> tuple[list[str], list[str]]:
    """Abort every request that is not file://; return (attempted non-file URLs, failed file resources)."""
    attempted: list[str] = []
    failed: list[str] = []

    def route(route):
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            attempted.append(url)
            route.abort()

    page.context.route("**/*", route)
    # a second witness besides the router: every request the page (and its frames and workers) starts
    page.context.on(
        "request",
        lambda r: (
            None if r.url.startswith(("file:", "data:", "blob:", "about:")) else attempted.append(r.url)
        ),
    )
    page.context.on(
        "requestfailed",
        lambda r: (
            failed.append(f"{r.resource_type} {r.url} {r.failure}")
            if r.resource_type in {"document", "stylesheet", "script", "image", "font"}
            else None
        ),
    )
    return attempted, failed


def _assert_offline_site(page: Page, index: Path, query: str, expected: str) -> None:
    attempted, failed = _block_the_network(page)
    page.goto(index.as_uri())
    # renders: title, styled header, navigation, body text
    assert "Norden" in page.title(), page.title()
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor") == INDIGO
    nav = page.locator(".md-sidebar--primary a.md-nav__link")
    expect(nav.first).to_be_visible()
    assert nav.count() >= 11
    expect(page.locator("article h1")).to_be_visible()
    assert len(page.locator("article").inner_text()) > 300
    # search works, from file://, in Danish
    results = _search(page, query, expected)
    assert any(path.endswith(expected) for path in results), results
    # open the result: still offline, still fine
    page.locator(f'a.md-search-result__link[href*="{expected}"]').first.click()
    page.wait_for_url(f"**{expected}*")
    expect(page.locator("article h1")).to_be_visible()
    assert attempted == [], f"the offline site tried to reach the network: {sorted(set(attempted))}"
    assert failed == [], f"resources of the offline site failed to load: {failed}"


def test_offline_site_from_file_makes_no_network_request(page: Page, site: Path):
    _assert_offline_site(
        page, site / "nordics/da/index.html", "tillid", "modules/trust-and-transparency.html"
    )


def _unzipped_region(site: Path, tmp_path: Path) -> Path:
    """nordics-da.zip extracted: its one top-level folder (which holds every Nordic language)."""
    archive = site / "downloads/nordics-da.zip"
    assert archive.is_file()
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(tmp_path / "unzipped")
    indexes = sorted((tmp_path / "unzipped").rglob("index.html"), key=lambda p: len(p.parts))
    assert indexes, "the zip has no index.html"
    top = [p for p in indexes if len(p.parts) == len(indexes[0].parts)]
    assert len(top) == 1, f"the zip has several top-level index.html files: {top}"
    return top[0].parent


def test_offline_zip_renders_and_searches(page: Page, site: Path, tmp_path: Path):
    folder = _unzipped_region(site, tmp_path)
    # the zip's own index.html opens the Danish site
    page.goto((folder / "index.html").as_uri())
    page.wait_for_url("**/da/index.html")
    assert page.evaluate("document.documentElement.lang") == "da"
    _assert_offline_site(page, folder / "da" / "index.html", "samskabelse", "modules/co-creation.html")


def test_offline_zip_switches_language_on_the_same_page(page: Page, site: Path, tmp_path: Path):
    """Issue 12, item 10: inside the downloaded zip the switcher works, from file://."""
    folder = _unzipped_region(site, tmp_path)
    attempted, failed = _block_the_network(page)
    page.goto((folder / "da" / "modules" / "co-creation.html").as_uri())
    _open_language_switcher(page)
    link = page.locator('a.md-select__link[hreflang="nb"]')
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url("**/nb/modules/co-creation.html")
    landed = Path(_path_of(page.url))
    assert landed == folder / "nb" / "modules" / "co-creation.html", page.url  # inside the zip
    assert page.evaluate("document.documentElement.lang") == "nb"
    expect(page.locator("article h1")).to_be_visible()
    # the home page has no download link offline: the facilitator already has the zip
    page.goto((folder / "nb" / "index.html").as_uri())
    expect(page.locator("article h1")).to_be_visible()
    assert page.locator(".glocal-download").count() == 0
    assert attempted == [] and failed == [], (attempted, failed)


# --------------------------------------------------------------------------- 6. same origin


def test_no_request_leaves_the_sites_origin(page: Page, site: Path, server: str):
    root = site / "nordics/da"
    pages = sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*.html")
        if "assets" not in p.relative_to(root).parts
    )
    kinds = {name: [p for p in pages if p.startswith(f"{name}/")] for name in ("modules", "handouts", "ttt")}
    assert len(kinds["modules"]) == len(kinds["handouts"]) == 11 and len(kinds["ttt"]) >= 11, kinds
    assert "index.html" in pages and "notes.html" in pages

    # every page, read: nothing it loads by itself names another origin (pages of a kind share
    # their template, so the browser then loads one of each kind, below)
    loaded = {relative: _resources((root / relative).read_text(encoding="utf-8")) for relative in pages}
    assert loaded["index.html"], "the reader found nothing the home page loads"
    named = sorted({f"{r}: {u}" for r, urls in loaded.items() for u in urls if urlparse(u).netloc})
    assert named == [], f"pages load from other origins: {named}"

    requested: list[str] = []
    page.context.on("request", lambda r: requested.append(r.url))
    one_of_each = ["index.html", "notes.html", *(kinds[kind][0] for kind in ("modules", "handouts", "ttt"))]
    one_of_each.append("ttt/index.html")
    for relative in one_of_each:
        page.goto(f"{server}/nordics/da/{relative}", wait_until="load")
    # search loads its worker and index lazily: use it too
    page.goto(f"{server}/nordics/da/index.html")
    _search(page, "samskabelse", "modules/co-creation.html")
    page.wait_for_load_state("networkidle")

    visited = {_path_of(u) for u in requested}
    assert {f"/nordics/da/{p}" for p in one_of_each} <= visited, "the recorder missed page loads"
    assert {_path_of(u) for u in requested if "/assets/javascripts/" in u}, "no script was loaded"
    foreign = sorted({u for u in requested if _origin(u) != server})
    assert foreign == [], f"requests left {server}: {foreign}"


class _Loads(HTMLParser):
    """The URLs a page makes its browser load by itself (not the links a reader may follow)."""

    ATTRIBUTES = {"script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src",
                  "audio": "src", "embed": "src", "object": "data", "input": "src"}  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "link" and (values.get("rel") or "") != "canonical" and values.get("href"):
            self.urls.append(values["href"] or "")
        name = self.ATTRIBUTES.get(tag)
        if name and values.get(name):
            self.urls.append(values[name] or "")
        for candidate in (values.get("srcset") or "").split(","):
            if candidate.strip():
                self.urls.append(candidate.split()[0])
        self.urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", values.get("style") or "")

    handle_startendtag = handle_starttag


def _resources(text: str) -> list[str]:
    reader = _Loads()
    reader.feed(text)
    reader.close()
    return reader.urls


# --------------------------------------------------------------------------- 7. the portal


def test_portal_links_heatmap_and_origin(page: Page, site: Path, server: str, modules: list[str]):
    requested: list[str] = []
    page.context.on("request", lambda r: requested.append(r.url))
    response = page.goto(f"{server}/index.html")
    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_be_visible()
    _screenshot(page, "portal")

    links = page.locator("a[href]").evaluate_all("els => els.map(e => [e.getAttribute('href'), e.href])")
    relative = {href for href, _ in links}
    assert {f"{key}/index.html" for key in SAMPLE_SITES} <= relative, relative
    assert {f"downloads/{key.replace('/', '-')}.zip" for key in SAMPLE_SITES} <= relative, relative
    broken = []
    for href, absolute in links:
        if absolute.startswith(server):
            answer = page.request.get(absolute)
            body = answer.body()
            if answer.status != 200:
                broken.append(f"{href}: HTTP {answer.status}")
            elif href.endswith(".zip") and not body.startswith(b"PK"):
                broken.append(f"{href}: not a zip")
            elif href.endswith(".html") and b"<html" not in body[:2000].lower():
                broken.append(f"{href}: not an HTML page")
        elif not absolute.startswith(("mailto:", "#")):
            broken.append(f"{href}: points outside the portal ({absolute})")
        # and the same link from an offline copy of site/
        if (
            not href.startswith(("http:", "https:", "mailto:", "#"))
            and not (site / unquote(href.split("#")[0])).is_file()
        ):
            broken.append(f"{href}: no such file under site/")
    assert broken == [], broken

    heatmap = page.locator("table.heatmap")
    expect(heatmap).to_be_visible()
    columns = heatmap.locator("thead th").all_inner_texts()
    assert [c.strip() for c in columns[1:]] == list(SAMPLE_SITES), columns
    rows = heatmap.locator("tbody tr")
    assert rows.count() == len(modules)
    seen_modules = []
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        assert cells.count() == len(SAMPLE_SITES), rows.nth(i).inner_text()
        assert cells.evaluate_all("els => els.map(e => e.dataset.site)") == list(SAMPLE_SITES)
        seen_modules.extend(set(cells.evaluate_all("els => els.map(e => e.dataset.module)")))
    assert seen_modules == modules

    page.wait_for_load_state("networkidle")
    foreign = sorted({u for u in requested if _origin(u) != server})
    assert foreign == [], f"the portal made requests to other origins: {foreign}"


# --------------------------------------------------------------------------- 8. handouts


def _activities(page: Page) -> list[str]:
    return [" ".join(t.split()) for t in page.locator("article .admonition.activity").all_inner_texts()]


def test_handouts_keep_activities_and_drop_facilitator_material(page: Page, site: Path, modules: list[str]):
    for module in modules:
        page.goto((site / f"nordics/da/modules/{module}.html").as_uri())
        activities = _activities(page)
        assert activities, f"{module}: the module page has no activity (the test needs one)"
        assert page.locator("details.facilitator").count() >= 1, (
            f"{module}: the module page has no facilitator note"
        )
        link = page.locator("article a.glocal-handout-link")
        expect(link).to_have_count(1)
        link.click()
        page.wait_for_url(f"**/nordics/da/handouts/{module}.html")
        expect(page.locator("article h1")).to_be_visible()
        assert page.locator("details.facilitator").count() == 0, (
            f"{module}: the handout shows facilitator notes"
        )
        assert page.locator(".facilitator").count() == 0, f"{module}: the handout shows facilitator material"
        ttt = page.locator('article a.glocal-ttt-link, article a[href*="ttt/"]')
        assert ttt.count() == 0, f"{module}: the handout links to the TTT guide"
        assert _activities(page) == activities, f"{module}: the handout's activities differ from the module's"


# --------------------------------------------------------------------------- 9. draft banner

BANNER_PAGES = (
    "index.html",
    "modules/co-creation.html",
    "notes.html",
    "ttt/index.html",
    "handouts/co-creation.html",
)


def test_draft_banner_on_draft_sites_only(page: Page, site: Path):
    for relative in BANNER_PAGES:
        page.goto((site / "nordics/nb" / relative).as_uri())
        banner = page.locator(".md-banner .glocal-banner")
        expect(banner).to_be_visible()
        assert "%" in banner.inner_text(), banner.inner_text()
        page.goto((site / "nordics/da" / relative).as_uri())
        expect(page.locator("article h1")).to_be_visible()
        assert page.locator(".glocal-banner").count() == 0, f"nordics/da/{relative} shows a draft banner"
        assert page.locator(".md-banner").count() == 0, f"nordics/da/{relative} shows a banner"


# --------------------------------------------------------------------------- screenshots of every sample site


def test_every_sample_site_renders(page: Page, site: Path):
    built = sorted(p.parent.relative_to(site).as_posix() for p in site.glob("*/*/index.html"))
    assert built == sorted(SAMPLE_SITES)
    for key in SAMPLE_SITES:
        page.goto((site / key / "index.html").as_uri())
        assert (
            page.evaluate("document.documentElement.lang").replace("_", "-").lower()
            == key.split("/")[1].replace("_", "-").lower()
        )
        assert page.title()
        assert (
            page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor") == INDIGO
        )
        expect(page.locator("article h1")).to_be_visible()
        _screenshot(page, key.replace("/", "-"))
