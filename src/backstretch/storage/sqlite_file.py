"""Opening the SQLite history file without ever making things worse.

- A new database is built beside the path and moved into place in one step, so the path never
  holds a half-made database (a kill during the first run leaves nothing behind).
- A file that is there but is not a backstretch database (0 bytes, or no schema version) is
  refused with a message and left byte for byte as it was: it is never re-created over.
- A file or folder that cannot be written is opened read-only, so `history`, `stats` and `export`
  still work; writes then fail with a message that says how to fix the mode. A `-shm` or `-wal`
  file left read-only beside a database that can be written again is made writable first, as
  SQLite would otherwise keep the whole database read-only.
- Damage: `check=True` (for `start`, which then records for many minutes) runs SQLite's
  quick_check before anything is written. It costs about 85 ms on ten years of daily sessions,
  most of the 100 ms budget of quick commands, so `pain` and `history` skip it and report damage
  the first time a query meets it (`explain`), with the same advice.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from backstretch.storage.repository import StorageError
from backstretch.storage.schema import (
    BUSY_TIMEOUT_SECONDS,
    READ_PRAGMAS,
    SQLITE_PRAGMAS,
    is_current,
    make_engine,
    migrate,
)

SIDE_FILES = ("-wal", "-shm")
DAMAGE_WORDS = ("malformed", "not a database", "corrupt")
LEFT_AS_IT_IS = "it was left as it is"


# -- messages -------------------------------------------------------------------------------------
def damaged(where: str, detail: str) -> StorageError:
    name = Path(where).name
    return StorageError(
        f"{where}: the history database is damaged ({detail}); {LEFT_AS_IT_IS}. To recover: "
        "save what can still be read with `backstretch export -o saved.json`, rename the damaged "
        f"file (for example to {name}.damaged), then run `backstretch import saved.json` (or a "
        "file you exported earlier) to start a fresh history from it"
    )


def read_only(where: str) -> StorageError:
    path = Path(where)
    file = path.exists() and not os.access(path, os.W_OK)
    blocked, kind = (path, "file") if file else (path.parent, "folder")
    return StorageError(
        f"{where}: the history database cannot be written (read-only {kind}), so nothing was "
        f"saved; make it writable (`chmod u+w {blocked}`) and try again"
    )


def not_ours(where: str, what: str) -> StorageError:
    return StorageError(
        f"{where}: the history database {what}; {LEFT_AS_IT_IS}. Put back a copy of your "
        "history if you have one, or rename this file: backstretch then starts a fresh history, "
        "and `backstretch import FILE` brings back one you exported"
    )


def busy(where: str) -> StorageError:
    return StorageError(
        f"{where}: the history database stayed busy for more than "
        f"{BUSY_TIMEOUT_SECONDS:.0f} s; try again"
    )


def explain(error: sqlite3.Error, where: str) -> StorageError:
    """What a SQLite failure means to the person, whatever step met it."""
    text = str(error)
    if any(word in text for word in DAMAGE_WORDS):
        return damaged(where, text)
    if "readonly" in text or "read-only" in text:
        return read_only(where)
    if "locked" in text or "busy" in text:
        return busy(where)
    return StorageError(f"{where}: {text}")


# -- opening --------------------------------------------------------------------------------------
def writable(path: Path) -> bool:
    """True if SQLite may write the file and create its -wal and -shm files beside it."""
    folder = os.access(path.parent, os.W_OK | os.X_OK)
    return folder and (not path.exists() or os.access(path, os.W_OK))


def read_revision(connection: sqlite3.Connection) -> str | None:
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            return None
        raise
    return None if row is None else str(row[0])


def connect(path: Path, read_only: bool = False) -> sqlite3.Connection:
    """A sqlite3 connection in autocommit mode (we say BEGIN ourselves), pragmas not yet set.

    Read-only connections use `mode=ro`; in a folder nobody may write, with no -wal file beside
    the database, also `immutable=1`: SQLite then needs no -shm file, and nothing can change the
    file while it reads."""
    target, uri = str(path), False
    if read_only:
        immutable = not os.access(path.parent, os.W_OK) and not Path(f"{path}-wal").exists()
        target, uri = path.absolute().as_uri() + "?mode=ro" + "&immutable=1" * immutable, True
    return sqlite3.connect(
        target, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False, uri=uri
    )


def set_pragmas(connection: sqlite3.Connection, read_only: bool) -> None:
    for pragma in READ_PRAGMAS if read_only else SQLITE_PRAGMAS:
        connection.execute(pragma)


def release_side_files(path: Path) -> None:
    """Make a -wal or -shm file left read-only writable again, as the database is."""
    for suffix in SIDE_FILES:
        side = Path(f"{path}{suffix}")
        if side.exists() and not os.access(side, os.W_OK):
            try:
                side.chmod(path.stat().st_mode & 0o666)
            except OSError:
                raise StorageError(
                    f"{side} is read-only, which keeps the history database read-only; make it "
                    f"writable (`chmod u+w {side}`) or delete it while no backstretch is running"
                ) from None


def create(path: Path) -> None:
    """Build a new database beside `path` and move it into place in one step; if another
    process got there first, keep theirs."""
    draft = path.with_name(f".{path.name}.{os.getpid()}.new")
    try:
        engine = make_engine(f"sqlite:///{draft}")
        try:
            migrate(engine, str(path))
        finally:
            engine.dispose()
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another backstretch made it first: theirs is as good as ours
        except OSError:  # a file system without hard links
            if not path.exists():
                draft.replace(path)
    finally:
        for leftover in (draft, *(Path(f"{draft}{suffix}") for suffix in SIDE_FILES)):
            leftover.unlink(missing_ok=True)


def open_connection(path: Path, check: bool) -> sqlite3.Connection:
    """A connection to the backstretch database at `path`, created if missing; read-only when
    the file or folder cannot be written (refused instead when `check` asks to write)."""
    where = str(path)
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            raise read_only(where) from None
        if not writable(path):
            raise read_only(where)
        create(path)
    if path.stat().st_size == 0:
        raise not_ours(where, "is an empty file (0 bytes)")
    can_write = writable(path)
    if check and not can_write:
        raise read_only(where)
    if can_write:
        release_side_files(path)
    connection = connect(path, read_only=not can_write)
    try:
        prepare(connection, where, check, can_write)
    except BaseException:
        connection.close()
        raise
    return connection


def prepare(connection: sqlite3.Connection, where: str, check: bool, can_write: bool) -> None:
    """Refuse what is not ours, newer or damaged before anything is written; then set the pragmas
    and bring the schema up to date."""
    revision = read_revision(connection)
    if revision is None:
        raise not_ours(where, "is not a backstretch history database (it has no schema version)")
    current = is_current(revision, where)
    if check:
        found = "\n".join(row[0] for row in connection.execute("PRAGMA quick_check(2)"))
        if found != "ok":
            problems = [line for line in found.splitlines() if not line.startswith("***")]
            raise damaged(where, "; ".join(problems[:2]))
    set_pragmas(connection, read_only=not can_write)
    if current:
        return
    if not can_write:
        raise read_only(where)
    engine = make_engine(f"sqlite:///{where}")
    try:
        migrate(engine, where)
    finally:
        engine.dispose()
