"""The "this hurts" use case both front ends call: the rule decides, the report is stored, and
a stretch stopped for pain has its holds not done recorded as skipped, once however often the
report is sent."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from backstretch.coach.pain import PainAsked, UnknownStretch, report_pain
from backstretch.coach.recorder import SessionRecorder, hold_record
from backstretch.core.pain_rules import EASE_OFF, STOP_STRETCH, PainAction, PainKind
from backstretch.core.timeline import Timeline, plan
from backstretch.storage.memory import MemoryRepository
from tests.conftest import cat_cow, make_routine, sided

NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def begun() -> tuple[MemoryRepository, str, Timeline]:
    repository = MemoryRepository()
    timeline = plan(make_routine(sided(reps=2), cat_cow(reps=2)))
    session_id = SessionRecorder(repository).begin(timeline.routine, timeline, 1.0, NOW)
    return repository, session_id, timeline


def test_pain_7_and_sharp_stops_the_stretch_and_records_its_holds_not_done_as_skipped() -> None:
    repository, session_id, timeline = begun()
    first = timeline.holds[0]
    repository.record_hold(hold_record(session_id, first, True, first.duration, NOW))
    asked = PainAsked("sided-each", 7, PainKind.SHARP, hold_number=2, held_seconds=2.5)

    outcome = report_pain(repository, session_id, timeline.holds, asked, NOW)

    assert (outcome.report.action, outcome.advice) == (PainAction.STOP, STOP_STRETCH)
    assert outcome.skipped_holds == (2, 3, 4)
    holds = {h.hold_number: h for h in repository.holds(session_id)}
    assert [holds[n].completed for n in (1, 2, 3, 4)] == [True, False, False, False]
    assert (holds[2].held_seconds, holds[3].held_seconds) == (2.5, 0.0)
    assert 5 not in holds  # cat-cow goes on
    [report] = repository.pain_reports()
    assert report.note == (
        "during sided-each: pain 7/10, sharp; stretch stopped and skipped for today"
    )


def test_pain_of_5_is_stored_with_ease_off_and_skips_nothing() -> None:
    repository, session_id, timeline = begun()
    outcome = report_pain(repository, session_id, timeline.holds, PainAsked("cat-cow", 5), NOW)
    assert (outcome.report.action, outcome.advice, outcome.skipped_holds) == (
        PainAction.EASE_OFF,
        EASE_OFF,
        (),
    )
    assert repository.holds(session_id) == []


def test_a_report_sent_again_with_its_id_is_stored_once() -> None:
    repository, session_id, timeline = begun()
    asked = PainAsked("cat-cow", 8, hold_number=5, held_seconds=1.0, id="report-from-the-page")
    first = report_pain(repository, session_id, timeline.holds, asked, NOW)
    again = report_pain(repository, session_id, timeline.holds, asked, NOW)
    assert [r.id for r in repository.pain_reports()] == ["report-from-the-page"]
    assert first.skipped_holds == again.skipped_holds == (5, 6, 7, 8)


def test_pain_during_a_stretch_the_session_does_not_have_is_refused() -> None:
    repository, session_id, timeline = begun()
    with pytest.raises(UnknownStretch, match="no stretch with the id plank"):
        report_pain(repository, session_id, timeline.holds, PainAsked("plank", 7), NOW)
    assert repository.pain_reports() == []
