"""`backstretch accounts`, run in process over MemoryAccounts (App carries them)."""

from __future__ import annotations

import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from backstretch.cli.app import App
from backstretch.cli.commands import run_click
from backstretch.core.clock import FakeClock
from backstretch.core.history import PainContext, PainRating, new_id
from backstretch.storage import MemoryRepository
from backstretch.storage.memory_accounts import MemoryAccounts
from tests.coach.test_accounts import PASSWORD


@dataclass
class Result:
    exit_code: int
    output: str  # standard output, then standard error


class Server:
    """MemoryAccounts, and `backstretch accounts ...` run over them in process."""

    def __init__(self, capsys: pytest.CaptureFixture[str], home: Path | None = None) -> None:
        self.capsys = capsys
        self.clock = FakeClock()
        self.people = MemoryRepository()
        self.accounts = MemoryAccounts(self.people)
        self.home = home

    def run(self, *args: str, stdin: str = "", with_accounts: bool = True) -> Result:
        return self.run_command("accounts", *args, stdin=stdin, with_accounts=with_accounts)

    def run_command(self, *args: str, stdin: str = "", with_accounts: bool = True) -> Result:
        """`backstretch ARGS...` with these accounts."""
        app = App(home=self.home, wall_clock=self.clock.now)
        if with_accounts:
            app.accounts, app.people = self.accounts, self.people
        kept, sys.stdin = sys.stdin, io.StringIO(stdin)
        try:
            code = run_click(list(args), False, app)
        finally:
            sys.stdin = kept
        captured = self.capsys.readouterr()
        return Result(code, captured.out + captured.err)


def test_adding_an_account_prints_a_one_time_invitation_link(server: Server) -> None:
    result = server.run("add", "ada", "--timezone", "Europe/London")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Added ada (person)."
    assert lines[2].startswith("  http://127.0.0.1:8765/invite/")
    assert "valid for 72 hours and works once" in lines[3]
    assert server.accounts.invitation_username(*token_of(lines[2]), server.clock.now()) == "ada"


def token_of(line: str) -> tuple[str]:
    from backstretch.coach.accounts import token_hash

    return (token_hash(line.rsplit("/", 1)[1]),)


def test_the_link_names_the_public_address(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKSTRETCH_PUBLIC_URL", "https://stretch.example.org/")
    result = server.run("add", "ada")
    assert "  https://stretch.example.org/invite/" in result.output
    result = server.run("invite", "ada", "--url", "https://mat.lan:8443")
    assert "  https://mat.lan:8443/invite/" in result.output


def test_a_bad_address_is_refused_before_the_account_is_added(server: Server) -> None:
    result = server.run("add", "ada", "--url", "mat.lan")
    assert result.exit_code == 1
    assert "Error: --url 'mat.lan' is not a web address" in result.output
    assert server.accounts.accounts() == []


def test_a_password_from_standard_input_lets_the_account_sign_in_at_once(server: Server) -> None:
    result = server.run(
        "add", "ada", "--role", "clinician", "--password-stdin", stdin=PASSWORD + "\n"
    )
    assert result.exit_code == 0, result.output
    assert result.output == "Added ada (clinician); they can sign in now.\n"
    assert server.accounts.password_hash("ada") is not None


def test_a_refused_password_adds_no_account(server: Server) -> None:
    result = server.run("add", "ada", "--password-stdin", stdin="short\n")
    assert result.exit_code == 1
    assert "Error: the password is 5 characters long: use at least 10" in result.output
    assert server.accounts.accounts() == []


def test_a_bad_username_or_time_zone_is_one_error_line(server: Server) -> None:
    for args in (["Ada"], ["ada", "--timezone", "Mars/Olympus"]):
        result = server.run("add", *args)
        assert result.exit_code == 1
        assert result.output.startswith("Error: ")
        assert len(result.output.splitlines()) == 1


def test_the_list_shows_each_account_and_its_state(server: Server) -> None:
    server.run("add", "bob")
    server.run("add", "ada", "--password-stdin", stdin=PASSWORD)
    server.run("add", "root", "--role", "admin")
    server.run("disable", "root")
    lines = server.run("list").output.splitlines()
    assert [line.split()[:3] for line in lines] == [
        ["ada", "person", "active"],
        ["bob", "person", "invited"],
        ["root", "admin", "disabled"],
    ]
    found = json.loads(server.run("list", "--json").output)
    assert [(a["username"], a["role"], a["has_password"]) for a in found] == [
        ("ada", "person", True),
        ("bob", "person", False),
        ("root", "admin", False),
    ]


def test_a_new_invitation_replaces_the_earlier_link(server: Server) -> None:
    first = server.run("add", "ada").output.splitlines()[2]
    second = server.run("invite", "ada").output.splitlines()[1]
    now = server.clock.now()
    assert server.accounts.invitation_username(*token_of(first), now) is None
    assert server.accounts.invitation_username(*token_of(second), now) == "ada"


def test_disabling_an_unknown_account_is_an_error(server: Server) -> None:
    result = server.run("disable", "ghost")
    assert result.exit_code == 1
    assert result.output.startswith("Error: no account has the username 'ghost'")


def test_removing_without_a_terminal_needs_yes_and_names_what_is_lost(server: Server) -> None:
    server.run("add", "ada")
    account = server.accounts.account("ada")
    assert account is not None
    records = server.people.for_person(account.person_id)
    records.add_pain(PainRating(new_id(), 3, PainContext.USUAL, server.clock.now()))
    refused = server.run("remove", "ada")
    assert refused.exit_code == 1
    assert "removing ada erases 0 sessions and 1 pain rating" in refused.output
    assert "add --yes" in refused.output
    assert server.accounts.account("ada") is not None
    removed = server.run("remove", "ada", "--yes")
    assert removed.exit_code == 0, removed.output
    assert removed.output == "Removed ada and 0 sessions and 1 pain rating.\n"
    assert server.accounts.account("ada") is None


def test_removing_at_a_terminal_asks_first(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("backstretch.cli.account_commands.is_terminal", lambda stream: True)
    server.run("add", "ada")
    kept = server.run("remove", "ada", stdin="n\n")
    assert (
        "Remove ada and erase 0 sessions and 0 pain ratings? This cannot be undone" in kept.output
    )
    assert kept.output.endswith("Nothing removed.\n")
    assert server.accounts.account("ada") is not None
    assert server.run("remove", "ada", stdin="y\n").exit_code == 0
    assert server.accounts.account("ada") is None


def test_accounts_are_kept_in_the_data_homes_database_made_on_first_use(
    server: Server, home: Path
) -> None:
    added = server.run("add", "ada", "--role", "clinician", with_accounts=False)
    assert added.exit_code == 0, added.output
    assert (home / "backstretch.db").exists()
    listed = server.run("list", "--json", with_accounts=False)
    assert [(found["username"], found["role"]) for found in json.loads(listed.output)] == [
        ("ada", "clinician")
    ]


def test_a_damaged_database_is_refused_and_left_as_it_was(server: Server, home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "backstretch.db").write_bytes(b"not a database at all, but somebody's file" * 100)
    result = server.run("add", "ada", with_accounts=False)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert "Traceback" not in result.output
    assert (home / "backstretch.db").read_bytes().startswith(b"not a database at all")


def test_the_json_list_names_each_accounts_time_zone(server: Server) -> None:
    server.run("add", "ada", "--timezone", "Europe/London")
    server.run("add", "bob")
    found = json.loads(server.run("list", "--json").output)
    assert [(a["username"], a["time_zone"]) for a in found] == [
        ("ada", "Europe/London"),
        ("bob", ""),
    ]
    assert set(found[0]) == {
        "username",
        "role",
        "time_zone",
        "state",
        "disabled",
        "has_password",
        "created_at",
    }


def test_a_disabled_account_is_not_invited_and_the_error_says_how_to_turn_it_back_on(
    server: Server,
) -> None:
    server.run("add", "ada", "--password-stdin", stdin=PASSWORD)
    server.run("disable", "ada")
    refused = server.run("invite", "ada")
    assert refused.exit_code == 1
    assert refused.output == (
        "Error: the account 'ada' is disabled, so it cannot be invited: turn it back on first "
        "with backstretch accounts enable ada\n"
    )
    enabled = server.run("enable", "ada")
    assert (enabled.exit_code, enabled.output) == (
        0,
        "Enabled ada: they can sign in again with their password.\n",
    )
    account = server.accounts.account("ada")
    assert account is not None and not account.disabled
    assert server.run("invite", "ada").exit_code == 0


def test_enabling_an_unknown_account_is_an_error(server: Server) -> None:
    result = server.run("enable", "ghost")
    assert result.exit_code == 1
    assert result.output.startswith("Error: no account has the username 'ghost'")
