"""Further pages (program.yml's `pages:`): a setup, a glossary, instructor notes.

Each is on every site at its place under `curriculum/`, after the modules in the navigation,
translated by its own catalog (`locales/<lang>/curriculum/<page>.po`) as a module is: a
translated paragraph is shown, an untranslated one is marked as a fallback. An error in a page
keeps every site from being built, as one in a module does. Built with MkDocs from a small
project with an English and a Danish site; the Danish catalog is edited with polib.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from conftest import run_glocal
from glocal.load import load_project

PROGRAM = """id: demo
title: Demo
source_language: en
modules: [practice]
pages:
  - learners/setup.md
  - learners/glossary.md
  - instructors/notes-for-trainers.md
"""
MODULE = """---
id: practice
title: Practice
duration: 60
---

# Practice

Before the first session, follow the [setup](../learners/setup.md); the
[glossary](../learners/glossary.md#partner) explains the words.
"""
SETUP = """---
title: Setup
---

Bring a laptop with a web browser.

::: callout
Print the [checklist](../assets/checklist.txt) and read the [module](../modules/practice.md).
:::
"""
GLOSSARY = """# The *partner* glossary

## Partner

An organisation that trains with you for years.
"""
TRAINERS = "Keep the first session short.\n"
REGION = "id: north\nname: North\nlanguages: [en, da]\nsource_language: en\n"


def _project(root: Path) -> Path:
    files = {
        "curriculum/program.yml": PROGRAM,
        "curriculum/modules/practice.md": MODULE,
        "curriculum/learners/setup.md": SETUP,
        "curriculum/learners/glossary.md": GLOSSARY,
        "curriculum/instructors/notes-for-trainers.md": TRAINERS,
        "curriculum/assets/checklist.txt": "laptop\n",
        "toolkits/regions/north/region.yml": REGION,
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_a_pages_title_is_its_front_matter_title_else_its_heading_else_its_file_name(tmp_path):
    project, diagnostics = load_project(_project(tmp_path))
    assert [d for d in diagnostics if d.level.name == "ERROR"] == []
    titles = {path: page.title for path, page in project.pages.items()}
    assert titles == {
        "learners/setup.md": "Setup",
        "learners/glossary.md": "The partner glossary",  # its heading's text
        "instructors/notes-for-trainers.md": "Notes for trainers",
    }
    assert list(project.pages) == [
        "learners/setup.md",
        "learners/glossary.md",
        "instructors/notes-for-trainers.md",
    ]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = _project(tmp_path_factory.mktemp("pages"))
    assert run_glocal("-C", root, "i18n", "update", "--lang", "da").code in (0, 1)
    catalog_path = root / "locales/da/curriculum/learners/setup.po"
    catalog = polib.pofile(str(catalog_path))
    translations = {
        "Setup": "Forberedelse",
        "Bring a laptop with a web browser.": "Tag en bærbar med en browser.",
    }
    for entry in catalog:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
    assert {e.msgid for e in catalog if e.msgstr} == set(translations)  # both are messages
    catalog.save(str(catalog_path))
    glossary = polib.pofile(str(root / "locales/da/curriculum/learners/glossary.po"))
    glossary.find("The *partner* glossary").msgstr = "Ordliste for *partnere*"
    glossary.save()
    done = run_glocal("-C", root, "build")
    assert done.code == 0, done.out + done.err
    return root / "site/north"


def _article(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    return html[html.index("<article") : html.index("</article>")]


def test_each_page_is_on_every_site_at_its_place(built):
    for language in ("en", "da"):
        for page in ("learners/setup", "learners/glossary", "instructors/notes-for-trainers"):
            assert (built / language / f"{page}.html").is_file(), (language, page)
    setup = _article(built / "en/learners/setup.html")
    assert '<h1 id="setup">Setup' in setup  # its title, as a heading: the page has none
    assert '<div class="admonition info">' in setup  # its container, rendered as a module's
    assert 'href="../assets/checklist.txt"' in setup and 'href="../modules/practice.html"' in setup
    glossary = _article(built / "en/learners/glossary.html")
    assert glossary.count("<h1") == 1  # its own heading, not the title again
    module = _article(built / "en/modules/practice.html")
    assert 'href="../learners/setup.html"' in module and 'href="../learners/glossary.html#partner"' in module


def test_the_pages_are_listed_after_the_modules_under_their_own_heading(built):
    for language, label, setup in (("en", "Resources", "Setup"), ("da", "Ressourcer", "Forberedelse")):
        home = (built / language / "index.html").read_text(encoding="utf-8")
        nav = home[home.index('<nav class="md-nav md-nav--primary"') :]
        assert re.search(rf">\s*{label}\s*<", nav), language
        modules = re.search(r'href="modules/practice.html"', nav)
        first_page = re.search(r'href="learners/setup.html"', nav)
        assert modules and first_page and modules.start() < first_page.start(), language
        assert re.search(rf'href="learners/setup.html"[^>]*>\s*<span class="md-ellipsis">\s*{setup}', nav)


def test_a_page_titled_by_its_heading_is_listed_by_its_heading_as_the_site_shows_it(built):
    for language, title in (("en", "The partner glossary"), ("da", "Ordliste for partnere")):
        home = (built / language / "index.html").read_text(encoding="utf-8")
        assert re.search(
            rf'href="learners/glossary.html"[^>]*>\s*<span class="md-ellipsis">\s*{title}\s*<', home
        )
    page = (built / "da/learners/glossary.html").read_text(encoding="utf-8")
    assert "<title>Ordliste for partnere" in page
    assert "<em>partnere</em>" in _article(built / "da/learners/glossary.html")


def test_a_page_is_translated_by_its_catalog_and_marked_where_it_is_not(built):
    setup = _article(built / "da/learners/setup.html")
    assert '<h1 id="forberedelse">Forberedelse' in setup  # its title, translated
    assert "<p>Tag en bærbar med en browser.</p>" in setup
    assert "Bring a laptop" not in setup
    # the callout's text has no translation yet: shown in English, marked as such
    assert re.search(r'<span class="glocal-fallback" lang="en"[^>]*>Print the <a', setup)
    glossary = _article(built / "da/learners/glossary.html")
    assert re.search(r'<span class="glocal-fallback" lang="en"[^>]*>An organisation', glossary)


def test_a_pages_other_front_matter_keys_are_ignored_with_a_note(tmp_path):
    # a Carpentries page's own keys (instructor-training's `calendar:`), which sandpaper ignores
    root = _project(tmp_path)
    (root / "curriculum/learners/setup.md").write_text(
        SETUP.replace("title: Setup\n", "title: Setup\ncalendar: yes\n"), encoding="utf-8"
    )
    project, diagnostics = load_project(root)
    assert project.pages["learners/setup.md"].title == "Setup"
    found = [(d.code, d.level.value, d.span.line) for d in diagnostics if d.span.path.endswith("setup.md")]
    assert found == [("GL102", "info", 2)]


def test_an_error_in_a_page_keeps_every_site_from_being_built(tmp_path):
    root = _project(tmp_path)
    (root / "curriculum/learners/setup.md").write_text(SETUP.replace("\n:::\n", "\n"), encoding="utf-8")
    done = run_glocal("-C", root, "build")
    assert done.code == 1
    assert re.search(r"^curriculum/learners/setup\.md:\d+:1: error GL109: ", done.err, re.M), done.err
    assert not (root / "site/north/en/index.html").exists()
    assert not (root / "site/north/da/index.html").exists()


def test_explain_tells_where_each_block_of_a_page_comes_from(built):
    explained = run_glocal("-C", built.parent.parent, "explain", "north/da", "learners/setup.md")
    assert explained.code == 0, explained.err
    blocks = explained.out.split("\n\n")
    source = "curriculum/learners/setup.md"
    assert blocks[1].splitlines()[:2] == ["Forberedelse", f"    core heading at {source}:2"]
    assert "translated at locales/da/curriculum/learners/setup.po:" in blocks[1]
    assert blocks[3].splitlines()[1] == f"    generated by Glocal for {source}:7 (callout block)"
    assert "fallback at locales/da/curriculum/learners/setup.po:" in blocks[4]
