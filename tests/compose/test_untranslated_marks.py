"""Untranslated text Glocal writes into generated pages is marked as the source's, as every
untranslated text of a module is: the home page's day plan, the notes page's headings and the
certification overview (competencies, rubric, requirements) showed English on a Norwegian or
Arabic site with no mark, while the same titles were marked in the navigation."""

from __future__ import annotations

import re

from conftest import TINY_CERTIFICATION as CERTIFICATION
from conftest import copy_sample
from glocal.compose import ttt
from glocal.i18n.ui import labels_for

MARK = re.compile(r'<span class="glocal-fallback" lang="en" dir="ltr" title="[^"]*">([^<]*)</span>')


def test_the_certification_overview_marks_what_it_shows_untranslated():
    def translated(text: str) -> tuple[str, str]:
        return (text, "en") if text in ("Partnering", "Developing", "b", "Opening") else (f"{text} (nb)", "")

    markdown = ttt.overview(
        CERTIFICATION, translated, labels_for("nb"), "nb_NO", {"intro": "Intro"}, {"intro": "en"}
    )
    assert set(MARK.findall(markdown)) == {"Partnering", "Developing", "b", "Opening", "Intro"}
    assert "- **" + MARK.search(markdown).group(0) + "** (`partnering`)" in markdown  # the competency
    assert "Not yet (nb)" in markdown and "a (nb)" in markdown  # translated: as they are
    assert MARK.findall(markdown).count("Partnering") == 2  # the list and the criterion's row


def test_the_overview_escapes_what_it_marks(tmp_path):
    markdown = ttt.overview(
        CERTIFICATION,
        lambda text: ("<b>x</b> | y", "en"),
        labels_for("da"),
        "da_DK",
        {"intro": "<i>"},
        {"intro": "en"},
    )
    assert "<b>" not in markdown and "<i>" not in markdown
    assert "&lt;b&gt;x&lt;/b&gt; \\| y" in markdown  # a table cell's pipe escaped too


def test_the_home_page_and_the_notes_page_mark_an_untranslated_module_title(tmp_path):
    from conftest import run_glocal

    root = copy_sample(tmp_path / "sample")
    catalog = root / "locales/da/curriculum/modules/co-creation.po"
    text = catalog.read_text(encoding="utf-8")
    title = 'msgid "Co-creation: designing with, not for"'
    assert title in text
    catalog.write_text(text.replace(title, "#, fuzzy\n" + title, 1), encoding="utf-8")
    assert run_glocal("-C", root, "build", "nordics/da").code in (0, 1)
    site = root / "site/nordics/da"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(
        r'<a href="modules/co-creation.html"><span class="glocal-fallback" lang="en" dir="ltr" '
        r'title="[^"]+">Co-creation: designing with, not for</span></a>',
        home,
    )
    notes = (site / "notes.html").read_text(encoding="utf-8")
    assert re.search(
        r'<h2 id="[^"]+">\S+ <span class="glocal-fallback" lang="en"[^>]*>Co-creation: designing', notes
    )
