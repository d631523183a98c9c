"""Shared test fixtures: a temporary backstretch home and small routine factories."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from backstretch.core.routine import Exercise, Phase, Routine, Sides, Timing
from tests.postgres import PostgresServer, start_server

# Timing is measured by benchmarks/, not by tests: a per-example deadline only turns a busy CI
# machine into a failed run. Example counts are set per test.
settings.register_profile("backstretch", deadline=None)
settings.load_profile("backstretch")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty backstretch home, also exported as BACKSTRETCH_HOME for subprocesses."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("BACKSTRETCH_HOME", str(folder))
    yield folder


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL server for the whole run (tests/postgres.py)."""
    server = start_server()
    yield server
    server.stop()


def make_exercise(**overrides: Any) -> Exercise:
    base = Exercise(id="stretch", name="A stretch", hold_seconds=5, reps=2, steps=("Do it.",))
    return replace(base, **overrides)


def make_routine(*exercises: Exercise, **overrides: Any) -> Routine:
    base = Routine(
        id="test-routine",
        name="Test routine",
        exercises=exercises or (make_exercise(),),
        timing=Timing(get_ready_seconds=4, release_seconds=2, switch_sides_seconds=3),
    )
    return replace(base, **overrides)


def cat_cow(reps: int = 2) -> Exercise:
    return make_exercise(
        id="cat-cow",
        reps=reps,
        phases=(Phase("cat", 5), Phase("cow", 5)),
    )


def sided(sides: Sides = Sides.EACH, reps: int = 2) -> Exercise:
    return make_exercise(id=f"sided-{sides.value}", sides=sides, reps=reps)
