"""Prescribed routine versions to database rows and back, shared by the SQL repositories."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from backstretch.core.history import format_timestamp, parse_timestamp
from backstretch.core.prescription import Prescription

PRESCRIPTION_COLUMNS = ("person_id", "routine_id", "version", "document", "prescribed_by", "at")


def prescription_row(prescription: Prescription, person_id: str) -> dict[str, Any]:
    return {
        "person_id": person_id,
        "routine_id": prescription.routine_id,
        "version": prescription.version,
        "document": prescription.document,
        "prescribed_by": prescription.prescribed_by,
        "at": format_timestamp(prescription.at),
    }


def prescription_from_row(row: Mapping[Any, Any]) -> Prescription:
    return Prescription(
        row["routine_id"],
        int(row["version"]),
        row["document"],
        row["prescribed_by"],
        parse_timestamp(row["at"]),
    )
