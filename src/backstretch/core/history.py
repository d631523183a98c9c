"""The history model: sessions, their holds and pain ratings, as stored and exported.

A *hold record* keeps planned and held seconds side by side, one per hold of a session. A pain
rating is a whole number from 0 (no pain) to 10 (worst possible) with its context (docs/safety.md).
Timestamps are aware datetimes; they are stored as fixed-width UTC text so they sort as text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from backstretch.core.errors import BackstretchError


def new_id() -> str:
    """A new record id: random, so records made on two machines never collide on import."""
    import uuid  # here: quick commands that only read never pay for it

    return str(uuid.uuid4())


if TYPE_CHECKING:  # types only: `pain` and `history` do not load the safety rules
    from collections.abc import Iterable

    from backstretch.core.outcomes import QuestionnaireResponse
    from backstretch.core.pain_rules import PainReport
    from backstretch.core.progression import DoseChange
    from backstretch.core.routine import Exercise, Routine
    from backstretch.core.safety import Clearance, ScreeningAnswer


class InvalidRecord(BackstretchError):
    """A history value that does not fit: a pain level out of range, an unknown status."""


class SessionStatus(StrEnum):
    COMPLETED = "completed"
    PARTIAL = "partial"
    IN_PROGRESS = "in_progress"


class PainContext(StrEnum):
    """When a rating was taken: next morning, before or after a session, usual pain over 24 h."""

    MORNING = "morning"
    BEFORE = "before"
    AFTER = "after"
    USUAL = "usual"


Choice = TypeVar("Choice", bound=StrEnum)
PAIN_RANGE = "a whole number from 0 (no pain) to 10 (worst possible)"


@dataclass(frozen=True)
class PhaseDose:
    name: str
    hold_seconds: float


@dataclass(frozen=True)
class Dose:
    """The dose of one stretch exactly as used in a session (routines change; history doesn't)."""

    exercise: str
    name: str
    hold_seconds: float
    reps: int
    sides: str
    phases: tuple[PhaseDose, ...] = ()
    holds: int = 0  # holds of this stretch planned in one session


@dataclass(frozen=True)
class SessionRecord:
    id: str
    routine_id: str
    routine_name: str
    started_at: datetime
    doses: tuple[Dose, ...] = ()
    ended_at: datetime | None = None
    status: SessionStatus = SessionStatus.IN_PROGRESS
    speed: float = 1.0
    pain_before: int | None = None
    pain_after: int | None = None

    @property
    def holds_planned(self) -> int:
        return sum(dose.holds for dose in self.doses)


@dataclass(frozen=True)
class HoldRecord:
    """One hold of a session, completed or skipped; stored once per session and hold number."""

    session_id: str
    hold_number: int
    exercise: str
    rep: int
    phase: str
    planned_seconds: float
    held_seconds: float
    completed: bool
    recorded_at: datetime
    side: str | None = None
    in_position_seconds: float | None = None  # as the camera check measured; None: camera off


@dataclass(frozen=True)
class InPosition:
    """How long holds were held in position, as the camera check counted, of how long they
    were planned: the holds held with the camera off take no part."""

    seconds: float
    planned_seconds: float
    holds: int

    @classmethod
    def of_sums(cls, seconds: float, planned_seconds: float, holds: int) -> InPosition:
        """From the sums over the measured holds, as a database adds them up."""
        return cls(round(float(seconds), 1), round(float(planned_seconds), 1), int(holds))

    @property
    def words(self) -> str:
        """E.g. "held in position 27 of 30 s"."""
        return f"held in position {tenths(self.seconds)} of {tenths(self.planned_seconds)} s"

    @property
    def line(self) -> str:
        """E.g. "camera check: held in position 27 of 30 s (2 holds)": the history's line."""
        from backstretch.core.units import counted

        return f"camera check: {self.words} ({counted(self.holds, 'hold')})"


def tenths(seconds: float) -> str:
    """27.0 -> "27", 27.44 -> "27.4": to the tenth, without a trailing zero."""
    return f"{seconds:.1f}".removesuffix(".0")


def in_position(holds: Iterable[HoldRecord]) -> InPosition | None:
    """The in-position seconds of those `holds` the camera check measured, or None if it
    measured none of them (the camera was off throughout)."""
    measured = [hold for hold in holds if hold.in_position_seconds is not None]
    if not measured:
        return None
    seconds = sum(hold.in_position_seconds or 0.0 for hold in measured)
    planned = sum(hold.planned_seconds for hold in measured)
    return InPosition.of_sums(seconds, planned, len(measured))


@dataclass(frozen=True)
class PainRating:
    id: str
    level: int
    context: PainContext
    recorded_at: datetime
    note: str = ""
    session_id: str | None = None


@dataclass(frozen=True)
class SessionSummary:
    """A session with its hold counts, as `history` lists it."""

    session: SessionRecord
    holds_completed: int
    holds_skipped: int
    seconds_held: float

    @property
    def id(self) -> str:
        return self.session.id


@dataclass(frozen=True)
class ExerciseTotal:
    """One stretch over a period: holds planned, completed and skipped, wall seconds held."""

    exercise: str
    name: str
    holds_planned: int
    holds_completed: int
    holds_skipped: int
    seconds_held: float


@dataclass(frozen=True)
class History:
    """Everything a person has recorded: what export writes and import reads, safety records
    included (pain reported during a session, red-flag answers, clearances, dose changes), and
    the outcome questionnaires answered."""

    sessions: tuple[SessionRecord, ...] = ()
    holds: tuple[HoldRecord, ...] = ()
    pain: tuple[PainRating, ...] = ()
    settings: dict[str, str] = field(default_factory=dict)
    pain_reports: tuple[PainReport, ...] = ()
    screening_answers: tuple[ScreeningAnswer, ...] = ()
    clearances: tuple[Clearance, ...] = ()
    dose_changes: tuple[DoseChange, ...] = ()
    questionnaire_responses: tuple[QuestionnaireResponse, ...] = ()


@dataclass(frozen=True)
class ImportCounts:
    """How many records of each kind an import added (what was already stored is not counted)."""

    sessions: int = 0
    holds: int = 0
    pain: int = 0
    settings: int = 0
    pain_reports: int = 0
    screening_answers: int = 0
    clearances: int = 0
    dose_changes: int = 0
    questionnaire_responses: int = 0

    @property
    def total(self) -> int:
        return sum(getattr(self, name) for name in self.__dataclass_fields__)


# -- checking values ----------------------------------------------------------------------------
MAX_DIGITS = 18  # no whole number backstretch keeps is longer; int() of 5,000 digits raises


def whole_number(value: object) -> int | None:
    """An int, or text of decimal digits (with an optional minus), as an int; else None.

    Text such as "³" passes str.isdigit() yet int() refuses it, and int() of thousands of digits
    raises, so only short runs of decimal digits are converted."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    digits = text[1:] if text.startswith("-") else text
    if digits.isdecimal() and len(digits) <= MAX_DIGITS:
        return int(text)
    return None


def shown_value(value: object, limit: int = 40) -> str:
    """A bad value as a message shows it: text as typed, anything else as Python writes it,
    cut short so that a value of thousands of characters stays a one-line message."""
    shown = value if isinstance(value, str) else repr(value)
    return shown if len(shown) <= limit else shown[:limit] + "…"


def check_pain_level(value: object) -> int:
    """The pain level as an int, or InvalidRecord naming the bad value and what is allowed."""
    level = whole_number(value)
    if level is None or not 0 <= level <= 10:
        raise InvalidRecord(f"pain must be {PAIN_RANGE} (got {shown_value(value)})")
    return level


def check_choice(kind: type[Choice], value: object, what: str) -> Choice:
    if isinstance(value, str) and value in kind._value2member_map_:
        return kind(value)
    allowed = ", ".join(member.value for member in kind)
    raise InvalidRecord(f"{what} must be one of {allowed} (got {value!r})")


def choose_hold(existing: HoldRecord | None, new: HoldRecord) -> HoldRecord:
    """The hold to keep when one is recorded twice: the first, unless a completed hold comes
    after a skipped one (a completed hold is never undone, and never stored twice)."""
    return new if existing is None or (new.completed and not existing.completed) else existing


# -- timestamps ---------------------------------------------------------------------------------
def format_timestamp(moment: datetime) -> str:
    """Fixed-width UTC text, e.g. 2026-01-05T07:00:00.000000+00:00 (sorts as it reads)."""
    if moment.tzinfo is None:
        raise InvalidRecord(f"timestamps must carry a time zone (got {moment.isoformat()})")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse_timestamp(text: str) -> datetime:
    """An aware datetime from ISO 8601 text (naive text is taken as UTC)."""
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise InvalidRecord(f"a timestamp must be ISO 8601 text (got {text!r})") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


# -- doses --------------------------------------------------------------------------------------
def dose_of(exercise: Exercise) -> Dose:
    phases = tuple(PhaseDose(p.name, p.hold_seconds) for p in exercise.phases)
    return Dose(
        exercise.id,
        exercise.name,
        exercise.hold_seconds,
        exercise.reps,
        exercise.sides.value,
        phases,
        exercise.holds_per_session,
    )


def doses_of(routine: Routine) -> tuple[Dose, ...]:
    return tuple(dose_of(exercise) for exercise in routine.exercises)


def doses_as_data(doses: tuple[Dose, ...]) -> list[dict[str, Any]]:
    return [
        {
            "exercise": d.exercise,
            "name": d.name,
            "hold_seconds": d.hold_seconds,
            "reps": d.reps,
            "sides": d.sides,
            "phases": [{"name": p.name, "hold_seconds": p.hold_seconds} for p in d.phases],
            "holds": d.holds,
        }
        for d in doses
    ]


def doses_from_data(data: object) -> tuple[Dose, ...]:
    """Doses read back from JSON data; InvalidRecord if the shape is wrong."""
    if not isinstance(data, list):
        raise InvalidRecord("doses must be a list of stretches")
    try:
        return tuple(
            Dose(
                str(d["exercise"]),
                str(d["name"]),
                float(d["hold_seconds"]),
                int(d["reps"]),
                str(d["sides"]),
                tuple(
                    PhaseDose(str(p["name"]), float(p["hold_seconds"])) for p in d.get("phases", [])
                ),
                int(d.get("holds", 0)),
            )
            for d in data
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise InvalidRecord(
            f"doses: each stretch needs exercise, name, hold_seconds, reps and "
            f"sides ({type(error).__name__}: {error})"
        ) from None
