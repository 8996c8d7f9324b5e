"""One pack of a cohort named in Vietnamese, whose first trainee has every rubric criterion
observed, over a pack of the same name left from before:

- its credential is too large for a QR code (vietnam/vi overflowed with 8 of the sample's 11
  criteria): GL545, a warning, and the certificate names the credential's file in the pack.
  Before, segno's DataOverflowError reached the user as a traceback, and the cohort had no pack;
- the pack's file keeps the cohort's letters (two cohorts named in Arabic both became `x`, the
  second pack silently replacing the first), the documents print it as written ('Hà Nội 2024',
  not 'H-N-i-2024'), and a pack that replaces one of the same site and cohort says so.
"""

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
COHORT = "Hà Nội 2024"


def test_a_large_credential_and_a_cohort_named_in_vietnamese(glocal, tmp_path, monkeypatch):
    project = copy_small_sample(tmp_path / "sample")
    assert main(["-C", str(project), "keygen"]) == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    roster = tmp_path / "cohort.csv"
    roster.write_text(
        f"{HEADER},{','.join(CRITERIA)}\n"
        f"vn-01,Nguyễn Thị Hồng Nhung,a@example.vn,all,92,,1,{','.join('4' * len(CRITERIA))}\n"
        f"vn-02,Lê Thu Hà,ha.le@example.vn,all,90,3.5,1{',' * len(CRITERIA)}\n"
        # a teach_back far from the levels observed: a warning (GL547), and the pack is made
        f"vn-03,Phạm Văn An,an@example.vn,all,90,4,1,1,1,1{',' * (len(CRITERIA) - 3)}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    archive = out / "packs" / "vietnam-vi-Hà-Nội-2024.zip"
    archive.parent.mkdir(parents=True)
    archive.write_bytes(b"an earlier pack")
    result = glocal("-C", project, "pack", "vietnam/vi", "--roster", roster, "--cohort", COHORT, "--out", out)
    assert result.code == 0, result.err
    assert "Traceback" not in result.err
    assert (
        f"pack {archive} (it replaces the previous pack of this site and cohort)" in result.out.splitlines()
    )

    assert [line for line in result.err.splitlines() if "warning GL547" in line]
    warnings = [line for line in result.err.splitlines() if "GL545" in line]
    assert len(warnings) == 1 and "the signed credential of vn-01 is too large for a QR code" in warnings[0]
    assert "its certificate names credentials/vn-01.credential.json instead" in warnings[0]
    with zipfile.ZipFile(archive) as opened:
        names = set(opened.namelist())
        assert {
            "certificates/vn-01.pdf",
            "credentials/vn-01.credential.json",
            "certificates/vn-02.pdf",
        } <= names
        (tmp_path / "vn-01.pdf").write_bytes(opened.read("certificates/vn-01.pdf"))
        records = opened.read("records/results.html").decode("utf-8")
    assert COHORT in records  # as written
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "vn-01.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "credentials/vn-01.credential.json" in "".join(text.split())  # (the line may break after /)
    verified = glocal(
        "verify", archive, "--issuer-key", project / ".glocal" / "keys" / "issuer-ed25519.pub.pem"
    )
    assert verified.code == 0, verified.out + verified.err
