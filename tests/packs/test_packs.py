"""Certification packs end to end (the sample's vietnam/vi pack), keys, and the Train-the-Trainer checks."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import stat
import subprocess
import unicodedata
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import polib
import pytest
import yaml

from conftest import REPO
from glocal.packs import credentials, keys

EPOCH = 1700000000  # 2023-11-14T22:13:20Z
ROSTER = REPO / "examples" / "cohort-vietnam.csv"
PACK_NAME = "vietnam-vi-cohort-vietnam.zip"


def nfc(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


# ------------------------------------------------------------------------- what the pack must hold


def program_modules(root: Path) -> list[str]:
    return yaml.safe_load((root / "curriculum" / "program.yml").read_text(encoding="utf-8"))["modules"]


def certification(root: Path) -> dict:
    return yaml.safe_load((root / "toolkits" / "ttt" / "certification.yml").read_text(encoding="utf-8"))


def roster_rows() -> list[dict]:
    return list(csv.DictReader(io.StringIO(ROSTER.read_text(encoding="utf-8"))))


def expected_outcomes(root: Path) -> dict[str, list[str]]:
    """Each trainee's unmet requirements, worked out here from the roster and certification.yml."""
    cert = certification(root)
    requirements = cert["requirements"]
    criteria = {c["id"] for c in cert["rubric"]["criteria"]}
    modules = program_modules(root) if requirements["modules"] == "all" else requirements["modules"]
    gaps = {}
    for row in roster_rows():
        attended = modules if row["attended"] == "all" else [m.strip() for m in row["attended"].split(";")]
        levels = [int(row[c]) for c in row if c in criteria and row[c]]
        teach_back = float(row["teach_back"]) if row["teach_back"] else sum(levels) / len(levels)
        unmet = []
        if any(m not in attended for m in modules):
            unmet.append("modules")
        if float(row["knowledge_check"]) < requirements["knowledge_check"]:
            unmet.append("knowledge_check")
        if teach_back < requirements["teach_back"]:
            unmet.append("teach_back")
        if int(row["observed_deliveries"]) < requirements["observed_deliveries"]:
            unmet.append("observed_deliveries")
        gaps[row["id"]] = unmet
    return gaps


@pytest.fixture(scope="module")
def packed(tmp_path_factory, sample_pack):
    """The shared sample, its issuer key, and its vietnam/vi pack in the default dist/ folder."""
    base = tmp_path_factory.mktemp("packs")
    root = sample_pack
    pack = root / "dist" / "packs" / PACK_NAME
    with zipfile.ZipFile(pack) as archive:
        files = {info.filename: archive.read(info) for info in archive.infolist()}
    unpacked = base / "unpacked"
    for name, data in files.items():
        (unpacked / name).parent.mkdir(parents=True, exist_ok=True)
        (unpacked / name).write_bytes(data)
    return {"root": root, "pack": pack, "files": files, "unpacked": unpacked}


def test_sample_roster_outcomes_are_the_documented_ones(packed):
    """The independent reckoning agrees with what the issue says about the sample cohort."""
    assert expected_outcomes(packed["root"]) == {
        "vn-01": [],
        "vn-02": [],
        "vn-03": ["knowledge_check"],
        "vn-04": ["modules"],
        "vn-05": ["observed_deliveries"],
        "vn-06": [],
    }


def test_pack_holds_exactly_the_expected_files(packed):
    root = packed["root"]
    outcomes = expected_outcomes(root)
    certified = sorted(t for t, gaps in outcomes.items() if not gaps)
    expected = {
        "guide/facilitator-guide.pdf",
        "assessment/rubric.pdf",
        "assessment/observation-form.pdf",
        "records/results.csv",
        "records/results.html",
        "trust/issuer-profile.json",
        "trust/issuer-public-key.pem",
        "manifest.json",
    }
    expected |= {f"assessment/observations/{t}.pdf" for t in outcomes}
    expected |= {f"evaluation/{n:02d}-{m}.pdf" for n, m in enumerate(program_modules(root), 1)}
    expected |= {f"certificates/{t}.pdf" for t in certified}
    expected |= {f"credentials/{t}.credential.json" for t in certified}
    assert set(packed["files"]) == expected
    assert len(packed["files"]) == len(expected)  # no duplicate entries
    for name, data in packed["files"].items():
        if name.endswith(".pdf"):
            assert data.startswith(b"%PDF-"), name


def test_results_csv_names_each_trainees_exact_gaps(packed):
    root = packed["root"]
    rows = {
        row["id"]: row
        for row in csv.DictReader(io.StringIO(packed["files"]["records/results.csv"].decode("utf-8")))
    }
    outcomes = expected_outcomes(root)
    assert list(rows) == [r["id"] for r in roster_rows()]
    modules = program_modules(root)
    for trainee, gaps in outcomes.items():
        row = rows[trainee]
        assert row["certified"] == ("no" if gaps else "yes"), trainee
        assert row["gaps"] == ";".join(gaps), trainee
        assert row["modules_required"] == str(len(modules))
        assert (
            row["knowledge_check_required"],
            row["teach_back_required"],
            row["observed_deliveries_required"],
        ) == ("80", "3", "1")
    names = {r["id"]: r["name"] for r in roster_rows()}
    assert all(rows[t]["name"] == names[t] for t in rows)
    assert rows["vn-03"]["knowledge_check"] == "78"
    attended = next(r for r in roster_rows() if r["id"] == "vn-04")["attended"].split(";")
    assert (
        rows["vn-04"]["missing_modules"]
        == ";".join(m for m in modules if m not in attended)
        == "future-of-partnerships"
    )
    assert rows["vn-04"]["modules_attended"] == str(len(modules) - 1)
    assert rows["vn-05"]["observed_deliveries"] == "0"
    assert rows["vn-01"]["teach_back"] == "3.67"  # the average of the roster's criterion levels 4, 3, 4
    assert all(rows[t]["missing_modules"] == "" for t in rows if t != "vn-04")
    html = packed["files"]["records/results.html"].decode("utf-8")
    for row in roster_rows():
        assert row["name"] in html


def _pdftotext(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return nfc(done.stdout.decode("utf-8"))


def _vietnamese_titles(root: Path) -> dict[str, str]:
    titles = {}
    for module in program_modules(root):
        text = (root / "curriculum" / "modules" / f"{module}.md").read_text(encoding="utf-8")
        english = yaml.safe_load(text.split("---")[1])["title"]
        catalog = polib.pofile(str(root / "locales" / "vi" / "curriculum" / "modules" / f"{module}.po"))
        for entry in catalog:
            if entry.msgid == english and entry.msgstr and "fuzzy" not in entry.flags and not entry.obsolete:
                titles[module] = entry.msgstr
    return titles


def test_guide_pdf_reads_back_vietnamese_module_titles(packed):
    text = _pdftotext(packed["unpacked"] / "guide" / "facilitator-guide.pdf")
    titles = _vietnamese_titles(packed["root"])
    assert len(titles) >= 3, "the sample's Vietnamese catalogs translate module titles"
    for module, title in titles.items():
        assert nfc(title) in text, (module, title)
    assert "Tầm nhìn chung" in text  # shared-vision, with its diacritics intact


def test_guide_pdf_holds_the_programmes_further_pages_after_the_modules(packed):
    # the sample's glossary (program.yml's pages:), in Vietnamese, between the last module and
    # the Train-the-Trainer section
    text = _pdftotext(packed["unpacked"] / "guide" / "facilitator-guide.pdf")
    listed = text.index("Bảng thuật ngữ")  # in the contents, after the last module
    assert text.index("Tương lai của quan hệ đối tác đào tạo") < listed
    body = text[text.index("Bảng thuật ngữ", listed + 1) :]  # the page itself
    assert "hiến chương chung" in body
    assert body.index("Mô-đun: Tầm nhìn chung") < body.index("Hướng dẫn giảng dạy")  # before the TTT guides


def test_guide_pdf_lists_each_part_by_its_heading_text(packed):
    # a translated guide's heading keeps its source's id as `{#id}`: the contents showed it
    text = _pdftotext(packed["unpacked"] / "guide" / "facilitator-guide.pdf")
    assert "{#" not in text and "Hướng dẫn giảng dạy: Tương lai của quan hệ đối tác đào tạo ." in text


def test_certificate_pdf_reads_back_the_trainee_name_with_diacritics(packed):
    names = {r["id"]: r["name"] for r in roster_rows()}
    for trainee in ("vn-01", "vn-02", "vn-06"):
        text = _pdftotext(packed["unpacked"] / "certificates" / f"{trainee}.pdf")
        assert nfc(names[trainee]) in text, trainee
    assert "Nguyễn Thị Hồng Nhung" in _pdftotext(packed["unpacked"] / "certificates" / "vn-01.pdf")


def test_every_credential_is_a_signed_open_badge(packed):
    root = packed["root"]
    cert = certification(root)
    public = keys.load_public(root / ".glocal" / "keys" / "issuer-ed25519.pub.pem")
    multibase = credentials.multibase_public_key(public)
    names = {r["id"]: r for r in roster_rows()}
    issued = datetime.fromtimestamp(EPOCH, UTC)
    months = cert["validity_months"]
    assert months == 24
    until = issued.replace(year=issued.year + months // 12)
    found = sorted(n for n in packed["files"] if n.startswith("credentials/"))
    assert found == [f"credentials/{t}.credential.json" for t in ("vn-01", "vn-02", "vn-06")]
    for name in found:
        credential = json.loads(packed["files"][name])
        trainee = names[name.split("/")[1].split(".")[0]]
        assert credential["@context"] == [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ]
        assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
        assert credential["validFrom"] == issued.strftime("%Y-%m-%dT%H:%M:%SZ") == "2023-11-14T22:13:20Z"
        assert credential["validUntil"] == until.strftime("%Y-%m-%dT%H:%M:%SZ") == "2025-11-14T22:13:20Z"
        assert (
            credential["issuer"]["id"] == cert["issuer"]["id"] == "https://example.org/glocal-sample/issuer"
        )
        assert credential["issuer"]["name"] == cert["issuer"]["name"]
        subject = credential["credentialSubject"]
        assert subject["type"] == ["AchievementSubject"]
        achievement = subject["achievement"]
        assert achievement["type"] == ["Achievement"]
        assert achievement["achievementType"] == "Certification"
        assert [a["targetCode"] for a in achievement["alignment"]] == [c["id"] for c in cert["competencies"]]
        assert all(
            a["type"] == ["Alignment"] and a["targetName"] and a["targetUrl"]
            for a in achievement["alignment"]
        )
        identities = {i["identityType"]: i for i in subject["identifier"]}
        assert identities["name"]["identityHash"] == trainee["name"]
        email = identities["emailAddress"]
        assert email["hashed"] is True
        assert (
            email["identityHash"]
            == "sha256$" + hashlib.sha256((trainee["email"].lower() + email["salt"]).encode()).hexdigest()
        )
        knowledge = next(r for r in subject["result"] if r["resultDescription"].endswith(":knowledge-check"))
        assert knowledge["value"] == trainee["knowledge_check"]
        proof = credential["proof"]
        assert proof["verificationMethod"] == f"{cert['issuer']['id']}#{multibase}"
        assert proof["created"] == credential["validFrom"]
        assert (proof["type"], proof["cryptosuite"], proof["proofPurpose"]) == (
            "DataIntegrityProof",
            "eddsa-rdfc-2022",
            "assertionMethod",
        )
        credentials.verify(credential, public)  # raises if it does not verify


def test_manifest_lists_every_file_with_its_hash_and_the_issuer(packed):
    root = packed["root"]
    manifest = json.loads(packed["files"]["manifest.json"])
    assert manifest["files"] == {
        name: hashlib.sha256(data).hexdigest()
        for name, data in packed["files"].items()
        if name != "manifest.json"
    }
    assert (manifest["site"], manifest["language"], manifest["cohort"], manifest["date"]) == (
        "vietnam/vi",
        "vi",
        "cohort-vietnam",
        "2023-11-14T22:13:20Z",
    )
    assert manifest["issuer"]["id"] == certification(root)["issuer"]["id"]
    profile = json.loads(packed["files"]["trust/issuer-profile.json"])
    assert profile["id"] == certification(root)["issuer"]["id"]
    assert profile["verificationMethod"][0]["publicKeyMultibase"] == manifest["issuer"]["publicKeyMultibase"]


def test_pack_verifies(packed, glocal):
    root = packed["root"]
    result = glocal(
        "verify", packed["pack"], "--issuer-key", root / ".glocal" / "keys" / "issuer-ed25519.pub.pem"
    )
    assert result.code == 0, result.err
    assert "3 credential proofs verified" in result.out


def test_zip_entries_are_sorted_and_dated_at_the_epoch(packed):
    """Same inputs, key and epoch give the same bytes: tests/packs/test_pack_hardening.py packs the
    sample again in another folder and compares; here, what makes that possible."""
    with zipfile.ZipFile(packed["pack"]) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == sorted(i.filename for i in infos)
    assert {i.date_time for i in infos} == {(2023, 11, 14, 22, 13, 20)}


# ------------------------------------------------------------------------------------ keys


def test_keygen_creates_a_private_key_readable_only_by_its_owner(glocal, tmp_path):
    result = glocal("-C", tmp_path, "keygen")
    assert result.code == 0, result.err
    key = tmp_path / ".glocal" / "keys" / "issuer-ed25519.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    private = keys.load_private(key)
    public_pem = key.with_suffix(".pub.pem")
    assert keys.load_public(public_pem).public_bytes_raw() == private.public_key().public_bytes_raw()
    multibase = credentials.multibase_public_key(private.public_key())
    assert multibase in result.out
    assert str(key) in result.out


def test_keygen_refuses_to_overwrite_a_key(glocal, tmp_path):
    target = tmp_path / "secrets" / "issuer.key"
    assert glocal("keygen", "--out", target).code == 0
    before = target.read_bytes(), target.with_suffix(".pub.pem").read_bytes()
    result = glocal("keygen", "--out", target)
    assert result.code == 2
    assert "already exists" in result.err and str(target) in result.err
    assert (target.read_bytes(), target.with_suffix(".pub.pem").read_bytes()) == before
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_pack_without_a_key_is_gl530_and_says_how_to_create_one(glocal, sample):
    result = glocal("-C", sample, "pack", "vietnam/vi", "--roster", ROSTER)
    assert result.code == 2  # a missing input file is an I/O failure
    key = sample.resolve() / ".glocal" / "keys" / "issuer-ed25519.key"
    assert (
        f"{key}: error GL530: no signing key at {key} (hint: create one with: glocal keygen)"
        in result.err.splitlines()
    )
    assert "no pack written" in result.err
    assert not (sample / "dist").exists()


def test_pack_with_an_unreadable_key_is_gl530(glocal, sample, tmp_path):
    bad = tmp_path / "not-a-key.pem"
    bad.write_text("not a key\n")
    result = glocal("-C", sample, "pack", "vietnam/vi", "--roster", ROSTER, "--key", bad)
    assert result.code == 1
    assert f"{bad}: error GL530: {bad} is not an unencrypted PEM private key" in result.err
    assert not (sample / "dist").exists()


# ------------------------------------------------------------------------- Train-the-Trainer checks

INTRO = """---
id: intro
title: Introduction
duration: 60
competencies: [alignment]
objectives:
  - Explain why partnerships matter
---

# Introduction

Good training partnerships start from the business strategy.
"""

CLOSE = """---
id: close
title: Closing
duration: 30
competencies: [coaching]
objectives:
  - Agree next steps
---

# Closing

Each participant names one commitment.
"""

CERTIFICATION = """competencies:
  - {id: alignment, name: Aligns training with strategy}
  - {id: coaching, name: Coaches for transfer}
rubric:
  levels: {1: Not yet, 2: Proficient}
  criteria:
    - id: strategic-link
      name: Links activities to goals
      competency: alignment
      anchors:
        1: No link.
        2: Clear link.
    - id: transfer
      name: Plans transfer
      competency: coaching
      anchors:
        1: No plan.
        2: A plan.
requirements:
  modules: all
  knowledge_check: 80
  teach_back: 2
  observed_deliveries: 0
validity_months: 12
issuer:
  id: https://example.org/demo/issuer
  name: Demo issuer
"""


def ttt_project(tmp_path: Path) -> Path:
    root = tmp_path / "ttt"
    files = {
        "curriculum/program.yml": (
            "id: demo\ntitle: Demo programme\nsource_language: en\nmodules:\n  - intro\n  - close\n"
        ),
        "curriculum/modules/intro.md": INTRO,
        "curriculum/modules/close.md": CLOSE,
        "toolkits/regions/north/region.yml": "id: north\nname: North\nlanguages: [en]\nlocales: {en: en_GB}\n"
        'timezone: Europe/London\nday_start: "09:00"\n',
        "toolkits/ttt/intro.md": "# Teaching the introduction\n\nStart with a story.\n",
        "toolkits/ttt/close.md": "# Teaching the closing\n\nAsk for commitments.\n",
        "toolkits/ttt/certification.yml": CERTIFICATION,
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def check_json(glocal, root: Path) -> tuple[int, list[dict]]:
    result = glocal("-C", root, "check", "--format", "json")
    return result.code, json.loads(result.out)["diagnostics"]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_ttt_fixture_is_clean(glocal, tmp_path):
    assert check_json(glocal, ttt_project(tmp_path)) == (0, [])


def test_module_without_a_ttt_guide_is_gl505(glocal, tmp_path):
    root = ttt_project(tmp_path)
    (root / "toolkits/ttt/close.md").unlink()
    code, found = check_json(glocal, root)
    assert found == [
        {
            "code": "GL505",
            "severity": "warning",
            "path": "curriculum/modules/close.md",
            "line": 1,
            "col": 1,
            "message": "module 'close' has no Train-the-Trainer guide",
            "hint": "add toolkits/ttt/close.md",
            "related": [],  # JSON diagnostics list their related places
        }
    ]
    assert code == 0
    assert glocal("-C", root, "check", "--strict").code == 1


def test_criterion_naming_an_unknown_competency_is_gl506_with_did_you_mean(glocal, tmp_path):
    root = ttt_project(tmp_path)
    edit(root / "toolkits/ttt/certification.yml", "competency: alignment", "competency: alignmnet")
    code, found = check_json(glocal, root)
    assert code == 1
    [gl506] = [d for d in found if d["code"] == "GL506"]
    assert gl506 == {
        "code": "GL506",
        "severity": "error",
        "path": "toolkits/ttt/certification.yml",
        "line": 7,
        "col": 7,
        "message": "criterion 'strategic-link' assesses competency 'alignmnet', which is not defined: "
        "expected one of alignment, coaching",
        "hint": "did you mean 'alignment'?",
        "related": [],  # JSON diagnostics list their related places
    }
    # and `alignment`, developed by intro, is now assessed by nothing
    assert [d["code"] for d in found] == ["GL507", "GL506"]


def test_competency_no_criterion_assesses_is_gl507(glocal, tmp_path):
    root = ttt_project(tmp_path)
    text = (root / "toolkits/ttt/certification.yml").read_text(encoding="utf-8")
    start, end = text.index("    - id: transfer"), text.index("requirements:")
    (root / "toolkits/ttt/certification.yml").write_text(text[:start] + text[end:], encoding="utf-8")
    code, found = check_json(glocal, root)
    assert code == 1
    assert found == [
        {
            "code": "GL507",
            "severity": "error",
            "path": "toolkits/ttt/certification.yml",
            "line": 3,
            "col": 5,
            "message": "competency 'coaching' is developed by close but no rubric criterion assesses it",
            "hint": "add a criterion with this competency to rubric.criteria",
            "related": [],  # JSON diagnostics list their related places
        }
    ]


def test_missing_level_anchor_is_gl508(glocal, tmp_path):
    root = ttt_project(tmp_path)
    edit(root / "toolkits/ttt/certification.yml", "        2: A plan.\n", "")
    code, found = check_json(glocal, root)
    assert code == 1
    assert found == [
        {
            "code": "GL508",
            "severity": "error",
            "path": "toolkits/ttt/certification.yml",
            "line": 13,
            "col": 7,
            "message": "criterion 'transfer' has no anchor for level(s) 2",
            "hint": "describe what each level looks like",
            "related": [],  # JSON diagnostics list their related places
        }
    ]


def test_requirements_naming_an_unknown_module_is_gl509(glocal, tmp_path):
    root = ttt_project(tmp_path)
    edit(root / "toolkits/ttt/certification.yml", "  modules: all", "  modules: [intro, clsoe]")
    code, found = check_json(glocal, root)
    assert code == 1
    [gl509] = found
    assert (gl509["code"], gl509["path"], gl509["message"], gl509["hint"]) == (
        "GL509",
        "toolkits/ttt/certification.yml",
        "requirements.modules names 'clsoe', which the program does not have",
        "did you mean 'close'?",
    )


def test_guide_for_an_unknown_module_is_gl510(glocal, tmp_path):
    root = ttt_project(tmp_path)
    (root / "toolkits/ttt/outro.md").write_text("# Teaching the outro\n", encoding="utf-8")
    code, found = check_json(glocal, root)
    assert code == 0
    assert found == [
        {
            "code": "GL510",
            "severity": "warning",
            "path": "toolkits/ttt/outro.md",
            "line": 1,
            "col": 1,
            "message": "TTT guide for module 'outro', which the program does not have",
            "hint": "did you mean 'intro'?",
            "related": [],  # JSON diagnostics list their related places
        }
    ]


# ------------------------------------------------------------------------ the TTT section of every site


def expected_sites(root: Path) -> list[str]:
    sites = []
    for region in sorted((root / "toolkits" / "regions").iterdir()):
        data = yaml.safe_load((region / "region.yml").read_text(encoding="utf-8"))
        sites += [f"{data['id']}/{language}" for language in data["languages"]]
    return sites


ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)


def test_every_sample_site_has_the_train_the_trainer_section(built_sample):
    modules = program_modules(built_sample)
    sites = expected_sites(built_sample)
    assert len(sites) == 10
    for site in sites:
        folder = built_sample / "site" / site
        assert (folder / "ttt" / "index.html").is_file(), site
        for module in modules:
            assert (folder / "ttt" / f"{module}.html").is_file(), (site, module)
            page = (folder / "modules" / f"{module}.html").read_text(encoding="utf-8")
            article = ARTICLE.search(page)
            assert article, (site, module)
            # the page body itself (not only the navigation) links to this module's TTT guide
            assert f'href="../ttt/{module}.html"' in article.group(1), (site, module)
