"""A first `glocal check` (no file ever hashed) checks at once while another process hashes the
inputs; its result is remembered only when no input changed meanwhile."""

from __future__ import annotations

import os
import shutil
import time

import pytest

from conftest import FIXTURES
from glocal.pipeline import checked, replay, state


@pytest.fixture
def root(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "golden-site" / "project", project)
    return project.resolve()


def hashing_waits_for(monkeypatch, signal):
    """The other process hashes only once `signal` exists (it is forked: it sees this patch)."""
    fingerprint = state._fingerprint

    def waiting(*args):
        deadline = time.monotonic() + 30
        while not signal.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        return fingerprint(*args)

    monkeypatch.setattr(state, "_fingerprint", waiting)


def test_the_fingerprint_taken_meanwhile_is_the_one_taken_first(root):
    result, inputs = state.fingerprint_meanwhile(root, lambda: "done")
    assert result == "done"
    assert inputs == state.inputs_fingerprint(root)


def test_an_input_changed_meanwhile_gives_no_fingerprint(root, monkeypatch, tmp_path):
    signal = tmp_path / "go"
    hashing_waits_for(monkeypatch, signal)
    module = root / "curriculum" / "modules" / "intro.md"

    def edit():
        module.write_text(module.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
        signal.touch()

    assert state.fingerprint_meanwhile(root, edit) == (None, None)


def test_a_file_removed_at_the_top_meanwhile_gives_no_fingerprint(root, monkeypatch, tmp_path):
    """Nothing of a removed file is left to look at but its folder's change."""
    signal = tmp_path / "go"
    hashing_waits_for(monkeypatch, signal)

    def remove():
        (root / "mkdocs.yml").unlink()
        signal.touch()

    assert state.fingerprint_meanwhile(root, remove) == (None, None)


def test_a_failed_hashing_gives_no_fingerprint_and_no_traceback(root, monkeypatch, capfd):
    def broken(*args):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(state, "_fingerprint", broken)
    assert state.fingerprint_meanwhile(root, lambda: 1) == (1, None)
    assert "Traceback" not in capfd.readouterr().err


def test_a_first_check_is_remembered_and_replayed_next(root, monkeypatch):
    calls = []
    meanwhile = state.fingerprint_meanwhile
    monkeypatch.setattr(state, "fingerprint_meanwhile", lambda *args: calls.append(1) or meanwhile(*args))
    first = checked(root, 2)
    assert calls == [1] and not first.replayed
    assert state.read_state(root, replay.STATE, state.inputs_fingerprint(root)) is not None
    again = checked(root, 2)
    assert again.replayed and calls == [1]  # hashed before checking now: the record exists
    records = [d.to_record() for d in first.report.diagnostics]
    assert [d.to_record() for d in again.report.diagnostics] == records


def test_one_process_asked_for_hashes_first(root, monkeypatch):
    monkeypatch.setattr(state, "fingerprint_meanwhile", lambda *args: pytest.fail("forked with -j 1"))
    assert not checked(root, 1).replayed
    assert checked(root, 1).replayed
    assert os.path.isfile(state.state_path(root, state.FILES))
