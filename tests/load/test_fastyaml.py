"""libyaml's reading (`fastyaml`) gives exactly what ruamel's round-trip loader gives, or declines.

Every YAML text of the sample and the fixtures, and texts hypothesis writes from YAML's corners,
are read both ways: when `fastyaml.parse` accepts a text, its data must equal ruamel's in every
value, type, scalar attribute (a float's precision, an integer's notation), line and column, and
collection style; and ruamel must accept the text too.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from glocal.load import fastyaml
from glocal.load.files import split_front_matter
from glocal.load.yamlfile import _FAST_LIMITS, MAX_INT_DIGITS, MAX_YAML_DEPTH, parse_yaml

REPO = Path(__file__).resolve().parents[2]


def ruamel_load(text: str) -> Any:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = True
    return yaml.load(io.StringIO(text))


def _attributes(value: Any) -> dict[str, Any]:
    names = set(getattr(value, "__dict__", {}))
    for cls in type(value).__mro__:
        slots = getattr(cls, "__slots__", ())
        names |= {slots} if isinstance(slots, str) else set(slots)
    return {name: getattr(value, name, None) for name in names if not name.startswith("__")}


def _equal(one: Any, other: Any) -> bool:
    return bool(one == other) or (one != one and other != other)  # NaN is not equal to itself


def difference(fast: Any, slow: Any, where: str = "$") -> str | None:
    """Where `fast` and `slow` differ (None when they do not)."""
    if type(fast) is not type(slow):
        return f"{where}: {type(fast).__name__} against {type(slow).__name__}"
    if hasattr(slow, "lc"):
        if (fast.lc.line, fast.lc.col) != (slow.lc.line, slow.lc.col):
            return f"{where}: at {fast.lc.line}:{fast.lc.col} against {slow.lc.line}:{slow.lc.col}"
        if fast.lc.data != slow.lc.data:
            return f"{where}: positions {fast.lc.data} against {slow.lc.data}"
        if fast.fa.flow_style() != slow.fa.flow_style():
            return f"{where}: flow style {fast.fa.flow_style()} against {slow.fa.flow_style()}"
    if isinstance(slow, dict):
        if list(fast) != list(slow):
            return f"{where}: keys {list(fast)} against {list(slow)}"
        for key in slow:
            found = difference(fast[key], slow[key], f"{where}.{key}")
            if found:
                return found
    elif isinstance(slow, list):
        if len(fast) != len(slow):
            return f"{where}: {len(fast)} items against {len(slow)}"
        for index, (one, other) in enumerate(zip(fast, slow, strict=True)):
            found = difference(one, other, f"{where}[{index}]")
            if found:
                return found
    elif not _equal(fast, slow) or repr(fast) != repr(slow) or _attributes(fast) != _attributes(slow):
        return f"{where}: {fast!r} {_attributes(fast)} against {slow!r} {_attributes(slow)}"
    return None


def assert_same_or_declined(text: str) -> bool:
    """True when the fast reading was used (and equals ruamel's)."""
    fast = fastyaml.parse(text, _FAST_LIMITS)
    if fast is None:
        return False
    slow = ruamel_load(text)  # raises if ruamel refuses what libyaml accepted
    found = difference(fast[0], slow)
    assert found is None, f"{found}\n--- text ---\n{text}"
    return True


def project_texts() -> list[tuple[str, str]]:
    """Every YAML text of the sample and the fixtures: files, and Markdown front matter."""
    texts = []
    for folder in ("curriculum", "toolkits", "locales", "tests/fixtures", "src/glocal/templates"):
        for path in sorted((REPO / folder).rglob("*")):
            if not path.is_file() or path.suffix not in (".yml", ".yaml", ".md"):
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue
            if path.suffix == ".md":
                front, problem = split_front_matter(text)
                if problem or front.yaml is None:
                    continue
                text = front.yaml
            texts.append((str(path.relative_to(REPO)), text))
    return texts


def test_every_yaml_text_of_the_project_reads_the_same_both_ways():
    texts = project_texts()
    assert len(texts) > 150
    used = [name for name, text in texts if assert_same_or_declined(text)]
    # the fast reading is what reads the project: the sample's every file, and nearly all fixtures
    assert len(used) >= 0.9 * len(texts)
    for name in ("curriculum/program.yml", "toolkits/regions/nordics/region.yml"):
        assert name in used
    assert all(name in used for name, _ in texts if name.startswith("curriculum/modules/"))


def test_what_the_loader_returns_is_the_fast_reading_with_its_positions():
    text = (
        'id: intro\ntitle: "Tiếng Việt 😀, mở đầu"\nduration: 90\nshare: 0.75\n'
        "objectives:\n  - One\n  - Two\ncompetencies: [co-design, evaluation]\n"
        "slots:\n  case:\n    brief: >\n      A case\n      from the region.\n    required: true\n"
    )
    assert fastyaml.parse(text, _FAST_LIMITS) is not None
    doc, found = parse_yaml(text, "curriculum/modules/intro.md", "GL101", line_offset=1)
    assert found == [] and doc is not None
    assert doc.value_span(doc.data, "title") == doc.span_of(1, 7)
    assert doc.item_span(doc.data["objectives"], 1) == doc.span_of(6, 4)
    assert doc.data["slots"]["case"]["brief"].fold_pos == [6]
    assert difference(doc.data, ruamel_load(text)) is None


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # anchors and aliases
        "a: !!str 1\n",  # tags
        "a: 1\na: 2\n",  # a key twice
        "1: a\n'1': b\n",  # the same key text, once a number
        "true: a\nTrue: b\n",  # equal keys
        "a:\nb: 1\n",  # an empty value: ruamel places it by the comments around it
        "a: 1\n---\nb: 2\n",  # two documents
        "%YAML 1.1\n---\na: yes\n",  # a directive
        "a:\tb\n",  # a tab
        "a: 1\r\nb: 2\r\n",  # carriage returns
        "a: x\x85y\n",  # NEL, a line break in YAML 1.1 only
        "<<: {a: 1}\nb: 2\n",  # a merge key
        "? [a, b]\n: c\n",  # a key that is a list
        "a: >2\n   indented\n",  # a folded scalar's indentation indicator
        "a: [1, 2\n",  # a syntax error
        "a: " + "1" * (MAX_INT_DIGITS + 1) + "\n",  # an integer past the limit (GL016)
        "a: " + "[" * (MAX_YAML_DEPTH + 1) + "]" * (MAX_YAML_DEPTH + 1) + "\n",  # too deep (GL015)
    ],
)
def test_what_ruamel_alone_reads_is_declined(text):
    assert fastyaml.parse(text, _FAST_LIMITS) is None


def test_a_folded_scalar_ruamel_cannot_read_alone_is_declined(monkeypatch):
    """A folded scalar is read again by ruamel from its own lines: if that reading fails (no
    text is known to do it), the whole text goes to ruamel, never a traceback."""
    from ruamel.yaml.scanner import ScannerError

    class Failing:
        def __init__(self, typ: str) -> None:
            pass

        def load(self, stream: Any) -> Any:
            raise ScannerError("while scanning", None, "something ruamel refuses", None)

    text = "a: >\n  folded\n  text\n"
    assert fastyaml.parse(text, _FAST_LIMITS) is not None
    monkeypatch.setattr(fastyaml, "YAML", Failing)
    assert fastyaml.parse(text, _FAST_LIMITS) is None
    doc, found = parse_yaml(text, "x.yml", "GL002")
    assert found == [] and doc is not None and str(doc.data["a"]) == "folded text\n"


@pytest.mark.parametrize(
    "text",
    [
        "a: 0x1F\nb: 1_000\nc: 007\nd: 0\ne: +3\nf: -12\n",
        "a: 1.50\nb: 1e3\nc: .inf\nd: -.NaN\ne: 6.02E+23\n",
        "a: 2026-12-06\nb: 2026-12-06T21:35:19Z\nc: 2026-12-06 21:35:19.5 +01:00\n",
        "a: yes\nb: No\nc: on\nd: TRUE\ne: ~\nf: Null\n",
        "a: \"x\\ty\\u00e9\\n\"\nb: 'it''s'\nc: |\n  kept\n   as is\n\nd: |-\n  chomped\n",
        "a: >\n  folded\n  text\n\n  para\n    more\nb: >-\n  x\n  y\n",
        "- {a: 1, b: [x, y]}\n- []\n- {}\n-   - nested\n    - list\n",
        "--- # explicit start\na: [1,\n  2,\n   3]\nb: {x: 1,\n  y: [2, 3]}\n...\n",
        "a: plain text\n  over lines\nb: 'quoted\n  over lines'\nc: \"double\n\n  quoted\"\n",
        "? explicit key\n: 1\nlist: [x: 1, {y: 2}, z]\n",
        "plain scalar document\n",
        "# only a comment\n",
        "",
    ],
)
def test_numbers_timestamps_and_scalar_styles_read_the_same(text):
    assert assert_same_or_declined(text)  # accepted, and equal


# --- texts hypothesis writes --------------------------------------------------------------------

SCALARS = [
    "word", "two words", "yes", "No", "on", "true", "False", "NULL", "~", "12", "-3", "+7", "0",
    "012", "0x1F", "0o17", "0b101", "1_000", "1.5", ".5", "1e3", "-.inf", ".NaN", "1.0e+3",
    "2026-01-01", "2026-01-01T10:00:00Z", "2026-13-45", "2026-1-1 1:00:00", "<<", "=",
    '"quoted"', "'single'", "'it''s'", '"esc \\" \\t \\u00e9 \\/"', "Tiếng Việt", "😀 emoji",
    "a:b", "a: b", "x #c", "#c", "- dash", "-dash", "? q", "?q", ":x", "!tag x", "&anc x",
    "*alias", "%pct", "@at", "`bt`", "{x: 1}", "[y, z]", "{}", "[]", "a, b", "l&d", "50%", "",
]  # fmt: skip
KEYS = ["a", "b", "a", "id", "1", "true", "'a'", '"b"', "x y", "~", "1.5", "2026-01-01"]
BLOCK_SCALARS = ["|", "|-", "|+", ">", ">-", ">+", "|2", ">1"]


def render(node: Any, indent: int) -> list[str]:
    """YAML lines for `node` (strings are written as they are: a scalar, a flow collection)."""
    pad = " " * indent
    if isinstance(node, tuple):  # ("map" | "seq", entries)
        kind, entries = node
        lines = []
        for key, value, comment in entries:
            lead = f"{pad}{key}:" if kind == "map" else f"{pad}-"
            lines += _entry(lead, value, indent, comment)
        return lines or [pad + ("{}" if kind == "map" else "[]")]
    return [pad + node]


def _entry(lead: str, value: Any, indent: int, comment: str) -> list[str]:
    if isinstance(value, tuple) and value[0] == "block":
        _, style, body = value
        return [f"{lead} {style}{comment}"] + [" " * (indent + 2) + line if line else "" for line in body]
    if isinstance(value, tuple):
        return [lead + comment] + render(value, indent + 2)
    return [f"{lead} {value}{comment}".rstrip(" ")]


comments = st.sampled_from(["", "", "", "  # note"])
block_scalars = st.tuples(
    st.just("block"),
    st.sampled_from(BLOCK_SCALARS),
    st.lists(st.sampled_from(["line", "more words", "", "  indented", "😀 Việt"]), min_size=1, max_size=4),
)
nodes = st.recursive(
    st.sampled_from(SCALARS) | block_scalars,
    lambda inner: st.tuples(
        st.sampled_from(["map", "seq"]),
        st.lists(st.tuples(st.sampled_from(KEYS), inner, comments), max_size=4),
    ),
    max_leaves=12,
)


documents = st.tuples(
    st.sampled_from(["map", "seq"]), st.lists(st.tuples(st.sampled_from(KEYS), nodes, comments))
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_hypothesis_texts_read_the_same_or_are_declined(document):
    text = "\n".join(render(document, 0)) + "\n"
    assert_same_or_declined(text)
