"""Each trainee against every certification requirement: certified, or the exact gaps."""

from __future__ import annotations

from dataclasses import dataclass

from glocal.model import Certification
from glocal.packs.roster import Trainee


@dataclass(frozen=True)
class Check:
    requirement: str  # modules, knowledge_check, teach_back, observed_deliveries
    required: str
    achieved: str
    met: bool
    missing: tuple[str, ...] = ()  # module ids not attended


@dataclass(frozen=True)
class Outcome:
    trainee: Trainee
    checks: tuple[Check, ...]

    @property
    def certified(self) -> bool:
        return all(check.met for check in self.checks)

    @property
    def gaps(self) -> tuple[Check, ...]:
        return tuple(check for check in self.checks if not check.met)


def _fmt(value: float) -> str:
    return f"{value:g}"


def _achieved(value: float, required: float) -> str:
    """A trainee's value as a record shows it: to six digits, or as many as it takes to show
    that it falls short (79.9999999 against 80 read `80` in a record that said 'not met')."""
    shown = _fmt(value)
    if value < required and float(shown) >= required:
        return f"{value:.15g}"
    return shown


def evaluate(trainee: Trainee, certification: Certification) -> Outcome:
    requirements = certification.requirements
    missing = tuple(m for m in requirements.modules if m not in trainee.attended)
    attended = len(requirements.modules) - len(missing)
    checks = (
        Check("modules", str(len(requirements.modules)), str(attended), not missing, missing),
        Check(
            "knowledge_check",
            _fmt(requirements.knowledge_check),
            _achieved(trainee.knowledge_check, requirements.knowledge_check),
            trainee.knowledge_check >= requirements.knowledge_check,
        ),
        Check(
            "teach_back",
            _fmt(requirements.teach_back),
            _achieved(trainee.teach_back, requirements.teach_back),
            trainee.teach_back >= requirements.teach_back,
        ),
        Check(
            "observed_deliveries",
            str(requirements.observed_deliveries),
            str(trainee.observed_deliveries),
            trainee.observed_deliveries >= requirements.observed_deliveries,
        ),
    )
    return Outcome(trainee, checks)
