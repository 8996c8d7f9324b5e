"""Seeded-mutation fuzzing of `check` on a copy of the sample: no exception escapes, every
diagnostic has a known code and a path, nothing from outside the project comes back.

A short run here (a fixed seed, a few dozen cases, under 20 s); `python bench/fuzz_check.py
--cases N --seed S` runs as many as wanted and prints every traceback it finds. Set
GLOCAL_FUZZ_SEED to try other cases here.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from fuzzing import make_outside, run_case, trimmed_sample

from conftest import copy_sample

SEED = int(os.environ.get("GLOCAL_FUZZ_SEED", "20261204"))
BUDGET_SECONDS = 6.0
MIN_CASES = 8


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return trimmed_sample(copy_sample, tmp_path_factory.mktemp("fuzz") / "pristine")


def test_mutated_projects_give_diagnostics_not_tracebacks(pristine: Path, tmp_path: Path):
    outside = make_outside(tmp_path / "outside")
    start = time.monotonic()
    outcomes = []
    case = 0
    # a time budget, not a count, keeps CI short on a slow machine; never fewer than MIN_CASES
    while case < MIN_CASES or time.monotonic() - start < BUDGET_SECONDS:
        outcomes.append(run_case(pristine, tmp_path / "work", outside, SEED, case))
        case += 1
    failures = [
        f"case {o.case} (seed {SEED}) {o.mutations}:\n{o.error or ''}{o.malformed}{o.leaked}"
        for o in outcomes
        if o.error or o.malformed or o.leaked
    ]
    assert not failures, "\n".join(failures)
    assert len(outcomes) >= MIN_CASES
