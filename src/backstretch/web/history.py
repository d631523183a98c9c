"""History and progress for the web pages and the API, read through the repository.

The session shape is the one `backstretch history --json` prints, and the report is the one
`backstretch stats` builds, so the browser and the terminal tell the same story. Both come from
the shared modules (`export.history_io`, `storage.reports`); nothing may import `cli`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from backstretch.core.history import (
    PainRating,
)
from backstretch.export.history_io import hold_data, pain_data, summary_data
from backstretch.storage.reports import gather_report, in_position_of
from backstretch.storage.repository import Repository

__all__ = [
    "Overview",
    "gather_report",
    "hold_data",
    "in_position_of",
    "overview",
    "pain_data",
    "summary_data",
]


@dataclass(frozen=True)
class Overview:
    """What the home page shows about the person's record."""

    streak: int
    longest_streak: int
    last_pain: PainRating | None
    sessions_last_7_days: int


def overview(repository: Repository, today: date) -> Overview:
    report = gather_report(repository, today, 28)
    ratings = repository.pain_ratings()
    return Overview(
        streak=report.streaks.current,
        longest_streak=report.streaks.longest,
        last_pain=ratings[-1] if ratings else None,
        sessions_last_7_days=report.sessions_last_7_days,
    )
