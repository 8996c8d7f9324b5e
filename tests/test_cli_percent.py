"""Shares in the command line's text output are never rounded onto 100% or 0% they miss (issue 12,
item 11c): a site 99.79% translated is not reported as "100%"."""

from __future__ import annotations

from glocal.cli import coverage_matrix
from glocal.pipeline import SiteSummary


def test_the_coverage_matrix_shows_a_share_that_is_not_all_as_less_than_100_percent():
    sites = [
        SiteSummary("north/da", "north", "da", 0.9979, 0.0004, {}, "publish", {"intro/case-study": "filled"}),
        SiteSummary("north/en", "north", "en", 1.0, 0.875, {}, "publish", {"intro/case-study": "filled"}),
    ]
    lines = coverage_matrix(sites).splitlines()
    assert lines[2].split() == ["core", "share", "0.04%", "88%"]
    assert lines[3].split() == ["translated", "99.8%", "100%"]
