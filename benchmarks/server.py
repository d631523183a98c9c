"""The server under load: many people at once uploading holds and reading their timeline, on
PostgreSQL, with 1 and 2 worker processes, beside a bare FastAPI endpoint in the same run.

It starts a throwaway PostgreSQL (tests/postgres.py) and, for each number of workers,
`backstretch serve --workers N` on it, then a minimal FastAPI app with one POST route served by
uvicorn with the same number of workers. For 50 and 200 concurrent people, each on a client (and
so a cookie jar) of their own, it runs for a fixed time and reports requests per second, hold
uploads per second, p50/p99 latency of a hold upload, and errors; the ratio to the bare endpoint
is the figure that travels between machines (the load generator runs on the same cores).

Each person signs in and begins a session before the clock starts, then, over and over, uploads
holds one by one (POST /api/sessions/{id}/holds), reads the routine's timeline and begins the
next session (POST /api/sessions).

Accounts are not here yet: every simulated person is the personal mode's single person, and
`sign_in` does nothing (the table says "accounts: off").

Run: .venv/bin/python benchmarks/server.py [--seconds 5] [--people 50 200] [--workers 1 2]
Everything listens on 127.0.0.1; a whole run takes under 3 minutes and stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx2 as httpx
from fastapi import FastAPI
from pydantic import BaseModel

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.postgres import PostgresServer, free_port  # noqa: E402

ACCOUNTS = "off"  # "on" once sign_in signs people in
ROUTINE = "daily-back"
HOLDS_PER_SESSION = 20
TIMEOUT_SECONDS = 30.0


@dataclass
class Measure:
    """What one load run saw."""

    target: str
    workers: int
    people: int
    seconds: float = 0.0
    requests: int = 0
    errors: int = 0
    hold_latencies: list[float] = field(default_factory=list)

    @property
    def holds_per_second(self) -> float:
        return len(self.hold_latencies) / self.seconds if self.seconds else 0.0

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        """The latency (ms) below which `share` of the hold uploads fell."""
        if len(self.hold_latencies) < 2:
            return float("nan")
        cuts = statistics.quantiles(self.hold_latencies, n=100, method="inclusive")
        return cuts[round(share * 100) - 1] * 1000


async def sign_in(client: httpx.AsyncClient, username: str) -> None:
    """Sign `username` in on `client`, whose cookie jar then carries their session.

    Accounts are not merged yet, so this does nothing: every simulated person is the personal
    mode's single person. Once accounts land, create the accounts before the run
    (`backstretch accounts add NAME --password-stdin`) and here
    `await client.post("/api/login", json={"username": username, "password": ...})`, then set
    ACCOUNTS to "on"."""
    del client, username


async def timed(measure: Measure, request: Awaitable[httpx.Response], hold: bool) -> Any:
    """The JSON of one request's answer, its latency and any error counted in `measure`."""
    began = time.perf_counter()
    try:
        response = await request
    except httpx.HTTPError:
        measure.requests += 1
        measure.errors += 1
        return None
    measure.requests += 1
    if not response.is_success:
        measure.errors += 1
        return None
    if hold:
        measure.hold_latencies.append(time.perf_counter() - began)
    return response.json()


async def begin(client: httpx.AsyncClient, measure: Measure) -> Any:
    """Read the timeline and begin a session, as the session page does; its answer."""
    await timed(measure, client.get(f"/api/routines/{ROUTINE}/timeline"), hold=False)
    return await timed(measure, client.post("/api/sessions", json={"pain_before": 3}), False)


async def backstretch_person(
    client: httpx.AsyncClient, measure: Measure, until: float, begun: Any
) -> None:
    """Holds one by one; after every HOLDS_PER_SESSION, the timeline and a new session."""
    while time.monotonic() < until:
        if begun is None:
            begun = await begin(client, measure)
            continue
        holds = min(HOLDS_PER_SESSION, begun["timeline"]["holds_total"])
        for number in range(1, holds + 1):
            if time.monotonic() >= until:
                return
            body = {"hold_number": number, "completed": True}
            await timed(measure, client.post(begun["holds_url"], json=body), hold=True)
        begun = None


async def bare_person(
    client: httpx.AsyncClient, measure: Measure, until: float, begun: Any
) -> None:
    """The same hold upload, to an endpoint that only validates and answers."""
    number = 0
    while time.monotonic() < until:
        number = number % HOLDS_PER_SESSION + 1
        body = {"hold_number": number, "completed": True}
        await timed(measure, client.post("/holds", json=body), hold=True)


Person = Callable[[httpx.AsyncClient, Measure, float, Any], Awaitable[None]]


async def load(port: int, measure: Measure, person: Person, seconds: float) -> None:
    """`measure.people` people at once, each with a client (a cookie jar) of their own. Signing
    in and beginning the first session come before the clock starts."""
    base = f"http://127.0.0.1:{port}"
    clients = [
        httpx.AsyncClient(base_url=base, timeout=TIMEOUT_SECONDS) for _ in range(measure.people)
    ]
    try:
        await asyncio.gather(*(sign_in(c, f"person{n}") for n, c in enumerate(clients)))
        setup = Measure(measure.target, measure.workers, measure.people)
        ready = await asyncio.gather(
            *(begin(c, setup) if person is backstretch_person else noop() for c in clients)
        )
        began = time.monotonic()
        until = began + seconds
        await asyncio.gather(
            *(person(c, measure, until, b) for c, b in zip(clients, ready, strict=True))
        )
        measure.seconds = time.monotonic() - began
        measure.errors += setup.errors
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))


async def noop() -> None:
    return None


class Hold(BaseModel):
    hold_number: int
    completed: bool


def bare_app() -> FastAPI:
    """A minimal FastAPI app with one POST route (the yardstick), for uvicorn's --factory."""
    app = FastAPI()

    @app.post("/holds", status_code=201)
    def hold(body: Hold) -> dict[str, Any]:
        return {"stored": True, "hold_number": body.hold_number}

    return app


@contextmanager
def running(command: list[str], environment: dict[str, str], log: Path) -> Iterator[Path]:
    """`command` running with its output in `log` (a pipe nobody reads would fill and stop it)."""
    with (
        log.open("w") as output,
        subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, text=True, env=environment
        ) as process,
    ):
        try:
            yield log
        finally:
            process.terminate()
            process.wait(20)
            said = [line for line in log.read_text().splitlines() if "serving on" not in line]
            if said:  # a server's warnings or errors: shown, since they may explain the figures
                print(f"{log.name}:", *said[-10:], sep="\n  ", file=sys.stderr)


@contextmanager
def serve_backstretch(workers: int, database: str, home: Path) -> Iterator[int]:
    """`backstretch serve --workers N` on the database; yields its port once it answers."""
    environment = {**os.environ, "BACKSTRETCH_DATABASE_URL": database, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "backstretch.cli.main", "--home", str(home), "serve"]
    command += ["--port", "0", "--workers", str(workers)]
    with running(command, environment, home / f"serve-{workers}.log") as log:
        port = 0
        for _ in range(300):
            found = re.search(r"serving on http://127\.0\.0\.1:(\d+)/", log.read_text())
            if found:
                port = int(found.group(1))
                break
            time.sleep(0.05)
        if not port:
            raise SystemExit(f"backstretch serve did not start:\n{log.read_text()}")
        wait_until_answering(port, "/api/routines")
        yield port


@contextmanager
def serve_bare(workers: int, folder: Path) -> Iterator[int]:
    """The bare app under uvicorn with the same number of workers; yields its port."""
    port = free_port()
    command = [
        *(sys.executable, "-m", "uvicorn", "--factory", "server:bare_app"),
        *("--app-dir", str(Path(__file__).parent), "--host", "127.0.0.1", "--port", str(port)),
        *("--workers", str(workers), "--log-level", "warning"),
    ]
    with running(command, dict(os.environ), folder / f"bare-{workers}.log"):
        wait_until_answering(port, "/docs")
        yield port


def wait_until_answering(port: int, path: str) -> None:
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}{path}", timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"nothing answered on 127.0.0.1:{port}")


def measure_both(
    workers: int, people: list[int], database: str, home: Path, seconds: float
) -> list[Measure]:
    found = []
    with serve_backstretch(workers, database, home) as port:
        for count in people:
            measure = Measure("backstretch", workers, count)
            asyncio.run(load(port, measure, backstretch_person, seconds))
            found.append(measure)
    with serve_bare(workers, home) as port:
        for count in people:
            measure = Measure("bare FastAPI", workers, count)
            asyncio.run(load(port, measure, bare_person, seconds))
            found.append(measure)
    return found


def table(measures: list[Measure]) -> str:
    header = (
        f"{'target':<13}{'workers':>8}{'people':>7}{'req/s':>8}{'holds/s':>9}"
        f"{'p50 ms':>8}{'p99 ms':>8}{'errors':>7}{'holds/s vs bare':>17}"
    )
    lines = [header, "-" * len(header)]
    bare = {(m.workers, m.people): m for m in measures if m.target == "bare FastAPI"}
    for m in sorted(measures, key=lambda m: (m.workers, m.people, m.target != "backstretch")):
        yardstick = bare.get((m.workers, m.people))
        known = yardstick is not None and yardstick.holds_per_second > 0
        ratio = m.holds_per_second / yardstick.holds_per_second if known else float("nan")
        lines.append(
            f"{m.target:<13}{m.workers:>8}{m.people:>7}{m.requests_per_second:>8.0f}"
            f"{m.holds_per_second:>9.0f}{m.percentile(0.5):>8.1f}{m.percentile(0.99):>8.1f}"
            f"{m.errors:>7}{ratio:>17.2f}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="each load run's length")
    parser.add_argument("--people", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    options = parser.parse_args()
    started = time.monotonic()
    postgres = PostgresServer.start()
    try:
        postgres.execute("CREATE DATABASE bench")
        with tempfile.TemporaryDirectory(prefix="backstretch-bench-") as folder:
            measures = [
                measure
                for workers in options.workers
                for measure in measure_both(
                    workers, options.people, postgres.url("bench"), Path(folder), options.seconds
                )
            ]
    finally:
        postgres.stop()
    print(f"backstretch on PostgreSQL, {os.cpu_count()} cores, accounts: {ACCOUNTS}")
    print(f"each person: {HOLDS_PER_SESSION} holds, the timeline, a new session; again")
    print(f"{options.seconds:.0f} s per run; latencies are of hold uploads\n")
    print(table(measures))
    print(f"\nwhole run: {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
