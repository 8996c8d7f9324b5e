"""`glocal -C DIR`: every relative path argument is taken from DIR, as `git -C` does.

Each test runs from a working directory that is NOT the project, so a path resolved against the
current directory instead of DIR fails.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, ROSTER, copy_sample, copy_small_sample, run_glocal


@pytest.fixture
def elsewhere(tmp_path, monkeypatch) -> Path:
    """A current directory that is not the project."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def test_build_out_is_relative_to_the_project(tmp_path, elsewhere):
    project = copy_sample(tmp_path / "proj")
    result = run_glocal("-C", project, "build", "global/en", "--out", "public")
    assert result.code == 0, result.err
    assert (project / "public/global/en/index.html").is_file()
    assert not (elsewhere / "public").exists()


def test_i18n_merge_paths_are_relative_to_the_project(tmp_path, elsewhere):
    project = copy_sample(tmp_path / "proj")
    definitions = "locales/da/curriculum/modules/shared-vision.po"
    reference = "locales/templates/curriculum/modules/shared-vision.pot"
    result = run_glocal("-C", project, "i18n", "merge", definitions, reference, "-o", "merged.po")
    assert result.code == 0, result.err
    assert "msgid" in (project / "merged.po").read_text(encoding="utf-8")
    assert not (elsewhere / "merged.po").exists()


def test_keygen_pack_and_verify_paths_are_relative_to_the_project(tmp_path, elsewhere, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = copy_small_sample(tmp_path / "proj")  # a pack of the sample's cohort, in less time
    shutil.copy2(project / ROSTER, project / "cohort.csv")

    made = run_glocal("-C", project, "keygen", "--out", "keys/issuer.key")
    assert made.code == 0, made.err
    assert (project / "keys/issuer.key").is_file() and (project / "keys/issuer.pub.pem").is_file()

    packed = run_glocal(
        "-C",
        project,
        "pack",
        "vietnam/vi",
        "--roster",
        "cohort.csv",
        "--key",
        "keys/issuer.key",
        "--out",
        "out",
    )
    assert packed.code == 0, packed.err
    pack = project / "out/packs/vietnam-vi-cohort.zip"
    assert zipfile.is_zipfile(pack)
    assert not (elsewhere / "out").exists()

    checked = run_glocal(
        "-C", project, "verify", "out/packs/vietnam-vi-cohort.zip", "--issuer-key", "keys/issuer.pub.pem"
    )
    assert checked.code == 0, checked.err
    assert checked.out.startswith(f"OK: {pack}")


def test_a_roster_in_the_current_directory_is_not_used(tmp_path, elsewhere):
    project = copy_sample(tmp_path / "proj")
    assert run_glocal("-C", project, "keygen").code == 0
    shutil.copy2(
        REPO / "examples/cohort-vietnam.csv", elsewhere / "cohort.csv"
    )  # a valid roster, wrong place
    result = run_glocal("-C", project, "pack", "vietnam/vi", "--roster", "cohort.csv")
    assert result.code != 0
    assert "GL525" in result.err and "cohort.csv" in result.err
    assert not (project / "dist").exists()
