"""The JSON API under /api: routines, timelines, sessions, holds, pain and stats.

Every hold is stored the moment the browser reports it, through the same repository and with
the same records as the terminal's SessionRecorder, so `backstretch history` shows a browser
session exactly as it shows a terminal one. Reporting a hold twice stores it once.
"""

from __future__ import annotations

import functools
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from backstretch.coach import pain
from backstretch.coach.form_check import routine_form
from backstretch.coach.pain import PainAsked
from backstretch.coach.recorder import SessionRecorder, checked_in_position, hold_record
from backstretch.core.errors import BackstretchError
from backstretch.core.history import (
    InvalidRecord,
    PainRating,
    SessionStatus,
    format_timestamp,
    new_id,
)
from backstretch.core.routine import Routine
from backstretch.core.schedule import resume_step
from backstretch.core.stats import report_as_dict
from backstretch.core.timeline import Step, Timeline, plan
from backstretch.export.routine_json import routine_as_dict
from backstretch.storage.repository import SessionNotFound
from backstretch.web.coaching import timeline_as_dict
from backstretch.web.history import (
    gather_report,
    hold_data,
    pain_data,
    summary_data,
)
from backstretch.web.services import Services, figure_urls, services_of
from backstretch.web.shapes import (
    HoldDone,
    PainDuring,
    PainIn,
    SessionEnd,
    SessionStart,
    error_answers,
)


class InvalidHold(InvalidRecord):
    """A hold number the session's routine does not have."""


class SessionLocked(BackstretchError):
    """The red-flag screening calls for care before any session (answered 403)."""


# Every request passes the guards (Host, size) and may find the database unavailable.
router = APIRouter(prefix="/api", tags=["api"], responses=error_answers(400, 413, 421, 422, 503))
WRITE = error_answers(403)
WRITE_TO_ONE = error_answers(403, 404)
ONE = error_answers(404)
Use = Annotated[Services, Depends(services_of)]


@router.get("/routines")
def list_routines(services: Use) -> list[dict[str, Any]]:
    """Every routine: the built-in ones and the person's own (with any problem in a file)."""
    found: list[dict[str, Any]] = []
    for entry in services.entries():
        if entry.routine is None:
            found.append({"id": entry.id, "source": entry.source, "problem": entry.problem})
            continue
        routine = services.adapt(entry.routine)
        timeline = plan(routine)
        found.append(
            {
                "id": entry.id,
                "name": routine.name,
                "source": entry.source,
                "total_seconds": timeline.total_seconds,
                "holds_total": len(timeline.holds),
                "exercises": len(entry.routine.exercises),
            }
        )
    return found


@router.get("/routines/{routine_id}", responses=ONE)
def get_routine(routine_id: str, services: Use) -> dict[str, Any]:
    """A routine as `backstretch show ROUTINE --json` prints it, its file named relative to
    the home."""
    shown = routine_as_dict(services.todays_routine(routine_id))
    return {**shown, "source": services.home_paths.hide(shown["source"])}


@router.get(
    "/routines/{routine_id}/timeline",
    response_class=Response,
    responses={200: {"content": {"application/json": {}}, "description": "The timeline"}, **ONE},
)
def get_timeline(routine_id: str, services: Use) -> Response:
    """Every step of a session, from the same planner as the terminal, with the coach's words,
    for the routine as `backstretch start` runs it in this home (doses, knee adaptation)."""
    routine = services.todays_routine(routine_id)
    stopped = tuple(sorted(services.stopped_today(routine).items()))
    return Response(timeline_bytes(routine, stopped), media_type="application/json")


@functools.lru_cache(maxsize=32)
def timeline_bytes(routine: Routine, stopped: tuple[tuple[str, str], ...] = ()) -> bytes:
    """Planned, worded and encoded once per routine and stretches stopped for today (an
    edited routine is a new key)."""
    timeline = timeline_as_dict(plan(routine), figure_urls(routine), dict(stopped))
    return json.dumps(timeline, ensure_ascii=False, separators=(",", ":")).encode()


@router.get("/routines/{routine_id}/form", responses=ONE)
def get_form(routine_id: str, services: Use) -> dict[str, Any]:
    """What the camera check looks for in each stretch of the routine a session runs today,
    and how to place the camera; fetched when the person turns the camera on, so the session
    page does not carry it."""
    return routine_form(services.todays_routine(routine_id))


@router.post("/sessions", status_code=201, responses=WRITE_TO_ONE)
def start_session(body: SessionStart, services: Use) -> dict[str, Any]:
    """Begin a session (in progress) with the pain rating taken before it. As `start` does,
    today's progression step is decided first (when progression is on)."""
    refusal = services.lock()
    if refusal is not None:
        raise SessionLocked(refusal)
    known = services.repository.session(body.id) if body.id else None
    if known is not None:  # sent again (a retry, or the offline page catching up)
        routine = services.session_routine(known)
        return begun(known.id, routine, planned(routine), services.stopped_today(routine))
    today = services.today_of(body.routine, decide=True)
    routine, timeline = today.routine, planned(today.routine)
    recorder = SessionRecorder(services.repository)
    started = services.clock.now()
    session_id = recorder.begin(
        routine, timeline, body.speed, started, body.pain_before, session_id=body.id
    )
    return begun(session_id, routine, timeline, dict(today.stopped))


def begun(
    session_id: str, routine: Routine, timeline: Timeline, stopped: dict[str, str]
) -> dict[str, Any]:
    return {
        "id": session_id,
        "routine": routine.id,
        "holds_url": f"/api/sessions/{session_id}/holds",
        # the session's own table: today's step may have changed a dose since the page loaded
        "timeline": timeline_as_dict(timeline, figure_urls(routine), stopped),
    }


@router.get("/sessions")
def list_sessions(
    services: Use, limit: Annotated[int, Query(ge=0, le=100_000)] = 20
) -> list[dict[str, Any]]:
    """Sessions, newest first, as `backstretch history --json` prints them (0 means all)."""
    return sessions_data(services, limit)


def sessions_data(services: Services, limit: int) -> list[dict[str, Any]]:
    """The answer of GET /api/sessions, for the person's own records or a shared person's."""
    return [summary_data(s) for s in services.repository.summaries(limit=limit or None)]


@router.get("/sessions/unfinished")
def list_unfinished(services: Use) -> list[dict[str, Any]]:
    """Today's session that did not finish and has holds left (none or one), to carry on
    from any page as `backstretch start --resume` does."""
    unfinished = services.unfinished_session()
    if unfinished is None:
        return []
    session = unfinished.session
    return [
        {
            "id": session.id,
            "routine": session.routine_id,
            "routine_name": session.routine_name,
            "started_at": format_timestamp(session.started_at),
            "holds_done": len(unfinished.completed_holds),
            "holds_planned": session.holds_planned,
            "resume_url": f"/session/{session.routine_id}?resume={session.id}",
        }
    ]


@router.post("/sessions/{session_id}/resume", responses=WRITE_TO_ONE)
def resume_session(session_id: str, services: Use) -> dict[str, Any]:
    """Carry on today's unfinished session where it stopped, as `start --resume` does: it is
    in progress again, and the player starts before the first hold not done (`resume_step`),
    with the session's own timeline."""
    unfinished = services.unfinished_session()
    if unfinished is None or unfinished.session.id != session_id:
        raise SessionNotFound(f"no unfinished session from today has the id {session_id}")
    refusal = services.lock()
    if refusal is not None:
        raise SessionLocked(refusal)
    routine = services.session_routine(unfinished.session)
    timeline = planned(routine)
    SessionRecorder(services.repository).resume(unfinished)
    done = sorted(unfinished.completed_holds)
    stopped = services.stopped_today(routine)
    return {
        "id": session_id,
        "done_holds": done,
        "resume_step": resume_step(timeline, set(done)),
        "timeline": timeline_as_dict(timeline, figure_urls(routine), stopped),
    }


@router.get("/sessions/{session_id}", responses=ONE)
def get_session(session_id: str, services: Use) -> dict[str, Any]:
    """One session with every hold recorded so far."""
    summaries = [s for s in services.repository.summaries() if s.id == session_id]
    if not summaries:
        raise SessionNotFound(f"no session has the id {session_id}")
    holds = services.repository.holds(session_id)
    return {**summary_data(summaries[0]), "holds": [hold_data(h) for h in holds]}


@router.post("/sessions/{session_id}/holds", status_code=201, responses=WRITE_TO_ONE)
def record_hold(session_id: str, body: HoldDone, services: Use) -> dict[str, Any]:
    """Store one hold the moment it completes (or is skipped); sending it again is harmless."""
    session = services.repository.session(session_id)
    if session is None:
        raise SessionNotFound(f"no session has the id {session_id}")
    holds = planned(services.session_routine(session)).holds
    if body.hold_number > len(holds):
        raise InvalidHold(
            f"hold_number must be between 1 and {len(holds)} for {session.routine_id} "
            f"(got {body.hold_number})"
        )
    step = holds[body.hold_number - 1]
    in_position = checked_in_position(step, body.in_position_seconds)
    store_hold(services, session_id, step, body.completed, body.held_seconds, in_position)
    return {"stored": True, "hold_number": body.hold_number}


def store_hold(
    services: Services,
    session_id: str,
    step: Step,
    completed: bool,
    held_seconds: float | None,
    in_position: float | None = None,
) -> None:
    """Store one hold as the terminal's SessionRecorder does (coach/recorder.py)."""
    default = step.duration if completed else 0.0
    held = min(step.duration, held_seconds if held_seconds is not None else default)
    record = hold_record(session_id, step, completed, held, services.clock.now(), in_position)
    services.repository.record_hold(record)


@router.post("/sessions/{session_id}/pain-report", status_code=201, responses=WRITE_TO_ONE)
def report_pain(session_id: str, body: PainDuring, services: Use) -> dict[str, Any]:
    """ "This hurts" during a stretch, as the terminal's ! key reports it (coach/pain.py): 0-3
    carry on; 4-5 ease off; above 5, or sharp, shooting or electric pain, or tingling or
    numbness in a leg: stop that stretch now, and every hold of it not yet done is recorded as
    skipped. A report sent again with the id the page chose is stored once."""
    session = services.repository.session(session_id)
    if session is None:
        raise SessionNotFound(f"no session has the id {session_id}")
    holds = planned(services.session_routine(session)).holds
    asked = PainAsked(
        body.exercise, body.level, body.kind, body.hold_number, body.held_seconds, body.id
    )
    outcome = pain.report_pain(services.repository, session_id, holds, asked, services.clock.now())
    report = outcome.report
    return {
        "id": report.id,
        "exercise": report.exercise,
        "level": report.level,
        "kind": report.kind.value,
        "action": report.action.value,
        "advice": outcome.advice,
        "note": report.note,
        "skipped_holds": list(outcome.skipped_holds),
    }


@functools.lru_cache(maxsize=32)
def planned(routine: Routine) -> Timeline:
    return plan(routine)


@router.post("/sessions/{session_id}/finish", responses=WRITE_TO_ONE)
def finish_session(session_id: str, body: SessionEnd, services: Use) -> dict[str, Any]:
    """Close a session as completed or partial, with the pain rating taken after it. Sending it
    again (a retry after a lost answer) changes nothing."""
    session = services.repository.session(session_id)
    if session is None:
        raise SessionNotFound(f"no session has the id {session_id}")
    if session.status is not SessionStatus.IN_PROGRESS:
        return {"id": session_id, "status": session.status.value, "pain_after": session.pain_after}
    recorder = SessionRecorder(services.repository)
    recorder.session_id = session_id
    recorder.finish(body.status, services.clock.now(), body.pain_after)
    return {"id": session_id, "status": body.status, "pain_after": body.pain_after}


@router.post("/pain", status_code=201, responses=WRITE)
def record_pain(body: PainIn, services: Use) -> dict[str, Any]:
    """Record back pain now, from 0 (no pain) to 10 (worst possible)."""
    rating = PainRating(new_id(), body.level, body.context, services.clock.now(), note=body.note)
    services.repository.add_pain(rating)
    return pain_data(rating)


@router.get("/stats")
def get_stats(services: Use, days: Annotated[int, Query(ge=1, le=36_600)] = 28) -> dict[str, Any]:
    """Streaks, adherence, completion per stretch and pain trend (as `stats --json`)."""
    return stats_data(services, days)


def stats_data(services: Services, days: int) -> dict[str, Any]:
    """The answer of GET /api/stats, for the person's own records or a shared person's: days
    are the person's, in their own time zone."""
    return report_as_dict(gather_report(services.repository, services.today(), days))


@router.get("/pain")
def list_pain(services: Use) -> list[dict[str, Any]]:
    """Back pain recorded (on its own, and before and after sessions), newest first."""
    return pain_list(services)


def pain_list(services: Services) -> list[dict[str, Any]]:
    """The answer of GET /api/pain, for the person's own records or a shared person's."""
    return [pain_data(rating) for rating in reversed(services.repository.pain_ratings())]
