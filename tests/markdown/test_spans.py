"""Pandoc's bracketed spans, `[term]{#term}` (`glocal.markdown.spans`), rendered by
Python-Markdown with the extensions every site uses (`REQUIRED_EXTENSIONS`): a Carpentries
glossary's terms become places an episode can link to."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import dialect_markdown


def render(text: str) -> str:
    return dialect_markdown(toc=False).convert(text)


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("A [term]{#term} here.", '<p>A <span id="term">term</span> here.</p>'),
        ("[absolute path]{#absolute-path}", '<p><span id="absolute-path">absolute path</span></p>'),
        ("[x]{.keyword}", '<p><span class="keyword">x</span></p>'),
        ("[x]{ #a .b .c }", '<p><span class="b c" id="a">x</span></p>'),
        ("[x]{#first #second}", '<p><span id="second">x</span></p>'),  # as Pandoc: the last id
        # its text is Markdown: emphasis and code inside are read
        ("[*a* `b`]{#d}", '<p><span id="d"><em>a</em> <code>b</code></span></p>'),
    ],
)
def test_a_bracketed_span_is_a_span_with_its_id_and_classes(text, html):
    assert render(text) == html


@pytest.mark.parametrize(
    "text",
    [
        "`[code]{#x}` is code",  # inside a code span
        "[x]{key=value}",  # not an id or a class: left as written
        "[x]{#}",
        "[two\nlines]{#x}",
        "\\[x]{#x}",  # an escaped bracket
        "[a [link](c.md) in it]{#d}",  # brackets inside: not read as a span (Pandoc would)
    ],
)
def test_what_is_not_a_bracketed_span_is_left_as_written(text):
    assert "<span" not in render(text)


def test_a_long_run_of_names_without_its_brace_is_refused_at_once():
    # every `.a` could begin a class or go on with the last one: 2^n ways to try, but for the
    # spaces a span's names need between them. Run apart, so a regression fails, not hangs.
    code = (
        "import re, sys; from glocal.markdown.spans import SPAN; "
        "assert re.search(SPAN, '[x]{' + '.a' * 60 + '!') is None; "
        "assert re.search(SPAN, '[x]{' + ' .a' * 60 + '!') is None"
    )
    done = subprocess.run([sys.executable, "-c", code], timeout=20, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_a_glossary_is_a_definition_list_whose_terms_are_anchors():
    text = (
        "[prompt]{#prompt}\n:   What the shell prints.\n\n"
        "[working directory]{#working-directory}\n:   The folder the shell is in;\n"
        "    see the [prompt](#prompt).\n"
    )
    assert render(text) == (
        "<dl>\n"
        '<dt><span id="prompt">prompt</span></dt>\n'
        "<dd>What the shell prints.</dd>\n"
        '<dt><span id="working-directory">working directory</span></dt>\n'
        '<dd>The folder the shell is in;\nsee the <a href="#prompt">prompt</a>.</dd>\n'
        "</dl>"
    )
