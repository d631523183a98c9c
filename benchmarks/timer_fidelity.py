"""How exactly the session keeps time (targets: p99 lateness <= 2 ms, final drift <= 2 ms, CPU under
1 % of a core while a session runs; PRODUCT.md).

Runs `backstretch start daily-back --speed 60 --yes --events -` in a subprocess, timestamps each
event line the moment it arrives (measured here, outside the program), and compares it with the
event's schedule. CPU time is read from /proc between the first and the last event, so start-up
is excluded.

Run: .venv/bin/python benchmarks/timer_fidelity.py [--speed 60] [--routine daily-back]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_MS = 2.0
TARGET_CPU = 0.01


def cpu_seconds(pid: int) -> float:
    """CPU time of every thread of `pid`, in nanosecond resolution where /proc offers it."""
    tasks = Path(f"/proc/{pid}/task")
    try:
        total_ns = sum(int((task / "schedstat").read_text().split()[0]) for task in tasks.iterdir())
        return total_ns / 1e9
    except (OSError, ValueError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speed", type=float, default=60.0)
    parser.add_argument("--routine", default="daily-back")
    options = parser.parse_args()
    program = Path(sys.executable).with_name("backstretch")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as home:
        env["BACKSTRETCH_HOME"] = home
        command = [
            str(program),
            "start",
            options.routine,
            "--speed",
            str(options.speed),
            "--yes",
            "--quiet",
            "--events",
            "-",
        ]
        process = subprocess.Popen(
            command,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
        )
        assert process.stdout is not None
        arrivals: list[tuple[float, dict[str, object]]] = []
        cpu_first = cpu_last = 0.0
        for raw in process.stdout:
            arrived = time.monotonic()
            event = json.loads(raw)
            arrivals.append((arrived, event))
            if event["event"] == "session_start":
                cpu_first = cpu_seconds(process.pid)
            if event["event"] == "session_end":
                cpu_last = cpu_seconds(process.pid)
        process.wait()
    return report(arrivals, cpu_last - cpu_first, options.speed)


def report(arrivals: list[tuple[float, dict[str, object]]], cpu: float, speed: float) -> int:
    origin = arrivals[0][0]
    timed = [(at, e) for at, e in arrivals if e["event"] not in ("session_start",)]
    outside = [((at - origin) - float(e["scheduled"])) * 1000 for at, e in timed]  # type: ignore[arg-type]
    inside = [(float(e["actual"]) - float(e["scheduled"])) * 1000 for _, e in timed]  # type: ignore[arg-type]
    wall = arrivals[-1][0] - origin
    drift = outside[-1]
    load = cpu / wall
    print(f"routine events: {len(arrivals)} at speed {speed:g}, session wall time {wall:.3f} s")
    print(
        f"lateness measured outside (ms): p50 {percentile(outside, 0.5):.3f}  "
        f"p99 {percentile(outside, 0.99):.3f}  max {max(outside):.3f}"
    )
    print(
        f"lateness the program reports (ms): p50 {statistics.median(inside):.3f}  "
        f"p99 {percentile(inside, 0.99):.3f}  max {max(inside):.3f}"
    )
    print(f"final event drift: {drift:.3f} ms (target <= {TARGET_MS:g} ms)")
    print(
        f"CPU while running: {cpu:.3f} s over {wall:.3f} s = {load * 100:.2f} % of a core "
        f"(target < {TARGET_CPU * 100:g} %)"
    )
    ok = percentile(outside, 0.99) <= TARGET_MS and abs(drift) <= TARGET_MS and load < TARGET_CPU
    print("verdict:", "all targets met" if ok else "a target was missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
