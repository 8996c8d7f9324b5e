"""`glocal import workbench LESSON --translation`: a translated lesson as fuzzy catalog entries.

The programme is imported from tests/fixtures/workbench/lesson (English); lesson-es is its
Spanish translation, made from an older version: its loops episode has no caution box, its setup
page no callout, its navigating episode is named navegar.md (and has no callout, hint or
discussion), and it has an episode of its own (historia.md) that the English lesson lacks.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest

from conftest import FIXTURES, run_glocal

LESSON = FIXTURES / "workbench" / "lesson"
SPANISH = FIXTURES / "workbench" / "lesson-es"
LOOPS = Path("locales/es/curriculum/modules/loops.po")
SETUP = Path("locales/es/curriculum/learners/setup.po")


@pytest.fixture
def project(tmp_path) -> Path:
    """The English lesson's programme with a Spanish-speaking region; the Spanish lesson beside it."""
    shutil.copytree(LESSON, tmp_path / "lesson")
    shutil.copytree(SPANISH, tmp_path / "lesson-es")
    root = tmp_path / "project"
    assert run_glocal("import", "workbench", tmp_path / "lesson", "--into", root).code == 0
    assert run_glocal("-C", root, "new", "region", "latam", "--languages", "es").code == 0
    return root


def _translate(root: Path, *extra) -> object:
    return run_glocal("-C", root, "import", "workbench", root.parent / "lesson-es", "--translation", *extra)


def _entries(path: Path) -> dict[str, polib.POEntry]:
    return {entry.msgid: entry for entry in polib.pofile(str(path)) if entry.msgid}


def test_each_message_takes_the_translation_it_aligns_with_as_fuzzy(project):
    done = _translate(project)
    assert done.code == 0, done.err
    assert "curriculum/modules/loops.md: 16 of 17 message(s) from lesson-es/episodes/loops.md" in done.out
    assert "curriculum/learners/setup.md: 7 of 9 message(s) from lesson-es/learners/setup.md" in done.out
    loops = _entries(project / LOOPS)
    expected = {
        "Repeating Commands with Loops": "Repetir órdenes con bucles",
        "A first loop": "Un primer bucle",
        "What does this loop print?": "¿Qué imprime este bucle?",
        "Each number on its own line: `1`, `2`, then `3`.": (
            "Cada número en su propia línea: `1`, `2` y después `3`."
        ),
        "What about `while`?": "¿Y `while`?",
        "`$thing` inside the loop is the current item.": "Dentro del bucle, `$cosa` es el elemento actual.",
        "The loop runs its body once per file": "El bucle ejecuta su cuerpo una vez por archivo",  # a caption
        "A flow chart: take the next file name, run head on it, go back while names remain.": (
            "Un diagrama de flujo: tomar el siguiente nombre de archivo, ejecutar head sobre él y volver "
            "mientras queden nombres."
        ),
    }
    for msgid, msgstr in expected.items():
        assert loops[msgid].msgstr == msgstr
        assert "fuzzy" in loops[msgid].flags  # a suggestion: no site shows it until it is reviewed
    # the prereq's links are the programme's (rebased by the import), in both languages
    prereq = next(e for m, e in loops.items() if m.startswith("Download [the survey data]"))
    assert "[preparación](../learners/setup.md)" in prereq.msgstr
    assert "[Navegar](navigating.md)" in prereq.msgstr
    # the caution box the Spanish lesson does not have is left for a translator
    caution = next(e for m, e in loops.items() if m.startswith("A loop over `*`"))
    assert caution.msgstr == "" and "fuzzy" not in caution.flags
    setup = _entries(project / SETUP)
    assert setup["Practice files"].msgstr == "Archivos de práctica"
    assert setup["A folder that appears twice"].msgstr == ""  # the callout, newer than the translation
    program = _entries(project / "locales/es/curriculum/program.po")
    assert program["Finding Your Way in the Shell"].msgstr == "Orientarse en la shell"
    assert "lesson-es but not in the programme, so not used: episodes/historia.md" in done.out


def test_a_file_renamed_in_the_translation_is_paired_by_its_content(project):
    done = _translate(project)
    assert done.code == 0, done.err
    assert "curriculum/modules/navigating.md is lesson-es/episodes/navegar.md" in done.out
    assert (
        "curriculum/modules/navigating.md: 17 of 24 message(s) from lesson-es/episodes/navegar.md" in done.out
    )
    navigating = _entries(project / "locales/es/curriculum/modules/navigating.po")
    assert navigating["Where am I?"].msgstr == "¿Dónde estoy?"
    assert navigating["Relative or absolute?"].msgstr == "¿Relativa o absoluta?"
    assert navigating["Tab completion"].msgstr == ""  # the callout the translation does not have
    assert navigating["`cd ..`"].msgstr == ""  # the same in both: nothing to suggest
    assert '`..` always means "the folder above this one".' in navigating  # the hint: not translated
    assert navigating['`..` always means "the folder above this one".'].msgstr == ""
    # an episode of the translation's own is not taken for another module, nor for a page
    assert "historia" not in (project / "locales/es/curriculum/modules/introduction.po").read_text(
        encoding="utf-8"
    )
    notes = project / "locales/es/curriculum/instructors/instructor-notes.po"
    assert all(not entry.msgstr for entry in polib.pofile(str(notes)) if entry.msgid)


def test_each_suggestion_names_the_line_it_came_from(project):
    assert _translate(project).code == 0
    spanish = (SPANISH / "episodes" / "loops.md").read_text(encoding="utf-8").splitlines()
    checked = 0
    for entry in _entries(project / LOOPS).values():
        if not entry.msgstr:
            continue
        found = re.search(r"glocal: aligned with lesson-es/episodes/loops\.md, line (\d+)", entry.tcomment)
        assert found, entry.tcomment
        assert entry.msgstr.split("\n")[0] in spanish[int(found.group(1)) - 1]
        checked += 1
    assert checked == 16


def test_nothing_translated_is_changed_and_a_second_run_writes_nothing(project):
    assert run_glocal("-C", project, "i18n", "update", "--lang", "es").code == 0
    po = polib.pofile(str(project / LOOPS))
    po.find("A first loop").msgstr = "Nuestro primer bucle"  # a translator's own, reviewed
    po.save()
    assert _translate(project).code == 0
    loops = _entries(project / LOOPS)
    assert loops["A first loop"].msgstr == "Nuestro primer bucle"
    assert "fuzzy" not in loops["A first loop"].flags and not loops["A first loop"].tcomment
    assert loops["What does this loop print?"].msgstr == "¿Qué imprime este bucle?"
    before = {p: p.read_bytes() for p in (project / "locales").rglob("*.po*")}
    again = _translate(project)
    assert again.code == 0
    assert "0 of 52 message(s) in es now have a suggested translation" in again.out
    assert "updated" not in again.out and "created" not in again.out
    assert {p: p.read_bytes() for p in (project / "locales").rglob("*.po*")} == before


def test_a_reviewed_suggestion_is_published_and_an_unreviewed_one_is_not(project):
    assert _translate(project).code == 0
    po = polib.pofile(str(project / LOOPS))
    po.find("A first loop").flags.remove("fuzzy")  # the translator accepts this one only
    po.save()
    built = run_glocal("-C", project, "build", "latam/es")
    assert built.code in (0, 1), built.err  # a draft site (little is translated) is still built
    page = (project / "site" / "latam" / "es" / "modules" / "loops.html").read_text(encoding="utf-8")
    assert "Un primer bucle" in page
    assert "What does this loop print?" in page and "¿Qué imprime este bucle?" not in page


def test_a_catalog_with_an_error_is_left_as_it_is(project):
    assert run_glocal("-C", project, "i18n", "update", "--lang", "es").code == 0
    broken = project / LOOPS
    broken.write_text(broken.read_text(encoding="utf-8") + '\nmsgid "unclosed\n', encoding="utf-8")
    before = broken.read_bytes()
    done = _translate(project)
    assert done.code == 2
    assert str(LOOPS) in done.err
    assert broken.read_bytes() == before
    assert (
        _entries(project / SETUP)["Practice files"].msgstr == "Archivos de práctica"
    )  # the others are filled


def test_the_translations_language_must_be_a_regions_other_than_the_source(project, tmp_path):
    same = _translate(project, "--lang", "en")
    assert same.code == 2 and "GL128" in same.err and "source language" in same.err
    english = run_glocal("-C", project, "import", "workbench", tmp_path / "lesson", "--translation")
    assert english.code == 2 and "GL128" in english.err
    unknown = _translate(project, "--lang", "de")
    assert unknown.code == 2 and "GL128" in unknown.err
    assert "glocal new region ID --languages de" in unknown.err
    assert not (project / "locales" / "es").exists() and not (project / "locales" / "de").exists()


def test_a_lesson_translated_on_crowdin_is_in_the_language_its_folder_names(project):
    """Crowdin writes each language's copy of a lesson to `locale/<lang>/`, its config.yaml copied
    with the source's `lang: en`."""
    crowdin = project.parent / "crowdin" / "locale" / "es"
    shutil.copytree(project.parent / "lesson-es", crowdin)
    config = crowdin / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("lang: es", "lang: en"), encoding="utf-8")
    done = run_glocal("-C", project, "import", "workbench", crowdin, "--translation")
    assert done.code == 0, done.err
    assert "curriculum/modules/loops.md: 16 of 17 message(s) from locale/es/episodes/loops.md" in done.out
    assert _entries(project / LOOPS)["A first loop"].msgstr == "Un primer bucle"


def test_lang_goes_with_translation_and_translation_not_with_update(project):
    alone = run_glocal("-C", project, "import", "workbench", project.parent / "lesson-es", "--lang", "es")
    assert alone.code == 2 and "--lang goes with --translation" in alone.err
    both = _translate(project, "--update")
    assert both.code == 2 and "--translation and --update" in both.err
    assert not (project / "locales" / "es").exists()


def test_an_episode_is_never_taken_for_a_page(project):
    """The translation of the instructor notes, written as an episode of the Spanish lesson, is not
    the translation of the programme's instructor notes page: episodes translate modules."""
    spanish = project.parent / "lesson-es"
    (spanish / "episodes" / "notas.md").write_text(
        "---\ntitle: Notas para instructores\n---\n\n"
        "Comprueba antes del taller que cada participante ha seguido la\n"
        "[preparación](../learners/setup.md):\n"
        "un `Desktop` vacío en el primer ejercicio le cuesta diez minutos al grupo.\n\n"
        "El [episodio de bucles](loops.html) se alarga con principiantes; deja el último desafío para\n"
        "casa si hace falta.\n",
        encoding="utf-8",
    )
    config = spanish / "config.yaml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("- historia.md\n", "- historia.md\n- notas.md\n")
    )
    done = _translate(project)
    assert done.code == 0, done.err
    assert "so not used: episodes/historia.md, episodes/notas.md" in done.out
    notes = project / "locales/es/curriculum/instructors/instructor-notes.po"
    assert all(not entry.msgstr for entry in polib.pofile(str(notes)) if entry.msgid)


# `glocal i18n align SOURCE TRANSLATION --lang L`: the same, for one file of any project


def test_i18n_align_fills_one_catalog_from_a_translation_you_have(project):
    shutil.copy(SPANISH / "episodes" / "loops.md", project / "bucles.md")
    done = run_glocal(
        "-C", project, "i18n", "align", "curriculum/modules/loops.md", "bucles.md", "--lang", "es"
    )
    assert done.code == 0, done.err
    assert "curriculum/modules/loops.md: 16 of 17 message(s) from bucles.md" in done.out
    loops = _entries(project / LOOPS)
    assert loops["Repeating Commands with Loops"].msgstr == "Repetir órdenes con bucles"
    assert loops["Repeating Commands with Loops"].tcomment == "glocal: aligned with bucles.md, line 2"
    assert "fuzzy" in loops["Repeating Commands with Loops"].flags
    assert _entries(project / SETUP)["Practice files"].msgstr == ""  # only the file named is filled


def test_i18n_align_takes_many_pairs_in_one_update_or_none_if_one_is_wrong(project):
    shutil.copy(SPANISH / "episodes" / "loops.md", project / "bucles.md")
    shutil.copy(SPANISH / "learners" / "setup.md", project / "preparacion.md")
    pairs = ["curriculum/modules/loops.md", "bucles.md", "curriculum/learners/setup.md", "preparacion.md"]
    wrong = run_glocal(
        "-C", project, "i18n", "align", *pairs, "curriculum/modules/nope.md", "x.md", "--lang", "es"
    )
    assert wrong.code == 2 and "GL336" in wrong.err and "nope.md" in wrong.err
    assert not (project / "locales").exists()
    odd = run_glocal("-C", project, "i18n", "align", *pairs[:3], "--lang", "es")
    assert odd.code == 2 and "an even number" in odd.err
    done = run_glocal("-C", project, "i18n", "align", *pairs, "--lang", "es")
    assert done.code == 0, done.err
    assert "22 of 26 message(s) in es now have a suggested translation" in done.out
    assert _entries(project / SETUP)["Practice files"].msgstr == "Archivos de práctica"
    assert _entries(project / LOOPS)["A first loop"].msgstr == "Un primer bucle"


def test_i18n_align_refuses_what_it_cannot_align_and_writes_nothing(project):
    (project / "latin1.md").write_bytes("# Configuración\n".encode("latin-1"))
    (project / "huge.md").write_bytes(b"Un parrafo muy largo.\n" * 300_000)  # 6.6 MB
    shutil.copy(SPANISH / "episodes" / "loops.md", project / "bucles.md")
    cases = [
        (("curriculum/modules/nope.md", "bucles.md", "--lang", "es"), "GL336", "not a Markdown file"),
        (("curriculum/program.yml", "bucles.md", "--lang", "es"), "GL336", "not a Markdown file"),
        (("curriculum/modules/loops.md", "missing.md", "--lang", "es"), "GL336", "missing.md"),
        (("curriculum/modules/loops.md", "latin1.md", "--lang", "es"), "GL336", "latin1.md:1:14"),
        (("curriculum/modules/loops.md", "bucles.md", "--lang", "de"), "GL315", "no region declares"),
        (("curriculum/modules/loops.md", "huge.md", "--lang", "es"), "GL014", "more than Glocal reads"),
    ]
    for args, code, words in cases:
        done = run_glocal("-C", project, "i18n", "align", *args)
        assert done.code == 2 and code in done.err and words in done.err, (args, done.err)
    assert not (project / "locales").exists()
