"""Words the builder itself writes on sites and the portal: the UI catalog.

Every label is an English msgid. Translations ship with Glocal in `glocal/locales/<lang>/ui.po`
(en, da, nb, nl, vi, ar, de, fr, es) and a project overrides any of them in its own
`locales/<lang>/ui.po`. A label missing in both falls back to English.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import polib

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
    "not_translated": "Not yet translated: shown in the source language",
    "draft_banner": "Draft: {percent} of this site is translated. Text not yet translated is shown in {language} and marked.",
    "portal_title": "Facilitator sites",
    "site": "Site",
    "region": "Region",
    "language": "Language",
    "status": "Status",
    "translated": "Translated",
    "core_share": "Core share",
    "slots": "Slots",
    "filled": "filled",
    "default": "default",
    "missing": "missing",
    "status_publish": "publish",
    "status_draft": "draft",
    "status_blocked": "blocked",
    "day": "Day {number}",
    "time": "Time",
    "break": "Break",
    "lunch": "Lunch",
    "day_total": "Day total",
    "programme_total": "Programme total",
    "facilitator_notes": "Facilitator notes",
    "back_to_note": "Go to this note in its module",
    "handout": "Participant handout",
    "print_handout": "Print the participant handout",
    "ttt": "Train-the-Trainer",
    "ttt_guide": "Train-the-Trainer guide for this module",
    "download_offline": "Download this site for offline use",
    "coverage": "Coverage",
    "offline_zip": "Offline zip",
}

BUILT_IN = ("da", "nb", "nl", "vi", "ar", "de", "fr", "es")


def _read(path) -> dict[str, str]:
    try:
        po = polib.pofile(str(path), wrapwidth=0)
    except (OSError, ValueError, UnicodeError):
        return {}  # a broken project catalog is reported by `check` (GL301); labels fall back
    return {e.msgid: e.msgstr for e in po if e.msgstr and not e.obsolete and "fuzzy" not in e.flags}


@lru_cache(maxsize=32)
def _built_in(language: str) -> dict[str, str]:
    base = language.replace("-", "_").split("_")[0]
    for candidate in (language.replace("-", "_"), base):
        resource = resources.files("glocal").joinpath(f"locales/{candidate}/ui.po")
        if resource.is_file():
            with resources.as_file(resource) as path:
                return _read(path)
    return {}


@dataclass(frozen=True)
class Labels:
    """The UI strings of one language (English msgid → translation)."""

    language: str
    strings: dict

    def get(self, key: str, **values: str) -> str:
        english = ENGLISH[key]
        text = self.strings.get(english) or english
        try:
            return text.format(**values) if values else text
        except (KeyError, IndexError, ValueError):  # a translation that broke a placeholder
            return english.format(**values)


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
