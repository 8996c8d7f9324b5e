"""A translation may move its source's markup but not add to it (GL330, GL331); such a translation
is never published: its segment shows the source text, marked as a fallback.

Unit tests call `added_markup`; the end-to-end tests edit a real Danish catalog of a copy of the
sample with polib, as a translator's tool would, then run `glocal check` and `glocal build`.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import polib
import pytest

from conftest import copy_sample, po_entry_line, run_glocal
from glocal.i18n.apply import added_markup

# --------------------------------------------------------------------------------------------
# Unit: added_markup
# --------------------------------------------------------------------------------------------


def test_a_script_tag_added_is_gl330():
    assert added_markup("Welcome.", "Velkommen.<script>alert(1)</script>") == [
        (
            "GL330",
            "translation adds HTML the source does not have: </script>, <script>; "
            "it is not published, the source text is shown",
        )
    ]


def test_an_attribute_added_to_a_tag_the_source_has_is_gl330():
    assert added_markup("Press <kbd>Ctrl</kbd>.", 'Tryk <kbd onclick="steal()">Ctrl</kbd>.') == [
        (
            "GL330",
            'translation adds HTML the source does not have: <kbd onclick="steal()">; '
            "it is not published, the source text is shown",
        )
    ]


def test_an_event_handler_on_an_image_is_gl330():
    problems = added_markup("See the chart.", 'Se <img src="x" onerror="alert(1)"> diagrammet.')
    assert [code for code, _ in problems] == ["GL330"]


def test_a_comment_added_is_gl330():
    assert [code for code, _ in added_markup("Text.", "Tekst.<!-- hidden -->")] == ["GL330"]


@pytest.mark.parametrize(
    "msgstr",
    [
        "Læs [vejledningen](guide.md){ onclick=alert(1) }.",
        "Læs *dette*{: onmouseover=alert(1) } først.",
        "Læs [vejledningen](guide.md){: .button #x }.",
    ],
)
def test_an_attribute_list_added_is_gl331(msgstr):
    problems = added_markup("Read [the guide](guide.md) first.", msgstr)
    assert [code for code, _ in problems] == ["GL331"]
    assert problems[0][1].startswith("translation adds an attribute list the source does not have: {")


def test_the_source_markup_moved_or_respaced_is_fine():
    msgid = 'Press <kbd>Ctrl</kbd> and <span class="key">V</span>.<br/> Then read [it](x.md){ .note }'
    msgstr = 'Læs [den](x.md){ .note } efter at trykke <span  class="key">V</span> og <kbd>Ctrl</kbd>.<br />'
    assert added_markup(msgid, msgstr) == []


def test_code_spans_placeholders_and_autolinks_are_not_markup():
    msgid = "Type `<b>` in {{ region.name }}."
    msgstr = "Skriv `<b>` i {{ region.name }}, se <https://example.org> og `{ .x }`. {# note #}"
    assert added_markup(msgid, msgstr) == []


def test_a_tag_kept_as_often_as_the_source_has_it():
    problems = added_markup("A<br>B", "A<br>B<br>C")
    assert problems == [
        (
            "GL330",
            "translation adds HTML the source does not have: <br>; "
            "it is not published, the source text is shown",
        )
    ]


# --------------------------------------------------------------------------------------------
# End to end: check reports it at the PO line, build shows the marked source text instead
# --------------------------------------------------------------------------------------------

PO = "locales/da/curriculum/modules/shared-vision.po"
MSGID = (
    "A training need is a symptom; the strategy is the cause. A partner who sees only the request can "
    "deliver a good course. A partner who sees the strategy behind it can design the right programme."
)
HOSTILE = (
    "Et træningsbehov er et symptom<script>alert('pwned-po')</script>; strategien er årsagen "
    '<b onclick="pwned()">plugh</b>.{ onclick=pwned() }'
)
SAFE_MSGID = "Why strategy comes before the training need"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("safety") / "sample")
    po = polib.pofile(str(root / PO), wrapwidth=0)
    po.find(MSGID).msgstr = HOSTILE
    po.save()
    return root


def test_check_reports_the_unsafe_translation_at_its_po_line(hostile):
    run = run_glocal("-C", hostile, "check", "--format", "json")
    assert run.code == 1
    found = [
        (d["code"], d["path"], d["line"])
        for d in json.loads(run.out)["diagnostics"]
        if d["code"] in ("GL330", "GL331")
    ]
    line = po_entry_line(hostile / PO, MSGID)
    assert found == [("GL330", PO, line), ("GL331", PO, line)]
    text = run_glocal("-C", hostile, "check").out
    assert (
        f"{PO}:{line}:1: error GL331: translation adds an attribute list the source does not have: "
        "{ onclick=pwned() }; it is not published, the source text is shown"
    ) in text


def test_the_unsafe_translation_counts_as_untranslated(hostile, tmp_path):
    clean = copy_sample(tmp_path / "clean")
    before = {
        s["site"]: s["translated"]
        for s in json.loads(run_glocal("-C", clean, "check", "--format", "json").out)["sites"]
    }
    after = {
        s["site"]: s["translated"]
        for s in json.loads(run_glocal("-C", hostile, "check", "--format", "json").out)["sites"]
    }
    assert after["nordics/da"] < before["nordics/da"]
    assert after["nordics/en"] == before["nordics/en"]


def test_build_shows_the_marked_source_text_instead(hostile):
    run = run_glocal("-C", hostile, "build", "nordics/da")
    assert run.code in (0, 1), run.err  # 1: the catalog's errors; the site is still built
    page = (hostile / "site" / "nordics" / "da" / "modules" / "shared-vision.html").read_text(
        encoding="utf-8"
    )
    assert "pwned" not in page
    assert "plugh" not in page and "strategien er årsagen plugh" not in page
    fallback = re.search(r'<span class="glocal-fallback" lang="en"[^>]*>(.*?)</span>', page, re.S)
    assert fallback is not None and html.unescape(fallback.group(1)) == MSGID
    # the rest of the catalog is used: a safe translation of the same file is shown
    po = polib.pofile(str(hostile / PO), wrapwidth=0)
    assert po.find(SAFE_MSGID).msgstr in html.unescape(page)


# --------------------------------------------------------------------------------------------
# End to end: a link or image a translation adds (GL305) is not published either
# --------------------------------------------------------------------------------------------

ADDED_TARGETS = {  # (in the catalog's order)
    "Vision": "Vision: https://evil.example/bare",  # a bare URL: the sites show it as a link
    "Goals": "[Mål](https://evil.example/phish)",
    "Roles": "[Roller](/etc/passwd) ![x](../../../../../../etc/passwd)",
}


def test_a_link_or_image_a_translation_adds_is_gl305_and_never_published(tmp_path):
    """GL304-GL308 were errors in check while build published the translation: a table cell
    linked to a phishing page, an image to /etc/passwd."""
    root = copy_sample(tmp_path / "sample")
    po = polib.pofile(str(root / PO), wrapwidth=0)
    for msgid, msgstr in ADDED_TARGETS.items():
        po.find(msgid).msgstr = msgstr
    po.save()
    run = run_glocal("-C", root, "build", "nordics/da", "--format", "json")
    assert run.code == 1, run.err  # the catalog's errors; the site is still built
    found = [
        (d["code"], d["path"], d["line"])
        for d in json.loads(run.out)["diagnostics"]
        if d["severity"] == "error"
    ]
    assert found == [("GL305", PO, po_entry_line(root / PO, msgid)) for msgid in ADDED_TARGETS]
    page = (root / "site/nordics/da/modules/shared-vision.html").read_text(encoding="utf-8")
    assert "evil.example" not in page and "passwd" not in page
    for msgid in ADDED_TARGETS:
        assert re.search(rf'<span class="glocal-fallback" lang="en"[^>]*>{msgid}</span>', page), msgid
