"""A translation keeps its source's blocks (GL335): a blank line, or a line that starts a
heading, list, quote, container or code block, would change the page's structure; such a
translation is never published, its segment shows the source text marked as a fallback.

Unit tests call `added_blocks`; the end-to-end test edits a real Danish catalog of a copy of
the sample with polib, as a translator's tool would, then runs `glocal check` and `glocal build`.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import polib
import pytest

from conftest import copy_sample, po_entry_line, run_glocal
from glocal.i18n.structure import added_blocks

SOURCE = "A partnership rests on five pillars."


@pytest.mark.parametrize(
    ("msgstr", "said"),
    [
        ("Et partnerskab.\n\nHviler på fem søjler.", "2 paragraphs"),
        ("# Et partnerskab", "a heading"),
        ("Et partnerskab\n# hviler", "a paragraph, a heading"),
        ("Et partnerskab\n===", "a heading"),
        ("- Et partnerskab", "a list"),
        ("1. Et partnerskab\n\n2. Hviler", "2 paragraphs"),  # numbers are text, the blank line is not
        ("> Et partnerskab", "a quote"),
        ("    Et partnerskab", "a code block"),
        ("```\nEt partnerskab\n```", "a code block"),
        ("::: fill case-study\nEt partnerskab\n:::", "a container"),
        ("[ref]: https://example.org/", "no block"),
        ("Et partnerskab\n\n---", "a paragraph, a rule"),
        ("Et partnerskab\n:   hviler på fem søjler", "a definition list"),
        ("x\n\n" * 20_000, "many more blocks"),
    ],
    ids=[
        "blank-line",
        "heading",
        "heading-inside",
        "setext",
        "list",
        "numbered-paragraphs",
        "quote",
        "indented-code",
        "fence",
        "container",
        "link-definition",
        "rule",
        "definition",
        "many-paragraphs",
    ],
)
def test_a_translation_that_changes_its_blocks_is_gl335(msgstr: str, said: str):
    reason = added_blocks(SOURCE, msgstr)
    assert reason is not None and said in reason and "where its source is a paragraph" in reason


@pytest.mark.parametrize(
    "msgstr",
    [
        "Et partnerskab hviler på fem søjler.",
        "Et partnerskab hviler\npå fem søjler.",  # wrapped: still one paragraph
        "*Et* partnerskab hviler på **fem** søjler.",
        "`kode` og [et link](shared-vision.md) i teksten.",
        "2025 blev året, hvor partnerskabet begyndte.",
        "-50 % fejl efter et år.",
        "",
        # a number and a full stop: an ordinal or a date, published as text (`numbers_as_text`)
        "1. januar begynder et partnerskab.",
        "2. dag: et partnerskab hviler på fem søjler.",
        "1990. Et partnerskab",
        "Et partnerskab begynder\n1. januar.",
        "3) Et partnerskab",
    ],
)
def test_a_translation_that_keeps_one_paragraph_is_fine(msgstr: str):
    assert added_blocks(SOURCE, msgstr) is None


def test_a_heading_numbered_in_its_source_may_lose_or_keep_its_number():
    """A heading's text `1. Intro` (of `# 1. Intro`) is read as text, as the page shows it."""
    assert added_blocks("1. Introduction", "Indledning") is None
    assert added_blocks("1. Introduction", "1. Indledning") is None
    assert added_blocks("1. Introduction", "- Indledning") is not None


def test_a_heading_or_list_source_may_be_translated_as_one():
    """The comparison is of like with like: a source that is itself a list reads the same way."""
    assert added_blocks("- one\n- two", "- en\n- to") is None
    assert added_blocks("- one\n- two", "- en to") is not None


PO = "locales/da/curriculum/modules/shared-vision.po"
PARAGRAPH = (
    "A training need is a symptom; the strategy is the cause. A partner who sees only the request can "
    "deliver a good course. A partner who sees the strategy behind it can design the right programme."
)
HEADING_MSGID = "Why strategy comes before the training need"
ORDINAL_PARAGRAPH = "Shared vision does not come from a single briefing. It comes from a rhythm:"
ORDINAL_OBJECTIVE = "Translate a business goal into the capabilities a training programme must build"


def test_a_catalog_that_adds_blocks_is_reported_and_its_page_keeps_the_sources_structure(tmp_path: Path):
    """5,000 paragraphs in place of one (2,000 × more blocks: the 2 MB version of this made one
    site's build take four minutes) and a heading in place of a paragraph: both GL335 at their
    entries; the page shows the source paragraph marked as a fallback, no injected heading, and
    the catalog's other translations as usual.

    Beside them, Danish ordinals and dates (`1. trin`, `1. januar`) that begin a heading, a
    paragraph and a learning objective: published (no GL335) and shown as the translator wrote
    them, with no numbered list and no backslash."""
    root = copy_sample(tmp_path / "sample")
    po = polib.pofile(str(root / PO), wrapwidth=0)
    po.find(PARAGRAPH).msgstr = "Et træningsbehov\n\n" * 5_000 + "er et symptom."
    objective = next(entry for entry in po if entry.msgid.startswith("Explain why a partner must"))
    objective.msgstr = "# Overtaget overskrift"
    ordinals = {
        HEADING_MSGID: "1. trin: strategien før træningsbehovet",
        ORDINAL_PARAGRAPH: "1. januar er ikke nok: fælles vision kommer af en rytme:",
        ORDINAL_OBJECTIVE: "2. mål: oversæt et forretningsmål til de evner, et program skal opbygge",
    }
    for msgid, msgstr in ordinals.items():
        po.find(msgid).msgstr = msgstr
    po.save()
    run = run_glocal("-C", root, "check", "--format", "json")
    found = [(d["code"], d["line"]) for d in json.loads(run.out)["diagnostics"] if d["code"] == "GL335"]
    assert sorted(found) == sorted(
        [("GL335", po_entry_line(root / PO, PARAGRAPH)), ("GL335", po_entry_line(root / PO, objective.msgid))]
    )
    run = run_glocal("-C", root, "build", "nordics/da")
    assert run.code in (0, 1), run.err  # 1: the catalog's errors; the site is still built
    page = (root / "site" / "nordics" / "da" / "modules" / "shared-vision.html").read_text(encoding="utf-8")
    assert "<p>Et træningsbehov</p>" not in page and "Overtaget overskrift" not in page
    shown = [
        html.unescape(text)
        for text in re.findall(r'<span class="glocal-fallback" lang="en"[^>]*>(.*?)</span>', page, re.S)
    ]
    assert PARAGRAPH in shown and objective.msgid in shown
    assert re.search(rf"<h2 [^>]*>{re.escape(ordinals[HEADING_MSGID])}<", page)
    assert f"<p>{ordinals[ORDINAL_PARAGRAPH]}</p>" in page
    assert f"<li>{ordinals[ORDINAL_OBJECTIVE]}</li>" in page
    assert "\\." not in page
