"""The building blocks of backstretch's FHIR resources: stable ids, references, codings,
quantities and times (export/fhir.py builds the Bundle from them).

Ids are uuid5 of our own record ids, so exporting again gives the same ids and fullUrls.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

FHIR_VERSION = "4.0.1"
# The canonical base of backstretch's own code systems, extensions and questionnaires. `.invalid`
# (RFC 2606) never resolves: the project has no published home for these definitions yet, and
# docs/fhir.md describes them instead. Changing this constant changes every id (see NAMESPACE).
BASE = "https://backstretch.invalid/fhir"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, BASE)
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
STRETCHING_EXERCISES = (SNOMED, "229070002", "Stretching exercises")
EXERCISE_THERAPY = (SNOMED, "229065009", "Exercise therapy")
PHYSICAL_THERAPY = (SNOMED, "91251008", "Physical therapy procedure")
# The stretches known to be stretches (the seed's five and the library's two): the others (pelvic
# tilt, glute bridge, sphinx, press-up, a person's own) are coded only as exercise therapy.
STRETCHES = frozenset(
    {"trunk-rotation", "cat-cow", "hip-flexor", "childs-pose", "hamstring", "knee-to-chest",
     "piriformis"}
)  # fmt: skip


# -- ids, codes and references ------------------------------------------------------------------
def resource_id(kind: str, *keys: str) -> str:
    """The same id for the same record on every export: uuid5 of the resource type and our ids."""
    return str(uuid.uuid5(NAMESPACE, "/".join((kind, *keys))))


def reference(resource_id_: str) -> dict[str, str]:
    """A reference to another entry of the Bundle, by its fullUrl."""
    return {"reference": f"urn:uuid:{resource_id_}"}


def system(name: str) -> str:
    """The URL of one of backstretch's own code systems (docs/fhir.md lists them)."""
    return f"{BASE}/CodeSystem/{name}"


def identifier(name: str, value: str) -> dict[str, str]:
    """Our own id of a record (a session, a pain rating, a routine) as a FHIR Identifier."""
    return {"system": f"{BASE}/identifier/{name}", "value": value}


def extension_url(name: str) -> str:
    return f"{BASE}/StructureDefinition/{name}"


def coding(system_url: str, code: str, display: str = "") -> dict[str, str]:
    found = {"system": system_url, "code": code}
    return {**found, "display": display} if display else found


def concept(*codings: dict[str, str], text: str = "") -> dict[str, Any]:
    found: dict[str, Any] = {"coding": list(codings)}
    return {**found, "text": text} if text else found


def quantity(value: float, unit: str, code: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": UCUM, "code": code}


def instant(moment: datetime) -> str:
    """A FHIR dateTime in UTC (an aware datetime in, `2026-01-05T07:00:00Z` out)."""
    text = moment.isoformat()
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text


def entry(resource: Mapping[str, Any]) -> dict[str, Any]:
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": dict(resource)}
