"""The facilitator-notes page lists each note once: a note inside another note is in that note.

Listing a nested note again repeated its text once for every note around it. With the 32 levels
of nesting GL120 allows, which an untrusted overlay or module can fill, a 474 KiB module made
`glocal check` hold 4 GiB (30 s); a page's notes now cost about what the page itself does.
"""

from __future__ import annotations

import re
from pathlib import Path

from glocal.pipeline import check
from glocal.pipeline.explaining import explain

PROGRAM = "id: demo\ntitle: Demo\nsource_language: en\nmodules: [practice]\n"
MODULE = "---\nid: practice\ntitle: Practice\nduration: 60\n---\n\n# Practice\n\nBody.\n"
NESTED = """
::: facilitator
Outer text.

::: facilitator
Inner text.
:::

After the inner note.
:::

::: facilitator
Second note.
:::
"""


def _project(root: Path, extra: str) -> Path:
    (root / "curriculum/modules").mkdir(parents=True)
    (root / "curriculum/program.yml").write_text(PROGRAM, encoding="utf-8")
    (root / "curriculum/modules/practice.md").write_text(MODULE + extra, encoding="utf-8")
    (root / "toolkits/regions/north").mkdir(parents=True)
    (root / "toolkits/regions/north/region.yml").write_text(
        "id: north\nname: North\nlanguages: [en]\n", encoding="utf-8"
    )
    return root


def test_a_note_inside_a_note_is_on_the_notes_page_once_within_it(tmp_path):
    root = _project(tmp_path, NESTED)
    result = check(root)
    composed = result.composed["north/en"]
    page, notes = composed.pages[0].markdown, composed.notes

    anchors = re.findall(r'<div id="(note-\d+)" class="glocal-anchor">', page)
    assert sorted(anchors) == ["note-1", "note-2", "note-3"]  # every note keeps its own anchor
    for sentence in ("Outer text.", "Inner text.", "After the inner note.", "Second note."):
        assert notes.count(sentence) == 1, (sentence, notes)
    # the outer note (its anchor given after its body, as before) holds the inner one, in order
    assert notes.index("Outer text.") < notes.index("Inner text.") < notes.index("After the inner note.")
    back = re.findall(r"\]\(modules/practice\.md#(note-\d+)\)", notes)
    assert back == ["note-2", "note-3"]  # the inner note's anchor (note-1) is not listed on its own

    # `glocal explain` walks the notes page as the composer writes it: the inner note once
    blocks = explain(root, "north/en", "notes").blocks
    texts = [" ".join(block.text.split()) for block in blocks if block.origin != "generated"]
    assert texts.count("Inner text.") == 1, texts
    assert texts == ["Outer text.", "Inner text.", "After the inner note.", "Second note."]


def test_the_notes_of_a_deep_nest_cost_about_what_the_page_does(tmp_path):
    """GL120 stops the nesting at 32 levels; everything deeper is the 32nd note's text."""
    depth, lines = 40, 400
    nest = "\n" + "::: facilitator\n" * depth + "A line of the innermost note.\n" * lines + ":::\n" * depth
    root = _project(tmp_path, nest)
    result = check(root)
    assert any(d.code == "GL120" for d in result.report.diagnostics)
    composed = result.composed["north/en"]
    page, notes = composed.pages[0].markdown, composed.notes
    assert page.count("A line of the innermost note.") == lines
    assert notes.count("A line of the innermost note.") == lines  # not once per note around them
    assert len(notes) < 2 * len(page), (len(notes), len(page))
