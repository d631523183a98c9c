"""The pages a person sees: home, routines, one routine, the session and the history."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, JSONResponse
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from backstretch.coach.outcomes import due_now, trend
from backstretch.core.cues import PAIN_AFTER_QUESTION
from backstretch.core.errors import RoutineNotFound
from backstretch.core.history import SessionSummary
from backstretch.core.person import TIME_ZONE, Person
from backstretch.core.routine import DEFAULT_ROUTINE
from backstretch.core.timeline import plan
from backstretch.core.units import counted, describe_dose, format_duration
from backstretch.export.charts import pain_chart, sessions_chart
from backstretch.export.figures import exercise_figures
from backstretch.web.history import gather_report, in_position_of, overview
from backstretch.web.services import Services, find_figure, services_of
from backstretch.web.signin import signed_in_account

templates = Jinja2Templates(directory=Path(__file__).resolve().parent / "templates")
templates.env.filters["duration"] = format_duration
templates.env.filters["dose"] = describe_dose
templates.env.filters["counted"] = counted
templates.env.globals["pain_after_question"] = PAIN_AFTER_QUESTION
router = APIRouter(include_in_schema=False)


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page; with accounts on, it names who is signed in and offers to sign out."""
    context.setdefault("account", signed_in_account(request))
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status, status=status, message=message, page="error")


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    services: Services = services_of(request)
    routine = services.todays_routine(DEFAULT_ROUTINE)
    timeline = plan(routine)
    record = overview(services.repository, services.today())
    return render(
        request,
        "home.html",
        routine=routine,
        timeline=timeline,
        record=record,
        lock=services.lock(),
        due=due_now(services.repository, services.clock.now()),
        local_time=services.repository.person.local_time,
        page="home",
    )


@router.get("/routines", response_class=HTMLResponse)
def routines(request: Request) -> HTMLResponse:
    services = services_of(request)
    entries = services.entries()
    rows = [
        (entry, plan(services.adapt(entry.routine)) if entry.routine else None) for entry in entries
    ]
    return render(request, "routines.html", rows=rows, page="routines")


@router.get("/routines/{routine_id}", response_class=HTMLResponse)
def routine(request: Request, routine_id: str) -> HTMLResponse:
    services = services_of(request)
    chosen = services.todays_routine(routine_id)
    prescribed = next((p for p in services.prescribed() if p.routine.id == routine_id), None)
    return render(
        request,
        "routine.html",
        routine=chosen,
        timeline=plan(chosen),
        figures={e.id: exercise_figures(e) for e in chosen.exercises},
        prescribed=prescribed,
        local_time=services.repository.person.local_time,
        page="routines",
    )


@router.get("/session/{routine_id}", response_class=HTMLResponse)
def session(request: Request, routine_id: str) -> HTMLResponse:
    services = services_of(request)
    chosen = services.todays_routine(routine_id)
    return render(
        request,
        "session.html",
        routine=chosen,
        timeline=plan(chosen),
        lock=services.lock(),
        page="session",
    )


def session_pain_chart(summaries: Sequence[SessionSummary], person: Person) -> str:
    """Pain before and after each of the latest 20 sessions, oldest on the left, labelled
    with the person's own days."""
    charted = list(reversed(summaries[:20]))
    labels = [person.local_time(s.session.started_at).strftime("%d %b") for s in charted]
    before = [s.session.pain_before for s in charted]
    return pain_chart(labels, before, [s.session.pain_after for s in charted])


@router.get("/history", response_class=HTMLResponse)
def history(request: Request) -> HTMLResponse:
    services: Services = services_of(request)
    summaries = services.repository.summaries(limit=50)
    report = gather_report(services.repository, services.today(), 56)
    person = services.repository.person
    pain = session_pain_chart(summaries, person)
    weekly = sessions_chart(report.weekly_sessions)
    return render(
        request,
        "history.html",
        summaries=summaries,
        in_position=in_position_of(services.repository, summaries),
        report=report,
        pain_chart=Markup(pain),  # built from numbers and escaped labels
        sessions_chart=Markup(weekly),
        local_time=person.local_time,
        scores=trend(services.repository.questionnaire_responses(), person.day_of),
        page="history",
    )


@router.get("/figures/{routine_id}/{file_name}")
def figure(request: Request, routine_id: str, file_name: str) -> Response:
    found = find_figure(services_of(request).todays_routine(routine_id), file_name)
    if found is None:
        raise RoutineNotFound(f"{routine_id} has no picture called {file_name}")
    return Response(
        found.svg,
        media_type="image/svg+xml",
        headers={"Cache-Control": "max-age=3600"},
    )


@router.get("/healthz")
def healthz(request: Request) -> dict[str, bool]:
    """For a load balancer or a monitor: the app answers and its database can be read."""
    reception = request.app.state.reception
    if reception is not None:
        reception.accounts.account("healthz")
    else:
        services_of(request).repository.get_setting(TIME_ZONE)
    return {"ok": True}


@router.get("/device", response_class=HTMLResponse)
def device(request: Request) -> HTMLResponse:
    """The first-run check: tone, voice, screen kept on, storage kept."""
    return render(request, "device.html", page="device")


# -- the installable app ------------------------------------------------------------------------
STATIC = Path(__file__).resolve().parent / "static"


@functools.lru_cache(maxsize=1)
def app_version() -> str:
    """A digest of the app's files: a new version installs a new service worker and cache."""
    digest = hashlib.sha256()
    for path in sorted(STATIC.iterdir()):
        if not path.is_file():
            continue  # pose/: the camera check's files, pinned by scripts/pose-files
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


@router.get("/sw.js")
def service_worker() -> Response:
    script = (STATIC / "sw.js").read_text(encoding="utf-8").replace("__VERSION__", app_version())
    return Response(script, media_type="text/javascript")


@router.get("/manifest.webmanifest")
def manifest() -> JSONResponse:
    return JSONResponse(
        {
            "name": "backstretch",
            "short_name": "backstretch",
            "description": "A coach for a daily back-pain stretching routine.",
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#1f5f5b",
            "icons": [{"src": "/static/icon.svg", "sizes": "any", "type": "image/svg+xml"}],
        },
        media_type="application/manifest+json",
    )
