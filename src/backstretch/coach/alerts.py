"""A clinician's alerts: the rules of core/alerts.py run over the records of each person who shares
with them, read through `Consent` (so every read is in the person's access log), with the
clinician's own acknowledgements; and acknowledging one.

Nothing about an alert is stored but its marks (acknowledged, e-mailed), kept with the person
whose records raised it, so a person's data reaches only the clinicians they share with and goes
when they go.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from backstretch.coach.sharing import Consent, refuse_admin
from backstretch.core.accounts import Account
from backstretch.core.alerts import (
    NO_SESSION_DAYS,
    Alert,
    AlertMark,
    AlertRecords,
    MarkKind,
    alerts_for,
    parse_no_session_days,
)
from backstretch.core.errors import BackstretchError
from backstretch.core.settings import NO_SESSION_DAYS as NO_SESSION_DAYS_SETTING
from backstretch.storage.repository import Repository

ALERTS_READ = "alerts"  # what the access log says was read


class AlertNotFound(BackstretchError):
    """No alert of that id about anyone who shares with the clinician (answered 404)."""


@dataclass(frozen=True)
class ClinicianAlert:
    """An alert as one clinician sees it: with when they acknowledged it, if they did."""

    alert: Alert
    acknowledged_at: datetime | None = None


def person_alerts(username: str, records: Repository, now: datetime, days: int) -> list[Alert]:
    """The alerts one person's records raise by `now` (core/alerts.py), newest first."""
    found = AlertRecords(
        sessions=[summary.session for summary in records.summaries()],
        pain_reports=records.pain_reports(),
        answers=records.screening_answers(),
    )
    return alerts_for(username, found, now, days)


def seen_by(clinician: str, alerts: list[Alert], records: Repository) -> list[ClinicianAlert]:
    acknowledged = {
        mark.alert_id: mark.at
        for mark in records.alert_marks(clinician)
        if mark.kind is MarkKind.ACKNOWLEDGED
    }
    return [ClinicianAlert(alert, acknowledged.get(alert.id)) for alert in alerts]


class AlertDesk:
    """The alerts of the people who share with a clinician, on one server."""

    def __init__(self, consent: Consent) -> None:
        self.consent = consent
        self.reception = consent.reception

    def no_session_days(self, clinician: Account) -> int:
        """The clinician's `alerts.no_session_days` setting, or the default (3)."""
        own = self.reception.records_of(clinician).get_setting(NO_SESSION_DAYS_SETTING)
        return parse_no_session_days(own) if own else NO_SESSION_DAYS

    def shared_records(
        self, clinician: Account, what: str = ALERTS_READ
    ) -> list[tuple[str, Repository]]:
        """(username, records) of each enabled person sharing with `clinician`, each read
        logged as `what`."""
        refuse_admin(clinician)
        return [
            (owner.username, self.consent.records_for(clinician, owner.username, what))
            for owner in self.consent.accounts.people_of(clinician.username)
            if not owner.disabled
        ]

    def by_person(self, clinician: Account) -> dict[str, list[ClinicianAlert]]:
        """Each sharing person's alerts as the clinician sees them, newest first."""
        now, days = self.reception.now(), self.no_session_days(clinician)
        return {
            username: seen_by(
                clinician.username, person_alerts(username, records, now, days), records
            )
            for username, records in self.shared_records(clinician)
        }

    def alerts(self, clinician: Account) -> list[ClinicianAlert]:
        """Every alert about the people sharing with `clinician`, newest first."""
        found = [each for alerts in self.by_person(clinician).values() for each in alerts]
        return sorted(found, key=lambda each: (each.alert.at, each.alert.id), reverse=True)

    def acknowledge(self, clinician: Account, alert_id: str) -> ClinicianAlert:
        """Mark the alert as seen by `clinician` (again: keeps the first time); AlertNotFound
        when no one sharing with them has an alert of that id now."""
        now, days = self.reception.now(), self.no_session_days(clinician)
        for username, records in self.shared_records(clinician):
            for alert in person_alerts(username, records, now, days):
                if alert.id == alert_id:
                    mark = AlertMark(alert_id, clinician.username, MarkKind.ACKNOWLEDGED, now)
                    records.mark_alert(mark)
                    return seen_by(clinician.username, [alert], records)[0]
        raise AlertNotFound(
            f"no alert has the id {alert_id[:80]!r} among the people who share with you "
            "(see GET /api/alerts for the current ones)"
        )
