"""The termbase, `locales/glossary.csv`: approved translations of the programme's terms, one row
per term and one column per language (GL313 when it cannot be read), and the check that a
translation uses the approved term where its source uses the term (GL309)."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from glocal.diagnostics import Diagnostic, Span
from glocal.i18n.extract import LOCALES_DIR
from glocal.load.files import read_text

GLOSSARY_PATH = f"{LOCALES_DIR}/glossary.csv"


@dataclass(frozen=True)
class Term:
    source: str
    targets: dict


class Termbase(list):
    """The terms of a termbase, indexed by the first word of each, lower-cased: a source text is
    matched against the few terms that start with one of its words, not against all of them (a
    termbase of 20,000 terms took `check` of the sample from 1 s to over ten minutes)."""

    def __init__(self, terms: Iterable[Term] = ()) -> None:
        super().__init__(terms)
        self.by_word: dict[str, list[tuple[int, Term]]] = {}
        self.other: list[tuple[int, Term]] = []  # terms that start with no word
        self._patterns: dict[int, re.Pattern[str]] = {}  # compiled when first needed
        ordered = sorted(self, key=lambda t: len(t.source), reverse=True)  # longest first, as matched
        for rank, term in enumerate(ordered):
            first = _WORD.match(term.source.lower())
            if first is None:
                self.other.append((rank, term))
            else:
                self.by_word.setdefault(first.group(), []).append((rank, term))

    def candidates(self, text: str) -> list[tuple[Term, re.Pattern[str]]]:
        """The terms that may occur in `text`, longest first, each with the pattern that finds it
        (a whole word, case aside, with a plural `s` or `es`): those whose first word is one of
        its words (or one of them without a plural ending), and those that start with none."""
        found = dict(self.other)
        for word in set(_WORD.findall(text.lower())):
            for key in {word, word.removesuffix("s"), word.removesuffix("es")}:
                found.update(self.by_word.get(key, ()))
        return [(found[rank], self._pattern(rank, found[rank])) for rank in sorted(found)]

    def _pattern(self, rank: int, term: Term) -> re.Pattern[str]:
        pattern = self._patterns.get(rank)
        if pattern is None:
            pattern = re.compile(rf"(?<!\w){re.escape(term.source)}(?:s|es)?(?!\w)", re.I)
            self._patterns[rank] = pattern
        return pattern


_WORD = re.compile(r"\w+")


def load_glossary(root: Path, source_language: str) -> tuple[Termbase, list[Diagnostic]]:
    """`locales/glossary.csv`: a header row of language codes, one term per row. It is read as
    any file of the project is (`glocal.load.files.read_text`): a link out of the project is
    never read (nor quoted), only reported (GL013, by the project's loading)."""
    if not (Path(root) / GLOSSARY_PATH).is_file():
        return Termbase(), []
    text, problems = read_text(Path(root), GLOSSARY_PATH, "GL313")
    if text is None:
        return Termbase(), [problem for problem in problems if problem.code != "GL013"]
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        return Termbase(), [Diagnostic("GL313", f"cannot read the termbase: {exc}", Span(GLOSSARY_PATH))]
    if not rows or source_language not in rows[0]:
        return Termbase(), [
            Diagnostic(
                "GL313",
                f"termbase header expected a '{source_language}' column "
                f"but found {rows[0] if rows else 'nothing'}",
                Span(GLOSSARY_PATH, 0, 0),
            )
        ]
    header = [cell.strip() for cell in rows[0]]
    terms: list[Term] = []
    for number, row in enumerate(rows[1:], 1):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            return Termbase(terms), [
                Diagnostic(
                    "GL313",
                    f"termbase row expected {len(header)} columns but found {len(row)}",
                    Span(GLOSSARY_PATH, number, 0),
                )
            ]
        cells = {header[i]: row[i].strip() for i in range(len(row))}
        if cells.get(source_language):
            terms.append(
                Term(cells[source_language], {k: v for k, v in cells.items() if k != source_language and v})
            )
    return Termbase(terms), []


def names_a_thing(term: str, text: str, start: int) -> bool:
    """Whether the match of a lowercase `term` at `start` is a word of a name, not the term: it is
    capitalized inside a sentence (`Brightpath Learning`, `the Partners Forum`), not at a
    sentence's, a heading's or a list item's start. A translator keeps a name as it is."""
    if not term[:1].islower() or not text[start : start + 1].isupper():
        return False
    before = text[:start].rstrip(" \t\"'“‘«„(*_[")
    return bool(before) and before[-1] not in ".!?:;\n#>|-+*"


def _word_prefix_match(target: str, text: str) -> bool:
    """Does `text` contain `target`, allowing inflected endings on each of its words? Both are
    compared composed (NFC): a catalog saved decomposed (NFD, as some macOS tools write) holds
    the same words."""
    target, text = unicodedata.normalize("NFC", target), unicodedata.normalize("NFC", text)
    lowered = text.lower()
    if target.lower() in lowered:
        return True
    words = re.findall(r"\w+", lowered)
    for part in re.findall(r"\w+", target.lower()):
        stem = part[: max(4, len(part) - 2)] if len(part) > 4 else part
        if not any(word.startswith(stem) for word in words):
            return False
    return True


def glossary_problems(terms: list[Term], language: str, msgid: str, msgstr: str) -> list[str]:
    """Termbase terms used in the source whose approved translation the msgstr lacks."""
    index = terms if isinstance(terms, Termbase) else Termbase(terms)
    covered: list[tuple[int, int]] = []
    missing = []
    for term, pattern in index.candidates(msgid):
        target = term.targets.get(language)
        if not target:
            continue
        for match in pattern.finditer(msgid):
            if any(start <= match.start() < end for start, end in covered):
                continue
            if names_a_thing(term.source, msgid, match.start()):
                continue
            covered.append((match.start(), match.end()))
            if not _word_prefix_match(target, msgstr):
                missing.append(f"'{term.source}' → '{target}'")
            break
    return missing
