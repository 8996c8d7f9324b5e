"""Words the builder itself writes on sites and the portal (the UI catalog).

Every label goes through `Labels.get`, so later locales and project overrides plug in here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
}


@dataclass(frozen=True)
class Labels:
    """The UI strings of one language."""

    language: str = "en"
    strings: dict[str, str] = field(default_factory=lambda: dict(ENGLISH))

    def get(self, key: str, **values: str) -> str:
        text = self.strings.get(key) or ENGLISH[key]
        return text.format(**values) if values else text


def labels_for(language: str) -> Labels:
    return Labels(language)
