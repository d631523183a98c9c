"""What one hold upload costs a server with accounts on PostgreSQL, in process: milliseconds, the
database round trips, and where the time goes (cProfile).

It starts a throwaway PostgreSQL (tests/postgres.py) that logs every statement, builds the app
as `serve --accounts` does (create_app on the server's database), signs one person in and
begins a session. Then:
1. through the whole app (starlette's TestClient), `--holds` uploads of a hold, a new session
   begun (not counted) whenever the routine's holds are used up: milliseconds per upload, and
   the round trips PostgreSQL saw per upload by kind (BEGIN, SELECT, UPDATE, ..., ROLLBACK);
2. the same work as the routes do it, called in this thread so cProfile sees it all (FastAPI
   runs routes in worker threads, which a profiler started here does not follow): the gate's
   sign-in check, the person's repository and the hold route; the top functions by
   cumulative time.

Run: .venv/bin/python benchmarks/profile_hold.py [--holds 300] [--top 25]
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import io
import pstats
import re
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.postgres import PostgresServer  # noqa: E402

from backstretch.coach.accounts import Reception  # noqa: E402
from backstretch.storage.accounts_sql import open_server  # noqa: E402
from backstretch.web import api  # noqa: E402
from backstretch.web.app import create_app  # noqa: E402
from backstretch.web.settings import WebSettings  # noqa: E402
from backstretch.web.shapes import HoldDone  # noqa: E402
from backstretch.web.signin import COOKIE  # noqa: E402

BASE_URL = "http://127.0.0.1:8765"
PASSWORD = "profile-the-hold-upload"
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)  # signing in is not measured
STATEMENT = re.compile(r"LOG:  (?:statement|execute [^:]*): (\w+)")


def statements(log: Path, offset: int) -> tuple[collections.Counter[str], int]:
    """The statements PostgreSQL logged after `offset` bytes, by first word; the new offset."""
    time.sleep(0.3)  # the server writes its log a moment after answering
    text = log.read_bytes()[offset:].decode(errors="replace")
    found = collections.Counter(word.upper() for word in STATEMENT.findall(text))
    return found, offset + len(text.encode())


class Person:
    """One signed-in person on the app, with a session to upload holds to."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.begin()

    def begin(self) -> None:
        answer = self.client.post("/api/sessions", json={"pain_before": 3})
        answer.raise_for_status()
        begun = answer.json()
        self.session_id = begun["id"]
        self.holds_url, self.holds_total = begun["holds_url"], begun["timeline"]["holds_total"]
        self.next_hold = 1

    @property
    def used_up(self) -> bool:
        return self.next_hold > self.holds_total

    def hold_number(self) -> int:
        """The next hold to upload, beginning a new session first when they are used up."""
        if self.used_up:
            self.begin()
        self.next_hold += 1
        return self.next_hold - 1

    def upload(self) -> None:
        body = {"hold_number": self.hold_number(), "completed": True}
        self.client.post(self.holds_url, json=body).raise_for_status()


def through_the_app(person: Person, holds: int, log: Path) -> None:
    """Milliseconds and round trips per upload; beginning a session is left out of both."""
    spent, offset = 0.0, log.stat().st_size
    counts: collections.Counter[str] = collections.Counter()
    for _ in range(holds):
        if person.used_up:
            found, offset = statements(log, offset)
            counts.update(found)
            person.begin()
            _, offset = statements(log, offset)
        began = time.perf_counter()
        person.upload()
        spent += time.perf_counter() - began
    found, _ = statements(log, offset)
    counts.update(found)
    total = sum(counts.values())
    print(f"through the app: {spent / holds * 1000:.1f} ms a hold upload ({holds} uploads)")
    print(f"  {total / holds:.1f} database round trips an upload:")
    for word, count in counts.most_common():
        print(f"    {word:<10}{count / holds:5.1f}")


def as_the_routes_do(person: Person, app: Any, holds: int, top: int) -> None:
    """The gate's sign-in check, the person's repository and the hold route, profiled."""
    state = inner_state(app)
    reception: Reception = state.reception
    token = person.client.cookies.get(COOKIE) or ""
    profile = cProfile.Profile()
    spent = 0.0
    for _ in range(holds):
        number = person.hold_number()
        began = time.perf_counter()
        profile.enable()
        account = reception.signed_in(token)
        assert account is not None
        services = replace(state.services, repository=reception.records_of(account))
        api.record_hold(person.session_id, HoldDone(hold_number=number, completed=True), services)
        profile.disable()
        spent += time.perf_counter() - began
    print(f"\nas the routes do it: {spent / holds * 1000:.1f} ms a hold (with cProfile on)")
    shown = io.StringIO()
    pstats.Stats(profile, stream=shown).strip_dirs().sort_stats("cumulative").print_stats(top)
    print("\n".join(line for line in shown.getvalue().splitlines()[4:] if line.strip()))


def inner_state(app: Any) -> Any:
    """The FastAPI app's state, inside the guard and the sign-in gate."""
    while not hasattr(app, "state"):
        app = app.app
    return app.state


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--holds", type=int, default=300, help="hold uploads measured")
    parser.add_argument("--top", type=int, default=25, help="functions shown")
    options = parser.parse_args()
    postgres = PostgresServer.start()
    try:
        postgres.execute("CREATE DATABASE profile")
        postgres.execute("ALTER SYSTEM SET log_statement = 'all'")
        postgres.execute("SELECT pg_reload_conf()")
        server = open_server(postgres.url("profile"))
        try:
            reception = Reception(server.accounts, server.people, lambda: datetime.now(UTC), CHEAP)
            reception.add("ada")
            reception.set_password("ada", PASSWORD)
            with tempfile.TemporaryDirectory(prefix="backstretch-profile-") as home:
                settings = WebSettings(home=Path(home), accounts=True)
                app = create_app(
                    settings=settings, accounts=server.accounts, people=server.people, hasher=CHEAP
                )
                with TestClient(app, base_url=BASE_URL) as client:
                    login = {"username": "ada", "password": PASSWORD}
                    client.post("/api/login", json=login).raise_for_status()
                    person = Person(client)
                    for _ in range(20):  # warm: the routine's plan, the engine's pool
                        person.upload()
                    through_the_app(person, options.holds, postgres.folder / "server.log")
                    as_the_routes_do(person, app, options.holds, options.top)
        finally:
            server.close()
    finally:
        postgres.stop()


if __name__ == "__main__":
    main()
