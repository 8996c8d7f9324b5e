"""Words the builder itself writes on sites and the portal: the UI catalog.

Every label is an English msgid. Translations ship with Glocal in `glocal/locales/<lang>/ui.po`
(en, da, nb, nl, vi, ar, de, fr, es) and a project overrides any of them in its own
`locales/<lang>/ui.po`. A label missing in both falls back to English.
"""

from __future__ import annotations

import string
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from glocal import l10n
from glocal.i18n import catalog
from glocal.i18n.apply import too_heavy

ENGLISH: dict[str, str] = {
    "facilitator_note": "Facilitator note",
    "regional_note": "Facilitator note · {region}",
    "local_adaptation": "Local adaptation · {region}",
    "activity": "Activity",
    "activity_timed": "Activity · {duration}",
    "objectives": "Objectives",
    "duration": "Duration",
    "agenda": "Agenda",
    "module": "Module",
    "total": "Total",
    "home": "Home",
    "modules": "Modules",
    "further_pages": "Resources",  # program.yml's pages: (setup, glossary...)
    "about_region": "About this edition",
    "delivery_notes": "Delivery notes",
    "time_zone": "Time zone",
    "day_start": "Day starts at",
    "questions": "Questions",
    "key_points": "Key points",
    "challenge": "Challenge",
    "solution": "Solution",
    "hint": "Hint",
    "callout": "Callout",
    "discussion": "Discussion",
    "prerequisite": "Prerequisite",
    "checklist": "Checklist",
    "testimonial": "Testimonial",
    "caution": "Caution",
    "spoiler": "Spoiler",
    # the title of a code block that shows what a command printed (Carpentries' ```output)
    "code_output": "Output",
    "code_error": "Error",
    "code_warning": "Warning",
    "not_translated": "Not yet translated: shown in the source language",
    "draft_banner": (
        "Draft: {percent} of this site is translated. "
        "Text not yet translated is shown in {language} and marked."
    ),
    "portal_title": "Facilitator sites",
    "site": "Site",
    "region": "Region",
    "language": "Language",
    "status": "Status",
    "translated": "Translated",
    "core_share": "Core share",
    "budget_range": "Glocal budget: {range} core",
    "budget_below": "below the glocal budget: too much local content",
    "budget_above": "above the glocal budget: too little local adaptation",
    "budget_reference": "reference site: the core as it is",
    "slots": "Slots",
    "filled": "filled",
    "default": "default",
    "missing": "missing",
    "stale": "stale",  # fills whose core changed since the region reviewed them
    "status_publish": "publish",
    "status_draft": "draft",
    "status_blocked": "blocked",
    "day": "Day {number}",
    "time": "Time",
    "break": "Break",
    "lunch": "Lunch",
    "teaching_time": "Teaching time",
    "day_with_breaks": "Whole day, breaks included",
    "programme_teaching": "Teaching time, whole programme",
    "facilitator_notes": "Facilitator notes",
    "back_to_note": "Go to this note in its module",
    "handout": "Participant handout",
    "print_handout": "Print the participant handout",
    "ttt": "Train-the-Trainer",
    "ttt_guide": "Train-the-Trainer guide for this module",
    "download_offline": "Download this site for offline use",
    "coverage": "Coverage",
    "offline_zip": "Offline zip",
    "teachback": "Teach-back prompt",
    "teachback_timed": "Teach-back prompt · {duration}",
    "ttt_overview": "Certification",
    "ttt_intro": "How local facilitators of this programme are trained, assessed and certified.",
    "competencies": "Competencies",
    "rubric": "Teach-back rubric",
    "criterion": "Criterion",
    "competency": "Competency",
    "requirements": "Requirements",
    "requirement_modules": "Attend every module: {modules}",
    "requirement_knowledge": "Knowledge check score of at least {percent}",
    "requirement_teach_back": "Average teach-back rubric level of at least {level}",
    "requirement_observed": "First deliveries observed by a certified trainer: at least {count}",
    "validity": "Certification is valid for {period}",  # "24 months", in the locale's plural
    "back_to_module": "Back to the module",
    "facilitator_guide": "Facilitator guide",
    "contents": "Contents",
    "observation_form": "Teach-back observation form",
    "trainee": "Trainee",
    "observer": "Observer",
    "date": "Date",
    "signature": "Signature",
    "comments": "Comments",
    "level": "Level",
    "evidence": "Evidence observed",
    "roster_level": "Level recorded in the roster",
    "reaction_survey": "Reaction survey (Kirkpatrick level 1)",
    "reaction_intro": "Rate each statement from 1 (strongly disagree) to 5 (strongly agree).",
    "reaction_relevant": "The module was relevant to my work.",
    "reaction_engaging": "The activities kept me engaged.",
    "reaction_facilitator": "The facilitator helped me learn.",
    "reaction_confident": "I feel confident applying what I learned.",
    "reaction_objective": "I can now: {objective}",
    "reaction_open": "What will you do differently in your next week at work?",
    "behaviour_checklist": "Behaviour observation checklist (Kirkpatrick level 3)",
    "behaviour_intro": (
        "For the participant's manager or a peer, six to eight weeks after the module: "
        "tick what you have seen in the participant's work."
    ),
    "behaviour_item": "Applies at work: {objective}",
    "observed_yes": "Observed",
    "observed_partly": "Partly",
    "observed_no": "Not yet",
    "results": "Certification results",
    "cohort": "Cohort",
    "requirement": "Requirement",
    "required": "Required",
    "achieved": "Achieved",
    "certified": "Certified",
    "not_certified": "Not yet certified",
    "gaps": "Gaps",
    "req_modules": "Modules attended",
    "req_knowledge_check": "Knowledge check (%)",
    "req_teach_back": "Teach-back (average level)",
    "req_observed_deliveries": "Observed first deliveries",
    "missing_modules": "Not attended: {modules}",
    "certificate": "Certificate",
    "certificate_statement": (
        "has met every requirement of the Train-the-Trainer programme and is certified to facilitate"
    ),
    "valid_from": "Valid from",
    "valid_until": "Valid until",
    "issued_by": "Issued by",
    "verify_hint": "The code holds the signed credential; anyone can check it offline with glocal verify.",
    "verify_file_hint": "The signed credential comes with this certificate as {file}; "
    "anyone can check it offline with glocal verify.",
    "credential_name": "Certified facilitator: {program}",
    # the title of each heading's ¶ link (Python-Markdown's toc writes "Permanent link")
    "permalink": "Permanent link",
    "page_not_found": "Page not found",  # the 404 page's heading (Material's is English only)
    "made_with": "Made with",  # the footer's credit: "Made with Material for MkDocs"
}

BUILT_IN = ("da", "nb", "nl", "vi", "ar", "de", "fr", "es")


_FORMATTER = string.Formatter()
#: How much of a field a diagnostic quotes (a format spec may be as long as the label).
FIELD_SHOWN = 40


def label_fields(text: str) -> list[str] | None:
    """Each replacement field of a label as written (`{region}`, `{region.foo}`, `{region:>9}`),
    or None when its braces do not pair up (a lone `{` or `}`: `str.format` would refuse it)."""
    try:
        parsed = list(_FORMATTER.parse(text))
    except ValueError:
        return None
    return [
        "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
        for _, name, spec, conversion in parsed
        if name is not None
    ]


def _plain(field: str) -> bool:
    return field[1:-1].isidentifier()


def field_problem(english: str, text: str) -> str | None:
    """Why a translated label cannot be filled in as its English one is (GL307), or None.

    A label is filled in with `str.format`, which reads more than `{name}`: `{region.foo}` and
    `{region[0]}` look up an attribute or an item of the value (an AttributeError out of a
    build), and `{region:>3000000}` pads it to three million characters on every page, after
    the label's length was bounded (GL332). So a translation may hold the plain `{name}` fields
    of its English label, each as often, and nothing else."""
    source = label_fields(english) or []
    found = label_fields(text)
    if found is None:
        return "a '{' or '}' of the translation does not pair up"
    if Counter(found) == Counter(source) and all(_plain(field) for field in found):
        return None
    shown = [field if len(field) <= FIELD_SHOWN else field[: FIELD_SHOWN - 2] + "…}" for field in found]
    return (
        f"translation must keep the label's fields {', '.join(source) or 'none'} as they are, "
        f"but found {', '.join(shown) or 'none'}"
    )


def _fill(text: str, values: dict[str, str]) -> str | None:
    """`text` with its `{name}` fields filled in from `values`, or None when it holds any other
    field or a field `values` lacks: without `str.format`, which could look up attributes and
    items, or pad a value to any width."""
    try:
        parsed = list(_FORMATTER.parse(text))
    except ValueError:
        return None
    parts = []
    for literal, name, spec, conversion in parsed:
        parts.append(literal)
        if name is None:
            continue
        if spec or conversion or name not in values:
            return None
        parts.append(str(values[name]))
    return "".join(parts)


def _read(path) -> dict[str, str]:
    # `check` reports a broken catalog; here its broken entries are empty and their labels fall
    # back, as do labels too heavy to render (GL332) and labels with fields their English one
    # does not have (GL307): a label is on every page, in every note
    po, _ = catalog.read(Path(path), Path(path).name, partial=True)
    return {
        e.msgid: e.msgstr
        for e in po or []
        if e.msgstr
        and not e.obsolete
        and e.msgctxt is None  # GL337: the UI catalog has no msgctxt either
        and "fuzzy" not in e.flags
        and too_heavy(e.msgid, e.msgstr) is None
        and field_problem(e.msgid, e.msgstr) is None
    }


@lru_cache(maxsize=32)
def _built_in(language: str) -> dict[str, str]:
    base = l10n.base_language(language)
    for candidate in (language.replace("-", "_"), base):
        resource = resources.files("glocal").joinpath(f"locales/{candidate}/ui.po")
        if resource.is_file():
            with resources.as_file(resource) as path:
                return _read(path)
    return {}


def has_built_in(language: str) -> bool:
    """Whether Glocal ships labels in `language` (English, its own, needs none)."""
    return l10n.base_language(language) == "en" or bool(_built_in(language))


def translated_labels(root: Path, language: str) -> int:
    """How many of Glocal's labels the project's `locales/<language>/ui.po` translates (usably)."""
    path = Path(root) / "locales" / language / "ui.po"
    return len(set(_read(path)) & set(ENGLISH.values())) if path.is_file() else 0


def template_entries() -> list[catalog.TemplateEntry]:
    """The UI catalog's messages as a template (what `ui.pot` holds), for `i18n update`."""
    return [catalog.TemplateEntry(english, (), f"key: {key}") for english, key in ui_template_entries()]


@dataclass(frozen=True)
class Labels:
    """The UI strings of one language (English msgid → translation)."""

    language: str
    strings: dict

    def get(self, key: str, **values: str) -> str:
        english = ENGLISH[key]
        text = self.strings.get(english) or english
        if not values:
            return text
        filled = _fill(text, values)  # None: a translation that broke a field (GL307)
        return english.format(**values) if filled is None else filled


def labels_for(language: str, root: Path | None = None) -> Labels:
    """Built-in labels for `language`, overridden by the project's `locales/<lang>/ui.po`."""
    strings = dict(_built_in(language))
    if root is not None:
        override = Path(root) / "locales" / language / "ui.po"
        if override.is_file():
            strings.update(_read(override))
    return Labels(language, strings)


def ui_template_entries() -> list[tuple[str, str]]:
    """(msgid, key) for writing ui.pot."""
    return [(english, key) for key, english in ENGLISH.items()]
