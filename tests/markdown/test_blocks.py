"""blocks.py: Pandoc fenced divs, Carpentries nesting, links and word counts (0-based positions)."""

from __future__ import annotations

import pytest

from glocal.markdown.blocks import count_words, parse, rebase_links
from glocal.markdown.fences import Fence, parse_fence
from glocal.markdown.limits import MAX_DEFINITIONS_IN_A_ROW


def tree(text: str) -> list[tuple]:
    """Every container as (name, arg, attrs, open, close, col, depth, fence_error), depth first."""
    return [
        (c.name, c.arg, c.attrs, c.open, c.close, c.col, c.depth, c.fence_error)
        for c in parse(text).all_containers()
    ]


def stray(text: str) -> list[tuple[int, int]]:
    return [(s.line, s.col) for s in parse(text).stray]


# --- fence lines -------------------------------------------------------------------------------

FENCE_LINES = [
    ("::: facilitator", Fence(":::", "facilitator", None, {})),
    ("::: activity {duration=20}", Fence(":::", "activity", None, {"duration": "20"})),
    ("::: slot case-study", Fence(":::", "slot", "case-study", {})),
    ("::: slot case-study :::", Fence(":::", "slot", "case-study", {})),
    (":::::: challenge ::::::", Fence("::::::", "challenge", None, {})),
    ("::: {.challenge}", Fence(":::", "challenge", None, {"classes": ["challenge"]})),
    (
        "::: callout {#c1 .warn key='two words'}",
        Fence(":::", "callout", None, {"id": "c1", "classes": ["warn"], "key": "two words"}),
    ),
    (":::", Fence(":::", None, None, {})),
    ("::::::", Fence("::::::", None, None, {})),
    (":::   ", Fence(":::", None, None, {})),
    (
        "::: activity {duration=20",
        Fence(
            ":::",
            "activity",
            None,
            {},
            "expected attributes in braces like {duration=20} but found '{duration=20'",
        ),
    ),
    (
        "::: activity {duration=20 !!}",
        Fence(":::", "activity", None, {"duration": "20"}, "expected key=value attributes but found '!!'"),
    ),
]


@pytest.mark.parametrize(("line", "expected"), FENCE_LINES, ids=[line for line, _ in FENCE_LINES])
def test_parse_fence(line, expected):
    assert parse_fence(line) == expected


@pytest.mark.parametrize("line", ["", "::", ":: facilitator", "text ::: facilitator", "# ::: heading"])
def test_parse_fence_rejects_non_fences(line):
    assert parse_fence(line) is None


# --- container trees (golden) ------------------------------------------------------------------

GOLDEN = {
    "single": (
        "::: facilitator\nA note.\n:::\n",
        [("facilitator", None, {}, 0, 2, 0, 0, None)],
        [],
    ),
    "attributes": (
        "Intro.\n\n::: activity {duration=20}\nDo it.\n:::\n",
        [("activity", None, {"duration": "20"}, 2, 4, 0, 0, None)],
        [],
    ),
    "slot-arg": (
        "::: slot case-study\nDefault.\n:::\n",
        [("slot", "case-study", {}, 0, 2, 0, 0, None)],
        [],
    ),
    "pandoc-class-form": (
        "::: {.challenge}\nWhy?\n:::\n",
        [("challenge", None, {"classes": ["challenge"]}, 0, 2, 0, 0, None)],
        [],
    ),
    "trailing-colons": (
        "::: slot case-study :::::\nDefault.\n::::::::::\n",
        [("slot", "case-study", {}, 0, 2, 0, 0, None)],
        [],
    ),
    "carpentries-challenge-solution": (
        ":::::::::::::::: challenge\nQuestion?\n\n::: solution\nAnswer.\n:::\n::::::::::::::::\n",
        [
            ("challenge", None, {}, 0, 6, 0, 0, None),
            ("solution", None, {}, 3, 5, 0, 1, None),
        ],
        [],
    ),
    "three-levels": (
        "::::: challenge\n:::: solution\n::: hint\nx\n:::\n::::\n:::::\n",
        [
            ("challenge", None, {}, 0, 6, 0, 0, None),
            ("solution", None, {}, 1, 5, 0, 1, None),
            ("hint", None, {}, 2, 4, 0, 2, None),
        ],
        [],
    ),
    "closer-closes-innermost": (
        # the same number of colons: the first `:::` closes `hint`, not `challenge`
        "::: challenge\n::: hint\nx\n:::\ny\n:::\n",
        [
            ("challenge", None, {}, 0, 5, 0, 0, None),
            ("hint", None, {}, 1, 3, 0, 1, None),
        ],
        [],
    ),
    "many-colons-closes-innermost-only": (
        "::: challenge\n::: hint\nx\n::::::::\n",
        [
            ("challenge", None, {}, 0, None, 0, 0, None),
            ("hint", None, {}, 1, 3, 0, 1, None),
        ],
        [],
    ),
    "siblings": (
        "::: facilitator\na\n:::\n\n::: activity {duration=5}\nb\n:::\n",
        [
            ("facilitator", None, {}, 0, 2, 0, 0, None),
            ("activity", None, {"duration": "5"}, 4, 6, 0, 0, None),
        ],
        [],
    ),
    "unclosed": (
        "::: facilitator\nNever closed.\n",
        [("facilitator", None, {}, 0, None, 0, 0, None)],
        [],
    ),
    "unclosed-nested": (
        "::: a\n::: b\n",
        [("a", None, {}, 0, None, 0, 0, None), ("b", None, {}, 1, None, 0, 1, None)],
        [],
    ),
    "stray-alone": (
        "Text.\n\n:::\n",
        [],
        [(2, 0)],
    ),
    "stray-after-close": (
        "::: facilitator\nx\n:::\n:::\n",
        [("facilitator", None, {}, 0, 2, 0, 0, None)],
        [(3, 0)],
    ),
    "stray-indented": (
        "Text.\n\n  :::\n",
        [],
        [(2, 2)],
    ),
    "indented-fence-col": (
        "  ::: facilitator\n  x\n  :::\n",
        [("facilitator", None, {}, 0, 2, 2, 0, None)],
        [],
    ),
    "malformed-attributes": (
        "::: activity {duration=20\nx\n:::\n",
        [
            (
                "activity",
                None,
                {},
                0,
                2,
                0,
                0,
                "expected attributes in braces like {duration=20} but found '{duration=20'",
            )
        ],
        [],
    ),
    "fenced-code-hides-fences": (
        "::: callout\n```\n:::\n::: facilitator\n```\n:::\n",
        [("callout", None, {}, 0, 5, 0, 0, None)],
        [],
    ),
    "tilde-code-hides-fences": (
        "~~~markdown\n::: facilitator\n:::\n~~~\n",
        [],
        [],
    ),
    "fenced-code-stray-closer-not-counted": (
        "```\n:::\n```\n",
        [],
        [],
    ),
    "indented-code-hides-fences": (
        "::: callout\n\n    :::\n    ::: facilitator\n\n:::\n",
        [("callout", None, {}, 0, 5, 0, 0, None)],
        [],
    ),
    "code-then-real-stray": (
        "```\n::: facilitator\n```\n\n    ::: facilitator\n\n:::\n",
        [],
        [(6, 0)],
    ),
    "fence-interrupts-paragraph": (
        "A paragraph line\n::: facilitator\nnote\n:::\n",
        [("facilitator", None, {}, 1, 3, 0, 0, None)],
        [],
    ),
    "closer-interrupts-paragraph": (
        "::: facilitator\nline one\nline two\n:::\nAfter.\n",
        [("facilitator", None, {}, 0, 3, 0, 0, None)],
        [],
    ),
    "fence-interrupts-list": (
        "- item\n::: facilitator\nnote\n:::\n",
        [("facilitator", None, {}, 1, 3, 0, 0, None)],
        [],
    ),
    "closer-interrupts-list": (
        "::: facilitator\n- a\n- b\n:::\n",
        [("facilitator", None, {}, 0, 3, 0, 0, None)],
        [],
    ),
}


@pytest.mark.parametrize("case", list(GOLDEN))
def test_container_tree(case):
    text, containers, strays = GOLDEN[case]
    assert tree(text) == containers
    assert stray(text) == strays


def test_children_are_nested_not_flat():
    parsed = parse(":::::: challenge\nQ\n::: solution\nA\n:::\n::::::\n")
    assert [c.name for c in parsed.containers] == ["challenge"]
    assert [c.name for c in parsed.containers[0].children] == ["solution"]
    assert parsed.containers[0].children[0].children == []


def test_end_is_line_after_close_and_minus_one_when_unclosed():
    closed = parse("::: facilitator\nx\n:::\n").containers[0]
    unclosed = parse("::: facilitator\nx\n").containers[0]
    assert closed.end == 3
    assert unclosed.close is None
    assert unclosed.end == -1


def test_unknown_names_parse_as_containers():
    assert tree("::: madeup extra words\nx\n:::\n") == [("madeup", "extra words", {}, 0, 2, 0, 0, None)]


def test_pandoc_id_only_fence_opens_a_div():
    # Pandoc: `::: {#intro}` opens a div (attributes, no class). It must not be read as a closer.
    parsed = parse("::: {#intro}\nText\n:::\n")
    assert [(c.open, c.close) for c in parsed.all_containers()] == [(0, 2)]
    assert parsed.stray == []


def test_pandoc_id_only_fence_does_not_close_the_enclosing_div():
    parsed = parse("::: facilitator\n::: {#x}\nText\n:::\n:::\n")
    assert [(c.name, c.open, c.close) for c in parsed.containers] == [("facilitator", 0, 4)]
    assert parsed.stray == []


def test_fence_in_blockquote_reports_its_column_in_the_line():
    # the `:::` sits at column 2 of the file line, after "> "
    assert [(c.open, c.close, c.col) for c in parse("> ::: facilitator\n> x\n> :::\n").containers] == [
        (0, 2, 2)
    ]


def test_code_lines_cover_fenced_and_indented_code():
    parsed = parse("Text\n\n```\n:::\n```\n\n    code\n\nMore\n")
    assert parsed.code_lines() == {2, 3, 4, 6}


# --- links and images ---------------------------------------------------------------------------

LINKS = {
    "link": ("See [the next module](co-creation.md) now.\n", [("link", "co-creation.md", 0, 22)]),
    "image": (
        "Intro\n\n![Five pillars](../assets/five-pillars.svg)\n",
        [("image", "../assets/five-pillars.svg", 2, 16)],
    ),
    "image-with-title": (
        'Text\n\n![Logo](../assets/logo.svg "Title")\n',
        [("image", "../assets/logo.svg", 2, 8)],
    ),
    "indented-in-list": ("- one\n- two [x](b.md)\n", [("link", "b.md", 1, 10)]),
    "second-line-of-paragraph": ("First line\nsecond [link](other.md) here\n", [("link", "other.md", 1, 14)]),
    "inside-container": ("::: facilitator\nRead [this](a.md).\n:::\n", [("link", "a.md", 1, 12)]),
    "two-targets": ("[a](x.md) and ![b](y.png)\n", [("link", "x.md", 0, 4), ("image", "y.png", 0, 19)]),
    "external": ("Go to <https://example.org>.\n", [("link", "https://example.org", 0, 7)]),
    "table-cell": ("| a | b |\n|---|---|\n| [x](t.md) | two words |\n", [("link", "t.md", 2, 6)]),
    "target-also-in-text-before": ("Read intro.md first: [intro](intro.md)\n", [("link", "intro.md", 0, 29)]),
    "same-target-twice-on-a-line": (
        "[a](x.md) [b](x.md)\n",
        [("link", "x.md", 0, 4), ("link", "x.md", 0, 14)],
    ),
    "target-in-text-on-earlier-line": (
        "See other.md below\nand [the link](other.md) now\n",
        [("link", "other.md", 1, 15)],
    ),
    # a reference link's target is where its definition writes it, even far below (Carpentries)
    "reference-defined-below": (
        "Get [the data][d] and\n[more][d].\n\nText.\n\n[d]: data/x.zip\n",
        [("link", "data/x.zip", 5, 5), ("link", "data/x.zip", 5, 5)],
    ),
    "reference-definition-in-brackets": ("See [it][r].\n\n  [r]:  <a.md>\n", [("link", "a.md", 2, 9)]),
    # an image inside a link (organization-genomics): the link's target is written after the image's
    "image-inside-link": (
        "[![](fig/x.png){alt='A sheet'}](files/x.xlsx)\n",
        [("link", "files/x.xlsx", 0, 32), ("image", "fig/x.png", 0, 5)],
    ),
    # raw HTML images (knitr's plots): a block of its own, inline, in a quote; not in code
    "html-image-block": (
        'Text.\n\n<img src="fig/a.png" alt="A plot" style="display: block" />\n',
        [("image", "fig/a.png", 2, 10)],
    ),
    "html-image-inline": (
        "- see <IMG SRC='fig/b.png'> and ![b](fig/c.png)\n\n> <img src=fig/d.png>\n",
        [("image", "fig/b.png", 0, 16), ("image", "fig/c.png", 0, 37), ("image", "fig/d.png", 2, 11)],
    ),
    "html-without-image": ('<a href="x.md">x</a>\n\n`<img src="e.png">`\n', []),
}


@pytest.mark.parametrize("case", list(LINKS))
def test_links(case):
    text, expected = LINKS[case]
    assert [(link.kind, link.target, link.line, link.col) for link in parse(text).links] == expected


def test_link_position_with_non_ascii_target():
    # a Danish file name: markdown-it percent-encodes the href, the position is still the one in the file
    text = "Kort: ![Kort](kort-ø.png)\n"
    [link] = parse(text).links
    assert (link.kind, link.line, link.col) == ("image", 0, 14)


def test_a_definition_many_links_use_is_rebased_once():
    text = "Get [the data][d], [again][d] and [this](d.md).\n\n[d]: data/x.zip\n"
    moved = rebase_links(parse(text), lambda target: f"../modules/{target}")
    assert "\n".join(moved.lines) == (
        "Get [the data][d], [again][d] and [this](../modules/d.md).\n\n[d]: ../modules/data/x.zip\n"
    )


def test_links_in_code_are_not_links():
    assert parse("`[x](a.md)`\n\n```\n[y](b.md)\n```\n").links == []


# --- words --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        ("one", 1),
        ("Don't stop co-creating, e.g. now", 5),
        ("3.5 times — twice", 3),
        ("Đối tác chiến lược", 4),
        ("L&D leads, HR partners", 5),
    ],
)
def test_count_words(text, words):
    assert count_words(text) == words


WORDS_TEXT = (
    "# Shared vision\n"  # 0: 2
    "\n"
    "Body text here.\n"  # 2: 3
    "\n"
    "::: facilitator\n"  # 4: fence lines have no words
    "A note for you.\n"  # 5: 4
    ":::\n"  # 6
    "\n"
    "::: activity {duration=20}\n"  # 8
    "Do the `thing` now.\n"  # 9: 4 (code spans count)
    "Two lines of\n"  # 10: 3 + 1, attributed to the paragraph's first line
    "a paragraph, ![alt text](a.png)\n"  # (alt text counts)
    ":::\n"  # 12
)


def test_words_at_by_line():
    parsed = parse(WORDS_TEXT)
    assert parsed.words_at == {0: 2, 2: 3, 5: 4, 9: 4 + 3 + 4}


def test_total_words():
    assert parse(WORDS_TEXT).total_words == 2 + 3 + 4 + 11


@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        (0, 1, 2),
        (0, 4, 5),
        (5, 6, 4),  # the facilitator note's body
        (4, 7, 4),  # with its fences
        (9, 12, 11),  # the activity's body
        (6, 9, 0),
        (0, 13, 20),
        (13, 100, 0),
    ],
)
def test_words_between(start, end, words):
    assert parse(WORDS_TEXT).words_between(start, end) == words


def test_words_in_table_cells():
    assert parse("| a | b |\n|---|---|\n| [x](t.md) | two words |\n").total_words == 5


# --- top-level blocks (overlays) ----------------------------------------------------------------


def top(text: str) -> list[tuple[str, list[int]]]:
    return [(token.type, token.map) for token in parse(text).top_level_blocks()]


def test_top_level_blocks_outside_containers():
    text = "Intro text\n\n::: fill case-study\nA case.\n\nMore.\n:::\n\nTrailing\n"
    assert top(text) == [("paragraph_open", [0, 1]), ("paragraph_open", [8, 9])]


def test_top_level_blocks_kinds():
    text = "# Title\n\n::: facilitator\nnote\n:::\n\n- item one\n- item two\n\n> quote here\n"
    assert top(text) == [("heading_open", [0, 1]), ("bullet_list_open", [6, 9]), ("blockquote_open", [9, 10])]


def test_top_level_blocks_none_when_everything_is_contained():
    assert top("::: fill a\nx\n:::\n\n::: facilitator\ny\n:::\n") == []


def test_unclosed_container_contains_the_rest():
    assert top("Before\n\n::: fill x\nA\n\nB\n") == [("paragraph_open", [0, 1])]


def test_nested_blocks_are_not_top_level():
    assert top("::: fill a\n::: callout\nx\n:::\n:::\n") == []


def test_a_text_is_flat_past_the_indentation_its_containers_would_add():
    """Each level of nesting indents every line inside it by four spaces on the page: 31 levels
    around 17,000 lines add 124 × 17,000 bytes plus the fences' own, past MAX_NESTING_BYTES
    (2 MiB); 16,800 lines stay under it. The count follows the nesting, not the line count."""
    from glocal.markdown.limits import MAX_NESTING_BYTES

    def nest(lines: int, depth: int = 31) -> str:
        return "::: activity\n" * depth + "x\n" * lines + ":::\n" * depth

    fences = 2 * sum(4 * level for level in range(31))  # each open and close fence, at its depth
    assert 124 * 16_800 + fences <= MAX_NESTING_BYTES < 124 * 17_000 + fences
    over, under = parse(nest(17_000)), parse(nest(16_800))
    assert over.flat and "would indent it by 2,111,720 bytes" in over.heavy[0].reason
    assert not under.flat and not under.heavy
    assert not parse("x\n" * 50_000).flat  # lines in no container: nothing added
    siblings = ("::: activity\n" + "x\n" * 1_000 + ":::\n\n") * 100  # side by side: one level
    assert not parse(siblings).flat  # 4 bytes a line inside: 400,000 bytes


def test_a_text_past_max_fences_is_read_with_no_containers():
    """Each fence costs markdown-it-py and the container tree about 1 KB, in every language's
    copy of a text: past MAX_FENCES fence lines the text is read as text (GL124), linear in its
    size; at the bound its containers are read as usual."""
    from glocal.markdown.limits import MAX_FENCES

    at_bound = parse("::: activity\nx\n:::\n\n" * (MAX_FENCES // 2))
    assert len(at_bound.containers) == MAX_FENCES // 2 and not at_bound.heavy
    past = parse("::: activity\nx\n:::\n\n" * (MAX_FENCES // 2) + "::: note\n")
    assert past.containers == [] and past.all_containers() == []
    assert past.heavy[0].line == 0 and "10,001 fence lines ':::'" in past.heavy[0].reason
    quoted = parse("> ::: note\n> x\n> :::\n" * (MAX_FENCES // 2 + 1))  # fences in a quote count too
    assert quoted.containers == [] and "fence lines" in quoted.heavy[0].reason


def test_a_text_past_max_block_tokens_is_read_as_text_its_parse_stopped():
    """Each one-letter paragraph is three block tokens (about 10 µs and 450 bytes each to
    markdown-it-py): a text of more than MAX_BLOCK_TOKENS stops being parsed there and is read as
    text, with no blocks, containers or words; one under the bound is parsed whole. Blocks inside
    containers, lists and quotes count too."""
    from glocal.markdown.limits import MAX_BLOCK_TOKENS

    under = parse("x\n\n" * (MAX_BLOCK_TOKENS // 3 - 1))
    assert len(under.tokens) == 3 * (MAX_BLOCK_TOKENS // 3 - 1) and not under.heavy and not under.unread
    past = parse("x\n\n" * (MAX_BLOCK_TOKENS // 3 + 2))
    assert past.tokens == [] and past.unread and past.total_words == 0
    assert past.heavy[0].whole and "over 50,000 block tokens" in past.heavy[0].reason
    nested = parse("::: activity\n- > x\n" * (MAX_BLOCK_TOKENS // 8) + ":::\n")  # in a list in a quote
    assert nested.unread and nested.containers == []
    assert not parse("::: activity\n- > x\n:::\n" * 10).unread


def test_past_max_inline_tokens_the_later_blocks_inline_markup_is_not_read():
    """`*a* ` is four inline tokens in four bytes: the blocks' inline tokens are counted, and
    the blocks after the one that passes MAX_INLINE_TOKENS keep none (GL124 at that block)."""
    from glocal.markdown.limits import MAX_INLINE_TOKENS

    paragraph = "*a* " * 10_000 + "\n\n"  # 40,000 inline tokens, under the one-block bounds
    per_block = len(parse(paragraph).tokens[1].children)
    blocks = MAX_INLINE_TOKENS // per_block + 1  # the last one passes the bound
    parsed = parse(paragraph * (blocks + 2))
    inline = [token for token in parsed.tokens if token.type == "inline"]
    assert [len(token.children) for token in inline] == [per_block] * blocks + [0, 0]
    assert [(h.line, h.whole) for h in parsed.heavy] == [(2 * (blocks - 1), False)]
    assert "over 200,000 inline tokens" in parsed.heavy[0].reason


# --- definition lists --------------------------------------------------------------------------


def test_definitions_in_a_row_past_the_bound_are_a_heavy_block():
    # Python-Markdown's def_list reads the rest of such a block again for each definition
    assert parse("term\n" + ":   d\n" * MAX_DEFINITIONS_IN_A_ROW).heavy == []
    [heavy] = parse("term\n" + ":   d\n" * (MAX_DEFINITIONS_IN_A_ROW + 50)).heavy
    assert heavy.line == MAX_DEFINITIONS_IN_A_ROW + 1 and not heavy.whole
    assert "definitions in a row" in heavy.reason
    # apart by blank lines, each is a block of its own: as many as a glossary needs
    assert parse("term\n" + ":   d\n\n" * (MAX_DEFINITIONS_IN_A_ROW * 5)).heavy == []
    # a glossary of many terms, each with its definition, apart as Pandoc has them
    assert parse("term\n:   d\n\n" * (MAX_DEFINITIONS_IN_A_ROW * 5)).heavy == []


def test_an_image_inside_a_link_is_rebased_with_it():
    text = "[![](fig/x.png){alt='A sheet'}](files/x.xlsx)\n"
    moved = rebase_links(parse(text), lambda target: f"../modules/{target}")
    assert moved.lines[0] == "[![](../modules/fig/x.png){alt='A sheet'}](../modules/files/x.xlsx)"


def test_a_raw_html_image_is_rebased_as_a_markdown_image_is():
    text = 'Plot:\n\n<img alt="fig/a.png" src="fig/a.png" />\n\n- <img src="fig/a.png">\n'
    moved = rebase_links(parse(text), lambda target: f"../modules/{target}")
    assert moved.lines[2] == '<img alt="fig/a.png" src="../modules/fig/a.png" />'  # the src, not the alt
    assert moved.lines[4] == '- <img src="../modules/fig/a.png">'
