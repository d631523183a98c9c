"""`backstretch --user USERNAME`: a person of a household's or clinic's server runs the terminal
coach as themselves, on the server's own database, and their session runs what a clinician
prescribed for them: the same version the browser runs, said once with who prescribed it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from backstretch.catalog import Catalog
from backstretch.cli.app import App
from backstretch.cli.main import main
from backstretch.coach.accounts import Reception
from backstretch.coach.prescriptions import prescribe
from backstretch.coach.sharing import Consent
from backstretch.core.clock import FakeClock
from backstretch.core.history import new_id
from backstretch.core.pain_rules import PainAction, PainKind, PainReport
from backstretch.storage import open_repository
from backstretch.storage.database import open_accounts
from tests.cli.fakes import ScriptedKeyboard
from tests.coach.prescribing import my_back

PROGRAM = [sys.executable, "-m", "backstretch.cli.main"]
ZONE = "Europe/London"
HIP = "hip-flexor"  # daily-back holds it 10 s; kim prescribes 15 s


def prescribe_for_alice(home: Path, clock: FakeClock, **holds: float) -> None:
    """kim prescribes my-back for alice, as the browser's PUT does: through the consent
    use case (the read is logged for alice) and `prescribe`."""
    server = open_accounts(home)
    try:
        reception = Reception(server.accounts, server.people, clock.now)
        kim = reception.known("kim")
        records = Consent(reception).records_for(kim, "alice", "routine my-back")
        prescribe(records, my_back(**holds), "my-back", "kim", clock.now(), Catalog.builtin_ids())
    finally:
        server.close()


@pytest.fixture
def clinic(home: Path) -> FakeClock:
    """A fresh SQLite server database in `home`: alice (a person) shares with kim (a clinician),
    who prescribed my-back with hip-flexor held 10 s and then changed it to 15 s; bob is
    disabled, ada is an admin. The clock then moves on a day."""
    clock = FakeClock()
    server = open_accounts(home)
    try:
        reception = Reception(server.accounts, server.people, clock.now)
        alice = reception.add("alice", "person", ZONE)
        reception.add("kim", "clinician", ZONE)
        reception.add("bob", "person", ZONE)
        reception.add("ada", "admin", ZONE)
        reception.disable("bob")
        Consent(reception).share(alice, "kim")
    finally:
        server.close()
    prescribe_for_alice(home, clock, **{HIP: 10})
    clock.advance(3600)
    prescribe_for_alice(home, clock, **{HIP: 15})
    clock.advance(86_400)
    return clock


def run(
    home: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """`backstretch --home HOME ARGS...` in this process, on a fake clock of its own that
    starts at `clock`'s time (which then moves on as long as the command took)."""
    own = FakeClock(wall_start=clock.now())
    app = App(monotonic=own, wall_clock=own.now, keyboard=lambda: ScriptedKeyboard(own, []))
    with pytest.raises(SystemExit) as stop:
        main(["--home", str(home), *args], app=app)
    clock.advance(own())
    out, err = capsys.readouterr()
    return int(stop.value.code or 0), out, err


def holds_of(events: list[dict[str, Any]], exercise: str) -> list[float]:
    """How long each hold of `exercise` ran, from its start to its end event."""
    starts: dict[tuple[Any, ...], float] = {}
    spans = []
    for event in events:
        if event["exercise"] != exercise:
            continue
        key = (event["rep"], event["side"], event["phase"])
        if event["event"] == "hold_start":
            starts[key] = event["scheduled"]
        elif event["event"] == "hold_end":
            spans.append(round(event["scheduled"] - starts[key], 6))
    return spans


def start_alice(
    home: Path, clock: FakeClock, capsys: pytest.CaptureFixture[str]
) -> tuple[int, list[dict[str, Any]], str]:
    code, out, err = run(home, clock, capsys, "--user", "alice", "start", "--yes", "--events", "-")
    return code, [json.loads(line) for line in out.splitlines()], err


# -- the done-when ------------------------------------------------------------------------------
def test_alices_next_terminal_session_runs_the_changed_hold_and_says_who_prescribed_it(
    home: Path, clinic: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, events, said = start_alice(home, clinic, capsys)

    assert code == 0, said
    assert events[0]["event"] == "session_start" and events[-1]["status"] == "completed"
    assert holds_of(events, HIP) == [15.0] * 10  # 5 reps on each side, as prescribed
    assert "Daily back stretches: prescribed for you by kim on 5 Jan (version 2)." in said
    assert "What changed since your last session:" in said
    assert "  hip-flexor: hold 10 s → 15 s, changed by kim on 5 Jan" in said
    assert "Traceback" not in said


def test_what_changed_is_said_once_and_the_prescription_every_time(
    home: Path, clinic: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    start_alice(home, clinic, capsys)
    clinic.advance(86_400)

    code, events, said = start_alice(home, clinic, capsys)

    assert code == 0, said
    assert holds_of(events, HIP) == [15.0] * 10
    assert "prescribed for you by kim on 5 Jan (version 2)." in said
    assert "What changed" not in said and "→" not in said


def test_a_change_after_a_session_is_told_before_the_next_one(
    home: Path, clinic: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    start_alice(home, clinic, capsys)
    clinic.advance(86_400)
    prescribe_for_alice(home, clinic, **{HIP: 20})
    clinic.advance(3600)

    code, events, said = start_alice(home, clinic, capsys)

    assert code == 0, said
    assert holds_of(events, HIP) == [20.0] * 10
    assert "prescribed for you by kim on 7 Jan (version 3)." in said
    assert "  hip-flexor: hold 15 s → 20 s, changed by kim on 7 Jan" in said
    assert "10 s → 15 s" not in said  # told before the session before


def test_alices_sessions_are_kept_as_hers_and_the_personal_records_are_untouched(
    home: Path, clinic: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    start_alice(home, clinic, capsys)

    code, out, err = run(home, clinic, capsys, "--user", "alice", "history", "--json")
    assert code == 0, err
    assert [(s["routine"], s["status"]) for s in json.loads(out)] == [("my-back", "completed")]
    server = open_accounts(home)
    try:
        reception = Reception(server.accounts, server.people, clinic.now)
        kims = reception.records_of(reception.known("kim"))
        assert kims.summaries() == []
    finally:
        server.close()
    personal = open_repository(home)
    try:
        assert personal.summaries() == []
    finally:
        personal.close()


def test_a_stretch_stopped_for_pain_today_is_passed_over_in_the_prescribed_routine(
    home: Path, clinic: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    server = open_accounts(home)
    try:
        reception = Reception(server.accounts, server.people, clinic.now)
        records = reception.records_of(reception.known("alice"))
        stopped = PainReport(new_id(), None, HIP, 7, PainKind.SHARP, PainAction.STOP, clinic.now())
        records.add_pain_report(stopped)
    finally:
        server.close()
    clinic.advance(60)

    code, events, said = start_alice(home, clinic, capsys)

    assert code == 0, said
    assert holds_of(events, HIP) == []
    assert holds_of(events, "childs-pose") == [10.0] * 5


# -- routines, show and plan --------------------------------------------------------------------
def test_routines_lists_the_prescribed_routine_with_who_prescribed_it(
    home: Path, clinic: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(home, clinic, capsys, "--user", "alice", "routines", "--json")

    assert code == 0, err
    sources = {row["id"]: row["source"] for row in json.loads(out)}
    assert sources["my-back"] == "prescribed by kim"
    assert sources["daily-back"] == "built-in"
    code, out, err = run(home, clinic, capsys, "routines", "--json")
    assert "my-back" not in {row["id"] for row in json.loads(out)}  # not without --user


def test_show_and_plan_show_the_prescribed_doses(
    home: Path, clinic: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(home, clinic, capsys, "--user", "alice", "show", "--json")
    assert code == 0, err
    shown = json.loads(out)
    assert shown["id"] == "my-back"
    assert [e["hold_seconds"] for e in shown["exercises"] if e["id"] == HIP] == [15]

    code, out, err = run(home, clinic, capsys, "--user", "alice", "show", "my-back")
    assert code == 0, err
    assert out.startswith("Daily back stretches: prescribed for you by kim on 5 Jan (version 2).")

    code, out, err = run(home, clinic, capsys, "--user", "alice", "plan")
    assert code == 0, err
    assert "prescribed for you by kim on 5 Jan (version 2)." in out
    [hip] = [line for line in out.splitlines() if "Hip Flexor" in line]
    assert "15 s x 5" in hip and "(routine: 15 s x 5)" in hip


def test_the_handout_is_of_the_prescribed_routine(
    home: Path, clinic: FakeClock, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "mine.pdf"
    code, _, err = run(home, clinic, capsys, "--user", "alice", "handout", "-o", str(target))

    assert code == 0, err
    text = " ".join(page.extract_text() or "" for page in PdfReader(target).pages)
    hip = text[text.index("Hip Flexor Stretch") :][:400]
    assert "15 s" in hip and "10 s" not in hip, hip


def test_a_built_in_routine_named_on_the_command_line_is_run_as_it_is(
    home: Path, clinic: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        home, clinic, capsys, "--user", "alice", "start", "daily-back", "--yes", "--events", "-"
    )

    assert code == 0, err
    events = [json.loads(line) for line in out.splitlines()]
    assert holds_of(events, HIP) == [10.0] * 10
    assert "prescribed" not in err


# -- refusals -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("username", "words"),
    [
        ("nobody", "--user nobody: no account has the username 'nobody'"),
        ("kim", "--user kim: kim is a clinician's account, not a person's"),
        ("ada", "--user ada: ada is an admin account, not a person's"),
        ("bob", "--user bob: the account 'bob' is disabled; turn it back on first with"),
    ],
)
def test_a_name_that_is_not_an_enabled_persons_account_is_refused_with_exit_2(
    home: Path, clinic: FakeClock, capsys: pytest.CaptureFixture[str], username: str, words: str
) -> None:
    for command in (["start", "--yes"], ["history"], ["routines"]):
        code, out, err = run(home, clinic, capsys, "--user", username, *command)

        assert code == 2, (command, out, err)
        assert err.startswith(f"Error: {words}"), err
        assert "Traceback" not in err and out == ""


def test_a_database_without_accounts_is_refused_and_stays_the_personal_one(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = FakeClock()
    code, out, err = run(home, clock, capsys, "pain", "3")
    assert code == 0, err

    code, out, err = run(home, clock, capsys, "--user", "alice", "start", "--yes")

    assert (code, out) == (2, "")
    assert err.startswith("Error: --user alice: this database has no accounts"), err
    assert "leave out --user" in err
    personal = open_repository(home)
    try:
        assert [r.level for r in personal.pain_ratings()] == [3]
        assert personal.summaries() == []
    finally:
        personal.close()


def test_server_commands_refuse_a_user(
    home: Path, clinic: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(home, clinic, capsys, "--user", "alice", "accounts", "list")

    assert code == 2
    assert "--user is for one person's own commands; `accounts` works on the whole server" in err


# -- as a person types it -----------------------------------------------------------------------
def test_the_environment_names_the_user_and_a_fast_start_runs_the_prescription(
    home: Path, clinic: FakeClock
) -> None:
    env = {**os.environ, "BACKSTRETCH_HOME": str(home), "BACKSTRETCH_USER": "alice"}
    started = subprocess.run(
        [*PROGRAM, "start", "--speed", "600", "--yes", "--events", "-"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )

    assert started.returncode == 0, started.stderr
    events = [json.loads(line) for line in started.stdout.splitlines()]
    assert holds_of(events, HIP) == [pytest.approx(15 / 600, abs=1e-6)] * 10
    assert "prescribed for you by kim on 5 Jan" in started.stderr  # then the year, if not this
    assert "(version 2)." in started.stderr
    refused = subprocess.run(
        [*PROGRAM, "history"],  # the quick path reads BACKSTRETCH_USER too
        env={**env, "BACKSTRETCH_USER": "kim"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 2
    assert refused.stderr.startswith("Error: --user kim: kim is a clinician's account")


def test_without_user_nothing_changes(home: Path, clinic: FakeClock) -> None:
    env = {k: v for k, v in os.environ.items() if k != "BACKSTRETCH_USER"}
    started = subprocess.run(
        [*PROGRAM, "start", "--speed", "600", "--yes", "--events", "-"],
        env={**env, "BACKSTRETCH_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )

    assert started.returncode == 0, started.stderr
    events = [json.loads(line) for line in started.stdout.splitlines()]
    assert events[0]["routine"] == "daily-back"
    assert holds_of(events, HIP) == [pytest.approx(10 / 600, abs=1e-6)] * 10
    assert "prescribed" not in started.stderr
