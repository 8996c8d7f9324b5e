"""Overlay drift (issue 11, item 1): a fill remembers the core it adapted; a core change warns the
region (GL221) until `glocal adapt accept` records the review."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, run_glocal
from glocal.checks import drift
from glocal.load import load_project
from glocal.pipeline.adapting import record_untracked

MODULE = "curriculum/modules/intro.md"
FILL = "toolkits/regions/north/intro.md"
LOCK = "toolkits/regions/north/adapted.lock.yml"
OLD_DEFAULT = "A manufacturer and its training provider agreed on shared safety goals."


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The tiny `clean` fixture: one module with one slot, one region `north` that fills it."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "clean", root, ignore=shutil.ignore_patterns("expected*"))
    return root


def _edit(root: Path, path: str, old: str, new: str) -> None:
    text = (root / path).read_text(encoding="utf-8")
    assert old in text
    (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")


def _check(root: Path) -> tuple[list[dict], dict[str, int]]:
    result = run_glocal("-C", root, "check", "--format", "json")
    data = json.loads(result.out)
    return data["diagnostics"], {site["site"]: site["stale_fills"] for site in data["sites"]}


def test_a_core_change_warns_the_region_until_it_accepts(project: Path):
    accepted = run_glocal("-C", project, "adapt", "accept", "north")
    assert accepted.code == 0, accepted.err
    assert accepted.out.splitlines() == [
        "accepted north intro:case-study (not tracked before)",
        f"updated {LOCK}",
    ]
    lock = (project / LOCK).read_text(encoding="utf-8")
    assert f"    default: {OLD_DEFAULT}\n" in lock  # the reviewed text is in the lock, for diffs

    _edit(project, MODULE, OLD_DEFAULT, OLD_DEFAULT[:-1] + " and cut accidents by half.")
    text = run_glocal("-C", project, "check")
    assert text.code == 0  # a warning
    assert text.out.splitlines()[0] == (
        f"{FILL}:1:1: warning GL221: region 'north' adapted 'intro/case-study' from an older core: "
        "the slot's default text changed "
        '(~"… shared safety goals{+ and cut accidents by half+}.") '
        f"(core slot at {MODULE}:27:1) "
        "(hint: review the fill, then run: glocal adapt accept north intro:case-study)"
    )
    assert run_glocal("-C", project, "check", "--strict").code == 1  # policy: drift fails CI
    diagnostics, stale = _check(project)
    assert [(d["code"], d["path"], d["line"], d["col"]) for d in diagnostics] == [("GL221", FILL, 1, 1)]
    assert stale == {"north/en": 1}

    again = run_glocal("-C", project, "adapt", "accept", "north", "intro:case-study")
    assert again.code == 0, again.err
    assert (
        again.out.splitlines()[0]
        == "accepted north intro:case-study (the core changed since the last review)"
    )
    assert _check(project) == ([], {"north/en": 0})
    nothing = run_glocal("-C", project, "adapt", "accept", "north")
    assert "nothing to record" in nothing.out and nothing.code == 0


@pytest.mark.parametrize(
    ("old", "new", "what"),
    [
        (
            "brief: A partnership from your region.",
            "brief: A partnership from your own region.",
            "slot's brief",
        ),
        (
            "Partners agree on goals, share data openly",
            "Partners agree on goals, share learner data openly",
            "section around the slot",
        ),
    ],
)
def test_the_brief_and_the_section_around_the_slot_are_adapted_too(project: Path, old, new, what):
    run_glocal("-C", project, "adapt", "accept", "north")
    _edit(project, MODULE, old, new)
    diagnostics, _ = _check(project)
    assert len(diagnostics) == 1 and f"from an older core: the {what} changed (" in diagnostics[0]["message"]


def test_a_change_elsewhere_in_the_module_is_not_drift(project: Path):
    run_glocal("-C", project, "adapt", "accept", "north")
    _edit(project, MODULE, "title: Introduction", "title: An introduction")
    text = (project / MODULE).read_text(encoding="utf-8")
    (project / MODULE).write_text(text + "\n## Further reading\n\nA new section below the slot.\n")
    assert _check(project) == ([], {"north/en": 0})


def test_fills_written_before_the_lock_are_not_flagged_and_check_writes_nothing(project: Path):
    _edit(project, MODULE, OLD_DEFAULT, "A different default.")  # the core changed; no lock yet
    assert _check(project) == ([], {"north/en": 0})
    assert not (project / LOCK).exists()  # check only reads

    loaded, problems = load_project(project)
    assert record_untracked(loaded, problems) == [LOCK]  # what `build` does after its check
    assert "    default: A different default.\n" in (project / LOCK).read_text(encoding="utf-8")
    loaded, problems = load_project(project)
    assert record_untracked(loaded, problems) == []  # an entry that is there is never rewritten


def test_build_records_untracked_fills(project: Path):
    result = run_glocal("-C", project, "build")
    assert result.code == 0, result.err
    assert (project / LOCK).is_file()
    # the build says it wrote a file of the project, once
    assert f"recorded new fills as reviewed against the current core in {LOCK}" in result.out.splitlines()
    assert _check(project) == ([], {"north/en": 0})
    again = run_glocal("-C", project, "build", "--format", "json")
    assert json.loads(again.out)["recorded"] == []


def test_a_broken_lock_is_a_warning_and_accept_does_not_overwrite_it(project: Path):
    (project / LOCK).write_text("intro: [unclosed\n", encoding="utf-8")
    diagnostics, _ = _check(project)
    assert [(d["code"], d["path"], d["severity"]) for d in diagnostics] == [("GL222", LOCK, "warning")]
    result = run_glocal("-C", project, "adapt", "accept", "north")
    assert result.code == 1 and "GL222" in result.err
    assert (project / LOCK).read_text(encoding="utf-8") == "intro: [unclosed\n"


def test_a_merge_conflict_left_in_the_lock_is_named_as_such_and_status_shows_it(project: Path):
    assert run_glocal("-C", project, "adapt", "accept", "north").code == 0
    lock = project / LOCK
    text = lock.read_text(encoding="utf-8")
    lock.write_text("<<<<<<< HEAD\n" + text + "=======\n" + text + ">>>>>>> theirs\n", encoding="utf-8")
    diagnostics, _ = _check(project)
    assert [(d["code"], d["line"], d["message"]) for d in diagnostics] == [
        (
            "GL222",
            1,
            "a merge conflict is left in the file (<<<<<<<): drift of this region's fills is not tracked",
        )
    ]
    status = run_glocal("-C", project, "status", "north", "--todo")
    assert status.code == 0  # a warning: nothing is blocked, but the lead is told drift is not tracked
    assert any("warning GL222: a merge conflict" in line for line in status.out.splitlines())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nort"], "no region 'nort': expected one of north (hint: did you mean 'north'?)"),
        (["north", "intra"], "no module 'intra': expected one of intro (hint: did you mean 'intro'?)"),
        (["north", "intro:case"], "module 'intro' declares no slot 'case': expected one of case-study"),
        # an empty module or slot: `:case-study` accepted the whole region, `intro:` the module
        (["north", ":case-study"], "':case-study' names no fill: expected MODULE or MODULE:SLOT"),
        (["north", "intro:"], "'intro:' names no fill: expected MODULE or MODULE:SLOT"),
        (["north", "intro/"], "'intro/' names no fill: expected MODULE or MODULE:SLOT"),
    ],
)
def test_unknown_names_are_usage_errors(project: Path, args, message):
    result = run_glocal("-C", project, "adapt", "accept", *args)
    assert result.code == 2
    assert f"<command line>: error GL223: {message}" in result.err
    assert not (project / LOCK).exists()


def test_a_fill_is_named_as_the_warning_names_it_and_a_scoped_accept_says_what_it_checked(project: Path):
    assert run_glocal("-C", project, "adapt", "accept", "north").code == 0
    _edit(project, MODULE, OLD_DEFAULT, OLD_DEFAULT[:-1] + " and cut accidents by half.")
    accepted = run_glocal("-C", project, "adapt", "accept", "north", "intro/case-study")  # as GL221 names it
    assert accepted.code == 0, accepted.err
    assert (
        accepted.out.splitlines()[0]
        == "accepted north intro:case-study (the core changed since the last review)"
    )
    nothing = run_glocal("-C", project, "adapt", "accept", "north", "intro")
    assert nothing.out.splitlines() == [
        "nothing to record: north's fills of intro were already reviewed against the current core"
    ]


def test_the_portal_shows_each_sites_stale_fills(project: Path):
    from glocal.build.portal import render_portal
    from glocal.pipeline import check

    run_glocal("-C", project, "adapt", "accept", "north")
    _edit(project, MODULE, OLD_DEFAULT, "A different default.")
    result = check(project)
    html = render_portal(result.project, result.summaries, set())
    assert '<span class="stale">1 stale</span>' in html


def test_each_core_slot_is_read_once_for_every_region_that_fills_it():
    """The sample's regions fill the same slots: the core text of each is worked out once."""
    from conftest import REPO
    from glocal.checks import drift

    sample, _ = load_project(REPO)
    drift._core_text.cache_clear()
    fills = [fill for region in sample.regions for fill in drift.fills(sample, region)]
    slots = {(fill.module, fill.slot) for fill in fills}
    assert len(fills) > 2 * len(slots)  # several regions fill each slot
    assert drift._core_text.cache_info().misses == len(slots)


def test_an_edited_line_is_shown_word_by_word_around_its_change():
    old = (
        "Northway Freight wanted to strengthen its frontline managers. It formed a joint design team "
        "with Meridian Leadership, a leadership-development firm, and met every week."
    )
    new = old.replace("a joint design team", "a joint design team of six").replace("week.", "month.")
    assert drift.word_diff(old, new) == (
        "… managers. It formed a joint design team{+ of six+} with Meridian Leadership, a "
        "leadership-development firm, and met every [-week-]{+month+}."
    )
    # long unchanged runs are shortened either side, never the words next to a change
    long = " ".join(f"w{n}" for n in range(40))
    assert (
        drift.word_diff(long + " end.", long + " finish.")
        == "… w32 w33 w34 w35 w36 w37 w38 w39 [-end-]{+finish+}."
    )
    assert drift.word_diff("same words here", "same words here") == "same words here"
    huge = "word " * 2000
    assert drift.word_diff(huge, huge + "more") is None  # past MAX_WORD_DIFF: the two lines


def test_a_rewritten_line_stays_two_lines():
    lines = ["-The team met every week.", "+Participants chose their own coaches."]
    assert drift.word_diff(lines[0][1:], lines[1][1:]) is None
    assert drift.readable(lines) == lines


def test_readable_pairs_removed_and_added_lines_in_order():
    lines = [
        "-First line of the default.",
        "-Second line of the default.",
        "+First line of the new default.",
        "+Second line of the default, longer.",
        "+A line added on its own.",
        "… 2 more changed line(s)",
    ]
    # two removed against three added: which pairs with which is not known, all are kept
    assert drift.readable(lines) == lines
    assert drift.readable(lines[:4] + lines[5:]) == [
        "~First line of the{+ new+} default.",
        "~Second line of the default{+, longer+}.",
        "… 2 more changed line(s)",
    ]


def test_the_warning_shows_three_changes_and_counts_the_rest():
    old = "\n".join(f"Step {n} of the pilot took a week with the depot managers." for n in range(1, 7))
    assert drift._short(["+", "+A new paragraph.", "+"]) == ['+"A new paragraph."']
    same = "\n".join(["The pilot took a week."] * 5)
    assert len(drift._short(drift.diff(same, same.replace("week", "month"), 50))) == 4  # 3 and a count
    new = old.replace("a week", "a month")
    lines = drift.diff(old, new, drift.MESSAGE_DIFF_LINES)
    assert len(lines) == 12
    assert drift._short(lines) == [
        '~"Step 1 of the pilot took a [-week-]{+month+} with the depot managers."',
        '~"Step 2 of the pilot took a [-week-]{+month+} with the depot managers."',
        '~"Step 3 of the pilot took a [-week-]{+month+} with the depot managers."',
        "… 3 more change(s)",
    ]
