"""diagnostics.py: the one Diagnostic type, its three renderings, and Report ordering."""

from __future__ import annotations

import json

import pytest

from glocal.diagnostics import CODES, Diagnostic, Related, Report, Severity, Span, dumps_json

MODULE = "curriculum/modules/shared-vision.md"


def slot_twice() -> Diagnostic:
    return Diagnostic(
        "GL104",
        "slot 'case-study' is declared twice",
        Span(MODULE, 13, 0),
        related=(Related(Span(MODULE, 8, 2)),),
    )


# --- text ---------------------------------------------------------------------------------------


def test_to_text_matches_the_contract_example():
    assert slot_twice().to_text() == (
        "curriculum/modules/shared-vision.md:14:1: error GL104: "
        "slot 'case-study' is declared twice (first at line 9)"
    )


def test_to_text_with_hint_and_severity_override():
    diagnostic = Diagnostic(
        "GL118",
        "activity expected a duration",
        Span(MODULE, 0, 4),
        hint="add {duration=20}",
        severity=Severity.WARNING,
    )
    assert (
        diagnostic.to_text()
        == f"{MODULE}:1:5: warning GL118: activity expected a duration (hint: add {{duration=20}})"
    )


def test_to_text_default_severity_from_code():
    assert Diagnostic("GL210", "optional", Span("p", 2, 3)).to_text() == "p:3:4: info GL210: optional"
    assert Diagnostic("GL106", "draft", Span("p", 0, 0)).to_text() == "p:1:1: warning GL106: draft"


def test_to_text_without_line():
    assert Diagnostic("GL001", "no program", Span("curriculum/program.yml")).to_text() == (
        "curriculum/program.yml: error GL001: no program"
    )


def test_to_text_without_line_ignores_col():
    assert Diagnostic("GL001", "x", Span("p", None, 7)).to_text() == "p: error GL001: x"


def test_line_without_col_is_column_one():
    assert Diagnostic("GL101", "x", Span("p", 4)).to_text() == "p:5:1: error GL101: x"


@pytest.mark.parametrize(
    ("line", "col", "expected"),
    [
        (0, 0, (1, 1)),
        (13, 0, (14, 1)),
        (2, 9, (3, 10)),
        (5, None, (6, 1)),
        (None, None, (None, None)),
        (None, 3, (None, None)),
    ],
)
def test_one_based_conversion(line, col, expected):
    diagnostic = Diagnostic("GL101", "x", Span("p", line, col))
    assert (diagnostic.line, diagnostic.col) == expected


# --- JSON ---------------------------------------------------------------------------------------


def test_to_json():
    diagnostic = Diagnostic(
        "GL102", "unknown key 'duraton'", Span(MODULE, 3, 0), hint="did you mean 'duration'?"
    )
    assert diagnostic.to_json() == {
        "code": "GL102",
        "severity": "error",
        "path": MODULE,
        "line": 4,
        "col": 1,
        "message": "unknown key 'duraton'",
        "hint": "did you mean 'duration'?",
        "related": [],
    }


def test_to_json_without_position_or_hint():
    assert Diagnostic("GL001", "no program", Span("curriculum/program.yml")).to_json() == {
        "code": "GL001",
        "severity": "error",
        "path": "curriculum/program.yml",
        "line": None,
        "col": None,
        "message": "no program",
        "hint": None,
        "related": [],
    }


def test_to_json_serialises_with_nulls_and_unicode():
    diagnostic = Diagnostic("GL210", "vùng 'vietnam'", Span("p"))
    assert dumps_json(diagnostic.to_json()) == (
        '{\n  "code": "GL210",\n  "severity": "info",\n  "path": "p",\n  "line": null,\n  "col": null,\n'
        '  "message": "vùng \'vietnam\'",\n  "hint": null,\n  "related": []\n}'
    )
    assert json.loads(dumps_json(diagnostic.to_json()))["line"] is None


def test_to_json_lists_related_places_and_keeps_the_message_text():
    assert slot_twice().to_json() == {
        "code": "GL104",
        "severity": "error",
        "path": MODULE,
        "line": 14,
        "col": 1,
        "message": "slot 'case-study' is declared twice (first at line 9)",
        "hint": None,
        "related": [{"label": "first", "path": MODULE, "line": 9, "col": 3}],
    }


# --- related places -----------------------------------------------------------------------------


def test_related_place_in_another_file_names_its_path():
    diagnostic = Diagnostic(
        "GL524",
        "trainee id 'a' is used twice",
        Span("roster.csv", 4, 0),
        related=(Related(Span("other.csv", 1, 0)), Related(Span("x.csv"), "also")),
    )
    assert diagnostic.to_text() == (
        "roster.csv:5:1: error GL524: trainee id 'a' is used twice (first at other.csv:2:1; also in x.csv)"
    )


def test_related_place_comes_before_the_hint_in_every_format():
    diagnostic = Diagnostic(
        "GL007",
        "module 'intro' is listed twice",
        Span("p", 5, 4),
        hint="remove one",
        related=(Related(Span("p", 4, 4)),),
    )
    expected = "module 'intro' is listed twice (first at line 5) (hint: remove one)"
    assert diagnostic.to_text() == f"p:6:5: error GL007: {expected}"
    assert diagnostic.to_github().endswith(f"::{expected}")
    assert diagnostic.to_json()["message"] + f" (hint: {diagnostic.to_json()['hint']})" == expected


# --- GitHub -------------------------------------------------------------------------------------


def test_to_github():
    assert slot_twice().to_github() == (
        "::error file=curriculum/modules/shared-vision.md,line=14,col=1,title=GL104::"
        "slot 'case-study' is declared twice (first at line 9)"
    )


def test_to_github_severities():
    assert (
        Diagnostic("GL106", "m", Span("p", 0, 0)).to_github()
        == "::warning file=p,line=1,col=1,title=GL106::m"
    )
    assert (
        Diagnostic("GL210", "m", Span("p", 0, 0)).to_github() == "::notice file=p,line=1,col=1,title=GL210::m"
    )


def test_to_github_without_line():
    assert Diagnostic("GL001", "no program", Span("curriculum/program.yml")).to_github() == (
        "::error file=curriculum/program.yml,title=GL001::no program"
    )


def test_to_github_escapes_message():
    """`%` as GitHub asks; a line break as `\\n`, as in every format (a diagnostic is one line)."""
    diagnostic = Diagnostic("GL211", "100% over: a, b\nsecond line\r", Span("p", 0, 0), hint="cut 5%")
    assert diagnostic.to_github() == (
        "::warning file=p,line=1,col=1,title=GL211::100%25 over: a, b\\nsecond line\\r (hint: cut 5%25)"
    )


def test_to_github_escapes_properties():
    diagnostic = Diagnostic("GL113", "m", Span("dir:a,b%c\nd.md", 1, 2))
    assert diagnostic.to_github() == "::error file=dir%3Aa%2Cb%25c\\nd.md,line=2,col=3,title=GL113::m"


def test_every_code_has_a_severity_and_meaning():
    for code, (severity, meaning) in CODES.items():
        assert code.startswith("GL") and len(code) == 5 and code[2:].isdigit()
        assert isinstance(severity, Severity)
        assert meaning


# --- Report -------------------------------------------------------------------------------------


def test_report_deduplicates_on_code_span_and_message():
    report = Report()
    first = Diagnostic("GL104", "twice", Span("a.md", 3, 0), hint="one")
    report.add(first)
    report.add(Diagnostic("GL104", "twice", Span("a.md", 3, 0), hint="another hint"))
    report.extend([first, first])
    assert report.diagnostics == [first]
    assert len(report) == 1


def test_report_keeps_differences():
    report = Report()
    items = [
        Diagnostic("GL104", "twice", Span("a.md", 3, 0)),
        Diagnostic("GL104", "twice", Span("a.md", 3, 1)),
        Diagnostic("GL104", "twice", Span("b.md", 3, 0)),
        Diagnostic("GL117", "twice", Span("a.md", 3, 0)),
        Diagnostic("GL104", "thrice", Span("a.md", 3, 0)),
    ]
    report.extend(items)
    assert report.diagnostics == items


def test_report_sort_order():
    report = Report()
    report.extend(
        [
            Diagnostic("GL113", "z", Span("b.md", 0, 0)),
            Diagnostic("GL110", "b", Span("a.md", 9, 0)),  # line 10
            Diagnostic("GL109", "a", Span("a.md", 1, 4)),  # 2:5
            Diagnostic("GL108", "c", Span("a.md", 1, 0)),  # 2:1
            Diagnostic("GL111", "m", Span("a.md", 1, 0)),  # 2:1, later code
            Diagnostic("GL108", "a", Span("a.md", 1, 0)),  # 2:1, same code, earlier message
            Diagnostic("GL001", "no line", Span("a.md")),  # no line: first in its file
        ]
    )
    assert [d.to_text() for d in report] == [
        "a.md: error GL001: no line",
        "a.md:2:1: warning GL108: a",
        "a.md:2:1: warning GL108: c",
        "a.md:2:1: error GL111: m",
        "a.md:2:5: error GL109: a",
        "a.md:10:1: error GL110: b",
        "b.md:1:1: error GL113: z",
    ]
    assert [d.to_text() for d in report.sorted()] == [d.to_text() for d in report]
    assert [d["line"] for d in report.to_json_list()] == [None, 2, 2, 2, 2, 10, 1]


def test_report_sorts_lines_numerically():
    report = Report()
    report.extend(Diagnostic("GL110", str(n), Span("a.md", n, 0)) for n in (10, 2, 1))
    assert [d.line for d in report] == [2, 3, 11]


def test_report_counts():
    report = Report()
    report.extend(
        [
            Diagnostic("GL104", "e1", Span("curriculum/modules/a.md", 0, 0)),
            Diagnostic("GL104", "e2", Span("toolkits/regions/x/region.yml", 0, 0)),
            Diagnostic("GL106", "w", Span("curriculum/modules/b.md", 0, 0)),
            Diagnostic("GL104", "demoted", Span("toolkits/regions/y/a.md", 0, 0), severity=Severity.WARNING),
            Diagnostic("GL210", "i", Span("p", 0, 0)),
        ]
    )
    assert (report.errors, report.warnings, report.count(Severity.INFO)) == (2, 2, 1)
    assert report.has_errors_in("toolkits/regions/x/")
    assert not report.has_errors_in("toolkits/regions/y/")
    assert report.has_errors_in("curriculum/")


def test_printing_stops_after_twenty_of_one_code_in_one_file_and_says_how_many_more():
    """A roster exported wrongly gives one GL522 per row: 100,000 rows must not print 100,000 lines."""
    import io

    from glocal.cli.text import print_diagnostics

    many = [Diagnostic("GL522", f"row {n}", Span("roster.csv", n, 4)) for n in range(1, 1001)]
    other_code = [Diagnostic("GL527", "short row", Span("roster.csv", 5, 0))]
    other_file = [Diagnostic("GL522", f"row {n}", Span("other.csv", n, 0)) for n in range(1, 4)]
    out = io.StringIO()
    print_diagnostics(Report(many + other_code + other_file).sorted(), "text", out)
    lines = out.getvalue().splitlines()
    shown = [line for line in lines if line.startswith("roster.csv:") and "GL522: row" in line]
    assert (
        len(shown) == 20 and shown[0].startswith("roster.csv:2:5:") and shown[-1].startswith("roster.csv:21:")
    )
    assert "roster.csv: 980 more GL522 not shown (lines 22 to 1,001)" in lines
    assert sum("GL527" in line for line in lines) == 1  # another code of the same file: its own count
    assert sum(line.startswith("other.csv:") for line in lines) == 3
    assert len(lines) == 20 + 1 + 3 + 1
    github = io.StringIO()
    print_diagnostics(many, "github", github)
    assert github.getvalue().count("::error") == 20
    assert github.getvalue().splitlines()[-1] == "roster.csv: 980 more GL522 not shown (lines 22 to 1,001)"


def test_a_diagnostic_line_shows_control_and_direction_characters_as_escapes():
    """Messages quote cells and names from many hands: a terminal escape, a line break or a
    right-to-left override in them must not clear the screen, forge a line or reverse the line."""
    diagnostic = Diagnostic(
        "GL524", "trainee id 'a\x1b[2J\u202eb\r\nok' used twice", Span("r\u202e.csv", 1, 0), hint="x\u2066y"
    )
    text = diagnostic.to_text()
    assert (
        text == "r\\u202e.csv:2:1: error GL524: trainee id 'a\\x1b[2J\\u202eb\\r\\nok' used twice"
        " (hint: x\\u2066y)"
    )
    github = diagnostic.to_github()
    assert "\x1b" not in github and "\u202e" not in github and "\n" not in github and "\u2066" not in github
    kept = Diagnostic("GL524", "ليلى\u200f\tNguyễn", Span("a.csv"))
    assert kept.to_text() == "a.csv: error GL524: ليلى\u200f\tNguyễn"  # marks and tabs are text
