"""Reading a region's adapted.lock.yml: the fast reader (libyaml's events) gives exactly what the
careful one (ruamel, with positions and diagnostics) gives, and leaves anything unusual to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO
from glocal.load import adapted


def _careful(root: Path, path: str, monkeypatch: pytest.MonkeyPatch):
    with monkeypatch.context() as patch:
        patch.setattr(adapted, "_read_fast", lambda text, path: None)
        return adapted.read_lock(root, path)


@pytest.mark.parametrize("region", ["nordics", "benelux", "vietnam"])
def test_the_fast_reader_agrees_with_the_careful_one_on_the_sample(region: str, monkeypatch):
    path = f"toolkits/regions/{region}/adapted.lock.yml"
    fast = adapted._read_fast((REPO / path).read_text(encoding="utf-8"), path)
    assert fast, "the sample's lock is read the fast way"
    careful, problems = _careful(REPO, path, monkeypatch)
    assert problems == []
    assert fast == careful  # same entries, texts, fingerprints and positions


LOCK = """\
intro:
  case-study:
    fingerprint: '000123456789'
    brief: yes
    default: |-
      A **bold** default with *emphasis* and [a link](x.md).
    context: "## Section"
"""


def test_values_are_the_text_written(monkeypatch, tmp_path: Path):
    path = "toolkits/regions/north/adapted.lock.yml"
    (tmp_path / path).parent.mkdir(parents=True)
    (tmp_path / path).write_text(LOCK, encoding="utf-8")
    fast = adapted._read_fast(LOCK, path)
    assert fast is not None
    entry = fast[("intro", "case-study")]
    assert (entry.fingerprint, entry.text.brief) == ("000123456789", "yes")  # not a number, not True
    assert entry.text.default.startswith("A **bold** default")
    assert (entry.span.line, entry.span.col) == (1, 2)
    assert adapted.read_lock(tmp_path, path) == (fast, [])


@pytest.mark.parametrize(
    "text",
    [
        LOCK.replace("  case-study:\n", "  case-study: &entry\n") + "other:\n  slot: *entry\n",  # alias
        LOCK.replace("brief: yes", "brief: [a, b]"),  # not text
        LOCK.replace('    context: "## Section"\n', ""),  # a field missing
        "[" * 100_000 + "]" * 100_000,  # nesting the stack could not hold
        "intro: {case-study: {fingerprint: 'x'",  # syntax error
        "- a\n- b\n",  # a list
    ],
)
def test_anything_unusual_is_left_to_the_careful_reader(text: str):
    assert adapted._read_fast(text, "x.yml") is None


def test_an_empty_lock_has_no_entries():
    assert adapted._read_fast("", "x.yml") == {}
    assert adapted._read_fast("# only a comment\n", "x.yml") == {}
