"""A cohort roster (CSV) → trainees, with a diagnostic for every bad row or cell.

Required columns: id, name, email, attended, knowledge_check, teach_back, observed_deliveries.
`attended` is `all` or module ids separated by `;`. A column named after a rubric criterion id
holds that criterion's level; other extra columns are allowed and ignored.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from glocal.diagnostics import Diagnostic, Span
from glocal.load.validation import did_you_mean
from glocal.model import Certification

REQUIRED = ("id", "name", "email", "attended", "knowledge_check", "teach_back", "observed_deliveries")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Trainee:
    id: str
    name: str
    email: str
    attended: tuple[str, ...]  # module ids ("all" resolved)
    knowledge_check: float
    teach_back: float
    observed_deliveries: int
    levels: dict  # criterion id -> level
    line: int  # 0-based line of the row


@dataclass
class Roster:
    path: str
    trainees: list[Trainee] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.diagnostics


def _columns(line: str, delimiter: str = ",") -> list[int]:
    """Character column where each cell of a CSV line starts (quotes respected)."""
    starts, quoted, index = [0], False, 0
    while index < len(line):
        char = line[index]
        if char == '"':
            if quoted and index + 1 < len(line) and line[index + 1] == '"':
                index += 1
            else:
                quoted = not quoted
        elif char == delimiter and not quoted:
            starts.append(index + 1)
        index += 1
    return starts


def _number(text: str) -> float | None:
    """A finite number (a decimal comma is fine); None for anything else, NaN and infinity included."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def read_roster(path: Path, display: str, certification: Certification, module_ids: list[str]) -> Roster:
    """Parse and validate the roster; `display` is the path shown in diagnostics."""
    roster = Roster(display)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        roster.diagnostics.append(
            Diagnostic("GL525", f"cannot read the roster: {exc.strerror or exc}", Span(display))
        )
        return roster
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n")
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1)
        roster.diagnostics.append(
            Diagnostic(
                "GL525",
                f"expected UTF-8 text but found the byte 0x{raw[exc.start]:02x}",
                Span(display, line, col),
                hint="export the roster as CSV UTF-8",
            )
        )
        return roster
    lines = text.splitlines()
    if not text.strip():
        roster.diagnostics.append(
            Diagnostic(
                "GL520",
                f"the roster is empty: expected a header row with {', '.join(REQUIRED)}",
                Span(display, 0, 0),
            )
        )
        return roster
    reader = csv.reader(io.StringIO(text))
    try:
        rows = []
        previous = 0
        for row in reader:
            rows.append((previous, row))
            previous = reader.line_num
    except csv.Error as exc:
        roster.diagnostics.append(
            Diagnostic("GL525", f"broken CSV: {exc}", Span(display, reader.line_num - 1, 0))
        )
        return roster
    header_line, header = rows[0]
    header = [cell.strip() for cell in header]
    missing = [name for name in REQUIRED if name not in header]
    for name in missing:
        unknown = [h for h in header if h not in REQUIRED]
        roster.diagnostics.append(
            Diagnostic(
                "GL520",
                f"the roster has no '{name}' column: expected columns {', '.join(REQUIRED)}",
                Span(display, header_line, 0),
                hint=did_you_mean(name, unknown),
            )
        )
    if missing:
        return roster
    position = {name: header.index(name) for name in header}
    criteria = {c.id for c in certification.criteria}
    levels = sorted(certification.levels)
    low, high = (levels[0], levels[-1]) if levels else (1, 4)
    seen: dict[str, int] = {}
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        cols = _columns(lines[line]) if line < len(lines) else []

        def where(column: str) -> Span:
            index = position[column]
            return Span(display, line, cols[index] if index < len(cols) else 0)

        def problem(code: str, message: str, column: str | None = None, hint: str | None = None) -> None:
            roster.diagnostics.append(
                Diagnostic(code, message, where(column) if column else Span(display, line, 0), hint=hint)
            )

        if len(row) != len(header):
            problem("GL527", f"row has {len(row)} cells but the header has {len(header)}")
            continue
        cell = {name: row[index].strip() for name, index in position.items()}
        ident = cell["id"]
        errors_before = len(roster.diagnostics)
        if not ident:
            problem("GL526", "expected a trainee id but the cell is empty", "id")
        elif ident in seen:
            problem("GL524", f"trainee id '{ident}' is used twice (first at line {seen[ident] + 1})", "id")
        else:
            seen[ident] = line
        if not cell["name"]:
            problem("GL526", "expected the trainee's name but the cell is empty", "name")
        if not EMAIL.match(cell["email"]):
            problem("GL526", f"expected an e-mail address but found {cell['email']!r}", "email")
        attended_text = cell["attended"]
        if attended_text.lower() == "all":
            attended = tuple(module_ids)
        else:
            attended = tuple(part.strip() for part in attended_text.split(";") if part.strip())
            for module_id in attended:
                if module_id not in module_ids:
                    problem(
                        "GL521",
                        f"attended module '{module_id}' is not in the program",
                        "attended",
                        hint=did_you_mean(module_id, module_ids)
                        or "use 'all' or module ids separated by ';'",
                    )
        values = {}
        for column, minimum, maximum, whole in (
            ("knowledge_check", 0, 100, False),
            ("teach_back", low, high, False),
            ("observed_deliveries", 0, None, True),
        ):
            number = _number(cell[column])
            if cell[column] == "" and column == "teach_back":
                values[column] = None  # may come from per-criterion levels
                continue
            if number is None or (whole and number != int(number)):
                kind = "a whole number" if whole else "a number"
                problem("GL522", f"'{column}' expected {kind} but found {cell[column]!r}", column)
                continue
            if number < minimum or (maximum is not None and number > maximum):
                bounds = (
                    f"between {minimum:g} and {maximum:g}" if maximum is not None else f"at least {minimum:g}"
                )
                problem("GL523", f"'{column}' expected a value {bounds} but found {cell[column]}", column)
                continue
            values[column] = number
        levels_given = {}
        for column in header:
            if column in criteria and cell[column] != "":
                number = _number(cell[column])
                if number is None or number != int(number):
                    problem(
                        "GL522",
                        f"criterion '{column}' expected a whole rubric level but found {cell[column]!r}",
                        column,
                    )
                elif int(number) not in certification.levels:
                    problem(
                        "GL523",
                        f"criterion '{column}' expected a level {low}-{high} but found {cell[column]}",
                        column,
                    )
                else:
                    levels_given[column] = int(number)
        if values.get("teach_back") is None and "teach_back" in values:
            if levels_given:
                values["teach_back"] = round(sum(levels_given.values()) / len(levels_given), 2)
            else:
                problem(
                    "GL522",
                    "'teach_back' expected a number (or per-criterion levels) but the cell is empty",
                    "teach_back",
                )
        if len(roster.diagnostics) == errors_before:
            roster.trainees.append(
                Trainee(
                    ident,
                    cell["name"],
                    cell["email"],
                    attended,
                    values["knowledge_check"],
                    values["teach_back"],
                    int(values["observed_deliveries"]),
                    levels_given,
                    line,
                )
            )
    return roster
