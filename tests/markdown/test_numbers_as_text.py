"""`numbers_as_text`: a line that begins with a number and `.` or `)` is shown as written (an
ordinal or a date, `1. januar`), never as a numbered list, by both Markdown readers Glocal uses:
Python-Markdown with the composed pages' extensions (what MkDocs renders) and markdown-it-py
(what `check` reads). Where no list would start, the escape changes nothing rendered."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from conftest import dialect_markdown
from glocal.markdown.dialect import lettered, numbers_as_text


def _python_markdown(text: str) -> str:
    return dialect_markdown().convert(text)


def _markdown_it(text: str) -> str:
    return MarkdownIt("commonmark").render(text)


RENDERERS = [_python_markdown, _markdown_it]


@pytest.mark.parametrize("render", RENDERERS, ids=["python-markdown", "markdown-it"])
@pytest.mark.parametrize(
    "text",
    [
        "1. januar begynder forløbet.",
        "2. dag: praksis",
        "3) tre ting",
        "1.",
        "   1. januar",
        "Forløbet begynder\n1. januar.",
        "1990. Et partnerskab",
    ],
)
def test_a_line_that_begins_with_a_number_is_text_not_a_list(text: str, render):
    shown = render(numbers_as_text(text))
    assert "<ol" not in shown and "<li" not in shown
    assert " ".join(text.split()) in " ".join(shown.replace("<p>", "").replace("</p>", "").split())


@pytest.mark.parametrize("render", RENDERERS, ids=["python-markdown", "markdown-it"])
@pytest.mark.parametrize(
    "text",
    [
        "Et partnerskab hviler på fem søjler.",
        "Forløbet varer\n2. halvdel af året.",  # a 2 does not interrupt a paragraph in CommonMark
        "- 1. januar",  # not at the start of the line: an item of a bullet list, as written
        "1.5 millioner kroner",
        "12345678901. tal",  # ten digits: no list marker
        "    1. januar",  # indented code
        "10 % af 2026.",
    ],
)
def test_where_no_list_would_start_it_renders_the_same(text: str, render):
    assert render(numbers_as_text(text)) == render(text)


def test_only_a_number_at_a_lines_start_is_escaped():
    assert numbers_as_text("1. januar\n2) feb\nI 2026. år") == "1\\. januar\n2\\) feb\nI 2026. år"
    assert numbers_as_text("    4. kode") == "    4. kode"
    assert numbers_as_text("tekst") == "tekst"


@pytest.mark.parametrize(
    "text",
    [
        "d. 5. maj begynder forløbet.",  # Danish: "den 5. maj", the 5th of May
        "a) ét svar\nb) et andet",
        "Forløbet har to dele:\nii. den anden",
        "#. første",
    ],
)
def test_a_line_that_begins_with_a_letter_or_roman_marker_is_text_not_a_list(text: str):
    shown = _python_markdown(numbers_as_text(text))
    assert "<ol" not in shown and "<li" not in shown
    assert " ".join(text.split()) in " ".join(shown.replace("<p>", "").replace("</p>", "").split())


def test_a_translation_of_a_lettered_list_keeps_its_list():
    """`letters=False` where the source itself is a lettered list (a quiz's answers)."""
    assert lettered("a) 42\nb) 32") and lettered("Svar:\n#. et") and not lettered("Hej.\nd.5")
    kept = numbers_as_text("a) 42\nb) 32", letters=False)
    assert kept == "a) 42\nb) 32"
    assert _python_markdown(kept).count("<li>") == 2
    assert numbers_as_text("a) 42\n1. januar", letters=False) == "a) 42\n1\\. januar"  # numbers still
