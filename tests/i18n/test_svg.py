"""Localized diagrams (issue 12, item 9): the text of `curriculum/assets/*.svg` goes into catalogs
like any other segment, and each site publishes the SVG in its own language and direction, with
the untranslated labels kept and marked; a hostile SVG is refused with GL334."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import polib

from conftest import FIXTURES, run_glocal
from glocal.i18n import svg

DIAGRAM = """\
<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 120" role="img">
  <title>Two steps &amp; a goal</title>
  <desc>Step one leads to step two.</desc>
  <rect width="300" height="120" fill="#fff"/>
  <text x="60" y="40" text-anchor="middle">Plan</text>
  <text x="150" y="40" text-anchor="middle" class="label"><tspan x="150">Do it</tspan>
    <tspan x="150" dy="18">together</tspan></text>
  <text x="240" y="40">3</text>
  <!-- a comment: not a message -->
  <text x="240" y="80">Goal <tspan font-weight="700">reached</tspan></text>
</svg>
"""
MESSAGES = [
    ("Two steps & a goal", 2, "diagram title"),
    ("Step one leads to step two.", 3, "diagram description"),
    ("Plan", 5, "diagram label"),
    ("Do it\ntogether", 6, "diagram label in 2 lines: one line of the translation per line"),
    ("Goal", 10, "diagram label"),
    ("reached", 10, "diagram label"),
]
DANISH = {
    "Two steps & a goal": "To trin & et mål",
    "Step one leads to step two.": "Trin et fører til trin to.",
    "Do it\ntogether": "Gør det\nsammen",
    "Goal": "Mål",
    "reached": "nået",
}  # "Plan" left untranslated: it falls back


def test_the_text_of_an_svg_is_its_messages_in_document_order():
    assert svg.messages(DIAGRAM.encode()) == MESSAGES  # "3" alone is no message, nor the comment


def test_a_translated_svg_changes_only_its_text_and_marks_what_falls_back():
    source = DIAGRAM.encode()
    out = svg.localize(source, DANISH.get, "da", "ltr", "en").decode()
    assert '<svg xml:lang="da" xmlns="http://www.w3.org/2000/svg"' in out
    assert "<title>To trin &amp; et mål</title>" in out
    assert '<tspan x="150">Gør det</tspan>\n    <tspan x="150" dy="18">sammen</tspan>' in out
    assert '<text x="240" y="80">Mål <tspan font-weight="700">nået</tspan></text>' in out  # spacing kept
    # untranslated: the source text stays, marked, in its own language
    assert '<text class="glocal-fallback" xml:lang="en" x="60" y="40" text-anchor="middle">Plan</text>' in out
    # everything else byte for byte
    expected = (
        DIAGRAM.replace("<svg xmlns", '<svg xml:lang="da" xmlns')
        .replace("Two steps &amp; a goal", "To trin &amp; et mål")
        .replace("Step one leads to step two.", "Trin et fører til trin to.")
        .replace('<text x="60"', '<text class="glocal-fallback" xml:lang="en" x="60"')
        .replace(">Do it<", ">Gør det<")
        .replace(">together<", ">sammen<")
        .replace(">Goal <", ">Mål <")
        .replace(">reached<", ">nået<")
    )
    assert out == expected
    # a translation with more lines than the drawing has: the rest joins the last line
    three = svg.localize(source, {"Do it\ntogether": "a\nb\nc"}.get, "da", "ltr", "en").decode()
    assert '<tspan x="150">a</tspan>\n    <tspan x="150" dy="18">b c</tspan>' in three
    # a label that has a class keeps it: the mark is a data attribute
    assert (
        '<text data-glocal-fallback="" xml:lang="en" x="150"'
        in svg.localize(source, {}.get, "da", "ltr", "en").decode()
    )


def test_a_right_to_left_site_gets_the_direction_and_the_fallback_keeps_its_own():
    out = svg.localize(DIAGRAM.encode(), {"Plan": "خطة"}.get, "ar", "rtl", "en").decode()
    assert '<svg xml:lang="ar" direction="rtl" xmlns=' in out
    assert '<text x="60" y="40" text-anchor="middle">خطة</text>' in out
    assert '<desc class="glocal-fallback" xml:lang="en" direction="ltr">' in out
    # an xml:lang already on the root is replaced, not doubled
    tagged = DIAGRAM.replace("<svg xmlns", '<svg xml:lang="en" xmlns').encode()
    assert svg.localize(tagged, {}.get, "ar", "rtl", "en").decode().count("xml:lang=") == 7
    assert b'<svg xml:lang="ar" direction="rtl" xmlns=' not in svg.localize(tagged, {}.get, "ar", "rtl", "en")
    assert b'<svg direction="rtl" xml:lang="ar" xmlns=' in svg.localize(tagged, {}.get, "ar", "rtl", "en")


HOSTILE = {
    "billion laughs": (
        '<?xml version="1.0"?>\n<!DOCTYPE svg [\n <!ENTITY a "haha">\n <!ENTITY b "&a;&a;&a;&a;">\n]>\n'
        '<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>\n',
        "a DOCTYPE with an internal subset",
        2,
    ),
    "external entity": (
        '<svg xmlns="http://www.w3.org/2000/svg">\n<text>&xxe;</text></svg>\n',
        "not well-formed XML: undefined entity",
        2,
    ),
    "skipped entity": (
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        '<svg xmlns="http://www.w3.org/2000/svg"><text>&nbsp;</text></svg>\n',
        "refers to the entity &nbsp; which is never expanded",
        2,
    ),
    "not xml": ("<svg><text>open</svg>\n", "not well-formed XML: mismatched tag", 1),
}


def test_hostile_svgs_are_refused_with_a_diagnostic():
    for name, (text, message, line) in HOSTILE.items():
        found = svg.problem(text.encode(), "curriculum/assets/x.svg")
        assert found is not None, name
        assert found.code == "GL334" and message in found.message, (name, found)
        assert found.to_json()["line"] == line, (name, found)
        assert svg.messages(text.encode()) == []
        assert svg.localize(text.encode(), {}.get, "da", "ltr", "en") == text.encode()  # published as it is
    huge = b"<svg>" + b" " * svg.MAX_BYTES + b"</svg>"
    assert "larger than" in svg.problem(huge, "big.svg").message  # type: ignore[union-attr]
    assert svg.problem(DIAGRAM.encode(), "ok.svg") is None


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "golden-site" / "project", project)
    (project / "curriculum" / "assets").mkdir()
    (project / "curriculum" / "assets" / "steps.svg").write_text(DIAGRAM, encoding="utf-8")
    return project


def test_update_extracts_the_diagram_and_each_site_publishes_it_in_its_language(tmp_path):
    project = _project(tmp_path)
    assert run_glocal("-C", project, "i18n", "update").code == 0
    template = polib.pofile(str(project / "locales/templates/curriculum/assets/steps.pot"))
    assert [(e.msgid, e.occurrences, e.comment) for e in template] == [
        (msgid, [("curriculum/assets/steps.svg", str(line + 1))], comment)
        for msgid, line, comment in MESSAGES
    ]
    catalog_path = project / "locales/da/curriculum/assets/steps.po"
    danish = polib.pofile(str(catalog_path))
    for entry in danish:
        entry.msgstr = DANISH.get(entry.msgid, "")
    danish.save()
    built = run_glocal("-C", project, "build", "-j", "1")
    assert built.code == 0, built.out
    site = project / "site" / "south"
    assert (site / "en" / "assets" / "steps.svg").read_text(encoding="utf-8") == DIAGRAM  # the source's bytes
    published = (site / "da" / "assets" / "steps.svg").read_text(encoding="utf-8")
    assert published == svg.localize(DIAGRAM.encode(), DANISH.get, "da", "ltr", "en").decode()
    source = project / "curriculum" / "assets" / "steps.svg"
    assert source.read_text(encoding="utf-8") == DIAGRAM
    # a staged copy that is still a link to the source (staged by an older Glocal) is replaced,
    # never written through
    staged = project / ".glocal" / "build" / "south" / "da" / "docs" / "assets" / "steps.svg"
    staged.unlink()
    os.link(source, staged)
    danish = polib.pofile(str(catalog_path))
    danish.find("Plan").msgstr = "Planlæg"
    danish.save()
    assert run_glocal("-C", project, "build", "-j", "1").code == 0
    assert source.read_text(encoding="utf-8") == DIAGRAM
    assert ">Planlæg</text>" in (site / "da" / "assets" / "steps.svg").read_text(encoding="utf-8")


def test_check_reports_a_hostile_diagram(tmp_path):
    project = _project(tmp_path)
    text, message, line = HOSTILE["billion laughs"]
    (project / "curriculum" / "assets" / "laughs.svg").write_text(text, encoding="utf-8")
    checked = run_glocal("-C", project, "check", "--format", "json")
    found = [d for d in json.loads(checked.out)["diagnostics"] if d["code"] == "GL334"]
    assert len(found) == 1 and found[0]["path"] == "curriculum/assets/laughs.svg", found
    assert found[0]["line"] == line and message in found[0]["message"]
    assert checked.code == 1


def test_check_reports_a_broken_or_oversized_diagram_catalog(tmp_path):
    """A diagram's catalog is read by the catalogs' check, not by composing a page: its problems
    reading it (a PO syntax error; over the size its diagram allows, GL014) were lost."""
    project = _project(tmp_path)
    assert run_glocal("-C", project, "i18n", "update").code == 0
    relpath = "locales/da/curriculum/assets/steps.po"
    catalog_path = project / relpath
    lines = catalog_path.read_text(encoding="utf-8").count("\n")
    with catalog_path.open("a", encoding="utf-8") as handle:
        handle.write('\nmsgid "broken\nmsgstr "x"\n')
    found = json.loads(run_glocal("-C", project, "check", "--format", "json").out)["diagnostics"]
    assert [(d["code"], d["line"]) for d in found if d["path"] == relpath and d["severity"] == "error"] == [
        ("GL318", lines + 2)
    ]
    with catalog_path.open("a", encoding="utf-8") as handle:  # 20 × the diagram and 256 KiB, passed
        handle.write("# padding\n" * 30_000)
    found = json.loads(run_glocal("-C", project, "check", "--format", "json").out)["diagnostics"]
    [problem] = [d for d in found if d["path"] == relpath and d["severity"] == "error"]
    assert problem["code"] == "GL014" and "for a catalog of a" in problem["message"], problem
