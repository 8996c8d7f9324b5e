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


REFERENCED = """
::: facilitator
Plot it with [Seaborn][seaborn], see [the chart][chart], [Data][] and [unused].
:::

```markdown
[unused]: https://example.org/in-code
```

[seaborn]: https://seaborn.pydata.org/ "Seaborn"
[Chart]:  fig/chart.png
[data]: data/counts.csv
[unused]: https://example.org/unused
[other]: https://example.org/other
"""


def test_a_notes_reference_links_keep_their_definitions_on_the_notes_page(tmp_path):
    """A note's `[Seaborn][seaborn]` defined further down its module (or in a lesson's links.md)
    was shown as brackets on the notes page, which holds the note without the rest of its module."""
    import markdown

    from glocal.build.config import extension_names
    from glocal.markdown.dialect import REQUIRED_EXTENSIONS

    root = _project(tmp_path, REFERENCED)
    notes = check(root).composed["north/en"].notes
    names = [n for n in sorted(extension_names(REQUIRED_EXTENSIONS)) if n != "toc"]
    html = markdown.Markdown(extensions=names).convert(notes)
    assert '<a href="https://seaborn.pydata.org/" title="Seaborn">Seaborn</a>' in html
    assert '<a href="modules/fig/chart.png">the chart</a>' in html  # moved as the note's links are
    assert '<a href="modules/data/counts.csv">Data</a>' in html
    assert "[" not in re.sub(r"<[^>]+>", "", html.split("</h2>", 1)[1].split('<a href="modules/practice')[0])
    assert '<a href="https://example.org/unused">unused</a>' in html  # not the code block's
    assert "in-code" not in notes and "other" not in notes  # only what the note uses


def test_each_definition_is_given_once_on_the_notes_page(tmp_path):
    root = _project(
        tmp_path, REFERENCED.replace(":::\n\n```", ":::\n\n::: facilitator\nAgain [Seaborn][].\n:::\n\n```")
    )
    notes = check(root).composed["north/en"].notes
    assert notes.count("[seaborn]: https://seaborn.pydata.org/") == 1
    assert notes.count("Again [Seaborn][].") == 1
