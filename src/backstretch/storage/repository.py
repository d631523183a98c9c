"""The repository: the one interface the rest of backstretch uses to keep and read history.

Three implementations pass the same contract tests (tests/storage/test_contract.py):
`MemoryRepository` (for tests and fakes), `SqliteRepository` (the standard library's sqlite3, the
default: it starts in milliseconds) and `SqlAlchemyRepository` (any database SQLAlchemy knows,
such as PostgreSQL). Every writing method is one transaction, committed before it returns.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Protocol

from backstretch.core.errors import BackstretchError
from backstretch.core.history import (
    ExerciseTotal,
    History,
    HoldRecord,
    ImportCounts,
    PainContext,
    PainRating,
    SessionRecord,
    SessionStatus,
    SessionSummary,
)


class StorageError(BackstretchError):
    """The database cannot be used: busy for too long, unreadable, or written by a newer version."""


class SessionNotFound(BackstretchError):
    """No session has the given id."""


class Repository(Protocol):
    """Keeps sessions, holds, pain ratings and settings. Writes are committed at once."""

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
        """Add what is new, all or nothing: sessions and ratings by id, holds by session and hold
        number (completed wins), settings only where not set. Returns what was added."""
        ...

    # -- reading ---------------------------------------------------------------------------
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

    def active_session_days(self) -> list[date]:
        """The calendar day of each session with at least one completed hold, oldest first (one
        entry per session). Days are the local days on the machine that recorded them."""
        ...

    def pain_ratings(self) -> list[PainRating]:
        """Every pain rating, oldest first."""
        ...

    def daily_pain(self, contexts: Collection[PainContext]) -> list[tuple[date, int, int]]:
        """(day, sum of levels, number of ratings) per local calendar day, oldest first, of the
        ratings taken in these contexts: the lean read a trend needs."""
        ...

    def exercise_totals(self, since: datetime) -> list[ExerciseTotal]:
        """Per stretch, over sessions started since `since`: holds planned, completed, skipped and
        wall seconds held (held seconds divided by the session's speed), in routine order."""
        ...

    def export_history(self) -> History:
        """Everything, in a stable order: sessions by start, holds by session and number."""
        ...

    def close(self) -> None: ...
