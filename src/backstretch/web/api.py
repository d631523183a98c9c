"""The JSON API under /api: routines, timelines, sessions, holds, pain and stats.

Every hold is stored the moment the browser reports it, through the same repository and with
the same records as the terminal's SessionRecorder, so `backstretch history` shows a browser
session exactly as it shows a terminal one. Reporting a hold twice stores it once.
"""

from __future__ import annotations

import functools
import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from backstretch.core.errors import BackstretchError
from backstretch.core.history import (
    HoldRecord,
    InvalidRecord,
    PainContext,
    PainRating,
    SessionStatus,
)
from backstretch.core.routine import Routine
from backstretch.core.stats import report_as_dict
from backstretch.core.timeline import Timeline, plan
from backstretch.export.routine_json import routine_as_dict
from backstretch.storage.recorder import SessionRecorder, new_id
from backstretch.storage.repository import SessionNotFound
from backstretch.web.coaching import timeline_as_dict
from backstretch.web.history import (
    gather_report,
    hold_as_dict,
    pain_as_dict,
    summary_as_dict,
)
from backstretch.web.services import Services, figure_urls, services_of


class InvalidHold(InvalidRecord):
    """A hold number the session's routine does not have."""


class SessionLocked(BackstretchError):
    """The red-flag screening calls for care before any session (answered 403)."""


router = APIRouter(prefix="/api", tags=["api"])
Use = Annotated[Services, Depends(services_of)]
PainLevel = Annotated[int, Field(ge=0, le=10, strict=True, description="0 none, 10 worst")]
Identifier = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.-]+$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SessionStart(Strict):
    routine: Identifier = "daily-back"
    pain_before: PainLevel | None = None
    speed: float = Field(1.0, ge=0.01, le=1000, description="1 is real time")


class HoldDone(Strict):
    hold_number: int = Field(ge=1, le=100_000, strict=True)
    completed: bool = Field(strict=True)
    held_seconds: float | None = Field(None, ge=0, le=100_000, description="at speed 1")


class SessionEnd(Strict):
    status: Literal["completed", "partial"]
    pain_after: PainLevel | None = None


class PainIn(Strict):
    level: PainLevel
    context: PainContext = PainContext.USUAL
    note: str = Field("", max_length=500)


@router.get("/routines")
def list_routines(services: Use) -> list[dict[str, Any]]:
    """Every routine: the built-in ones and the person's own (with any problem in a file)."""
    found: list[dict[str, Any]] = []
    for entry in services.catalog.entries():
        if entry.routine is None:
            found.append({"id": entry.id, "source": entry.source, "problem": entry.problem})
            continue
        timeline = plan(entry.routine)
        found.append(
            {
                "id": entry.id,
                "name": entry.routine.name,
                "source": entry.source,
                "total_seconds": timeline.total_seconds,
                "holds_total": len(timeline.holds),
                "exercises": len(entry.routine.exercises),
            }
        )
    return found


@router.get("/routines/{routine_id}")
def get_routine(routine_id: str, services: Use) -> dict[str, Any]:
    """A routine as `backstretch show ROUTINE --json` prints it."""
    return routine_as_dict(services.routine(routine_id))


@router.get(
    "/routines/{routine_id}/timeline",
    response_class=Response,
    responses={200: {"content": {"application/json": {}}, "description": "The timeline"}},
)
def get_timeline(routine_id: str, services: Use) -> Response:
    """Every step of a session, from the same planner as the terminal, with the coach's words."""
    return Response(timeline_bytes(services.routine(routine_id)), media_type="application/json")


@functools.lru_cache(maxsize=32)
def timeline_bytes(routine: Routine) -> bytes:
    """Planned, worded and encoded once per routine (an edited routine is a new key)."""
    timeline = timeline_as_dict(plan(routine), figure_urls(routine))
    return json.dumps(timeline, ensure_ascii=False, separators=(",", ":")).encode()


@router.post("/sessions", status_code=201)
def start_session(body: SessionStart, services: Use) -> dict[str, Any]:
    """Begin a session (in progress) with the pain rating taken before it."""
    routine = services.routine(body.routine)
    refusal = services.lock()
    if refusal is not None:
        raise SessionLocked(refusal)
    recorder = SessionRecorder(services.repository)
    started = services.clock.now()
    session_id = recorder.begin(routine, plan(routine), body.speed, started, body.pain_before)
    return {
        "id": session_id,
        "routine": routine.id,
        "holds_url": f"/api/sessions/{session_id}/holds",
    }


@router.get("/sessions")
def list_sessions(
    services: Use, limit: Annotated[int, Query(ge=0, le=100_000)] = 20
) -> list[dict[str, Any]]:
    """Sessions, newest first, as `backstretch history --json` prints them (0 means all)."""
    return [summary_as_dict(s) for s in services.repository.summaries(limit=limit or None)]


@router.get("/sessions/{session_id}")
def get_session(session_id: str, services: Use) -> dict[str, Any]:
    """One session with every hold recorded so far."""
    summaries = [s for s in services.repository.summaries() if s.id == session_id]
    if not summaries:
        raise SessionNotFound(f"no session has the id {session_id}")
    holds = services.repository.holds(session_id)
    return {**summary_as_dict(summaries[0]), "holds": [hold_as_dict(h) for h in holds]}


@router.post("/sessions/{session_id}/holds", status_code=201)
def record_hold(session_id: str, body: HoldDone, services: Use) -> dict[str, Any]:
    """Store one hold the moment it completes (or is skipped); sending it again is harmless."""
    session = services.repository.session(session_id)
    if session is None:
        raise SessionNotFound(f"no session has the id {session_id}")
    holds = planned(services.routine(session.routine_id)).holds
    if body.hold_number > len(holds):
        raise InvalidHold(
            f"hold_number must be between 1 and {len(holds)} for {session.routine_id} "
            f"(got {body.hold_number})"
        )
    step = holds[body.hold_number - 1]
    default = step.duration if body.completed else 0.0
    held = min(step.duration, body.held_seconds if body.held_seconds is not None else default)
    hold = HoldRecord(
        session_id=session_id,
        hold_number=body.hold_number,
        exercise=step.exercise or "",
        rep=step.rep or 1,
        phase=step.phase or "hold",
        planned_seconds=step.duration,
        held_seconds=round(held, 3),
        completed=body.completed,
        recorded_at=services.clock.now(),
        side=step.side.value if step.side else None,
    )
    services.repository.record_hold(hold)
    return {"stored": True, "hold_number": body.hold_number}


@functools.lru_cache(maxsize=32)
def planned(routine: Routine) -> Timeline:
    return plan(routine)


@router.post("/sessions/{session_id}/finish")
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


@router.post("/pain", status_code=201)
def record_pain(body: PainIn, services: Use) -> dict[str, Any]:
    """Record back pain now, from 0 (no pain) to 10 (worst possible)."""
    rating = PainRating(new_id(), body.level, body.context, services.clock.now(), note=body.note)
    services.repository.add_pain(rating)
    return pain_as_dict(rating)


@router.get("/stats")
def get_stats(services: Use, days: Annotated[int, Query(ge=1, le=36_600)] = 28) -> dict[str, Any]:
    """Streaks, adherence, completion per stretch and pain trend (as `stats --json`)."""
    return report_as_dict(gather_report(services.repository, services.today(), days))
