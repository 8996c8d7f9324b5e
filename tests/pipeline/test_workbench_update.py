"""`glocal import workbench LESSON --update`: the lesson's new version, merged into the programme.

The programme is imported from tests/fixtures/workbench/lesson (v1), then changed as its authors
would (a slot in an episode, a reworded objective); the lesson's next version (v2) changes
another line of the same episode, the same objective, a page, and adds an episode. The merge is
GNU diff3's.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, run_glocal

LESSON = FIXTURES / "workbench" / "lesson"
OURS = "- Write a `for` loop that runs a command on each file of a folder (our wording)."
THEIRS = "- Write a `for` loop that repeats one command for every file in a folder."
IMPORTED = "- Write a `for` loop that runs one command on every file of a folder."
SLOT = "slots:\n  local-example:\n    brief: a folder tree from the region's own partners\n"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def lessons(tmp_path) -> tuple[Path, Path, Path]:
    """(the project imported from v1 and changed by its authors, v2 of the lesson, tmp_path)."""
    v1, v2, project = tmp_path / "v1", tmp_path / "v2", tmp_path / "project"
    shutil.copytree(LESSON, v1)
    assert run_glocal("import", "workbench", v1, "--into", project).code == 0
    modules = project / "curriculum" / "modules"
    _edit(modules / "navigating.md", "exercises: 10\n---\n", f"exercises: 10\n{SLOT}---\n")
    _edit(modules / "navigating.md", "at the top:\n", "at the top:\n\n::: slot local-example\n:::\n")
    _edit(modules / "loops.md", IMPORTED, OURS)
    shutil.copytree(v1, v2)
    _edit(v2 / "episodes" / "navigating.md", "## Where am I?", "## Where am I right now?")
    _edit(v2 / "episodes" / "loops.md", IMPORTED, THEIRS)
    (v2 / "episodes" / "wrap-up.md").write_text(
        "---\ntitle: Wrapping Up\nteaching: 5\nexercises: 0\n---\n\nWhat the lesson covered, on one page.\n",
        encoding="utf-8",
    )
    _edit(v2 / "config.yaml", "- loops.md\n", "- loops.md\n- wrap-up.md\n")
    with (v2 / "learners" / "setup.md").open("a", encoding="utf-8") as page:
        page.write("\nIf the download fails, ask your facilitator for a copy.\n")
    return project, v2, tmp_path


def test_an_update_brings_the_lessons_changes_and_keeps_yours(lessons):
    project, v2, _ = lessons
    program = (project / "curriculum" / "program.yml").read_text(encoding="utf-8")
    modules = project / "curriculum" / "modules"
    done = run_glocal("import", "workbench", v2, "--into", project, "--update")
    assert done.code == 0, done.err
    # both changes of one episode, merged
    navigating = (modules / "navigating.md").read_text(encoding="utf-8")
    assert SLOT in navigating and "::: slot local-example" in navigating
    assert "## Where am I right now?" in navigating
    assert "merged (your changes and the lesson's): curriculum/modules/navigating.md" in done.out
    # the same line changed by both: yours kept, the merge with its markers set aside
    loops = (modules / "loops.md").read_text(encoding="utf-8")
    assert OURS in loops and THEIRS not in loops
    assert done.err.count("warning GL126") == 1
    assert (
        "curriculum/modules/loops.md: warning GL126: you and the lesson both changed the same lines"
        in done.err
    )
    aside = (project / "upstream" / "conflicts" / "curriculum" / "modules" / "loops.md").read_text(
        encoding="utf-8"
    )
    assert (
        f"<<<<<<< yours\n{OURS}\n||||||| as imported\n{IMPORTED}\n=======\n{THEIRS}\n>>>>>>> the lesson now\n"
        in aside
    )
    # only the lesson changed the page; the new episode is written and listed; program.yml is
    # otherwise as it was
    assert (
        (project / "curriculum" / "learners" / "setup.md")
        .read_text(encoding="utf-8")
        .endswith("ask your facilitator for a copy.\n")
    )
    assert "updated curriculum/learners/setup.md" in done.out
    assert (modules / "wrap-up.md").is_file() and "created curriculum/modules/wrap-up.md" in done.out
    updated = (project / "curriculum" / "program.yml").read_text(encoding="utf-8")
    assert updated == program.replace("  - loops\n", "  - loops\n  - wrap-up\n")
    checked = run_glocal("-C", project, "check")
    assert checked.code == 0, checked.out + checked.err
    # the set-aside version is named by every check until someone merges it and deletes it
    unmerged = (
        "upstream/conflicts/curriculum/modules/loops.md: warning GL127: the lesson's version of "
        "curriculum/modules/loops.md, set aside by `import workbench --update`, is not merged yet"
    )
    assert checked.out.count("GL127") == 1 and unmerged in checked.out
    assert unmerged in run_glocal("-C", project, "check").out  # the check's result replayed
    for _ in range(2):  # a build names it too, the second time from its record of the first
        built = run_glocal("-C", project, "build", "global/en")
        assert built.code == 0 and (built.out + built.err).count("GL127") == 1, built.out + built.err
    (project / "upstream" / "conflicts" / "curriculum" / "modules" / "loops.md").unlink()
    assert "GL127" not in run_glocal("-C", project, "check").out
    (project / "upstream" / "conflicts" / "curriculum" / "modules" / "loops.md").write_text(
        aside, encoding="utf-8"
    )

    # again, with nothing new: nothing is written, and the settled conflict is not raised again
    before = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    again = run_glocal("import", "workbench", v2, "--into", project, "--update")
    assert again.code == 0 and "GL126" not in again.err
    assert "created" not in again.out and "updated" not in again.out
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == before


def test_what_the_update_leaves_alone_is_named(lessons):
    project, v2, _ = lessons
    curriculum = project / "curriculum"
    (curriculum / "modules" / "wrap-up.md").write_text("---\ntitle: Ours\n---\n", encoding="utf-8")
    (curriculum / "learners" / "setup.md").unlink()  # removed by the authors; changed by the lesson
    (v2 / "instructors" / "instructor-notes.md").unlink()  # the lesson drops a page
    (v2 / "episodes" / "fig" / "loop-flow.svg").unlink()  # ... a figure
    (v2 / "episodes" / "data" / "counts.csv").unlink()  # ... and a data file the authors changed
    (curriculum / "modules" / "data" / "counts.csv").write_text("site,count\nnord,3\n", encoding="utf-8")
    done = run_glocal("import", "workbench", v2, "--into", project, "--update")
    assert done.code == 0, done.err
    assert not (curriculum / "modules" / "fig" / "loop-flow.svg").exists()
    assert (
        "removed, as the lesson removed them (you had not changed them): curriculum/modules/fig/loop-flow.svg"
        in done.out
    )
    assert (curriculum / "modules" / "data" / "counts.csv").read_text(
        encoding="utf-8"
    ) == "site,count\nnord,3\n"
    assert "curriculum/modules/data/counts.csv (the lesson no longer has it; kept)" in done.out
    assert not (
        project / "upstream" / "files" / "curriculum" / "instructors" / "instructor-notes.md"
    ).exists()
    assert (curriculum / "modules" / "wrap-up.md").read_text(encoding="utf-8") == "---\ntitle: Ours\n---\n"
    assert (
        "curriculum/modules/wrap-up.md: warning GL126: the lesson has a new file where yours is" in done.err
    )
    assert not (curriculum / "learners" / "setup.md").exists()
    assert "curriculum/learners/setup.md (you removed it; the lesson changed it)" in done.out
    assert (curriculum / "instructors" / "instructor-notes.md").is_file()
    assert "curriculum/instructors/instructor-notes.md (the lesson no longer has it; kept)" in done.out


def test_an_update_needs_the_record_and_an_import_never_overwrites_it(lessons):
    project, v2, tmp_path = lessons
    record = project / "upstream" / "lesson.json"
    assert set(json.loads(record.read_text(encoding="utf-8"))["files"]) >= {
        "curriculum/modules/loops.md",
        "curriculum/modules/fig/folder-tree.svg",
    }
    done = run_glocal("import", "workbench", v2, "--into", project)
    assert done.code == 2
    assert "upstream/lesson.json already exists" in done.err and "--update" in done.err
    record.write_text('{"files": [1, 2]}', encoding="utf-8")
    done = run_glocal("import", "workbench", v2, "--into", project, "--update")
    assert done.code == 2 and "error GL125: upstream/lesson.json cannot be read" in done.err
    record.unlink()
    done = run_glocal("import", "workbench", v2, "--into", project, "--update")
    assert done.code == 2 and "error GL125: expected upstream/lesson.json" in done.err
    assert (project / "curriculum" / "modules" / "loops.md").read_text(encoding="utf-8").count(OURS) == 1
    assert not (project / "curriculum" / "modules" / "wrap-up.md").exists()
