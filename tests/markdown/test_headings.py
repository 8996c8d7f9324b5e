"""A heading's `{#id}` right after its text, as Pandoc reads it (`glocal.markdown.headings`):
carpentries/lesson-development-training's `## Exercise: thinking about target audience (15 minutes
total for both parts){#target-audience-exercise}` showed its braces in the heading and the table of
contents, and links to `#target-audience-exercise` led nowhere."""

from __future__ import annotations

import pytest

from conftest import dialect_markdown
from glocal.i18n.apply import has_explicit_id


@pytest.mark.parametrize(
    ("text", "tag", "name"),
    [
        ("## Exercise (15 minutes){#target-audience}", '<h2 id="target-audience">', "Exercise (15 minutes)"),
        ("## Spaced {#spaced}", '<h2 id="spaced">', "Spaced"),  # as before
        ("# Title{: .wide #top }", '<h1 class="wide" id="top">', "Title"),
        ("### Code `{#no}`", '<h3 id="code-no">', "Code {#no}"),  # code is code
    ],
)
def test_a_headings_attributes_are_read_with_or_without_a_space(text, tag, name):
    md = dialect_markdown()
    html = md.convert(text)
    assert html.startswith(tag), html
    assert md.toc_tokens[0]["name"] == name


def test_glocals_own_reading_took_it_for_the_id_already():
    """A translation keeps the source heading's id when the source gives one (`heading_ids`)."""
    assert has_explicit_id("Exercise (15 minutes){#target-audience}")


@pytest.mark.parametrize(
    "text",
    [
        "#1 priority is the partner's own plan.",
        "Our list:\n#2 is the budget",  # a line inside a paragraph
        "#hashtag",
        "#. a list item, Pandoc's `#.` marker",
    ],
)
def test_a_hash_without_a_space_is_text_as_in_commonmark_and_pandoc(text: str):
    """Python-Markdown made any line that begins with `#` a heading (`#1 priority` became an
    `<h1>` out of the middle of a paragraph); markdown-it, which `check` and extraction use, and
    Pandoc read it as text (`pymdownx.saneheaders`)."""
    from markdown_it import MarkdownIt

    html = dialect_markdown().convert(text)
    assert "<h1" not in html and "<h2" not in html
    assert "<h1" not in MarkdownIt("commonmark").render(text)


def test_a_hash_and_a_space_is_still_a_heading():
    assert (
        dialect_markdown(toc=False).convert("# Partnerships\n\nText.")
        == "<h1>Partnerships</h1>\n<p>Text.</p>"
    )
