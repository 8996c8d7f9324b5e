"""The navigation stays small on every page however many modules a programme has (issue 9)."""

from __future__ import annotations

from glocal.build.config import DAYS_PER_BLOCK, FLAT_NAV, grouped_nav
from glocal.i18n.ui import ENGLISH, Labels

LABELS = Labels("en", dict(ENGLISH))


def entries(count: int) -> list[tuple[str, dict]]:
    return [(f"m{i:03d}", {f"Module {i}": f"modules/m{i:03d}.md"}) for i in range(count)]


def leaves(nav: list) -> list[dict]:
    found = []
    for item in nav:
        (value,) = item.values()
        found += leaves(value) if isinstance(value, list) else [item]
    return found


def widest(nav: list) -> int:
    """The most entries one page's navigation shows (each level's siblings along one path)."""
    best = len(nav)
    for item in nav:
        (value,) = item.values()
        if isinstance(value, list):
            best = max(best, len(nav) + widest(value))
    return best


def test_a_small_programme_keeps_one_flat_list():
    items = entries(FLAT_NAV)
    assert grouped_nav(items, (), LABELS) == [entry for _, entry in items]


def test_many_modules_are_grouped_by_day_then_by_blocks_of_days():
    items = entries(500)
    days = tuple(tuple(m for m, _ in items[i : i + 4]) for i in range(0, 500, 4))
    nav = grouped_nav(items, days, LABELS)
    assert leaves(nav) == [entry for _, entry in items]  # every module, in teaching order
    assert len(nav) <= FLAT_NAV
    first_block = next(iter(nav[0].values()))
    assert len(first_block) == DAYS_PER_BLOCK
    assert next(iter(first_block[0])) == "Day 1"
    assert next(iter(nav[0])) == "Day 1 – Day 10"
    # what one page shows grows far slower than the module count (500 modules: a few dozen)
    assert widest(nav) <= 50
    small = grouped_nav(
        entries(60),
        tuple(tuple(f"m{i:03d}" for i in range(j, min(j + 4, 60))) for j in range(0, 60, 4)),
        LABELS,
    )
    assert widest(nav) - widest(small) <= 35


def test_without_a_day_plan_modules_come_in_numbered_blocks():
    nav = grouped_nav(entries(100), (), LABELS)
    assert [next(iter(section)) for section in nav] == ["1–30", "31–60", "61–90", "91–100"]
    assert len(leaves(nav)) == 100
