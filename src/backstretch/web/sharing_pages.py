"""The pages of a shared server beyond signing in (accounts on only): /sharing (share, see and
revoke), /access-log (who read my records), /account (download everything, delete the
account), and the clinician's /people with a plain read-only view of each person.

Every read of someone else's records goes through `shared_services`, which logs it; the pages
only show what the use cases give them.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, RedirectResponse
from markupsafe import Markup
from starlette.requests import Request

from backstretch.coach.alerts import AlertDesk
from backstretch.coach.follow_up import follow_up_one, follow_ups
from backstretch.coach.outcomes import trend
from backstretch.coach.prescriptions import library_exercises, starting_document
from backstretch.export.charts import sessions_chart
from backstretch.web.history import in_position_of
from backstretch.web.pages import render, session_pain_chart
from backstretch.web.services import Services, consent_of, services_of, shared_services
from backstretch.web.signin import account_of

pages = APIRouter(include_in_schema=False)


@pages.get("/sharing", response_class=HTMLResponse)
def sharing_page(request: Request) -> HTMLResponse:
    clinicians = consent_of(request).clinicians(account_of(request))
    return render(request, "sharing.html", clinicians=clinicians, page="sharing")


@pages.get("/access-log", response_class=HTMLResponse)
def access_log_page(request: Request) -> HTMLResponse:
    entries = consent_of(request).access_log(account_of(request))
    local_time = services_of(request).repository.person.local_time
    return render(
        request, "access_log.html", entries=entries, local_time=local_time, page="access-log"
    )


@pages.get("/account", response_class=HTMLResponse)
def account_page(request: Request) -> HTMLResponse:
    services_of(request)  # an admin keeps no records to download or erase here: 403
    return render(request, "account.html", page="account")


@pages.get("/people", response_class=HTMLResponse)
def people_page(request: Request) -> HTMLResponse:
    """Everyone sharing with me, those needing attention first (coach/follow_up.py)."""
    found = follow_ups(AlertDesk(consent_of(request)), account_of(request))
    local_time = services_of(request).repository.person.local_time
    return render(request, "people.html", people=found, local_time=local_time, page="people")


@pages.get("/people/{username}", response_class=HTMLResponse)
def person_page(request: Request, username: str) -> HTMLResponse:
    follow_up = follow_up_one(AlertDesk(consent_of(request)), account_of(request), username)
    shared = shared_services(request, username, "sessions")
    repository = shared.repository
    person = repository.person
    summaries = repository.summaries(limit=50)
    pain = session_pain_chart(summaries, person)
    return render(
        request,
        "person.html",
        username=username,
        follow_up=follow_up,
        summaries=summaries,
        in_position=in_position_of(repository, summaries),
        pain_chart=Markup(pain),  # built from numbers and escaped labels
        sessions_chart=Markup(sessions_chart(follow_up.report.weekly_sessions)),
        scores=trend(repository.questionnaire_responses(), person.day_of),
        ratings=list(reversed(repository.pain_ratings()))[:50],
        local_time=person.local_time,
        time_zone=person.time_zone,
        page="people",
    )


@pages.get("/people/{username}/prescribe", response_class=HTMLResponse)
def prescribe_page(request: Request, username: str) -> HTMLResponse:
    """The prescribing form (static/prescribe.js PUTs what it builds): the person's current
    prescribed routine, or the seed, with the library's stretches to add."""
    records = consent_of(request).records_for(account_of(request), username, "routine")
    found: Services = request.app.state.services
    return render(
        request,
        "prescribe.html",
        username=username,
        routine=starting_document(records, found.routines),
        library=library_exercises(found.routines),
        page="people",
    )


@pages.post("/people/{username}/alerts/{alert_id}/acknowledge")
def acknowledge_page(request: Request, username: str, alert_id: str) -> RedirectResponse:
    """The person page's "Seen" button: acknowledge, then back to the page."""
    AlertDesk(consent_of(request)).acknowledge(account_of(request), alert_id)
    return RedirectResponse(f"/people/{username}#alerts", status_code=303)
