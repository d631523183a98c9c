"""The API of a shared server beyond signing in (accounts on only): sharing by consent, the
clinician's reads of the people who share with them, the person's access log, their export and
the erasure of their account, and an admin's list of accounts.

The decisions are the use cases' (coach/sharing.py, coach/accounts.py); a clinician's reads go
through `shared_services`, which logs each one, and answer with the same builders as the
person's own routes (web/api.py), so both shapes are one.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field
from starlette.requests import Request
from starlette.responses import Response

from backstretch.core.accounts import AccessEntry, Role
from backstretch.core.errors import BackstretchError
from backstretch.core.history import format_timestamp
from backstretch.export.history_io import history_as_json
from backstretch.web.account_routes import address_of, reception_of
from backstretch.web.api import pain_list, sessions_data, stats_data
from backstretch.web.services import Services, consent_of, services_of, shared_services
from backstretch.web.shapes import error_answers
from backstretch.web.signin import SignedIn, cookie_header

api = APIRouter(
    prefix="/api", tags=["sharing"], responses=error_answers(400, 401, 403, 413, 421, 422, 503)
)
READ = error_answers(403)
READ_ONE = error_answers(403, 404)
Use = Annotated[Services, Depends(services_of)]


class AdminOnly(BackstretchError):
    """A route for admins, asked by another account (answered 403)."""


Username = Annotated[str, Field(min_length=1, max_length=200)]


class SharingIn(BaseModel):
    clinician: Username


class ConfirmIn(BaseModel):
    password: str = Field(max_length=4096)


def entry_data(entry: AccessEntry) -> dict[str, Any]:
    return {
        "person": entry.person,
        "reader": entry.reader or None,  # None: an account since erased
        "what": entry.what,
        "at": format_timestamp(entry.at),
    }


# -- the person's side --------------------------------------------------------------------------
@api.get("/sharing", responses=READ)
def list_sharing(request: Request, account: SignedIn) -> dict[str, list[str]]:
    """The clinicians I share my records with."""
    return {"clinicians": consent_of(request).clinicians(account)}


@api.post("/sharing", status_code=201, responses=READ_ONE)
def share(body: SharingIn, request: Request, account: SignedIn) -> dict[str, list[str]]:
    """Share my records with a clinician, by the username they sign in with; any name that is
    not an enabled clinician's answers 404, exactly as an unknown one."""
    consent = consent_of(request)
    consent.share(account, body.clinician.strip().lower())
    return {"clinicians": consent.clinicians(account)}


@api.delete("/sharing/{clinician}", responses=READ_ONE)
def revoke(clinician: str, request: Request, account: SignedIn) -> dict[str, list[str]]:
    """Stop sharing with a clinician: their reads answer 404 from now on."""
    consent = consent_of(request)
    consent.revoke(account, clinician)
    return {"clinicians": consent.clinicians(account)}


@api.get("/access-log", responses=READ)
def access_log(request: Request, account: SignedIn) -> list[dict[str, Any]]:
    """Every read of my records by a clinician, newest first."""
    return [entry_data(entry) for entry in consent_of(request).access_log(account)]


@api.get("/export", responses=READ)
def export(services: Use, account: SignedIn) -> Response:
    """All my records in the format of `backstretch export` (JSON), as a file to keep."""
    text = history_as_json(services.repository.export_history())
    day = services.today().isoformat()
    disposition = f'attachment; filename="backstretch-{account.username}-{day}.json"'
    return Response(
        text, media_type="application/json", headers={"Content-Disposition": disposition}
    )


@api.delete("/account", status_code=204, responses=error_answers(403, 429))
def remove_account(body: ConfirmIn, request: Request, account: SignedIn) -> Response:
    """Erase my account and every record of mine, confirmed by my password; signs out and
    tells the browser to forget what it kept of me."""
    reception_of(request).remove_own(account, body.password, address_of(request))
    answer = Response(status_code=204)
    answer.headers["set-cookie"] = cookie_header("", request.url.scheme == "https", max_age=0)
    answer.headers["clear-site-data"] = '"cache", "storage"'
    return answer


# -- the clinician's side -----------------------------------------------------------------------
@api.get("/people", responses=READ)
def list_people(request: Request, account: SignedIn) -> list[dict[str, Any]]:
    """The people who share their records with me: username, time zone, last session (each
    listing is a read of their last session, in their access logs)."""
    return [
        {
            "username": person.username,
            "time_zone": person.time_zone,
            "last_session": person.last_session and format_timestamp(person.last_session),
        }
        for person in consent_of(request).people(account)
    ]


@api.get("/people/{username}/sessions", responses=READ_ONE)
def person_sessions(
    username: str, request: Request, limit: Annotated[int, Query(ge=0, le=100_000)] = 20
) -> list[dict[str, Any]]:
    """A person's sessions, as GET /api/sessions answers them for themselves (logged)."""
    return sessions_data(shared_services(request, username, "sessions"), limit)


@api.get("/people/{username}/pain", responses=READ_ONE)
def person_pain(username: str, request: Request) -> list[dict[str, Any]]:
    """A person's pain ratings, as GET /api/pain answers them for themselves (logged)."""
    return pain_list(shared_services(request, username, "pain"))


@api.get("/people/{username}/stats", responses=READ_ONE)
def person_stats(
    username: str, request: Request, days: Annotated[int, Query(ge=1, le=36_600)] = 28
) -> dict[str, Any]:
    """A person's stats, as GET /api/stats answers them for themselves (logged)."""
    return stats_data(shared_services(request, username, "stats"), days)


# -- the admin's side ---------------------------------------------------------------------------
@api.get("/accounts", responses=READ)
def list_accounts(request: Request, account: SignedIn) -> list[dict[str, object]]:
    """Every account (admins only), as `backstretch accounts list --json` prints them."""
    if account.role is not Role.ADMIN:
        raise AdminOnly(f"{account.username} is not an admin account: only admins list accounts")
    return reception_of(request).listed()
