"""The live preview's loads (`Remembered`): an unchanged file is not read again, a changed one
always is, and what is loaded is exactly what a fresh load gives."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from conftest import copy_sample
from glocal.fsutil import CLOCK_LAG_NS
from glocal.load import load_project
from glocal.load.modules import load_module
from glocal.load.remembered import Remembered

MODULE = "curriculum/modules/shared-vision.md"
OVERLAY = "toolkits/regions/nordics/shared-vision.md"


def settle() -> None:
    """Let the files written so far age past the file clock's tick, so they can be remembered."""
    time.sleep(2 * CLOCK_LAG_NS / 1e9)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = copy_sample(tmp_path / "sample")
    settle()
    return root


def test_unchanged_files_are_not_read_again_and_the_project_is_the_same(project: Path):
    remembered = Remembered()
    first, found = load_project(project, remembered)
    read = remembered.loaded
    assert read > 50  # every module and overlay of the sample
    again, found_again = load_project(project, remembered)
    assert remembered.loaded == read, "unchanged files were read again"
    assert again == first and found_again == found


def test_an_edited_file_is_read_again(project: Path):
    remembered = Remembered()
    load_project(project, remembered)
    read = remembered.loaded
    overlay = project / OVERLAY
    overlay.write_text(
        overlay.read_text(encoding="utf-8").replace("Kildevang", "Kaldevang"), encoding="utf-8"
    )
    module = project / MODULE
    text = module.read_text(encoding="utf-8")
    module.write_text(text + "\nOne more paragraph.\n", encoding="utf-8")
    loaded, found = load_project(project, remembered)
    assert remembered.loaded == read + 2
    fresh, fresh_found = load_project(project)
    assert loaded == fresh and found == fresh_found
    assert "One more paragraph." in loaded.modules["shared-vision"].body
    assert "Kaldevang" in str(loaded.overlays[("nordics", "shared-vision")])


def test_an_edit_that_keeps_size_and_modification_time_is_still_seen(project: Path):
    remembered = Remembered()
    remembered.load(load_module, project, MODULE)
    module = project / MODULE
    before = module.stat()
    text = module.read_text(encoding="utf-8")
    assert "revisited every year." in text
    module.write_text(text.replace("revisited every year.", "revisited every June."), encoding="utf-8")
    assert module.stat().st_size == before.st_size
    os.utime(module, ns=(before.st_atime_ns, before.st_mtime_ns))  # mtime set back
    reloaded, _ = remembered.load(load_module, project, MODULE)
    assert reloaded is not None and "revisited every June." in reloaded.body


def test_a_file_changed_while_it_was_read_is_read_again(project: Path):
    """What was read may be older than the file: it is used once, never remembered."""
    remembered = Remembered()
    module = project / MODULE

    def load_then_edit(root: Path, path: str):
        result = load_module(root, path)
        module.write_text(module.read_text(encoding="utf-8") + "\nWritten meanwhile.\n", encoding="utf-8")
        return result

    remembered.load(load_then_edit, project, MODULE)
    settle()
    loaded, _ = remembered.load(load_then_edit, project, MODULE)  # read again: edits again
    assert loaded is not None and "Written meanwhile." in loaded.body
    assert remembered.loaded == 2


def test_a_file_replaced_by_a_link_outside_the_project_is_refused_not_replayed(project: Path, tmp_path: Path):
    remembered = Remembered()
    load_project(project, remembered)
    secret = tmp_path / "secret.md"
    shutil.copy2(project / OVERLAY, secret)
    (project / OVERLAY).unlink()
    (project / OVERLAY).symlink_to(secret)
    loaded, found = load_project(project, remembered)
    assert ("nordics", "shared-vision") not in loaded.overlays
    assert any(d.code == "GL013" and d.span.path == OVERLAY for d in found), [d.code for d in found]


def test_a_link_added_out_of_the_project_is_found_by_the_remembered_walk(project: Path, tmp_path: Path):
    remembered = Remembered()
    _, found = load_project(project, remembered)
    assert not any(d.code == "GL013" for d in found)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (project / "toolkits/regions/nordics/assets-link").symlink_to(outside)
    _, found = load_project(project, remembered)
    assert [d.span.path for d in found if d.code == "GL013"] == ["toolkits/regions/nordics/assets-link"]


def test_catalogs_are_read_again_only_when_they_changed(project: Path):
    from glocal.i18n.translations import Translations

    catalog = project / "locales/da/curriculum/modules/shared-vision.po"
    remembered = Remembered()
    first = Translations(project, remembered).catalog("da", MODULE)
    assert (
        first.translated["Shared vision and strategic alignment"] == "Fælles vision og strategisk afstemning"
    )
    read = remembered.loaded
    again = Translations(project, remembered).catalog("da", MODULE)
    assert remembered.loaded == read and again is first
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace("strategisk afstemning", "strategisk retning"), encoding="utf-8")
    edited = Translations(project, remembered)
    assert edited.catalog("da", MODULE).translated["Shared vision and strategic alignment"] == (
        "Fælles vision og strategisk retning"
    )
    assert remembered.loaded == read + 1
    assert edited.file("da", MODULE) is not None


def test_a_file_with_a_problem_is_read_every_time(project: Path):
    """Its message may depend on other files (GL107's hint says whether the id it names is taken)."""
    module = project / MODULE
    module.write_text(
        module.read_text(encoding="utf-8").replace("id: shared-vision", "id: intro"), encoding="utf-8"
    )
    settle()
    remembered = Remembered()
    _, found = remembered.load(load_module, project, MODULE)
    assert [d.code for d in found] == ["GL107"] and "rename the file" in str(found[0].hint)
    (project / "curriculum/modules/intro.md").write_text(
        "---\nid: intro\ntitle: Intro\n---\n", encoding="utf-8"
    )
    _, found = remembered.load(load_module, project, MODULE)
    assert remembered.loaded == 2
    assert [d.code for d in found] == ["GL107"] and "rename the file" not in str(found[0].hint)
