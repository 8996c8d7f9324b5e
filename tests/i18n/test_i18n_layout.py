"""No churn: `glocal i18n update` keeps each catalog the way the translator's tool saved it.

With no source change every catalog stays byte for byte as it was, whichever tool saved it (GNU
msgcat wrapping at 79 columns as Poedit does, `msgcat --no-wrap`, polib, Glocal, with or without a
header comment); when a source changes, only the entries that changed differ, written in the
catalog's own wrapping style, and the header comment is kept exactly.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from conftest import FIXTURES
from glocal.i18n import catalog, layout, workflow

CORPUS = FIXTURES / "corpus" / "po"
CATALOG = "locales/da/curriculum/modules/partners.po"
PARAGRAPH = "Without a shared vision, even excellent delivery solves the wrong problem"
DANISH = {
    "Working with training partners": "Samarbejde med træningspartnere",
    "Explain why a partner must understand the business strategy, not only the training need": (
        "Forklar, hvorfor en partner skal forstå forretningsstrategien og ikke kun træningsbehovet"
    ),
    "A training partnership rests on five pillars. This module covers the first: a shared vision of "
    "where the business is going and what the partnership is for.": (
        "Et træningspartnerskab hviler på fem søjler. Dette modul handler om den første: en fælles "
        "vision for, hvor forretningen er på vej hen, og hvad partnerskabet skal bruges til."
    ),
    "Without a shared vision, even excellent delivery solves the wrong problem, and nobody notices "
    "until the yearly review.": (
        "Uden en fælles vision løser selv fremragende levering det forkerte problem, og ingen opdager "
        "det før den årlige gennemgang."
    ),
}
OWN_COMMENT = (
    "# Danish translation of the partners module.\n#\n#   Reviewed by Anna, 2025.  \n# FIRST AUTHOR\n"
)

pytestmark = pytest.mark.skipif(shutil.which("msgcat") is None, reason="GNU gettext is not installed")


def msgcat(path: Path, *options: str) -> str:
    run = subprocess.run(
        ["msgcat", *options, "-o", "-", str(path)], capture_output=True, text=True, check=True
    )
    return run.stdout


def save_with(tool: str, path: Path) -> None:
    """Save the catalog at `path` the way a translator's tool would."""
    if tool.startswith("msgcat"):
        path.write_text(msgcat(path, *tool.split(",")[0].split()[1:]), encoding="utf-8")
    elif tool.startswith("polib"):
        polib.pofile(str(path)).save()  # wraps at 78 columns, polib's way
    if "no header comment" in tool:
        text = path.read_text(encoding="utf-8")
        path.write_text(text[text.index('msgid ""') :], encoding="utf-8")
    elif "own header comment" in tool:
        text = path.read_text(encoding="utf-8")
        path.write_text(OWN_COMMENT + text[text.index('msgid ""') :], encoding="utf-8")


TOOLS = [
    "glocal",
    "msgcat",
    "msgcat --no-wrap",
    "polib",
    "msgcat, no header comment",
    "polib, own header comment",
]


@pytest.fixture
def project(glocal, tmp_path) -> Path:
    """The catalog-styles project with its Danish catalog created and partly translated by Glocal."""
    root = Path(shutil.copytree(FIXTURES / "catalog-styles", tmp_path / "project"))
    assert glocal("-C", root, "i18n", "update").code == 0
    po, _ = catalog.read(root / CATALOG, CATALOG)
    for entry in po:
        entry.msgstr = DANISH.get(entry.msgid, "")
    catalog.write(root / CATALOG, po)
    return root


def blocks_changed(before: str, after: str) -> list[tuple[list[str], list[str]]]:
    """The entries (blank-line separated blocks) that differ: (old blocks, new blocks) per change."""
    old, new = before.split("\n\n"), after.split("\n\n")
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [(old[a:b], new[c:d]) for op, a, b, c, d in matcher.get_opcodes() if op != "equal"]


@pytest.mark.parametrize("tool", TOOLS)
def test_update_without_a_source_change_leaves_the_catalog_byte_identical(glocal, project, tool):
    path = project / CATALOG
    save_with(tool, path)
    before = path.read_bytes()
    result = glocal("-C", project, "i18n", "update")
    assert result.code == 0, result.err
    assert path.read_bytes() == before
    assert "updated" not in result.out


def test_a_catalog_with_crlf_line_ends_is_not_rewritten_by_an_update(glocal, project):
    """A catalog saved with CRLF line ends (a Windows tool) was rewritten byte for byte as it was,
    and reported updated, by every update: its text was compared with LF line ends."""
    path = project / CATALOG
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    before = path.read_bytes()
    os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    for _ in range(2):
        result = glocal("-C", project, "i18n", "update")
        assert result.code == 0, result.err
        assert "updated" not in result.out
        assert path.read_bytes() == before
        assert path.stat().st_mtime_ns == 1_000_000_000_000_000_000


@pytest.mark.parametrize("tool", TOOLS)
def test_a_source_edit_rewrites_only_its_entry_in_the_catalogs_own_style(glocal, project, tool):
    path = project / CATALOG
    save_with(tool, path)
    before = path.read_text(encoding="utf-8")
    module = project / "curriculum/modules/partners.md"
    module.write_text(module.read_text(encoding="utf-8").replace("even excellent", "even brilliant"), "utf-8")
    assert glocal("-C", project, "i18n", "update").code == 0
    after = path.read_text(encoding="utf-8")

    [(old, new)] = blocks_changed(before, after)  # one entry changed, nothing else
    assert len(old) == len(new) == 1 and PARAGRAPH in old[0]
    [entry] = [e for e in polib.pofile(after) if "even brilliant" in e.msgid]
    assert (entry.flags, entry.previous_msgid[: len(PARAGRAPH)], entry.msgstr) == (
        ["fuzzy"],
        PARAGRAPH,
        DANISH[entry.previous_msgid],
    )
    # the header comment, or its absence, exactly as it was (no lone `#` line)
    assert after[: after.index('msgid ""')] == before[: before.index('msgid ""')]
    if tool.startswith("msgcat --no-wrap") or tool == "glocal":
        assert not layout.wrapped(after) and after == msgcat(path, "--no-wrap")
    elif tool.startswith("msgcat"):
        assert layout.wrapped(after) and after == msgcat(path)  # wrapped at 79, exactly as GNU wraps
    else:  # polib wrapped the rest its own way; the changed entry is wrapped at 79 as GNU wraps
        assert new[0] in msgcat(path)


def test_a_header_change_keeps_the_header_comment_and_the_unchanged_entries(tmp_path):
    path = Path(shutil.copyfile(CORPUS / "python-docs-fr/library/csv.po", tmp_path / "csv.po"))
    before = path.read_text(encoding="utf-8")
    po, _ = catalog.read(path, "csv.po", keep_layout=True)
    po.metadata["Last-Translator"] = "Anna Jensen <anna@example.org>"
    po[3].msgstr = po[3].msgstr + " (revu)"
    assert catalog.write(path, po)
    after = path.read_text(encoding="utf-8")
    changes = blocks_changed(before, after)
    assert [len(old) for old, _ in changes] == [1, 1]
    header, entry = changes
    assert "Last-Translator: Anna Jensen <anna@example.org>" in header[1][0]
    assert header[1][0].startswith(before[: before.index('msgid ""')])  # the header comment as it was
    assert "(revu)" in entry[1][0] and msgcat(path) == after  # the catalog's own (GNU, 79) wrapping


CORPUS_FILES = sorted(p for p in CORPUS.rglob("*.po"))


@pytest.mark.parametrize("original", CORPUS_FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_merging_a_real_catalog_with_its_own_template_changes_no_byte(tmp_path, original):
    path = Path(shutil.copyfile(original, tmp_path / original.name))
    po, _ = catalog.read(path, original.name)
    catalog.write(tmp_path / "same.pot", catalog.template("x", "1", catalog.template_entries(po)))
    assert [d.code for d in workflow.merge_file(tmp_path, original.name, "same.pot", original.name)] in (
        [],
        ["GL302"] * 4,  # Django's catalogs: 3 forms, 2 declared (reported, kept)
        ["GL302"] * 15,
    )
    assert path.read_bytes() == original.read_bytes()


def test_wrapping_style_is_detected_from_the_text():
    assert layout.wrapped(msgcat(CORPUS / "sphinx-9.0.4/fr-sphinx.po"))
    assert not layout.wrapped(msgcat(CORPUS / "python-docs-fr/glossary.po", "--no-wrap"))
    assert layout.wrapped((CORPUS / "sandpaper-ui/R-ja.po").read_text(encoding="utf-8"))  # wide characters
    assert not layout.wrapped('msgid ""\nmsgstr ""\n\nmsgid "Short"\nmsgstr "Kort"\n')  # no evidence
