"""What a trainee's record shows of a value that falls just short: enough digits to see it. A
knowledge check of 79.9999999 against 80 read `80`, next to 'not met'."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from glocal.packs.results import evaluate
from glocal.packs.roster import Trainee


@pytest.mark.parametrize(
    ("knowledge", "teach_back", "shown", "met"),
    [
        (79.9999999, 2.9999999, ("79.9999999", "2.9999999"), False),  # short, by a hair: said so
        (92.0, 3.5, ("92", "3.5"), True),
        (10 / 3 * 30, 10 / 3, ("100", "3.33333"), True),  # met: six digits are enough
    ],
)
def test_a_value_just_short_of_its_requirement_shows_it(knowledge, teach_back, shown, met):
    requirements = SimpleNamespace(modules=(), knowledge_check=80.0, teach_back=3.0, observed_deliveries=0)
    trainee = Trainee("vn-05", "E", "e@example.vn", (), knowledge, teach_back, 0, {}, 1)
    checks = {
        check.requirement: check
        for check in evaluate(trainee, SimpleNamespace(requirements=requirements)).checks
    }
    assert (checks["knowledge_check"].achieved, checks["teach_back"].achieved) == shown
    assert checks["knowledge_check"].met is met and checks["teach_back"].met is met
