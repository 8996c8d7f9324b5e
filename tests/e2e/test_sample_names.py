"""The sample's Vietnamese names carry their diacritics (issue 12, item 12).

docs/sample-sources.md states the rule: in English text, established exonyms (Hanoi, Ho Chi Minh
City, Da Nang, Hai Phong, Tet) stay; every other Vietnamese name, and every name in Vietnamese
text, is written with its diacritics, in Unicode NFC.
"""

from __future__ import annotations

import csv
import re
import unicodedata

import polib
import pytest

from conftest import REPO

VIETNAM_SOURCES = sorted((REPO / "toolkits/regions/vietnam").glob("*.md")) + [
    REPO / "toolkits/regions/vietnam/region.yml"
]
VI_CATALOGS = sorted((REPO / "locales/vi").rglob("*.po"))
ROSTER = REPO / "examples/cohort-vietnam.csv"

# The de-accented spellings the sample used to have: none may come back, in any language.
DEACCENTED = [
    "Song Han",
    "Kim Phat",
    "Tien Lang",
    "Ben Nghe",
    "Hai Dang",
    "Son Tra",
    "Nha Be",
    "Thien Phuc",
    "Tran Thu Ha",
    "Bac Ninh",
    "Binh Duong",
]
# English exonyms, fine in English text, wrong in Vietnamese text.
EXONYMS = ["Hanoi", "Ha Noi", "Ho Chi Minh", "Saigon", "Da Nang", "Hai Phong", "Viet Nam", "Tet"]


def _pattern(names: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b")


def _translations(path) -> list[tuple[int, str]]:
    catalog = polib.pofile(str(path))
    return [(entry.linenum, entry.msgstr) for entry in catalog if entry.msgstr and not entry.obsolete]


def test_the_lists_cover_real_files():
    assert len(VIETNAM_SOURCES) == 12 and all(p.is_file() for p in VIETNAM_SOURCES)
    assert len(VI_CATALOGS) > 30
    # the rule is not vacuous: the accented forms are there
    text = "".join(p.read_text(encoding="utf-8") for p in VIETNAM_SOURCES)
    for name in ("Sông Hàn", "Trần Thu Hà", "Bắc Ninh", "Thiên Phúc"):
        assert name in text


@pytest.mark.parametrize("path", VIETNAM_SOURCES + [ROSTER], ids=lambda p: p.name)
def test_vietnam_sources_have_no_deaccented_name(path):
    text = path.read_text(encoding="utf-8")
    found = [
        f"{path.name}:{text.count(chr(10), 0, m.start()) + 1}: {m.group()}"
        for m in _pattern(DEACCENTED).finditer(text)
    ]
    assert not found
    assert unicodedata.is_normalized("NFC", text)


def test_vietnamese_translations_use_vietnamese_names():
    deaccented, exonyms = _pattern(DEACCENTED), _pattern(EXONYMS)
    found = []
    for path in VI_CATALOGS:
        for line, msgstr in _translations(path):
            for m in [*deaccented.finditer(msgstr), *exonyms.finditer(msgstr)]:
                found.append(f"{path.relative_to(REPO)}:{line}: {m.group()}")
            if not unicodedata.is_normalized("NFC", msgstr):
                found.append(f"{path.relative_to(REPO)}:{line}: not NFC")
    assert not found


def test_every_roster_name_is_written_with_its_diacritics():
    with ROSTER.open(encoding="utf-8", newline="") as f:
        names = [row["name"] for row in csv.DictReader(f)]
    assert len(names) >= 6
    for name in names:
        assert any(not c.isascii() and c.isalpha() for c in name), name
        assert unicodedata.is_normalized("NFC", name), name
