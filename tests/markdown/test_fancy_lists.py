"""Pandoc's lettered, Roman and `1)` lists (`glocal.markdown.pandoc_lists`), as sandpaper's
sites show them: lesson-development-training's quizzes write `a) 42`, `b) 32`; its episodes
nest `a)` items in a numbered item; spreadsheet-ecology-lesson numbers its steps `1)`.

Before, Python-Markdown showed each quiz as one paragraph with its answers run together."""

from __future__ import annotations

import re

import pytest

from conftest import composed_page as page
from conftest import list_outline as outline


def _lists(html: str) -> list[str]:
    """Each `<ol>`'s opening tag, in order."""
    return re.findall(r"<ol[^>]*>", html)


QUIZ = """_MCQ: What is 27 + 15?_

a) 42
b) 32
c) 312
d) 33

The correct answer is 42; each of the other answers tells you something:

b) they do not understand the concept of a carry
c) they understand a carry but add it
as a digit of its own
d) they carry it to the wrong column
"""


def test_a_quiz_lettered_a_to_d_is_a_lettered_list_and_its_answers_start_at_b():
    html = page(QUIZ)
    assert _lists(html) == [
        '<ol class="fancylists-lower-alpha" type="a">',
        '<ol class="fancylists-lower-alpha" start="2" type="a">',
    ]
    assert [text for _, text in outline(html)] == [
        "42",
        "32",
        "312",
        "33",
        "they do not understand the concept of a carry",
        "they understand a carry but add it\nas a digit of its own",  # a lazy line stays in its item
        "they carry it to the wrong column",
    ]


def test_lettered_items_under_a_numbered_item_nest_in_it_as_pandoc_nests_them():
    """lesson-development-training's audience episode: three lines indented under `1.`, the
    third to fifth lettered; Pandoc (sandpaper's site) nests a lettered list in the item."""
    text = (
        "1. It helps to predict what learners know\n"
        "   when they arrive. This lets you\n"
        "   a) help learners recall that knowledge,\n"
        "   b) build on what they understand and,\n"
        "   c) perhaps most importantly,\n"
        "   find their misconceptions.\n"
        "2. It helps to decide where to start.\n"
    )
    html = page(text)
    assert [depth for depth, _ in outline(html)] == [1, 2, 2, 2, 1]
    assert _lists(html) == ["<ol>", '<ol class="fancylists-lower-alpha" type="a">']


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("i. one\nii. two\niii. three\n", '<ol class="fancylists-lower-roman" type="i">'),
        ("A)  one\nB)  two\n", '<ol class="fancylists-upper-alpha" type="A">'),
        ("IV) four\nV) five\n", '<ol class="fancylists-upper-roman" start="4" type="I">'),
        ("1) Extract the year\n2) Calculate the time\n", "<ol>"),
        ("3) Press F9\n4) Check it\n", '<ol start="3">'),
        ("#. first\n#. second\n", "<ol>"),
    ],
)
def test_each_of_pandocs_list_styles_is_a_list_of_that_style(text: str, expected: str):
    html = page(text)
    assert _lists(html) == [expected]
    assert len(outline(html)) == text.count("\n")


def test_a_numbered_list_is_written_as_before_without_a_style():
    assert _lists(page("1. one\n2. two\n\n    a. nested\n")) == [
        "<ol>",
        '<ol class="fancylists-lower-alpha" type="a">',
    ]
    assert "fancylists" not in page("1. one\n2. two\n") and 'type="1"' not in page("1. one\n")


@pytest.mark.parametrize(
    "text",
    [
        "A. Smith wrote it.",  # one capital and a full stop: an initial (Pandoc wants two spaces)
        "e.g. a list",
        "Learners recall what they know\na) when asked\nb) when shown",  # no blank line before
    ],
)
def test_text_that_only_looks_like_a_marker_stays_a_paragraph(text: str):
    html = page(text)
    assert "<ol" not in html and "<li" not in html


def test_a_translated_quiz_keeps_its_list_and_a_translated_date_stays_text():
    """A translation's line that begins `d. ` (Danish: "den", the) is text, as a `1. januar` is;
    a translation of a quiz lettered `a)`, `b)` keeps the quiz's list."""
    from glocal.i18n.apply import apply
    from glocal.i18n.segment import segment_text

    source = "We meet on 5 May.\n\na) 42\nb) 32\n"
    translated = {
        "We meet on 5 May.": "d. 5. maj mødes vi.",
        "a) 42\nb) 32": "a) 42 (da)\nb) 32 (da)",
    }
    text = apply(source, segment_text(source), lambda s: translated.get(s.msgid, s.msgid))
    html = page(text)
    assert "<p>d. 5. maj mødes vi.</p>" in html
    assert _lists(html) == ['<ol class="fancylists-lower-alpha" type="a">']
    assert [text for _, text in outline(html)] == ["42 (da)", "32 (da)"]


def test_a_translated_front_matter_value_that_begins_d_is_text():
    """A title or an objective from front matter goes through the same rule."""
    from glocal.i18n.translations import Catalog, Translator

    catalog = Catalog("da.po", {"Meet on 5 May": "d. 5. maj mødes vi", "a) yes\nb) no": "a) ja\nb) nej"})
    translator = Translator(catalog, "en")
    assert translator.value("Meet on 5 May") == "d\\. 5. maj mødes vi"
    assert translator.value("Meet on 5 May", mark=False) == "d. 5. maj mødes vi"  # plain text: as written
    assert translator.value("a) yes\nb) no") == "a) ja\nb) nej"


def test_pymdownx_fancylists_own_block_is_text_and_nesting_it_stops_nothing():
    """`/// fancylists` (pymdownx's own block, which no lesson writes) is not taken in: two of them
    nested raised a ValueError out of Python-Markdown, stopping the page's build."""
    text = "/// fancylists | type=a\n/// fancylists | type=a\na. x\n///\n///\n"
    html = page(text)
    assert "<p>/// fancylists | type=a" in html


def test_list_shaped_text_of_any_kind_renders_without_raising():
    """Seeded random lines of markers (lettered, Roman, numbered, bullets, bare), fences, boxes
    and indentation: what pymdownx's processors ("work in progress") and Glocal's list passes
    make of them, never an exception."""
    import random

    from conftest import dialect_markdown

    rng = random.Random(2026)
    pieces = ["a)", "b.", "A)", "B.  ", "i.", "ii)", "IV.", "#.", "1.", "2)", "-", "*", "", ">", "```"]
    pieces += [":::", "::: challenge", "!!! note", "///", "#", "|a|b|", "text", "`code`", "1.\n", "a)\n"]
    markdown = dialect_markdown(toc=False)
    for _ in range(400):
        lines = [
            " " * rng.choice([0, 0, 1, 2, 3, 4, 5, 8]) + " ".join(rng.choices(pieces, k=rng.randint(0, 3)))
            for _ in range(rng.randint(1, 20))
        ]
        text = "\n".join(lines) + "\n"
        page(text)
        markdown.convert(text)
