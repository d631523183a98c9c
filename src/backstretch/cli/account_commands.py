"""`backstretch accounts`: the accounts of a shared server (`serve --accounts`), managed from the
machine it runs on. The decisions are the use cases' (coach/accounts.py)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from backstretch.cli.app import App
from backstretch.cli.terminal import is_terminal
from backstretch.coach.accounts import Reception, check_email, check_password
from backstretch.core.accounts import Account, Role, state
from backstretch.core.errors import BackstretchError
from backstretch.core.settings import EMAIL

URL_VARIABLE = "BACKSTRETCH_PUBLIC_URL"
DEFAULT_URL = "http://127.0.0.1:8765"
ROLES = click.Choice([role.value for role in Role])
URL_OPTION = click.option(
    "--url",
    metavar="URL",
    help=f"The address people open the server at, for the link (default: {URL_VARIABLE}, "
    f"else {DEFAULT_URL}).",
)


@contextmanager
def reception_of(app: App) -> Iterator[Reception]:
    """The server's accounts: the app's own (tests), else the data home's server database."""
    if app.accounts is not None and app.people is not None:
        yield Reception(app.accounts, app.people, app.wall_clock)
        return
    from backstretch.storage.database import open_accounts

    database = open_accounts(app.data_home)
    try:
        yield Reception(database.accounts, database.people, app.wall_clock)
    finally:
        database.close()


def public_url(given: str | None) -> str:
    """Where the server is reached, without a trailing slash, from --url or the environment."""
    url = (given or os.environ.get(URL_VARIABLE) or DEFAULT_URL).rstrip("/")
    if not url.startswith(("http://", "https://")):
        source = "--url" if given else URL_VARIABLE
        raise BackstretchError(
            f"{source} {url!r} is not a web address: write it as https://NAME or http://NAME:PORT"
        )
    return url


def print_invitation(username: str, token: str, url: str | None) -> None:
    click.echo(f"Send {username} this link to choose their password:")
    click.echo(f"  {public_url(url)}/invite/{token}")
    click.echo("It is valid for 72 hours and works once; a new one replaces it.")


@click.group()
def accounts() -> None:
    """Manage the accounts of a shared server (backstretch serve --accounts).

    \b
    Examples:
      backstretch accounts add ada --timezone Europe/London
      backstretch accounts add physio --role clinician
      backstretch accounts list
    """


@accounts.command()
@click.argument("username")
@click.option("--role", type=ROLES, default=Role.PERSON.value, show_default=True)
@click.option("--timezone", "time_zone", metavar="AREA/CITY", default="", help="Their time zone.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from standard input instead of printing an invitation link.",
)
@click.option(
    "--email",
    metavar="ADDRESS",
    help="A clinician's e-mail address, for alert e-mail (backstretch alerts send).",
)
@URL_OPTION
@click.pass_obj
def add(
    app: App,
    username: str,
    role: str,
    time_zone: str,
    password_stdin: bool,
    email: str | None,
    url: str | None,
) -> None:
    """Add an account and print its one-time invitation link (72 hours)."""
    check_email(Role(role), email)  # refused before anything is stored, like the rest
    password = read_password() if password_stdin else None
    if not password_stdin:
        public_url(url)  # a bad address is refused before anything is stored
    with reception_of(app) as reception:
        account = reception.add(username, role, time_zone)
        reception.set_email(account.username, email)
        if password is not None:
            reception.set_password(account.username, password)
            click.echo(f"Added {account.username} ({role}); they can sign in now.")
            return
        click.echo(f"Added {account.username} ({role}).")
        print_invitation(account.username, reception.invite(account.username), url)


def read_password() -> str:
    """One line of standard input (its line ending dropped), checked before any account is
    added, so a refused password leaves nothing behind."""
    return check_password(sys.stdin.readline().rstrip("\r\n"))


@accounts.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print the accounts as JSON.")
@click.pass_obj
def list_accounts(app: App, as_json: bool) -> None:
    """List the accounts, by username."""
    with reception_of(app) as reception:
        if as_json:
            click.echo(json.dumps(reception.listed(), indent=2))
            return
        found = reception.accounts.accounts()
    if not found:
        click.echo("No accounts yet: add one with backstretch accounts add USERNAME.")
    for account in found:
        created = account.created_at.date().isoformat()
        click.echo(
            f"{account.username:<24} {account.role.value:<10} {state(account):<22} {created}"
        )


@accounts.command()
@click.argument("username")
@URL_OPTION
@click.pass_obj
def invite(app: App, username: str, url: str | None) -> None:
    """Print a new invitation link for an account; earlier links stop working."""
    public_url(url)
    with reception_of(app) as reception:
        print_invitation(username, reception.invite(username), url)


@accounts.command()
@click.argument("username")
@click.argument("address", required=False)
@click.option("--remove", is_flag=True, help="Remove the address: no more alert e-mail.")
@click.pass_obj
def email(app: App, username: str, address: str | None, remove: bool) -> None:
    """Show or set the address a clinician's alerts are e-mailed to (backstretch alerts send)."""
    with reception_of(app) as reception:
        if address is None and not remove:
            stored = reception.records_of(reception.known(username)).get_setting(EMAIL)
            click.echo(f"{username}: {stored or 'no e-mail address (no alert e-mail)'}")
            return
        if address is not None and remove:
            raise click.UsageError("give an ADDRESS or --remove, not both")
        stored = reception.set_email(username, address)
    click.echo(
        f"{username}'s alerts are e-mailed to {stored}."
        if stored
        else f"Removed {username}'s e-mail address: no more alert e-mail."
    )


@accounts.command()
@click.argument("username")
@click.pass_obj
def disable(app: App, username: str) -> None:
    """Stop an account signing in; its sign-ins and invitation links end (its records stay)."""
    with reception_of(app) as reception:
        reception.disable(username)
    click.echo(f"Disabled {username}: signed out everywhere, and no sign-in works.")


@accounts.command()
@click.argument("username")
@click.pass_obj
def enable(app: App, username: str) -> None:
    """Let a disabled account sign in again (its password and records are as they were)."""
    with reception_of(app) as reception:
        reception.enable(username)
    click.echo(f"Enabled {username}: they can sign in again with their password.")


@accounts.command()
@click.argument("username")
@click.option("--yes", "-y", is_flag=True, help="Do not ask (for scripts).")
@click.pass_obj
def remove(app: App, username: str, yes: bool) -> None:
    """Remove an account and every record of theirs, after confirmation."""
    with reception_of(app) as reception:
        lost = what_is_lost(reception, reception.known(username))
        if not yes:
            if not is_terminal(sys.stdin):
                raise BackstretchError(
                    f"removing {username} erases {lost}; standard input is not a terminal, so "
                    "no one can confirm: add --yes to remove it"
                )
            if not click.confirm(f"Remove {username} and erase {lost}? This cannot be undone"):
                click.echo("Nothing removed.")
                return
        reception.remove(username)
    click.echo(f"Removed {username} and {lost}.")


def what_is_lost(reception: Reception, account: Account) -> str:
    """The account's records in words: `3 sessions and 5 pain ratings`."""
    records = reception.records_of(account)
    sessions, ratings = len(records.summaries()), len(records.pain_ratings())
    return (
        f"{sessions} session{'s' * (sessions != 1)} and {ratings} pain rating{'s' * (ratings != 1)}"
    )
