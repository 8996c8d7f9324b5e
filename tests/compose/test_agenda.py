"""compose/agenda.py: the day plan, with clock times from a region's day start."""

from __future__ import annotations

from datetime import datetime

from glocal.compose.agenda import Day, Slot, plan
from glocal.model import Pause, Program


def _program(days=()) -> Program:
    return Program(
        id="demo",
        title="Demo",
        version="1",
        description="",
        source_language="en",
        modules=(),
        days=days,
    )


def _times(day: Day) -> list[tuple[str, str, str, str | None]]:
    return [
        (slot.kind, slot.start.strftime("%H:%M"), slot.end.strftime("%H:%M"), slot.module_id)
        for slot in day.slots
    ]


# The sample program's first day, with the sample modules' durations.
SAMPLE_DAY_1 = (
    "from-transaction-to-partnership",
    Pause("break", 15),
    "shared-vision",
    Pause("lunch", 60),
    "co-creation",
    Pause("break", 15),
    "trust-and-transparency",
)
DURATIONS = {
    "from-transaction-to-partnership": 75,
    "shared-vision": 90,
    "co-creation": 90,
    "trust-and-transparency": 75,
    "continuous-improvement": 75,
}


def test_clock_times_run_from_the_day_start_through_breaks_and_lunch():
    (day,) = plan(_program((SAMPLE_DAY_1,)), DURATIONS, "08:00")
    assert day.number == 1
    assert _times(day) == [
        ("module", "08:00", "09:15", "from-transaction-to-partnership"),
        ("break", "09:15", "09:30", None),
        ("module", "09:30", "11:00", "shared-vision"),
        ("lunch", "11:00", "12:00", None),
        ("module", "12:00", "13:30", "co-creation"),
        ("break", "13:30", "13:45", None),
        ("module", "13:45", "15:00", "trust-and-transparency"),
    ]


def test_day_totals_count_teaching_time_only_and_every_day_restarts_at_the_day_start():
    days = plan(
        _program((SAMPLE_DAY_1, ("continuous-improvement", Pause("break", 15), "co-creation"))),
        DURATIONS,
        "08:30",
    )
    assert [day.number for day in days] == [1, 2]
    assert days[0].teaching_minutes == 75 + 90 + 90 + 75  # breaks and lunch do not count
    assert days[0].end == datetime(2000, 1, 1, 15, 30)
    assert days[1].teaching_minutes == 75 + 90
    assert days[1].slots[0].start == datetime(2000, 1, 1, 8, 30)
    assert days[1].end == datetime(2000, 1, 1, 11, 30)


def test_a_program_without_days_is_one_day_of_its_modules_in_order_without_breaks():
    durations = {"intro": 45, "deep-dive": 120, "wrap-up": 30}
    days = plan(_program(), durations, "09:15")
    assert len(days) == 1
    assert _times(days[0]) == [
        ("module", "09:15", "10:00", "intro"),
        ("module", "10:00", "12:00", "deep-dive"),
        ("module", "12:00", "12:30", "wrap-up"),
    ]
    assert days[0].teaching_minutes == 195
    assert days[0].end == datetime(2000, 1, 1, 12, 30)


def test_a_region_duration_replaces_the_core_one_and_a_missing_duration_takes_no_time():
    (day,) = plan(
        _program((("intro", Pause("break", 10), "undated", "wrap-up"),)),
        {"intro": 60, "undated": None, "wrap-up": 20},
        "10:00",
    )
    assert day.slots == (
        Slot("module", datetime(2000, 1, 1, 10, 0), 60, "intro"),
        Slot("break", datetime(2000, 1, 1, 11, 0), 10),
        Slot("module", datetime(2000, 1, 1, 11, 10), 0, "undated"),
        Slot("module", datetime(2000, 1, 1, 11, 10), 20, "wrap-up"),
    )
    assert day.teaching_minutes == 80


def test_a_module_the_durations_do_not_know_is_left_out_of_the_day():
    (day,) = plan(_program((("intro", "dropped", "wrap-up"),)), {"intro": 30, "wrap-up": 30}, "09:00")
    assert [slot.module_id for slot in day.slots] == ["intro", "wrap-up"]
    assert day.end == datetime(2000, 1, 1, 10, 0)


def test_a_day_with_nothing_in_it_has_no_end():
    days = plan(_program(((), ("intro",))), {"intro": 30}, "09:00")
    assert days[0].slots == () and days[0].end is None and days[0].teaching_minutes == 0
    assert days[1].number == 2 and days[1].end == datetime(2000, 1, 1, 9, 30)
