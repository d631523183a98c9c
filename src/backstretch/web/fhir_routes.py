"""GET /api/fhir: the signed-in person's record (the local person's in personal mode) as one
FHIR R4 Bundle, the same as `backstretch export --format fhir` writes (docs/fhir.md)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.responses import Response

from backstretch.coach.today import current_routine
from backstretch.export.fhir import bundle_as_json, fhir_bundle
from backstretch.web.services import Services, services_of
from backstretch.web.shapes import error_answers

FHIR_JSON = "application/fhir+json"
router = APIRouter(
    prefix="/api", tags=["fhir"], responses=error_answers(400, 403, 413, 421, 422, 503)
)
Use = Annotated[Services, Depends(services_of)]


@router.get(
    "/fhir",
    response_class=Response,
    responses={200: {"content": {FHIR_JSON: {}}, "description": "A FHIR R4 Bundle"}},
)
def get_fhir(services: Use) -> Response:
    """Your routine as a CarePlan with a ServiceRequest per stretch, each session and each pain
    rating as an Observation: one Bundle of type collection, with the same ids every time."""
    repository = services.repository
    history = repository.export_history()
    routine = current_routine(repository, services.routines.entries(), services.clock.now())
    bundle = fhir_bundle(history, routine, repository.person.id)
    return Response(bundle_as_json(bundle), media_type=FHIR_JSON)
