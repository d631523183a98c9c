"""Alert e-mail's use case with a fake postman: what is marked when the server fails midway."""

from __future__ import annotations

import pytest

from backstretch.coach.accounts import Reception
from backstretch.coach.alert_mail import AlertMailer, MailNotSent
from backstretch.coach.alerts import AlertDesk
from backstretch.coach.sharing import Consent
from backstretch.core.alert_mail import AlertLetter
from backstretch.core.alerts import MarkKind
from backstretch.core.clock import FakeClock
from backstretch.core.history import new_id
from backstretch.core.pain_rules import PainAction, PainKind, PainReport
from backstretch.storage import MemoryRepository
from backstretch.storage.memory_accounts import MemoryAccounts


class FailingPostman:
    """Takes `accepted` letters, then fails as an unreachable server does."""

    def __init__(self, accepted: int) -> None:
        self.accepted = accepted
        self.letters: list[AlertLetter] = []

    def send(self, letter: AlertLetter) -> None:
        if len(self.letters) == self.accepted:
            raise MailNotSent("SMTP server smtp.example.org:587: the connection was lost")
        self.letters.append(letter)


def test_a_failure_midway_keeps_the_marks_of_what_was_sent_and_says_how_many() -> None:
    clock = FakeClock()
    people = MemoryRepository()
    reception = Reception(MemoryAccounts(people), people, clock.now)
    ada, kim = reception.add("ada"), reception.add("kim", "clinician")
    reception.set_email("kim", "kim@example.org")
    reception.accounts.share("ada", "kim", clock.now())
    records = reception.records_of(ada)
    for level in (7, 8):
        report = PainReport(
            new_id(), None, "cat-cow", level, PainKind.NEITHER, PainAction.STOP, clock.now()
        )
        records.add_pain_report(report)
        clock.advance(60)
    mailer = AlertMailer(AlertDesk(Consent(reception)), "https://clinic.example.org")
    postman = FailingPostman(accepted=1)

    deliveries = mailer.due()
    with pytest.raises(MailNotSent) as failure:
        mailer.send(deliveries, postman)

    assert str(failure.value).endswith(
        "1 of 2 alert e-mails were sent, the rest are sent on the next run"
    )
    assert [m.alert_id for m in records.alert_marks(kim.username)] == [postman.letters[0].alert.id]
    assert [m.kind for m in records.alert_marks(kim.username)] == [MarkKind.EMAILED]
    assert [d.letter.alert.id for d in mailer.due()] == [deliveries[1].letter.alert.id]
