"""Red-flag screening (docs/safety.md): the questions, what an answer calls for, whether the
programme is locked, and which questions are due again.

Every rule is a pure function of stored answers, clearances and the time, so it is tested without
a terminal or a database. The program gives actions, never diagnoses; it is not medical advice.
Red flags are weak tests on their own, so questions are asked again over time and a past "no" is
never taken as cleared for ever.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum

from backstretch.core.history import whole_number
from backstretch.core.settings import InvalidSetting

NOT_MEDICAL_ADVICE = (
    "backstretch is not medical advice. It does not diagnose anything; it tells you what to do "
    "next. If something feels wrong, stop and see a clinician."
)
EMERGENCY_ACTION = "Go to an emergency department or call your local emergency number now."
URGENT_ACTION = "Contact a doctor today or within 24 hours."
CLEARANCE_ACTION = "Check with your clinician before starting."
KNEE_ACTION = (
    "With a knee problem: do not sit right back onto your heels in Child's Pose, and use the "
    "kneeling-free hip flexor stretch."
)
RECORD_CLEARANCE = "backstretch check --cleared"
KNEE = "knee"  # the question whose latest yes adapts the routine (core/adaptations.py)


class Level(StrEnum):
    """What a yes to a question calls for."""

    EMERGENCY = "emergency"
    URGENT = "urgent"
    CLEARANCE = "clearance"  # not a red flag: check with a clinician before starting
    ADAPT = "adapt"  # not a red flag: the routine is changed to suit


@dataclass(frozen=True)
class Question:
    id: str
    level: Level
    text: str


@dataclass(frozen=True)
class AgeLimits:
    """Back pain that first started under `young` or over `old` is an urgent red flag (some
    lists use 55 rather than 50, so both are settings)."""

    young: int = 20
    old: int = 50


def parse_age_limits(text: str, name: str = "age limits") -> AgeLimits:
    """Limits from text like "20,55" (`check --age-limits`, the `safety.age_limits` setting)."""
    parts = [whole_number(part) for part in text.replace(" ", "").split(",")]
    young, old = parts if len(parts) == 2 else (None, None)
    if young is None or old is None or not 0 <= young < old:
        raise InvalidSetting(
            f"{name} must be two ages, the lower first, such as 20,50 or 20,55 (got {text!r})"
        )
    return AgeLimits(young, old)


def onset_age_is_red_flag(age_at_onset: int, limits: AgeLimits = AgeLimits()) -> bool:
    """True if back pain that first started at this age is a red flag (under 20 or over 50)."""
    return age_at_onset < limits.young or age_at_onset > limits.old


def questions(limits: AgeLimits = AgeLimits()) -> tuple[Question, ...]:
    """Every screening question in the order of docs/safety.md: emergency first (1-7), then
    urgent (8-19), then the clearance-first questions and the knee question."""
    emergency, urgent = Level.EMERGENCY, Level.URGENT
    return (
        Question("1", emergency, "Do you have new numbness, tingling or changed feeling between "
                 "your legs, around your genitals or back passage, in your buttocks or inner "
                 "thighs, or when wiping?"),
        Question("2", emergency, "Do you have new trouble peeing: hard to start or stop, cannot "
                 "feel it, cannot tell if your bladder is full, or cannot pee?"),
        Question("3", emergency, "Have you newly started leaking urine or stool, or lost control "
                 "of your bladder or bowels?"),
        Question("4", emergency, "Have you noticed a new change in sexual function (erection, "
                 "ejaculation, or feeling in the genitals)?"),
        Question("5", emergency, "Do you have pain, tingling, numbness or weakness in both legs, "
                 "or leg weakness that is getting worse, or trouble walking?"),
        Question("6", emergency, "Did the pain start after a serious accident or a major fall?"),
        Question("7", emergency, "Do you have chest pain together with the back pain?"),
        Question("8", urgent, "Do you have a fever, chills or shaking, or feel very unwell?"),
        Question("9", urgent, "Have you lost weight without trying?"),
        Question("10", urgent, "Have you ever had cancer?"),
        Question("11", urgent, "Is there a lump or swelling on your back, or has your back "
                 "changed shape?"),
        Question("12", urgent, "Is the pain there even when you rest or lie still, or is it "
                 "worse at night?"),
        Question("13", urgent, "Is the pain mainly between your shoulder blades rather than in "
                 "your low back?"),
        Question("14", urgent, "Does coughing, sneezing or opening your bowels make the back "
                 "pain clearly worse?"),
        Question("15", urgent, "Do you take steroid tablets long-term or drugs that weaken the "
                 "immune system, have HIV, or inject drugs?"),
        Question("16", urgent, "Do you have osteoporosis and did this pain start after a minor "
                 "fall, bump or lift?"),
        Question("17", urgent, "Have you recently had a bacterial infection, or do you have a "
                 "wound near your spine?"),
        Question("18", urgent, f"Did your back pain first start when you were under "
                 f"{limits.young} or over {limits.old}?"),
        Question("19", urgent, "Do you have numbness, pins and needles or weakness in one leg "
                 "that has not gone away after a week?"),
        Question("surgery", Level.CLEARANCE, "Have you had spine surgery in the last 12 months?"),
        Question("pregnancy", Level.CLEARANCE, "Are you pregnant?"),
        Question("osteoporosis", Level.CLEARANCE, "Do you have osteoporosis, or have you ever "
                 "broken a bone in your spine?"),
        Question(KNEE, Level.ADAPT, "Do you have a knee problem that makes kneeling or "
                 "sitting back onto your heels painful?"),
    )  # fmt: skip


QUESTION_LEVELS = {question.id: question.level for question in questions()}


@dataclass(frozen=True)
class ScreeningAnswer:
    """One yes/no answer, stored with when it was given; a screening is the answers given in
    one sitting (one `check`, or the quick questions before a session)."""

    screening_id: str
    question: str
    answer: bool
    answered_at: datetime


@dataclass(frozen=True)
class Clearance:
    """The person's record that a clinician has cleared them to do the routine."""

    id: str
    cleared_on: date
    recorded_at: datetime
    note: str = ""


@dataclass(frozen=True)
class SafetyStatus:
    """Where the person stands, from their latest answers and clearances."""

    screened: bool
    emergency: tuple[str, ...] = ()  # ids of questions whose latest answer calls for it
    urgent: tuple[str, ...] = ()
    clearance_first: tuple[str, ...] = ()
    knee: bool = False

    @property
    def locked(self) -> bool:
        """True when no session may start: an emergency or an uncleared urgent answer."""
        return bool(self.emergency or self.urgent)

    def refusal(self) -> str:
        """The one line `start` prints when it refuses."""
        if self.emergency:
            return (
                f"your screening calls for emergency care ({numbered(self.emergency)}): "
                f"{EMERGENCY_ACTION} When you have been seen, record it with "
                f"`{RECORD_CLEARANCE}`, or run `backstretch check` again if an answer was a mistake"
            )
        return (
            f"your screening calls for a doctor ({numbered(self.urgent)}): "
            f"{URGENT_ACTION} No session starts until a clinician has cleared you; record it "
            f"with `{RECORD_CLEARANCE}` (add --date YYYY-MM-DD if it was not today)"
        )


def numbered(ids: Sequence[str]) -> str:
    """ "question 3" or "questions 8, 10"."""
    return f"question{'s' if len(ids) > 1 else ''} {', '.join(ids)}"


def knee_problem(answers: Iterable[ScreeningAnswer]) -> bool:
    """True when the latest answer to the knee question is yes (the routine is then adapted).
    `answers` may be every answer or only those to the knee question: nothing else counts."""
    latest = latest_answers(answers).get(KNEE)
    return latest is not None and latest.answer


def latest_answers(answers: Iterable[ScreeningAnswer]) -> dict[str, ScreeningAnswer]:
    """Each question's most recent answer."""
    latest: dict[str, ScreeningAnswer] = {}
    for answer in sorted(answers, key=lambda a: a.answered_at):
        latest[answer.question] = answer
    return latest


def last_yes(answers: Iterable[ScreeningAnswer]) -> dict[str, datetime]:
    """When each question was last answered yes."""
    found: dict[str, datetime] = {}
    for answer in answers:
        if answer.answer and answer.answered_at >= found.get(answer.question, answer.answered_at):
            found[answer.question] = answer.answered_at
    return found


def cleared_after(
    moment: datetime, clearances: Iterable[Clearance], zone: tzinfo | None = None
) -> bool:
    """True if a clearance was recorded at or after `moment` (for the day of it or later, the
    person's day in `zone`; None: the machine's)."""
    day = moment.astimezone(zone).date()
    return any(c.recorded_at >= moment and c.cleared_on >= day for c in clearances)


def safety_status(
    answers: Sequence[ScreeningAnswer],
    clearances: Sequence[Clearance],
    zone: tzinfo | None = None,
) -> SafetyStatus:
    """The status from all stored answers and clearances; days are the person's, in `zone`.

    Design choice (documented in docs/safety.md): an emergency answer is resolved by a later
    screening where that question is answered no (a mistaken answer can be corrected, and the
    emergency questions are asked again) or by a clearance recorded after it. An urgent or
    clearance-first yes is resolved only by a clearance recorded after it: a later "no" does not
    unlock the programme, because docs/safety.md asks for a clinician's word.
    """
    latest = latest_answers(answers)
    yeses = last_yes(answers)
    uncleared = {q for q, at in yeses.items() if not cleared_after(at, clearances, zone)}

    def pending(level: Level) -> tuple[str, ...]:
        return tuple(q.id for q in questions() if q.level is level and q.id in uncleared)

    emergency = tuple(
        q for q in pending(Level.EMERGENCY) if latest[q].answer
    )  # a later "no" resolves an emergency answer
    return SafetyStatus(
        bool(answers),
        emergency,
        pending(Level.URGENT),
        pending(Level.CLEARANCE),
        knee_problem(latest.values()),
    )


@dataclass(frozen=True)
class Intervals:
    """How often questions are asked again (settings): the emergency questions quickly before a
    session when the last answers are older than `quick`, the rest every `full`."""

    quick: timedelta = timedelta(days=1)
    full: timedelta = timedelta(days=7)


def due_questions(
    answers: Sequence[ScreeningAnswer],
    now: datetime,
    intervals: Intervals = Intervals(),
    limits: AgeLimits = AgeLimits(),
) -> tuple[Question, ...]:
    """The questions to ask now, in screening order: every question never answered, the
    emergency questions last answered more than `quick` ago and the others more than `full` ago.
    """
    latest = latest_answers(answers)

    def due(question: Question) -> bool:
        answer = latest.get(question.id)
        if answer is None:
            return True
        every = intervals.quick if question.level is Level.EMERGENCY else intervals.full
        return now - answer.answered_at > every

    return tuple(question for question in questions(limits) if due(question))


def action_for(level: Level) -> str:
    """What to do after a yes to a question of this level."""
    return {
        Level.EMERGENCY: EMERGENCY_ACTION,
        Level.URGENT: URGENT_ACTION,
        Level.CLEARANCE: CLEARANCE_ACTION,
        Level.ADAPT: KNEE_ACTION,
    }[level]


def parse_answer(text: str) -> bool | None:
    """y/yes → True, n/no → False, anything else → None."""
    word = text.strip().lower()
    if word in ("y", "yes"):
        return True
    if word in ("n", "no"):
        return False
    return None
