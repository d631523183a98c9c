"""Changing a routine from the browser, without YAML: a clinician prescribes a routine for a
person who shares with them (accounts on), or the person edits their own (personal mode, saved
as a file in their routines folder, so the terminal runs it too). Both check the routine as
`backstretch validate` does and answer 422 with its messages; the decisions are
coach/prescriptions.py's and the clinician's write goes through `Consent`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from backstretch.coach.prescriptions import Prescribed, prescribe, save_own
from backstretch.core.errors import InvalidRoutine
from backstretch.core.history import format_timestamp
from backstretch.core.timeline import plan
from backstretch.web.services import Services, consent_of, services_of
from backstretch.web.shapes import error_answers
from backstretch.web.signin import account_of

ERRORS = error_answers(400, 401, 403, 413, 421, 422, 503)
shared = APIRouter(prefix="/api", tags=["prescriptions"], responses=ERRORS)
own = APIRouter(prefix="/api", tags=["routines"], responses=ERRORS)
Use = Annotated[Services, Depends(services_of)]
Document = Annotated[Any, Body(description="the routine, in the fields of the routine file format")]


def refused(error: InvalidRoutine) -> JSONResponse:
    """422 with every message of the validator, as `backstretch validate` prints them."""
    problems = [str(problem) for problem in error.problems]
    return JSONResponse({"error": str(error), "problems": problems}, status_code=422)


def prescribed_data(done: Prescribed) -> dict[str, Any]:
    prescription = done.prescription
    return {
        "routine_id": prescription.routine_id,
        "version": prescription.version,
        "prescribed_by": prescription.prescribed_by,
        "at": format_timestamp(prescription.at),
        "total_seconds": plan(done.routine).total_seconds,
        "changes": list(done.changes),
    }


@shared.put("/people/{username}/routines/{routine_id}", responses=error_answers(404))
def prescribe_routine(
    username: str, routine_id: str, body: Document, request: Request, response: Response
) -> Any:
    """Prescribe `routine_id` for a person who shares with me: a new version when it changed
    (201 for the first, 200 after), with the changes in words; 422 with every problem."""
    found: Services = request.app.state.services
    clinician = account_of(request)
    records = consent_of(request).records_for(clinician, username, f"routine {routine_id}")
    try:
        built_in = found.routines.builtin_ids()
        now = found.clock.now()
        done = prescribe(records, body, routine_id, clinician.username, now, built_in)
    except InvalidRoutine as error:
        return refused(error)
    response.status_code = 201 if done.created else 200
    return prescribed_data(done)


@own.put("/routines/{routine_id}", responses=error_answers(404))
def save_routine(routine_id: str, body: Document, services: Use, response: Response) -> Any:
    """Save my own routine `routine_id` as a file in my routines folder (201 when new, 200
    when changed, with the changes in words); 422 with every problem, nothing written."""
    try:
        saved = save_own(services.routines, body, routine_id)
    except InvalidRoutine as error:
        return refused(error)
    response.status_code = 201 if saved.created else 200
    return {
        "routine_id": saved.routine.id,
        "source": services.home_paths.hide(str(saved.path)),
        "total_seconds": plan(saved.routine).total_seconds,
        "changes": list(saved.changes),
    }
