"""Everything about locales in one place: parsing CLDR codes, writing direction, Babel formatting.

Codes come from users as `da`, `da_DK` or `pt-BR`; every function here accepts any of them. A
code may carry a numbering system as ICU writes it, `ar_EG@numbers=latn` (see `with_numbering`);
without one, numbers use the locale's default numbering system, as CLDR says they should.

Babel 2.x formats every number with ASCII digits whatever numbering system it is asked for (it
only swaps the symbols), and its list formatting mishandles list patterns that CLDR completes
through inheritance; both are made right here, so callers never meet either.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, get_timezone, get_timezone_location, get_timezone_name
from babel.numbers import format_decimal, format_percent
from babel.units import format_unit

# The digits of CLDR's numeric numbering systems (common/supplemental/numberingSystems.xml):
# every one a locale may use by default or as its `native` system. Each run of ten digits is
# contiguous in Unicode except hanidec's; tests check each digit's Unicode decimal value.
_ZERO = {
    "latn": 0x30,
    "arab": 0x660,
    "arabext": 0x6F0,
    "nkoo": 0x7C0,
    "deva": 0x966,
    "beng": 0x9E6,
    "guru": 0xA66,
    "gujr": 0xAE6,
    "orya": 0xB66,
    "tamldec": 0xBE6,
    "telu": 0xC66,
    "knda": 0xCE6,
    "mlym": 0xD66,
    "thai": 0xE50,
    "laoo": 0xED0,
    "tibt": 0xF20,
    "mymr": 0x1040,
    "khmr": 0x17E0,
    "mong": 0x1810,
    "olck": 0x1C50,
    "vaii": 0xA620,
    "mtei": 0xABF0,
    "fullwide": 0xFF10,
    "cakm": 0x11136,
    "hmnp": 0x1E140,
    "adlm": 0x1E950,
}
DIGITS: dict[str, str] = {
    **{system: "".join(chr(zero + n) for n in range(10)) for system, zero in _ZERO.items()},
    "hanidec": "〇一二三四五六七八九",
}
#: What a region's `numbering:` may say: a numbering system above, or one named by the locale.
NUMBERING_CHOICES = ("default", "native", *sorted(DIGITS))
_KEYWORD = "@numbers="

# CLDR root's aliases between list styles (a part a style lacks comes from the next style).
_LIST_FALLBACKS = {
    "standard": (),
    "standard-short": ("standard",),
    "standard-narrow": ("standard-short", "standard"),
    "or": (),
    "or-short": ("or",),
    "or-narrow": ("or-short", "or"),
    "unit": ("unit-short", "standard"),
    "unit-short": ("standard",),
    "unit-narrow": ("unit-short", "unit", "standard"),
}


def _split(code: str) -> tuple[str, str | None]:
    """`ar_EG@numbers=latn` → ("ar_EG", "latn"); a code without the keyword → (code, None)."""
    base, _, keyword = code.partition("@")
    if keyword.startswith(_KEYWORD[1:]):
        return base, keyword[len(_KEYWORD) - 1 :]
    return base, None


def parse(code: str) -> Locale:
    """The Babel locale for a CLDR code written with `_` or `-`; raises for an unknown one."""
    base, numbering = _split(code)
    if numbering is not None and numbering_problem(numbering):
        raise ValueError(numbering_problem(numbering))
    return Locale.parse(base.replace("-", "_"))


def problem(code: str) -> str | None:
    """Why CLDR does not know `code`, or None when it does."""
    try:
        parse(code)
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        return str(exc) or "unknown"
    return None


def numbering_problem(numbering: str) -> str | None:
    """Why `numbering` is not a numbering system Glocal can write, or None when it is."""
    if numbering in NUMBERING_CHOICES:
        return None
    return f"expected 'default', 'native' or a CLDR numbering system such as 'latn' but found {numbering!r}"


def with_numbering(code: str, numbering: str | None) -> str:
    """`code` written to use `numbering` ('default' or None: the locale's own default)."""
    base, _ = _split(code)
    return base if numbering in (None, "default") else f"{base}{_KEYWORD}{numbering}"


def language_of(code: str) -> str:
    """The language part of a known locale code: `da_DK` → `da`."""
    return parse(code).language


def base_language(code: str) -> str:
    """The first subtag of any code, known or not: `pt-BR` → `pt`."""
    return _split(code)[0].replace("-", "_").split("_")[0]


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


@lru_cache(maxsize=64)
def numbering_system(code: str) -> str:
    """The numbering system `code` writes numbers in: `ar_EG` → arab, `ar_AE` → latn, `fa` → arabext.

    A system with no digits known here (none in CLDR today) is written in Latin digits.
    """
    cldr = locale(code)
    _, chosen = _split(code)
    if chosen == "native":
        system = cldr.other_numbering_systems.get("native") or cldr.default_numbering_system
    elif chosen in (None, "default"):
        system = cldr.default_numbering_system
    else:
        system = chosen
    return system if system in DIGITS else "latn"


@lru_cache(maxsize=64)
def _digit_table(system: str) -> dict[int, str]:
    return {ord("0") + n: digit for n, digit in enumerate(DIGITS[system])}


def _symbols(code: str) -> str:
    """The numbering system whose symbols Babel should use (CLDR falls back to latn's)."""
    system = numbering_system(code)
    return system if system in locale(code).number_symbols else "latn"


def _digits(text: str, code: str) -> str:
    """Babel's ASCII digits in `text` written in the numbering system of `code`."""
    system = numbering_system(code)
    return text if system == "latn" else text.translate(_digit_table(system))


def digits(code: str) -> str:
    """The ten digits `code` writes numbers in, zero first: "0123456789", "٠١٢٣٤٥٦٧٨٩" (ar_EG)."""
    return DIGITS[numbering_system(code)]


def recorded(value: str, code: str) -> str:
    """A value as a record keeps it (ASCII digits and `.`: "79.9999999", "4") in the digits of
    `code`: as it is where the locale writes Latin digits, else in its digits and decimal sign
    ("٧٩٫٩٩٩٩٩٩٩", ar_EG)."""
    if numbering_system(code) == "latn":
        return value
    decimal = locale(code).number_symbols[_symbols(code)].get("decimal", ".")
    return _digits(value.replace(".", decimal), code)


def number(value: float, code: str) -> str:
    """`1234.5` → "1.234,5" (da), "١٬٢٣٤٫٥" (ar_EG): the locale's pattern, symbols and digits."""
    written = format_decimal(value, locale=locale(code), numbering_system=_symbols(code))
    return _digits(_minus(written, value, code), code)


def rounded_share(part: float, whole: float) -> float:
    """`part / whole` to 4 decimals (1.0 when `whole` is 0), never rounded onto 0 or 1 when it is
    neither: 24,999 words of 25,000 are 0.9999, not 1.0 (which would read "100 %" translated)."""
    if not whole:
        return 1.0
    value = round(part / whole, 4)
    if value >= 1 and part < whole:
        return 0.9999
    if value <= 0 < part:
        return 0.0001
    return value


def percent_decimals(value: float) -> int:
    """The fewest decimals a share needs as a percentage so that one that is not exactly 0 or 1
    never shows as 0 % or 100 %: 0 for most, 1 for 0.9979 ("99.8 %"), 2 for 0.9999."""
    for decimals in range(6):
        shown = round(value * 100, decimals)
        if (shown < 100 or value >= 1) and (shown > 0 or value <= 0):
            return decimals
    return 6


def percent(value: float, code: str) -> str:
    """`0.875` → "88 %" (da), "٨٨٪؜" (ar_EG); `0.9979` → "99,8 %" (never "100 %" when not all)."""
    cldr, symbols = locale(code), _symbols(code)
    # Babel keeps the pattern's own '%'; CLDR replaces it with the locale's percent sign
    sign = cldr.number_symbols[symbols].get("percentSign", "%")
    decimals = percent_decimals(value)
    if decimals:  # the locale's pattern, with as many decimals as the rounded value has
        shown = Decimal(str(round(value * 100, decimals))) / 100
        written = format_percent(shown, locale=cldr, numbering_system=symbols, decimal_quantization=False)
    else:
        written = format_percent(value, locale=cldr, numbering_system=symbols)
    return _digits(_minus(written.replace("%", sign), value, code), code)


def plain_percent(value: float) -> str:
    """A share as a percentage for plain-text output, e.g. `0.9979` → "99.8%" (never 100% or 0%
    when it is not)."""
    return f"{value * 100:.{percent_decimals(value)}f}%"


def _minus(written: str, value: float, code: str) -> str:
    """Babel writes a negative number's '-' as it is; CLDR writes the locale's minus sign (nb: −)."""
    if value < 0 and written.startswith("-"):
        return locale(code).number_symbols[_symbols(code)].get("minusSign", "-") + written[1:]
    return written


def minutes(value: int, code: str) -> str:
    """`90` → "90 min" (short CLDR unit in the locale)."""
    return _unit(value, "duration-minute", code)


def months(value: int, code: str) -> str:
    """`24` → "24 months", "24 måneder", "٢٤ شهرًا", "1 miesiąc" / "25 miesięcy": a number of months
    in the locale's words and plural forms (a label cannot say "1 months")."""
    written = format_unit(
        value, "duration-month", length="long", locale=locale(code), numbering_system=_symbols(code)
    )
    return _digits(written, code)


@lru_cache(maxsize=4096)  # an agenda and every timed activity of every page ask for the same few
def _unit(value: int, unit: str, code: str) -> str:
    return _digits(
        format_unit(value, unit, length="short", locale=locale(code), numbering_system=_symbols(code)), code
    )


@lru_cache(maxsize=4096)
def hours_minutes(value: int, code: str) -> str:
    """`870` → "14 h 30 min" in the locale (hours only when there are no spare minutes)."""
    hours, rest = divmod(int(value), 60)
    if not hours:
        return minutes(rest, code)
    parts = [_unit(hours, "duration-hour", code)]
    if rest:
        parts.append(minutes(rest, code))
    return format_list(parts, "unit-short", code)


def format_list(items: list[str], style: str, code: str) -> str:
    """`items` joined with the locale's list pattern of `style`, each part resolved as CLDR does.

    Babel 2.19 takes a style's patterns only as far as the locale data spells them out: for a
    style that lacks the two-item pattern it joins two items with the start *and* end patterns
    (Arabic unit-short: "3 س، و45 د، و45 د"), and for one that lacks a start pattern (Spanish,
    Bulgarian unit-short) it raises. CLDR fills each missing part from root's alias chain.
    """
    if len(items) < 2:
        return items[0] if items else ""
    styles = locale(code).list_patterns

    def part(name: str) -> str:
        for candidate in (style, *_LIST_FALLBACKS.get(style, ("standard",))):
            if candidate in styles and name in styles[candidate]:
                return str(styles[candidate][name])
        return "{0}, {1}"  # root's pattern for every part of `standard`

    if len(items) == 2:
        return part("2").format(*items)
    result = part("start").format(items[0], items[1])
    for item in items[2:-1]:
        result = part("middle").format(result, item)
    return part("end").format(result, items[-1])


def language_name(language: str, code: str) -> str:
    """The name of `language` as the `code` locale writes it, e.g. ('da', 'da_DK') → "dansk"."""
    try:
        name = locale(code).languages.get(language_of(language))
    except (UnknownLocaleError, ValueError):
        name = None
    return name or language


def join(items: list[str], code: str) -> str:
    """A list in the locale's words: "A, B and C" / "A, B og C"."""
    return format_list(items, "standard", code)


def clock(moment, code: str) -> str:
    """A time of day as the locale writes it: 08:30, 08.30, 8:30 AM, ٨:٣٠ ص."""
    written = format_time(
        moment.time() if hasattr(moment, "time") else moment, format="short", locale=locale(code)
    )
    return _digits(written, code)


def date(moment, code: str, length: str = "long") -> str:
    """A date as the locale writes it, in its digits: "1. marts 2025", "١ مارس ٢٠٢٥"."""
    day = moment.date() if hasattr(moment, "date") else moment
    return _digits(format_date(day, format=length, locale=locale(code)), code)


def time_zone(zone: str, code: str) -> str:
    """A time zone as the locale names it, by its place: "Danmark-tid", "توقيت مصر", "Giờ Việt
    Nam" for Europe/Copenhagen, Africa/Cairo, Asia/Ho_Chi_Minh (the IANA id means little to a
    reader, and nothing in Arabic). A zone CLDR places nowhere (UTC) gets its generic name; one
    Babel does not know is written as it is."""
    try:
        tz = get_timezone(zone)
        where = locale(code)
        named = get_timezone_location(tz, locale=where)
        if "(" in named:  # CLDR's "Unknown Region (UTC) Time": no place for it
            named = get_timezone_name(tz, "long", locale=where, zone_variant="generic")
    except (LookupError, UnknownLocaleError, ValueError):
        return zone
    return zone if "(" in named else named


def tag(language: str) -> str:
    """A language code as HTML's `lang` and CSS's `:lang()` read it (BCP 47): `pt_BR` → `pt-BR`,
    `zh_Hant_TW` → `zh-Hant-TW` (a Traditional Chinese pack then has its font, not the default)."""
    return language.replace("_", "-")
