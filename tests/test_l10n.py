"""l10n.py: locale parsing, writing direction and Babel formatting, in Danish, English, Vietnamese and Arabic.

The expected strings are CLDR's (through Babel 2.x), written out so that a change of wording
shows up here rather than on a built site. Numbers are written in each locale's default
numbering system (Arabic-Indic digits for ar_EG), and the tests at the end compare that with
Babel's own `numbering_system="default"` symbols across locales of every script.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, time

import pytest
from babel import Locale
from babel.numbers import format_decimal

from glocal import l10n

NBSP = "\xa0"
NNBSP = "\u202f"  # narrow no-break space: CLDR's English "8:30 AM"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("da_DK", ["90 min.", "1 min."]),
        ("en", ["90 min", "1 min"]),
        ("en_GB", ["90 mins", "1 min"]),
        ("vi", ["90 phút", "1 phút"]),
        ("ar_EG", ["٩٠ د", "١ د"]),
        ("ar_EG@numbers=latn", ["90 د", "1 د"]),
    ],
)
def test_minutes(code, expected):
    assert [l10n.minutes(90, code), l10n.minutes(1, code)] == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("da_DK", ["14 t. og 30 min.", "2 t.", "45 min."]),
        ("en", ["14 hr, 30 min", "2 hr", "45 min"]),
        ("en_GB", ["14 hrs, 30 mins", "2 hrs", "45 mins"]),
        ("vi", ["14 tiếng, 30 phút", "2 tiếng", "45 phút"]),
    ],
)
def test_hours_minutes_drops_empty_parts(code, expected):
    assert [l10n.hours_minutes(870, code), l10n.hours_minutes(120, code), l10n.hours_minutes(45, code)] == (
        expected
    )


def test_hours_minutes_in_arabic_without_spare_minutes():
    assert l10n.hours_minutes(120, "ar_EG") == "٢ س"
    assert l10n.hours_minutes(45, "ar_EG") == "٤٥ د"


def test_hours_minutes_in_arabic_names_each_part_once():
    # Babel 2.19 joins two items with unit-short's start and end patterns ("14 س، و30 د، و30 د");
    # CLDR's two-item pattern for Arabic unit-short comes from `standard` through root's alias.
    assert l10n.hours_minutes(870, "ar_EG") == "١٤ س و٣٠ د"
    assert l10n.hours_minutes(225, "ar_EG@numbers=latn") == "3 س و45 د"
    assert l10n.hours_minutes(870, "ar_SA") == "١٤ س و٣٠ د"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("es", "14 h y 30 min"),  # unit-short has only its end pattern: Babel raised KeyError 'start'
        ("bg", "14 ч и 30 мин"),
        ("de", "14 Std., 30 Min."),
        ("fa", "۱۴ ساعت،\u200f ۳۰ دقیقه"),
        ("he", "14 שע׳, 30 דק׳"),
        ("bn", "১৪ ঘণ্টা, ৩০ মিনিট"),
        ("mr", "१४ ता, ३० मि."),
        ("my", "၁၄ နာရီ၊ ၃၀ မိနစ်"),
        ("zh", "14小时30分钟"),
    ],
)
def test_hours_minutes_in_locales_whose_list_patterns_need_cldr_inheritance(code, expected):
    assert l10n.hours_minutes(870, code) == expected


def test_a_list_of_three_units_uses_start_middle_and_end():
    # es unit-short spells out only its end pattern; start and the two-item pattern come from standard
    assert l10n.format_list(["1 h", "2 min", "3 s"], "unit-short", "es") == "1 h, 2 min, 3 s"
    assert l10n.format_list(["A", "B", "C", "D"], "standard", "ar_EG") == "A وB وC وD"
    assert l10n.format_list(["A", "B"], "unit-narrow", "en") == "A B"
    assert l10n.format_list([], "unit-short", "ar_EG") == ""


@pytest.mark.parametrize(
    ("code", "morning", "afternoon"),
    [
        ("da_DK", "08.30", "14.05"),
        ("en", f"8:30{NNBSP}AM", f"2:05{NNBSP}PM"),
        ("en_GB", "08:30", "14:05"),
        ("vi", "08:30", "14:05"),
        ("ar_EG", "٨:٣٠ ص", "٢:٠٥ م"),
        ("ar_EG@numbers=latn", "8:30 ص", "2:05 م"),
        ("fa", "۸:۳۰", "۱۴:۰۵"),
    ],
)
def test_clock_takes_a_datetime_or_a_time(code, morning, afternoon):
    assert l10n.clock(datetime(2000, 1, 1, 8, 30), code) == morning
    assert l10n.clock(time(14, 5), code) == afternoon


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("da_DK", f"88{NBSP}%"),
        ("en", "88%"),
        ("vi", "88%"),
        ("ar_EG", "٨٨٪\u061c"),  # CLDR's Arabic percent sign, which Babel leaves as '%'
        ("ar_EG@numbers=latn", "88\u200e%\u200e"),
        ("fa", "۸۸٪"),
        ("tr", "%88"),
    ],
)
def test_percent(code, expected):
    assert l10n.percent(0.875, code) == expected


@pytest.mark.parametrize(
    ("value", "da", "en", "tr", "plain"),
    [
        (0.9979, f"99,8{NBSP}%", "99.8%", "%99,8", "99.8%"),  # issue 12, item 11c: not "100%"
        (0.9999, f"99,99{NBSP}%", "99.99%", "%99,99", "99.99%"),
        (0.995, f"99,5{NBSP}%", "99.5%", "%99,5", "99.5%"),
        (0.004, f"0,4{NBSP}%", "0.4%", "%0,4", "0.4%"),  # not "0%"
        (0.00004, f"0,004{NBSP}%", "0.004%", "%0,004", "0.004%"),
        (1.0, f"100{NBSP}%", "100%", "%100", "100%"),  # exact: as it is
        (0.0, f"0{NBSP}%", "0%", "%0", "0%"),
        (0.994, f"99{NBSP}%", "99%", "%99", "99%"),  # no extra decimals when not needed
    ],
)
def test_a_share_never_shows_as_all_or_nothing_when_it_is_not(value, da, en, tr, plain):
    assert (l10n.percent(value, "da_DK"), l10n.percent(value, "en"), l10n.percent(value, "tr")) == (
        da,
        en,
        tr,
    )
    assert l10n.plain_percent(value) == plain


def test_rounded_share_never_lands_on_0_or_1_when_it_is_neither():
    assert l10n.rounded_share(24_999, 25_000) == 0.9999  # 0.99996 would round to 1.0
    assert l10n.rounded_share(1, 25_000) == 0.0001  # 0.00004 would round to 0.0
    assert l10n.rounded_share(7, 8) == 0.875
    assert (l10n.rounded_share(5, 5), l10n.rounded_share(0, 5), l10n.rounded_share(0, 0)) == (1.0, 0.0, 1.0)


@pytest.mark.parametrize(
    ("code", "three", "two"),
    [
        ("da_DK", "A, B og C", "A og B"),
        ("en", "A, B, and C", "A and B"),
        ("en_GB", "A, B and C", "A and B"),
        ("vi", "A, B và C", "A và B"),
        ("ar_EG", "A وB وC", "A وB"),
    ],
)
def test_join(code, three, two):
    assert l10n.join(["A", "B", "C"], code) == three
    assert l10n.join(["A", "B"], code) == two
    assert l10n.join(["A"], code) == "A"
    assert l10n.join([], code) == ""


@pytest.mark.parametrize(
    ("code", "rtl", "direction"),
    [
        ("da_DK", False, "ltr"),
        ("en", False, "ltr"),
        ("vi", False, "ltr"),
        ("ar_EG", True, "rtl"),
        ("ar", True, "rtl"),
        ("he", True, "rtl"),
        ("fa-IR", True, "rtl"),
        ("xx", False, "auto"),
        ("not a code", False, "auto"),
    ],
)
def test_is_rtl_and_direction(code, rtl, direction):
    assert l10n.is_rtl(code) is rtl
    assert l10n.direction(code) == direction


def test_problem_names_an_unknown_code_and_is_none_for_known_ones():
    assert l10n.problem("xx_YY") == "unknown locale 'xx_YY'"
    assert l10n.problem("not a code") == "expected only letters, got 'not a code'"
    assert [l10n.problem(code) for code in ("da", "da_DK", "pt-BR", "ar_EG")] == [None, None, None, None]


def test_likely_locale():
    assert l10n.likely_locale("da") == "da_DK"
    assert l10n.likely_locale("vi") == "vi_VN"
    assert l10n.likely_locale("ar") == "ar_EG"
    assert l10n.likely_locale("zzz") is None


def test_codes_with_a_hyphen_or_an_underscore_are_the_same_locale():
    assert str(l10n.parse("pt-BR")) == str(l10n.parse("pt_BR")) == "pt_BR"
    assert l10n.language_of("da_DK") == "da"
    assert l10n.base_language("pt-BR") == "pt"
    assert l10n.base_language("xx-YY") == "xx"  # known or not


def test_an_unknown_code_formats_as_english():
    assert l10n.minutes(90, "xx") == "90 min"
    assert l10n.join(["A", "B", "C"], "xx") == "A, B, and C"


def test_language_name_in_the_locales_own_words():
    assert [l10n.language_name("da", code) for code in ("da_DK", "en", "vi")] == [
        "dansk",
        "Danish",
        "Tiếng Đan Mạch",
    ]
    assert l10n.language_name("xx", "en") == "xx"


def test_number():
    assert [l10n.number(1234.5, code) for code in ("da_DK", "en", "vi", "ar_EG", "ar_EG@numbers=latn")] == [
        "1.234,5",
        "1,234.5",
        "1.234,5",
        "١٬٢٣٤٫٥",
        "1,234.5",
    ]


def test_negative_numbers_take_the_locales_minus_sign():
    assert l10n.number(-5, "nb") == "\u22125"  # Babel writes "-5"
    assert l10n.number(-5, "ar_EG") == "\u061c-٥"
    assert l10n.number(-5, "en") == "-5"


# One locale per numbering system CLDR makes a default, plus locales of other scripts whose
# default is Latin (Arabic outside Egypt, Hindi, Thai, Hebrew, Urdu, Chinese...).
DEFAULTS = {
    "ar_EG": "arab",
    "ar_SA": "arab",
    "ckb_IQ": "arab",
    "fa": "arabext",
    "ps": "arabext",
    "ur_IN": "arabext",
    "mr": "deva",
    "ne": "deva",
    "bn": "beng",
    "as": "beng",
    "my": "mymr",
    "dz": "tibt",
    "sat_Olck_IN": "olck",
    "ccp": "cakm",
    "ff_Adlm_GN": "adlm",
    "nqo": "nkoo",
    "mni_Mtei_IN": "mtei",
    "hnj_Hmnp": "hmnp",
    "ar": "latn",
    "ar_AE": "latn",
    "ar_MA": "latn",
    "hi": "latn",
    "th": "latn",
    "he": "latn",
    "ur": "latn",
    "zh": "latn",
    "ja": "latn",
    "da_DK": "latn",
    "vi": "latn",
    "en_IN": "latn",
}


def _ascii(text: str) -> str:
    """Every decimal digit of any script as its ASCII digit."""
    return "".join(
        str(unicodedata.decimal(ch)) if unicodedata.decimal(ch, None) is not None else ch for ch in text
    )


@pytest.mark.parametrize(("code", "system"), DEFAULTS.items())
def test_numbers_use_the_locales_default_numbering_system(code, system):
    assert Locale.parse(code).default_numbering_system == system  # the table above is CLDR's
    assert l10n.numbering_system(code) == system
    for value in (0, 7, 1234.5, 1234567.25, 0.05):
        written = l10n.number(value, code)
        # Babel's pattern and symbols for the default system, with ASCII digits in its output
        assert _ascii(written) == format_decimal(value, locale=code, numbering_system="default")
        digits = [ch for ch in written if unicodedata.decimal(ch, None) is not None]
        assert digits and all(ch in l10n.DIGITS[system] for ch in digits), (code, written)
    assert all(ch in l10n.DIGITS[system] for ch in l10n.minutes(90, code) if ch.isdigit())
    assert all(ch in l10n.DIGITS[system] for ch in l10n.clock(time(14, 35), code) if ch.isdigit())


@pytest.mark.parametrize("code", DEFAULTS)
def test_hours_and_minutes_each_appear_once_in_every_locale(code):
    written = l10n.hours_minutes(870, code)
    minutes = l10n.minutes(30, code)
    assert written.count(minutes) == 1, written
    assert written.index(l10n.hours_minutes(840, code)) < written.index(minutes), written


def test_every_numbering_system_is_ten_decimal_digits_in_order():
    for system, digits in l10n.DIGITS.items():
        assert len(digits) == 10
        assert [unicodedata.numeric(ch) for ch in digits] == list(range(10)), system  # hanidec too


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("ar_EG@numbers=latn", "1,234.5"),
        ("ar_EG@numbers=default", "١٬٢٣٤٫٥"),
        ("ar_AE@numbers=native", "١٬٢٣٤٫٥"),  # ar_AE writes Latin digits by default; native is arab
        ("hi@numbers=native", "१,२३४.५"),
        ("fa@numbers=arab", "١٬٢٣٤٫٥"),
        ("zh@numbers=hanidec", "一,二三四.五"),
        ("en@numbers=deva", "१,२३४.५"),  # a system the locale has no symbols for: Latin symbols
        ("da_DK@numbers=latn", "1.234,5"),
    ],
)
def test_a_numbering_system_chosen_for_the_locale(code, expected):
    assert l10n.number(1234.5, code) == expected
    assert l10n.problem(code) is None


def test_with_numbering_writes_the_choice_into_the_code():
    assert l10n.with_numbering("ar_EG", "latn") == "ar_EG@numbers=latn"
    assert l10n.with_numbering("ar_EG", "default") == "ar_EG"
    assert l10n.with_numbering("ar_EG@numbers=latn", None) == "ar_EG"
    assert l10n.base_language("ar@numbers=latn") == "ar"
    assert l10n.language_of("ar_EG@numbers=latn") == "ar"
    assert l10n.is_rtl("ar_EG@numbers=latn")


def test_an_unknown_numbering_system_is_a_problem_not_a_crash():
    assert l10n.problem("ar_EG@numbers=roman") == (
        "expected 'default', 'native' or a CLDR numbering system such as 'latn' but found 'roman'"
    )
    assert l10n.numbering_problem("arab") is None
    assert l10n.number(5, "ar_EG@numbers=roman") == "5"  # formats as English, like any unknown code


def test_dates_in_the_locales_digits():
    assert l10n.date(date(2025, 3, 1), "ar_EG") == "١ مارس ٢٠٢٥"
    assert l10n.date(datetime(2025, 3, 1, 9, 0), "da_DK") == "1. marts 2025"


@pytest.mark.parametrize(
    ("zone", "code", "shown"),
    [
        ("Europe/Copenhagen", "da_DK", "Danmark-tid"),
        ("Africa/Cairo", "ar_EG", "توقيت مصر"),
        ("Asia/Ho_Chi_Minh", "vi_VN", "Giờ Việt Nam"),
        ("Europe/Amsterdam", "nl_NL", "tijd in Nederland"),
        ("UTC", "en_GB", "UTC"),  # no place: not "Unknown Region (UTC) Time"
        ("Etc/GMT+3", "da_DK", "Etc/GMT+3"),
    ],
)
def test_a_time_zone_is_named_by_its_place_in_the_sites_language(zone, code, shown):
    """The home page wrote the IANA id (`Africa/Cairo` on the Arabic site)."""
    assert l10n.time_zone(zone, code) == shown


@pytest.mark.parametrize(
    ("value", "code", "shown"),
    [
        (1, "en_GB", "1 month"),
        (24, "en_GB", "24 months"),
        (1, "da_DK", "1 måned"),
        (2, "pl_PL", "2 miesiące"),
        (25, "pl_PL", "25 miesięcy"),
        (24, "ar_EG", "٢٤ شهرًا"),
        (5, "ar_EG", "٥ أشهر"),
    ],
)
def test_months_take_the_locales_plural_forms(value, code, shown):
    """The label said "Certification is valid for 1 months" (da "1 måneder", nl "1 maanden")."""
    assert l10n.months(value, code) == shown


def test_a_language_code_is_written_as_html_and_css_read_it():
    assert [l10n.tag(code) for code in ("da", "pt_BR", "zh_Hant_TW", "zh-TW")] == [
        "da",
        "pt-BR",
        "zh-Hant-TW",
        "zh-TW",
    ]
