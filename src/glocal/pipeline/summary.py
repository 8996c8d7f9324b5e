"""One site's row of the coverage matrix: light, so a replayed build need not load the checks."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SiteSummary:
    """One row of the coverage matrix (and of `sites` in `check --format json`)."""

    site: str
    region: str
    language: str
    translated: float
    core_share: float
    slots: dict
    status: str  # publish, draft or blocked
    slot_states: dict = field(default_factory=dict)  # "module/slot" -> filled/default/missing
    modules: dict = field(default_factory=dict)  # module id -> {"translated": share, "slots": [states]}

    def to_json(self) -> dict:
        return {
            "site": self.site,
            "region": self.region,
            "language": self.language,
            "translated": self.translated,
            "core_share": self.core_share,
            "slots": dict(self.slots),
            "status": self.status,
        }
