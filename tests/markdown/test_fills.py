"""Which fills a module's slots place, and which a slot nested deep would indent past the bound
of a page (`glocal.markdown.fills`, GL124)."""

from __future__ import annotations

from glocal.markdown.blocks import parse
from glocal.markdown.fills import fills_past_bound, placed_fills
from glocal.markdown.limits import MAX_NESTING_BYTES


def core(depth: int, slots: tuple[str, ...] = ("a",)) -> str:
    placed = "".join(f"::: slot {slot}\ndefault\n:::\n\n" for slot in slots)
    return "::: activity\n" * depth + placed + ":::\n" * depth


def overlay(*fills: tuple[str, int]) -> str:
    """Fills of `lines` lines each (a code block: quick to parse, and lines like any other)."""
    return "".join(f"::: fill {slot}\n```\n" + "x\n" * (lines - 2) + "```\n:::\n\n" for slot, lines in fills)


def test_placed_fills_are_the_first_written_fill_of_each_slot():
    text = parse(
        "::: fill a\n\n:::\n\n::: fill a\none\n:::\n\n::: fill b\ntwo\n:::\n\n::: fill b\nthree\n:::\n"
    )
    assert [(slot, fill.open) for slot, fill in placed_fills(text)] == [("b", 8)]  # a's first is empty


def test_a_fill_is_refused_where_its_slot_would_indent_it_past_the_bound():
    """Each container around the slot adds four bytes to each of the fill's lines."""
    body = parse(core(20))
    lines = MAX_NESTING_BYTES // 84 - 1_000  # 80 from the slot, 4 from the fill itself: under the bound
    under = parse(overlay(("a", lines)))
    assert fills_past_bound(body, under, placed_fills(under)) == {}
    over = parse(overlay(("a", lines + 2_000)))
    assert fills_past_bound(body, over, placed_fills(over)) == {0: 80 * (lines + 2_000)}
    assert fills_past_bound(parse(core(0)), over, placed_fills(over)) == {}  # at the top: nothing added


def test_the_bound_is_shared_by_the_fills_of_one_page_in_order():
    body = parse(core(10, ("a", "b", "c")))
    half = MAX_NESTING_BYTES // 40 // 2  # each fill takes about half the page's bound
    text = parse(overlay(("a", half), ("b", half), ("c", 10)))
    refused = fills_past_bound(body, text, placed_fills(text))
    b = placed_fills(text)[1][1]
    assert refused == {b.open: 40 * half}  # a fits, b does not; c still fits in what a left


def test_a_flat_module_places_no_fill_so_refuses_none():
    body = parse("::: activity\n" * 31 + "x\n" * 17_000 + ":::\n" * 31 + "::: slot a\n:::\n")
    assert body.flat
    text = parse(overlay(("a", 1_000)))
    assert fills_past_bound(body, text, placed_fills(text)) == {}


def test_the_modules_own_indentation_counts_against_the_bound():
    """A fill that fits alone does not beside a module already indented by about 1 MB."""
    text = parse(overlay(("a", 20_000)))  # 10 deep: 800,000 bytes more
    assert fills_past_bound(parse(core(10)), text, placed_fills(text)) == {}
    heavy = "::: activity\n" * 10 + "```\n" + "y\n" * 33_000 + "```\n" + ":::\n" * 10  # 1.3 MB
    body = parse(heavy + core(10))
    assert not body.flat
    assert fills_past_bound(body, text, placed_fills(text)) == {0: 40 * 20_000}
