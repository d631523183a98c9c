"""The progress report PDF in the browser: GET /api/report.pdf for the signed-in person (the
local person in personal mode), and GET /api/people/{username}/report.pdf for a clinician the
person shares with, read through coach/sharing.Consent (logged; 404 when not shared). The same
report as `backstretch report` (coach/report.py, export/report.py)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.requests import Request
from starlette.responses import Response

from backstretch.coach.report import progress_report
from backstretch.core.progress import DEFAULT_DAYS
from backstretch.export.handout import find_fonts
from backstretch.export.report import progress_pdf
from backstretch.web.services import Services, services_of, shared_services
from backstretch.web.shapes import error_answers
from backstretch.web.signin import signed_in_account

PDF = "application/pdf"
READ_BY_CLINICIAN = "progress report"
ANSWER: dict[int | str, dict[str, Any]] = {
    200: {"content": {PDF: {}}, "description": "The progress report as a PDF"}
}
Days = Annotated[int, Query(description="The period: the last N days (1 to 366).")]
own = APIRouter(
    prefix="/api", tags=["report"], responses=error_answers(400, 403, 413, 421, 422, 503)
)
shared = APIRouter(
    prefix="/api", tags=["report"], responses=error_answers(400, 401, 403, 404, 413, 421, 422, 503)
)


def report_answer(services: Services, days: int, who: str) -> Response:
    repository = services.repository
    report = progress_report(repository, services.entries(), services.clock.now(), days, who)
    pdf, _ = progress_pdf(report, "a4", find_fonts())
    name = f"progress-report-{who if who != 'you' else 'mine'}-{report.last_day.isoformat()}.pdf"
    headers = {"Content-Disposition": f'inline; filename="{name}"'}
    return Response(pdf, media_type=PDF, headers=headers)


@own.get("/report.pdf", response_class=Response, responses=ANSWER)
def my_report(request: Request, days: Days = DEFAULT_DAYS) -> Response:
    """My progress report over the last `days` days, as a PDF."""
    account = signed_in_account(request)
    return report_answer(services_of(request), days, account.username if account else "you")


@shared.get("/people/{username}/report.pdf", response_class=Response, responses=ANSWER)
def person_report(username: str, request: Request, days: Days = DEFAULT_DAYS) -> Response:
    """The progress report of a person who shares with me, as a PDF (in their access log)."""
    return report_answer(shared_services(request, username, READ_BY_CLINICIAN), days, username)
