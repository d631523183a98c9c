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
from backstretch.core.clock import WallClock, wall_now
from backstretch.core.errors import BackstretchError, InvalidRoutine

if TYPE_CHECKING:
    from backstretch.storage.repository import Repository

EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


@dataclass
class App:
    """Settings chosen once at the command boundary and handed to the commands."""

    home: Path | None = None
    debug: bool = False
    wall_clock: WallClock = field(default=wall_now)
    repository: Repository | None = None  # given by tests and the web app; else opened per command

    @cached_property
    def data_home(self) -> Path:
        if self.home is not None:
            return self.home.expanduser()
        import platformdirs

        return Path(platformdirs.user_data_dir("backstretch", appauthor=False))

    @cached_property
    def catalog(self) -> Any:
        from backstretch.catalog import Catalog

        return Catalog(self.data_home)


@contextmanager
def opened(app: App) -> Iterator[Repository]:
    """The app's repository if it has one (tests, web), else the database of its data home."""
    if app.repository is not None:
        yield app.repository
        return
    from backstretch.storage.database import open_repository

    repository = open_repository(app.data_home)
    try:
        yield repository
    finally:
        repository.close()


def new_id() -> str:
    import uuid

    return str(uuid.uuid4())


# -- errors ---------------------------------------------------------------------------------------
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
        return EXIT_ERROR
    except KeyboardInterrupt:
        echo("\nStopped.", err=True)
        return EXIT_INTERRUPTED
