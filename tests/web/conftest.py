"""The web app under test: create_app with a fake clock and a memory or temporary SQLite
repository, through Starlette's TestClient; the browser and connection tests add a real server."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from starlette.testclient import TestClient
from starlette.types import ASGIApp

from backstretch.core.clock import FakeClock
from backstretch.storage import MemoryRepository
from backstretch.web.app import create_app
from backstretch.web.settings import WebSettings
from tests.web.accounts import Server, serving

PORT = 8765
BASE_URL = f"http://127.0.0.1:{PORT}"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def repository() -> MemoryRepository:
    return MemoryRepository()


@pytest.fixture
def settings(home: Path) -> WebSettings:
    return WebSettings(port=PORT, home=home)


@pytest.fixture
def client(
    clock: FakeClock, repository: MemoryRepository, settings: WebSettings
) -> Iterator[TestClient]:
    app = create_app(clock=clock, repository=repository, settings=settings)
    with TestClient(app, base_url=BASE_URL) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def base_url() -> str | None:
    """Stands in for pytest-base-url's fixture, whose form pytest now warns about; the browser
    tests build their URLs from the live server."""
    return None


@contextmanager
def live_server(make_app: Callable[[int], ASGIApp]) -> Iterator[int]:
    """uvicorn in a thread on 127.0.0.1 (a free port) serving `make_app(port)`; yields the port."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    port = listener.getsockname()[1]
    config = uvicorn.Config(make_app(port), log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    for _ in range(500):
        if server.started or not thread.is_alive():
            break
        threading.Event().wait(0.01)
    assert server.started, "the server did not start"
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(10)
        listener.close()


@pytest.fixture
def accounts_server(home: Path) -> Iterator[Server]:
    """A server with accounts on (tests/web/accounts.py)."""
    yield from serving(home)
