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
