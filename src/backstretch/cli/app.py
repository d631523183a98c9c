"""What every command shares: where the data lives, and the one place errors become messages."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from backstretch.core.clock import MonotonicClock, WallClock, monotonic, wall_now
from backstretch.core.errors import BackstretchError, InvalidRoutine

if TYPE_CHECKING:
    from backstretch.cli.keyboard import Keyboard
    from backstretch.storage.repository import Repository

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
    from backstretch.storage.database import open_repository

    repository = open_repository(app.data_home, check=check)
    try:
        yield repository
    finally:
        repository.close()


def print_error(error: BackstretchError) -> None:
    lines = [str(p) for p in error.problems] if isinstance(error, InvalidRoutine) else [str(error)]
    for line in lines:
        click.echo(f"Error: {line}", err=True)


def run_guarded(run: Callable[[], Any], debug: bool) -> None:
    """Run the command line; map errors to exit codes and one-line messages."""
    try:
        code = run()
    except BackstretchError as error:
        if debug:
            raise
        print_error(error)
        sys.exit(EXIT_ERROR)
    except click.exceptions.Abort:
        click.echo("\nStopped.", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.exceptions.Exit as error:
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        click.echo("\nStopped.", err=True)
        sys.exit(EXIT_INTERRUPTED)
    sys.exit(code if isinstance(code, int) else 0)
