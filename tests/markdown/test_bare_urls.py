"""Bare URLs are links, as Pandoc's `autolink_bare_uris` (and sandpaper) makes them
(`glocal.markdown.bare_urls`); a translation must keep them (GL305)."""

from __future__ import annotations

import pytest

from conftest import dialect_markdown
from glocal.i18n.placeholders import placeholder_problems


def render(text: str) -> str:
    return dialect_markdown(toc=False).convert(text)


@pytest.mark.parametrize(
    ("text", "html"),
    [
        # lesson-development-training's reference list: the full stop ends the sentence
        (
            "PLoS Comput Biol 16(4): e1007296. https://doi.org/10.1371/journal.pcbi.1007296.",
            '<p>PLoS Comput Biol 16(4): e1007296. <a href="https://doi.org/10.1371/journal.pcbi.1007296">'
            "https://doi.org/10.1371/journal.pcbi.1007296</a>.</p>",
        ),
        ("(see https://x.org/a)", '<p>(see <a href="https://x.org/a">https://x.org/a</a>)</p>'),
        ("ftp://f.org/x?y=1&z=2", '<p><a href="ftp://f.org/x?y=1&amp;z=2">ftp://f.org/x?y=1&amp;z=2</a></p>'),
    ],
)
def test_a_bare_url_is_a_link_to_itself(text, html):
    assert render(text) == html


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("`https://x.org` code", "<p><code>https://x.org</code> code</p>"),
        ("[t](https://x.org)", '<p><a href="https://x.org">t</a></p>'),
        ("[https://x.org](https://x.org)", '<p><a href="https://x.org">https://x.org</a></p>'),  # not nested
        ("<https://x.org>", '<p><a href="https://x.org">https://x.org</a></p>'),
        ('<a href="https://x.org">h</a>', '<p><a href="https://x.org">h</a></p>'),
        ("www.example.org and a@example.org", "<p>www.example.org and a@example.org</p>"),  # as Pandoc
        ("https\\://x.org", "<p>https://x.org</p>"),  # escaped: text (names and titles are)
    ],
)
def test_what_is_not_a_bare_url_is_left_as_it_was(text, html):
    assert render(text) == html


def test_a_translation_must_keep_its_bare_urls():
    source = "Read https://doi.org/10.1/x. Then discuss."
    assert placeholder_problems(source, "Lees https://evil.example/x. Bespreek dan.") == [
        (
            "GL305",
            "translation must keep the source's link or image targets: expected https://doi.org/10.1/x "
            "but found https://evil.example/x",
        )
    ]
    assert placeholder_problems(source, "Lees [het artikel](https://doi.org/10.1/x). Bespreek dan.") == []
    assert placeholder_problems("Use `https://x.org` here", "Brug `https://x.org/other` her")[0][0] == "GL304"
