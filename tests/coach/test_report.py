"""The progress report's facts, gathered once for the terminal and the browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from backstretch.catalog import Catalog
from backstretch.coach.report import progress_report
from backstretch.core.progress import InvalidPeriod
from backstretch.storage import MemoryRepository
from tests.coach.report_history import TODAY, fill_known_history


@pytest.mark.parametrize("days", [0, -3, 367, True, "7"])
def test_a_period_outside_one_to_366_days_is_refused_with_what_is_allowed(
    days: object, tmp_path: Path
) -> None:
    with pytest.raises(InvalidPeriod) as refused:
        progress_report(MemoryRepository(), Catalog(tmp_path).entries(), TODAY, days)
    assert "a whole number of days from 1 to 366" in str(refused.value)


@pytest.mark.parametrize(("days", "sessions"), [(1, 0), (7, 3), (366, 7)])
def test_the_period_bounds_what_the_report_holds(days: int, sessions: int, tmp_path: Path) -> None:
    repository = MemoryRepository()
    fill_known_history(repository)
    report = progress_report(repository, Catalog(tmp_path).entries(), TODAY, days)
    assert report.days == days and report.last_day == TODAY.date()
    assert len(report.sessions) == sessions
    assert sum(week.sessions for week in report.weeks) == sessions
    assert all(report.first_day <= line.at.date() for line in report.pain_reports)
