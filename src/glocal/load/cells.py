"""Kinds for values written as text, as a CSV cell holds them: numbers, whole numbers, choices, lists.

They extend the schema engine (`validation`), so a roster row reads and is reported like a YAML
record: the same messages, the same per-problem codes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from glocal.diagnostics import Span
from glocal.load.validation import Context, Int, Kind, Number, describe, did_you_mean

#: A number as a person writes one in a cell: digits, with a decimal point or comma.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)")
#: One to three digits, a point or comma, three digits: a decimal mark or a thousands separator
#: (1,000 in English, 1.000 in Danish), which cannot be told apart.
_THOUSANDS = re.compile(r"\d{1,3}[.,]\d{3}")


def number_in_text(text: str) -> float | None:
    """The number `text` spells ("85", " 3.2", "3,2": a decimal comma is fine), else None.

    Only plain digits are numbers here, though `float()` reads more: `8_5` (85), `1e2` (100),
    `nan` and `inf`; and `1,000`, which a spreadsheet writes for a thousand and a decimal comma
    reads as 1, is none either: it was read as 1, silently.
    """
    text = text.strip()
    if not _PLAIN_NUMBER.fullmatch(text) or _THOUSANDS.fullmatch(text.lstrip("+-")):
        return None
    value = float(text.replace(",", "."))
    return value if math.isfinite(value) else None


class NumberText(Number):
    """A `Number` that may also be written as text, as a CSV cell holds it: "85", "3.2", "3,2".

    Messages read as `Number`'s: a value out of range is named as written. An empty cell is a
    wrong value, or nothing (None, no diagnostic) when `allow_empty`.
    """

    def __init__(self, minimum: float, maximum: float, allow_empty: bool = False):
        super().__init__(minimum, maximum)
        self.allow_empty = allow_empty

    def convert(self, value: Any, ctx: Context, span: Span, where: str) -> float | None:
        if not isinstance(value, str):
            return super().convert(value, ctx, span, where)
        if not value.strip():
            if not self.allow_empty:
                self._empty(ctx, span, where)
            return None
        number = number_in_text(value)
        if number is None:
            self._wrong(value, ctx, span, where)
            return None
        return self._bounded(number, value.strip(), ctx, span, where)


class IntText(Int):
    """An `Int` that may also be written as text: "2" (or "2.0", a whole number all the same).

    An empty cell is a wrong value, or nothing (None, no diagnostic) when `allow_empty`.
    """

    def __init__(self, minimum: int | None = None, maximum: int | None = None, allow_empty: bool = False):
        super().__init__(minimum, maximum)
        self.allow_empty = allow_empty

    def convert(self, value: Any, ctx: Context, span: Span, where: str) -> int | None:
        if not isinstance(value, str):
            return super().convert(value, ctx, span, where)
        if not value.strip():
            if not self.allow_empty:
                self._empty(ctx, span, where)
            return None
        number = number_in_text(value)
        if number is None or not number.is_integer():
            self._wrong(value, ctx, span, where)
            return None
        return self._bounded(int(number), value.strip(), ctx, span, where)


class OneOf(Kind):
    """Text that must be one of `choices` (e.g. the program's module ids): a "choice" problem if not."""

    def __init__(self, choices: Sequence[str], expected: str, hint: str | None = None):
        self.choices, self.expected, self.hint = tuple(choices), expected, hint

    def convert(self, value: Any, ctx: Context, span: Span, where: str) -> str | None:
        if value in self.choices:
            return str(value)
        hint = (did_you_mean(value, self.choices) if isinstance(value, str) else None) or self.hint
        message = f"'{where}' expected {self.expected} but found {describe(value)}"
        ctx.error(ctx.code("choice"), message, span, hint=hint)
        return None


class TextList(Kind):
    """Items written in one text, separated by `separator` (a CSV cell's `a; b`); blanks are skipped.

    Each item is checked by `item` at the text's own position; the list holds those that pass.
    """

    reads_text = True

    def __init__(self, item: Kind, separator: str = ";"):
        self.item, self.separator = item, separator
        self.expected = f"{item.expected} separated by '{separator}'"

    def convert(self, value: Any, ctx: Context, span: Span, where: str) -> list[Any] | None:
        if not isinstance(value, str):
            self._wrong(value, ctx, span, where)
            return None
        result = []
        for part in value.split(self.separator):
            if part.strip():
                converted = self.item.convert(part.strip(), ctx, span, where)
                if converted is not None:
                    result.append(converted)
        return result
