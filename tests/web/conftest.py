"""The web app under test: create_app with a fake clock and a memory or temporary SQLite
repository, through Starlette's TestClient; the browser tests add a real server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from backstretch.core.clock import FakeClock
from backstretch.storage import MemoryRepository
from backstretch.web.app import create_app
from backstretch.web.settings import WebSettings

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
