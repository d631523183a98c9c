"""The progress report as a use case: everything one person's report shows over the last
`days` days, read from their repository. `backstretch report` and the browser's report routes
(the person's own, and a clinician's through coach/sharing.Consent) all call `progress_report`;
export/report.py draws what it returns.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from backstretch.catalog.catalog import RoutineEntry
from backstretch.coach.advice import advice_lines
from backstretch.coach.today import current_routine
from backstretch.core.history import PainContext
from backstretch.core.outcomes import QUESTIONNAIRES, score_text
from backstretch.core.pain_rules import ACTION_DONE, KIND_TEXT
from backstretch.core.progress import (
    DoseLine,
    Flag,
    PainReportLine,
    ProgressReport,
    RatingLine,
    ScoreLine,
    SessionLine,
    check_days,
    week_counts,
)
from backstretch.core.routine import Routine
from backstretch.core.safety import Level, action_for, questions
from backstretch.core.stats import Completion
from backstretch.core.units import describe_dose
from backstretch.storage.reports import gather_report
from backstretch.storage.repository import Repository

TREND_CONTEXTS = (PainContext.MORNING, PainContext.USUAL)
RED_FLAG_LEVELS = (Level.EMERGENCY, Level.URGENT)


def progress_report(
    repository: Repository,
    entries: Iterable[RoutineEntry],
    now: datetime,
    days: object,
    who: str = "you",
) -> ProgressReport:
    """The report of `repository`'s person over the last `days` days up to `now`;
    InvalidPeriod for a number of days that is not 1 to 366."""
    days = check_days(days)
    person = repository.person
    today = person.day_of(now)
    first = today - timedelta(days=days - 1)
    since = person.start_of(first)
    stats = gather_report(repository, today, days)
    session_days = [d for d in repository.active_session_days() if first <= d <= today]
    routine = current_routine(repository, entries, now)
    names = stretch_names(routine, stats.completion)
    return ProgressReport(
        who=who,
        first_day=first,
        last_day=today,
        generated_at=person.local_time(now),
        plan=stats.plan,
        adherence=stats.adherence,
        first_session=stats.first_session,
        weeks=week_counts(session_days, first, today, stats.plan),
        active_days=frozenset(session_days),
        completion=stats.completion,
        sessions=session_lines(repository, since),
        ratings=rating_lines(repository, since),
        scores=score_lines(repository, since),
        pain_reports=pain_report_lines(repository, since, names),
        red_flags=red_flag_lines(repository, since),
        clearances=clearance_lines(repository, since, first),
        routine_name=routine.name,
        doses=tuple(DoseLine(e.name, describe_dose(e)) for e in routine.exercises),
        dose_changes=dose_change_lines(repository, since, names),
        advice=tuple(advice_lines(repository, now, person.zone)),
    )


def stretch_names(routine: Routine, completion: Iterable[Completion]) -> dict[str, str]:
    """Stretch id -> name, from the routine and the stretches done in the period."""
    names = {e.id: e.name for e in routine.exercises}
    for done in completion:
        names.setdefault(done.exercise, done.name)
    return names


def session_lines(repository: Repository, since: datetime) -> tuple[SessionLine, ...]:
    local = repository.person.local_time
    return tuple(
        SessionLine(
            local(s.session.started_at),
            s.session.routine_name,
            s.session.status.value.replace("_", " "),
            s.holds_completed,
            s.holds_skipped,
            s.session.pain_before,
            s.session.pain_after,
        )
        for s in reversed(repository.summaries(since=since))
    )


def rating_lines(repository: Repository, since: datetime) -> tuple[RatingLine, ...]:
    local = repository.person.local_time
    return tuple(
        RatingLine(local(r.recorded_at), r.level, r.context.value)
        for r in repository.pain_ratings()
        if r.context in TREND_CONTEXTS and r.recorded_at >= since
    )


def score_lines(repository: Repository, since: datetime) -> tuple[ScoreLine, ...]:
    day_of = repository.person.day_of
    return tuple(
        ScoreLine(
            day_of(r.answered_at),
            QUESTIONNAIRES[r.questionnaire].name,
            score_text(r),
            r.subscale,
            r.risk.value if r.risk else None,
        )
        for r in sorted(repository.questionnaire_responses(), key=lambda r: r.answered_at)
        if r.answered_at >= since
    )


def pain_report_lines(
    repository: Repository, since: datetime, names: dict[str, str]
) -> tuple[PainReportLine, ...]:
    local = repository.person.local_time
    return tuple(
        PainReportLine(
            local(r.recorded_at),
            names.get(r.exercise, r.exercise),
            r.level,
            KIND_TEXT[r.kind],
            ACTION_DONE[r.action],
        )
        for r in repository.pain_reports(since=since)
    )


def red_flag_lines(repository: Repository, since: datetime) -> tuple[Flag, ...]:
    """Yes answers to the emergency and urgent questions, with what each calls for."""
    asked = {q.id: q for q in questions()}
    local = repository.person.local_time
    found = []
    for answer in repository.screening_answers():
        question = asked.get(answer.question)
        if question is None or question.level not in RED_FLAG_LEVELS:
            continue
        if answer.answer and answer.answered_at >= since:
            level = question.level
            words = f"Yes ({level.value}): “{question.text}” Advised: {action_for(level)}"
            found.append(Flag(local(answer.answered_at), words))
    return tuple(found)


def clearance_lines(repository: Repository, since: datetime, first: date) -> tuple[Flag, ...]:
    local = repository.person.local_time
    return tuple(
        Flag(
            local(c.recorded_at),
            f"Cleared by a clinician on {c.cleared_on:%d %b %Y}"
            + (f": {c.note}" if c.note else ""),
        )
        for c in repository.clearances()
        if c.recorded_at >= since or c.cleared_on >= first
    )


def dose_change_lines(
    repository: Repository, since: datetime, names: dict[str, str]
) -> tuple[Flag, ...]:
    local = repository.person.local_time
    return tuple(
        Flag(local(c.changed_at), c.describe(names.get(c.exercise)))
        for c in repository.dose_changes()
        if c.changed_at >= since
    )
