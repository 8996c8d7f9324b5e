"""List items indented as Python-Markdown reads them (`glocal.markdown.lists`), rendered with the
extensions every site uses: what CommonMark, Pandoc and sandpaper nest (two spaces under `- `,
three under `1. `), a page nests too; text indented four spaces a level is left as it is."""

from __future__ import annotations

import gc
import re
import time

import pytest

from conftest import composed_page as page
from conftest import dialect_markdown
from conftest import list_outline as outline
from glocal.markdown.blocks import parse
from glocal.markdown.lists import for_python_markdown


def render(text: str) -> str:
    return dialect_markdown(toc=False).convert(text)


def shape(text: str) -> list[tuple]:
    """How markdown-it reads `text`: its blocks, where, and what they hold (a paragraph's lines
    without their indentation, which a paragraph does not show)."""
    return [
        (
            token.type,
            token.level,
            token.map,
            "\n".join(line.strip() for line in token.content.split("\n"))
            if token.type == "inline"
            else token.content,
        )
        for token in parse(text).tokens
    ]


BALANCE = """\
- **Balance**: give feedback on both sides
  - Ask for or give "compliment sandwiches"
  - Balance every negative with a positive
- **Specific**: say what exactly
"""


def test_a_list_nested_two_spaces_under_a_dash_is_nested():
    """instructor-training, episodes/11-practice-teaching.md: was flattened into its parent's items."""
    assert [depth for depth, _ in outline(render(BALANCE))] == [1, 1, 1, 1]  # as written: flattened
    assert outline(page(BALANCE)) == [
        (1, "Balance"),
        (2, 'Ask for or give "compliment sandwiches"'),
        (2, "Balance every negative with a positive"),
        (1, "Specific"),
    ]


def test_a_list_nested_three_spaces_under_a_number_is_nested():
    text = "1. First\n   1. Inner one\n      - Deepest\n   2. Inner two\n2. Second\n"
    assert outline(page(text)) == [
        (1, "First"),
        (2, "Inner one"),
        (3, "Deepest"),
        (2, "Inner two"),
        (1, "Second"),
    ]


#: python-ecology-lesson, episodes/06-loops-and-functions.md: a paragraph indented three spaces
#: ended the list, and the code blocks after it were shown as text (their `title=` too)
ECOLOGY = """\
2. Using the `end` argument to `print`:

    ```python
    for creature in animals:
        print(creature + ',', end='')
    ```

   This puts a comma on the end of the list, which is not ideal.
   To avoid this, we use `join`:

    ```output
    'lion, tiger, crocodile'
    ```

3. Next
"""


def test_a_paragraph_then_code_in_a_numbered_item_stay_in_it_and_the_code_is_code():
    html = page(ECOLOGY)
    assert "```" not in html and "title=" not in html
    assert html.count("<ol") == 1 and html.count("<li>") == 2
    item = html[html.index("<li>") : html.index("</li>")]
    assert "This puts a comma" in item and "lion, tiger, crocodile" in item  # all inside item 2
    assert '<span class="filename">Output</span>' in item  # Glocal's title, as a title
    assert "    <span" in item  # the code's own indentation is kept (print's four spaces)


def test_a_list_inside_a_challenge_nests():
    text = "::: challenge\n\n" + BALANCE + "\n:::\n"
    html = page(text)
    assert 'class="admonition example"' in html
    assert [depth for depth, _ in outline(html)] == [1, 2, 2, 1]


def test_a_container_inside_a_list_item_is_an_admonition_inside_it():
    text = "- Before\n\n  ::: callout\n  Inside the note.\n\n  - one\n    - two\n  :::\n\n- After\n"
    html = page(text)
    first = html[html.index("<li>") : html.index("After")]
    assert 'class="admonition info"' in first and "Inside the note." in first
    assert outline(html) == [(1, "Before"), (2, "one"), (3, "two"), (1, "After")]


FOUR_SPACES = [
    "- a\n    - b\n        - c\n- d\n",
    "1. a\n\n    para\n\n    ```python\n    x = 1\n    ```\n\n2. b\n",
    "- a\n\n        indented code\n",
    "-   a\n\n    b\n",
    "::: challenge\n- a\n    - b\n:::\n",
    "- a\nlazy\n- b\n",
    "Text\n\n    code\n\n> - a\n>   - b\n",
]


@pytest.mark.parametrize("text", FOUR_SPACES)
def test_text_indented_four_spaces_a_level_is_given_back_as_it_is(text):
    parsed = parse(text)
    assert for_python_markdown(parsed) is parsed


CASES = [
    BALANCE,
    ECOLOGY,
    "1. a\n   - b\n     - c\n",
    "- - a\n  - b\n",
    "* Search\n  paste this\n    * [Stack](x) is\n    lazy here\n    * Take care\n* ask\n",
    "- a\n\n      code in the item\n\n  para\n",
    "1. a\n\n   <div>\n   raw\n   </div>\n\n   b\n",
    "- a\n  - b\n    ```\n      code\n\n    x\n    ```\n",
    "- a\n  - b\nlazy at the margin\n",
    "- a\nlazy\n\n  c\n",  # a lazy line does not decide how far its item moves
    "10.  a\n\n     - b\n       - c\n",  # an item past four spaces is not moved back
]


@pytest.mark.parametrize("text", CASES)
def test_markdown_it_reads_the_indented_text_as_it_read_the_text_and_again_changes_nothing(text):
    indented = for_python_markdown(parse(text))
    assert indented.text != text
    assert shape(indented.text) == shape(text)
    assert for_python_markdown(indented) is indented


def test_a_fenced_code_block_moves_as_a_whole():
    text = "- a\n\n  ```\n  def f():\n      return 1\n  \n  ```\n"
    lines = for_python_markdown(parse(text)).lines
    assert lines[2:7] == ["    ```", "    def f():", "        return 1", "    ", "    ```"]


def test_a_lazy_line_moves_with_its_item():
    text = "- a\n  - b\nlazy\n"
    lines = for_python_markdown(parse(text)).lines
    assert lines[:3] == ["-   a", "    - b", "        lazy"]  # b's text, where Python-Markdown looks
    assert [(depth, " ".join(words.split())) for depth, words in outline(render("\n".join(lines)))] == [
        (1, "a"),
        (2, "b lazy"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "> - a\n>   - b\n>\n>   c\n",  # in a quote: its lines begin with `>`
        "- a\n\t- b\n",  # a tab: its width depends on where it stands
    ],
)
def test_lists_in_quotes_or_with_tabs_are_left_as_written(text):
    moved = "- x\n  - y\n\nText.\n\n"  # a list before them is indented
    assert for_python_markdown(parse(moved + text)).text == "-   x\n    - y\n\nText.\n\n" + text


def test_a_long_list_and_a_deep_one_cost_a_pass():
    """Each line and each item is seen a bounded number of times: eight times the items take
    about eight times as long, not 64 (a pass per item did). Measured as a ratio of the same
    work at two sizes, best of two runs each, so a busy machine slows both alike; without the
    garbage collector, whose pauses grow with the test worker's heap, not with the text."""

    def cost(items: int, deep: bool) -> float:
        if deep:
            text = "".join("  " * level + f"- level {level}\n" for level in range(10))
            text += ("  " * 10 + "x\n") * (items // 2)
        else:
            text = "".join(f"- item {i}\n  more {i}\n" for i in range(items))
        best = float("inf")
        for _ in range(2):
            parse.cache_clear()
            parsed = parse(text)
            gc.disable()  # a collection of a worker's whole heap is no part of the cost (timeit's rule)
            try:
                started = time.perf_counter()
                indented = for_python_markdown(parsed)
                best = min(best, time.perf_counter() - started)
            finally:
                gc.enable()
        assert indented.text != text
        return best

    for deep in (False, True):
        small, large = cost(500, deep), cost(4_000, deep)
        assert large < 24 * small + 0.05, (deep, small, large)  # linear: about 8; quadratic: 64


def test_an_indented_code_block_in_an_item_stays_code_in_it():
    """Four spaces past the item's text (six under `- `): code for CommonMark, and for
    Python-Markdown once it is four past the item's four."""
    html = page("- a\n\n      indented code\n\n- b\n")
    assert re.search(r"<li>\s*<p>a</p>\s*<pre><code>indented code\n</code></pre>\s*</li>", html), html


def test_an_item_whose_marker_stands_alone_holds_the_code_below_it():
    """python-ecology-lesson's loops episode writes solutions as `1.` and the code on the next
    lines; Python-Markdown showed `1.` as text, then the code inside that paragraph."""
    text = (
        "1.\n   ```python\n   surveys_year = surveys_df.dropna()\n   ```\n"
        "2. You could make a list by hand:\n\n   ```python\n   n_year = 5\n   ```\n"
        "3.\n   Or let the code find the years.\n"
    )
    html = page(text)
    items = re.findall(r"<li>(.*?)</li>", html, re.S)
    assert len(items) == 3, html
    assert items[0].strip().startswith('<div class="highlight">') and "surveys_year" in items[0]
    assert items[1].strip().startswith("<p>You could make a list by hand:</p>")
    assert items[2].strip() == "<p>Or let the code find the years.</p>"
    assert "glocal-item-start" not in html and "\u200b" not in html and "1." not in html


def test_an_empty_item_is_an_empty_item_as_in_commonmark():
    for text in ("Text\n\n-\n\nMore\n", "1. a\n2.\n3. c\n"):
        html = page(text)
        assert "<li></li>" in html and "glocal-item-start" not in html, html
        assert "-" not in html and "2." not in html


def test_the_placeholder_keeps_every_line_in_its_place():
    """Diagnostics point at the text's lines: the marker's line is given the placeholder, no line
    is added."""
    text = "Steps:\n\n1.\n   ```python\n   x = 1\n   ```\n"
    lines = for_python_markdown(parse(text)).lines
    assert len(lines) == len(parse(text).lines)
    assert lines[2] == "1. [\u200b]{.glocal-item-start}" and lines[3] == "    ```python"


@pytest.mark.parametrize(
    "text",
    [
        # python-ecology-lesson's loops episode: opened three spaces in under `3.`, closed four in
        "3. \n   ```python\n   for species in surveys_df:\n       print(species)\n    ```\n4. Next step.\n",
        "Text\n\n```python\nx = 1\n  ```\n\nAfter.\n",  # closed two spaces in
        "Text\n\n  ```python\n  x = 1\n```\n\nAfter.\n",  # opened two spaces in
    ],
)
def test_a_closing_fence_indented_otherwise_than_its_opening_still_closes_it(text):
    """CommonMark and Pandoc close a fence at any indentation up to three spaces; Python-Markdown
    showed such a block as one line of inline code, `python for species in …`."""
    html = page(text)
    assert html.count('<div class="highlight">') == 1 and "<code>python" not in html, html
    assert "```" not in html
    indented = for_python_markdown(parse(text))
    assert len(indented.lines) == len(parse(text).lines)  # no line moves: diagnostics keep their place


def test_a_fence_line_inside_an_unclosed_block_is_left_as_code():
    """Six spaces in under `- a` (whose content is two in): code, not a closing fence; the block
    runs on, and the line keeps its four spaces past the opening fence."""
    lines = for_python_markdown(parse("- a\n\n  ```\n  code\n      ```\n")).lines
    opening, last = lines[2], lines[4]
    assert opening.strip() == last.strip() == "```"
    assert (len(last) - len(last.lstrip())) - (len(opening) - len(opening.lstrip())) == 4
