"""Diagnostics: one type for every problem Glocal reports (its codes and their default severities
are in `codes`), and its text, JSON and GitHub forms.

Positions are 0-based everywhere inside Glocal (as ruamel.yaml and markdown-it-py give them);
this is the only module that turns them into the 1-based numbers users see.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from glocal.codes import CODES, Severity

#: What a diagnostic's line may not carry as it is: control characters (a terminal escape in a
#: roster cell clears the screen or recolours what follows; a carriage return or line feed forges
#: another line) and the bidirectional embeddings, overrides and isolates (U+202E shows the rest
#: of the line reversed). Quoted names and cells come from many hands.
_UNSEEN = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    """`text` with each character of `_UNSEEN` written as its escape (`\\x1b`, `\\u202e`)."""
    return _UNSEEN.sub(lambda m: ascii(m.group())[1:-1], text)


@dataclass(frozen=True)
class Span:
    """A 0-based position in a project file; `line`/`col` are None when not applicable."""

    path: str
    line: int | None = None
    col: int | None = None

    def shifted(self, lines: int = 0, col: int | None = None) -> Span:
        """The same file, `lines` further down (and at `col` if given)."""
        if self.line is None:
            return self
        return Span(self.path, self.line + lines, self.col if col is None else col)


@dataclass(frozen=True)
class Related:
    """Another place a diagnostic points at, e.g. where a duplicate was `first` declared."""

    span: Span
    label: str = "first"


@dataclass(frozen=True)
class Diagnostic:
    code: str
    message: str
    span: Span
    hint: str | None = None
    severity: Severity | None = None  # None: the code's default
    related: tuple[Related, ...] = ()

    @property
    def text(self) -> str:
        """The message with its related places: `... (first at line 9)`, or another file's path."""
        notes = []
        for other in self.related:
            line = None if other.span.line is None else other.span.line + 1
            if other.span.path == self.span.path and line is not None:
                notes.append(f"{other.label} at line {line}")
            elif line is not None:
                notes.append(f"{other.label} at {other.span.path}:{line}:{(other.span.col or 0) + 1}")
            else:
                notes.append(f"{other.label} in {other.span.path}")
        return self.message + (f" ({'; '.join(notes)})" if notes else "")

    @property
    def level(self) -> Severity:
        return self.severity or CODES[self.code][0]

    @property
    def line(self) -> int | None:
        return None if self.span.line is None else self.span.line + 1

    @property
    def col(self) -> int | None:
        if self.span.line is None:
            return None
        return (self.span.col or 0) + 1

    def sort_key(self) -> tuple:
        return (self.span.path, self.line or 0, self.col or 0, self.code, self.message)

    def to_text(self) -> str:
        """`path:line:col: severity CODE: message` (with the hint after ` (hint: ...)`)."""
        where = self.span.path
        if self.line is not None:
            where += f":{self.line}:{self.col}"
        text = f"{where}: {self.level.value} {self.code}: {self.text}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return shown(text)

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "severity": self.level.value,
            "path": self.span.path,
            "line": self.line,
            "col": self.col,
            "message": self.text,
            "hint": self.hint,
            "related": [
                {
                    "label": other.label,
                    "path": other.span.path,
                    "line": None if other.span.line is None else other.span.line + 1,
                    "col": None if other.span.line is None else (other.span.col or 0) + 1,
                }
                for other in self.related
            ],
        }

    def to_record(self) -> dict:
        """Every field as plain JSON data (for a cache); `from_record` gives the same diagnostic back."""
        return {
            "code": self.code,
            "message": self.message,
            "span": [self.span.path, self.span.line, self.span.col],
            "hint": self.hint,
            "severity": self.severity.value if self.severity else None,
            "related": [[r.label, r.span.path, r.span.line, r.span.col] for r in self.related],
        }

    @classmethod
    def from_record(cls, record: dict) -> Diagnostic:
        """Raises KeyError, TypeError or ValueError on a record `to_record` did not write."""
        path, line, col = record["span"]
        related = tuple(Related(Span(str(p), li, c), str(label)) for label, p, li, c in record["related"])
        if record["code"] not in CODES:
            raise ValueError(f"unknown code {record['code']!r}")
        severity = Severity(record["severity"]) if record["severity"] else None
        return cls(
            str(record["code"]),
            str(record["message"]),
            Span(str(path), line, col),
            record["hint"],
            severity,
            related,
        )

    def to_github(self) -> str:
        """A GitHub Actions workflow command, so diagnostics annotate the pull request."""
        kind = {"error": "error", "warning": "warning", "info": "notice"}[self.level.value]
        props = [f"file={_gh_escape_prop(shown(self.span.path))}"]
        if self.line is not None:
            props += [f"line={self.line}", f"col={self.col}"]
        props.append(f"title={self.code}")
        message = self.text + (f" (hint: {self.hint})" if self.hint else "")
        return f"::{kind} {','.join(props)}::{_gh_escape_data(shown(message))}"


def _gh_escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_escape_prop(text: str) -> str:
    return _gh_escape_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass
class Report:
    """An ordered, de-duplicated collection of diagnostics."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    _seen: set = field(default_factory=set, repr=False)

    def add(self, diagnostic: Diagnostic) -> None:
        key = (diagnostic.code, diagnostic.span, diagnostic.message)
        if key not in self._seen:
            self._seen.add(key)
            self.diagnostics.append(diagnostic)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        for diagnostic in diagnostics:
            self.add(diagnostic)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(self.diagnostics)

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.diagnostics, key=Diagnostic.sort_key)

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.level is severity)

    @property
    def errors(self) -> int:
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        return self.count(Severity.WARNING)

    def has_errors_in(self, path_prefix: str) -> bool:
        return any(
            d.level is Severity.ERROR and d.span.path.startswith(path_prefix) for d in self.diagnostics
        )

    def to_json_list(self) -> list[dict]:
        return [d.to_json() for d in self.sorted()]


def dumps_json(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)
