"""Today's routine for a person: the one answer the terminal, the browser and `plan` share.

It gathers, from what is stored: the red-flag lock and the clearance still to confirm, the knee
adaptation, today's doses (deciding and storing today's progression step when asked to) and the
stretches stopped for pain earlier today (passed over for the rest of the day, with the reason).
coach/advice.py gives the time-based advice to see a clinician. `zone` is the person's time
zone: "today" is their day (None: the machine's).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from backstretch.catalog.catalog import RoutineEntry
from backstretch.coach import prescriptions
from backstretch.coach.progression import decide_today, planned_doses
from backstretch.core.adaptations import todays_routine
from backstretch.core.history import SessionRecord
from backstretch.core.pain_rules import PainAction, PainKind, PainReport
from backstretch.core.prescription import Prescription
from backstretch.core.progression import DoseChange
from backstretch.core.routine import DEFAULT_ROUTINE, Routine
from backstretch.core.safety import KNEE, SafetyStatus, knee_problem, safety_status
from backstretch.storage.repository import Repository


@dataclass(frozen=True)
class Today:
    """What a session of `seed` is today, and what stands around it."""

    seed: Routine
    routine: Routine  # with today's doses and adaptations: what the session runs
    status: SafetyStatus
    stopped: Mapping[str, str] = field(default_factory=dict)  # stretch id -> why, for today
    changes: tuple[DoseChange, ...] = ()  # dose changes decided just now (stored)

    @property
    def refusal(self) -> str | None:
        """Why no session may start today, or None."""
        return self.status.refusal() if self.status.locked else None


def status_of(repository: Repository) -> SafetyStatus:
    zone = repository.person.zone
    return safety_status(repository.screening_answers(), repository.clearances(), zone)


def prepare_today(
    repository: Repository,
    seed: Routine,
    now: datetime,
    zone: tzinfo | None = None,
    *,
    decide: bool = False,
    seed_doses: bool = False,
) -> Today:
    """Today's routine of `seed`. With `decide`, today's progression step is decided and stored
    first (what beginning a session does); without, the doses last decided are read.
    `seed_doses` runs the routine's own doses (start --seed-doses)."""
    status = status_of(repository)
    changes: list[DoseChange] = []
    if seed_doses:
        dosed = seed
    elif decide:
        dosed, changes = decide_today(repository, seed, now, zone)
    else:
        dosed = todays_routine(seed, False, planned_doses(repository, seed))
    return Today(
        seed=seed,
        routine=todays_routine(dosed, status.knee),
        status=status,
        stopped=stopped_today(repository, seed, now.astimezone(zone).date(), zone),
        changes=tuple(changes),
    )


def stopped_today(
    repository: Repository, seed: Routine, today: date, zone: tzinfo | None = None
) -> dict[str, str]:
    """The stretches of `seed` stopped for pain on `today` (in `zone`), with the reason shown."""
    names = {exercise.id: exercise.name for exercise in seed.exercises}
    stopped: dict[str, str] = {}
    for report in sorted(repository.pain_reports(), key=lambda r: r.recorded_at):
        at = report.recorded_at.astimezone(zone)
        if report.action == PainAction.STOP and report.exercise in names and at.date() == today:
            stopped[report.exercise] = stop_reason(report, at)
    return stopped


KIND_WORDS = {PainKind.SHARP: ", sharp", PainKind.TINGLING: ", tingling in a leg"}


def stop_reason(report: PainReport, at: datetime) -> str:
    kind = KIND_WORDS.get(report.kind, "")
    return f"stopped for today at {at:%H:%M} for pain ({report.level}/10{kind})"


def session_routine(repository: Repository, seed: Routine, session: SessionRecord) -> Routine:
    """The routine a stored session runs: its own recorded doses (not today's, which may have
    changed since) with the same adaptations, so hold numbers match what the session was given.
    Every hold upload asks this, so it reads only the knee answers (not the whole status)."""
    own = {e.id: (e.hold_seconds, e.reps) for e in seed.exercises}
    doses = {
        d.exercise: (d.hold_seconds, d.reps)
        for d in session.doses
        if d.exercise in own and own[d.exercise] != (d.hold_seconds, d.reps)
    }
    knee = knee_problem(repository.screening_answers(KNEE))
    return todays_routine(seed, knee, doses or None)


@dataclass(frozen=True)
class CurrentPlan:
    """The routine the person follows now, and the prescription it is when a clinician
    prescribed it (None: the built-in or the person's own)."""

    routine: Routine
    prescription: Prescription | None = None


def current_plan(
    repository: Repository, entries: Iterable[RoutineEntry], now: datetime
) -> CurrentPlan:
    """The routine the person follows now, as their next session would run it (today's doses,
    the knee adaptation): the routine prescribed for them when there is one (the one their
    latest session ran, else the one prescribed last), else that of their latest session while
    its routine is still known, else the built-in one. What a clinician's export describes."""
    chosen = prescriptions.followed(repository)
    if chosen is not None:
        seed, prescription = chosen.routine, chosen.prescription
    else:
        latest = repository.summaries(limit=1)
        wanted = latest[0].session.routine_id if latest else DEFAULT_ROUTINE
        known = {entry.id: entry.routine for entry in entries if entry.routine is not None}
        seed, prescription = known.get(wanted) or known[DEFAULT_ROUTINE], None
    routine = prepare_today(repository, seed, now, repository.person.zone).routine
    return CurrentPlan(routine, prescription)


def current_routine(
    repository: Repository, entries: Iterable[RoutineEntry], now: datetime
) -> Routine:
    """The routine of current_plan."""
    return current_plan(repository, entries, now).routine
