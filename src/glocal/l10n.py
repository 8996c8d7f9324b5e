"""Everything about locales in one place: parsing CLDR codes, writing direction, Babel formatting.

Codes come from users as `da`, `da_DK` or `pt-BR`; every function here accepts any of them.
"""

from __future__ import annotations

from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_time
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent
from babel.units import format_unit


def parse(code: str) -> Locale:
    """The Babel locale for a CLDR code written with `_` or `-`; raises for an unknown one."""
    return Locale.parse(code.replace("-", "_"))


def problem(code: str) -> str | None:
    """Why CLDR does not know `code`, or None when it does."""
    try:
        parse(code)
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        return str(exc) or "unknown"
    return None


def language_of(code: str) -> str:
    """The language part of a known locale code: `da_DK` → `da`."""
    return parse(code).language


def base_language(code: str) -> str:
    """The first subtag of any code, known or not: `pt-BR` → `pt`."""
    return code.replace("-", "_").split("_")[0]


def likely_locale(language: str) -> str | None:
    """The locale CLDR thinks most likely for a language (`da` → `da_DK`), or None."""
    from babel.core import get_global

    likely = get_global("likely_subtags").get(language, "")
    territory = next((part for part in likely.split("_")[1:] if len(part) == 2 and part.isupper()), None)
    return f"{language}_{territory}" if territory else None


def common_languages() -> list[str]:
    """Every language CLDR has data for (for did-you-mean hints)."""
    from babel.localedata import locale_identifiers

    return [ident for ident in locale_identifiers() if "_" not in ident]


@lru_cache(maxsize=64)
def is_rtl(code: str) -> bool:
    """True for a right-to-left language (ar, he, fa, ur...); False for an unknown code."""
    try:
        return bool(parse(code).character_order == "right-to-left")
    except (UnknownLocaleError, ValueError):
        return False


@lru_cache(maxsize=64)
def direction(code: str) -> str:
    """`rtl` or `ltr` for a known code, `auto` for one CLDR does not know."""
    if problem(code):
        return "auto"
    return "rtl" if is_rtl(code) else "ltr"


@lru_cache(maxsize=64)
def locale(code: str) -> Locale:
    """The Babel locale for a CLDR code, falling back to English for an unknown one."""
    try:
        return parse(code)
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
        name = locale(code).languages.get(language_of(language))
    except (UnknownLocaleError, ValueError):
        name = None
    return name or language


def join(items: list[str], code: str) -> str:
    """A list in the locale's words: "A, B and C" / "A, B og C"."""
    return format_list(items, locale=locale(code)) if items else ""


def clock(moment, code: str) -> str:
    """A time of day as the locale writes it: 08:30, 08.30, 8:30 AM."""
    return format_time(
        moment.time() if hasattr(moment, "time") else moment, format="short", locale=locale(code)
    )
