"""Untrusted text is read in linear time: `{{ … }}`, `<!-- … -->`, `{ … }` attribute lists.

A regular expression like `\\{\\{.*?\\}\\}` reads to the end of the text from every opener that has
no closer: one translation of 50,000 `{{` (100 KB) made `glocal check` of the sample take 141 s,
50,000 `<!--` 116 s, `{{ ` 78 s; 60,000 `[t]{.a` in a module 98 s (found by bench/fuzz_check.py).
The scanners find exactly what those expressions found, and the expressions that stay are
written so that each character is read one way.
"""

from __future__ import annotations

import re
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from glocal.i18n.apply import _ATTRIBUTE_LIST
from glocal.markdown import delimited

#: What the scanners replace, as the code wrote it before.
TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
HTML = re.compile(r"<!--.*?-->|<[A-Za-z/!?][^<>]*>", re.S)
ATTRIBUTE_LIST = re.compile(r"\{[^{}\n]*[^{}\s:][^{}\n]*\}")

PIECES = st.sampled_from(
    [
        "{{",
        "}}",
        "{%",
        "%}",
        "{#",
        "#}",
        "{",
        "}",
        "%",
        "#",
        "<!--",
        "-->",
        "<",
        ">",
        "<a",
        "<!",
        "-",
        "a",
        " ",
        "\n",
        "/",
    ]
)
TEXTS = st.lists(PIECES, max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_the_scanners_find_what_the_expressions_found(text):
    assert list(delimited.spans(text, delimited.TEMPLATE)) == [m.span() for m in TEMPLATE.finditer(text)]
    assert list(delimited.html_spans(text)) == [m.span() for m in HTML.finditer(text)]
    assert delimited.blanked(text, delimited.spans(text, delimited.TEMPLATE)) == TEMPLATE.sub(" ", text)
    assert _ATTRIBUTE_LIST.findall(text) == ATTRIBUTE_LIST.findall(text)


def test_the_usual_cases():
    text = "Hi {{ region.name }}, {% if x %}yes{% endif %} <!-- note --> <b>bold</b> {# c #}"
    assert [text[a:b] for a, b in delimited.spans(text, delimited.TEMPLATE)] == [
        "{{ region.name }}",
        "{% if x %}",
        "{% endif %}",
        "{# c #}",
    ]
    assert [text[a:b] for a, b in delimited.html_spans(text)] == ["<!-- note -->", "<b>", "</b>"]


def test_markup_checks_on_hostile_translations_take_linear_time():
    """Run apart, so a regression fails rather than hangs: each of these took minutes before."""
    code = "\n".join(
        [
            "import time",
            "from glocal.i18n.apply import added_markup, template_tags",
            "from glocal.i18n.placeholders import placeholder_problems",
            "from glocal.markdown.blocks import count_words, first_heading, parse",
            "from glocal.scaffold import VARIABLE",
            "for unit in ('{{', '{{ ', '<!--', '{%', '{#', '<a', '{.', '{'):",
            "    text = 'Tekst ' + unit * 60000",
            "    start = time.perf_counter()",
            "    added_markup('Tekst', text)",
            "    placeholder_problems('Tekst', text)",
            "    template_tags(text)",
            "    count_words(text)",
            "    VARIABLE.findall(text)",
            "    assert time.perf_counter() - start < 2, unit",
            "from glocal.i18n.apply import heading_ids",
            "from glocal.i18n.placeholders import HTML_TAG",
            "from glocal.i18n.segment import segment_text",
            "from glocal.pipeline.explaining import plain",
            "for unit in ('[', '![', '[a](', '<', '<a'):",
            "    text = '# Head ' + unit * 60000",
            "    start = time.perf_counter()",
            "    heading_ids(segment_text(text))",
            "    plain(text)",
            "    HTML_TAG.findall(text)",
            "    first_heading(parse(text))",
            "    assert time.perf_counter() - start < 2, unit",
            "assert count_words('[t]{.a' * 60000) > 0",
            "assert first_heading(parse('# A {#a}')) == ('A', 'A')",
        ]
    )
    done = subprocess.run([sys.executable, "-c", code], timeout=90, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
