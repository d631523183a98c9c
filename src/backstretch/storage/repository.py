"""The repository: the one interface the rest of backstretch uses to keep and read history.

Three implementations pass the same contract tests (tests/storage/test_contract.py):
`MemoryRepository` (for tests and fakes), `SqliteRepository` (the standard library's sqlite3, the
default: it starts in milliseconds) and `SqlAlchemyRepository` (any database SQLAlchemy knows,
such as PostgreSQL). Every writing method is one transaction, committed before it returns.

A repository is bound to one person (`person`): every read is of that person's records only, and
every write is stored as theirs, with its calendar day in their time zone. So the front ends and
the use cases, which take a `Repository`, cannot mix people up. `open_repository` gives the local
person's; a server's composition root holds the `People` side of the same object to add people
and hand each request the repository of its person (`for_person`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol

from backstretch.core.errors import BackstretchError
from backstretch.core.history import (
    ExerciseTotal,
    History,
    HoldRecord,
    ImportCounts,
    InPosition,
    PainContext,
    PainRating,
    SessionRecord,
    SessionStatus,
    SessionSummary,
)
from backstretch.core.person import Person

if TYPE_CHECKING:  # types only: `pain` and `history` must not pay for loading the safety rules
    from backstretch.core.alerts import AlertMark
    from backstretch.core.outcomes import QuestionnaireResponse
    from backstretch.core.pain_rules import PainReport
    from backstretch.core.prescription import Prescription
    from backstretch.core.progression import DoseChange
    from backstretch.core.safety import Clearance, ScreeningAnswer


class StorageError(BackstretchError):
    """The database cannot be used: busy for too long, unreadable, or written by a newer version."""


class SessionNotFound(BackstretchError):
    """No session has the given id."""


class Repository(Protocol):
    """Keeps one person's sessions, holds, pain ratings and settings. Writes are committed at
    once."""

    @property
    def person(self) -> Person:
        """Whose records these are, with their time zone as stored now (a setting)."""
        ...

    # -- writing ---------------------------------------------------------------------------
    def add_session(self, session: SessionRecord, ratings: Sequence[PainRating] = ()) -> None:
        """Store a new session, and any pain ratings taken with it, in one transaction."""
        ...

    def update_session(
        self,
        session_id: str,
        *,
        status: SessionStatus,
        ended_at: datetime | None,
        pain_after: int | None,
        ratings: Sequence[PainRating] = (),
    ) -> None:
        """Set a session's status, end and pain after (with its ratings in the same
        transaction); SessionNotFound if there is no such session."""
        ...

    def record_hold(self, hold: HoldRecord) -> None:
        """Store one hold, committed at once. A hold recorded again for the same session and hold
        number is stored once: a completed hold replaces a skipped one, never the reverse."""
        ...

    def add_pain(self, rating: PainRating) -> None: ...

    def set_setting(self, key: str, value: str | None) -> None:
        """Set a setting; None removes it."""
        ...

    def import_history(self, history: History) -> ImportCounts:
        """Add what is new, all or nothing: sessions, ratings, pain reports, clearances, dose
        changes and questionnaire responses by id, screening answers by screening and question,
        holds by session and hold number (completed wins), settings only where not set. Returns
        what was added. Settings go in first, so the records' days follow the time zone the
        person has once it is done.
        Nothing is checked here beyond what the tables require: the file reader checks values."""
        ...

    def add_screening(self, answers: Sequence[ScreeningAnswer]) -> None:
        """Store the answers of one screening, all or nothing."""
        ...

    def add_clearance(self, clearance: Clearance) -> None: ...

    def add_dose_changes(self, changes: Sequence[DoseChange]) -> None:
        """Store the dose changes decided together, all or nothing."""
        ...

    def add_pain_report(self, report: PainReport) -> None:
        """Store pain reported during a session; SessionNotFound if its session is unknown."""
        ...

    def add_questionnaire_response(self, response: QuestionnaireResponse) -> None:
        """Store one completed questionnaire; StorageError if its id is taken."""
        ...

    def mark_alert(self, mark: AlertMark) -> bool:
        """Store that a clinician acknowledged (or was e-mailed about) an alert raised by these
        records; False, and the first mark kept, when that clinician already has that mark."""
        ...

    def add_prescription(self, prescription: Prescription) -> None:
        """Store a version of a prescribed routine; StorageError if that version is taken."""
        ...

    # -- reading ---------------------------------------------------------------------------
    def prescriptions(self, routine_id: str | None = None) -> list[Prescription]:
        """Every prescribed routine version (of `routine_id` only, when given), by routine id
        and then version."""
        ...

    def alert_marks(self, clinician: str | None = None) -> list[AlertMark]:
        """The marks on alerts raised by these records (by `clinician` only, when given),
        oldest first."""
        ...

    def questionnaire_responses(self) -> list[QuestionnaireResponse]:
        """Every questionnaire response, of either questionnaire, oldest first."""
        ...

    def screening_answers(self, question: str | None = None) -> list[ScreeningAnswer]:
        """Every screening answer (to `question` only, when given), oldest first."""
        ...

    def clearances(self) -> list[Clearance]:
        """Every clearance, in the order recorded."""
        ...

    def dose_changes(self) -> list[DoseChange]:
        """Every dose change, oldest first."""
        ...

    def pain_reports(self, since: datetime | None = None) -> list[PainReport]:
        """Pain reported during sessions (since `since`, when given), oldest first."""
        ...

    def get_setting(self, key: str) -> str | None: ...

    def session(self, session_id: str) -> SessionRecord | None: ...

    def summaries(
        self, limit: int | None = None, since: datetime | None = None
    ) -> list[SessionSummary]:
        """Sessions with their hold counts, newest first."""
        ...

    def holds(self, session_id: str) -> list[HoldRecord]:
        """A session's holds in hold-number order."""
        ...

    def in_position(self, session_ids: Collection[str]) -> dict[str, InPosition]:
        """For each of these sessions the camera check measured some hold of, how long its
        holds were held in position (core/history.py, `in_position`); one read for them all."""
        ...

    def active_session_days(self) -> list[date]:
        """The calendar day of each session with at least one completed hold, oldest first (one
        entry per session). Days are the person's, in their time zone when it was stored."""
        ...

    def pain_ratings(self) -> list[PainRating]:
        """Every pain rating, oldest first."""
        ...

    def advice_ratings(self, since: datetime) -> list[PainRating]:
        """The ratings the see-a-clinician rules read, oldest first: every rating since
        `since`, the first rating, the first not taken after a session and the latest usual one
        (core.pain_rules.advice_ratings says why these are enough)."""
        ...

    def daily_pain(self, contexts: Collection[PainContext]) -> list[tuple[date, int, int]]:
        """(day, sum of levels, number of ratings) per calendar day of the person (as stored),
        oldest first, of the ratings taken in these contexts: the lean read a trend needs."""
        ...

    def exercise_totals(self, since: datetime) -> list[ExerciseTotal]:
        """Per stretch, over sessions started since `since`: holds planned, completed, skipped and
        wall seconds held (held seconds divided by the session's speed), in routine order."""
        ...

    def export_history(self) -> History:
        """Everything, in a stable order: sessions by start, holds by session and number, the
        other records as their readers list them."""
        ...

    def close(self) -> None: ...


class People(Protocol):
    """The people of one database, for a server's composition root (never for a use case)."""

    def people(self) -> list[Person]:
        """Everyone, by id, with their time zones."""
        ...

    def add_person(self, person: Person) -> None:
        """Add someone (their time zone, if given, as their setting); StorageError if the id is
        taken."""
        ...

    def remove_person(self, person_id: str) -> None:
        """Erase the person and every record of theirs, in one transaction (nothing if there is
        no such person)."""
        ...

    def for_person(self, person_id: str) -> Repository:
        """The repository of that person, on the same database; PersonNotFound if unknown.
        Closing it leaves the database open for the others."""
        ...
