"""The Kinds a roster row needs (load/validation.py): numbers written as text, lists in one cell,
a choice of values, per-problem codes; and the roster's row schema declared with them."""

from __future__ import annotations

import re
from typing import Any

import pytest

from glocal.diagnostics import Span
from glocal.load.cells import IntText, NumberText, OneOf, TextList, number_in_text
from glocal.load.validation import AllOr, Context, Field, Int, Kind, ListOf, Number, Record, Str
from glocal.packs.roster import CELL_CODES, REQUIRED, row_schema

SPAN = Span("cohort.csv", 1, 4)


class Cells:
    """A document whose every value sits at SPAN (what a CSV row's cells give the engine)."""

    def key_span(self, mapping: Any, key: str) -> Span:
        return SPAN

    def value_span(self, mapping: Any, key: str) -> Span:
        return SPAN

    def item_span(self, seq: Any, index: int) -> Span:
        return SPAN

    def raw_scalar(self, span: Span) -> str | None:
        return None


def run(kind: Kind, value: Any, codes: dict[str, str] | None = None) -> tuple[Any, list[str]]:
    """Convert `value` as the column 'x'; the result and each diagnostic as `CODE: message (hint)`."""
    ctx = Context(Cells(), "GL520", "GL522", "GL520", "the roster", codes=codes or {})
    result = kind.convert(value, ctx, SPAN, "x")
    assert all(d.span == SPAN for d in ctx.diagnostics)
    return result, [
        f"{d.code}: {d.message}" + (f" (hint: {d.hint})" if d.hint else "") for d in ctx.diagnostics
    ]


@pytest.mark.parametrize(
    "text,number",
    [
        ("85", 85.0),
        (" 3.2 ", 3.2),
        ("3,2", 3.2),  # a decimal comma
        ("-1", -1.0),
        ("92,5", 92.5),
        (".5", 0.5),
        ("1e2", None),  # float() reads these; a roster's cell is a number as a person writes one
        ("8_5", None),
        ("1,000", None),  # a thousand, or 1 with a decimal comma? (it was read as 1, silently)
        ("1.000", None),  # and in Danish, a thousand
        ("ninety", None),
        ("", None),
        ("nan", None),
        ("NaN", None),
        ("inf", None),
        ("-Infinity", None),
        ("1e400", None),  # infinite once read
    ],
)
def test_number_in_text_reads_finite_numbers_only(text, number):
    assert number_in_text(text) == number


# ------------------------------------------------------------------ NumberText


@pytest.mark.parametrize(
    "text,value", [("85", 85.0), ("3.2", 3.2), (" 3,5 ", 3.5), ("0", 0.0), ("100", 100.0)]
)
def test_number_text_reads_numeric_text(text, value):
    assert run(NumberText(0, 100), text) == (value, [])


def test_number_text_takes_real_numbers_as_number_does():
    assert run(NumberText(0, 100), 85) == run(Number(0, 100), 85) == (85.0, [])
    assert run(NumberText(0, 100), True) == run(Number(0, 100), True)


@pytest.mark.parametrize(
    "text,message",
    [
        ("ninety", "GL522: 'x' expected a number between 0 and 100 but found 'ninety' (text)"),
        ("nan", "GL522: 'x' expected a number between 0 and 100 but found 'nan' (text)"),
        ("inf", "GL522: 'x' expected a number between 0 and 100 but found 'inf' (text)"),
        ("", "GL522: 'x' expected a number between 0 and 100 but found an empty value"),
        ("  ", "GL522: 'x' expected a number between 0 and 100 but found an empty value"),
        ("101", "GL522: 'x' expected a number between 0 and 100 but found 101"),
        (" 100.5 ", "GL522: 'x' expected a number between 0 and 100 but found 100.5"),  # as written
    ],
)
def test_number_text_messages_read_as_numbers_do(text, message):
    assert run(NumberText(0, 100), text) == (None, [message])


def test_number_text_names_the_value_as_written_and_the_yaml_number_as_read():
    assert run(NumberText(1, 4), "5,0")[1] == ["GL522: 'x' expected a number between 1 and 4 but found 5,0"]
    assert run(Number(1, 4), 5.0)[1] == ["GL522: 'x' expected a number between 1 and 4 but found 5.0"]


def test_number_text_may_allow_an_empty_cell():
    assert run(NumberText(1, 4, allow_empty=True), "") == (None, [])
    assert run(NumberText(1, 4, allow_empty=True), " ") == (None, [])
    assert run(NumberText(1, 4, allow_empty=True), "x")[1] == [
        "GL522: 'x' expected a number between 1 and 4 but found 'x' (text)"
    ]


# ------------------------------------------------------------------ IntText


@pytest.mark.parametrize("text,value", [("2", 2), (" 0 ", 0), ("2.0", 2)])
def test_int_text_reads_whole_numbers(text, value):
    result, problems = run(IntText(minimum=0), text)
    assert (result, problems) == (value, [])
    assert type(result) is int


@pytest.mark.parametrize(
    "kind,text,message",
    [
        (
            IntText(minimum=0),
            "1.5",
            "GL522: 'x' expected a whole number of at least 0 but found '1.5' (text)",
        ),
        (
            IntText(minimum=0),
            "nan",
            "GL522: 'x' expected a whole number of at least 0 but found 'nan' (text)",
        ),
        (IntText(minimum=0), "", "GL522: 'x' expected a whole number of at least 0 but found an empty value"),
        (IntText(minimum=0), "-1", "GL522: 'x' expected a whole number at least 0 but found -1"),
        (IntText(1, 4), "5", "GL522: 'x' expected a whole number between 1 and 4 but found 5"),
        (IntText(1, 4), "x", "GL522: 'x' expected a whole number between 1 and 4 but found 'x' (text)"),
        (IntText(maximum=4), "5", "GL522: 'x' expected a whole number at most 4 but found 5"),
    ],
)
def test_int_text_messages_read_as_whole_numbers_do(kind, text, message):
    assert run(kind, text) == (None, [message])


def test_int_text_takes_real_numbers_as_int_does():
    assert run(IntText(minimum=1), 3) == run(Int(minimum=1), 3) == (3, [])
    assert run(IntText(minimum=1), 1.5) == run(Int(minimum=1), 1.5)
    assert run(IntText(minimum=1), 0) == run(Int(minimum=1), 0)


def test_int_text_may_allow_an_empty_cell():
    assert run(IntText(1, 4, allow_empty=True), "") == (None, [])


def test_int_expected_names_both_bounds_only_when_both_are_given():
    assert Int(minimum=1).expected == "a whole number of at least 1"  # as the YAML schemas say it
    assert Int().expected == "a whole number"
    assert Int(1, 4).expected == "a whole number between 1 and 4"


# ------------------------------------------------------------------ codes per problem


def test_without_codes_every_wrong_value_is_the_type_code_as_in_yaml_records():
    assert run(Str(), "")[1] == ["GL522: 'x' expected non-empty text but found an empty value"]
    assert run(Int(minimum=0), -1)[1] == ["GL522: 'x' expected a whole number at least 0 but found -1"]
    assert run(Number(0, 1), 2)[1] == ["GL522: 'x' expected a number between 0 and 1 but found 2"]
    assert run(OneOf(["a"], "a letter"), "b")[1] == ["GL522: 'x' expected a letter but found 'b' (text)"]


def test_codes_name_a_code_per_problem():
    codes = {"empty": "GL526", "pattern": "GL526", "range": "GL523", "choice": "GL521"}
    assert run(Str(), " ", codes)[1] == ["GL526: 'x' expected non-empty text but found an empty value"]
    email = Str(re.compile(r"^\S+@\S+$"), "an e-mail address")
    assert run(email, "nope", codes)[1] == ["GL526: 'x' expected an e-mail address but found 'nope'"]
    assert run(NumberText(0, 100), "101", codes)[1] == [
        "GL523: 'x' expected a number between 0 and 100 but found 101"
    ]
    assert run(NumberText(0, 100), "ninety", codes)[1][0].startswith("GL522: ")  # not a number: type
    assert run(IntText(minimum=0), "-1", codes)[1][0].startswith("GL523: ")
    assert run(OneOf(["a"], "a letter"), "b", codes)[1][0].startswith("GL521: ")


def test_context_code_falls_back_to_the_type_code():
    ctx = Context(Cells(), "U", "T", "M", "x", codes={"range": "R"})
    assert (ctx.code("range"), ctx.code("empty"), ctx.code("anything")) == ("R", "T", "T")


def test_a_fields_failed_check_is_the_check_problem():
    record = Record({"level": Field(Int(), "a level", check=lambda v: None if v != 3 else "is not a level")})
    assert run(record, {"level": 3}, {"check": "GL523"})[1] == ["GL523: 'x.level' is not a level"]
    assert run(record, {"level": 3})[1] == ["GL522: 'x.level' is not a level"]


# ------------------------------------------------------------------ OneOf, TextList, AllOr


def test_one_of_suggests_the_closest_choice_or_gives_its_hint():
    kind = OneOf(["shared-vision", "co-creation"], "a module id", hint="use 'all'")
    assert run(kind, "co-creation") == ("co-creation", [])
    assert run(kind, "shared-vison")[1] == [
        "GL522: 'x' expected a module id but found 'shared-vison' (text) "
        "(hint: did you mean 'shared-vision'?)"
    ]
    assert run(kind, "zzz")[1] == ["GL522: 'x' expected a module id but found 'zzz' (text) (hint: use 'all')"]


def test_text_list_splits_one_cell_and_checks_each_item():
    kind = TextList(OneOf(["a", "b"], "a or b"))
    assert kind.expected == "a or b separated by ';'"
    assert run(kind, " a; b ;; a") == (["a", "b", "a"], [])
    assert run(kind, "") == ([], [])
    result, problems = run(kind, "a;c;d")
    assert result == ["a"]
    assert problems == [
        "GL522: 'x' expected a or b but found 'c' (text)",
        "GL522: 'x' expected a or b but found 'd' (text)",
    ]
    assert run(kind, 3)[1] == ["GL522: 'x' expected a or b separated by ';' but found 3 (a number)"]


def test_all_or_text_list_reads_the_word_in_any_case_when_asked():
    kind = AllOr(TextList(OneOf(["a", "b"], "a or b")), ignore_case=True)
    for word in ("all", "ALL", " All "):
        assert run(kind, word) == ("all", [])
    assert run(kind, "a;b") == (["a", "b"], [])


def test_all_or_a_list_is_unchanged_for_yaml():
    kind = AllOr(ListOf(Str()))
    assert run(kind, "all") == ("all", [])
    assert run(kind, ["a"]) == (["a"], [])
    assert run(kind, "ALL")[1] == ["GL522: 'x' expected 'all' or a list of text but found 'ALL' (text)"]
    assert run(kind, "a;b")[1] == ["GL522: 'x' expected 'all' or a list of text but found 'a;b' (text)"]


# ------------------------------------------------------------------ the row schema


def test_row_schema_declares_the_required_columns_then_one_per_criterion(tmp_path):
    from conftest import copy_sample
    from glocal.load import load_project

    project, _ = load_project(copy_sample(tmp_path / "sample"))
    certification = project.certification
    schema = row_schema(certification, list(project.modules))
    criteria = [c.id for c in certification.criteria]
    assert list(schema.fields) == list(REQUIRED) + criteria
    assert all(schema.fields[name].required for name in REQUIRED)
    assert not any(schema.fields[name].required for name in criteria)
    assert all(field.doc for field in schema.fields.values())
    assert isinstance(schema.fields["knowledge_check"].kind, NumberText)
    assert isinstance(schema.fields["observed_deliveries"].kind, IntText)
    assert schema.fields["teach_back"].kind.expected == "a number between 1 and 4"


def test_cell_codes_keep_the_rosters_codes():
    assert CELL_CODES == {
        "empty": "GL526",
        "pattern": "GL526",
        "choice": "GL521",
        "range": "GL523",
        "check": "GL523",
    }
