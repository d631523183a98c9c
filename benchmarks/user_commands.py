"""Median wall time of the quick commands with `--user` (a person of a server's accounts) beside
the same commands in personal mode, on one SQLite database with a prescription for the person.

Run: .venv/bin/python benchmarks/user_commands.py [--runs N]
With --user the server's database is opened through SQLAlchemy (as `backstretch accounts` opens
it), so these commands are not held to the 100 ms of the personal quick commands; this prints
what they cost. The commands take turns, so a busy machine slows them alike.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from startup import executable, run_once  # the same timing as the personal quick commands

COMMANDS = (["routines"], ["show"], ["history"], ["pain", "3"])


def make_clinic(home: Path) -> None:
    """alice shares with kim, who prescribed daily-back as my-back for her."""
    import yaml

    from backstretch.catalog import Catalog
    from backstretch.catalog.catalog import BUILT_IN
    from backstretch.coach.accounts import Reception
    from backstretch.coach.prescriptions import prescribe
    from backstretch.storage.database import open_accounts

    server = open_accounts(home)
    try:
        reception = Reception(server.accounts, server.people, lambda: datetime.now(UTC))
        alice = reception.add("alice")
        reception.add("kim", "clinician")
        server.accounts.share("alice", "kim", datetime.now(UTC))
        data = yaml.safe_load((BUILT_IN / "daily-back.yaml").read_text())
        data["id"] = "my-back"
        records = reception.records_of(alice)
        prescribe(records, data, "my-back", "kim", datetime.now(UTC), Catalog.builtin_ids())
    finally:
        server.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    options = parser.parse_args()
    skipped = ("PYTHONDONTWRITEBYTECODE", "BACKSTRETCH_USER", "BACKSTRETCH_DATABASE_URL")
    env = {k: v for k, v in os.environ.items() if k not in skipped}
    lines: dict[str, list[str]] = {}
    for args in COMMANDS:
        words = " ".join(args)
        lines[f"backstretch {words}"] = [executable(), *args]
        lines[f"backstretch --user alice {words}"] = [executable(), "--user", "alice", *args]
    times: dict[str, list[float]] = {name: [] for name in lines}
    with tempfile.TemporaryDirectory() as home:
        env["BACKSTRETCH_HOME"] = home
        make_clinic(Path(home))
        for command in lines.values():
            run_once(command, env)  # warm the bytecode cache, the page cache and the database
        for _ in range(options.runs):
            for name, command in lines.items():
                times[name].append(run_once(command, env))
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"{'command':<40} {'median ms':>10}")
    for name, values in times.items():
        print(f"{name:<40} {statistics.median(values):>10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
