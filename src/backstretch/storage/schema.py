"""Schema revisions and migrations.

The revisions this code knows are listed here, so an up-to-date database is recognised with one
query and without importing Alembic (which, with SQLAlchemy, costs about half a second). Alembic
runs only when the database is new or older than the code; a database from a newer backstretch
is refused with a message, never touched. tests/storage/test_schema.py checks this list against
the migration scripts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from backstretch.storage.repository import StorageError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

HEAD = "0008"
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008")
SCRIPT_LOCATION = "backstretch.storage:migrations"
BUSY_TIMEOUT_SECONDS = 15.0  # concurrent writers wait this long for each other before giving up
BEGIN_OPTION = "backstretch_begin"  # execution option: "DEFERRED" for a connection that only reads
READ_PRAGMAS = (  # the ones a read-only connection takes too: none of them writes
    "PRAGMA foreign_keys = ON",
    f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}",
)
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode = WAL",  # readers never block the writer, and the writer never blocks them
    *READ_PRAGMAS,
    "PRAGMA synchronous = FULL",  # a committed hold survives a power cut too, not only a kill
)


def is_current(revision: str | None, where: str) -> bool:
    """True if the database is at the code's revision; False if it needs migrating (or is new);
    StorageError if a newer backstretch wrote it."""
    if revision == HEAD:
        return True
    if revision is None or revision in KNOWN_REVISIONS:
        return False
    raise StorageError(
        f"{where}: this database was written by a newer backstretch (schema revision {revision}, "
        f"this version knows up to {HEAD}); upgrade backstretch to use it"
    )


def make_engine(url: str) -> Engine:
    """An SQLAlchemy engine; for SQLite with the same pragmas as the sqlite3 repository and
    write transactions that take the write lock at once (BEGIN IMMEDIATE), so two writers queue
    instead of one failing with "database is locked"."""
    from sqlalchemy import create_engine, event

    is_sqlite = url.startswith("sqlite")
    connect_args = {"timeout": BUSY_TIMEOUT_SECONDS} if is_sqlite else {}
    # preserve_rowcount: the import counts what it added from each insert's row count, which
    # SQLAlchemy only keeps for INSERT when asked (psycopg otherwise reports -1).
    engine = create_engine(
        url, connect_args=connect_args, execution_options={"preserve_rowcount": True}
    )
    if is_sqlite:

        @event.listens_for(engine, "connect")
        def on_connect(dbapi_connection: Any, record: Any) -> None:
            dbapi_connection.isolation_level = None  # transactions are begun below, not by sqlite3
            for pragma in SQLITE_PRAGMAS:
                dbapi_connection.execute(pragma)

        @event.listens_for(engine, "begin")
        def on_begin(connection: Any) -> None:
            mode = connection.get_execution_options().get(BEGIN_OPTION, "IMMEDIATE")
            connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def migrate(engine: Engine, where: str) -> None:
    """Bring the database to HEAD inside one write transaction (a second process waits, then
    finds nothing to do). StorageError if a newer backstretch wrote it."""
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext

    with engine.begin() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
        if is_current(revision, where):
            return
        config = Config()
        config.set_main_option("script_location", SCRIPT_LOCATION)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
