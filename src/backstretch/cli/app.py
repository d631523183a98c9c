"""What every command shares: where the data lives, and the one place errors become messages.

Nothing here imports click, so the quick commands (cli/quick.py) can start without it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backstretch.cli.terminal import echo
from backstretch.core.clock import MonotonicClock, WallClock, monotonic, wall_now
from backstretch.core.errors import BackstretchError, InvalidRoutine

if TYPE_CHECKING:
    from backstretch.cli.keyboard import Keyboard
    from backstretch.storage.accounts import Accounts
    from backstretch.storage.repository import People, Repository

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


@dataclass
class App:
    """What the commands run with, chosen once at the command boundary: the data home, the
    clocks, how to wait and read keys, and (for tests and the web app) a repository. The
    production defaults are here; `main` takes any of them as parameters, so a whole `start`
    runs in a test in milliseconds on a FakeClock."""

    home: Path | None = None
    debug: bool = False
    wall_clock: WallClock = field(default=wall_now)
    repository: Repository | None = None  # given by tests and the web app; else opened per command
    monotonic: MonotonicClock = field(default=monotonic)
    sleep: Callable[[float], None] | None = None  # None: time.sleep
    keyboard: Callable[[], Keyboard] | None = None  # None: the terminal's keys
    accounts: Accounts | None = None  # a server's accounts and people (tests); else the
    people: People | None = None  # data home's server database, opened by `accounts`
    user: str | None = None  # --user: the server account whose records the commands keep

    def make_keyboard(self) -> Keyboard:
        if self.keyboard is not None:
            return self.keyboard()
        import time

        from backstretch.cli.keyboard import Keyboard

        return Keyboard(sleep=self.sleep or time.sleep)

    @cached_property
    def data_home(self) -> Path:
        if self.home is not None:
            return self.home.expanduser()
        from backstretch.storage.database import default_home

        return default_home()

    @cached_property
    def catalog(self) -> Any:
        from backstretch.catalog import Catalog

        return Catalog(self.data_home)


@contextmanager
def opened(app: App, check: bool = False) -> Iterator[Repository]:
    """The app's repository if it has one (tests, web), else the database of its data home;
    `check` first checks that file for damage and that it can be written (for `start`)."""
    if app.repository is not None:
        yield app.repository
        return
    if app.user is not None:
        with user_records(app, app.user) as records:
            yield records
        return
    from backstretch.storage.database import open_repository

    repository = open_repository(app.data_home, check=check)
    try:
        yield repository
    finally:
        repository.close()


@contextmanager
def user_records(app: App, username: str) -> Iterator[Repository]:
    """The records of `username`'s person on the server's database (the app's accounts in
    tests, else the data home's, as `backstretch accounts` opens it); UsageRefused when the
    name is not an enabled person's account there."""
    from backstretch.coach.accounts import NotAPersonHere, Reception

    if app.accounts is not None and app.people is not None:
        accounts, people, server = app.accounts, app.people, None
    else:
        from backstretch.storage.database import open_accounts

        server = open_accounts(app.data_home)
        accounts, people = server.accounts, server.people
    try:
        reception = Reception(accounts, people, app.wall_clock)
        try:
            account = reception.person_at_terminal(username)
        except NotAPersonHere as error:
            raise UsageRefused(f"--user {username[:60]}: {error}") from None
        records = reception.records_of(account)
        try:
            yield records
        finally:
            if server is not None:
                records.close()
    finally:
        if server is not None:
            server.close()


# -- errors ---------------------------------------------------------------------------------------
class UsageRefused(BackstretchError):
    """A command line that cannot be followed as given (exit 2, as click's usage errors)."""


def print_error(error: BackstretchError) -> None:
    lines = [str(p) for p in error.problems] if isinstance(error, InvalidRoutine) else [str(error)]
    for line in lines:
        echo(f"Error: {line}", err=True)


def guarded(run: Callable[[], int], debug: bool) -> int:
    """Run a command and return its exit code: a BackstretchError becomes one `Error: ...` line
    (exit 1; a traceback with --debug), Ctrl-C exits 130."""
    try:
        return run()
    except BackstretchError as error:
        if debug:
            raise
        print_error(error)
        return EXIT_USAGE if isinstance(error, UsageRefused) else EXIT_ERROR
    except KeyboardInterrupt:
        echo("\nStopped.", err=True)
        return EXIT_INTERRUPTED
