"""The termbase index (`glocal.i18n.termbase.Termbase`) finds exactly the terms a scan of every
term finds, and reads `locales/glossary.csv` as any file of the project is read."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from glocal.i18n.termbase import (
    GLOSSARY_PATH,
    Term,
    Termbase,
    _word_prefix_match,
    glossary_problems,
    load_glossary,
    names_a_thing,
)


def every_term(terms: list[Term], language: str, msgid: str, msgstr: str) -> list[str]:
    """The check as it was before the index: every term, longest first, tried on the source."""
    covered: list[tuple[int, int]] = []
    missing = []
    for term in sorted(terms, key=lambda t: len(t.source), reverse=True):
        target = term.targets.get(language)
        if not target:
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(term.source)}(?:s|es)?(?!\w)", msgid, re.I):
            if any(start <= match.start() < end for start, end in covered):
                continue
            if names_a_thing(term.source, msgid, match.start()):
                continue
            covered.append((match.start(), match.end()))
            if not _word_prefix_match(target, msgstr):
                missing.append(f"'{term.source}' → '{target}'")
            break
    return missing


WORDS = [
    "partner",
    "Partners",
    "process",
    "processes",
    "e-learning",
    "L&D",
    "pillar",
    "vision",
    ".NET",
    "ship",
]
term_text = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)
text = st.lists(
    st.sampled_from([*WORDS, "partnership", "the", ",", "shipping", "PILLARS", "é"]), max_size=12
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(term_text, st.sampled_from(["søjle", "partner", "", "proces"])), max_size=8),
    text,
    text,
)
def test_the_index_finds_what_trying_every_term_finds(rows, msgid, msgstr):
    terms = [Term(source, {"da": target} if target else {}) for source, target in rows]
    assert glossary_problems(Termbase(terms), "da", msgid, msgstr) == every_term(terms, "da", msgid, msgstr)


def test_a_termbase_of_20000_terms_finds_the_one_the_text_uses(tmp_path: Path):
    """Each source text is tried against the terms that start with one of its words: a scan of
    every term, for every message, took `check` of the sample from 1 s to over ten minutes."""
    rows = ["en,da"] + [f"term{i},t{i}" for i in range(20_000)] + ["training partner,uddannelsesleverandør"]
    (tmp_path / GLOSSARY_PATH).parent.mkdir(parents=True)
    (tmp_path / GLOSSARY_PATH).write_text("\n".join(rows) + "\n", encoding="utf-8")
    terms, problems = load_glossary(tmp_path, "en")
    assert not problems and len(terms) == 20_001
    assert [term.source for term, _ in terms.candidates("Ask your training partners.")] == [
        "training partner"
    ]
    found = glossary_problems(terms, "da", "Ask your training partners first.", "Spørg jeres partner først.")
    assert found == ["'training partner' → 'uddannelsesleverandør'"]


def test_a_terms_word_in_a_name_is_not_the_term():
    """The sample's companies (Brightpath Learning) were GL309 in every language: 'learning' → 'læring'."""
    terms = [Term("learning", {"da": "læring"})]
    assert (
        glossary_problems(
            terms, "da", "Brightpath Learning trains 200 staff.", "Brightpath Learning uddanner 200."
        )
        == []
    )
    assert (
        glossary_problems(terms, "da", "The case of Sandford Learning.", "Sagen om Sandford Learning.") == []
    )
    # the term itself, at a sentence's, a heading's or an item's start, or in running text, is the term
    for source in (
        "Learning is lifelong.",
        "## Learning together",
        "- Learning by doing",
        "We value learning.",
    ):
        assert glossary_problems(terms, "da", source, "Noget andet.") == ["'learning' → 'læring'"], source
    assert glossary_problems(terms, "da", "Done. Learning follows.", "Færdig. Så følger.") == [
        "'learning' → 'læring'"
    ]


def test_a_catalog_saved_decomposed_holds_the_same_words():
    """Vietnamese saved as NFD (macOS tools): every term was reported missing."""
    import unicodedata

    terms = [Term("partnership", {"vi": "quan hệ đối tác"})]
    translated = unicodedata.normalize("NFD", "Xây dựng quan hệ đối tác lâu dài.")
    assert translated != unicodedata.normalize("NFC", translated)
    assert glossary_problems(terms, "vi", "Build a lasting partnership.", translated) == []
    decomposed_term = [Term("partnership", {"vi": unicodedata.normalize("NFD", "quan hệ đối tác")})]
    assert glossary_problems(decomposed_term, "vi", "Build a partnership.", "Xây dựng quan hệ đối tác.") == []
