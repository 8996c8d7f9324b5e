"""Backslash escapes as CommonMark and Pandoc read them (`glocal.markdown.escapes`): any ASCII
punctuation after a backslash is that character alone, on the page, in the table of contents and
in the navigation, as markdown-it (Glocal's own reader) and sandpaper read it."""

from __future__ import annotations

import html
import string

import pytest
from markdown_it import MarkdownIt

from conftest import dialect_markdown


def converter():
    return dialect_markdown()


@pytest.mark.parametrize("char", list(string.punctuation))
def test_every_ascii_punctuation_can_be_escaped_as_commonmark_says(char):
    text = f"a \\{char} b"
    shown = converter().convert(text)
    expected = MarkdownIt("commonmark").render(text).strip()
    assert html.unescape(shown) == html.unescape(expected), (shown, expected)  # `"` may be `&quot;`


def test_an_escaped_ampersand_in_a_heading_is_one_in_the_table_of_contents():
    md = converter()
    page = md.convert("# Quick \\& Easy Plotting\n\nCosts \\$5.")
    assert "Quick &amp; Easy Plotting" in page and "<p>Costs $5.</p>" in page
    assert md.toc_tokens[0]["name"] == "Quick & Easy Plotting"  # what the navigation shows


def test_code_and_a_doubled_backslash_are_left_as_they_are():
    md = converter()
    assert md.convert("`\\&`") == "<p><code>\\&amp;</code></p>"
    assert md.reset().convert("\\\\& stays") == "<p>\\&amp; stays</p>"


@pytest.mark.parametrize(
    "text",
    [
        "which we teach.\\\nNext, practice.",  # instructor-training's 02-practice-learning.md
        "an escaped backslash \\\\\nis no break",
        "three \\\\\\\nmake one and a break",
    ],
    ids=["break", "escaped backslash", "both"],
)
def test_a_backslash_at_a_lines_end_breaks_the_line_as_commonmark_says(text):
    """Python-Markdown showed the backslash and joined the lines; markdown-it and Pandoc break."""
    shown = converter().convert(text)
    expected = MarkdownIt("commonmark").render(text).strip()
    assert html.unescape(shown) == html.unescape(expected), (shown, expected)


def test_a_code_span_keeps_its_backslash_before_a_line_break():
    assert converter().convert("code `keeps\\\nit` here") == "<p>code <code>keeps\\\nit</code> here</p>"
