"""History at scale: ten years of daily sessions (target: `history` and `stats` under 100 ms each).

Run: .venv/bin/python benchmarks/history_scale.py [--years 10] [--runs 15]

Fills a temporary home with one daily-back session a day (65 holds each, a few skipped, pain
before and after) through the repository's bulk import, then times `backstretch history` and
`backstretch stats` as subprocesses (median and p90 of --runs) and reports the database size per
session. Bytecode caching is on for the measurement, as in an installed copy.
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
from backstretch.core.timeline import plan
from backstretch.export.history_io import history_as_json
from backstretch.storage import open_repository

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
    options = parser.parse_args()
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


if __name__ == "__main__":
    sys.exit(main())
