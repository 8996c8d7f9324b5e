"""One site's row of the coverage matrix: light, so a replayed build need not load the checks."""

from __future__ import annotations

from dataclasses import dataclass, field

from glocal.l10n import plain_percent

__all__ = ["SiteSummary", "plain_percent"]  # plain_percent: shares in the command line's text output


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
    budget: str = "within"  # core share against the glocal budget: within, below, above, or exempt
    stale_fills: int = 0  # the region's fills whose core changed since it reviewed them (GL221)

    def to_json(self) -> dict:
        return {
            "site": self.site,
            "region": self.region,
            "language": self.language,
            "translated": self.translated,
            "core_share": self.core_share,
            "slots": dict(self.slots),
            "status": self.status,
            "budget": self.budget,
            "stale_fills": self.stale_fills,
        }

    def to_record(self) -> dict:
        return dict(vars(self))

    @classmethod
    def from_record(cls, record: dict) -> SiteSummary:
        """Raises TypeError or ValueError on a record `to_record` did not write."""
        summary = cls(**record)
        texts = (summary.site, summary.region, summary.language, summary.status, summary.budget)
        numbers = (summary.translated, summary.core_share)
        if not all(isinstance(value, str) for value in texts):
            raise TypeError("a summary's names must be text")
        if not all(isinstance(value, int | float) and not isinstance(value, bool) for value in numbers):
            raise TypeError("a summary's shares must be numbers")
        if not all(
            isinstance(value, dict) for value in (summary.slots, summary.slot_states, summary.modules)
        ):
            raise TypeError("a summary's slots and modules must be mappings")
        if not isinstance(summary.stale_fills, int) or isinstance(summary.stale_fills, bool):
            raise TypeError("a summary's stale fills must be a number")
        if not all(isinstance(v, int) for v in summary.slots.values()):
            raise TypeError("slot counts must be numbers")
        if not all(isinstance(v, str) for v in summary.slot_states.values()):
            raise TypeError("slot states must be text")
        return summary
