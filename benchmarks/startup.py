"""Median wall time of quick commands (target: under 100 ms each, PRODUCT.md).

Run: .venv/bin/python benchmarks/startup.py [--runs N]
Bytecode caching is switched on for the measurement (PYTHONDONTWRITEBYTECODE would recompile the
project on every start, which no installed copy does). The commands take turns, so a busy
machine slows them alike; the bare interpreter and `import click` are timed beside them as the
floor and for scale, and the load average is printed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS = (
    ["--help"],
    ["routines"],
    ["show", "daily-back"],
    ["show", "daily-back", "--json"],
    ["pain", "3"],
)
REFERENCES = {"python -c pass": "pass", "python -c 'import click'": "import click"}
TARGET_MS = 100.0


def executable() -> str:
    beside = Path(sys.executable).with_name("backstretch")
    return str(beside) if beside.exists() else (shutil.which("backstretch") or "backstretch")


def run_once(command: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - began) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    lines = {f"backstretch {' '.join(args)}": [executable(), *args] for args in COMMANDS}
    references = {name: [sys.executable, "-c", code] for name, code in REFERENCES.items()}
    times: dict[str, list[float]] = {name: [] for name in [*lines, *references]}
    with tempfile.TemporaryDirectory() as home:
        env["BACKSTRETCH_HOME"] = home
        for command in [*lines.values(), *references.values()] * 2:
            run_once(command, env)  # warm the bytecode cache, the page cache and the database
        for _ in range(options.runs):
            for name, command in {**lines, **references}.items():
                times[name].append(run_once(command, env))
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"{'command':<36} {'median ms':>10} {'p90 ms':>8}  target {TARGET_MS:.0f} ms")
    worst = 0.0
    for name, values in times.items():
        ordered = sorted(values)
        median = statistics.median(ordered)
        p90 = ordered[max(0, int(len(ordered) * 0.9) - 1)]
        verdict = ""
        if name in lines:
            worst = max(worst, median)
            verdict = "ok" if median < TARGET_MS else "OVER"
        print(f"{name:<36} {median:>10.1f} {p90:>8.1f}  {verdict or '(for scale)'}")
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
