"""Untranslated titles are marked everywhere body text is (issue 12, item 7): navigation, table of
contents, the header and footer, `<title>` and search results, with the source language (and its
direction) so screen readers switch voice, and the body's visual marker.

One tiny project built once: module `intro` fully translated into Danish, module `practice` with
its title and a second-level heading left untranslated (its title holds `<`, `&` and a quote:
titles are untrusted text and must stay escaped wherever they are marked).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from glocal.build import fallback
from glocal.build.plugin import search_texts
from glocal.cli import main
from glocal.markdown import sanitize

PROGRAM = """\
id: demo
title: Demo programme
source_language: en
modules:
  - intro
  - practice
"""

INTRO = """\
---
id: intro
title: Introduction
duration: 30
---

# Introduction

Partners agree on shared goals.
"""

PRACTICE = """\
---
id: practice
title: Plan <b>"first" & best</b>
duration: 30
---

Start from the shared goals.

## Next steps

Write them down.

## Schedule

Pick a date.

- Bring `notes` & pens.
- Ask the host.
"""

REGION = "id: south\nname: South\nlanguages: [da, en]\n"

MKDOCS = """\
theme:
  name: material
  features: [navigation.footer]
markdown_extensions:
  - toc:
      permalink: true
"""

LABEL = "Endnu ikke oversat: vises på originalsproget"  # Glocal's Danish "not_translated"
SPAN = f'<span class="glocal-fallback" lang="en" dir="ltr" title="{LABEL}">'
TITLE = "Plan &lt;b&gt;&#34;first&#34; &amp; best&lt;/b&gt;"  # the module title, escaped once


def _po(entries: dict[str, str]) -> str:
    head = 'msgid ""\nmsgstr ""\n"Language: da\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    body = "".join(
        f"\nmsgid {json.dumps(k, ensure_ascii=False)}\nmsgstr {json.dumps(v, ensure_ascii=False)}\n"
        for k, v in entries.items()
    )
    return head + body


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fallback-titles")
    for relative, text in {
        "mkdocs.yml": MKDOCS,
        "curriculum/program.yml": PROGRAM,
        "curriculum/modules/intro.md": INTRO,
        "curriculum/modules/practice.md": PRACTICE,
        "toolkits/regions/south/region.yml": REGION,
        "toolkits/ttt/practice.md": "Let the group plan a real meeting.\n",  # no heading: the module's title
        "locales/da/curriculum/program.po": _po({"Demo programme": "Demoprogram"}),
        "locales/da/curriculum/modules/intro.po": _po(
            {
                "Introduction": "Introduktion",
                "Partners agree on shared goals.": "Partnere aftaler fælles mål.",
            }
        ),
        "locales/da/curriculum/modules/practice.po": _po(
            {
                "Start from the shared goals.": "Tag udgangspunkt i de fælles mål.",
                "Schedule": "Tidsplan",
                "Ask the host.": "Spørg værten.",
            }
        ),
    }.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    assert main(["-C", str(root), "build"]) == 0
    return root / "site" / "south" / "da"


def _squeeze(html: str) -> str:
    return re.sub(r"\s+", " ", html)


def test_navigation_and_header_mark_an_untranslated_title(site: Path):
    html = _squeeze((site / "modules/intro.html").read_text(encoding="utf-8"))
    # the sidebar entry of the untranslated module, seen from another page
    assert (
        f'<a href="practice.html" class="md-nav__link"> <span class="md-ellipsis"> {SPAN}{TITLE}</span>'
        in html
    )
    assert "Introduktion" in html and f"{SPAN}Introduktion" not in html  # translated: not marked
    # the footer's "next" link: marked where shown, plain text in its aria-label
    assert 'aria-label="Næste: Plan &lt;b&gt;&#34;first&#34; &amp; best&lt;/b&gt;"' in html
    assert f'<div class="md-ellipsis"> {SPAN}{TITLE}</span> </div>' in html
    # the Train-the-Trainer guide without a heading of its own is titled (and marked) as its module
    assert (
        '<a href="../ttt/practice.html" class="md-nav__link"> '
        f'<span class="md-ellipsis"> {SPAN}{TITLE}</span>' in html
    )
    own = _squeeze((site / "modules/practice.html").read_text(encoding="utf-8"))
    assert f'<span class="md-ellipsis"> {SPAN}{TITLE}</span> </span> </div>' in own  # header topic


def test_the_page_title_names_the_language_it_is_shown_in(site: Path):
    # the region name has no Danish catalog: it too is shown in English, and says so
    practice = (site / "modules/practice.html").read_text(encoding="utf-8")
    assert f"<title>{TITLE} (engelsk) - Demoprogram · South (engelsk)</title>" in practice
    handout = (site / "handouts/practice.html").read_text(encoding="utf-8")
    assert f"<title>{TITLE} (engelsk) - Demoprogram · South (engelsk)</title>" in handout
    intro = (site / "modules/intro.html").read_text(encoding="utf-8")
    assert "<title>Introduktion - Demoprogram · South (engelsk)</title>" in intro
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<title>Demoprogram · South (engelsk)</title>" in home


def test_the_site_name_marks_its_untranslated_part(site: Path):
    html = _squeeze((site / "modules/intro.html").read_text(encoding="utf-8"))
    marked = f"Demoprogram · {SPAN}South</span>"  # the programme title is translated, the region not
    assert f'<div class="md-header__topic"> <span class="md-ellipsis"> {marked} </span>' in html
    assert re.search(
        rf'<label class="md-nav__title" for="__drawer"> <a [^>]*>.*?</a> {re.escape(marked)} </label>', html
    )
    # attributes keep the text
    assert (
        'title="Demoprogram · South" class="md-header__button md-logo" aria-label="Demoprogram · South"'
        in html
    )
    english = _squeeze((site.parent / "en/modules/intro.html").read_text(encoding="utf-8"))
    assert '<span class="md-ellipsis"> Demo programme · South </span>' in english


def test_the_site_name_is_escaped_where_it_is_marked():
    parts = [
        {"text": 'A <b>"x"</b> & y', "lang": "en", "dir": "ltr", "name": "engelsk"},
        {"text": "S<ud>", "lang": "ar", "dir": "rtl", "name": "arabisk"},
    ]
    html, text = fallback.site_name(parts, 'Not "yet"')
    assert str(html) == (
        '<span class="glocal-fallback" lang="en" dir="ltr" title="Not &quot;yet&quot;">'
        'A &lt;b&gt;"x"&lt;/b&gt; &amp; y</span> · '
        '<span class="glocal-fallback" lang="ar" dir="rtl" title="Not &quot;yet&quot;">S&lt;ud&gt;</span>'
    )
    assert text == 'A <b>"x"</b> & y (engelsk) · S<ud> (arabisk)'  # text: the template escapes it
    assert fallback.site_name([{"text": "Kursus"}, {"text": "<Syd>"}], "") == (
        "Kursus · &lt;Syd&gt;",
        "Kursus · <Syd>",
    )


def test_the_generated_heading_and_the_table_of_contents_are_marked(site: Path):
    html = _squeeze((site / "modules/practice.html").read_text(encoding="utf-8"))
    # no heading in the module: the composed one carries the body's mark
    assert re.search(
        rf'<h1 id="[^"]+">{re.escape(SPAN)}Plan &lt;b&gt;"first" &amp; best&lt;/b&gt;</span>', html
    )
    # table of contents: the untranslated heading is marked, the translated one is not
    assert (
        f'<a href="#next-steps" class="md-nav__link"> <span class="md-ellipsis"> {SPAN}Next steps</span>'
        in html
    )
    assert '<a href="#schedule" class="md-nav__link"> <span class="md-ellipsis"> Tidsplan </span>' in html
    assert sanitize.clean_page(html.split('<div class="md-content"', 1)[1]).count(SPAN) >= 2  # passes nh3


def test_search_results_mark_untranslated_headings(site: Path):
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    titles = {doc["location"]: doc["title"] for doc in index["docs"]}
    assert titles["modules/practice.html"] == f'{SPAN}Plan &lt;b&gt;"first" &amp; best&lt;/b&gt;</span>'
    assert titles["modules/practice.html#next-steps"] == f"{SPAN}Next steps</span>"
    assert titles["modules/practice.html#schedule"] == "Tidsplan"
    assert titles["modules/intro.html"] == "Introduktion"
    # the offline copy of the index (inlined for file://) is the marked one
    inlined = (site / "search/search_index.js").read_text(encoding="utf-8")
    assert json.loads(inlined.removeprefix("var __index = ")) == index


def test_the_english_site_marks_nothing(site: Path):
    english = site.parent / "en"
    for page in ("modules/practice.html", "modules/intro.html", "search/search_index.json"):
        assert "glocal-fallback" not in (english / page).read_text(encoding="utf-8")


def test_only_a_heading_that_is_a_fallback_as_a_whole_counts():
    html = (
        f'<h2 id="a">{SPAN}A &amp; <code>b</code></span><a class="headerlink" href="#a">¶</a></h2>'
        '<h2 id="b">Translated <span class="glocal-fallback" lang="en">part</span></h2>'
        "<h3>no id</h3>"
    )
    found = fallback.fallback_headings(html)
    assert found == {"a": ("A &amp; <code>b</code>", ("en", "ltr", LABEL))}


def test_search_results_mark_untranslated_text(site: Path):
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    texts = {doc["location"]: doc["text"] for doc in index["docs"]}
    # Material's indexer drops the body's spans: they are back, around the same text, escaped
    assert texts["modules/practice.html#next-steps"] == f"<p>{SPAN}Write them down.</span></p>"
    assert texts["modules/practice.html#schedule"] == (
        f"<p>{SPAN}Pick a date.</span></p> <ul> "
        f"<li>{SPAN}Bring <code>notes</code> &amp; pens.</span></li> <li>Spørg værten.</li> </ul>"
    )
    assert "glocal-fallback" not in texts["modules/practice.html"]  # translated: not marked
    assert texts["ttt/practice.html"].startswith(f"<p>{SPAN}Let the group plan a real meeting.</span></p>")
    # nothing else changed: without the spans, each text is what Material indexed
    plain = {
        location: re.sub(r'<span class="glocal-fallback"[^>]*>|</span>', "", text)
        for location, text in texts.items()
    }
    assert plain["modules/practice.html#schedule"] == (
        "<p>Pick a date.</p> <ul> <li>Bring <code>notes</code> &amp; pens.</li> <li>Spørg værten.</li> </ul>"
    )
    inlined = (site / "search/search_index.js").read_text(encoding="utf-8")
    assert json.loads(inlined.removeprefix("var __index = ")) == index


def test_a_search_text_keeps_its_spans_where_the_page_had_them():
    html = (
        '<h1 id="t">T</h1><p>Before <span class="glocal-fallback" lang="en" dir="ltr"> Kept &amp; '
        '<code>x</code> </span> after.</p><div data-search-exclude><p><span class="glocal-fallback" '
        'lang="en">hidden</span></p></div><h2 id="u">U</h2><ul><li><span class="glocal-fallback" '
        'lang="ar" dir="rtl" title="a &quot;b&quot;">نص</span></li></ul>'
    )
    assert search_texts(html) == [
        (
            "<p>Before  Kept &amp; <code>x</code>  after.</p>",  # Material's spacing, kept
            '<p>Before  <span class="glocal-fallback" lang="en" dir="ltr">'
            "Kept &amp; <code>x</code></span>  after.</p>",
        ),
        (
            "<ul><li>نص</li></ul>",
            '<ul><li><span class="glocal-fallback" lang="ar" dir="rtl" title="a &quot;b&quot;">'
            "نص</span></li></ul>",
        ),
    ]


def test_a_fallback_span_written_with_character_references_is_found_after_sanitizing():
    # the plugin parses a page for fallback spans only when the class's name is in its text
    html = '<h2 id="a"><span class="glocal&#45;fallback" lang="en" title="t">A</span></h2>'
    assert fallback.FALLBACK_CLASS not in html
    clean = sanitize.clean_page(html)
    assert fallback.FALLBACK_CLASS in clean
    assert fallback.fallback_headings(clean) == {"a": ("A", ("en", "ltr", "t"))}


def test_without_the_search_plugin_the_table_of_contents_is_still_marked(site: Path, tmp_path: Path):
    # the marks are read from the search plugin's own parse of the page when it indexes it; the
    # staged site built by MkDocs without search reads them from the page alone, with the same result
    from glocal.build.sites import build_staged
    from glocal.diagnostics import Span

    config_file = site.parents[2] / ".glocal" / "build" / "south" / "da" / "mkdocs.yml"
    from mkdocs.utils.yaml import yaml_load  # as MkDocs reads it (the toc's slugify is a Python name)

    config = yaml_load(config_file.read_text(encoding="utf-8"))
    config["plugins"] = [p for p in config["plugins"] if not (p == "search" or "search" in p)]
    assert "glocal" in config["plugins"]
    built = build_staged("south/da", config_file, tmp_path / "out", Span("mkdocs.yml"), config=config)
    assert built.ok, built.diagnostics
    assert not (tmp_path / "out" / "search" / "search_index.json").exists()
    html = _squeeze((tmp_path / "out" / "modules/practice.html").read_text(encoding="utf-8"))
    with_search = _squeeze((site / "modules/practice.html").read_text(encoding="utf-8"))
    toc = f'<a href="#next-steps" class="md-nav__link"> <span class="md-ellipsis"> {SPAN}Next steps</span>'
    assert toc in html and toc in with_search
