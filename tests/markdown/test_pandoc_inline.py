"""Pandoc's inline extensions that Carpentries lessons write, rendered as sandpaper renders them:
r-novice-gapminder's knitr episode teaches `F~2~` and `F^2^` (shown as written before), and
lesson-development-training's answer table marks cells `:white_check_mark:` and `:question:`
(shown as those words). The sanitizer keeps what they become."""

from __future__ import annotations

import pytest

from conftest import composed_page
from glocal.markdown.sanitize import clean_page


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("You can do subscripts (e.g., F~2~)", "F<sub>2</sub>"),
        ("and superscripts (e.g., F^2^)", "F<sup>2</sup>"),
        ("a ~~struck~~ word", "<del>struck</del>"),
        ("| 1 | :white_check_mark: | :question: |\n|---|---|---|\n", "<th>\u2705</th>\n<th>\u2753</th>"),
    ],
)
def test_pandocs_subscript_superscript_strikeout_and_emoji(text: str, shown: str):
    html = composed_page(text)
    assert shown in html, html
    assert shown in clean_page(html)


@pytest.mark.parametrize(
    "text",
    [
        "cd ~/Desktop, then ~/Documents",  # a space inside: no subscript, as in Pandoc
        "at 10:30:00 sharp",  # no emoji called `30`
        ":not_an_emoji: stays",
        "2^10 bytes",  # unclosed
        "^^not inserted^^",  # Pandoc has no insert mark: not <ins>
        "`F~2~` in code",
    ],
)
def test_text_that_only_looks_so_is_shown_as_written(text: str):
    html = composed_page(text)
    assert "<sub>" not in html and "<ins>" not in html and "<del>" not in html
    if "^^" not in text:
        assert "<sup>" not in html
    visible = html.replace("<p>", "").replace("</p>", "").replace("<code>", "`").replace("</code>", "`")
    assert text in visible or "^^" in text


def test_the_emoji_names_are_read_once_for_every_page():
    """pymdownx's own index deep-copies its 4,000 names for each Markdown instance (3 ms), and
    MkDocs alone makes one instance per page: 370 pages of the sample's staged sites took a
    second more. Every instance shares one index."""
    from conftest import dialect_markdown

    first, second = dialect_markdown(), dialect_markdown()
    shared = first.inlinePatterns["emoji"].emoji_index
    assert shared is second.inlinePatterns["emoji"].emoji_index
    assert ":white_check_mark:" in shared["emoji"]
