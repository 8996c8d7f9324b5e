"""The termbase, `locales/glossary.csv`: approved translations of the programme's terms, one row
per term and one column per language (GL313 when it cannot be read), and the check that a
translation uses the approved term where its source uses the term (GL309)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from glocal.diagnostics import Diagnostic, Span
from glocal.i18n.extract import LOCALES_DIR

GLOSSARY_PATH = f"{LOCALES_DIR}/glossary.csv"


@dataclass(frozen=True)
class Term:
    source: str
    targets: dict


def load_glossary(root: Path, source_language: str) -> tuple[list[Term], list[Diagnostic]]:
    """`locales/glossary.csv`: a header row of language codes, one term per row."""
    path = Path(root) / GLOSSARY_PATH
    if not path.is_file():
        return [], []
    try:
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        return [], [Diagnostic("GL313", f"cannot read the termbase: {exc}", Span(GLOSSARY_PATH))]
    if not rows or source_language not in rows[0]:
        return [], [
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
            return terms, [
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
    return terms, []


def _word_prefix_match(target: str, text: str) -> bool:
    """Does `text` contain `target`, allowing inflected endings on each of its words?"""
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
    covered: list[tuple[int, int]] = []
    missing = []
    for term in sorted(terms, key=lambda t: len(t.source), reverse=True):
        target = term.targets.get(language)
        if not target:
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(term.source)}(?:s|es)?(?!\w)", msgid, re.I):
            if any(start <= match.start() < end for start, end in covered):
                continue
            covered.append((match.start(), match.end()))
            if not _word_prefix_match(target, msgstr):
                missing.append(f"'{term.source}' → '{target}'")
            break
    return missing
