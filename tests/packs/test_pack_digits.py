"""A pack in Arabic (ar_EG) writes its numbers in Arabic-Indic digits, as its site does: the
certificate's dates, the rubric's and the forms' levels and scales, the results, the credential's
criteria and the page numbers. Dates came from Babel directly and levels, scales and page numbers
were written as they are stored, in ASCII digits. A pack in Latin digits is unchanged."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import PACK_EPOCH
from glocal import l10n
from glocal.packs.context import long_date

ISSUED = datetime.fromtimestamp(int(PACK_EPOCH), UTC)  # 2023-11-14
ARABIC_INDIC = re.compile("[\u0660-\u0669]")


@pytest.mark.parametrize(
    ("locale", "written"),
    [
        ("ar_EG", "١٤ نوفمبر ٢٠٢٣"),
        ("ar_EG@numbers=latn", "14 نوفمبر 2023"),  # a region's `numbering: latn`
        ("da_DK", "14. november 2023"),
        ("vi_VN", "14 tháng 11, 2023"),
    ],
)
def test_a_packs_dates_are_in_the_locales_digits(locale, written):
    assert long_date(ISSUED, locale) == written


@pytest.mark.parametrize(
    ("value", "locale", "shown"),
    [
        ("79.9999999", "ar_EG", "٧٩٫٩٩٩٩٩٩٩"),
        ("4", "ar_EG", "٤"),
        ("3.5", "da_DK", "3.5"),
        ("3.5", "en_GB", "3.5"),
    ],
)
def test_a_recorded_value_is_shown_in_the_locales_digits(value, locale, shown):
    assert l10n.recorded(value, locale) == shown


def _text(pdf: Path, *pages: int) -> str:
    first_last = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    return subprocess.run(
        ["pdftotext", *first_last, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_an_arabic_pack_writes_arabic_indic_digits(tmp_path: Path, glocal, small_sample, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PACK_EPOCH)
    roster = tmp_path / "cohort.csv"
    roster.write_text(
        "id,name,email,attended,knowledge_check,teach_back,observed_deliveries\n"
        "ar-1,محمد عبد الله,ar-1@example.org,all,90,3.5,1\n",
        encoding="utf-8",
    )
    assert glocal("-C", small_sample, "keygen").code == 0
    run = glocal("-C", small_sample, "pack", "egypt/ar", "--roster", roster, "--cohort", "cairo")
    assert run.code == 0, run.err
    pack = tmp_path / "pack"
    with zipfile.ZipFile(small_sample / "dist/packs/egypt-ar-cairo.zip") as archive:
        archive.extractall(pack)

    # the certificate's dates: issued 14 November 2023, valid until two years later
    certificate = _text(pack / "certificates/ar-1.pdf")
    assert "١٤" in certificate and "٢٠٢٣" in certificate and "٢٠٢٥" in certificate, certificate
    assert not re.search("[0-9]", certificate), certificate
    # the rubric's levels, the observation form's and the evaluation form's scale
    for form in (
        "assessment/rubric.pdf",
        "assessment/observation-form.pdf",
        "assessment/observations/ar-1.pdf",
    ):
        text = _text(pack / form)
        assert all(digit in text for digit in "١٢٣٤"), (form, text)
        assert not re.search(r"(?<![\w.-])[1-4](?![\w.])", text), (form, text)  # no level in ASCII digits
    evaluation = _text(next((pack / "evaluation").glob("*.pdf")), 1)
    assert all(digit in evaluation for digit in "١٢٣٤٥"), evaluation
    # page numbers: "page / pages" in the footer, and the guide's contents
    footer = re.compile(r"[\u0660-\u0669]+ ?/ ?[\u0660-\u0669]+")
    assert footer.search(evaluation), evaluation
    guide = pack / "guide/facilitator-guide.pdf"
    contents_page = _text(guide, 2)
    assert footer.search(contents_page) and not re.search(r"[0-9]+ ?/ ?[0-9]+", contents_page), contents_page
    contents = [line for line in contents_page.split("\n") if "...." in line]
    assert contents and all(ARABIC_INDIC.search(line) for line in contents), contents
    assert not any(re.search("[0-9]", line) for line in contents), contents
    # the results and the credential's criteria
    results = (pack / "records/results.html").read_text(encoding="utf-8")
    assert "<td>٩٠</td>" in results and "<td>٣٫٥</td>" in results, results
    assert '<html lang="ar" dir="rtl">' in results
    credential = json.loads((pack / "credentials/ar-1.credential.json").read_text(encoding="utf-8"))
    narrative = json.dumps(credential, ensure_ascii=False)
    assert "مدرب معتمد: ١ على الأقل" in narrative


def test_explain_shows_the_overviews_numbers_as_the_site_does(small_sample, glocal):
    run = glocal("-C", small_sample, "explain", "egypt/ar", "ttt/index.md")
    assert run.code == 0, run.err
    generated = [line for line in run.out.split("\n") if "الأشهر" in line or "مدرب معتمد" in line]
    assert generated and all(ARABIC_INDIC.search(line) and not re.search("[0-9]", line) for line in generated)
