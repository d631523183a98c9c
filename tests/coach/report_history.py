"""A known history for the progress report's tests: what it holds, the report must say."""

from __future__ import annotations

from datetime import timedelta

from backstretch.core.history import PainContext
from backstretch.storage.repository import Repository
from tests.cli.test_history_commands import NOON, at_noon, fill
from tests.storage.records import (
    make_answer,
    make_clearance,
    make_dose_change,
    make_pain,
    make_pain_report,
    make_response,
)

SESSION_DAYS = [1, 2, 3, 5, 8, 9, 10]  # of January 2026, from Monday the 5th (day 1)
TODAY = NOON + timedelta(days=13)  # Sunday 18 January 2026


def fill_known_history(repository: Repository) -> None:
    """Seven sessions (the last hold of each skipped: cat-cow half done), morning ratings
    falling from 6 to 3, a pain report, both questionnaires, a dose change, a red flag and a
    clearance; rest days on Saturdays and Sundays."""
    fill(repository, SESSION_DAYS)
    for day, level in enumerate((6, 6, 5, 5, 4, 4, 3, 3, 3, 3)):
        at = NOON + timedelta(days=day, hours=-4)
        repository.add_pain(make_pain(day + 1, level=level, recorded_at=at))
    usual = NOON + timedelta(days=11)
    repository.add_pain(make_pain(50, level=2, context=PainContext.USUAL, recorded_at=usual))
    repository.add_pain_report(make_pain_report(at_noon(2)))
    repository.add_questionnaire_response(make_response(1, "startback"))
    repository.add_questionnaire_response(make_response(2, "peg"))
    repository.add_dose_changes([make_dose_change(3)])
    answered = NOON + timedelta(days=3)
    repository.add_screening([make_answer("12", True, answered_at=answered)])
    repository.add_clearance(make_clearance(1, cleared_on=(NOON + timedelta(days=4)).date(),
                                            recorded_at=NOON + timedelta(days=4)))  # fmt: skip
    repository.set_setting("plan.rest_days", "sat,sun")
