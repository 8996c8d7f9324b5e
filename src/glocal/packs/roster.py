"""A cohort roster (CSV) → trainees, with a diagnostic for every bad row or cell.

Required columns: id, name, email, attended, knowledge_check, teach_back, observed_deliveries.
`attended` is `all` or module ids separated by `;`. A column named after a rubric criterion id
holds that criterion's level; other extra columns are allowed and ignored.

The `csv` module does all the lexing; each row's cells are then validated by the schema engine
the YAML records use (`row_schema`), so messages read alike: `'knowledge_check' expected a
number between 0 and 100 but found 'ninety' (text)`.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from glocal.diagnostics import Diagnostic, Related, Severity, Span
from glocal.load.cells import IntText, NumberText, OneOf, TextList
from glocal.load.validation import AllOr, Context, Field, Record, Str, did_you_mean
from glocal.model import Certification
from glocal.packs.context import slug

REQUIRED = ("id", "name", "email", "attended", "knowledge_check", "teach_back", "observed_deliveries")
#: Characters no id, name or address on a certificate may hold: control characters (a terminal
#: escape, a line break) and the bidirectional embeddings, overrides and isolates, with which a
#: name shows other than it is written (`Ali\u202eecilA` prints reversed from the override on).
_UNSEEN = "\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
PLAIN = re.compile(f"[^{_UNSEEN}]*\\Z")
PLAIN_HINT = (
    "text without control characters or text-direction overrides (U+202A to U+202E, U+2066 to U+2069)"
)
EMAIL = re.compile(f"[^@\\s{_UNSEEN}]+@[^@\\s{_UNSEEN}]+\\.[^@\\s{_UNSEEN}]+\\Z")

#: the roster's code for each kind of wrong cell (anything else, e.g. not a number, is GL522)
CELL_CODES = {"empty": "GL526", "pattern": "GL526", "choice": "GL521", "range": "GL523", "check": "GL523"}


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


def _level_bounds(certification: Certification) -> tuple[int, int]:
    levels = sorted(certification.levels)
    return (levels[0], levels[-1]) if levels else (1, 4)


def _not_a_fraction(score: float) -> str | None:
    """A score above 0 and below 1 is a fraction (`0.85`, `0,85`: a spreadsheet's 85% exported as
    a number), not a percentage: read as written, it would fail every trainee."""
    if 0 < score < 1:
        return (
            f"expected a percentage from 0 to 100 but found {score:g}, which looks like a fraction "
            f"({score * 100:g}%?): write {score * 100:g}, or 0 for a score under 1%"
        )
    return None


def row_schema(certification: Certification, module_ids: list[str]) -> Record:
    """One roster row, declared as the YAML records are.

    The required columns, then one optional column per rubric criterion, holding its level.
    Cells are text, so numbers are `NumberText`/`IntText`; the roster's codes are `CELL_CODES`.
    """
    low, high = _level_bounds(certification)
    modules = OneOf(module_ids, "a module id of the program", hint="use 'all' or module ids separated by ';'")
    fields = {
        "id": Field(Str(PLAIN, PLAIN_HINT), "the trainee's id, once per roster", required=True),
        "name": Field(Str(PLAIN, PLAIN_HINT), "the trainee's name, as on the certificate", required=True),
        "email": Field(Str(EMAIL, "an e-mail address"), "the trainee's e-mail address", required=True),
        "attended": Field(
            AllOr(TextList(modules), ignore_case=True), "'all', or module ids separated by ';'", required=True
        ),
        "knowledge_check": Field(
            NumberText(0, 100), "the knowledge-check score in percent", required=True, check=_not_a_fraction
        ),
        "teach_back": Field(
            NumberText(low, high, allow_empty=True),
            "the average teach-back level (empty: the average of the criterion columns)",
            required=True,
        ),
        "observed_deliveries": Field(
            IntText(minimum=0), "first deliveries observed by a certified trainer", required=True
        ),
    }
    known = sorted(certification.levels)

    def is_a_level(level: int) -> str | None:
        return None if level in known else f"expected one of the rubric levels {known} but found {level}"

    for criterion in certification.criteria:
        fields.setdefault(
            criterion.id,
            Field(
                IntText(low, high, allow_empty=True),
                f"the level observed for '{criterion.id}'",
                check=is_a_level,
            ),
        )
    return Record(fields)


# ------------------------------------------------------------------------------ lexing


def _cell_starts(text: str) -> list[int]:
    """Where each cell of one CSV record starts in its text, as the `csv` module (its default
    dialect) splits it: a comma outside quotes ends a cell; a quote opens quotes only where a
    cell begins, and `""` inside them is a quote. One pass: asking the `csv` module about the
    text up to each comma took 27 s for a row of 120,000 commas (a seeded comparison of the two
    over 30,000 records found them equal)."""
    starts = [0]
    quoted = False
    at_start = True
    index = 0
    while index < len(text):
        char = text[index]
        if quoted:
            if char == '"':
                if text.startswith('"', index + 1):
                    index += 2
                    continue
                quoted = False
        elif char == '"' and at_start:
            quoted = True
        elif char == ",":
            starts.append(index + 1)
            at_start = True
            index += 1
            continue
        at_start = False
        index += 1
    return starts


@dataclass
class _Record:
    """One CSV record: its cells, its text and where it starts (0-based) in the roster."""

    path: str
    line: int
    text: str  # more than one line when a quoted cell holds a line break
    cells: list[str]

    @cached_property
    def starts(self) -> list[int]:
        return _cell_starts(self.text)

    def span(self, index: int | None = None) -> Span:
        """Where cell `index` starts; the record's start for None (or a cell the text lacks)."""
        if index is None or index >= len(self.starts):
            return Span(self.path, self.line, 0)
        offset = self.starts[index]
        line = self.line + self.text.count("\n", 0, offset)
        return Span(self.path, line, offset - (self.text.rfind("\n", 0, offset) + 1))

    @property
    def blank(self) -> bool:
        return not any(cell.strip() for cell in self.cells)


def _records(text: str, display: str) -> tuple[list[_Record], Diagnostic | None]:
    """Every CSV record of the roster with its position; broken CSV is GL525."""
    lines = io.StringIO(text).readlines()
    reader = csv.reader(lines)
    records: list[_Record] = []
    first = 0
    try:
        for cells in reader:
            records.append(_Record(display, first, "".join(lines[first : reader.line_num]), cells))
            first = reader.line_num
    except csv.Error as exc:
        return records, Diagnostic("GL525", f"broken CSV: {exc}", Span(display, reader.line_num - 1, 0))
    return records, None


@dataclass(frozen=True)
class _Cells:
    """A row's cells by column name: the document the schema engine validates and asks for positions."""

    record: _Record
    position: dict[str, int]  # column name -> cell index (its first column when named twice)

    def values(self, names: dict[str, Any]) -> dict[str, str]:
        """The (stripped) cells of the columns in `names`."""
        return {name: self.record.cells[i].strip() for name, i in self.position.items() if name in names}

    def key_span(self, mapping: Any, key: str) -> Span:
        return self.record.span(self.position.get(key))

    def value_span(self, mapping: Any, key: str) -> Span:
        return self.key_span(mapping, key)

    def item_span(self, seq: Any, index: int) -> Span:
        return self.record.span()

    def raw_scalar(self, span: Span) -> str | None:
        return None  # cells are text already


# ------------------------------------------------------------------------------ reading


def _read_text(path: Path, display: str) -> tuple[str, Diagnostic | None]:
    """The roster's text; a file that cannot be read or is not UTF-8 is GL525, an empty one GL520."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return "", Diagnostic("GL525", f"cannot read the roster: {exc.strerror or exc}", Span(display))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n")
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1)
        message = f"expected UTF-8 text but found the byte 0x{raw[exc.start]:02x}"
        return "", Diagnostic(
            "GL525", message, Span(display, line, col), hint="export the roster as CSV UTF-8"
        )
    if not text.strip():
        message = f"the roster is empty: expected a header row with {', '.join(REQUIRED)}"
        return "", Diagnostic("GL520", message, Span(display, 0, 0))
    return text, None


def _header(record: _Record) -> tuple[list[str], list[Diagnostic]]:
    """The column names; a required column that is missing is GL520 (with a did-you-mean hint)."""
    header = [cell.strip() for cell in record.cells]
    for separator in (";", "\t"):
        split = [cell.strip() for cell in ",".join(header).split(separator)]
        if len(header) < len(REQUIRED) and all(name in split for name in REQUIRED):
            shown = "';'" if separator == ";" else "tabs"
            message = (
                f"the roster's columns are separated by {shown}, not commas (spreadsheets in many "
                "languages save CSV so)"
            )
            hint = "save it as 'CSV UTF-8 (comma delimited)', or replace each separator with ','"
            return header, [Diagnostic("GL520", message, record.span(), hint=hint)]
    unknown = [name for name in header if name not in REQUIRED]
    first: dict[str, int] = {}
    twice = []
    for index, name in enumerate(header):
        if name and name in first:  # which one counts? a later `knowledge_check` of 95 was ignored
            twice.append(
                Diagnostic(
                    "GL520",
                    f"the roster has the column '{name}' twice (columns {first[name] + 1} and {index + 1})",
                    record.span(index),
                    hint="keep one of them",
                )
            )
        first.setdefault(name, index)
    problems = twice + [
        Diagnostic(
            "GL520",
            f"the roster has no '{name}' column: expected columns {', '.join(REQUIRED)}",
            record.span(),
            hint=did_you_mean(name, unknown),
        )
        for name in REQUIRED
        if name not in header
    ]
    return header, problems


def read_roster(path: Path, display: str, certification: Certification, module_ids: list[str]) -> Roster:
    """Parse and validate the roster; `display` is the path shown in diagnostics."""
    roster = Roster(display)
    text, problem = _read_text(path, display)
    records: list[_Record] = []
    if problem is None:
        records, problem = _records(text, display)
    if problem is not None:
        roster.diagnostics.append(problem)
        return roster
    header, problems = _header(records[0])
    roster.diagnostics += problems
    if problems:
        return roster
    rows = _Rows(header, row_schema(certification, module_ids), certification, module_ids, roster.diagnostics)
    for record in records[1:]:
        trainee = rows.read(record)
        if trainee is not None:
            roster.trainees.append(trainee)
    if all(record.blank for record in records[1:]):
        message = "the roster has a header but no trainees: expected one row per trainee under it"
        roster.diagnostics.append(Diagnostic("GL540", message, records[0].span()))
    return roster


@dataclass
class _Rows:
    """Reads the rows under one header: each row's cells through the schema, ids kept unique."""

    header: list[str]
    schema: Record
    certification: Certification
    module_ids: list[str]
    diagnostics: list[Diagnostic]
    first_seen: dict[str, Span] = field(default_factory=dict)  # trainee id -> its first row's id cell
    file_names: dict[str, tuple[str, Span]] = field(default_factory=dict)  # file-safe id -> (id, id cell)

    @cached_property
    def position(self) -> dict[str, int]:
        return {name: self.header.index(name) for name in self.header}

    @cached_property
    def criteria(self) -> set[str]:
        """The columns that give a rubric criterion's level."""
        return {c.id for c in self.certification.criteria if c.id not in REQUIRED}

    def read(self, record: _Record) -> Trainee | None:
        """The row's trainee; None for a blank row or one with problems (each a diagnostic)."""
        if record.blank:
            return None
        if len(record.cells) != len(self.header):
            message = f"row has {len(record.cells)} cells but the header has {len(self.header)}"
            self.diagnostics.append(Diagnostic("GL527", message, record.span()))
            return None
        before = len(self.diagnostics)
        cells = _Cells(record, self.position)
        values = cells.values(self.schema.fields)
        self._check_unique(values["id"], cells)
        ctx = Context(
            cells, "GL520", "GL522", "GL520", "the roster", diagnostics=self.diagnostics, codes=CELL_CODES
        )
        data = self.schema.convert(values, ctx, record.span(), "") or {}
        levels = {
            name: data[name] for name in self.header if name in self.criteria and data[name] is not None
        }
        written = any(values[name].strip() for name in self.header if name in self.criteria)
        teach_back = self._teach_back(values["teach_back"], data["teach_back"], levels, cells, written)
        if teach_back is None or any(d.level is Severity.ERROR for d in self.diagnostics[before:]):
            return None  # (a warning, GL547, keeps the row)
        return self._trainee(data, teach_back, levels, record.line)

    def _check_unique(self, ident: str, cells: _Cells) -> None:
        """A trainee id seen in an earlier row is GL524, pointing back at that row."""
        if not ident:
            return  # the schema reports the empty id
        here = cells.key_span(None, "id")
        if ident in self.first_seen:
            related = (Related(self.first_seen[ident]),)
            message = f"trainee id '{ident}' is used twice"
            self.diagnostics.append(Diagnostic("GL524", message, here, related=related))
            return
        self.first_seen[ident] = here
        # one file per trainee (certificate, credential, form) is named after the file-safe id;
        # compared case-blind, as zip tools on macOS and Windows extract
        name = slug(ident)
        other = self.file_names.get(name.casefold())
        if other is not None:
            message = (
                f"trainee ids '{other[0]}' and '{ident}' both become the file name '{name}': "
                "one trainee's certificate would replace the other's"
            )
            hint = (
                "give each trainee an id that differs in letters or digits, not only in punctuation or case"
            )
            related = (Related(other[1], "other id"),)
            self.diagnostics.append(Diagnostic("GL539", message, here, hint=hint, related=related))
        else:
            self.file_names[name.casefold()] = (ident, here)

    def _teach_back(
        self, cell: str, value: float | None, levels: dict[str, int], cells: _Cells, written: bool = False
    ) -> float | None:
        """The teach-back score: the cell's, or (when it is empty) the average of the criterion
        levels. A cell a whole level or more from the levels' average is GL547, a warning: the
        cell counts, as it always did, but a trainee observed at 'Not yet' on every criterion
        was certified on a 4 with nothing said. `written`: a criterion cell holds something (an
        invalid level is reported as such, not also as an empty teach-back)."""
        if cell and value is not None and levels:
            average = sum(levels.values()) / len(levels)
            if abs(value - average) >= 1:
                message = (
                    f"'teach_back' is {value:g} but the {len(levels)} criterion level(s) of this row "
                    f"average {average:.2f}: the teach_back cell is the one that counts"
                )
                hint = "check the row: leave teach_back empty to use the criteria's average"
                self.diagnostics.append(
                    Diagnostic("GL547", message, cells.key_span(None, "teach_back"), hint=hint)
                )
        if cell or levels:
            return value if cell else round(sum(levels.values()) / len(levels), 2)
        if written:
            return None
        kind = self.schema.fields["teach_back"].kind
        message = f"'teach_back' expected {kind.expected} (or per-criterion levels) but found an empty value"
        self.diagnostics.append(Diagnostic("GL522", message, cells.key_span(None, "teach_back")))
        return None

    def _trainee(self, data: dict[str, Any], teach_back: float, levels: dict[str, int], line: int) -> Trainee:
        attended = data["attended"]
        return Trainee(
            data["id"],
            data["name"],
            data["email"],
            tuple(self.module_ids) if attended == "all" else tuple(attended),
            data["knowledge_check"],
            teach_back,
            data["observed_deliveries"],
            levels,
            line,
        )
