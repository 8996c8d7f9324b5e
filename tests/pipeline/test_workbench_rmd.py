"""R Markdown lessons: `glocal import workbench` takes what sandpaper rendered them to.

tests/fixtures/workbench/rlesson/ is a Workbench lesson whose episodes are R Markdown
(`01-Counting.Rmd`: a file name that is not a module id) with `site/built/`, as
`sandpaper::build_lesson()` leaves it: the episodes knitted (```` ``` output ```` blocks, a plot as
`<img src="fig/…-rendered-…png">`), the pages, `md5sum.txt`. See tests/fixtures/workbench/SOURCE.md.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, import_and_build, run_glocal

LESSON = FIXTURES / "workbench" / "rlesson"
BUILT = LESSON / "site" / "built"
PLOT = "fig/02-plots-rendered-bars-1.png"


def _curriculum(project: Path) -> dict[str, bytes]:
    folder = project / "curriculum"
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "program.yml"
    }


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> tuple[Path, str]:
    project = tmp_path_factory.mktemp("rlesson") / "project"
    done, built = import_and_build(LESSON, project)
    assert "0 error(s), 0 warning(s)" in built.err  # `source: Rmd` is a Workbench key, no warning
    return project, done.out


def test_the_episodes_are_what_sandpaper_rendered_with_their_links_moved(imported):
    project, out = imported
    modules = project / "curriculum" / "modules"
    program = (project / "curriculum" / "program.yml").read_text(encoding="utf-8")
    assert "\n  - 01-counting\n  - 02-plots\n" in program
    counting = (BUILT / "01-Counting.md").read_text(encoding="utf-8")
    assert "``` output\n[1] 2\n```" in counting  # what knitting the chunk printed
    expected = counting.replace("(reference.html#data-frame)", "(../learners/reference.md#data-frame)")
    expected = expected.replace("(02-plots.Rmd)", "(02-plots.md)")
    assert (modules / "01-counting.md").read_text(encoding="utf-8") == expected
    plots = (BUILT / "02-plots.md").read_text(encoding="utf-8")
    expected = plots.replace("(01-Counting.Rmd)", "(01-counting.md)").replace(
        "(setup.html)", "(../learners/setup.md)"
    )
    assert (modules / "02-plots.md").read_text(encoding="utf-8") == expected
    # the plot knitting drew, and the episodes' data
    assert (modules / PLOT).read_bytes() == (BUILT / PLOT).read_bytes()
    assert (modules / "data" / "counts.csv").is_file()
    reference = (project / "curriculum" / "learners" / "reference.md").read_text(encoding="utf-8")
    assert "[Counting Observations](../modules/01-counting.md)" in reference  # was episodes/01-Counting.Rmd
    assert "01-Counting.Rmd is 01-counting.md" in out
    assert "2 episode(s) imported as sandpaper rendered them (site/built/" in out


def test_the_plot_shows_on_the_page_and_the_handout(imported):
    """knitr shows a plot with raw HTML, which MkDocs leaves as written: a handout (in handouts/)
    would look for it beside itself unless its `src` moves as a Markdown image's does."""
    project, _ = imported
    site = project / "site" / "global" / "en"
    page = (site / "modules" / "02-plots.html").read_text(encoding="utf-8")
    handout = (site / "handouts" / "02-plots.html").read_text(encoding="utf-8")
    assert f'<img src="{PLOT}" alt="Bar chart of the number' in page
    assert f'<img src="../modules/{PLOT}" alt="Bar chart of the number' in handout
    assert (site / "modules" / PLOT).is_file()
    assert "style=" not in page.split("<article")[1].split("</article>")[0]  # the sanitizer's
    counting = (site / "modules" / "01-counting.html").read_text(encoding="utf-8")
    assert 'href="../learners/reference.html#data-frame"' in counting


def test_a_checkout_of_md_outputs_imports_the_same_programme(imported, tmp_path):
    """The md-outputs branch holds site/built/ alone: no sources, no R."""
    project, _ = imported
    checkout = tmp_path / "md-outputs"
    shutil.copytree(BUILT, checkout)
    done = run_glocal("import", "workbench", checkout, "--into", tmp_path / "project")
    assert done.code == 0, done.err
    assert "(the lesson's md-outputs branch)" in done.out
    assert _curriculum(tmp_path / "project") == _curriculum(project)


def test_an_episode_changed_since_it_was_rendered_or_never_rendered_is_gl122(tmp_path):
    lesson = tmp_path / "lesson"
    shutil.copytree(LESSON, lesson)
    with (lesson / "episodes" / "02-plots.Rmd").open("a", encoding="utf-8") as episode:
        episode.write("\nA sentence added after the lesson was built.\n")
    done = run_glocal("import", "workbench", lesson, "--into", tmp_path / "a")
    assert done.code == 2
    assert done.err.count("error GL122") == 1
    assert "episode '02-plots.Rmd' changed since sandpaper rendered it to site/built/02-plots.md" in done.err
    assert "hint: run sandpaper::build_lesson() in the lesson again" in done.err

    shutil.rmtree(lesson / "site")
    done = run_glocal("import", "workbench", lesson, "--into", tmp_path / "b")
    assert done.code == 2
    assert done.err.count("is R Markdown and the lesson holds no rendering of it") == 2
    assert "git clone --branch md-outputs" in done.err
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_file_names_that_are_not_ids_become_ids_and_links_follow_unless_two_meet(tmp_path):
    lesson = tmp_path / "lesson"
    shutil.copytree(FIXTURES / "workbench" / "lesson", lesson)
    for folder in ("learners", "instructors"):  # no pages: only the renamed episode moves a link
        shutil.rmtree(lesson / folder)
    config = (lesson / "config.yaml").read_text(encoding="utf-8")
    (lesson / "episodes" / "loops.md").rename(lesson / "episodes" / "Loops-Again.md")
    (lesson / "config.yaml").write_text(config.replace("- loops.md", "- Loops-Again.md"), encoding="utf-8")
    with (lesson / "episodes" / "navigating.md").open("a", encoding="utf-8") as episode:
        episode.write("\nNext: [loops](Loops-Again.md).\n")
    done = run_glocal("import", "workbench", lesson, "--into", tmp_path / "a")
    assert done.code == 0, done.err
    modules = tmp_path / "a" / "curriculum" / "modules"
    assert (modules / "loops-again.md").is_file()
    assert (
        (modules / "navigating.md").read_text(encoding="utf-8").endswith("\nNext: [loops](loops-again.md).\n")
    )
    assert "Loops-Again.md is loops-again.md" in done.out

    (lesson / "episodes" / "loops-again.md").write_text("---\ntitle: X\n---\n", encoding="utf-8")
    (lesson / "config.yaml").write_text(
        config.replace("- loops.md", "- Loops-Again.md\n- loops-again.md"), encoding="utf-8"
    )
    done = run_glocal("import", "workbench", lesson, "--into", tmp_path / "b")
    assert done.code == 2
    assert "episodes 'Loops-Again.md' and 'loops-again.md' would both be module 'loops-again'" in done.err


def test_a_plots_alt_text_is_a_message_and_its_translation_is_shown(tmp_path):
    """knitr describes a plot in the raw `<img>`'s alt: readers of the Danish site need it too."""
    import polib

    project = tmp_path / "project"
    assert run_glocal("import", "workbench", LESSON, "--into", project).code == 0
    region = project / "toolkits" / "regions" / "global" / "region.yml"
    text = region.read_text(encoding="utf-8").replace("languages: [en]", "languages: [en, da]")
    region.write_text(
        text.replace("locales: {en: en_US}", "locales: {en: en_US, da: da_DK}"), encoding="utf-8"
    )
    assert run_glocal("-C", project, "i18n", "update").code == 0
    path = project / "locales" / "da" / "curriculum" / "modules" / "02-plots.po"
    catalog = polib.pofile(str(path))
    source = "Bar chart of the number of observations at each site; north has the tallest bar."
    entry = catalog.find(source)
    assert entry is not None, [e.msgid for e in catalog]
    entry.msgstr = 'Søjlediagram over observationer pr. sted; "nord" har flest.'
    catalog.save()
    built = run_glocal("-C", project, "build", "global/da")
    assert built.code == 0, built.err
    page = (project / "site" / "global" / "da" / "modules" / "02-plots.html").read_text(encoding="utf-8")
    assert f'alt="{source}"' in page  # a translation holding the attribute's quote: the source's
    entry.msgstr = "Søjlediagram over observationer pr. sted: R & D: 12 > 7."
    catalog.save()
    assert run_glocal("-C", project, "build", "global/da").code == 0
    page = (project / "site" / "global" / "da" / "modules" / "02-plots.html").read_text(encoding="utf-8")
    # in the page's HTML as the sanitizer writes any attribute: no tag can come of a translation
    assert 'alt="Søjlediagram over observationer pr. sted: R &amp; D: 12 &gt; 7."' in page
    handout = (project / "site" / "global" / "da" / "handouts" / "02-plots.html").read_text(encoding="utf-8")
    assert 'alt="Søjlediagram over observationer pr. sted: R &amp; D: 12 &gt; 7."' in handout


def test_the_lessons_home_page_is_its_overview_and_its_summary_the_description(imported):
    """index.md (what the lesson teaches, its prerequisites) is the first further page; its
    first paragraph, one line, is the programme's description on the home page."""
    project, _ = imported
    program = (project / "curriculum" / "program.yml").read_text(encoding="utf-8")
    summary = "*Counting and plotting field observations with R, for people who have never programmed.*"
    assert f'description: "{summary}"\n' in program
    assert "profile pages\n  - learners/overview.md\n  - learners/setup.md\n" in program
    overview = (project / "curriculum" / "learners" / "overview.md").read_text(encoding="utf-8")
    body = (LESSON / "index.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    assert overview == "---\ntitle: Overview\n---\n" + body.replace(
        "(learners/setup.md)", "(setup.md)"
    ).replace("(learners/reference.md)", "(reference.md)")
    site = project / "site" / "global" / "en"
    assert "never programmed" in (site / "index.html").read_text(encoding="utf-8")
    page = (site / "learners" / "overview.html").read_text(encoding="utf-8")
    assert "<h1" in page and ">Overview<" in page and 'href="setup.html"' in page


def test_a_rendering_reached_through_a_link_is_not_read(tmp_path):
    """The lesson is the user's choice, its links are not: site/ linked to a folder elsewhere."""
    lesson, elsewhere = tmp_path / "lesson", tmp_path / "elsewhere"
    shutil.copytree(LESSON, lesson)
    shutil.move(lesson / "site", elsewhere)
    (lesson / "site").symlink_to(elsewhere, target_is_directory=True)
    done = run_glocal("import", "workbench", lesson, "--into", tmp_path / "project")
    assert done.code == 2
    assert done.err.count("is R Markdown and the lesson holds no rendering of it") == 2


def test_a_translated_r_markdown_lessons_suggestions_name_the_rendering_they_come_from(tmp_path):
    """The comment named `episodes/01-Counting.Rmd` with a line of the rendered file: a translator
    found R code at that line of the .Rmd, and no such file in an md-outputs checkout."""
    shutil.copytree(LESSON, tmp_path / "rlesson")
    spanish = tmp_path / "rlesson-es"
    shutil.copytree(LESSON, spanish)
    config = spanish / "config.yaml"
    lines = [line for line in config.read_text(encoding="utf-8").splitlines() if not line.startswith("lang:")]
    config.write_text("\n".join([*lines, "lang: es", ""]), encoding="utf-8")
    rendered = spanish / "site" / "built" / "01-Counting.md"
    text = rendered.read_text(encoding="utf-8")
    assert "- How many rows does it have?" in text
    rendered.write_text(
        text.replace("- How many rows does it have?", "- ¿Cuántas filas tiene?"), encoding="utf-8"
    )
    project = tmp_path / "project"
    assert run_glocal("import", "workbench", tmp_path / "rlesson", "--into", project).code == 0
    assert run_glocal("-C", project, "new", "region", "latam", "--languages", "es").code == 0
    done = run_glocal("-C", project, "import", "workbench", spanish, "--translation")
    assert done.code == 0, done.out + done.err
    assert "from rlesson-es/site/built/01-Counting.md" in done.out
    import polib

    catalog = polib.pofile(str(project / "locales/es/curriculum/modules/01-counting.po"))
    entry = catalog.find("How many rows does it have?")
    assert entry is not None and entry.msgstr == "¿Cuántas filas tiene?" and "fuzzy" in entry.flags
    line = int(entry.tcomment.rsplit("line ", 1)[1])
    assert entry.tcomment.startswith("glocal: aligned with rlesson-es/site/built/01-Counting.md, line ")
    assert "¿Cuántas filas tiene?" in rendered.read_text(encoding="utf-8").splitlines()[line - 1]
