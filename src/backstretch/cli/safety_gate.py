"""What `start` does before a session: the due screening questions, the locks, the knee
adaptation, the morning rating, the see-a-clinician advice and today's planned doses.

Locks: an emergency answer, or an urgent answer no clinician has cleared, stops `start` (even
with --yes) with one line saying what to do. A clearance-first answer (recent spine surgery,
pregnancy, osteoporosis) asks interactively whether a clinician has agreed (yes is recorded as a
clearance; no stops); with --yes it is a reminder line and the session goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import click

from backstretch.cli.safety_commands import (
    age_limits,
    intervals,
    screen,
    show_notice_once,
)
from backstretch.coach.advice import advice_lines
from backstretch.coach.progression import progression_since
from backstretch.coach.today import Today, prepare_today, status_of
from backstretch.core.errors import BackstretchError
from backstretch.core.history import PainContext, PainRating, new_id
from backstretch.core.pain_rules import is_unsettled, usual_level
from backstretch.core.routine import Routine
from backstretch.core.safety import (
    CLEARANCE_ACTION,
    KNEE_ACTION,
    Clearance,
    SafetyStatus,
    due_questions,
)
from backstretch.storage.repository import Repository

Say = Callable[[str], None]
AskPain = Callable[[str], "int | None"]
MORNING_QUESTION = "How is your back this morning?"


def check_before_session(
    repository: Repository, now: datetime, ask: bool, say: Say
) -> SafetyStatus:
    """Ask the due questions (interactively), then refuse if the programme is locked."""
    answers = repository.screening_answers()
    if ask:
        due = due_questions(answers, now, intervals(repository), age_limits(repository))
        if due:
            show_notice_once(repository, say)
            first = "first" if not answers else "quick"
            say(f"Before you start, a few {first} safety questions (y or n).")
            screen(repository, due, now, interactive=True, say=say)
    status = status_of(repository)
    if status.locked:
        raise BackstretchError(status.refusal())
    if not status.screened:
        say(
            "Reminder: no safety screening on record; run `backstretch check` (not medical advice)."
        )
        return status
    if not ask and due_questions(repository.screening_answers(), now, intervals(repository)):
        say("Reminder: some safety questions are due again; run `backstretch check`.")
    if status.clearance_first:
        confirm_clearance_first(repository, status, now, ask, say)
    return status


def confirm_clearance_first(
    repository: Repository, status: SafetyStatus, now: datetime, ask: bool, say: Say
) -> None:
    questions = ", ".join(status.clearance_first)
    if not ask:
        say(f"Reminder: {CLEARANCE_ACTION} (your answer to question {questions}).")
        return
    agreed = click.confirm(
        f"You answered yes to question {questions}. Has a clinician said these stretches "
        "are fine for you?",
        default=False,
    )
    if not agreed:
        raise BackstretchError(
            f"{CLEARANCE_ACTION[0].lower()}{CLEARANCE_ACTION[1:-1]}; when they agree, record "
            "it with `backstretch check --cleared`"
        )
    today = repository.person.day_of(now)
    repository.add_clearance(Clearance(new_id(), today, now, "confirmed before a session"))


def morning_rating(
    repository: Repository, now: datetime, ask_pain: AskPain, say: Say
) -> int | None:
    """At the first session of the day: the morning rating (stored as context morning), and
    what it means for today."""
    person = repository.person
    today = person.day_of(now)
    ratings = repository.pain_ratings()
    rated = any(
        r.context is PainContext.MORNING and person.day_of(r.recorded_at) == today for r in ratings
    )
    started = any(
        person.day_of(s.session.started_at) == today for s in repository.summaries(limit=5)
    )
    if rated or started:
        return None
    level = ask_pain(MORNING_QUESTION)
    if level is None:
        return None
    usual = usual_level(ratings)
    repository.add_pain(PainRating(new_id(), level, PainContext.MORNING, now))
    if is_unsettled(level, usual):
        dose = (
            "no progression today (a raised dose goes back one step)"
            if progression_since(repository)
            else "go gently today"
        )
        say(f"Your back is sorer than usual this morning ({level}, usual {usual}): {dose}.")
    return level


def prepare_routine(
    repository: Repository,
    seed: Routine,
    now: datetime,
    ask: bool,
    seed_doses: bool,
    say: Say,
    ask_pain: AskPain,
    ask_morning: bool = True,
) -> tuple[Today, int | None]:
    """Today's routine (coach/today.py, deciding today's progression step) and the morning
    rating (if one was just given), after the due questions; what it means is said."""
    check_before_session(repository, now, ask, say)
    morning = morning_rating(repository, now, ask_pain, say) if ask and ask_morning else None
    zone = repository.person.zone
    today = prepare_today(repository, seed, now, zone, decide=True, seed_doses=seed_doses)
    for line in advice_lines(repository, now, zone):
        say(line)
    names = {e.id: e.name for e in seed.exercises}
    for change in today.changes:
        say(change.describe(names.get(change.exercise)) + ".")
    for exercise, reason in today.stopped.items():
        say(f"{names[exercise]}: {reason}; it is passed over today.")
    if today.status.knee:
        say(KNEE_ACTION)
    return today, morning
