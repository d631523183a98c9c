"""The routines are read once per server, and a person's file again only when it changes."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

import backstretch.catalog.catalog as catalog_module
from backstretch.core.routine import Routine


def routine_text(name: str, reps: int = 2) -> str:
    return (
        f"id: mine\nname: {name}\nexercises:\n"
        f"  - {{id: reach, name: Reach, steps: [Reach up.], hold_seconds: 5, reps: {reps}}}\n"
    )


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The source of every routine the catalog parses from here on."""
    sources: list[str] = []
    parse: Callable[..., Routine] = catalog_module.parse_routine_bytes

    def counted(raw: bytes, source: str, *args: Any, **kwargs: Any) -> Routine:
        sources.append(source)
        return parse(raw, source, *args, **kwargs)

    monkeypatch.setattr(catalog_module, "parse_routine_bytes", counted)
    return sources


def test_the_built_in_routine_is_parsed_once_however_many_requests_use_it(
    client: TestClient, parsed: list[str]
) -> None:
    for path in [
        "/api/routines/daily-back/timeline",
        "/api/routines/daily-back",
        "/api/routines",
        "/routines",
        "/",
        "/session/daily-back",
    ] * 3:
        assert client.get(path).status_code == 200, path
    assert client.post("/api/sessions", json={}).status_code == 201
    assert parsed.count("daily-back.yaml") == 1


def test_an_edited_routine_file_shows_on_the_next_request(client: TestClient, home: Path) -> None:
    folder = home / "routines"
    folder.mkdir()
    path = folder / "mine.yaml"
    path.write_text(routine_text("Mine"))
    assert client.get("/api/routines/mine").json()["name"] == "Mine"
    assert client.get("/api/routines/mine").json()["name"] == "Mine"
    path.write_text(routine_text("Mine, edited", reps=3))
    edited = client.get("/api/routines/mine/timeline").json()
    assert edited["routine"]["name"] == "Mine, edited"
    assert edited["holds_total"] == 3


def test_a_rewrite_of_the_same_size_in_the_same_instant_is_still_seen(
    client: TestClient, home: Path
) -> None:
    folder = home / "routines"
    folder.mkdir()
    path = folder / "mine.yaml"
    path.write_text(routine_text("Mine A"))
    before = path.stat()
    assert client.get("/api/routines/mine").json()["name"] == "Mine A"
    replacement = folder / "mine.yaml.new"
    replacement.write_text(routine_text("Mine B"))
    os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))
    replacement.replace(path)  # as editors save: a new file (a new inode) under the old name
    assert client.get("/api/routines/mine").json()["name"] == "Mine B"


def test_a_removed_or_broken_routine_file_is_noticed(client: TestClient, home: Path) -> None:
    folder = home / "routines"
    folder.mkdir()
    path = folder / "mine.yaml"
    path.write_text(routine_text("Mine"))
    assert client.get("/api/routines/mine").status_code == 200
    path.write_text("id: mine\nname: Mine\nexercises: []\n")
    [listed] = [r for r in client.get("/api/routines").json() if r["id"] == "mine"]
    assert "exercises" in listed["problem"]
    assert client.get("/api/routines/mine").status_code == 404
    path.unlink()
    assert all(r["id"] != "mine" for r in client.get("/api/routines").json())
