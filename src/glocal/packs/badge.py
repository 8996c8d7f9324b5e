"""The Open Badges 3.0 `OpenBadgeCredential` of one certified trainee (unsigned; see credentials.py)."""

from __future__ import annotations

import calendar
import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from glocal.model import Issuer
from glocal.packs.credentials import OB_V3, VC_V2
from glocal.packs.results import Outcome


@dataclass(frozen=True)
class BadgeText:
    """The translated words a credential carries."""

    name: str
    description: str
    criteria: str
    program: str
    competencies: dict  # id -> name
    criteria_names: dict  # criterion id -> name
    levels: dict  # level -> name
    teach_back: str
    knowledge_check: str


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def add_months(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def issuer_profile(issuer, public_multibase: str) -> dict:
    profile = {"id": issuer.id, "type": ["Profile"], "name": issuer.name}
    if issuer.url:
        profile["url"] = issuer.url
    if issuer.email:
        profile["email"] = issuer.email
    return profile


def credential(
    program_id: str,
    site: str,
    cohort: str,
    outcome: Outcome,
    issuer: Issuer,
    text: BadgeText,
    issued: datetime,
    validity_months: int,
) -> dict:
    """An unsigned OpenBadgeCredential: who, what, aligned to which competencies, with the rubric result."""
    trainee = outcome.trainee
    ident = uuid.uuid5(uuid.NAMESPACE_URL, f"urn:glocal:{program_id}:{site}:{cohort}:{trainee.id}")
    salt = hashlib.sha256(f"{ident}:salt".encode()).hexdigest()[:16]
    base = f"urn:glocal:{program_id}"
    results_base = f"{base}:result"
    descriptions: list[dict[str, Any]] = [
        {
            "id": f"{results_base}:teach-back",
            "type": ["ResultDescription"],
            "name": text.teach_back,
            "resultType": "RubricScore",
            "valueMin": str(min(text.levels)),
            "valueMax": str(max(text.levels)),
        },
        {
            "id": f"{results_base}:knowledge-check",
            "type": ["ResultDescription"],
            "name": text.knowledge_check,
            "resultType": "Percent",
            "valueMin": "0",
            "valueMax": "100",
        },
    ]
    results = [
        {
            "type": ["Result"],
            "resultDescription": f"{results_base}:teach-back",
            "value": f"{trainee.teach_back:g}",
        },
        {
            "type": ["Result"],
            "resultDescription": f"{results_base}:knowledge-check",
            "value": f"{trainee.knowledge_check:g}",
        },
    ]
    for criterion_id, level in sorted(trainee.levels.items()):
        description_id = f"{base}:criterion:{criterion_id}"
        descriptions.append(
            {
                "id": description_id,
                "type": ["ResultDescription"],
                "name": text.criteria_names.get(criterion_id, criterion_id),
                "resultType": "RubricCriterionLevel",
                "rubricCriterionLevel": [
                    {
                        "id": f"{description_id}:level:{n}",
                        "type": ["RubricCriterionLevel"],
                        "name": name,
                        "level": str(n),
                    }
                    for n, name in sorted(text.levels.items())
                ],
            }
        )
        results.append(
            {
                "type": ["Result"],
                "resultDescription": description_id,
                "achievedLevel": f"{description_id}:level:{level}",
            }
        )
    return {
        "@context": [VC_V2, OB_V3],
        "id": f"urn:uuid:{ident}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer.id, "type": ["Profile"], "name": issuer.name},
        "validFrom": iso(issued),
        "validUntil": iso(add_months(issued, validity_months)),
        "name": text.name,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": ["IdentityObject"],
                    "hashed": True,
                    "identityType": "emailAddress",
                    "salt": salt,
                    "identityHash": "sha256$"
                    + hashlib.sha256((trainee.email.strip().lower() + salt).encode()).hexdigest(),
                },
                {
                    "type": ["IdentityObject"],
                    "hashed": False,
                    "identityType": "name",
                    "identityHash": trainee.name,
                },
            ],
            "achievement": {
                "id": f"{base}:achievement:certified-facilitator",
                "type": ["Achievement"],
                "achievementType": "Certification",
                "name": text.name,
                "description": text.description,
                "criteria": {"narrative": text.criteria},
                "alignment": [
                    {
                        "type": ["Alignment"],
                        "targetName": name,
                        "targetUrl": f"{base}:competency:{cid}",
                        "targetCode": cid,
                        "targetFramework": text.program,
                        "targetType": "CFItem",
                    }
                    for cid, name in text.competencies.items()
                ],
                "resultDescription": descriptions,
            },
            "result": results,
        },
    }
