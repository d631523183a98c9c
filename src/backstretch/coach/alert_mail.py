"""Alert e-mail: every clinician with an e-mail address (the `alerts.email` setting) is sent one
message per alert of the people who share with them that they have not been e-mailed about
yet, then the alert is marked e-mailed for them (`backstretch alerts send`).

The mark is stored right after the server accepts the message, so an alert is never left
unsent; a crash between the two sends it again on the next run (twice, never zero times).
Alerts the clinician already acknowledged are not sent: they have read them.
The records are read through `Consent`, so each run is in the person's access log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from backstretch.coach.alerts import AlertDesk, person_alerts
from backstretch.core.accounts import Account, Role
from backstretch.core.alert_mail import AlertLetter, alert_letter
from backstretch.core.alerts import AlertMark, MarkKind
from backstretch.core.errors import BackstretchError
from backstretch.core.settings import EMAIL
from backstretch.storage.repository import Repository

EMAIL_READ = "alerts (e-mail)"  # what the access log says was read


class MailNotSent(BackstretchError):
    """The SMTP server could not be reached, or refused a message."""


class Postman(Protocol):
    """Hands letters to a mail server; MailNotSent when it cannot."""

    def send(self, letter: AlertLetter) -> None: ...


@dataclass(frozen=True)
class Delivery:
    """A letter due, and the records its e-mailed mark goes to."""

    letter: AlertLetter
    records: Repository


class AlertMailer:
    """The alert e-mail of one server (the desk reads the alerts through its Consent)."""

    def __init__(self, desk: AlertDesk, url: str) -> None:
        self.desk = desk
        self.reception = desk.reception
        self.url = url

    def addressed(self) -> list[tuple[Account, str]]:
        """Each enabled clinician with an e-mail address, and the address, by username."""
        found = []
        for account in self.reception.accounts.accounts():
            if account.role is Role.CLINICIAN and not account.disabled:
                address = self.reception.records_of(account).get_setting(EMAIL)
                if address:
                    found.append((account, address))
        return found

    def due(self) -> list[Delivery]:
        """Every letter to send now: one per alert not yet e-mailed to (nor acknowledged by)
        each clinician with an address, oldest alert first."""
        now = self.reception.now()
        deliveries = []
        for clinician, address in self.addressed():
            days = self.desk.no_session_days(clinician)
            for username, records in self.desk.shared_records(clinician, EMAIL_READ):
                done = {mark.alert_id for mark in records.alert_marks(clinician.username)}
                for alert in reversed(person_alerts(username, records, now, days)):
                    if alert.id not in done:
                        letter = alert_letter(alert, clinician.username, address, self.url)
                        deliveries.append(Delivery(letter, records))
        return deliveries

    def send(self, deliveries: list[Delivery], postman: Postman) -> int:
        """Send each letter and mark its alert e-mailed; the number sent. When the server
        fails, MailNotSent says how many went (they are marked; the rest go next time)."""
        for sent, delivery in enumerate(deliveries):
            try:
                postman.send(delivery.letter)
            except MailNotSent as error:
                raise MailNotSent(
                    f"{error}; {sent} of {len(deliveries)} alert e-mails were sent, the rest "
                    "are sent on the next run"
                ) from None
            letter = delivery.letter
            mark = AlertMark(
                letter.alert.id, letter.clinician, MarkKind.EMAILED, self.reception.now()
            )
            delivery.records.mark_alert(mark)
        return len(deliveries)
