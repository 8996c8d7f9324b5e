"""Stable anchors (issue 12, item 2): a translated heading keeps the id MkDocs gives the source
heading, so in-page links and links from other pages work on every language's site."""

from __future__ import annotations

import re

import markdown

from glocal.i18n.apply import heading_ids
from glocal.i18n.segment import segment_text
from glocal.i18n.translations import Catalog, Translator
from glocal.markdown.dialect import REQUIRED_EXTENSIONS

SOURCE = """\
# Working *with* partners

See [the checklist](#checklist) and [`setup`](#setup-steps).

## Checklist

Some text.

## Checklist

Repeated heading.

## `setup` steps

## A [linked](https://example.org) heading

## Named { #custom-anchor }

## Café & Co.

## Før du starter

## はじめに
"""


def _mkdocs_ids(text: str) -> list[str]:
    """The ids Python-Markdown's toc (as the sites configure it) gives the headings of a text."""
    [toc] = [ext["toc"] for ext in REQUIRED_EXTENSIONS if isinstance(ext, dict) and "toc" in ext]
    html = markdown.markdown(text, extensions=["toc", "attr_list"], extension_configs={"toc": toc})
    return re.findall(r'<h\d id="([^"]+)"', html)


def test_ids_are_those_mkdocs_gives_the_source_headings() -> None:
    segments = segment_text(SOURCE)
    ids = heading_ids(segments)
    headings = [s for s in segments if s.kind == "heading"]
    # every heading but the one with an id of its own gets one, in order
    expected = [i for i in _mkdocs_ids(SOURCE) if i != "custom-anchor"]
    assert [ids[s] for s in headings if s in ids] == expected
    assert expected == [
        "working-with-partners",
        "checklist",
        "checklist_1",
        "setup-steps",
        "a-linked-heading",
        "café-co",
        "før-du-starter",  # letters of any script kept, as Pandoc keeps them (it was `fr-du-starter`)
        "はじめに",  # (it was `_1`)
    ]
    assert not any("custom-anchor" in s.msgid and s in ids for s in headings)


def test_translated_and_fallback_headings_keep_the_source_ids() -> None:
    catalog = Catalog(
        path="x.da.po",
        translated={
            "Working *with* partners": "Arbejde *med* partnere",
            "Checklist": "Tjekliste",
            "Named { #custom-anchor }": "Navngivet { #custom-anchor }",
            "See [the checklist](#checklist) and [`setup`](#setup-steps).": (
                "Se [tjeklisten](#checklist) og [`setup`](#setup-steps)."
            ),
        },
    )
    shown = Translator(catalog, "en", label="Not yet translated").markdown(SOURCE)
    ids = _mkdocs_ids(shown)
    assert ids == [
        "working-with-partners",
        "checklist",
        "checklist_1",
        "setup-steps",  # untranslated: fallback markup, still the source id
        "a-linked-heading",
        "custom-anchor",  # its own id, not doubled
        "café-co",
        "før-du-starter",
        "はじめに",
    ]
    # every in-page link of the translated text points at a heading that exists
    for target in re.findall(r"\]\(#([^)]+)\)", shown):
        assert target in ids
    assert shown.count("{#") + shown.count("{ #") == 9
