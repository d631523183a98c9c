"""The session recorder: the adapter between a running session and the history.

The `start` command wires it in like this::

    recorder = SessionRecorder(open_repository(app.data_home))
    session_id = recorder.begin(routine, timeline, speed, started_at=wall_now(), pain_before=4)
    ...  # for every event the engine fires:
    recorder.on_event(event, at=wall_now())
    ...  # once the session is over and pain after has been asked:
    recorder.finish("completed", ended_at=wall_now(), pain_after=3)

Every hold is written, and committed, the moment its `hold_end` or `skip` (skipped="hold") event
arrives, so killing the process loses no completed hold. A session that was never finished stays
`in_progress`; `interrupted_session_today` finds it again and `resume` carries on recording in it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from backstretch.core.events import Event, EventName
from backstretch.core.history import (
    HoldRecord,
    InvalidRecord,
    PainContext,
    PainRating,
    SessionRecord,
    SessionStatus,
    check_choice,
    check_pain_level,
    doses_of,
    new_id,
    shown_value,
)
from backstretch.core.person import start_of_day
from backstretch.core.routine import Routine
from backstretch.core.timeline import Step, Timeline
from backstretch.storage.repository import Repository, StorageError


@dataclass(frozen=True)
class InterruptedSession:
    """A session of today that did not finish: what `start --resume` needs."""

    session: SessionRecord
    completed_holds: frozenset[int]  # hold numbers (Step.hold_number) already done
    skipped_holds: frozenset[int]

    def remaining_holds(self, timeline: Timeline) -> list[Step]:
        """The hold steps of `timeline` still to do, in order."""
        return [s for s in timeline.holds if s.hold_number not in self.completed_holds]

    def next_hold(self, timeline: Timeline) -> Step | None:
        """The first hold not completed yet, or None if every hold was done."""
        remaining = self.remaining_holds(timeline)
        return remaining[0] if remaining else None


IN_POSITION_SLACK_SECONDS = 1.0  # a page's clocks may count a little past the hold's end


def hold_record(
    session_id: str,
    step: Step,
    completed: bool,
    held: float,
    at: datetime,
    in_position: float | None = None,
) -> HoldRecord:
    """The record of one hold of a session's timeline, planned and held seconds side by side:
    the one way every front end stores a hold. `in_position` is what the camera check counted
    (None with the camera off), kept to the seconds held: no hold is held in position longer."""
    kept = None if in_position is None else round(min(step.duration, held, in_position), 3)
    return HoldRecord(
        session_id=session_id,
        hold_number=step.hold_number or 0,
        exercise=step.exercise or "",
        rep=step.rep or 1,
        phase=step.phase or "hold",
        planned_seconds=step.duration,
        held_seconds=round(held, 3),
        completed=completed,
        recorded_at=at,
        side=step.side.value if step.side else None,
        in_position_seconds=kept,
    )


def checked_in_position(step: Step, seconds: object) -> float | None:
    """The seconds of a hold held in position as a front end reports them: None (the camera
    was off), or a number from 0 to the hold's own length and a second more; InvalidRecord
    names any other value and the hold it was given for."""
    if seconds is None:
        return None
    most = step.duration + IN_POSITION_SLACK_SECONDS
    if (
        not isinstance(seconds, int | float)
        or isinstance(seconds, bool)
        or not (math.isfinite(seconds) and 0 <= seconds <= most)
    ):
        raise InvalidRecord(
            f"in_position_seconds must be a number of seconds from 0 to {most:g} for hold "
            f"{step.hold_number} ({step.exercise}, {step.duration:g} s) "
            f"(got {shown_value(seconds)})"
        )
    return float(seconds)


class SessionRecorder:
    """Stores one session as it happens. Times (`at`, `started_at`, `ended_at`) are aware wall
    datetimes handed in by the caller; the recorder reads no clock."""

    def __init__(self, repository: Repository, make_id: Callable[[], str] = new_id) -> None:
        self.repository = repository
        self.make_id = make_id
        self.session_id: str | None = None

    def begin(
        self,
        routine: Routine,
        timeline: Timeline,
        speed: float,
        started_at: datetime,
        pain_before: int | None = None,
        session_id: str | None = None,
    ) -> str:
        """Store a new session (status in_progress) with the doses it uses, and the pain rating
        taken before it (context "before"), in one transaction. Returns the session id (a new
        one unless a front end chose it, as the browser does to work offline)."""
        level = None if pain_before is None else check_pain_level(pain_before)
        session_id = session_id or self.make_id()
        session = SessionRecord(
            id=session_id,
            routine_id=routine.id,
            routine_name=routine.name,
            started_at=started_at,
            doses=doses_of(timeline.routine),
            speed=speed,
            pain_before=level,
        )
        self.session_id = session_id
        ratings = [] if level is None else [self._rating(level, PainContext.BEFORE, started_at)]
        try:
            self.repository.add_session(session, ratings)
        except BaseException:
            self.session_id = None
            raise
        return session_id

    def resume(self, interrupted: InterruptedSession) -> str:
        """Carry on recording into an interrupted session (its status goes back to in_progress).
        Holds recorded again are stored once; a completed hold is never undone."""
        session = interrupted.session
        self.session_id = session.id
        self._update(SessionStatus.IN_PROGRESS, None, None)
        return session.id

    def on_event(self, event: Event, at: datetime) -> None:
        """Store what the event settles: a hold on `hold_end` (completed) or on `skip` with
        skipped="hold" (not completed), with the seconds held as the engine counted them
        (pauses left out; none for a hold reached and skipped while paused), and the status
        when `session_end` fires."""
        name = event.event
        if name is EventName.HOLD_END and event.step is not None:
            held = float(event.details.get("held_seconds", event.step.duration))
            self._store(event.step, completed=True, held=held, at=at)
        elif name is EventName.SKIP and event.details.get("skipped") == "hold" and event.step:
            held = float(event.details.get("held_seconds", 0.0))
            self._store(event.step, completed=False, held=held, at=at)
        elif name is EventName.SESSION_END:
            status = check_choice(SessionStatus, event.details.get("status", "partial"), "status")
            self._update(status, at, None)

    def finish(self, status: str, ended_at: datetime, pain_after: int | None = None) -> None:
        """Close the session: status "completed" or "partial", its end, and the pain rating taken
        after it (context "after"), in one transaction. Without a rating (None) the session keeps
        the one it had, so carrying on a stopped session and skipping the question erases
        nothing. A session with no hold done is never "completed", whatever a front end says."""
        chosen = check_choice(SessionStatus, status, "status")
        if chosen is SessionStatus.COMPLETED and not self._any_hold_done():
            chosen = SessionStatus.PARTIAL
        level = None if pain_after is None else check_pain_level(pain_after)
        ratings = [] if level is None else [self._rating(level, PainContext.AFTER, ended_at)]
        self._update(chosen, ended_at, level, ratings)

    def interrupted_session_today(
        self, today: date, zone: tzinfo | None = None, routine_id: str | None = None
    ) -> InterruptedSession | None:
        """The latest session started on `today` (in `zone`, default the local time zone) that
        is in_progress or partial and has holds left, optionally of one routine; else None."""
        for summary in self.repository.summaries(since=start_of_day(today, zone)):
            session = summary.session
            unfinished = session.status is not SessionStatus.COMPLETED
            if not unfinished or (routine_id is not None and session.routine_id != routine_id):
                continue
            holds = self.repository.holds(session.id)
            done = frozenset(h.hold_number for h in holds if h.completed)
            if len(done) < session.holds_planned:
                skipped = frozenset(h.hold_number for h in holds if not h.completed)
                return InterruptedSession(session, done, skipped)
        return None

    def require_session(self) -> str:
        """The id of the session being recorded; StorageError before begin() or resume()."""
        if self.session_id is None:
            raise StorageError("no session is being recorded: call begin() or resume() first")
        return self.session_id

    # -- helpers ---------------------------------------------------------------------------
    def _store(self, step: Step, completed: bool, held: float, at: datetime) -> None:
        if step.hold_number is not None:
            hold = hold_record(self.require_session(), step, completed, held, at)
            self.repository.record_hold(hold)

    def _any_hold_done(self) -> bool:
        return any(hold.completed for hold in self.repository.holds(self.require_session()))

    def _rating(self, level: int, context: PainContext, at: datetime) -> PainRating:
        return PainRating(self.make_id(), level, context, at, session_id=self.session_id)

    def _update(
        self,
        status: SessionStatus,
        ended_at: datetime | None,
        pain_after: int | None,
        ratings: list[PainRating] | None = None,
    ) -> None:
        """Set the status and end; no new pain after (None) keeps the one given before, as when
        a resumed session ends and the person skips the question."""
        session_id = self.require_session()
        if pain_after is None:
            stored = self.repository.session(session_id)
            pain_after = stored.pain_after if stored is not None else None
        self.repository.update_session(
            session_id,
            status=status,
            ended_at=ended_at,
            pain_after=pain_after,
            ratings=ratings or [],
        )
