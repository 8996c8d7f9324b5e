"""An overlay whose front matter is broken (not YAML, or never closed) is GL218, which blocks its
region's sites, and its fills are still read: before, the overlay was dropped whole, and every
required slot it fills was reported unfilled too (GL209, at the region's region.yml)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, run_glocal


@pytest.mark.parametrize(
    ("front", "line"),
    [
        ("---\nduration: [90\n---\n", 3),  # not YAML: reported where the parser stopped
        ("---\nduration: 60\n", 1),  # never closed
    ],
)
def test_broken_front_matter_is_one_error_and_the_fills_are_still_read(tmp_path: Path, front, line):
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "clean", root, ignore=shutil.ignore_patterns("expected*"))
    overlay = root / "toolkits/regions/north/intro.md"
    overlay.write_text(front + overlay.read_text(encoding="utf-8"), encoding="utf-8")
    found = json.loads(run_glocal("-C", root, "check", "--format", "json").out)
    errors = [(d["code"], d["path"], d["line"]) for d in found["diagnostics"] if d["severity"] == "error"]
    assert errors == [("GL218", "toolkits/regions/north/intro.md", line)]
    assert not any(d["code"] == "GL209" for d in found["diagnostics"])
    (site,) = found["sites"]
    assert site["status"] == "blocked"
    assert site["slots"] == {"filled": 1, "default": 0, "missing": 0}
