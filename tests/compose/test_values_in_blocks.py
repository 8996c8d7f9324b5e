"""A YAML value written in paragraphs or with a list (a region's delivery notes, a module's
objective) stays whole where the page shows it, in the source language and as a fallback.

The region's notes went into their admonition by their first line only: a second paragraph and
a list fell out of the box onto the home page. An objective's nested list fell out of its item.
And shown untranslated, such a value was marked by one `<span>` opened in its first block and
closed in its last. Each case here is built with MkDocs from a small project with an English
and a Danish site (whose catalogs `glocal i18n update` makes, with nothing translated yet).
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import run_glocal

PROGRAM = "id: demo\ntitle: Demo\nsource_language: en\nmodules: [practice]\n"
MODULE = """---
id: practice
title: Practice
duration: 60
objectives:
  - Name the partner's goals
  - |
    Plan the strategy sessions:

    - annual reviews;
    - quarterly check-ins.
  - Draft a charter
---

# Practice

Body.
"""
REGION = """id: north
name: North
languages: [en, da]
source_language: en
notes: |
  Groups question the facilitator openly.

  Start and finish on time:

  - punctuality is read as respect;
  - involve shop stewards early.
"""
NOTES = (
    "Groups question the facilitator openly.",
    "Start and finish on time:",
    "punctuality is read as respect;",
    "involve shop stewards early.",
)
VOID = {"br", "img", "hr", "input", "meta", "link", "source", "wbr"}


class _Texts(HTMLParser):
    """Each text of a page with the elements around it: (tag, classes, lang), outermost first."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, tuple[str, ...], str]] = []
        self.texts: list[tuple[str, list[tuple[str, tuple[str, ...], str]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            found = dict(attrs)
            self.stack.append((tag, tuple((found.get("class") or "").split()), found.get("lang") or ""))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.texts.append((data.strip(), list(self.stack)))


def _around(page: Path, sentence: str) -> list[tuple[str, tuple[str, ...], str]]:
    parser = _Texts()
    parser.feed(page.read_text(encoding="utf-8"))
    found = [stack for text, stack in parser.texts if text == sentence]
    assert len(found) == 1, (sentence, found)
    return found[0]


def _inside(stack: list[tuple[str, tuple[str, ...], str]], tag: str, klass: str = "") -> int:
    """How many elements `tag` (with class `klass`) are around the text."""
    return sum(1 for t, classes, _ in stack if t == tag and (not klass or klass in classes))


def _marked_as_english(stack: list[tuple[str, tuple[str, ...], str]]) -> bool:
    return any(t == "span" and "glocal-fallback" in c and lang == "en" for t, c, lang in stack)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("values")
    (root / "curriculum/modules").mkdir(parents=True)
    (root / "curriculum/program.yml").write_text(PROGRAM, encoding="utf-8")
    (root / "curriculum/modules/practice.md").write_text(MODULE, encoding="utf-8")
    (root / "toolkits/regions/north").mkdir(parents=True)
    (root / "toolkits/regions/north/region.yml").write_text(REGION, encoding="utf-8")
    assert run_glocal("-C", root, "i18n", "update", "--lang", "da").code in (0, 1)
    assert (root / "locales/da/toolkits/regions/north/region.po").is_file()
    built = run_glocal("-C", root, "build")
    assert built.code == 0, built.err
    return root / "site/north"


@pytest.mark.parametrize("language", ["en", "da"])
@pytest.mark.parametrize("sentence", NOTES)
def test_every_block_of_a_regions_notes_is_inside_its_box(site, language, sentence):
    stack = _around(site / language / "index.html", sentence)
    assert _inside(stack, "div", "admonition") == 1 and _inside(stack, "div", "info") == 1
    if sentence.startswith(("punctuality", "involve")):
        assert _inside(stack, "li") == 1 and _inside(stack, "ul") == 1
    # shown untranslated on the Danish site: each block is marked as English on its own
    assert _marked_as_english(stack) == (language == "da")


@pytest.mark.parametrize("language", ["en", "da"])
@pytest.mark.parametrize(
    ("sentence", "depth"),
    [
        ("Name the partner's goals", 1),
        ("Plan the strategy sessions:", 1),
        ("annual reviews;", 2),
        ("quarterly check-ins.", 2),
        ("Draft a charter", 1),
    ],
)
def test_an_objectives_own_list_is_nested_in_its_item(site, language, sentence, depth):
    stack = _around(site / language / "modules/practice.html", sentence)
    assert _inside(stack, "div", "objectives") == 1
    assert _inside(stack, "li") == depth and _inside(stack, "ul") == depth
    assert _marked_as_english(stack) == (language == "da")


def test_a_value_of_one_line_is_marked_by_one_span_around_it_as_before(site):
    stack = _around(site / "da/modules/practice.html", "Draft a charter")
    assert stack[-1] == ("span", ("glocal-fallback",), "en")
    assert sum(1 for t, classes, _ in stack if "glocal-fallback" in classes) == 1
