"""Locale-aware formatting with Babel (durations, numbers, percentages, lists)."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal, format_percent
from babel.dates import format_time
from babel.lists import format_list
from babel.units import format_unit


@lru_cache(maxsize=64)
def locale(code: str) -> Locale:
    """The Babel locale for a CLDR code, falling back to English for an unknown one."""
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def minutes(value: int, code: str) -> str:
    """`90` → "90 min" (short CLDR unit in the locale)."""
    return format_unit(value, "duration-minute", length="short", locale=locale(code))


def hours_minutes(value: int, code: str) -> str:
    """`870` → "14 h 30 min" in the locale (hours only when there are no spare minutes)."""
    hours, rest = divmod(int(value), 60)
    if not hours:
        return minutes(rest, code)
    parts = [format_unit(hours, "duration-hour", length="short", locale=locale(code))]
    if rest:
        parts.append(minutes(rest, code))
    return format_list(parts, style="unit-short", locale=locale(code))


def percent(value: float, code: str) -> str:
    return format_percent(value, locale=locale(code))


def number(value: float, code: str) -> str:
    return format_decimal(value, locale=locale(code))


def language_name(language: str, code: str) -> str:
    """The name of `language` as the `code` locale writes it, e.g. ('da', 'da_DK') → "dansk"."""
    try:
        name = locale(code).languages.get(Locale.parse(language.replace("-", "_")).language)
    except (UnknownLocaleError, ValueError):
        name = None
    return name or language


def join(items: list[str], code: str) -> str:
    """A list in the locale's words: "A, B and C" / "A, B og C"."""
    return format_list(items, locale=locale(code)) if items else ""


def clock(moment, code: str) -> str:
    """A time of day as the locale writes it: 08:30, 08.30, 8:30 AM."""
    return format_time(moment.time() if hasattr(moment, "time") else moment, format="short", locale=locale(code))
