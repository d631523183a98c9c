"""History at scale: ten years of daily sessions (target: `history` and `stats` under 100 ms each).

Run: .venv/bin/python benchmarks/history_scale.py [--years 10] [--runs 15]
     .venv/bin/python benchmarks/history_scale.py --server [--people 1000] [--runs 15]

Fills a temporary home with one daily-back session a day (65 holds each, a few skipped, pain
before and after) through the repository's bulk import, then times `backstretch history` and
`backstretch stats` as subprocesses (median and p90 of --runs) and reports the database size per
session. Bytecode caching is on for the measurement, as in an installed copy.

`--server`: a clinic's database instead. A throwaway PostgreSQL (started as the tests start it,
tests/postgres.py) is filled with --people people of a year of such sessions each, by COPY, and
one person's `history` and `stats` are timed in this process through `for_person`, the path a
server takes for each request (the database already open), on people taken across the table.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from backstretch.catalog import Catalog
from backstretch.core.history import (
    History,
    HoldRecord,
    PainContext,
    PainRating,
    SessionRecord,
    SessionStatus,
    doses_of,
)
from backstretch.core.person import Person
from backstretch.core.timeline import plan
from backstretch.export.history_io import history_as_json
from backstretch.storage import open_repository
from backstretch.storage.rows import (
    HOLD_COLUMNS,
    PAIN_COLUMNS,
    SESSION_COLUMNS,
    hold_row,
    pain_row,
    session_row,
)

TARGET_MS = 100.0
COMMANDS = (["history"], ["history", "--json"], ["stats"], ["stats", "--json"], ["pain", "3"])


def executable() -> str:
    beside = Path(sys.executable).with_name("backstretch")
    return str(beside) if beside.exists() else (shutil.which("backstretch") or "backstretch")


def ten_years(days: int, today: datetime) -> History:
    """One session a day for `days` days up to today, with every hold and two pain ratings."""
    routine = Catalog(Path(tempfile.gettempdir())).builtin("daily-back")
    timeline = plan(routine)
    doses = doses_of(routine)
    chance = random.Random(20260105)
    sessions: list[SessionRecord] = []
    holds: list[HoldRecord] = []
    pain: list[PainRating] = []
    for day in range(days, 0, -1):
        started = today - timedelta(days=day, hours=chance.uniform(-1, 1))
        session_id = f"bench-{day:05d}"
        before, after = chance.randint(2, 7), chance.randint(1, 6)
        ended = started + timedelta(seconds=timeline.total_seconds)
        sessions.append(SessionRecord(session_id, routine.id, routine.name, started, doses, ended,
                                      SessionStatus.COMPLETED, 1.0, before, after))  # fmt: skip
        for step in timeline.holds:
            done = chance.random() > 0.03
            side = step.side.value if step.side else None
            at = started + timedelta(seconds=step.end)
            held = step.duration if done else 1.0
            number, exercise, rep = step.hold_number or 0, step.exercise or "", step.rep or 1
            phase = step.phase or "hold"
            holds.append(
                HoldRecord(
                    session_id, number, exercise, rep, phase, step.duration, held, done, at, side
                )
            )
        pain.append(
            PainRating(f"{session_id}-b", before, PainContext.BEFORE, started, "", session_id)
        )
        pain.append(PainRating(f"{session_id}-a", after, PainContext.AFTER, ended, "", session_id))
    return History(tuple(sessions), tuple(holds), tuple(pain), {"plan.rest_days": "sun"})


def measure(args: list[str], runs: int, env: dict[str, str]) -> list[float]:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run([executable(), *args], env=env, check=True, stdout=subprocess.DEVNULL)
        times.append((time.perf_counter() - began) * 1000)
    return sorted(times)


def database_size(path: Path) -> int:
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--server", action="store_true", help="the PostgreSQL case")
    parser.add_argument("--people", type=int, default=1000)
    options = parser.parse_args()
    if options.server:
        return server_case(options.people, options.runs)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.pop("BACKSTRETCH_DATABASE_URL", None)
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        env["BACKSTRETCH_HOME"] = str(home)
        began = time.perf_counter()
        history = ten_years(365 * options.years, datetime.now(UTC))
        repository = open_repository(home)
        repository.import_history(history)
        repository.close()
        sessions = len(history.sessions)
        print(f"filled {sessions} sessions, {len(history.holds)} holds, {len(history.pain)} pain "
              f"ratings in {time.perf_counter() - began:.1f} s")  # fmt: skip
        size = database_size(home / "backstretch.db")
        export_size = len(history_as_json(history).encode())
        print(f"database {size / 1_048_576:.1f} MB: {size / sessions / 1024:.1f} KB per session; "
              f"JSON export {export_size / 1_048_576:.1f} MB")  # fmt: skip
        print(f"{'command':<32} {'median ms':>10} {'p90 ms':>8}  target {TARGET_MS:.0f} ms")
        worst = 0.0
        for args in COMMANDS:
            measure(args, 2, env)  # warm the bytecode and page caches
            times = measure(args, options.runs, env)
            median = statistics.median(times)
            p90 = times[max(0, int(len(times) * 0.9) - 1)]
            if args[0] in ("history", "stats"):
                worst = max(worst, median)
            verdict = "ok" if median < TARGET_MS else "OVER"
            print(f"{'backstretch ' + ' '.join(args):<32} {median:>10.1f} {p90:>8.1f}  {verdict}")
    return 0 if worst < TARGET_MS else 1


# -- a clinic's server: many people in one PostgreSQL database ------------------------------------
PLACEHOLDER = "@PERSON@"


def copy_field(value: object) -> str:
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def copy_text(rows: list[dict[str, object]], names: tuple[str, ...]) -> str:
    """The rows as COPY lines, their person left as PLACEHOLDER (swapped for each person)."""
    return "".join(
        "\t".join(copy_field(PLACEHOLDER if n == "person_id" else row[n]) for n in names) + "\n"
        for row in rows
    )


def one_persons_tables(history: History) -> dict[str, tuple[tuple[str, ...], str]]:
    """Each table's columns and COPY text for one person's year, with the session counts the
    repository would keep."""
    person = Person(PLACEHOLDER)
    sessions = [session_row(s, person) for s in history.sessions]
    for row in sessions:
        mine = [h for h in history.holds if h.session_id == row["id"]]
        row["holds_completed"] = sum(h.completed for h in mine)
        row["holds_skipped"] = sum(not h.completed for h in mine)
        row["seconds_held"] = sum(h.held_seconds for h in mine)
    counts = ("holds_completed", "holds_skipped", "seconds_held")
    holds = [hold_row(h, PLACEHOLDER) for h in history.holds]
    pain = [pain_row(p, person) for p in history.pain]
    settings = [{"key": k, "value": v} for k, v in history.settings.items()]
    tables = {
        "sessions": ((*SESSION_COLUMNS, *counts), sessions),
        "holds": (HOLD_COLUMNS, holds),
        "pain_ratings": (PAIN_COLUMNS, pain),
        "settings": (("person_id", "key", "value"), settings),
    }
    return {name: (names, copy_text(rows, names)) for name, (names, rows) in tables.items()}


def fill_server(url: str, people: int, history: History) -> None:
    """Every person's year by COPY, foreign-key triggers off for the load (the rows are made
    consistent here), then ANALYZE as after any bulk load."""
    import psycopg

    tables = one_persons_tables(history)
    ids = [f"person-{number:05d}" for number in range(people)]
    address = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(address) as db, db.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        with cursor.copy("COPY people (id, name) FROM STDIN") as copy:
            copy.write("".join(f"{person_id}\t\n" for person_id in ids))
        for table, (names, text) in tables.items():
            with cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:  # type: ignore[arg-type]
                for person_id in ids:
                    copy.write(text.replace(PLACEHOLDER, person_id))
        cursor.execute("SET session_replication_role = origin")
    with psycopg.connect(address, autocommit=True) as db:
        db.execute("ANALYZE")


def timed(work: Callable[[str], object], people: list[str], runs: int) -> list[float]:
    """Milliseconds per person of `work`, for each of `runs` rounds over `people`, sorted."""
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        for person_id in people:
            work(person_id)
        times.append((time.perf_counter() - began) * 1000 / len(people))
    return sorted(times)


def server_case(people: int, runs: int) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.postgres import PostgresServer

    from backstretch.cli.app import App
    from backstretch.cli.history_text import history_output
    from backstretch.cli.stats_text import stats_output
    from backstretch.storage.sql import open_sqlalchemy

    server = PostgresServer.start()
    try:
        server.execute("CREATE DATABASE bench")
        url = server.url("bench")
        open_sqlalchemy(url).close()  # the schema, by the migrations
        began = time.perf_counter()
        history = ten_years(365, datetime.now(UTC))
        fill_server(url, people, history)
        print(f"filled {people} people x {len(history.sessions)} sessions "
              f"({people * len(history.holds):,} holds, {people * len(history.pain):,} pain "
              f"ratings) in {time.perf_counter() - began:.1f} s")  # fmt: skip
        repository = open_sqlalchemy(url)
        chosen = [f"person-{number:05d}" for number in range(0, people, max(1, people // 5))]

        def history_of(person_id: str) -> str:
            app = App(repository=repository.for_person(person_id))
            return history_output(app, False, 20)

        def stats_of(person_id: str) -> str:
            return stats_output(App(repository=repository.for_person(person_id)), False, 28)[0]

        print(f"{'one person of ' + str(people):<32} {'median ms':>10} {'p90 ms':>8}  "
              f"target {TARGET_MS:.0f} ms")  # fmt: skip
        worst = 0.0
        for name, work in (("history", history_of), ("stats", stats_of)):
            for person_id in chosen:
                work(person_id)  # warm the connection pool and the caches
            each = timed(work, chosen, runs)
            median, p90 = statistics.median(each), each[max(0, int(len(each) * 0.9) - 1)]
            worst = max(worst, median)
            verdict = "ok" if median < TARGET_MS else "OVER"
            print(f"{name + ' (through for_person)':<32} {median:>10.1f} {p90:>8.1f}  {verdict}")
        repository.close()
    finally:
        server.stop()
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
