"""The clinician's alerts (accounts on): the alerts of the people who share with them, and
acknowledging one. The rules are core/alerts.py's and the reads go through `Consent`
(coach/alerts.py), so each is in the person's access log."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.requests import Request

from backstretch.coach.alerts import AlertDesk, ClinicianAlert
from backstretch.core.history import format_timestamp
from backstretch.web.services import consent_of
from backstretch.web.shapes import error_answers
from backstretch.web.signin import SignedIn

api = APIRouter(
    prefix="/api", tags=["alerts"], responses=error_answers(400, 401, 403, 413, 421, 422, 503)
)


def desk_of(request: Request) -> AlertDesk:
    return AlertDesk(consent_of(request))


def alert_data(seen: ClinicianAlert) -> dict[str, Any]:
    alert = seen.alert
    return {
        "id": alert.id,
        "person": alert.person,
        "kind": alert.kind.value,
        "severity": alert.severity.value,
        "at": format_timestamp(alert.at),
        "words": alert.words,
        "acknowledged": seen.acknowledged_at is not None,
        "acknowledged_at": seen.acknowledged_at and format_timestamp(seen.acknowledged_at),
    }


@api.get("/alerts", responses=error_answers(403))
def list_alerts(request: Request, account: SignedIn) -> list[dict[str, Any]]:
    """The alerts about the people who share their records with me, newest first, each marked
    acknowledged or not (every person's records read is in their access log)."""
    return [alert_data(seen) for seen in desk_of(request).alerts(account)]


@api.post("/alerts/{alert_id}/acknowledge", responses=error_answers(403, 404))
def acknowledge(alert_id: str, request: Request, account: SignedIn) -> dict[str, Any]:
    """Mark an alert as seen by me (again: the first time is kept); 404 for an id that is not
    an alert about someone sharing with me now."""
    return alert_data(desk_of(request).acknowledge(account, alert_id))
