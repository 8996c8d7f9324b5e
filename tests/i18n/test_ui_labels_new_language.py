"""A language Glocal ships no labels in (Hebrew, Japanese...): its sites showed Home, Agenda and
Facilitator note in English and nothing said so. `check` now says how many are in English
(GL339) and `i18n update` writes the project's `locales/<lang>/ui.po` to translate them in."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from conftest import copy_sample, run_glocal
from glocal.i18n import ui


@pytest.fixture
def hebrew(tmp_path: Path) -> Path:
    root = copy_sample(tmp_path / "sample")
    region = root / "toolkits" / "regions" / "egypt" / "region.yml"
    text = region.read_text(encoding="utf-8")
    text = text.replace("languages: [ar, en]", "languages: [ar, he, en]")
    text = text.replace("locales: {ar: ar_EG, en: en_GB}", "locales: {ar: ar_EG, he: he_IL, en: en_GB}")
    region.write_text(text, encoding="utf-8")
    return root


def _gl339(root: Path) -> list[str]:
    run = run_glocal("-C", root, "check")
    return [line for line in run.out.splitlines() + run.err.splitlines() if "GL339" in line]


def test_a_language_without_labels_is_gl339_and_update_writes_its_ui_catalog(hebrew):
    total = len(ui.ENGLISH)
    [before] = _gl339(hebrew)
    assert before.startswith("locales/he/ui.po: warning GL339: ")
    assert f"{total} of its {total} words" in before and "i18n update --lang he" in before

    run = run_glocal("-C", hebrew, "i18n", "update", "--lang", "he")
    assert run.code == 0, run.out + run.err
    assert "created locales/he/ui.po" in run.out
    po = polib.pofile(str(hebrew / "locales" / "he" / "ui.po"))
    assert [e.msgid for e in po] == list(ui.ENGLISH.values())
    assert all(e.msgstr == "" for e in po)
    assert po.metadata["Language"] == "he" and "nplurals=3" in po.metadata["Plural-Forms"]

    # a translator translates two labels: they are used, and update keeps them
    for entry in po:
        if entry.msgid in ("Home", "Agenda"):
            entry.msgstr = {"Home": "דף הבית", "Agenda": "סדר יום"}[entry.msgid]
    po.save()
    [after] = _gl339(hebrew)
    assert f"{total - 2} of its {total} words" in after and "hint: translate locales/he/ui.po" in after
    labels = ui.labels_for("he", hebrew)
    assert labels.get("home") == "דף הבית" and labels.get("agenda") == "סדר יום"
    again = run_glocal("-C", hebrew, "i18n", "update", "--lang", "he")
    assert "locales/he/ui.po" not in re.sub(r"(?m)^\d+ file\(s\) unchanged$", "", again.out)
    assert polib.pofile(str(hebrew / "locales" / "he" / "ui.po")).find("Home").msgstr == "דף הבית"


def test_languages_glocal_has_labels_in_get_no_ui_catalog_and_no_gl339(hebrew):
    run = run_glocal("-C", hebrew, "i18n", "update", "--lang", "ar")
    assert run.code == 0, run.out + run.err
    assert not (hebrew / "locales" / "ar" / "ui.po").exists()
    assert all("'ar'" not in line and "'en'" not in line for line in _gl339(hebrew))


def test_a_broken_ui_catalog_is_left_as_it_is(hebrew):
    broken = hebrew / "locales" / "he" / "ui.po"
    broken.parent.mkdir(parents=True, exist_ok=True)
    broken.write_text('msgid "Home"\nmsgstr "דף הבית\n', encoding="utf-8")  # an unclosed string
    before = broken.read_bytes()
    run = run_glocal("-C", hebrew, "i18n", "update", "--lang", "he")
    assert broken.read_bytes() == before
    assert "locales/he/ui.po" in run.out + run.err
