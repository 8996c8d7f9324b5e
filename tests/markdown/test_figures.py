"""Pandoc's figures with a caption (`glocal.markdown.figures`), rendered by Python-Markdown with
the extensions every site uses (`REQUIRED_EXTENSIONS`): an image alone in its paragraph with a
caption in its brackets and an `alt=` of its own shows the caption under it, as sandpaper does;
an attribute list written over several lines is read."""

from __future__ import annotations

import pytest

from conftest import dialect_markdown
from glocal.markdown import figures

CREDIT = (
    '![Icebreaker. Photo: [Grand-Duc](https://x.org/a_(b)), *CC BY*](fig/ship.jpg){alt="A ship" width="600"}'
)


def render(text: str) -> str:
    return dialect_markdown(toc=False).convert(text)


def test_a_caption_and_an_alt_make_a_figure_with_the_captions_markdown_read():
    assert render(CREDIT) == (
        '<figure><img alt="A ship" src="fig/ship.jpg" width="600" /><figcaption>Icebreaker. Photo: '
        '<a href="https://x.org/a_(b)">Grand-Duc</a>, <em>CC BY</em></figcaption>\n</figure>'
    )


@pytest.mark.parametrize(
    ("text", "html"),
    [
        # no alt of its own: the brackets are its alt text, as before (nothing of it is lost)
        ("![A diagram](p.png)", '<p><img alt="A diagram" src="p.png" /></p>'),
        ("![A diagram](p.png){width=50%}", '<p><img alt="A diagram" src="p.png" width="50%" /></p>'),
        # no caption, or the same text twice: an image
        ('![](p.png){alt="A ship"}', '<p><img alt="A ship" src="p.png" /></p>'),
        ('![A ship](p.png){alt="A ship"}', '<p><img alt="A ship" src="p.png" /></p>'),
        # an image in running text is never a figure
        ('See ![x](p.png){alt="y"} here.', '<p>See <img alt="y" src="p.png" /> here.</p>'),
        # code is code
        ('`![x](p.png){alt="y"}`', '<p><code>![x](p.png){alt="y"}</code></p>'),
    ],
)
def test_other_images_render_as_before(text, html):
    assert render(text) == html


@pytest.mark.parametrize(
    ("alt", "shown"),
    [
        # r-novice-inflammation's 02-func-R.md: code in an alt text, as lessons describe code
        ("The function `fahrenheit_to_celsius`, its body", "The function `fahrenheit_to_celsius`, its body"),
        ("*stars* and [a link](https://x.org/)", "*stars* and [a link](https://x.org/)"),
        ("has {braces} in it", "has {braces} in it"),
        ("Bloom's &lt;taxonomy&gt; &amp; more", "Bloom's &lt;taxonomy&gt; &amp; more"),
    ],
    ids=["code", "emphasis and link", "braces", "entities"],
)
def test_an_alt_holding_markdown_or_braces_is_the_images_alt_as_written(alt, shown):
    """Its attribute list was read as Markdown first: shown as text, and the image had no alt."""
    assert render(f'![Vocabulary of functions.](fig/f.svg){{alt="{alt}" width="400"}}') == (
        f'<figure><img alt="{shown}" src="fig/f.svg" width="400" />'
        "<figcaption>Vocabulary of functions.</figcaption>\n</figure>"
    )
    assert render(f'![](fig/f.svg){{alt="{alt}"}}') == f'<p><img alt="{shown}" src="fig/f.svg" /></p>'


def test_a_caption_in_code_stays_code_and_the_alt_text():
    assert render('![`x`](a.png){alt="`y`" .wide}') == (
        '<figure><img alt="`y`" class="wide" src="a.png" /><figcaption><code>x</code></figcaption>\n</figure>'
    )


def test_attributes_over_several_lines_are_read_as_one_line():
    """As lesson-development-training writes its figures: the braces and attributes were shown
    as text after the image."""
    text = '![Bloom\'s taxonomy](fig/bloom.svg){\nalt="Bloom\'s taxonomy: six levels"\nwidth="67%"\n}'
    assert render(text) == (
        '<figure><img alt="Bloom\'s taxonomy: six levels" src="fig/bloom.svg" width="67%" />'
        "<figcaption>Bloom's taxonomy</figcaption>\n</figure>"
    )
    assert (
        render("![A diagram](p.png){\nwidth=50%\n}")
        == '<p><img alt="A diagram" src="p.png" width="50%" /></p>'
    )


@pytest.mark.parametrize(
    "text",
    [
        f"!!! note\n\n    {CREDIT}\n",  # in an admonition (a challenge, a callout)
        f"- An item.\n\n    {CREDIT}\n",  # in a list item
        f"> {CREDIT}\n",  # in a quote
    ],
)
def test_a_figure_is_made_in_any_block(text):
    html = render(text)
    assert '<figure><img alt="A ship"' in html and "<figcaption>Icebreaker. Photo: <a" in html


def test_an_untranslated_caption_keeps_its_fallback_mark():
    """On a site in another language an untranslated caption is marked as body text is."""
    marked = '<span class="glocal-fallback" lang="en" dir="ltr" title="Not translated">Icebreaker</span>'
    html = render(f'![{marked}](fig/ship.jpg){{alt="Et skib"}}')
    assert f"<figcaption>{marked}</figcaption>" in html and 'alt="Et skib"' in html


def test_a_paragraph_past_the_bound_is_not_read():
    text = "![" + "x" * figures.MAX_LENGTH + '](p.png){alt="y"}'
    assert figures.figure_parts(text) is None
    assert figures.figure_parts('![x](p.png){alt="y"}') == ("![x](p.png)", '{alt="y"}', "x", True)


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ('![a](b.png){:width="50%"}', '<p><img alt="a" src="b.png" width="50%" /></p>'),
        ("![a](b.png){: #fig .x}", '<p><img alt="a" class="x" id="fig" src="b.png" /></p>'),
        (
            '![A caption](b.png){: alt="An image" }',
            '<figure><img alt="An image" src="b.png" /><figcaption>A caption</figcaption>\n</figure>',
        ),
    ],
    ids=["colon width", "colon id and class", "colon alt"],
)
def test_a_kramdown_attribute_list_with_its_colon_is_read_as_attr_list_reads_it(text, html):
    """Older Carpentries lessons write `{: …}`: the colon became part of an attribute's name."""
    assert render(text) == html
