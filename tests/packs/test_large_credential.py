"""A signed credential too large for a QR code (a long name, or every rubric criterion in a
language of long words: vietnam/vi overflowed with 8 of the sample's 11) is GL545, a warning: its
certificate names the credential's file in the pack instead of carrying a code. Before, segno's
DataOverflowError reached the user as a traceback, and the whole cohort had no pack."""

from __future__ import annotations

import subprocess
import zipfile

from conftest import copy_small_sample
from glocal.cli import main

HEADER = "id,name,email,attended,knowledge_check,teach_back,observed_deliveries"
CRITERIA = [
    "opening",
    "business-framing",
    "strategic-link",
    "participant-expertise",
    "responsiveness",
    "checking-learning",
    "structure",
    "cultural-fit",
    "observable-skills",
    "transfer",
    "close",
]


def test_a_credential_too_large_for_a_qr_code_is_named_on_its_certificate(glocal, tmp_path, monkeypatch):
    project = copy_small_sample(tmp_path / "sample")
    assert main(["-C", str(project), "keygen"]) == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    # every rubric criterion observed: the credential carries each one's Vietnamese name and level
    roster = tmp_path / "cohort.csv"
    roster.write_text(
        f"{HEADER},{','.join(CRITERIA)}\n"
        f"vn-01,Nguyễn Thị Hồng Nhung,a@example.vn,all,92,,1,{','.join('4' * len(CRITERIA))}\n"
        f"vn-02,Lê Thu Hà,ha.le@example.vn,all,90,3.5,1{',' * len(CRITERIA)}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = glocal("-C", project, "pack", "vietnam/vi", "--roster", roster, "--out", out)
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    warnings = [line for line in result.err.splitlines() if "GL545" in line]
    assert len(warnings) == 1 and "the signed credential of vn-01 is too large for a QR code" in warnings[0]
    assert "its certificate names credentials/vn-01.credential.json instead" in warnings[0]
    archive = out / "packs" / "vietnam-vi-cohort.zip"
    with zipfile.ZipFile(archive) as opened:
        names = set(opened.namelist())
        assert {
            "certificates/vn-01.pdf",
            "credentials/vn-01.credential.json",
            "certificates/vn-02.pdf",
        } <= names
        (tmp_path / "vn-01.pdf").write_bytes(opened.read("certificates/vn-01.pdf"))
        (tmp_path / "vn-02.pdf").write_bytes(opened.read("certificates/vn-02.pdf"))
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "vn-01.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "credentials/vn-01.credential.json" in "".join(text.split())  # (the line may break after /)
    images = subprocess.run(
        ["pdfimages", "-list", str(tmp_path / "vn-02.pdf")], capture_output=True, text=True
    )
    assert images.returncode == 0  # the other trainee's certificate still carries its QR code
    verified = glocal(
        "verify", archive, "--issuer-key", project / ".glocal" / "keys" / "issuer-ed25519.pub.pem"
    )
    assert verified.code == 0, verified.out + verified.err
