"""Cohort rosters: every bad cell or row is a diagnostic with line and column, and no pack is written."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from conftest import copy_sample, copy_small_sample
from glocal.cli import main
from glocal.diagnostics import Related, Span
from glocal.load import load_project
from glocal.packs.roster import read_roster

HEADER = "id,name,email,attended,knowledge_check,teach_back,observed_deliveries"
GOOD = "vn-01,Nguyễn Thị Hồng Nhung,nhung.nguyen@example.vn,all,92,3.5,1"
COLUMNS = "id, name, email, attended, knowledge_check, teach_back, observed_deliveries"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the sample with an issuer key, so only the roster can stop a pack."""
    root = copy_sample(tmp_path_factory.mktemp("roster") / "sample")
    assert main(["-C", str(root), "keygen"]) == 0
    return root


@pytest.fixture(scope="module")
def small_project(tmp_path_factory) -> Path:
    """A small copy of the sample (conftest) with an issuer key, for the test that packs: what a
    roster row does to the pack does not depend on how many modules the program has."""
    root = copy_small_sample(tmp_path_factory.mktemp("roster-small") / "sample")
    assert main(["-C", str(root), "keygen"]) == 0
    return root


@pytest.fixture(scope="module")
def loaded(project):
    loaded_project, _ = load_project(project)
    return loaded_project


def write(tmp_path: Path, lines: list[str], name: str = "cohort.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def pack(glocal, project: Path, roster: Path, out: Path):
    return glocal("-C", project, "pack", "vietnam/vi", "--roster", roster, "--out", out)


def diagnostic_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if " error GL" in line or " warning GL" in line]


def assert_no_pack(project: Path, out: Path) -> None:
    assert not out.exists(), f"a pack was written: {sorted(out.rglob('*'))}"
    assert not (project / "dist").exists()


def col(line: str, index: int) -> int:
    """1-based column where cell `index` of an unquoted CSV line starts."""
    return len(",".join(line.split(",")[:index])) + (2 if index else 1)


def row(
    knowledge: str = "90",
    teach_back: str = "3.5",
    observed: str = "1",
    name: str = "Lê Thu Hà",
    email: str = "ha.le@example.vn",
    attended: str = "all",
    ident: str = "vn-03",
    extra: str = "",
) -> str:
    return f"{ident},{name},{email},{attended},{knowledge},{teach_back},{observed}{extra}"


MODULE_TYPO = row(attended="shared-vison;co-creation")
NOT_NUMBER = row(knowledge="ninety")
NOT_WHOLE = row(observed="1.5")
OVER_100 = row(knowledge="101")
TEACH_BACK_5 = row(teach_back="5")
NEGATIVE = row(observed="-1")
LEVEL_5 = row(teach_back="3", extra=",5")
EMPTY_NAME = row(name="")
BLANK_NAME = row(name="   ")
BAD_EMAIL = row(email="ha.le(at)example.vn")
EMPTY_ID = row(ident="")
SHORT = row()[: row().rindex(",")]
LONE_QUOTE = row(name='Lê "Thu Hà', email="ha.le@example")
EMPTY_KNOWLEDGE = row(knowledge="")
EMPTY_TEACH_BACK = row(teach_back="")
EMPTY_EMAIL = row(email="")
LONG = row(extra=",2")

# rows (the header included) -> expected (line, col, code, message); the roster's path is added in the test
CASES = {
    "missing column (misspelt header)": (
        ["id,name,emial,attended,knowledge_check,teach_back,observed_deliveries", GOOD],
        [
            (
                1,
                1,
                "GL520",
                f"the roster has no 'email' column: expected columns {COLUMNS} (hint: did you mean 'emial'?)",
            )
        ],
    ),
    "missing column (absent)": (
        ["id,name,email,attended,knowledge_check,teach_back", GOOD[: GOOD.rindex(",")]],
        [(1, 1, "GL520", f"the roster has no 'observed_deliveries' column: expected columns {COLUMNS}")],
    ),
    "unknown module": (
        [HEADER, GOOD, MODULE_TYPO],
        [
            (
                3,
                col(MODULE_TYPO, 3),
                "GL521",
                "'attended' expected a module id of the program but found 'shared-vison' (text) "
                "(hint: did you mean 'shared-vision'?)",
            )
        ],
    ),
    "non-number": (
        [HEADER, NOT_NUMBER],
        [
            (
                2,
                col(NOT_NUMBER, 4),
                "GL522",
                "'knowledge_check' expected a number between 0 and 100 but found 'ninety' (text)",
            )
        ],
    ),
    "non-whole observed deliveries": (
        [HEADER, NOT_WHOLE],
        [
            (
                2,
                col(NOT_WHOLE, 6),
                "GL522",
                "'observed_deliveries' expected a whole number of at least 0 but found '1.5' (text)",
            )
        ],
    ),
    "knowledge check over 100": (
        [HEADER, OVER_100],
        [
            (
                2,
                col(OVER_100, 4),
                "GL523",
                "'knowledge_check' expected a number between 0 and 100 but found 101",
            )
        ],
    ),
    "teach-back above the top rubric level": (
        [HEADER, TEACH_BACK_5],
        [(2, col(TEACH_BACK_5, 5), "GL523", "'teach_back' expected a number between 1 and 4 but found 5")],
    ),
    "negative observed deliveries": (
        [HEADER, NEGATIVE],
        [
            (
                2,
                col(NEGATIVE, 6),
                "GL523",
                "'observed_deliveries' expected a whole number at least 0 but found -1",
            )
        ],
    ),
    "criterion level out of range": (
        [HEADER + ",opening", LEVEL_5],
        [(2, col(LEVEL_5, 7), "GL523", "'opening' expected a whole number between 1 and 4 but found 5")],
    ),
    "duplicate id": (
        [HEADER, GOOD, row(ident="vn-02"), row(ident="vn-01")],
        [(4, 1, "GL524", "trainee id 'vn-01' is used twice (first at line 2)")],
    ),
    "empty name": (
        [HEADER, EMPTY_NAME],
        [(2, 7, "GL526", "'name' expected non-empty text but found an empty value")],
    ),
    "blank name": (
        [HEADER, BLANK_NAME],
        [(2, 7, "GL526", "'name' expected non-empty text but found an empty value")],
    ),
    "bad email": (
        [HEADER, BAD_EMAIL],
        [
            (
                2,
                col(BAD_EMAIL, 2),
                "GL526",
                "'email' expected an e-mail address but found 'ha.le(at)example.vn'",
            )
        ],
    ),
    "empty id": (
        [HEADER, EMPTY_ID],
        [(2, 1, "GL526", "'id' expected non-empty text but found an empty value")],
    ),
    "too few cells": ([HEADER, GOOD, SHORT], [(3, 1, "GL527", "row has 6 cells but the header has 7")]),
    "too many cells": ([HEADER, LONG, GOOD], [(2, 1, "GL527", "row has 8 cells but the header has 7")]),
    "column after a quoted comma": (
        [HEADER, 'vn-01,"Lê, Thu Hà",ha.le@example,all,90,3.5,1'],
        [(2, 20, "GL526", "'email' expected an e-mail address but found 'ha.le@example'")],
    ),
    "column after a lone quote inside a cell (a literal quote to csv)": (
        [HEADER, LONE_QUOTE],
        [(2, col(LONE_QUOTE, 2), "GL526", "'email' expected an e-mail address but found 'ha.le@example'")],
    ),
    "cell on the second line of a quoted line break": (  # (an ignored column's: a name may not break)
        ["notes," + HEADER, '"Session 1\nnotes",vn-01,Lê Thu Hà,ha.le@example,all,90,3.5,1'],
        [(3, 24, "GL526", "'email' expected an e-mail address but found 'ha.le@example'")],
    ),
    "row after a quoted line break": (
        [
            HEADER + ",notes",
            'vn-01,Lê Thu Hà,ha.le@example.vn,all,90,3.5,1,"Session 1\nnotes"',
            NOT_NUMBER + ",",
        ],
        [
            (
                4,
                col(NOT_NUMBER, 4),
                "GL522",
                "'knowledge_check' expected a number between 0 and 100 but found 'ninety' (text)",
            )
        ],
    ),
    "empty knowledge check": (
        [HEADER, EMPTY_KNOWLEDGE],
        [
            (
                2,
                col(EMPTY_KNOWLEDGE, 4),
                "GL522",
                "'knowledge_check' expected a number between 0 and 100 but found an empty value",
            )
        ],
    ),
    "empty teach-back without criterion levels": (
        [HEADER, EMPTY_TEACH_BACK],
        [
            (
                2,
                col(EMPTY_TEACH_BACK, 5),
                "GL522",
                "'teach_back' expected a number between 1 and 4 (or per-criterion levels) "
                "but found an empty value",
            )
        ],
    ),
    "empty email": (
        [HEADER, EMPTY_EMAIL],
        [(2, col(EMPTY_EMAIL, 2), "GL526", "'email' expected non-empty text but found an empty value")],
    ),
}

#: one case per code, run through `glocal pack` (the others are checked on the parsed roster)
THROUGH_THE_CLI = [
    "missing column (misspelt header)",
    "unknown module",
    "non-number",
    "knowledge check over 100",
    "duplicate id",
    "empty name",
    "bad email",
    "too few cells",
]


def test_the_column_helper_counts_like_a_person():
    assert col("vn-03,Lê Thu Hà,ha.le@example.vn,all,ninety,3.5,1", 4) == 38
    assert col("a,b", 0) == 1


@pytest.mark.parametrize("case", list(CASES))
def test_bad_roster_row_gives_its_exact_diagnostic(loaded, tmp_path, case):
    lines, expected = CASES[case]
    path = write(tmp_path, lines)
    roster = read_roster(path, str(path), loaded.certification, list(loaded.modules))
    assert [d.to_text() for d in roster.diagnostics] == [
        f"{path}:{line}:{column}: error {code}: {message}" for line, column, code, message in expected
    ]


@pytest.mark.parametrize("case", THROUGH_THE_CLI)
def test_bad_roster_gives_its_diagnostic_and_no_pack(glocal, project, tmp_path, case):
    lines, expected = CASES[case]
    roster = write(tmp_path, lines)
    out = tmp_path / "out"
    result = pack(glocal, project, roster, out)
    assert result.code == 1, result.err
    assert diagnostic_lines(result.err) == [
        f"{roster}:{line}:{column}: error {code}: {message}" for line, column, code, message in expected
    ]
    assert result.err.rstrip().endswith("no pack written")
    assert result.out == ""
    assert_no_pack(project, out)


def test_latin1_roster_is_gl525_at_the_first_bad_byte(glocal, project, tmp_path):
    roster = write(tmp_path, [HEADER, "vn-01,José Müller,jose@example.vn,all,90,3.5,1"], encoding="latin-1")
    out = tmp_path / "out"
    result = pack(glocal, project, roster, out)
    assert result.code == 1
    assert diagnostic_lines(result.err) == [
        f"{roster}:2:10: error GL525: expected UTF-8 text but found the byte 0xe9 "
        "(hint: export the roster as CSV UTF-8)"
    ]
    assert_no_pack(project, out)


def test_every_problem_of_a_roster_is_reported_at_once(glocal, project, tmp_path):
    third = "vn-02,,khoa.tran@example,shared-vison,ninety,3.2,1"
    fourth = "vn-01,Lê Thu Hà,ha.le@example.vn,all,101,3.5,1"
    roster = write(tmp_path, [HEADER, GOOD, third, fourth])
    out = tmp_path / "out"
    result = pack(glocal, project, roster, out)
    assert result.code == 1
    found = [
        (
            int(line.split(": error ")[0].rsplit(":", 2)[1]),
            int(line.split(": error ")[0].rsplit(":", 2)[2]),
            line.split(": error ")[1][:5],
        )
        for line in diagnostic_lines(result.err)
    ]
    assert found == [
        (3, col(third, 1), "GL526"),
        (3, col(third, 2), "GL526"),
        (3, col(third, 3), "GL521"),
        (3, col(third, 4), "GL522"),
        (4, 1, "GL524"),
        (4, col(fourth, 4), "GL523"),
    ]
    assert_no_pack(project, out)


def test_a_good_row_next_to_a_bad_one_still_yields_no_pack_but_alone_it_does(
    glocal, small_project, tmp_path, monkeypatch
):
    bad_row = "vn-02,Trần Minh Khoa,khoa.tran@example.vn,all,85,3.2,-1"
    bad = write(tmp_path, [HEADER, GOOD, bad_row], name="mixed.csv")
    out = tmp_path / "out"
    result = pack(glocal, small_project, bad, out)
    assert result.code == 1
    assert diagnostic_lines(result.err) == [
        f"{bad}:3:{col(bad_row, 6)}: error GL523: "
        "'observed_deliveries' expected a whole number at least 0 but found -1"
    ]
    assert_no_pack(small_project, out)

    # the control: the good row on its own is packed (so the refusal above is the bad row's doing)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    good = write(tmp_path, [HEADER, GOOD], name="good.csv")
    result = pack(glocal, small_project, good, out)
    assert result.code == 0, result.err
    assert (out / "packs" / "vietnam-vi-good.zip").is_file()
    assert "certified: 1 (vn-01)" in result.out


def test_nan_score_gives_gl522_and_no_pack(glocal, project, tmp_path):
    """'nan' parses as a float but is no score: it must be GL522, not a pack."""
    line = row(knowledge="nan")
    roster = write(tmp_path, [HEADER, line])
    out = tmp_path / "out"
    result = pack(glocal, project, roster, out)
    assert result.code == 1, result.out
    assert diagnostic_lines(result.err) == [
        f"{roster}:2:{col(line, 4)}: error GL522: "
        "'knowledge_check' expected a number between 0 and 100 but found 'nan' (text)"
    ]
    assert_no_pack(project, out)


@pytest.mark.parametrize(
    "line,header,index,expected",
    [
        (
            row(teach_back="NaN"),
            HEADER,
            5,
            "GL522: 'teach_back' expected a number between 1 and 4 but found 'NaN' (text)",
        ),
        (
            row(observed="nan"),
            HEADER,
            6,
            "GL522: 'observed_deliveries' expected a whole number of at least 0 but found 'nan' (text)",
        ),
        (
            row(observed="inf"),
            HEADER,
            6,
            "GL52",
        ),  # GL522 or GL523: either is a diagnostic, a traceback is not
        (
            row(teach_back="3", extra=",nan"),
            HEADER + ",opening",
            7,
            "GL522: 'opening' expected a whole number between 1 and 4 but found 'nan' (text)",
        ),
    ],
    ids=["teach-back NaN", "deliveries nan", "deliveries inf", "criterion nan"],
)
def test_non_finite_numbers_are_diagnostics_not_crashes(loaded, tmp_path, line, header, index, expected):
    path = write(tmp_path, [header, line])
    roster = read_roster(path, str(path), loaded.certification, list(loaded.modules))
    found = [d.to_text() for d in roster.diagnostics]
    assert len(found) == 1, (
        f"expected one diagnostic for {line!r}, got {found} and trainees {roster.trainees}"
    )
    [diagnostic] = found
    assert diagnostic.startswith(f"{path}:2:{col(line, index)}: error {expected}")
    assert roster.trainees == []


# ------------------------------------------------------------------ reading rosters (no pack needed)


def test_excel_style_roster_is_read(loaded, tmp_path):
    """UTF-8 with BOM, CRLF line ends, quoted cells with commas, criterion levels for the teach-back."""
    path = tmp_path / "excel.csv"
    text = (
        "\ufeff" + HEADER + ",opening,transfer,notes\r\n"
        'vn-01,"Nguyễn, Thị Hồng Nhung",Nhung.Nguyen@Example.vn,all,92,,1,4,3,'
        '"said ""thanks"", left early"\r\n'
        "vn-02,Trần Minh Khoa,khoa.tran@example.vn,shared-vision; co-creation,85,3.2,0,,,\r\n"
        ",,,,,,,,,\r\n"
    )
    path.write_bytes(text.encode("utf-8"))
    roster = read_roster(path, "excel.csv", loaded.certification, list(loaded.modules))
    assert roster.diagnostics == []
    first, second = roster.trainees
    assert (first.id, first.name, first.attended, first.knowledge_check, first.teach_back, first.levels) == (
        "vn-01",
        "Nguyễn, Thị Hồng Nhung",
        tuple(loaded.modules),
        92.0,
        3.5,
        {"opening": 4, "transfer": 3},
    )
    assert (second.attended, second.teach_back, second.observed_deliveries, second.line) == (
        ("shared-vision", "co-creation"),
        3.2,
        0,
        2,
    )


def test_empty_roster_is_gl520(loaded, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    roster = read_roster(path, "empty.csv", loaded.certification, list(loaded.modules))
    assert [d.to_text() for d in roster.diagnostics] == [
        f"empty.csv:1:1: error GL520: the roster is empty: expected a header row with {COLUMNS}"
    ]
    assert roster.trainees == []


def test_missing_roster_file_is_a_diagnostic(glocal, project, tmp_path):
    out = tmp_path / "out"
    result = pack(glocal, project, tmp_path / "nope.csv", out)
    assert result.code == 2  # a missing input file is an I/O failure
    [line] = diagnostic_lines(result.err)
    assert line.startswith(f"{tmp_path / 'nope.csv'}: error GL525: cannot read the roster")
    assert_no_pack(project, out)


def test_a_duplicate_id_points_back_at_its_first_row_with_a_related_place(loaded, tmp_path):
    path = write(tmp_path, [HEADER, GOOD, row(ident="vn-02"), row(ident="vn-01")])
    roster = read_roster(path, "cohort.csv", loaded.certification, list(loaded.modules))
    [duplicate] = roster.diagnostics
    assert (duplicate.code, duplicate.message) == ("GL524", "trainee id 'vn-01' is used twice")
    assert duplicate.span == Span("cohort.csv", 3, 0)
    assert duplicate.related == (Related(Span("cohort.csv", 1, 0)),)
    assert duplicate.text == "trainee id 'vn-01' is used twice (first at line 2)"
    assert duplicate.to_json()["related"] == [{"label": "first", "path": "cohort.csv", "line": 2, "col": 1}]
    assert [t.id for t in roster.trainees] == ["vn-01", "vn-02"]  # the row with the duplicate is refused


def test_a_level_the_rubric_skips_is_gl523(loaded, tmp_path):
    """Levels 1, 2 and 4 (no 3): a 3 is within the bounds but is no level of the rubric."""
    certification = dataclasses.replace(
        loaded.certification, levels={1: "Not yet", 2: "Developing", 4: "Exemplary"}
    )
    line = row(teach_back="2", extra=",3")
    path = write(tmp_path, [HEADER + ",opening", line])
    roster = read_roster(path, "cohort.csv", certification, list(loaded.modules))
    assert [d.to_text() for d in roster.diagnostics] == [
        f"cohort.csv:2:{col(line, 7)}: error GL523: "
        "'opening' expected one of the rubric levels [1, 2, 4] but found 3"
    ]


@pytest.mark.parametrize("separator", [";", "\t"])
def test_a_roster_separated_by_semicolons_or_tabs_is_one_error_saying_so(loaded, tmp_path, separator):
    """Danish or Vietnamese Excel saves CSV with semicolons: seven 'no column' errors hid why."""
    header = HEADER.replace(",", separator)
    path = write(tmp_path, [header, GOOD.replace(",", separator)])
    roster = read_roster(path, "cohort.csv", loaded.certification, list(loaded.modules))
    assert [(d.code, d.span, d.message) for d in roster.diagnostics] == [
        (
            "GL520",
            Span("cohort.csv", 0, 0),
            f"the roster's columns are separated by {'tabs' if separator == chr(9) else repr(separator)}, "
            "not commas (spreadsheets in many languages save CSV so)",
        )
    ]


def _starts_by_the_csv_module(text: str) -> list[int]:
    """Where each cell starts, asking the `csv` module about the text up to each comma (quadratic:
    what `_cell_starts` did, kept here as its reference)."""
    import csv
    import io

    def cells(prefix: str) -> int:
        try:
            return len(next(csv.reader(io.StringIO(prefix)), []))
        except csv.Error:
            return 0

    starts = [0]
    for index, char in enumerate(text):
        if char == "," and cells(text[: index + 1]) > len(starts):
            starts.append(index + 1)
    return starts


def test_cell_positions_are_the_csv_modules_in_one_pass():
    """A row of 120,000 commas with an error took 27 s to place its diagnostic."""
    import csv
    import io
    import random
    import time

    from glocal.packs.roster import _cell_starts

    rng = random.Random(16)
    compared = 0
    for _ in range(3000):
        text = "".join(rng.choice('ab,"" \n\r') for _ in range(rng.randint(0, 14)))
        try:
            if len(list(csv.reader(io.StringIO(text)))) != 1:
                continue  # a record, as the roster's reader gives one
        except csv.Error:
            continue
        assert _cell_starts(text) == _starts_by_the_csv_module(text), repr(text)
        compared += 1
    assert compared > 1000
    start = time.monotonic()
    assert len(_cell_starts("," * 120_000 + "\n")) == 120_001
    assert time.monotonic() - start < 1.0


def test_a_column_given_twice_is_gl520_at_the_second(loaded, tmp_path):
    """The first one's value was used, silently: a later `knowledge_check` of 95 was ignored, and
    of `opening,opening` with 4 and 2 the trainee's level was 4. Which one counts is the
    coordinator's to say."""
    header = HEADER + ",knowledge_check"
    path = write(tmp_path, [header, GOOD + ",95"])
    roster = read_roster(path, "cohort.csv", loaded.certification, list(loaded.modules))
    assert [(d.code, d.span, d.message) for d in roster.diagnostics] == [
        (
            "GL520",
            Span("cohort.csv", 0, col(header, 7) - 1),
            "the roster has the column 'knowledge_check' twice (columns 5 and 8)",
        )
    ]
    assert roster.trainees == []


def test_a_criterion_given_twice_is_gl520_too(loaded, tmp_path):
    path = write(tmp_path, [HEADER + ",opening,opening", row(teach_back="", extra=",4,2")])
    roster = read_roster(path, "cohort.csv", loaded.certification, list(loaded.modules))
    assert [d.message for d in roster.diagnostics] == [
        "the roster has the column 'opening' twice (columns 8 and 9)"
    ]


def test_a_teach_back_far_from_the_criteria_is_gl547_and_counts(loaded, tmp_path):
    """A trainee observed at level 1 on every criterion was certified on a teach_back of 4, with
    nothing said: the cell still counts (it always did), and the coordinator is told."""
    header = HEADER + ",opening,transfer,close"
    line = row(teach_back="4", extra=",1,1,1")
    roster = read_roster(
        write(tmp_path, [header, line]), "cohort.csv", loaded.certification, list(loaded.modules)
    )
    assert [(d.code, d.level.value, d.span, d.message) for d in roster.diagnostics] == [
        (
            "GL547",
            "warning",
            Span("cohort.csv", 1, col(line, 5) - 1),
            "'teach_back' is 4 but the 3 criterion level(s) of this row average 1.00: "
            "the teach_back cell is the one that counts",
        )
    ]
    assert roster.trainees[0].teach_back == 4.0
    close = read_roster(
        write(tmp_path, [header, row(teach_back="3.5", extra=",3,4,3")], name="close.csv"),
        "close.csv",
        loaded.certification,
        list(loaded.modules),
    )
    assert close.diagnostics == []  # within a level: no warning


def test_invalid_levels_are_not_also_an_empty_teach_back(loaded, tmp_path):
    header = HEADER + ",opening,transfer"
    path = write(tmp_path, [header, row(teach_back="", extra=",5,0")])
    roster = read_roster(path, "cohort.csv", loaded.certification, list(loaded.modules))
    codes = [d.code for d in roster.diagnostics]
    assert codes and "teach_back" not in " ".join(d.message for d in roster.diagnostics), codes


@pytest.mark.parametrize(("written", "percent"), [('"0,85"', "85"), ("0.5", "50"), (".07", "7")])
def test_a_knowledge_check_written_as_a_fraction_is_refused_not_read_as_under_one_percent(
    loaded, tmp_path, written, percent
):
    """A spreadsheet's 85% exported as 0.85 (or 0,85) was read as 0.85%: every trainee failed."""
    line = row(knowledge=written)
    path = write(tmp_path, [HEADER, line])
    roster = read_roster(path, str(path), loaded.certification, list(loaded.modules))
    [diagnostic] = roster.diagnostics
    assert diagnostic.code == "GL523" and diagnostic.line == 2 and diagnostic.col == col(line, 4)
    assert "looks like a fraction" in diagnostic.message and f"write {percent}," in diagnostic.message
    assert roster.trainees == []


@pytest.mark.parametrize("written", ["0", "1", '"1,5"', "85", "100"])
def test_a_knowledge_check_of_zero_or_from_one_percent_is_read(loaded, tmp_path, written):
    path = write(tmp_path, [HEADER, row(knowledge=written)])
    roster = read_roster(path, str(path), loaded.certification, list(loaded.modules))
    assert roster.diagnostics == [] and len(roster.trainees) == 1


@pytest.mark.parametrize(
    ("cell", "column", "written"),
    [
        ("name", 1, "Alice\u202eecilA"),  # a right-to-left override: the rest shows reversed
        ("name", 1, '"Lê\nThu Hà"'),  # a line break inside a quoted cell
        ("id", 0, "vn-03\u2066"),  # an isolate left open
        ("id", 0, "vn-03\x1b[2J"),  # a terminal escape: clears the coordinator's screen
        ("email", 2, "ha.le@example.vn\x1b[0m"),
    ],
    ids=["override in name", "line break in name", "isolate in id", "escape in id", "escape in e-mail"],
)
def test_ids_names_and_addresses_with_control_or_direction_characters_are_refused(
    loaded, tmp_path, cell, column, written
):
    """A certificate shows a name as its characters are; a diagnostic's line is one line."""
    values = {"ident": "vn-03", "name": "Lê Thu Hà", "email": "ha.le@example.vn"}
    values[{"id": "ident"}.get(cell, cell)] = written
    line = row(**values)
    path = write(tmp_path, [HEADER, line])
    roster = read_roster(path, str(path), loaded.certification, list(loaded.modules))
    [diagnostic] = roster.diagnostics
    assert (diagnostic.code, diagnostic.line) == ("GL526", 2), diagnostic.to_text()
    assert diagnostic.message.startswith(f"'{cell}' expected ")
    assert roster.trainees == []
    text = diagnostic.to_text()
    assert "\n" not in text and "\x1b" not in text and "\u202e" not in text and "\u2066" not in text


def test_names_keep_the_marks_and_joiners_their_scripts_need(loaded, tmp_path):
    """Right-to-left marks (U+200F) and zero-width (non-)joiners (Persian, Indic) are letters' business."""
    names = [
        "\u0645\u062d\u0645\u062f\u200f",
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
        "Nguyễn Thị Hồng",
    ]
    lines = [row(ident=f"vn-{n}", name=name, email=f"t{n}@example.vn") for n, name in enumerate(names)]
    path = write(tmp_path, [HEADER, *lines])
    roster = read_roster(path, str(path), loaded.certification, list(loaded.modules))
    assert roster.diagnostics == []
    assert [t.name for t in roster.trainees] == names
