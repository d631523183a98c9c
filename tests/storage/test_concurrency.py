"""Several processes writing into one SQLite file at once: nothing lost, nobody told "locked"."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from backstretch.storage import open_repository

WORKER = """
import sys, time
from datetime import UTC, datetime
from pathlib import Path
from backstretch.core.history import HoldRecord, PainContext, PainRating, SessionRecord
from backstretch.storage import open_repository

home, name, start_at, writes = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
while time.time() < start_at:  # every worker starts writing at the same moment
    time.sleep(0.001)
repository = open_repository(home)  # the first ones race to create the tables
now = datetime.now(UTC)
repository.add_session(SessionRecord(name, "daily-back", "Daily back", now))
for number in range(1, writes + 1):
    repository.record_hold(HoldRecord(name, number, "cat-cow", 1, "cat", 5.0, 5.0, True, now))
    repository.add_pain(PainRating(f"{name}-{number}", number % 11, PainContext.USUAL, now))
repository.close()
"""


def test_concurrent_writers_lose_nothing_and_never_see_a_lock(tmp_path: Path) -> None:
    home, writes = tmp_path / "home", 40
    start_at = time.time() + 1.5
    variants = [
        {},
        {},
        {},
        {"BACKSTRETCH_DATABASE_URL": f"sqlite+pysqlite:///{home}/backstretch.db"},
    ]
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(home), f"writer-{n}", str(start_at), str(writes)],
            stderr=subprocess.PIPE,
            text=True,
            env={"PATH": "", **variant},
        )
        for n, variant in enumerate(variants)
    ]
    cli = [Path(sys.executable).with_name("backstretch"), "--home", str(home), "pain", "4"]
    while time.time() < start_at:
        time.sleep(0.01)
    pain_from_cli = [subprocess.run(cli, capture_output=True, text=True) for _ in range(3)]
    errors = [worker.communicate(timeout=60)[1] for worker in workers]
    assert errors == [""] * len(workers)
    assert [(r.returncode, r.stderr) for r in pain_from_cli] == [(0, "")] * 3

    repository = open_repository(home)
    summaries = repository.summaries()
    assert sorted(s.id for s in summaries) == [f"writer-{n}" for n in range(len(workers))]
    assert {s.holds_completed for s in summaries} == {writes}
    assert len(repository.pain_ratings()) == len(workers) * writes + 3
    repository.close()
