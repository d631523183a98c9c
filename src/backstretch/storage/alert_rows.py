"""Alert marks (a clinician acknowledged an alert, or was e-mailed about it) to database rows and
back, shared by the SQL repositories. Alerts themselves are never stored (core/alerts.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from backstretch.core.history import format_timestamp, parse_timestamp

if TYPE_CHECKING:  # loaded inside the reader below: quick commands never read this table
    from backstretch.core.alerts import AlertMark

MARK_COLUMNS = ("person_id", "alert_id", "clinician", "kind", "at")


def mark_row(mark: AlertMark, person_id: str) -> dict[str, Any]:
    return {
        "person_id": person_id,
        "alert_id": mark.alert_id,
        "clinician": mark.clinician,
        "kind": mark.kind.value,
        "at": format_timestamp(mark.at),
    }


def mark_from_row(row: Mapping[Any, Any]) -> AlertMark:
    from backstretch.core.alerts import AlertMark, MarkKind

    return AlertMark(
        row["alert_id"], row["clinician"], MarkKind(row["kind"]), parse_timestamp(row["at"])
    )
