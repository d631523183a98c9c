"""Prescribed routine versions to database rows and back, shared by the SQL repositories."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from backstretch.core.history import format_timestamp, parse_timestamp

if TYPE_CHECKING:  # quick commands (pain, history) must not load the routine model
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
    from backstretch.core.prescription import Prescription

    return Prescription(
        row["routine_id"],
        int(row["version"]),
        row["document"],
        row["prescribed_by"],
        parse_timestamp(row["at"]),
    )
