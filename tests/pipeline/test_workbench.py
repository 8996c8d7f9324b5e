"""Carpentries Workbench lessons: `glocal import workbench`, then check and build unchanged.

The lesson in tests/fixtures/workbench/ holds the Workbench template's own episode (CC BY 4.0, see
its SOURCE.md) and two written in the format: nested colon fences closed by fences of other
lengths, challenge/hint/solution, instructor notes, code blocks, figures in `fig/`, data in `data/`.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import FIXTURES, import_and_build, run_glocal
from glocal.load import load_module
from glocal.workbench.pages import description

LESSON = FIXTURES / "workbench" / "lesson"
EPISODES = ("navigating", "introduction", "loops")  # config.yaml's order, not the files'


class _Boxes(HTMLParser):
    """Admonitions of a page's article (`div.admonition`, `details`): kind, title, enclosing kinds."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str | None] = []  # per open div/details: its kind, or None for other divs
        self.found: list[dict] = []
        self.title: dict | None = None
        self.images: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "img":
            self.images.append(found.get("src") or "")
        if tag == "a":
            self.links.append(found.get("href") or "")
        if tag in ("div", "details"):
            kind = None
            if tag == "details" or "admonition" in classes:
                kind = next(c for c in classes if c != "admonition") if classes else "note"
                box = {"kind": kind, "title": "", "inside": [k for k in self.stack if k]}
                self.found.append(box)
            self.stack.append(kind)
        if (tag == "p" and "admonition-title" in classes) or tag == "summary":
            self.title = self.found[-1]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("div", "details") and self.stack:
            self.stack.pop()
        if tag in ("p", "summary"):
            self.title = None

    def handle_data(self, data: str) -> None:
        if self.title is not None:
            self.title["title"] += data


def _article(path: Path) -> _Boxes:
    html = path.read_text(encoding="utf-8")
    boxes = _Boxes()
    boxes.feed(html[html.index("<article") : html.index("</article>")])
    return boxes


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> tuple[Path, str]:
    """A new project made by importing the lesson, then built; and the import's output."""
    project = tmp_path_factory.mktemp("workbench") / "shell-lesson"
    done, _ = import_and_build(LESSON, project)
    return project, done.out


def test_import_writes_a_programme_in_config_order_with_the_episodes_byte_for_byte(imported):
    """... but for a link to a page written for sandpaper's flat site (loops.md's `setup.md`)."""
    project, out = imported
    program = (project / "curriculum" / "program.yml").read_text(encoding="utf-8")
    assert "title: Finding Your Way in the Shell\n" in program
    assert "source_language: en\n" in program
    assert "\n  - navigating\n  - introduction\n  - loops\n" in program
    beside = ("fig/folder-tree.svg", "fig/loop-flow.svg", "data/counts.csv")
    for name in (*(f"{e}.md" for e in EPISODES), *beside):
        original = (LESSON / "episodes" / name).read_bytes()
        if name == "loops.md":  # links to a page and to an episode's built page, as sandpaper's
            assert b"[setup](setup.md)" in original and b"(navigating.html)" in original
            original = original.replace(b"[setup](setup.md)", b"[setup](../learners/setup.md)")
            original = original.replace(b"(navigating.html)", b"(navigating.md)")
        assert (project / "curriculum" / "modules" / name).read_bytes() == original, name
    assert (project / "toolkits" / "regions" / "global" / "region.yml").is_file()
    assert "created curriculum/modules/fig/folder-tree.svg" in out
    assert "next:" in out and "glocal build global/en" in out


def test_the_imported_lesson_checks_clean(imported):
    project, _ = imported
    checked = run_glocal("-C", project, "check")
    assert checked.code == 0, checked.out + checked.err
    assert "0 error(s), 0 warning(s)" in checked.out


def test_figures_and_data_beside_the_episode_are_published_and_linked(imported):
    project, _ = imported
    site = project / "site" / "global" / "en"
    module = _article(site / "modules" / "navigating.html")
    assert module.images == ["fig/folder-tree.svg"]
    assert (site / "modules" / "fig" / "folder-tree.svg").read_bytes() == (
        LESSON / "episodes" / "fig" / "folder-tree.svg"
    ).read_bytes()
    # the participant handout sits in another folder: its links still reach the same files
    handout = _article(site / "handouts" / "loops.html")
    assert handout.images == ["../modules/fig/loop-flow.svg"]
    assert "../modules/data/counts.csv" in handout.links
    assert "data/counts.csv" in _article(site / "modules" / "loops.html").links
    assert (site / "modules" / "data" / "counts.csv").is_file()
    assert (site / "handouts" / "../modules/fig/loop-flow.svg").resolve().is_file()


def test_challenge_solution_nesting_and_instructor_notes_render_as_admonitions(imported):
    project, _ = imported
    boxes = _article(project / "site" / "global" / "en" / "modules" / "navigating.html").found
    shown = [(box["kind"], box["title"].strip(), box["inside"]) for box in boxes]
    assert shown == [
        ("question", "Questions", []),
        ("abstract", "Objectives", []),
        ("facilitator", "Facilitator note", []),
        ("info", "Callout", []),
        ("example", "Challenge", []),
        ("tip", "Hint", ["example"]),
        ("tip", "Solution", ["example"]),
        ("question", "Discussion", []),
        ("success", "Key points", []),
    ]
    # the template's own episode: two solutions in one challenge, closed by longer fences
    template = _article(project / "site" / "global" / "en" / "modules" / "introduction.html").found
    assert [(b["title"].strip(), b["inside"]) for b in template if b["inside"]] == [
        ("Solution", ["example"]),
        ("Solution", ["example"]),
    ]
    site = project / "site" / "global" / "en"
    notes = (site / "notes.html").read_text(encoding="utf-8")
    assert "Inline instructor notes can help inform instructors" in notes
    handout = (site / "handouts" / "navigating.html").read_text(encoding="utf-8")
    assert "Git Bash" not in handout  # instructor notes are facilitator notes: not in the handout


PAGES = ("learners/setup.md", "learners/reference.md", "instructors/instructor-notes.md")


def test_the_learner_and_instructor_pages_are_imported_and_listed_in_config_order(imported):
    project, out = imported
    program = (project / "curriculum" / "program.yml").read_text(encoding="utf-8")
    listed = program[program.index("pages:") :].splitlines()[1:]
    assert [line.strip().removeprefix("- ") for line in listed] == list(PAGES)
    for page in PAGES:
        assert f"created curriculum/{page}" in out
    assert "does not list" not in out  # config.yaml lists setup.md; the lesson has no LICENSE.md
    # links written for sandpaper's flat site now lead where the files are in the programme
    setup = (project / "curriculum" / "learners" / "setup.md").read_text(encoding="utf-8")
    assert "[Navigating](../modules/navigating.md)" in setup
    assert "[Loops](../modules/loops.md)" in setup  # written from the lesson's top folder
    assert "](../modules/fig/folder-tree.svg){alt=" in setup
    assert setup.endswith("[data-file]: ../modules/data/counts.csv\n")  # a reference's definition
    original = (LESSON / "learners" / "setup.md").read_text(encoding="utf-8")
    assert setup.replace("../modules/", "") == original.replace("episodes/", "")  # nothing else changed
    # a figure of the page's own folder is copied to the assets
    reference = (project / "curriculum" / "learners" / "reference.md").read_text(encoding="utf-8")
    assert "](../assets/learners/fig/prompt.svg){alt=" in reference
    assert (project / "curriculum" / "assets" / "learners" / "fig" / "prompt.svg").read_bytes() == (
        LESSON / "learners" / "fig" / "prompt.svg"
    ).read_bytes()
    # another page's link, already right, is kept; an episode's built page is the episode
    notes = (project / "curriculum" / "instructors" / "instructor-notes.md").read_text(encoding="utf-8")
    original = (LESSON / "instructors" / "instructor-notes.md").read_text(encoding="utf-8")
    assert notes == original.replace("(loops.html)", "(../modules/loops.md)")
    assert "[setup](../learners/setup.md)" in notes


class _Nav(HTMLParser):
    """The primary navigation's links (href, text) of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.sections: list[str] = []
        self._href: str | None = None
        self._label = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and "md-nav__link" in (found.get("class") or ""):
            self._href = found.get("href") or ""
            self.links.append((self._href, ""))
        if tag == "label" and "md-nav__link" in (found.get("class") or ""):
            self._label = True
            self.sections.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._href = None
        if tag == "label":
            self._label = False

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            href, text = self.links[-1]
            self.links[-1] = (href, " ".join((text + " " + data).split()))
        elif self._label:
            self.sections[-1] = " ".join((self.sections[-1] + " " + data).split())


def test_the_pages_are_on_the_site_after_the_modules_and_the_episodes_links_reach_them(imported):
    project, _ = imported
    site = project / "site" / "global" / "en"
    for page in PAGES:
        assert (site / page.replace(".md", ".html")).is_file(), page
    nav = _Nav()
    nav.feed((site / "index.html").read_text(encoding="utf-8"))
    titles = [text for href, text in nav.links if href.startswith(("learners/", "instructors/"))]
    assert titles[:3] == ["Setup", "Reference", "Instructor Notes"]
    assert "Resources" in nav.sections and nav.sections.index("Resources") > nav.sections.index("Modules")
    setup = _article(site / "learners" / "setup.html")
    assert [(b["kind"], b["title"].strip()) for b in setup.found] == [("info", "Callout")]
    assert setup.images == ["../modules/fig/folder-tree.svg"]
    assert "../modules/data/counts.csv" in setup.links and "../modules/navigating.html" in setup.links
    page = (site / "learners" / "setup.html").read_text(encoding="utf-8")
    assert '<h1 id="setup">Setup' in page  # the front matter's title, as sandpaper shows it
    reference = _article(site / "learners" / "reference.html")
    assert reference.images == ["../assets/learners/fig/prompt.svg"]
    assert (site / "assets" / "learners" / "fig" / "prompt.svg").is_file()
    episode = _article(site / "modules" / "navigating.html")
    assert "../learners/setup.html" in episode.links
    assert "../learners/reference.html#working-directory" in episode.links
    # the glossary: Pandoc's definition list, each term a bracketed span the episodes link to
    glossary = (site / "learners" / "reference.html").read_text(encoding="utf-8")
    terms = re.findall(r'<dt><span id="([^"]+)">([^<]+)</span></dt>\s*<dd>', glossary)
    assert terms == [
        ("prompt", "prompt"),
        ("relative-path", "relative path"),
        ("working-directory", "working directory"),
    ]
    assert '<a href="#relative-path">relative paths</a> start from.</dd>' in glossary
    assert "{#" not in glossary and "\n:   " not in glossary


def test_teaching_and_exercises_give_the_duration(imported):
    project, _ = imported
    page = (project / "site" / "global" / "en" / "modules" / "loops.html").read_text(encoding="utf-8")
    assert "<strong>Duration:</strong> 35 min" in page  # teaching: 20, exercises: 15


def test_an_episode_needs_no_id_and_a_duration_wins_over_teaching(tmp_path):
    modules = tmp_path / "curriculum" / "modules"
    modules.mkdir(parents=True)
    (modules / "01-intro.md").write_text(
        "---\ntitle: Intro\nteaching: 10 # minutes\nexercises: 5\n---\n\nText.\n", encoding="utf-8"
    )
    (modules / "timed.md").write_text(
        "---\ntitle: Timed\nduration: 40\nteaching: 10\nexercises: 0\n---\n\nText.\n", encoding="utf-8"
    )
    module, problems = load_module(tmp_path, "curriculum/modules/01-intro.md")
    assert problems == [] and module is not None
    assert (module.id, module.duration) == ("01-intro", 15)
    module, problems = load_module(tmp_path, "curriculum/modules/timed.md")
    assert problems == [] and module is not None and module.duration == 40


def test_an_episodes_own_front_matter_keys_are_one_note_a_typo_a_warning_a_modules_an_error(tmp_path):
    # carpentries/instructor-training gives its episodes `block:` and `start:`; sandpaper ignores them
    modules = tmp_path / "curriculum" / "modules"
    modules.mkdir(parents=True)
    (modules / "05-memory.md").write_text(
        "---\ntitle: Memory\nblock: 2\nteaching: 30\nstart: yes\nexercizes: 5\n---\n\nText.\n",
        encoding="utf-8",
    )
    (modules / "memory.md").write_text(
        "---\nid: memory\ntitle: Memory\nblock: 2\nduration: 30\n---\n\nText.\n", encoding="utf-8"
    )
    episode, problems = load_module(tmp_path, "curriculum/modules/05-memory.md")
    assert episode is not None and episode.duration == 30
    found = sorted((d.code, d.level.value, d.span.line) for d in problems)
    assert found == [("GL102", "info", 2), ("GL102", "warning", 5)]
    note = next(d for d in problems if d.level.value == "info")
    assert note.message.startswith("keys 'block', 'start' in front matter are the lesson's own")
    assert "ignored" in note.message and "teaching" in (note.hint or "")
    typo = next(d for d in problems if d.level.value == "warning")  # a misspelt `exercises`
    assert "'exercizes'" in typo.message and typo.hint == "did you mean 'exercises'?"
    module, problems = load_module(tmp_path, "curriculum/modules/memory.md")
    assert [(d.code, d.level.value) for d in problems] == [("GL102", "error")]  # a typo, in Glocal's own


def test_a_break_episode_lasts_its_break(tmp_path):
    # python-novice-gapminder's coffee and lunch: a page of reflection questions, in the schedule
    modules = tmp_path / "curriculum" / "modules"
    modules.mkdir(parents=True)
    (modules / "05-coffee.md").write_text(
        "---\ntitle: Morning Coffee\nteaching: 0\nexercises: 0\nbreak: 15\n---\n\n## Reflection\n\nText.\n",
        encoding="utf-8",
    )
    module, problems = load_module(tmp_path, "curriculum/modules/05-coffee.md")
    assert problems == [] and module is not None
    assert (module.id, module.title, module.duration) == ("05-coffee", "Morning Coffee", 15)


def test_import_never_overwrites(tmp_path):
    project = tmp_path / "p"
    (project / "curriculum" / "modules").mkdir(parents=True)
    mine = project / "curriculum" / "modules" / "loops.md"
    mine.write_text("my own loops\n", encoding="utf-8")
    done = run_glocal("import", "workbench", LESSON, "--into", project)
    assert done.code == 2
    assert done.err.strip() == (
        "curriculum/modules/loops.md: error GL123: curriculum/modules/loops.md already exists; "
        "nothing was written (hint: to bring a programme imported before up to the lesson's new "
        "version: --update)"
    )
    assert mine.read_text(encoding="utf-8") == "my own loops\n"
    assert sorted(p.name for p in project.rglob("*") if p.is_file()) == ["loops.md"]


def test_a_listed_page_the_import_cannot_take_is_named(tmp_path):
    lesson = tmp_path / "lesson"
    shutil.copytree(LESSON, lesson)
    config = (lesson / "config.yaml").read_text(encoding="utf-8")
    config = config.replace("- reference.md\n", "- reference.md\n- discuss.Rmd\n- gone.md\n", 1)
    (lesson / "config.yaml").write_text(config, encoding="utf-8")
    (lesson / "learners" / "discuss.Rmd").write_text("# Discuss\n", encoding="utf-8")
    done = run_glocal("import", "workbench", lesson, "--into", tmp_path / "project")
    assert done.code == 0, done.err
    assert "not imported (missing, R Markdown" in done.out
    assert "learners/discuss.Rmd, learners/gone.md" in done.out
    program = (tmp_path / "project" / "curriculum" / "program.yml").read_text(encoding="utf-8")
    assert "learners/setup.md" in program and "gone.md" not in program and "discuss" not in program


def test_a_lesson_import_cannot_read_is_reported(tmp_path):
    lesson = tmp_path / "lesson"
    shutil.copytree(LESSON, lesson)
    (lesson / "config.yaml").unlink()
    done = run_glocal("import", "workbench", lesson, "--into", tmp_path / "a")
    assert done.code == 2
    assert "error GL122: expected a Carpentries Workbench lesson with config.yaml" in done.err

    shutil.copytree(LESSON, lesson, dirs_exist_ok=True)
    (lesson / "episodes" / "loops.md").rename(lesson / "episodes" / "Loops.Rmd")
    config = (lesson / "config.yaml").read_text(encoding="utf-8")
    (lesson / "config.yaml").write_text(
        config.replace("- loops.md", "- Loops.Rmd\n- Extra Episode.md\n- gone.md"), encoding="utf-8"
    )
    (lesson / "episodes" / "Extra Episode.md").write_text("---\ntitle: X\n---\n", encoding="utf-8")
    done = run_glocal("import", "workbench", lesson, "--into", tmp_path / "b")
    assert done.code == 2
    errors = done.err.strip().splitlines()
    assert [line.split(" GL122: ")[1].split(" (hint")[0] for line in errors] == [
        "episode 'Loops.Rmd' is R Markdown and the lesson holds no rendering of it",
        f"episode 'gone.md' expected at {lesson / 'episodes' / 'gone.md'} but not found",
    ]  # 'Extra Episode.md' is module extra-episode (test_workbench_rmd.py)
    assert "hint: run sandpaper::build_lesson()" in errors[0] and "md-outputs branch" in errors[0]
    assert not (tmp_path / "b").exists()


def test_what_a_command_printed_is_titled_on_the_page_and_the_handout(imported):
    project, _ = imported
    site = project / "site" / "global" / "en"
    for page in (site / "modules" / "navigating.html", site / "handouts" / "navigating.html"):
        html = page.read_text(encoding="utf-8")
        assert html.count('<span class="filename">Output</span>') == 1, page  # ```output
        assert html.count('class="filename"') == 1, page  # not the ```bash block before it


def test_the_lessons_links_md_serves_the_episodes_and_pages_that_use_it(tmp_path):
    """sandpaper adds links.md to every page before rendering: a `[Pandoc][pandoc]` defined only
    there would stay text, unreported. The definitions a text uses are added at its end."""
    lesson = tmp_path / "lesson"
    shutil.copytree(LESSON, lesson)
    (lesson / "links.md").write_text(
        "<!--\nPlace links that you need to refer to multiple times across pages here.\n-->\n\n"
        "[pandoc]: https://pandoc.org/MANUAL.html\n"
        '[Shell Basics]: https://example.org/shell "The basics"\n'
        "[unused]: https://example.org/unused\n",
        encoding="utf-8",
    )
    with (lesson / "episodes" / "loops.md").open("a", encoding="utf-8") as episode:
        episode.write("\nSee [Pandoc][pandoc] and [the basics][shell   basics], or [pandoc].\n")
    with (lesson / "learners" / "setup.md").open("a", encoding="utf-8") as page:
        page.write("\n[pandoc]: https://pandoc.org/\n\nRead [Pandoc's manual][pandoc].\n")  # its own
    project = tmp_path / "project"
    assert run_glocal("import", "workbench", lesson, "--into", project).code == 0
    loops = (project / "curriculum" / "modules" / "loops.md").read_text(encoding="utf-8")
    assert loops.endswith(
        "or [pandoc].\n\n<!-- from the lesson's links.md, which sandpaper adds to every page -->\n"
        '[pandoc]: https://pandoc.org/MANUAL.html\n[Shell Basics]: https://example.org/shell "The basics"\n'
    )
    setup = (project / "curriculum" / "learners" / "setup.md").read_text(encoding="utf-8")
    assert "links.md" not in setup and "MANUAL" not in setup  # its own definition wins
    navigating = (LESSON / "episodes" / "navigating.md").read_bytes()
    assert (project / "curriculum" / "modules" / "navigating.md").read_bytes() == navigating  # uses none
    assert run_glocal("-C", project, "build").code == 0
    page = (project / "site" / "global" / "en" / "modules" / "loops.html").read_text(encoding="utf-8")
    assert page.count('href="https://pandoc.org/MANUAL.html"') == 2
    assert '<a href="https://example.org/shell" title="The basics">the basics</a>' in page


def test_a_figures_caption_is_shown_under_it_as_sandpaper_shows_it(imported):
    """`![caption](fig.svg){alt='…'}`, as the Workbench's template writes a figure: the caption
    under the image (a `<figure>`), the alt text for screen readers; on the page and the handout."""
    project, _ = imported
    site = project / "site" / "global" / "en"
    for page, image in (("modules/navigating.html", "fig/folder-tree.svg"), ("handouts/loops.html", None)):
        html = (site / page).read_text(encoding="utf-8")
        figure = re.search(
            r"<figure>\s*(<img [^>]*>)\s*<figcaption>(.*?)</figcaption>\s*</figure>", html, re.S
        )
        assert figure, page
        if image:
            assert f'src="{image}"' in figure.group(1)
            assert (
                'alt="A tree of folders: the root holds home, which holds two user folders."'
                in figure.group(1)
            )
            assert figure.group(2) == "A folder tree with the root at the top"
        else:
            assert figure.group(2) == "The loop runs its body once per file"
    badge = (site / "modules" / "introduction.html").read_text(encoding="utf-8")
    assert "<figcaption>You belong in The Carpentries!</figcaption>" in badge


@pytest.fixture(scope="module")
def flat_links(tmp_path_factory) -> tuple[Path, str, str]:
    """The lesson as carpentries/instructor-training and lesson-development-training write theirs:
    `learners:` without setup.md, LICENSE.md and CODE_OF_CONDUCT.md at the top, an index.md that
    opens with a figure, and links sandpaper's site resolves though they name no file beside the
    text (`17-live`, `learners/reference.md#litref`, `index.md#...`, `../episodes/fig/...`). The
    project it imports to, what the import printed, and what `glocal check` printed."""
    lesson = tmp_path_factory.mktemp("flat") / "lesson"
    shutil.copytree(LESSON, lesson)
    config = (lesson / "config.yaml").read_text(encoding="utf-8")
    (lesson / "config.yaml").write_text(config.replace("- setup.md\n", "", 1), encoding="utf-8")
    (lesson / "LICENSE.md").write_text("---\ntitle: Licenses\n---\n\nCC BY 4.0.\n", encoding="utf-8")
    (lesson / "CODE_OF_CONDUCT.md").write_text("# Code of Conduct\n\nBe kind.\n", encoding="utf-8")
    (lesson / "index.md").write_text(
        "---\nsite: sandpaper::sandpaper_site\n---\n\n\n"
        "![Welcome to the shell!\n](episodes/fig/folder-tree.svg){\n"
        "alt='A folder tree'\nstyle='padding: 2%'}\n\n"
        "A first look at the shell,\nfor people who have never used one.\n\n"
        "## Learning Objectives\n\nSee the [license] and [the setup](learners/setup.md).\n\n"
        "[license]: LICENSE.html\n",
        encoding="utf-8",
    )
    with (lesson / "episodes" / "loops.md").open("a", encoding="utf-8") as episode:
        episode.write(
            "\nAs [before](navigating), see [the prompt](learners/reference.md#prompt), "
            "[the objectives](index.md#learning-objectives), the [license](LICENSE.md), "
            "[the conduct](../CODE_OF_CONDUCT.md) and [the setup](../learners/setup.html).\n\n"
            "![The loop again](../episodes/fig/loop-flow.svg)\n\n"
            "Still broken: [to do](FIXME), ![gone](fig/gone.svg), [a page](learners/gone.md).\n"
        )
    with (lesson / "learners" / "reference.md").open("a", encoding="utf-8") as page:
        page.write("\nBack to [the overview](../index.md) or the [license](LICENSE.html).\n")
    project = lesson.parent / "project"
    done = run_glocal("import", "workbench", lesson, "--into", project)
    assert done.code == 0, done.err
    return project, done.out, run_glocal("-C", project, "check").out


def test_setup_license_and_code_of_conduct_are_pages_as_sandpaper_publishes_them(flat_links):
    """sandpaper's provide_setup() adds learners/setup.md after the pages `learners:` lists; it
    publishes LICENSE.md and CODE_OF_CONDUCT.md as LICENSE.html and CODE_OF_CONDUCT.html."""
    project, out, _ = flat_links
    program = (project / "curriculum" / "program.yml").read_text(encoding="utf-8")
    listed = [line.strip().removeprefix("- ") for line in program[program.index("pages:") :].splitlines()[1:]]
    assert listed == [
        "learners/overview.md",
        "learners/reference.md",
        "learners/setup.md",
        "instructors/instructor-notes.md",
        "learners/LICENSE.md",
        "learners/CODE_OF_CONDUCT.md",
    ]
    assert (project / "curriculum" / "learners" / "LICENSE.md").read_text(encoding="utf-8") == (
        "---\ntitle: Licenses\n---\n\nCC BY 4.0.\n"
    )
    assert (
        "imported though config.yaml does not list them, as sandpaper publishes them: "
        "learners/setup.md (the last learner page); LICENSE.md as learners/LICENSE.md; "
        "CODE_OF_CONDUCT.md as learners/CODE_OF_CONDUCT.md"
    ) in out


def test_links_sandpapers_flat_site_resolves_lead_to_the_page_or_module(flat_links):
    project, _, checked = flat_links
    loops = (project / "curriculum" / "modules" / "loops.md").read_text(encoding="utf-8")
    assert loops.endswith(
        "\nAs [before](navigating.md), see [the prompt](../learners/reference.md#prompt), "
        "[the objectives](../learners/overview.md#learning-objectives), the "
        "[license](../learners/LICENSE.md), [the conduct](../learners/CODE_OF_CONDUCT.md) and "
        "[the setup](../learners/setup.md).\n\n"
        "![The loop again](fig/loop-flow.svg)\n\n"
        "Still broken: [to do](FIXME), ![gone](fig/gone.svg), [a page](learners/gone.md).\n"
    )
    reference = (project / "curriculum" / "learners" / "reference.md").read_text(encoding="utf-8")
    assert reference.endswith("\nBack to [the overview](overview.md) or the [license](LICENSE.md).\n")
    overview = (project / "curriculum" / "learners" / "overview.md").read_text(encoding="utf-8")
    assert "[the setup](setup.md)" in overview and "[license]: LICENSE.md\n" in overview
    # what stays broken on sandpaper's site too stays an error
    problems = re.findall(r"^([^:]+):\d+:\d+: error (GL11[34]): .* target '([^']+)'", checked, re.MULTILINE)
    assert problems == [
        ("curriculum/modules/loops.md", "GL113", "FIXME"),
        ("curriculum/modules/loops.md", "GL114", "fig/gone.svg"),
        ("curriculum/modules/loops.md", "GL113", "learners/gone.md"),
    ], checked
    assert "3 error(s)" in checked


def test_the_description_is_the_overviews_first_paragraph_of_text(flat_links):
    """lesson-development-training's index.md opens with its hex sticker: a paragraph that only
    shows an image is no summary (on the home page its link would be broken)."""
    project, _, _ = flat_links
    program = (project / "curriculum" / "program.yml").read_text(encoding="utf-8")
    assert "\ndescription: A first look at the shell, for people who have never used one.\n" in program


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("One line.\n\nMore.\n", "One line."),
        (
            "<!-- a comment -->\n\n## About\n\n[![logo](fig/a.png)](https://x.org) <img src='b.png'>\n\n"
            "Says *so*.\n",
            "Says *so*.",
        ),
        ("![a](fig/a.png){alt='x'}\n\n::: callout\n\nIn a box.\n\n:::\n\nAfter it.\n", ""),
        ("- a list first\n\nText.\n", ""),
        ("![a](fig/a.png)\n\n" + "word " * 90 + "\n", ""),  # too long for a summary
        ("![only an image](fig/a.png)\n", ""),
    ],
    ids=[
        "one-line",
        "images-heading-comment-passed-over",
        "box-first",
        "list-first",
        "too-long",
        "image-only",
    ],
)
def test_the_description_skips_images_and_headings_but_not_a_box(body, expected):
    assert description(f"---\ntitle: Overview\n---\n{body}".encode()) == expected


def test_the_lessons_licence_source_and_contact_are_the_sites_footer(imported, tmp_path):
    """Sandpaper's footer shows config.yaml's licence, source and contact on every page; the
    import dropped them. They are mkdocs.yml's `copyright:` now (a footer translators translate),
    written once: the author's after that."""
    project, out = imported
    assert "created mkdocs.yml" in out
    footer = (
        "Materials licensed under CC-BY 4.0 · Source: https://example.org/finding-your-way · "
        "Contact: lesson@example.org"
    )
    page = (project / "site" / "global" / "en" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<div class="md-copyright__highlight">\s*(.*?)\s*</div>', page, re.S) == [footer]
    quiet = tmp_path / "quiet"
    shutil.copytree(LESSON, quiet)
    config = quiet / "config.yaml"
    kept = [
        line
        for line in config.read_text(encoding="utf-8").splitlines()
        if not line.startswith(("license:", "source:", "contact:"))
    ]
    config.write_text("\n".join(kept) + "\n", encoding="utf-8")
    assert run_glocal("import", "workbench", quiet, "--into", tmp_path / "p").code == 0
    assert not (tmp_path / "p" / "mkdocs.yml").exists()  # nothing to say: no settings written


def test_the_lessons_footer_is_text_whatever_config_yaml_holds(tmp_path):
    lesson = tmp_path / "lesson"
    shutil.copytree(LESSON, lesson)
    config = lesson / "config.yaml"
    text = re.sub(
        r"(?m)^contact: .*$",
        "contact: '<img src=x onerror=alert(1)> & co'",
        config.read_text(encoding="utf-8"),
    )
    config.write_text(text, encoding="utf-8")
    done, built = import_and_build(lesson, tmp_path / "p")
    page = (tmp_path / "p" / "site" / "global" / "en" / "index.html").read_text(encoding="utf-8")
    [footer] = re.findall(r'<div class="md-copyright__highlight">\s*(.*?)\s*</div>', page, re.S)
    assert "<img" not in footer and "Contact: &lt;img src=x onerror=alert(1)&gt; &amp; co" in footer
