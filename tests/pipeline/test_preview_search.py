"""The live preview's search index after dirty rebuilds is the one a full build writes.

MkDocs renders again only the pages whose source changed; MkDocs Material's search plugin then
wrote an index of those pages alone, or merged it with its last run's by removing one page's
entries: after a label edit the preview's search knew 99 of the sample site's 154 sections, after
a theme edit 253 (every module page twice)."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

from conftest import FIXTURES
from glocal.load.remembered import Remembered
from glocal.pipeline.previewing import preview


def _locations(out: Path) -> Counter:
    docs = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return Counter(entry["location"] for entry in docs)


def _full(project: Path, tmp_path: Path, name: str) -> Counter:
    out = tmp_path / name
    assert preview(project, "south/da", out).ok
    return _locations(out)


def test_dirty_rebuilds_keep_every_pages_search_entries_once(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "golden-site" / "project", project)
    out, remembered = tmp_path / "preview", Remembered()
    assert preview(project, "south/da", out, remembered).ok
    first = _locations(out)
    assert len(first) > 10 and max(first.values()) == 1

    # a label on every page: every page is rendered again
    labels = project / "locales" / "da" / "ui.po"
    labels.parent.mkdir(parents=True, exist_ok=True)
    labels.write_text(
        'msgid ""\nmsgstr ""\n\nmsgid "Facilitator note"\nmsgstr "Note til facilitatoren"\n', encoding="utf-8"
    )
    assert preview(project, "south/da", out, remembered).ok
    assert _locations(out) == _full(project, tmp_path, "full-1")

    # one module's text: one page (and its handout) rendered again
    module = project / "curriculum" / "modules" / "intro.md"
    module.write_text(
        module.read_text(encoding="utf-8") + "\n## A new section\n\nNew words here.\n", encoding="utf-8"
    )
    assert preview(project, "south/da", out, remembered).ok
    assert _locations(out) == _full(project, tmp_path, "full-2")
    assert any("a-new-section" in location for location in _locations(out))

    # the theme: a full build into the same folder
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  name: material\n" in text
    config.write_text(
        text.replace("  name: material\n", "  name: material\n  palette: {primary: teal}\n"), encoding="utf-8"
    )
    assert preview(project, "south/da", out, remembered).ok
    assert _locations(out) == _full(project, tmp_path, "full-3")
