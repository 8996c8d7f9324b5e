"""A translation that leaves a template tag open (`Luk {{ partnerne`) is GL307 at its catalog
entry and never published. Before, only closed tags were compared: the translation was published,
Jinja failed on it, and the failure was GL116 on the source module (a file every site is made of)
at a column of the translation, blocking all the project's sites, every language's."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import polib
import pytest

from conftest import FIXTURES, run_glocal
from glocal.i18n.apply import template_tags
from glocal.i18n.checks import placeholder_problems

SOURCE = "Good training partnerships start from the business strategy, not from a course catalogue."


@pytest.mark.parametrize(
    ("translation", "opener"),
    [
        ("Gode partnerskaber starter i {{ forretningsstrategien", "{{"),
        ("Gode partnerskaber {% starter i strategien", "{%"),
        ("Gode partnerskaber {## starter i strategien", "{##"),  # the sandbox's comment
        ("Gode {{ partnerskaber }} starter i {{", "{{"),  # one closed (also a change) and one open
    ],
)
def test_a_tag_left_open_is_a_changed_placeholder(translation, opener):
    assert opener in template_tags(translation)
    problems = placeholder_problems(SOURCE, translation)
    assert [code for code, _ in problems] == ["GL307"]
    assert problems[0][1].endswith(opener) or f"{opener}," in problems[0][1]


def test_the_sources_own_tags_kept_are_no_change():
    source = "Shared data falls under {{ vars.data_law }} {% if region.timezone %}here{% endif %}."
    translation = "Delte data er under {{vars.data_law}} {% if region.timezone %}her{% endif %}."
    assert placeholder_problems(source, translation) == []
    assert template_tags("Brug {x} og {y}") == []  # a brace is not a tag


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The `clean` fixture taught in Danish too, its Danish catalog made by `i18n update`."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "clean", root, ignore=shutil.ignore_patterns("expected*"))
    region = root / "toolkits/regions/north/region.yml"
    region.write_text(
        region.read_text(encoding="utf-8")
        .replace("languages: [en]", "languages: [en, da]")
        .replace("{en: en_GB}", "{en: en_GB, da: da_DK}"),
        encoding="utf-8",
    )
    assert run_glocal("-C", root, "i18n", "update", "--lang", "da").code in (0, 1)
    return root


def test_a_translation_leaving_a_tag_open_is_withheld_and_blocks_no_site(project: Path):
    po = polib.pofile(str(project / "locales/da/curriculum/modules/intro.po"))
    entry = next(e for e in po if e.msgid.startswith("Good training partnerships"))
    entry.msgstr = "Gode partnerskaber starter i {{ forretningsstrategien.\nPartnere deler data."
    po.save()

    found = json.loads(run_glocal("-C", project, "check", "--format", "json").out)
    diagnostics = [(d["code"], d["path"]) for d in found["diagnostics"] if d["severity"] == "error"]
    assert diagnostics == [("GL307", "locales/da/curriculum/modules/intro.po")]
    assert {site["site"]: site["status"] for site in found["sites"]}.keys() == {"north/en", "north/da"}
    assert all(site["status"] != "blocked" for site in found["sites"]), found["sites"]

    built = run_glocal("-C", project, "build")
    assert built.code == 1  # the catalog's error, reported; both sites built
    page = (project / "site/north/da/modules/intro.html").read_text(encoding="utf-8")
    assert "forretningsstrategien" not in page  # withheld: the source shown in its place
    assert "start from the business strategy" in page
    assert (project / "site/north/en/modules/intro.html").is_file()


def test_a_translation_reordering_its_tags_blocks_only_its_languages_sites(project: Path):
    """Tags kept but out of order (`{% endif %}` before `{% if %}`) pass the placeholder check, and
    Jinja fails on them: that is the catalog's problem (GL307 there), not the source module's, so
    the English site is built; the page would show the source text."""
    module = project / "curriculum/modules/intro.md"
    sentence = "Sessions run {% if region.timezone %}in {{ region.timezone }} time{% endif %}."
    module.write_text(
        module.read_text(encoding="utf-8").replace("# Introduction\n", f"# Introduction\n\n{sentence}\n"),
        encoding="utf-8",
    )
    assert run_glocal("-C", project, "i18n", "update", "--lang", "da").code in (0, 1)
    po = polib.pofile(str(project / "locales/da/curriculum/modules/intro.po"))
    entry = next(e for e in po if e.msgid == sentence)
    entry.msgstr = "Sessionerne {% endif %}kører i {{ region.timezone }}-tid{% if region.timezone %}."
    po.save()

    found = json.loads(run_glocal("-C", project, "check", "--format", "json").out)
    errors = [(d["code"], d["path"], d["line"]) for d in found["diagnostics"] if d["severity"] == "error"]
    assert errors == [("GL307", "locales/da/curriculum/modules/intro.po", 1)]
    message = next(d["message"] for d in found["diagnostics"] if d["code"] == "GL307")
    assert "curriculum/modules/intro.md makes its template fail" in message and "Sessionerne" in message
    status = {site["site"]: site["status"] for site in found["sites"]}
    assert status["north/en"] != "blocked" and status["north/da"] == "blocked"
