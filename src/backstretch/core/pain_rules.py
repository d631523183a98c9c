"""Pain monitoring (docs/safety.mdand the time-based "see a clinician soon" rules of §1).

The in-session traffic light comes from tendon rehabilitation (Silbernagel et al. 2007) and clinic
schemes: it is presented as a guide. Rules marked DESIGN HEURISTIC below are the project's choices,
not validated clinical rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from backstretch.core.history import PainContext, PainRating
from backstretch.core.stats import WeeklyPain, is_important_improvement, weekly_pain

EASE_OFF = "Ease off a little; do not go further into the stretch."
STOP_STRETCH = "Stop this stretch now and skip it for today."
CARRY_ON = "Carry on gently; aim for tightness or slight discomfort."
SEE_CLINICIAN_SOON = "Please arrange to see a clinician (a GP or physiotherapist) soon."
NO_IMPROVEMENT_DAYS = 14  # NHS inform: "about 2 weeks"


class PainKind(StrEnum):
    """The kind of pain felt during a stretch."""

    SHARP = "sharp"  # sharp, shooting or electric
    TINGLING = "tingling"  # tingling or numbness in a leg
    NEITHER = "neither"


KIND_TEXT = {
    PainKind.SHARP: "sharp, shooting or electric",
    PainKind.TINGLING: "tingling or numbness in a leg",
    PainKind.NEITHER: "neither sharp nor tingling",
}
PAIN_LEVELS = range(11)  # 0 (no pain) to 10 (worst possible)


class PainAction(StrEnum):
    CARRY_ON = "carry_on"
    EASE_OFF = "ease_off"
    STOP = "stop"


def in_session_action(level: int, kind: PainKind = PainKind.NEITHER) -> PainAction:
    """0-3 carry on; 4-5 ease off; above 5, or sharp/shooting/electric pain, or tingling or
    numbness in a leg: stop that stretch now and skip it for today."""
    if level > 5 or kind is not PainKind.NEITHER:
        return PainAction.STOP
    if level >= 4:
        return PainAction.EASE_OFF
    return PainAction.CARRY_ON


def action_table() -> dict[str, list[str]]:
    """The rule as data for a front end that must decide alone (the browser with the server
    away): for each kind of pain, the action at each level 0-10."""
    return {
        kind.value: [in_session_action(n, kind).value for n in PAIN_LEVELS] for kind in PainKind
    }


ACTION_TEXT = {
    PainAction.CARRY_ON: CARRY_ON,
    PainAction.EASE_OFF: EASE_OFF,
    PainAction.STOP: STOP_STRETCH,
}


ACTION_DONE = {
    PainAction.STOP: "stretch stopped and skipped for today",
    PainAction.EASE_OFF: "told to ease off and go no further into the stretch",
    PainAction.CARRY_ON: "carried on",
}


def report_note(exercise: str, level: int, kind: PainKind, action: PainAction) -> str:
    """The note stored with a pain report: what was felt during which stretch, and what was done
    (the same words whether the terminal or the browser recorded it)."""
    return f"during {exercise}: pain {level}/10, {kind.value}; {ACTION_DONE[action]}"


def parse_pain_kind(text: str) -> PainKind | None:
    """s/sharp → SHARP, t/tingling → TINGLING, n/neither/Enter → NEITHER, else None."""
    word = text.strip().lower()
    for kind in PainKind:
        if word in (kind.value, kind.value[0]):
            return kind
    return PainKind.NEITHER if word in ("", "no", "none") else None


@dataclass(frozen=True)
class PainReport:
    """Pain reported during a session with the "this hurts" key, and what was done about it."""

    id: str
    session_id: str | None
    exercise: str
    level: int
    kind: PainKind
    action: PainAction
    recorded_at: datetime
    note: str = ""


# -- mornings -----------------------------------------------------------------------------------
def usual_level(ratings: Sequence[PainRating]) -> int | None:
    """The usual pain level: the latest 'usual' rating, else the baseline (the first rating of
    any kind), else None when nothing is recorded."""
    usual = [r for r in ratings if r.context is PainContext.USUAL]
    if usual:
        return max(usual, key=lambda r: r.recorded_at).level
    return min(ratings, key=lambda r: r.recorded_at).level if ratings else None


def is_unsettled(morning_level: int, usual: int | None) -> bool:
    """Morning pain higher than the usual level: not settled after the last session."""
    return usual is not None and morning_level > usual


def morning_levels(ratings: Iterable[PainRating], zone: tzinfo | None = None) -> dict[date, int]:
    """Each day's morning rating (the latest of the day, by the person's day in `zone`)."""
    mornings: dict[date, int] = {}
    for rating in sorted(ratings, key=lambda r: r.recorded_at):
        if rating.context is PainContext.MORNING:
            mornings[rating.recorded_at.astimezone(zone).date()] = rating.level
    return mornings


def unsettled_mornings_in_a_row(
    mornings: dict[date, int], usual: int | None, today: date, count: int = 2
) -> bool:
    """DESIGN HEURISTIC (docs/safety.md), not a validated rule: pain not settled on `count`
    mornings in a row (consecutive days, the last of them today or yesterday)."""
    for end in (today, today - timedelta(days=1)):
        days = [end - timedelta(days=n) for n in range(count)]
        if all(day in mornings and is_unsettled(mornings[day], usual) for day in days):
            return True
    return False


# -- weeks and improvement ----------------------------------------------------------------------
def weekly_average_rising(daily: Iterable[tuple[date, int, int]], today: date) -> bool:
    """DESIGN HEURISTIC (docs/safety.md), not a validated rule: the weekly pain average (weeks
    from Monday) rose two weeks running: the last three weeks, up to this one, each have ratings
    and each average is higher than the one before."""
    return weeks_rising(weekly_pain(daily), today)


def weeks_rising(weeks: Sequence[WeeklyPain], today: date) -> bool:
    """`weekly_average_rising` from weekly averages already worked out (oldest first)."""
    if len(weeks) < 3:
        return False
    last = weeks[-3:]
    this_monday = today - timedelta(days=today.weekday())
    consecutive = all(
        last[n].week_start == this_monday - timedelta(weeks=2 - n) for n in range(3)
    ) or all(last[n].week_start == this_monday - timedelta(weeks=3 - n) for n in range(3))
    return consecutive and last[0].average < last[1].average < last[2].average


def no_improvement(
    first_session: date | None,
    today: date,
    baseline: float | None,
    recent_average: float | None,
    days: int = NO_IMPROVEMENT_DAYS,
) -> bool:
    """No important improvement (a drop of 2 points or 30 %, docs/safety.md) after about two
    weeks of the routine (NHS inform). Only when the baseline shows pain to improve on."""
    if first_session is None or baseline is None or recent_average is None or baseline <= 0:
        return False
    if (today - first_session).days < days:
        return False
    return not is_important_improvement(baseline, recent_average)


def recent_average(
    ratings: Sequence[PainRating], today: date, days: int = 7, zone: tzinfo | None = None
) -> float | None:
    """The average of the ratings of the last `days` days (any context but 'after'), by the
    person's day in `zone`."""
    first = today - timedelta(days=days - 1)
    levels = [
        r.level
        for r in ratings
        if r.context is not PainContext.AFTER
        and first <= r.recorded_at.astimezone(zone).date() <= today
    ]
    return sum(levels) / len(levels) if levels else None


ADVICE_LOOKBACK_DAYS = 7  # the rules read the last 7 days (recent_average) and 3 mornings


def advice_since(today: date) -> datetime:
    """The local midnight from which `clinician_advice` reads every rating (a day to spare)."""
    return datetime.combine(today - timedelta(days=ADVICE_LOOKBACK_DAYS), time()).astimezone()


def advice_ratings(ratings: Sequence[PainRating], since: datetime) -> list[PainRating]:
    """The ratings `clinician_advice` can look at on a day whose `advice_since` is `since`:
    every rating since then, the first rating, the first not taken after a session (the
    baseline) and the latest usual one. Giving the rules only these changes no advice, and a
    repository reads a few rows instead of years of them (Repository.advice_ratings)."""
    ordered = sorted(ratings, key=lambda r: r.recorded_at)
    rated = [r for r in ordered if r.context is not PainContext.AFTER]
    usual = [r for r in ordered if r.context is PainContext.USUAL]
    anchors = [ordered[:1], rated[:1], [max(usual, key=lambda r: r.recorded_at)] if usual else []]
    chosen = {id(r) for group in anchors for r in group}
    return [r for r in ordered if r.recorded_at >= since or id(r) in chosen]


def clinician_advice(
    ratings: Sequence[PainRating],
    weeks: Sequence[WeeklyPain],
    first_session: date | None,
    today: date,
    zone: tzinfo | None = None,
) -> list[str]:
    """Every time-based reason to see a clinician soon, as plain sentences (empty if none).

    `ratings` may be just `advice_ratings` of them; `weeks` are the weekly averages of the
    ratings not taken after a session (core.stats.weekly_pain).
    `today` and the days are the person's, in `zone` (None: the machine's)."""
    reasons: list[str] = []
    usual = usual_level(ratings)
    if unsettled_mornings_in_a_row(morning_levels(ratings, zone), usual, today):
        reasons.append("Your back has not settled by the morning two days in a row.")
    if weeks_rising(weeks, today):
        reasons.append("Your weekly pain average has risen two weeks running.")
    rated = [r for r in ratings if r.context is not PainContext.AFTER]
    baseline = min(rated, key=lambda r: r.recorded_at).level if rated else None
    if no_improvement(first_session, today, baseline, recent_average(ratings, today, zone=zone)):
        reasons.append("Your pain has not clearly improved after about two weeks of the routine.")
    return [f"{reason} {SEE_CLINICIAN_SOON}" for reason in reasons]
