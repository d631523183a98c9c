"""Checking a FHIR export with two model libraries from PyPI, and reading it back.

fhirclient's models are generated from FHIR R4 (4.0.1) itself: strict, they refuse a missing
required element, an element R4 does not have and a value of the wrong type. fhir.resources has
no R4 models any more, only R4B (4.3.0, the same for every resource used here); its pydantic
models check the types of every primitive (ids, dateTimes, codes, uris). Neither checks code
values against their value sets, so the tests check our codes themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import fhirclient.models.bundle as r4_bundle
from fhir.resources.R4B import get_fhir_model_class
from fhirclient.models.fhirelementfactory import FHIRElementFactory


def check_r4(resource: Mapping[str, Any]) -> None:
    """Raise when `resource` is not valid FHIR R4 (and R4B) structure."""
    kind = resource["resourceType"]
    if kind == "Bundle":
        r4_bundle.Bundle(dict(resource), strict=True)
    else:
        FHIRElementFactory.instantiate(kind, dict(resource))
    get_fhir_model_class(kind).model_validate(dict(resource))


def checked_bundle(bundle: Mapping[str, Any]) -> Mapping[str, Any]:
    """The Bundle, after checking it whole and every resource in it."""
    check_r4(bundle)
    for entry in bundle["entry"]:
        check_r4(entry["resource"])
    return bundle


def resources(bundle: Mapping[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def codes(concept: Mapping[str, Any]) -> set[tuple[str, str]]:
    return {(c["system"], c["code"]) for c in concept.get("coding", [])}


def component_values(observation: Mapping[str, Any]) -> dict[str, Any]:
    """Each component's code (backstretch's own) with its value."""
    found: dict[str, Any] = {}
    for part in observation.get("component", []):
        code = part["code"]["coding"][0]["code"]
        value = next(v for k, v in part.items() if k.startswith("value"))
        found[code] = (
            value["coding"][0]["code"] if isinstance(value, dict) and "coding" in value else value
        )
    return found
