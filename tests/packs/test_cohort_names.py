"""A file name in a pack keeps the letters of any script, so that two cohorts named in Arabic do
not become the same `x` (the second pack replaced the first, silently). A pack of a cohort named
in Vietnamese is made, and read, by tests/packs/test_large_credential.py."""

from __future__ import annotations

import pytest

from glocal.packs.context import SLUG_LENGTH, slug


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vn-01", "vn-01"),
        ("a/b", "a-b"),
        ("Hà Nội 2024", "Hà-Nội-2024"),
        ("Ha\u0300 No\u0323\u0302i", "Hà-Nội"),  # decomposed, as some keyboards type it: the same name
        ("القاهرة", "القاهرة"),
        ("../../etc", "etc"),
        ("CON", "_CON"),  # Windows cannot make a file of that name
        ("lpt1.pdf", "_lpt1.pdf"),
    ],
)
def test_a_file_name_keeps_letters_of_any_script(text, expected):
    assert slug(text) == expected


def test_a_long_name_is_cut_and_stays_apart_from_its_neighbours():
    first, second = slug("a" * 300 + "1"), slug("a" * 300 + "2")
    assert len(first) == SLUG_LENGTH and len(second) == SLUG_LENGTH and first != second
