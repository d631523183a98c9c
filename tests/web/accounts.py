"""A server with accounts on, for the tests: create_app over MemoryAccounts on a FakeClock, and
clients that each come from their own address and keep their own cookies."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from starlette.testclient import TestClient

from backstretch.coach.accounts import Reception
from backstretch.core.accounts import Account
from backstretch.core.clock import FakeClock
from backstretch.storage import MemoryRepository
from backstretch.storage.accounts import Accounts
from backstretch.storage.memory_accounts import MemoryAccounts
from backstretch.storage.repository import People, Repository
from backstretch.web.app import create_app
from backstretch.web.security import Guard
from backstretch.web.settings import WebSettings
from tests.coach.test_accounts import CHEAP, PASSWORD

__all__ = ["PASSWORD", "Server", "serving"]

BASE_URL = "http://127.0.0.1:8765"


@dataclass
class Server:
    """One app with accounts on; `client()` opens a browser of its own (address, cookies)."""

    home: Path
    port: int = 8765
    clock: FakeClock = field(default_factory=FakeClock)
    people: People = field(default_factory=MemoryRepository)
    stack: ExitStack = field(default_factory=ExitStack)
    accounts: Accounts = None  # type: ignore[assignment]  # MemoryAccounts unless given

    def __post_init__(self) -> None:
        if self.accounts is None:
            assert isinstance(self.people, MemoryRepository)
            self.accounts = MemoryAccounts(self.people)
        self.reception = Reception(self.accounts, self.people, self.clock.now, CHEAP)
        self.app: Guard = create_app(
            clock=self.clock,
            settings=WebSettings(port=self.port, home=self.home, accounts=True),
            accounts=self.accounts,
            people=self.people,
            hasher=CHEAP,
        )

    def add(self, username: str, role: str = "person") -> Account:
        account = self.reception.add(username, role)
        self.reception.set_password(username, PASSWORD)
        return account

    def records(self, username: str) -> Repository:
        account = self.accounts.account(username)
        assert account is not None
        return self.reception.records_of(account)

    def client(self, address: str = "10.0.0.1", base_url: str | None = None) -> TestClient:
        base_url = base_url or f"http://127.0.0.1:{self.port}"
        made = TestClient(self.app, base_url=base_url, client=(address, 50000))
        return self.stack.enter_context(made)

    def signed_in(self, username: str, address: str = "10.0.0.1") -> TestClient:
        browser = self.client(address)
        answer = browser.post("/api/login", json={"username": username, "password": PASSWORD})
        assert answer.status_code == 204, answer.text
        return browser


def serving(home: Path) -> Iterator[Server]:
    server = Server(home)
    with server.stack:
        yield server


def on_database(home: Path, url: str) -> Server:
    """A server over the database at `url`, opened as `serve --accounts` opens it; closed with
    the server's stack."""
    from backstretch.storage.accounts_sql import open_server

    opened = open_server(url)
    server = Server(home, people=opened.people, accounts=opened.accounts)
    server.stack.callback(opened.close)
    return server
