"""Schemas as code: each configuration key is a typed field with a one-line doc.

Validation never stops at the first problem: it converts what it can, records a diagnostic for
everything else (with the position of the offending key or value) and returns plain Python data.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from glocal.diagnostics import Diagnostic, Span
from glocal.load.yamlfile import YamlDoc

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class Document(Protocol):
    """Where the values being validated sit: a YAML document (`YamlDoc`), or a CSV row's cells."""

    def key_span(self, mapping: Any, key: str) -> Span: ...

    def value_span(self, mapping: Any, key: str) -> Span: ...

    def item_span(self, seq: Any, index: int) -> Span: ...

    def raw_scalar(self, span: Span) -> str | None: ...


@dataclass
class Context:
    """What a validation run needs: the document, its codes, and where diagnostics go.

    Every wrong value is `type_code` unless `codes` names another code for its problem:
    "empty" (empty text), "pattern" (text of the wrong form), "long" (text over its length),
    "range" (a number out of bounds),
    "choice" (not one of the allowed values) or "check" (a field's own check failed).
    """

    doc: Document
    unknown_code: str
    type_code: str
    missing_code: str
    what: str  # e.g. "program.yml", "front matter"
    diagnostics: list[Diagnostic] = field(default_factory=list)
    codes: dict[str, str] = field(default_factory=dict)

    def error(self, code: str, message: str, span: Span, hint: str | None = None) -> None:
        self.diagnostics.append(Diagnostic(code, message, span, hint=hint))

    def code(self, problem: str) -> str:
        """The code for a kind of wrong value (see the class doc)."""
        return self.codes.get(problem, self.type_code)


def describe(value: Any) -> str:
    """How a YAML value reads in a message: `'ninety' (text)`, `a list`, `nothing`."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"{value!r} (a number)"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"{shown!r} (text)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The closest of `choices` to `word`, as a hint; a choice that differs only in case first
    (`NORDICS` is 'nordics', which difflib alone finds nothing like)."""
    ordered = sorted(choices)
    same = [choice for choice in ordered if choice.casefold() == word.casefold()]
    close = same or difflib.get_close_matches(word, ordered, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


#: How many names a message lists in full; past it, the count and the closest (`listing`).
LISTED = 12
CLOSEST = 5


def listing(word: str, known: Sequence[str], noun: str, aliases: Sequence[str] = ()) -> str:
    """The names a message gives after "expected one of": all of them when there are few, else
    their count and the CLOSEST names to `word` (a programme of 500 modules has 1,500 pages: a
    message listing them all was 60 KB on one line). `noun` names them in the plural; `aliases`
    are other names for some of them (a page's module id), among the closest but not counted."""
    if not known:
        return "none"
    if len(known) <= LISTED:
        return ", ".join(known)
    close = difflib.get_close_matches(word, [*aliases, *known], n=CLOSEST, cutoff=0.0)
    return f"the {len(known):,} {noun}, the closest being {', '.join(close)}"


class Kind:
    """A value type. `convert` returns the plain value, or None after recording a diagnostic."""

    expected = "a value"
    reads_text = False  # a list kind that also takes its items written in one text (a CSV cell)

    def convert(self, value: Any, ctx: Context, span: Span, where: str) -> Any:
        raise NotImplementedError

    def _wrong(self, value: Any, ctx: Context, span: Span, where: str) -> None:
        ctx.error(ctx.type_code, f"'{where}' expected {self.expected} but found {describe(value)}", span)
        return None

    def _empty(self, ctx: Context, span: Span, where: str) -> None:
        """An empty cell where a value is needed (a wrong value like any other: `type_code`)."""
        ctx.error(ctx.type_code, f"'{where}' expected {self.expected} but found an empty value", span)
        return None


class Str(Kind):
    expected = "text"

    def __init__(
        self,
        pattern: re.Pattern | None = None,
        pattern_hint: str = "",
        allow_empty: bool = False,
        max_length: int | None = None,
    ):
        self.pattern = pattern
        self.pattern_hint = pattern_hint
        self.allow_empty = allow_empty
        self.max_length = max_length

    def convert(self, value: Any, ctx: Context, span: Span, where: str) -> str | None:
        if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
            self._wrong(value, ctx, span, where)
            return None
        text = str(value)
        if isinstance(value, (int, float)):  # `version: 1.10` is text to the author, not the number 1.1
            text = ctx.doc.raw_scalar(span) or text
        if not text.strip() and not self.allow_empty:
            ctx.error(ctx.code("empty"), f"'{where}' expected non-empty text but found an empty value", span)
            return None
        if self.max_length is not None and len(text) > self.max_length:
            ctx.error(
                ctx.code("long"),
                f"'{where}' expected at most {self.max_length} characters but found {len(text):,}",
                span,
                hint="it is shown on every page of a site: keep it short",
            )
            return None
        if self.pattern and not self.pattern.match(text):
            ctx.error(ctx.code("pattern"), f"'{where}' expected {self.pattern_hint} but found {text!r}", span)
            return None
        return text


class Int(Kind):
    def __init__(self, minimum: int | None = None, maximum: int | None = None):
        self.minimum, self.maximum = minimum, maximum
        if minimum is not None and maximum is not None:
            self.expected = f"a whole number between {minimum} and {maximum}"
        else:
            self.expected = "a whole number" + (f" of at least {minimum}" if minimum is not None else "")

    def convert(self, value: Any, ctx: Context, span: Span, where: str) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self._wrong(value, ctx, span, where)
            return None
        return self._bounded(value, f"{value}", ctx, span, where)

    def _bounded(self, value: int, shown: str, ctx: Context, span: Span, where: str) -> int | None:
        """`value` if within bounds; else a "range" problem naming the value as `shown`."""
        if (self.minimum is not None and value < self.minimum) or (
            self.maximum is not None and value > self.maximum
        ):
            if self.maximum is None:
                bounds = f"at least {self.minimum}"
            elif self.minimum is None:
                bounds = f"at most {self.maximum}"
            else:
                bounds = f"between {self.minimum} and {self.maximum}"
            ctx.error(
                ctx.code("range"), f"'{where}' expected a whole number {bounds} but found {shown}", span
            )
            return None
        return int(value)


class Number(Kind):
    def __init__(self, minimum: float, maximum: float):
        self.minimum, self.maximum = minimum, maximum
        self.expected = f"a number between {minimum:g} and {maximum:g}"

    def convert(self, value: Any, ctx: Context, span: Span, where: str) -> float | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self._wrong(value, ctx, span, where)
            return None
        return self._bounded(value, f"{value}", ctx, span, where)

    def _bounded(self, value: float, shown: str, ctx: Context, span: Span, where: str) -> float | None:
        """`value` if within bounds; else a "range" problem naming the value as `shown`."""
        if not self.minimum <= value <= self.maximum:
            ctx.error(ctx.code("range"), f"'{where}' expected {self.expected} but found {shown}", span)
            return None
        return float(value)


class Fraction(Number):
    """A share, 0 to 1."""

    def __init__(self):
        super().__init__(0, 1)


class Bool(Kind):
    expected = "true or false"

    def convert(self, value, ctx, span, where):
        if not isinstance(value, bool):
            return self._wrong(value, ctx, span, where)
        return value


class ListOf(Kind):
    def __init__(self, item: Kind, unique: bool = False):
        self.item, self.unique = item, unique
        self.expected = f"a list of {item.expected}"

    def convert(self, value, ctx, span, where):
        if not isinstance(value, list):
            return self._wrong(value, ctx, span, where)
        result = []
        for index, raw in enumerate(value):
            item_span = ctx.doc.item_span(value, index)
            converted = self.item.convert(raw, ctx, item_span, f"{where}[{index}]")
            if converted is None:
                continue
            if isinstance(converted, dict) and not isinstance(converted, Positioned):
                converted = Positioned(converted, item_span)
            if self.unique and converted in result:
                ctx.error(ctx.type_code, f"'{where}' lists {converted!r} twice", item_span)
                continue
            result.append(converted)
        return result


class MapOf(Kind):
    """A mapping with free keys (ids) and values of one kind."""

    def __init__(
        self,
        value: Kind,
        key_pattern: re.Pattern = ID_PATTERN,
        key_hint: str = "a lower-case id (a-z, 0-9, - and _)",
    ):
        self.value, self.key_pattern, self.key_hint = value, key_pattern, key_hint
        self.expected = "a mapping"

    def convert(self, value, ctx, span, where):
        if not isinstance(value, dict):
            return self._wrong(value, ctx, span, where)
        result = {}
        for key, raw in value.items():
            key_span = ctx.doc.key_span(value, key)
            if not isinstance(key, str) or not self.key_pattern.match(key):
                ctx.error(
                    ctx.type_code,
                    f"'{where}' expected keys that are {self.key_hint} but found {key!r}",
                    key_span,
                )
                continue
            converted = self.value.convert(raw, ctx, ctx.doc.value_span(value, key), f"{where}.{key}")
            if converted is not None:
                result[key] = Positioned(converted, key_span) if isinstance(converted, dict) else converted
        return result


class AllOr(Kind):
    """The word `all`, or a list (or, when `items` is a `TextList`, text that lists the items).

    With `ignore_case`, `All` and ` ALL ` are the word too (as a spreadsheet may write it).
    """

    def __init__(self, items: Kind, ignore_case: bool = False):
        self.items, self.ignore_case = items, ignore_case
        self.expected = f"'all' or {items.expected}"

    def convert(self, value: Any, ctx: Context, span: Span, where: str) -> Any:
        if value == "all" or (self.ignore_case and isinstance(value, str) and value.strip().lower() == "all"):
            return "all"
        if isinstance(value, list) or (isinstance(value, str) and self.items.reads_text):
            return self.items.convert(value, ctx, span, where)
        self._wrong(value, ctx, span, where)
        return None


class Positioned(dict):
    """A converted mapping that remembers where its key sits (for later diagnostics)."""

    def __init__(self, data: dict, span: Span):
        super().__init__(data)
        self.span = span


@dataclass(frozen=True)
class Field:
    """One key of a record: its type, whether it must be present, its default and its doc."""

    kind: Kind
    doc: str
    required: bool = False
    default: Any = None
    check: Callable[[Any], str | None] | None = None  # returns a message when the value is wrong


class Record(Kind):
    """A mapping with a fixed set of keys."""

    expected = "a mapping"

    def __init__(self, fields: dict[str, Field]):
        self.fields = fields

    def convert(self, value: Any, ctx: Context, span: Span, where: str) -> dict[str, Any] | None:
        if value is None:
            value = {}
        if not isinstance(value, dict):
            self._wrong(value, ctx, span, where)
            return None
        prefix = f"{where}." if where else ""
        result: dict[str, Any] = {}
        positions: dict[str, Span] = {}
        for key in value:
            if key not in self.fields:
                hint = did_you_mean(str(key), self.fields)
                known = ", ".join(self.fields)
                ctx.error(
                    ctx.unknown_code,
                    f"unknown key '{prefix}{key}' in {ctx.what}: expected one of {known}",
                    ctx.doc.key_span(value, key),
                    hint=hint,
                )
        for name, fld in self.fields.items():
            if name not in value:
                if fld.required:
                    ctx.error(
                        ctx.missing_code,
                        f"{ctx.what} is missing the required key '{prefix}{name}'",
                        span,
                        hint=f"add '{name}:' ({fld.doc})",
                    )
                result[name] = fld.default() if callable(fld.default) else fld.default
                continue
            value_span = ctx.doc.value_span(value, name)
            positions[name] = ctx.doc.key_span(value, name)
            converted = fld.kind.convert(value[name], ctx, value_span, f"{prefix}{name}")
            if converted is not None and fld.check is not None:
                problem = fld.check(converted)
                if problem:
                    ctx.error(ctx.code("check"), f"'{prefix}{name}' {problem}", value_span)
                    converted = None
            if converted is None:
                converted = fld.default() if callable(fld.default) else fld.default
            result[name] = converted
        result["__positions__"] = positions
        return result


def validate(doc: YamlDoc, record: Record, ctx: Context) -> dict[str, Any]:
    """Validate the whole document against `record`; the root must be a mapping."""
    root_span = Span(doc.path, doc.line_offset, 0)
    data = doc.data
    if data is not None and not isinstance(data, dict):
        ctx.error(
            ctx.type_code, f"{ctx.what} expected a mapping of keys but found {describe(data)}", root_span
        )
        data = {}
    converted = record.convert(data, ctx, root_span, "")
    return converted if converted is not None else {}
