"""`backstretch alerts send` against a local SMTP server (aiosmtpd) started by the test, on
127.0.0.1, over MemoryAccounts carried by App (tests/cli/test_accounts_command.py's Server)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from backstretch.core.alerts import MarkKind
from backstretch.core.history import new_id
from backstretch.core.pain_rules import PainKind, PainReport, in_session_action
from backstretch.storage.repository import Repository
from tests.cli.test_accounts_command import Server


class Mailbox:
    """An aiosmtpd handler keeping every message it is given."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.messages: list[Message] = []

    async def handle_DATA(  # noqa: N802 (aiosmtpd's name)
        self, server: Any, session: Any, envelope: Any
    ) -> str:
        self.messages.append(message_from_bytes(envelope.original_content))
        return "250 Message accepted for delivery"


def free_port() -> int:
    """A port nothing listens on (the system's choice, closed again)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def mailbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Mailbox]:
    """A local SMTP server for the test (stopped after it), named by BACKSTRETCH_SMTP_*."""
    box = Mailbox(free_port())
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    smtp_environment(monkeypatch, box.port)
    try:
        yield box
    finally:
        controller.stop()


def smtp_environment(monkeypatch: pytest.MonkeyPatch, port: int) -> None:
    monkeypatch.setenv("BACKSTRETCH_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("BACKSTRETCH_SMTP_PORT", str(port))
    monkeypatch.setenv("BACKSTRETCH_SMTP_FROM", "backstretch@clinic.example.org")
    monkeypatch.setenv("BACKSTRETCH_SMTP_STARTTLS", "off")  # the test server has no certificate
    for name in ("USER", "PASSWORD"):
        monkeypatch.delenv(f"BACKSTRETCH_SMTP_{name}", raising=False)


def clinic(server: Server) -> Repository:
    """ada shares with kim; kim and nia (not shared with) are clinicians with addresses.
    Returns ada's records."""
    assert server.run("add", "ada", "--password-stdin", stdin="a long horse battery").exit_code == 0
    for name in ("kim", "nia"):
        result = server.run("add", name, "--role", "clinician", "--email", f"{name}@example.org")
        assert result.exit_code == 0, result.output
    server.accounts.share("ada", "kim", server.clock.now())
    return records_of(server, "ada")


def records_of(server: Server, username: str) -> Repository:
    account = server.accounts.account(username)
    assert account is not None
    return server.people.for_person(account.person_id)


def report_pain(server: Server, records: Repository, level: int, kind: PainKind) -> None:
    """An in-session pain report (a stretch stopped at `level`), a minute ago."""
    action = in_session_action(level, kind)
    moment = server.clock.now()
    records.add_pain_report(PainReport(new_id(), None, "cat-cow", level, kind, action, moment))
    server.clock.advance(60)


def test_each_new_alert_is_e_mailed_once_to_the_clinician_shared_with_and_no_other(
    server: Server, mailbox: Mailbox
) -> None:
    records = clinic(server)
    report_pain(server, records, 7, PainKind.SHARP)
    report_pain(server, records, 8, PainKind.NEITHER)

    result = server.run_command("alerts", "send")

    assert result.exit_code == 0, result.output
    assert result.output == f"Sent 2 alert e-mails through 127.0.0.1:{mailbox.port}.\n"
    assert [m["To"] for m in mailbox.messages] == ["kim@example.org"] * 2
    assert mailbox.messages[0]["Subject"] == (
        "backstretch: a new alert about ada (pain stopped a stretch)"
    )
    assert [m.kind for m in records.alert_marks("kim")] == [MarkKind.EMAILED] * 2
    again = server.run_command("alerts", "send")
    assert again.output == f"Sent 0 alert e-mails through 127.0.0.1:{mailbox.port}.\n"
    assert len(mailbox.messages) == 2


def test_the_mail_names_the_person_and_the_kind_and_carries_no_pain_level(
    server: Server, mailbox: Mailbox
) -> None:
    records = clinic(server)
    report_pain(server, records, 9, PainKind.TINGLING)

    assert server.run_command("alerts", "send").exit_code == 0

    (message,) = mailbox.messages
    body = message.get_payload(decode=True).decode()
    assert "ada" in body and "pain stopped a stretch" in body
    assert "sign in to read it" in body
    assert "http://127.0.0.1:8765/people/ada" in body
    for detail in ("9/10", "Pain", "tingling", "cat-cow"):
        assert detail not in body and detail not in message["Subject"], detail


def test_the_reads_for_mail_are_in_the_persons_access_log(server: Server, mailbox: Mailbox) -> None:
    records = clinic(server)
    report_pain(server, records, 7, PainKind.NEITHER)

    assert server.run_command("alerts", "send").exit_code == 0

    log = server.accounts.access_log("ada")
    assert [(entry.reader, entry.what) for entry in log] == [("kim", "alerts (e-mail)")]


def test_a_refused_connection_is_one_error_line_and_marks_nothing(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = clinic(server)
    report_pain(server, records, 7, PainKind.NEITHER)
    smtp_environment(monkeypatch, free_port())

    result = server.run_command("alerts", "send")

    assert result.exit_code == 1
    (line,) = result.output.splitlines()
    assert line.startswith("Error: SMTP server 127.0.0.1:")
    assert "the connection was refused" in line
    assert "0 of 1 alert e-mails were sent, the rest are sent on the next run" in line
    assert records.alert_marks("kim") == []


def test_without_an_smtp_host_it_says_what_to_set_and_sends_nothing(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = clinic(server)
    report_pain(server, records, 7, PainKind.NEITHER)
    monkeypatch.delenv("BACKSTRETCH_SMTP_HOST", raising=False)

    result = server.run_command("alerts", "send")

    assert result.exit_code == 1
    assert result.output == (
        "Error: BACKSTRETCH_SMTP_HOST is not set: set it to the clinic's SMTP server (and "
        "BACKSTRETCH_SMTP_FROM to the address mail is sent from) to send alert e-mail\n"
    )
    assert records.alert_marks("kim") == []


def test_a_dry_run_prints_what_would_be_sent_and_sends_and_marks_nothing(
    server: Server, mailbox: Mailbox
) -> None:
    records = clinic(server)
    report_pain(server, records, 7, PainKind.NEITHER)

    result = server.run_command("alerts", "send", "--dry-run")

    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Would send 1 alert e-mail (--dry-run: none sent):",
        "  to kim <kim@example.org>: backstretch: a new alert about ada (pain stopped a stretch)",
    ]
    assert mailbox.messages == [] and records.alert_marks("kim") == []


def test_an_acknowledged_alert_is_not_e_mailed(server: Server, mailbox: Mailbox) -> None:
    from backstretch.coach.accounts import Reception
    from backstretch.coach.alerts import AlertDesk
    from backstretch.coach.sharing import Consent

    records = clinic(server)
    report_pain(server, records, 7, PainKind.NEITHER)
    desk = AlertDesk(Consent(Reception(server.accounts, server.people, server.clock.now)))
    kim = server.accounts.account("kim")
    assert kim is not None
    desk.acknowledge(kim, desk.alerts(kim)[0].alert.id)

    assert server.run_command("alerts", "send").output.startswith("Sent 0 alert e-mails")
    assert mailbox.messages == []


def test_a_clinicians_address_is_set_shown_and_removed(server: Server) -> None:
    clinic(server)
    assert server.run("email", "kim").output == "kim: kim@example.org\n"
    changed = server.run("email", "kim", " kim@clinic.example.org ")
    assert changed.output == "kim's alerts are e-mailed to kim@clinic.example.org.\n"
    removed = server.run("email", "kim", "--remove")
    assert removed.output == "Removed kim's e-mail address: no more alert e-mail.\n"
    assert server.run("email", "kim").output == "kim: no e-mail address (no alert e-mail)\n"


def test_a_wrong_address_or_a_persons_address_is_refused_and_nothing_is_added(
    server: Server,
) -> None:
    wrong = server.run("add", "kim", "--role", "clinician", "--email", "kim at example")
    assert (wrong.exit_code, wrong.output) == (
        1,
        "Error: e-mail address 'kim at example' is not one plain address: write it as "
        "name@example.org\n",
    )
    person = server.run("add", "ada", "--email", "ada@example.org")
    assert person.exit_code == 1
    assert person.output.startswith("Error: only clinicians are e-mailed alerts")
    assert server.accounts.accounts() == []
