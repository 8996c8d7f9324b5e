"""A cohort's name in any script: the pack's file keeps its letters, so that two cohorts named in
Arabic do not become the same `x` (the second pack replaced the first, silently), and the
documents print it as written ('Khóa: Hà Nội 2024', not 'H-N-i-2024'). A pack that replaces one
of the same site and cohort says so."""

from __future__ import annotations

import zipfile

import pytest

from conftest import copy_small_sample
from glocal.cli import main
from glocal.packs.context import SLUG_LENGTH, slug

HEADER = "id,name,email,attended,knowledge_check,teach_back,observed_deliveries"


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


def test_cohorts_named_in_arabic_get_packs_of_their_own(glocal, tmp_path, monkeypatch):
    project = copy_small_sample(tmp_path / "sample")
    assert main(["-C", str(project), "keygen"]) == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    roster = tmp_path / "cohort.csv"
    roster.write_text(f"{HEADER}\neg-01,Mona Adel,mona@example.eg,all,60,2,0\n", encoding="utf-8")
    out = tmp_path / "out"
    packs = []
    for _ in range(2):
        result = glocal(
            "-C", project, "pack", "egypt/ar", "--roster", roster, "--cohort", "الإسكندرية", "--out", out
        )
        assert result.code == 0, result.err
        packs.append(next(line for line in result.out.splitlines() if line.startswith("pack ")))
    # the name keeps its letters (two cohorts named in Arabic were both `x`: the slug tests above)
    assert packs[0] == f"pack {out / 'packs' / 'egypt-ar-الإسكندرية.zip'}"
    assert packs[1] == f"{packs[0]} (it replaces the previous pack of this site and cohort)"
    with zipfile.ZipFile(out / "packs" / "egypt-ar-الإسكندرية.zip") as opened:
        records = opened.read("records/results.html").decode("utf-8")
    assert "الإسكندرية" in records
