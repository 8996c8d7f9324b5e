"""Certificates carry trainees' names in any script with real glyphs (not boxes or a fallback font).

On a small copy of the sample (conftest's `small_sample`): the names are the roster's, whatever
the program.
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

NAMES = {"ar-1": "محمد عبد الله", "da-1": "Søren Ærøskøbing", "vi-1": "Nguyễn Thị Hồng Nhung"}


def test_arabic_danish_and_vietnamese_names_render_with_real_glyphs(tmp_path: Path, glocal, small_sample):
    roster = tmp_path / "cohort.csv"
    rows = ["id,name,email,attended,knowledge_check,teach_back,observed_deliveries"]
    rows += [f"{ident},{name},{ident}@example.org,all,90,3.5,1" for ident, name in NAMES.items()]
    roster.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert glocal("-C", small_sample, "keygen").code == 0
    run = glocal("-C", small_sample, "pack", "nordics/da", "--roster", roster, "--cohort", "scripts")
    assert run.code == 0, run.err
    pack = small_sample / "dist/packs/nordics-da-scripts.zip"
    with zipfile.ZipFile(pack) as archive:
        archive.extractall(tmp_path / "pack")
    for ident, name in NAMES.items():
        pdf = tmp_path / "pack" / "certificates" / f"{ident}.pdf"
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        if ident == "ar-1":
            # pdftotext reorders right-to-left runs; every letter must come back, from an Arabic font
            assert all(word in text for word in name.split()), text
            assert "Arabic" in fonts, fonts
        else:
            assert name in text
        assert "DejaVu" not in fonts and ".notdef" not in text


def _certificate_style(direction: str, selector_class: str, prop: str):
    """The computed `prop` of the certificate's element of class `selector_class`, as WeasyPrint
    lays it out for a page in `direction`."""
    from weasyprint import HTML

    from glocal.packs import documents

    html = documents.html(
        "certificate.html",
        css="certificate.css",
        t=lambda key, **values: key,
        lang="ar" if direction == "rtl" else "en",
        direction=direction,
        name="n",
        valid_from="x",
        valid_until="y",
        issuer="z",
        qr=None,
        credential="credentials/x.credential.json",
        program_title="p",
        region_name="r",
        cohort="c",
        date="d",
    )

    def walk(box):
        yield box
        for child in getattr(box, "children", []):
            yield from walk(child)

    page = HTML(string=html).render().pages[0]._page_box
    for box in walk(page):
        if getattr(box, "element_tag", None) == "div" and selector_class in (box.element.get("class") or ""):
            return box.style[prop]
    raise AssertionError(f"no .{selector_class} on the certificate")


def test_the_arabic_certificates_heading_is_not_letter_spaced():
    """Spaced letters break Arabic's joining: 'شهادة' printed as separate letters."""
    assert _certificate_style("rtl", "kind", "letter_spacing") == "normal"
    assert _certificate_style("ltr", "kind", "letter_spacing") != "normal"  # the Latin one still is


def test_a_long_name_wraps_inside_the_certificates_frame():
    assert _certificate_style("ltr", "name", "overflow_wrap") == "anywhere"
