"""The pages of a shared server beyond signing in (accounts on only): /sharing (share, see and
revoke), /access-log (who read my records), /account (download everything, delete the
account), and the clinician's /people with a plain read-only view of each person.

Every read of someone else's records goes through `shared_services`, which logs it; the pages
only show what the use cases give them.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from starlette.requests import Request

from backstretch.web.pages import render
from backstretch.web.services import consent_of, services_of, shared_services
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
    people = consent_of(request).people(account_of(request))
    local_time = services_of(request).repository.person.local_time
    return render(request, "people.html", people=people, local_time=local_time, page="people")


@pages.get("/people/{username}", response_class=HTMLResponse)
def person_page(request: Request, username: str) -> HTMLResponse:
    sessions = shared_services(request, username, "sessions").repository.summaries(limit=50)
    shared = shared_services(request, username, "pain")
    person = shared.repository.person
    return render(
        request,
        "person.html",
        username=username,
        summaries=sessions,
        ratings=list(reversed(shared.repository.pain_ratings()))[:50],
        local_time=person.local_time,
        time_zone=person.time_zone,
        page="people",
    )
