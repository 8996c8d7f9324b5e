"""`glocal check` with nothing changed replays its last result; any change, or a bad cache, does not."""

from __future__ import annotations

import json
import shutil

from conftest import FIXTURES, run_glocal
from glocal.pipeline import checked
from glocal.pipeline.state import inputs_fingerprint, state_path


def project(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "golden-site" / "project", root)
    return root


def test_nothing_changed_replays_the_same_result(tmp_path):
    root = project(tmp_path)
    first = run_glocal("-C", root, "check", "--format", "json")
    second = run_glocal("-C", root, "check", "--format", "json")
    assert checked(root).replayed
    assert first.out == second.out and first.code == second.code
    text_first = run_glocal("-C", root, "check")
    assert text_first.out == run_glocal("-C", root, "check").out


def test_an_edit_is_checked_again(tmp_path):
    root = project(tmp_path)
    checked(root)
    module = root / "curriculum" / "modules" / "intro.md"
    module.write_text(
        module.read_text(encoding="utf-8").replace("title:", "title: Edited", 1), encoding="utf-8"
    )
    result = checked(root)
    assert not result.replayed
    assert checked(root).replayed


def test_a_forged_or_damaged_record_is_not_replayed(tmp_path):
    root = project(tmp_path)
    clean = checked(root)
    path = state_path(root.resolve(), "check")
    record = json.loads(path.read_text(encoding="utf-8"))
    record["data"]["summaries"][0]["translated"] = "lots"  # would break the coverage matrix
    path.write_text(json.dumps(record), encoding="utf-8")
    again = checked(root)
    assert not again.replayed
    assert [s.to_json() for s in again.summaries] == [s.to_json() for s in clean.summaries]
    path.write_bytes(b"{not json")
    assert not checked(root).replayed
    assert run_glocal("-C", root, "check").code == 0


def test_a_build_leaves_the_check_result_behind(tmp_path):
    root = project(tmp_path)
    built = run_glocal("-C", root, "build", "-j", "1")
    assert built.code == 0, built.err
    assert checked(root).replayed


def test_a_link_out_of_the_project_is_keyed_by_its_target_name_never_read(tmp_path):
    root = project(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("one", encoding="utf-8")
    link = root / "curriculum" / "assets" / "leak.txt"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside / "secret.txt")
    before = inputs_fingerprint(root.resolve())
    (outside / "secret.txt").write_text("two: the content outside is never part of the state")
    assert inputs_fingerprint(root.resolve()) == before
    link.unlink()
    link.symlink_to("/dev/zero")  # read, it would never end
    assert inputs_fingerprint(root.resolve()) != before
