"""Median wall time of quick commands (target: under 100 ms each, PRODUCT.md).

Run: .venv/bin/python benchmarks/startup.py [--runs N]
Bytecode caching is switched on for the measurement (PYTHONDONTWRITEBYTECODE would recompile the
project on every start, which no installed copy does).
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

COMMANDS = (["--help"], ["routines"], ["show", "daily-back"], ["show", "daily-back", "--json"])
TARGET_MS = 100.0


def executable() -> str:
    beside = Path(sys.executable).with_name("backstretch")
    return str(beside) if beside.exists() else (shutil.which("backstretch") or "backstretch")


def measure(args: list[str], runs: int, env: dict[str, str]) -> list[float]:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run([executable(), *args], env=env, check=True, stdout=subprocess.DEVNULL)
        times.append((time.perf_counter() - began) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    options = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    worst = 0.0
    with tempfile.TemporaryDirectory() as home:
        env["BACKSTRETCH_HOME"] = home
        print(f"{'command':<32} {'median ms':>10} {'p90 ms':>8}  target {TARGET_MS:.0f} ms")
        for args in COMMANDS:
            measure(args, 2, env)  # warm the bytecode cache and the page cache
            times = sorted(measure(args, options.runs, env))
            median = statistics.median(times)
            worst = max(worst, median)
            p90 = times[int(len(times) * 0.9) - 1]
            verdict = "ok" if median < TARGET_MS else "OVER"
            print(f"{'backstretch ' + ' '.join(args):<32} {median:>10.1f} {p90:>8.1f}  {verdict}")
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
