"""The day plan: modules and breaks per day, with clock times from the region's day start."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from glocal.model import Pause, Program


@dataclass(frozen=True)
class Slot:
    kind: str  # module, break or lunch
    start: datetime
    minutes: int
    module_id: str | None = None

    @property
    def end(self) -> datetime:
        return self.start + timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class Day:
    number: int
    slots: tuple[Slot, ...]

    @property
    def teaching_minutes(self) -> int:
        """Time in modules only: breaks and lunch do not count."""
        return sum(slot.minutes for slot in self.slots if slot.kind == "module")

    @property
    def length_minutes(self) -> int:
        """From the day's start to its end, breaks and lunch included."""
        return sum(slot.minutes for slot in self.slots)

    @property
    def has_pauses(self) -> bool:
        """True when a break or lunch makes the day longer than its teaching."""
        return any(slot.kind != "module" and slot.minutes for slot in self.slots)

    @property
    def end(self) -> datetime | None:
        return self.slots[-1].end if self.slots else None


def start_of_day(day_start: str) -> datetime:
    """A region's `day_start` ("08:30", validated on load) as a time of day."""
    hours, minutes = (int(part) for part in day_start.split(":"))
    return datetime(2000, 1, 1, hours, minutes)


def plan(program: Program, durations: dict[str, int | None], day_start: str) -> list[Day]:
    """Days in order; a program without `days:` is one day with no breaks.

    `durations` may be a region's own.
    """
    layout = program.days or (tuple(durations),)
    days = []
    for number, items in enumerate(layout, 1):
        clock = start_of_day(day_start)
        slots = []
        for item in items:
            if isinstance(item, Pause):
                slots.append(Slot(item.kind, clock, item.minutes))
                clock += timedelta(minutes=item.minutes)
            elif item in durations:
                length = durations[item] or 0
                slots.append(Slot("module", clock, length, item))
                clock += timedelta(minutes=length)
        days.append(Day(number, tuple(slots)))
    return days
