"""GET /api/fhir: the signed-in person's record (the local person's in personal mode) as one
FHIR R4 Bundle, the same as `backstretch export --format fhir` writes (docs/fhir.md); and
GET /api/people/{username}/fhir, the same Bundle for a clinician the person shares with, read
through coach/sharing.Consent (logged as "FHIR record"; 404 when not shared)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from starlette.requests import Request
from starlette.responses import Response

from backstretch.coach.today import current_plan
from backstretch.export.fhir import bundle_as_json, fhir_bundle
from backstretch.web.services import Services, services_of, shared_services
from backstretch.web.shapes import error_answers

FHIR_JSON = "application/fhir+json"
READ_BY_CLINICIAN = "FHIR record"
ANSWER: dict[int | str, dict[str, Any]] = {
    200: {"content": {FHIR_JSON: {}}, "description": "A FHIR R4 Bundle"}
}
router = APIRouter(
    prefix="/api", tags=["fhir"], responses=error_answers(400, 403, 413, 421, 422, 503)
)
shared = APIRouter(
    prefix="/api", tags=["fhir"], responses=error_answers(400, 401, 403, 404, 413, 421, 422, 503)
)
Use = Annotated[Services, Depends(services_of)]


def bundle_answer(services: Services) -> Response:
    repository = services.repository
    history = repository.export_history()
    found = current_plan(repository, services.routines.entries(), services.clock.now())
    bundle = fhir_bundle(history, found.routine, repository.person.id, None, found.prescription)
    return Response(bundle_as_json(bundle), media_type=FHIR_JSON)


@router.get("/fhir", response_class=Response, responses=ANSWER)
def get_fhir(services: Use) -> Response:
    """Your routine as a CarePlan with a ServiceRequest per stretch, each session and each pain
    rating as an Observation: one Bundle of type collection, with the same ids every time."""
    return bundle_answer(services)


@shared.get("/people/{username}/fhir", response_class=Response, responses=ANSWER)
def person_fhir(username: str, request: Request) -> Response:
    """The FHIR Bundle of a person who shares with me, the same as their own /api/fhir (in
    their access log)."""
    return bundle_answer(shared_services(request, username, READ_BY_CLINICIAN))
