"""Dose progression and regression (docs/safety.md), opt-in and transparent.

DESIGN HEURISTIC, not a validated rule: at most every 3 days, and only if there are no red flags,
every session in those days stayed within the pain limits and pain settled by the next morning,
each stretch goes up one step: +5 s hold while the hold is under its cap (30 s; 60 s for people
65 or older), else +1 rep, never past about 90 s in total per side. After a flare (pain above 5
during a stretch, or morning pain above the usual level) the stretch, or every stretch, goes back
one step. The seed's doses are the floor and always available unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from backstretch.core import settings
from backstretch.core.history import shown_value, whole_number
from backstretch.core.routine import Exercise, Routine

HOLD_STEP_SECONDS = 5.0
REP_STEP = 1
MIN_DAYS_BETWEEN_STEPS = 3
MIN_SESSIONS = 2  # sessions needed in those days before a step up (a design choice)
TOTAL_CAP_SECONDS = 90.0
OLDER_ADULT_AGE = 65
SESSION_PAIN_LIMIT = 5  # above 5 after a session is outside the limits, as during one

Dose = tuple[float, int]  # (hold seconds, reps)
PROGRESS_SETTING = settings.PROGRESSION_ON_SINCE  # when progression was turned on; absent: off
MIN_AGE, MAX_AGE = 1, 120


@dataclass(frozen=True)
class Caps:
    hold_seconds: float = 30.0
    total_seconds: float = TOTAL_CAP_SECONDS


def parse_age(text: str) -> int:
    """The age `plan --age` records (the `progression.age` setting): a whole number, 1 to 120."""
    age = whole_number(text)
    if age is None or not MIN_AGE <= age <= MAX_AGE:
        raise settings.InvalidSetting(
            f"age must be a whole number from {MIN_AGE} to {MAX_AGE} (got {shown_value(text)!r})"
        )
    return age


def caps_for(age: int | None) -> Caps:
    """30 s holds; 60 s for people who say they are 65 or older (ACSM)."""
    return Caps(60.0) if age is not None and age >= OLDER_ADULT_AGE else Caps()


@dataclass(frozen=True)
class DoseChange:
    """One change of one stretch's dose, stored and shown with its reason."""

    id: str
    exercise: str
    hold_before: float
    hold_after: float
    reps_before: int
    reps_after: int
    reason: str
    changed_at: datetime

    def describe(self, name: str | None = None) -> str:
        """E.g. "Hip Flexor: holds go from 10 s to 15 s because ..."."""
        parts = []
        if self.hold_after != self.hold_before:
            parts.append(f"holds go from {self.hold_before:g} s to {self.hold_after:g} s")
        if self.reps_after != self.reps_before:
            parts.append(f"reps go from {self.reps_before} to {self.reps_after}")
        return (
            f"{name or self.exercise}: {' and '.join(parts) or 'no change'} because {self.reason}"
        )


def seconds_per_side(exercise: Exercise, hold: float, reps: int) -> float:
    """Total time held per side in one session: what matters more than the split (ACSM)."""
    return hold * reps * max(1, len(exercise.phases))


def step_up(exercise: Exercise, dose: Dose, caps: Caps) -> Dose | None:
    """The next dose up, or None at the caps."""
    hold, reps = dose
    longer = hold + HOLD_STEP_SECONDS
    if (
        longer <= caps.hold_seconds
        and seconds_per_side(exercise, longer, reps) <= caps.total_seconds
    ):
        return (longer, reps)
    if seconds_per_side(exercise, hold, reps + REP_STEP) <= caps.total_seconds:
        return (hold, reps + REP_STEP)
    return None


def step_down(exercise: Exercise, dose: Dose) -> Dose | None:
    """One step back (reps first, as they were added last), never below the seed's dose."""
    hold, reps = dose
    if reps > exercise.reps:
        return (hold, reps - REP_STEP)
    if hold > exercise.hold_seconds:
        return (max(exercise.hold_seconds, hold - HOLD_STEP_SECONDS), reps)
    return None


def current_doses(seed: Routine, changes: Sequence[DoseChange]) -> dict[str, Dose]:
    """Each stretch's dose: the seed's, with the stored changes applied in order."""
    doses = {e.id: (e.hold_seconds, e.reps) for e in seed.exercises}
    for change in sorted(changes, key=lambda c: c.changed_at):
        if change.exercise in doses:
            doses[change.exercise] = (change.hold_after, change.reps_after)
    return doses


@dataclass(frozen=True)
class SessionOutcome:
    """What progression needs to know about one session."""

    day: date
    stopped_for_pain: tuple[str, ...] = ()  # stretches stopped with the "this hurts" key
    pain_after: int | None = None


@dataclass(frozen=True)
class Flare:
    at: datetime
    reason: str
    exercise: str | None = None  # None: every stretch


@dataclass(frozen=True)
class Proposal:
    """What to do today: the new doses per stretch (empty for no change) and why."""

    doses: Mapping[str, Dose]
    reason: str
    direction: str  # "up", "down" or "same"


def proposal(
    seed: Routine,
    doses: Mapping[str, Dose],
    today: date,
    since: date,
    sessions: Sequence[SessionOutcome],
    mornings_settled: Mapping[date, bool],
    flares: Sequence[Flare],
    red_flags: bool,
    caps: Caps,
) -> Proposal:
    """Today's dose decision. `since` is the day of the last change (or the day progression was
    turned on); `flares` are those after the last change; `mornings_settled` says, per day with a
    morning rating, whether pain was back to the usual level."""
    if red_flags:
        return Proposal({}, "your screening asks you to see a clinician first", "same")
    if flares:
        return _regress(seed, doses, flares[-1])
    waited = (today - since).days
    if waited < MIN_DAYS_BETWEEN_STEPS:
        left = MIN_DAYS_BETWEEN_STEPS - waited
        return Proposal({}, f"doses change at most every 3 days ({left} more to go)", "same")
    window = [s for s in sessions if since <= s.day < today]
    problem = _window_problem(window, mornings_settled, today)
    if problem:
        return Proposal({}, problem, "same")
    raised = {e.id: up for e in seed.exercises if (up := step_up(e, doses[e.id], caps))}
    if not raised:
        return Proposal({}, "every stretch is at its cap", "same")
    reason = (
        f"the last {waited} days had {len(window)} sessions within the pain limits "
        "and your back settled by each next morning"
    )
    return Proposal(raised, reason, "up")


def _regress(seed: Routine, doses: Mapping[str, Dose], flare: Flare) -> Proposal:
    chosen = [e for e in seed.exercises if flare.exercise in (None, e.id)]
    lowered = {e.id: down for e in chosen if (down := step_down(e, doses[e.id]))}
    return Proposal(lowered, f"{flare.reason} (going back one step)", "down" if lowered else "same")


def _window_problem(
    window: Sequence[SessionOutcome], mornings_settled: Mapping[date, bool], today: date
) -> str | None:
    if len(window) < MIN_SESSIONS:
        return f"at least {MIN_SESSIONS} sessions are needed since the last change ({len(window)})"
    for session in window:
        if session.pain_after is not None and session.pain_after > SESSION_PAIN_LIMIT:
            return f"pain after the session on {session.day} was above {SESSION_PAIN_LIMIT}"
        morning = session.day + timedelta(days=1)
        if morning <= today and morning not in mornings_settled:
            return f"there is no morning pain rating for {morning} to show your back settled"
    return None


def flares_since(
    changed_at: datetime,
    stops: Sequence[tuple[datetime, str]],
    unsettled_mornings: Sequence[tuple[datetime, int, int]],
    zone: tzinfo | None = None,
) -> list[Flare]:
    """Flares after `changed_at`, oldest first: stretches stopped for pain (time, stretch) and
    unsettled mornings (time, morning level, usual level); days named in the person's `zone`."""
    flares = [
        Flare(at, f"a stretch hurt too much on {at.astimezone(zone).date()}", exercise)
        for at, exercise in stops
        if at > changed_at
    ]
    flares += [
        Flare(
            at,
            f"morning pain on {at.astimezone(zone).date()} ({level}) was above your usual "
            f"level ({usual})",
        )
        for at, level, usual in unsettled_mornings
        if at > changed_at
    ]
    return sorted(flares, key=lambda flare: flare.at)
