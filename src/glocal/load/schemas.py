"""The schemas of program.yml, module front matter, region.yml and overlay front matter, with the
kinds of value only they have (a level map, a day plan); `validation` holds the engine."""

from __future__ import annotations

import re
from typing import Any

from glocal import l10n
from glocal.diagnostics import Span
from glocal.load.validation import (
    ID_PATTERN,
    AllOr,
    Bool,
    Context,
    Field,
    Fraction,
    Int,
    Kind,
    ListOf,
    MapOf,
    Number,
    Positioned,
    Record,
    Str,
    describe,
    did_you_mean,
)


class LevelMap(Kind):
    """`{1: Not yet, 2: Developing}`: whole-number levels from 1 up, each with text."""

    expected = "a mapping of levels (1, 2, ...) to text"

    def convert(self, value, ctx, span, where):
        if not isinstance(value, dict):
            return self._wrong(value, ctx, span, where)
        result = {}
        for key, raw in value.items():
            key_span = ctx.doc.key_span(value, key)
            if isinstance(key, bool) or not isinstance(key, int) or key < 1:
                ctx.error(
                    ctx.type_code, f"'{where}' expected levels 1, 2, ... as keys but found {key!r}", key_span
                )
                continue
            text = Str().convert(raw, ctx, ctx.doc.value_span(value, key), f"{where}.{key}")
            if text is not None:
                result[key] = text
        return result


class DayPlan(Kind):
    """`days:` — a list of days, each a list of module ids and `{break: N}` / `{lunch: N}` pauses."""

    expected = "a list of days, each a list of module ids and {break: minutes} or {lunch: minutes}"

    def convert(self, value, ctx, span, where):
        from glocal.model import Pause

        if not isinstance(value, list):
            return self._wrong(value, ctx, span, where)
        days = []
        for number, day in enumerate(value):
            day_span = ctx.doc.item_span(value, number)
            if not isinstance(day, list):
                ctx.error(
                    ctx.type_code,
                    f"'{where}[{number}]' expected a list of module ids and breaks but found {describe(day)}",
                    day_span,
                )
                continue
            items = []
            for index, item in enumerate(day):
                item_span = ctx.doc.item_span(day, index)
                if isinstance(item, str) and ID_PATTERN.match(item):
                    items.append(Positioned({"module": item}, item_span))
                elif isinstance(item, dict) and len(item) == 1 and next(iter(item)) in ("break", "lunch"):
                    kind, minutes = next(iter(item.items()))
                    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 1:
                        ctx.error(
                            ctx.type_code,
                            f"'{where}[{number}][{index}].{kind}' expected whole minutes "
                            f"but found {describe(minutes)}",
                            item_span,
                        )
                        continue
                    items.append(Pause(kind, minutes))
                else:
                    ctx.error(
                        ctx.type_code,
                        f"'{where}[{number}][{index}]' expected a module id, "
                        f"{{break: minutes}} or {{lunch: minutes}} but found {describe(item)}",
                        item_span,
                    )
            days.append(items)
        return days


ID = Str(ID_PATTERN, "a lower-case id (a-z, 0-9, - and _)")
LANGUAGE_KEY = re.compile(r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]+)*$")
LANGUAGE = Str(LANGUAGE_KEY, "a language code such as 'da' or 'pt_BR'")


class NumberingChoice(Kind):
    """One numbering system: 'default' (the locale's), 'native', or a CLDR id such as 'latn'."""

    expected = "'default', 'native' or a CLDR numbering system such as 'latn' or 'arab'"

    def convert(self, value: Any, ctx: Context, span: Span, where: str) -> str | None:
        if not isinstance(value, str):
            self._wrong(value, ctx, span, where)
            return None
        if l10n.numbering_problem(value):
            ctx.error(
                ctx.code("choice"),
                f"'{where}' expected {self.expected} but found {value!r}",
                span,
                hint=did_you_mean(value, l10n.NUMBERING_CHOICES),
            )
            return None
        return value


class Numbering(Kind):
    """`numbering:` — one choice for every language of the region, or a choice per language."""

    expected = f"{NumberingChoice.expected}, or a mapping of languages to one"

    def convert(self, value: Any, ctx: Context, span: Span, where: str) -> Any:
        if isinstance(value, dict):
            return MapOf(NumberingChoice(), LANGUAGE_KEY, "a language code").convert(value, ctx, span, where)
        if isinstance(value, str):
            return NumberingChoice().convert(value, ctx, span, where)
        self._wrong(value, ctx, span, where)
        return None


#: The longest programme title, module title or region name: each is shown on every page of a
#: site (its header, navigation, or each slot's title), so a 42 KB region name made a Nordic
#: site 18 MB instead of 4.
TITLE = 300

#: A further page under curriculum/ (program.yml's `pages:`): in a folder of its own, which is
#: also where it is on a site, so not in one a site has for itself.
PAGE_PATTERN = re.compile(
    r"^(?!(?:modules|assets|handouts|ttt|stylesheets|search|downloads)/)"
    r"[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*/[A-Za-z0-9_-][A-Za-z0-9_.-]*\.md$"
)
PAGE_PATH = Str(
    PAGE_PATTERN,
    "a Markdown file in a folder under curriculum/ other than modules/ and assets/, e.g. learners/setup.md",
    max_length=200,
)

CLOCK = Str(re.compile(r"^([01]?\d|2[0-3]):[0-5]\d$"), 'a time of day as HH:MM, e.g. "09:00"')

PROGRAM = Record(
    {
        "id": Field(ID, "the program's id, used in pack names and credentials", required=True),
        "title": Field(Str(max_length=TITLE), "the program's title in the source language", required=True),
        "version": Field(Str(), 'the program version, e.g. "1.0"', default="1.0"),
        "description": Field(Str(), "one paragraph shown on every site's home page", default=""),
        "source_language": Field(LANGUAGE, "the language the curriculum is written in", required=True),
        "modules": Field(ListOf(ID), "module ids in teaching order", required=True),
        "days": Field(DayPlan(), "the day plan: module ids and breaks per day", default=list),
        "pages": Field(
            ListOf(PAGE_PATH, unique=True),
            "further pages (a setup, a glossary, instructor notes): Markdown files under curriculum/, "
            "shown on every site after the modules",
            default=list,
        ),
        "glocal": Field(
            Record(
                {
                    "core_share_min": Field(
                        Fraction(), "the lowest share of core words a regional site may have", default=0.6
                    ),
                    "core_share_max": Field(
                        Fraction(),
                        "the highest share of core words a regional site may have (its least adaptation)",
                        default=1.0,
                    ),
                    "severity": Field(
                        Str(re.compile(r"^(warning|error)$"), "'warning' or 'error'"),
                        "a site outside the budget is a warning, or an error that keeps it from being built",
                        default="warning",
                    ),
                }
            ),
            "the glocal budget: the range of each regional site's share of core words",
            default=lambda: {"core_share_min": 0.6, "core_share_max": 1.0, "severity": "warning"},
        ),
        "publish": Field(
            Record(
                {
                    "min_translated": Field(
                        Fraction(), "a site below this translated share is built as a draft", default=0.9
                    ),
                }
            ),
            "the publish policy",
            default=lambda: {"min_translated": 0.9},
        ),
    }
)

SLOT = Record(
    {
        "brief": Field(Str(), "what a region should write in this slot", required=True),
        "max_words": Field(Int(minimum=1), "the word budget of a fill"),
        "required": Field(Bool(), "whether every region must fill it", default=False),
    }
)

MODULE = Record(
    {
        "id": Field(ID, "the module id; must equal the file name, which it defaults to"),
        "title": Field(Str(max_length=TITLE), "the module title", required=True),
        "duration": Field(Int(minimum=1), "the whole module's duration in minutes"),
        "objectives": Field(ListOf(Str()), "what participants will be able to do", default=list),
        "competencies": Field(ListOf(ID, unique=True), "competency ids this module develops", default=list),
        "slots": Field(MapOf(SLOT), "named places that regions fill", default=dict),
        # Carpentries Workbench episodes time teaching and exercises apart; their sum is the duration
        "teaching": Field(Int(minimum=0), "minutes of teaching (Workbench); with exercises: the duration"),
        "exercises": Field(Int(minimum=0), "minutes of exercises (Workbench); with teaching: the duration"),
        "break": Field(Int(minimum=0), "a Workbench break episode's minutes (coffee, lunch): its duration"),
        # older Carpentries lessons (the `styles` template) list these in front matter: accepted, not shown
        "questions": Field(ListOf(Str()), "questions the module answers (Carpentries; not shown)"),
        "keypoints": Field(ListOf(Str()), "key points of the module (Carpentries; not shown)"),
        # sandpaper marks an R Markdown episode `source: Rmd`, and keeps it in what it renders
        "source": Field(Str(), "the format the episode was written in (Workbench: Rmd; not shown)"),
    }
)

REGION = Record(
    {
        "id": Field(ID, "the region id; must equal its folder name", required=True),
        "name": Field(Str(max_length=TITLE), "the display name", required=True),
        "languages": Field(
            ListOf(LANGUAGE, unique=True), "languages the region's sites are built in", required=True
        ),
        "locales": Field(
            MapOf(
                LANGUAGE,
                key_pattern=LANGUAGE_KEY,
                key_hint="a language code",
            ),
            "CLDR locale per language",
            default=dict,
        ),
        "numbering": Field(
            Numbering(),
            "digits for numbers, times and durations: default (each locale's own), native, latn, arab...",
            default="default",
        ),
        "source_language": Field(LANGUAGE, "the language overlays are written in (default: the program's)"),
        "timezone": Field(Str(), "IANA time zone, e.g. Europe/Copenhagen"),
        "day_start": Field(CLOCK, "when a workshop day starts", default="09:00"),
        "vars": Field(
            MapOf(
                Str(allow_empty=True),
                key_pattern=re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$"),
                key_hint="a variable name (letters, digits, _)",
            ),
            "values for {{ vars.name }}",
            default=dict,
        ),
        "notes": Field(Str(), "delivery notes for facilitators in this region", default=""),
    }
)

OVERLAY = Record(
    {
        "duration": Field(Int(minimum=1), "this region's duration for the module, in minutes"),
    }
)

CERTIFICATION = Record(
    {
        "competencies": Field(
            ListOf(
                Record(
                    {
                        "id": Field(ID, "the competency id modules list under competencies:", required=True),
                        "name": Field(Str(), "what a certified facilitator can do", required=True),
                    }
                )
            ),
            "the competencies a certified facilitator shows",
            required=True,
        ),
        "rubric": Field(
            Record(
                {
                    "levels": Field(
                        LevelMap(),
                        "rubric levels, e.g. {1: Not yet, 2: Developing, 3: Proficient, 4: Exemplary}",
                        required=True,
                    ),
                    "criteria": Field(
                        ListOf(
                            Record(
                                {
                                    "id": Field(
                                        ID,
                                        "the criterion id (a roster column may give its level)",
                                        required=True,
                                    ),
                                    "name": Field(Str(), "what the observer looks for", required=True),
                                    "competency": Field(
                                        ID, "the competency this criterion assesses", required=True
                                    ),
                                    "anchors": Field(LevelMap(), "what each level looks like", required=True),
                                }
                            )
                        ),
                        "the teach-back rubric's criteria",
                        required=True,
                    ),
                }
            ),
            "the teach-back rubric",
            required=True,
        ),
        "requirements": Field(
            Record(
                {
                    "modules": Field(
                        AllOr(ListOf(ID, unique=True)),
                        "modules a trainee must attend: all, or a list",
                        default="all",
                    ),
                    "knowledge_check": Field(
                        Number(0, 100), "minimum knowledge-check score in percent", default=80.0
                    ),
                    "teach_back": Field(
                        Number(1, 10), "minimum average teach-back rubric level", default=3.0
                    ),
                    "observed_deliveries": Field(
                        Int(minimum=0), "first deliveries observed by a certified trainer", default=0
                    ),
                }
            ),
            "what certification requires",
            required=True,
        ),
        "validity_months": Field(Int(minimum=1), "how long a certificate is valid", default=24),
        "issuer": Field(
            Record(
                {
                    "id": Field(Str(), "the issuer's URI (an https URL or urn:)"),
                    "name": Field(Str(), "the issuing organisation's name"),
                    "url": Field(Str(), "the issuer's web address"),
                    "email": Field(Str(), "a contact address"),
                }
            ),
            "who issues certificates and credentials",
            default=dict,
        ),
    }
)
