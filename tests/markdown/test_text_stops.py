"""The parser's text rule stops only where one of its rules may begin (`parsers.TEXT_STOPS`):
the tokens are exactly those of the same parser stopping wherever markdown-it-py does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from glocal.markdown import parsers

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "tests/fixtures/corpus/commonmark/commonmark.json"


def _tokens(md, text: str) -> list:
    def flat(tokens) -> list:
        return [(t.as_dict(children=False), flat(t.children or [])) for t in tokens]

    return flat(md.parse(text, {}))


def _texts() -> list[str]:
    texts = [example["markdown"] for example in json.loads(SPEC.read_text(encoding="utf-8"))]
    for folder in ("curriculum", "toolkits", "tests/fixtures"):
        files = sorted((REPO / folder).rglob("*.md"))
        texts += [path.read_text(encoding="utf-8", errors="replace") for path in files]
    # every character markdown-it-py stops at, next to every other, in and around constructs
    stops = "\n!#$%&*+-:<=>@[\\]^_`{}~"
    texts += [f"a{x}{y}b {x}[l]({y}) *{x}* `{y}` <{x}> ^[{y}] &amp{x} [^{y}]\n" for x in stops for y in stops]
    texts += ["mail: <a@b.c> http://x.y:80/ ~~no~~ {#id} $math$ ==mark== ++ins++ 10:30 a:b::c\n"]
    return texts


def test_the_tokens_are_the_same_as_with_markdown_it_pys_own_stops():
    fast, reference = parsers.markdown_parser(), parsers.configured_parser()
    assert fast.inline.terminator_re.pattern != reference.inline.terminator_re.pattern
    texts = _texts()
    assert len(texts) > 1000
    for text in texts:
        assert _tokens(fast, text) == _tokens(reference, text), text[:200]


@pytest.mark.parametrize("unit", [":", "{", "~", "$", "=", "+", "@", "%", "#", "-", ">"])
def test_characters_no_rule_begins_with_do_not_stop_the_text_rule(unit: str):
    # markdown-it-py's own stops try every inline rule at each of these characters (a line of
    # 4,000 colons took 25 ms to parse); the parser reads a run of them as text at once
    assert parsers.configured_parser().inline.terminator_re.search(unit)
    assert parsers.markdown_parser().inline.terminator_re.search(unit) is None
