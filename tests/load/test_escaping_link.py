"""fsutil.escaping_link: the one question asked before any project file is read."""

from __future__ import annotations

import os
from pathlib import Path

from glocal.fsutil import escaping_link


def _project(tmp_path: Path) -> tuple[Path, Path]:
    root, outside = tmp_path / "project", tmp_path / "outside"
    (root / "locales" / "da").mkdir(parents=True)
    (root / "locales" / "da" / "a.po").write_text("", encoding="utf-8")
    outside.mkdir()
    (outside / "secret.po").write_text("", encoding="utf-8")
    return root, outside


def test_a_plain_path_inside_the_project_has_no_escaping_link(tmp_path):
    root, _ = _project(tmp_path)
    assert escaping_link(root, "locales/da/a.po") is None


def test_a_project_reached_through_a_link_is_still_inside(tmp_path):
    root, _ = _project(tmp_path)
    alias = tmp_path / "alias"
    alias.symlink_to(root)
    assert escaping_link(alias, "locales/da/a.po") is None


def test_a_linked_file_leading_out_is_named(tmp_path):
    root, outside = _project(tmp_path)
    (root / "locales" / "da" / "b.po").symlink_to(outside / "secret.po")
    assert escaping_link(root, "locales/da/b.po") == "locales/da/b.po"


def test_a_linked_folder_leading_out_is_named_not_the_file(tmp_path):
    root, outside = _project(tmp_path)
    (root / "locales" / "nl").symlink_to(outside)
    assert escaping_link(root, "locales/nl/secret.po") == "locales/nl"


def test_a_link_that_stays_inside_is_allowed(tmp_path):
    root, _ = _project(tmp_path)
    (root / "locales" / "nb").symlink_to(root / "locales" / "da")
    assert escaping_link(root, "locales/nb/a.po") is None


def test_an_absolute_path_or_a_climb_out_is_refused(tmp_path):
    root, outside = _project(tmp_path)
    assert escaping_link(root, os.fspath(outside / "secret.po")) is not None
    assert escaping_link(root, "../outside/secret.po") == "../outside/secret.po"


def test_a_project_link_pointed_elsewhere_during_the_run_leads_out(tmp_path):
    """The project folder's real path is found once per run: when the link to it is then pointed
    at another folder, that folder's files are outside the project, never inside."""
    root, _ = _project(tmp_path)
    other = tmp_path / "other"
    (other / "locales" / "da").mkdir(parents=True)
    (other / "locales" / "da" / "a.po").write_text("", encoding="utf-8")
    alias = tmp_path / "alias"
    alias.symlink_to(root)
    assert escaping_link(alias, "locales/da/a.po") is None
    alias.unlink()
    alias.symlink_to(other)
    assert escaping_link(alias, "locales/da/a.po") is not None
