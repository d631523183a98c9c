"""No answer shows the absolute path of the person's home: files are named relative to it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from backstretch.core.clock import FakeClock
from backstretch.core.history import SessionSummary
from backstretch.storage import MemoryRepository
from backstretch.storage.repository import StorageError
from backstretch.web.app import create_app
from backstretch.web.home_paths import HomePaths
from backstretch.web.settings import WebSettings
from tests.web.conftest import BASE_URL

HTML = {"accept": "text/html"}


class BrokenDisk(MemoryRepository):
    """A repository whose reads fail the way SQLite's do, naming the database files."""

    def __init__(self, *paths: Path) -> None:
        super().__init__()
        self.paths = paths

    def summaries(
        self, limit: int | None = None, since: datetime | None = None
    ) -> list[SessionSummary]:
        raise StorageError(" and ".join(f"{path}: disk I/O error" for path in self.paths))


@pytest.fixture
def person(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The account's home folder (`~`); the backstretch home lies inside it, as it does."""
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


def serve(home: Path, repository: MemoryRepository) -> Iterator[TestClient]:
    app = create_app(FakeClock(), repository, WebSettings(port=8765, home=home))
    with TestClient(app, base_url=BASE_URL) as client:
        yield client


@pytest.fixture
def client(home: Path, person: Path) -> Iterator[TestClient]:
    yield from serve(home, MemoryRepository())


def test_a_routine_file_with_a_problem_is_named_relative_to_the_home(
    client: TestClient, home: Path, person: Path
) -> None:
    (home / "routines").mkdir()
    (home / "routines" / "bad.yaml").write_text("id: bad\nname: Bad\nexercises: []\n")
    (home / "routines" / "good.yaml").write_text(
        "id: good\nname: Good\nexercises:\n"
        "  - {id: reach, name: Reach, steps: [Reach up.], hold_seconds: 5, reps: 2}\n"
    )
    listed = client.get("/api/routines")
    page = client.get("/routines")
    one = client.get("/api/routines/good")
    for text in (listed.text, page.text, one.text):
        assert str(person) not in text
    assert one.json()["source"] == "routines/good.yaml"
    by_id = {routine["id"]: routine for routine in listed.json()}
    assert by_id["good"]["source"] == "routines/good.yaml"
    assert by_id["bad"]["source"] == "routines/bad.yaml"
    assert by_id["bad"]["problem"].startswith("routines/bad.yaml, line 3")
    assert "This file cannot be used: routines/bad.yaml, line 3" in page.text


def test_an_unknown_routine_does_not_say_where_the_home_is(
    client: TestClient, person: Path
) -> None:
    for answer in (client.get("/api/routines/nope"), client.get("/routines/nope", headers=HTML)):
        assert answer.status_code == 404
        assert str(person) not in answer.text
        assert "none yet in routines" in answer.text


def test_a_database_error_names_its_file_relative_to_the_home(home: Path, person: Path) -> None:
    broken = BrokenDisk(home / "history.db", person / "elsewhere" / "history.db")
    for client in serve(home, broken):
        for answer in (client.get("/api/sessions"), client.get("/history", headers=HTML)):
            assert answer.status_code == 503
            assert str(person) not in answer.text
            assert "history.db: disk I/O error" in answer.text
            assert "~/elsewhere/history.db: disk I/O error" in answer.text


def test_only_whole_folder_names_are_hidden() -> None:
    paths = HomePaths(Path("/home/al/.local/share/backstretch"), Path("/home/al"))
    assert paths.hide("/home/al/.local/share/backstretch/history.db") == "history.db"
    assert paths.hide("/home/al/notes.yaml and /home/alice/x") == "~/notes.yaml and /home/alice/x"
    assert paths.hide("cannot open /home/al/.local/share/backstretch") == (
        "cannot open the backstretch home"
    )
    assert HomePaths(Path("/"), Path("/")).hide("/etc/hosts") == "/etc/hosts"
