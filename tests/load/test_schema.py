"""load/validation.py, load/schemas.py, load/yamlfile.py: YAML positions, duplicates, unknown keys,
types, required keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from glocal.diagnostics import Span
from glocal.load import load_module, load_program, load_region, schemas
from glocal.load.validation import Context, describe, did_you_mean, validate
from glocal.load.yamlfile import DuplicateKey, parse_yaml

PROGRAM = "curriculum/program.yml"


def texts(diagnostics) -> list[str]:
    return [d.to_text() for d in diagnostics]


def validate_program(text: str, path: str = PROGRAM) -> tuple[dict, list[str]]:
    doc, problems = parse_yaml(text, path, "GL002")
    assert problems == []
    ctx = Context(doc, "GL003", "GL004", "GL005", "program.yml")
    data = validate(doc, schemas.PROGRAM, ctx)
    return data, texts(ctx.diagnostics)


def write(root: Path, relpath: str, text: str) -> str:
    (root / relpath).parent.mkdir(parents=True, exist_ok=True)
    (root / relpath).write_text(text, encoding="utf-8")
    return relpath


def module_diagnostics(tmp_path: Path, text: str, name: str = "a") -> list[str]:
    path = write(tmp_path, f"curriculum/modules/{name}.md", text)
    _, diagnostics = load_module(tmp_path, path)
    return texts(diagnostics)


# --- YAML syntax --------------------------------------------------------------------------------

SYNTAX = {
    "bad-indent": (
        "id: p\ntitle: T\n  nested: x\n",
        "f.yml:3:9: error GL002: invalid YAML: mapping values are not allowed here "
        "(hint: check the indentation and quoting on this line and the one before it)",
    ),
    "second-colon": (
        "key: value: other\n",
        "f.yml:1:11: error GL002: invalid YAML: mapping values are not allowed here "
        "(hint: check the indentation and quoting on this line and the one before it)",
    ),
    "tab": (
        "a: 1\n\tb: 2\n",
        "f.yml:2:1: error GL002: invalid YAML: found character '\\t' that cannot start any token "
        "while scanning for the next token (hint: YAML indentation must use spaces, not tabs)",
    ),
    "undefined-alias": (
        "a: *nope\n",
        "f.yml:1:4: error GL002: invalid YAML: found undefined alias 'nope' "
        "(hint: check the indentation and quoting on this line and the one before it)",
    ),
    "dedented-sequence": (
        "a:\n  - x\n - y\n",
        "f.yml:3:2: error GL002: invalid YAML: expected <block end>, but found '<block sequence start>' "
        "while parsing a block mapping (hint: check the indentation and quoting on this line and the "
        "one before it)",
    ),
}


@pytest.mark.parametrize("case", list(SYNTAX))
def test_yaml_syntax_error_position(case):
    text, expected = SYNTAX[case]
    doc, diagnostics = parse_yaml(text, "f.yml", "GL002")
    assert doc is None
    assert texts(diagnostics) == [expected]


def test_yaml_syntax_error_with_line_offset():
    doc, diagnostics = parse_yaml("key: value: other\n", "m.md", "GL101", line_offset=3)
    assert doc is None
    assert [(d.code, d.line, d.col) for d in diagnostics] == [("GL101", 4, 11)]


def test_one_parse_serves_every_caller_each_with_its_own_code(monkeypatch):
    """The loader and extraction read the same file under different codes: parsed once."""
    from glocal.load import yamlfile

    parses = []
    parse_once = yamlfile._parse_yaml_once

    def counted(*args, **kwargs):
        parses.append(args[0])
        return parse_once(*args, **kwargs)

    monkeypatch.setattr(yamlfile, "_parse_yaml_once", counted)
    good, bad = "title: memo shared 1\n", "title: [memo shared 2\n"
    first, second = parse_yaml(good, "x.yml", "GL002"), parse_yaml(good, "x.yml", "GL101")
    assert first[0] is second[0] and first[1] == second[1] == []
    codes = [parse_yaml(bad, "x.yml", code)[1][0].code for code in ("GL002", "GL101", "GL222")]
    assert codes == ["GL002", "GL101", "GL222"]
    assert parses == [good, bad]


def test_valid_yaml_has_no_diagnostics():
    doc, diagnostics = parse_yaml("a: 1\nb: [x, y]\n", "f.yml", "GL002")
    assert diagnostics == []
    assert doc.data == {"a": 1, "b": ["x", "y"]}
    assert doc.duplicates == ()


def test_empty_yaml_is_no_data():
    doc, diagnostics = parse_yaml("", "f.yml", "GL002")
    assert (doc.data, diagnostics) == (None, [])


# --- duplicate keys -----------------------------------------------------------------------------


def test_duplicates_found_with_both_positions():
    text = "a: 1\nb:\n  c: 1\n  c: 2\nlist:\n  - {k: 1, k: 2}\na: 3\n"
    doc, diagnostics = parse_yaml(text, "f.yml", "GL002", line_offset=4)
    assert diagnostics == []
    assert doc.duplicates == (
        DuplicateKey(("b",), "c", Span("f.yml", 6, 2), Span("f.yml", 7, 2)),
        DuplicateKey(("list", "[]"), "k", Span("f.yml", 9, 5), Span("f.yml", 9, 11)),
        DuplicateKey((), "a", Span("f.yml", 4, 0), Span("f.yml", 10, 0)),
    )


def test_duplicate_program_key(tmp_path):
    write(tmp_path, PROGRAM, "id: p\ntitle: T\nsource_language: en\nmodules: []\ntitle: Again\n")
    _, diagnostics = load_program(tmp_path)
    assert texts(diagnostics) == [
        f"{PROGRAM}:5:1: error GL004: key 'title' appears twice; only one value can be used (first at "
        "line 2)",
    ]


def test_duplicate_slot_and_key_in_front_matter(tmp_path):
    text = (
        "---\nid: a\ntitle: A\nslots:\n  cs:\n    brief: x\n  cs:\n    brief: y\ntitle: B\n---\n"
        "\n::: slot cs\nx\n:::\n"
    )
    assert module_diagnostics(tmp_path, text) == [
        "curriculum/modules/a.md:7:3: error GL104: slot 'cs' is declared twice (first at line 5)",
        "curriculum/modules/a.md:9:1: error GL103: key 'title' appears twice; only one value can be "
        "used (first at line 3)",
    ]


def test_duplicate_nested_key_names_its_path(tmp_path):
    write(
        tmp_path,
        PROGRAM,
        "id: p\ntitle: T\nsource_language: en\nmodules: []\npublish:\n  min_translated: 0.5\n"
        "  min_translated: 0.8\n",
    )
    _, diagnostics = load_program(tmp_path)
    assert texts(diagnostics) == [
        f"{PROGRAM}:7:3: error GL004: key 'publish.min_translated' appears twice; only one value can be "
        "used (first at line 6)",
    ]


# --- unknown keys -------------------------------------------------------------------------------

PROGRAM_KEYS = "id, title, version, description, source_language, modules, days, pages, glocal, publish"
MODULE_KEYS = (
    "id, title, duration, objectives, competencies, slots, teaching, exercises, break, questions, keypoints, "
    "source"
)
REGION_KEYS = "id, name, languages, locales, numbering, source_language, timezone, day_start, vars, notes"


def test_unknown_program_key_with_hint():
    _, found = validate_program("id: p\ntitle: T\nsource_language: en\nmodules: []\npublsh: {}\n")
    assert found == [
        f"{PROGRAM}:5:1: error GL003: unknown key 'publsh' in program.yml: expected one of {PROGRAM_KEYS} "
        "(hint: did you mean 'publish'?)",
    ]


def test_unknown_nested_key_with_hint():
    _, found = validate_program(
        "id: p\ntitle: T\nsource_language: en\nmodules: []\nglocal:\n  core_shar_min: 0.5\n"
    )
    assert found == [
        f"{PROGRAM}:6:3: error GL003: unknown key 'glocal.core_shar_min' in program.yml: expected one "
        "of core_share_min, core_share_max, severity "
        "(hint: did you mean 'core_share_min'?)",
    ]


def test_unknown_key_without_close_match_has_no_hint():
    _, found = validate_program("id: p\ntitle: T\nsource_language: en\nmodules: []\nzzz: 1\n")
    assert found == [
        f"{PROGRAM}:5:1: error GL003: unknown key 'zzz' in program.yml: expected one of {PROGRAM_KEYS}"
    ]


def test_unknown_front_matter_key(tmp_path):
    assert module_diagnostics(tmp_path, "---\nid: a\ntitle: A\nduraton: 90\n---\nbody\n") == [
        "curriculum/modules/a.md:4:1: error GL102: unknown key 'duraton' in front matter: expected one "
        f"of {MODULE_KEYS} "
        "(hint: did you mean 'duration'?)",
    ]


def test_unknown_region_key(tmp_path):
    write(tmp_path, "toolkits/regions/r/region.yml", "id: r\nname: R\nlanguages: [da]\ntimezon: UTC\n")
    _, diagnostics = load_region(tmp_path, "r", None)
    assert texts(diagnostics) == [
        "toolkits/regions/r/region.yml:4:1: error GL202: unknown key 'timezon' in region.yml: expected "
        f"one of {REGION_KEYS} "
        "(hint: did you mean 'timezone'?)",
    ]


# --- wrong types --------------------------------------------------------------------------------


def test_wrong_types_in_program():
    text = (
        "id: p\ntitle: T\nsource_language: en\n"
        "modules: shared-vision\n"
        "description: [a]\n"
        "glocal: 0.5\n"
        "publish: {min_translated: high}\n"
    )
    data, found = validate_program(text)
    assert found == [
        f"{PROGRAM}:5:14: error GL004: 'description' expected text but found a list",
        f"{PROGRAM}:4:10: error GL004: 'modules' expected a list of text but found 'shared-vision' (text)",
        f"{PROGRAM}:6:9: error GL004: 'glocal' expected a mapping but found 0.5 (a number)",
        f"{PROGRAM}:7:27: error GL004: 'publish.min_translated' expected a number between 0 and 1 but "
        "found 'high' (text)",
    ]
    # every wrong value falls back to its default
    assert (data["description"], data["modules"], data["glocal"], data["publish"]["min_translated"]) == (
        "",
        None,
        {"core_share_min": 0.6, "core_share_max": 1.0, "severity": "warning"},
        0.9,
    )


def test_out_of_range_fraction():
    _, found = validate_program(
        "id: p\ntitle: T\nsource_language: en\nmodules: []\nglocal: {core_share_min: 2}\n"
    )
    assert found == [
        f"{PROGRAM}:5:26: error GL004: 'glocal.core_share_min' expected a number between 0 and 1 but found 2"
    ]


def test_wrong_types_in_front_matter(tmp_path):
    text = (
        "---\n"
        "id: a\n"
        "title: A\n"
        "duration: ninety\n"
        "objectives: x\n"
        "competencies: [a, a, B]\n"
        "slots:\n"
        "  cs:\n"
        "    brief: x\n"
        "    max_words: 0\n"
        "    required: yes\n"
        "  Bad: {brief: y}\n"
        "---\n"
        "\n::: slot cs\nx\n:::\n"
    )
    assert module_diagnostics(tmp_path, text) == [
        "curriculum/modules/a.md:4:11: error GL103: 'duration' expected a whole number of at least 1 "
        "but found 'ninety' (text)",
        "curriculum/modules/a.md:5:13: error GL103: 'objectives' expected a list of text but found 'x' "
        "(text)",
        "curriculum/modules/a.md:6:19: error GL103: 'competencies' lists 'a' twice",
        "curriculum/modules/a.md:6:22: error GL103: 'competencies[2]' expected a lower-case id (a-z, "
        "0-9, - and _) but found 'B'",
        "curriculum/modules/a.md:10:16: error GL103: 'slots.cs.max_words' expected a whole number at "
        "least 1 but found 0",
        "curriculum/modules/a.md:11:15: error GL103: 'slots.cs.required' expected true or false but "
        "found 'yes' (text)",
        "curriculum/modules/a.md:12:3: error GL103: 'slots' expected keys that are a lower-case id "
        "(a-z, 0-9, - and _) but found 'Bad'",
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("duration: 1.5", "'duration' expected a whole number of at least 1 but found 1.5 (a number)"),
        ("duration: true", "'duration' expected a whole number of at least 1 but found true"),
        ("duration: '90'", "'duration' expected a whole number of at least 1 but found '90' (text)"),
        ("duration:", "'duration' expected a whole number of at least 1 but found nothing"),
        ("duration: [90]", "'duration' expected a whole number of at least 1 but found a list"),
        ("objectives: [ok, null]", "'objectives[1]' expected text but found nothing"),
        ("title: [A]", "'title' expected text but found a list"),
        ("title: ''", "'title' expected non-empty text but found an empty value"),
        ("slots: [cs]", "'slots' expected a mapping but found a list"),
    ],
)
def test_wrong_type_messages(tmp_path, line, expected):
    key = line.split(":")[0]
    lines = ["id: a", "title: A", line] if key != "title" else ["id: a", line]
    found = module_diagnostics(tmp_path, "---\n" + "\n".join(lines) + "\n---\n")
    assert [text.split(": error GL103: ", 1)[1] for text in found if ": error GL103: " in text] == [expected]


def test_wrong_types_in_region(tmp_path):
    write(
        tmp_path,
        "toolkits/regions/r/region.yml",
        "id: r\nname: R\nlanguages: [da, nb]\nday_start: 9am\nvars: {data_law: GDPR, 1x: y}\n",
    )
    _, diagnostics = load_region(tmp_path, "r", None)
    assert texts(diagnostics) == [
        "toolkits/regions/r/region.yml:4:12: error GL203: 'day_start' expected a time of day as HH:MM, "
        "e.g. \"09:00\" but found '9am'",
        "toolkits/regions/r/region.yml:5:24: error GL203: 'vars' expected keys that are a variable name "
        "(letters, digits, _) but found '1x'",
    ]


def test_region_numbering_is_one_system_or_one_per_language(tmp_path):
    write(
        tmp_path,
        "toolkits/regions/r/region.yml",
        "id: r\nname: R\nlanguages: [ar, en]\nsource_language: en\nnumbering: latn\n",
    )
    region, diagnostics = load_region(tmp_path, "r", None)
    assert diagnostics == [] and region is not None
    assert dict(region.numbering) == {"ar": "latn", "en": "latn"}
    write(
        tmp_path,
        "toolkits/regions/r/region.yml",
        "id: r\nname: R\nlanguages: [ar, en]\nsource_language: en\nnumbering: {ar: native, en: default}\n",
    )
    region, diagnostics = load_region(tmp_path, "r", None)
    assert diagnostics == [] and region is not None
    assert dict(region.numbering) == {"ar": "native"}  # 'default' is what no choice means


def test_wrong_region_numbering(tmp_path):
    write(tmp_path, "toolkits/regions/r/region.yml", "id: r\nname: R\nlanguages: [ar]\nnumbering: arabic\n")
    _, diagnostics = load_region(tmp_path, "r", None)
    assert texts(diagnostics) == [
        "toolkits/regions/r/region.yml:4:12: error GL203: 'numbering' expected 'default', 'native' or a CLDR "
        "numbering system such as 'latn' or 'arab' but found 'arabic' (hint: did you mean 'arab'?)",
    ]
    write(
        tmp_path,
        "toolkits/regions/r/region.yml",
        "id: r\nname: R\nlanguages: [ar]\nnumbering: {ar: roman, da: latn}\n",
    )
    _, diagnostics = load_region(tmp_path, "r", None)
    assert texts(diagnostics) == [
        "toolkits/regions/r/region.yml:4:17: error GL203: 'numbering.ar' expected 'default', 'native' or a "
        "CLDR numbering system such as 'latn' or 'arab' but found 'roman'",
        "toolkits/regions/r/region.yml:4:24: error GL203: numbering given for 'da', which is not one of the "
        "region's languages ['ar']",
    ]
    write(tmp_path, "toolkits/regions/r/region.yml", "id: r\nname: R\nlanguages: [ar]\nnumbering: [latn]\n")
    _, diagnostics = load_region(tmp_path, "r", None)
    assert texts(diagnostics) == [
        "toolkits/regions/r/region.yml:4:12: error GL203: 'numbering' expected 'default', 'native' or a CLDR "
        "numbering system such as 'latn' or 'arab', or a mapping of languages to one but found a list",
    ]


def test_root_not_a_mapping():
    _, found = validate_program("just text\n")
    assert (
        found[0]
        == f"{PROGRAM}:1:1: error GL004: program.yml expected a mapping of keys but found 'just text' (text)"
    )


def test_unquoted_version_is_kept_as_written():
    # `version: 1.10` is a YAML float; reading it back as '1.1' would silently change the version
    data, found = validate_program("id: p\ntitle: T\nsource_language: en\nmodules: []\nversion: 1.10\n")
    assert (data["version"], found) == ("1.10", [])


# --- required keys ------------------------------------------------------------------------------


def test_required_program_keys():
    _, found = validate_program("id: p\ntitle: T\n")
    assert found == [
        f"{PROGRAM}:1:1: error GL005: program.yml is missing the required key 'source_language' "
        "(hint: add 'source_language:' (the language the curriculum is written in))",
        f"{PROGRAM}:1:1: error GL005: program.yml is missing the required key 'modules' "
        "(hint: add 'modules:' (module ids in teaching order))",
    ]


def test_required_keys_of_empty_document():
    _, found = validate_program("")
    assert [text.split("required key ")[1].split(" ")[0] for text in found] == [
        "'id'",
        "'title'",
        "'source_language'",
        "'modules'",
    ]


def test_required_nested_key(tmp_path):
    text = "---\nid: a\ntitle: A\nslots:\n  cs: {max_words: 3}\n---\n\n::: slot cs\nx\n:::\n"
    assert module_diagnostics(tmp_path, text) == [
        "curriculum/modules/a.md:5:7: error GL105: front matter is missing the required key 'slots.cs.brief' "
        "(hint: add 'brief:' (what a region should write in this slot))",
    ]


def test_required_front_matter_key_reported_at_first_yaml_line(tmp_path):
    assert module_diagnostics(tmp_path, "---\nid: a\n---\nbody\n") == [
        "curriculum/modules/a.md:2:1: error GL105: front matter is missing the required key 'title' "
        "(hint: add 'title:' (the module title))",
    ]


def test_defaults_when_optional_keys_are_missing():
    data, found = validate_program("id: p\ntitle: T\nsource_language: en\nmodules: [a, b]\n")
    assert found == []
    assert {k: v for k, v in data.items() if k != "__positions__"} == {
        "id": "p",
        "title": "T",
        "version": "1.0",
        "description": "",
        "source_language": "en",
        "modules": ["a", "b"],
        "days": [],
        "pages": [],
        "glocal": {"core_share_min": 0.6, "core_share_max": 1.0, "severity": "warning"},
        "publish": {"min_translated": 0.9},
    }


# --- front matter line offsets ------------------------------------------------------------------


def test_front_matter_syntax_error_reports_file_line(tmp_path):
    text = "---\nid: a\ntitle: A\nduration: 90\nobjectives: x: y\n---\nbody\n"
    assert module_diagnostics(tmp_path, text) == [
        "curriculum/modules/a.md:5:14: error GL101: invalid YAML: mapping values are not allowed here "
        "(hint: check the indentation and quoting on this line and the one before it)",
    ]


def test_front_matter_type_error_reports_file_line(tmp_path):
    text = "---\nid: a\ntitle: A\n# a comment\nduration: soon\n---\nbody\n"
    assert module_diagnostics(tmp_path, text) == [
        "curriculum/modules/a.md:5:11: error GL103: 'duration' expected a whole number of at least 1 "
        "but found 'soon' (text)",
    ]


def test_front_matter_tab_hint_uses_the_yaml_line(tmp_path):
    text = "---\nid: a\ntitle: A\n\tx: 1\n---\n"
    assert module_diagnostics(tmp_path, text) == [
        "curriculum/modules/a.md:4:1: error GL101: invalid YAML: found character '\\t' that cannot "
        "start any token "
        "while scanning for the next token (hint: YAML indentation must use spaces, not tabs)",
    ]


def test_unclosed_front_matter(tmp_path):
    assert module_diagnostics(tmp_path, "---\nid: a\ntitle: A\n") == [
        "curriculum/modules/a.md:1:1: error GL105: the front matter opened with '---' on line 1 is "
        "never closed with '---' "
        "(hint: close the front matter with a line '---')",
    ]


def test_front_matter_not_a_mapping(tmp_path):
    found = module_diagnostics(tmp_path, "---\n- a\n- b\n---\n")
    assert (
        found[0]
        == "curriculum/modules/a.md:2:1: error GL103: front matter expected a mapping of keys but found a "
        "list"
    )


# --- helpers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "nothing"),
        (True, "true"),
        (False, "false"),
        (3, "3 (a number)"),
        (0.5, "0.5 (a number)"),
        ("ninety", "'ninety' (text)"),
        ("x" * 41, "'" + "x" * 37 + "...' (text)"),
        ({}, "a mapping"),
        ([], "a list"),
    ],
)
def test_describe(value, text):
    assert describe(value) == text


@pytest.mark.parametrize(
    ("word", "hint"),
    [
        ("duraton", "did you mean 'duration'?"),
        ("titel", "did you mean 'title'?"),
        ("zzz", None),
    ],
)
def test_did_you_mean(word, hint):
    assert did_you_mean(word, ["id", "title", "duration"]) == hint
