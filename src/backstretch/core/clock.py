"""Clocks are injected, never read: monotonic seconds for durations, wall time for records.

`FakeClock` ships with the package so a ten-minute routine runs in milliseconds in a test.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

MonotonicClock = Callable[[], float]
WallClock = Callable[[], datetime]


def monotonic() -> float:
    """The production monotonic clock, in seconds."""
    return time.monotonic()


def wall_now() -> datetime:
    """The production wall clock: an aware datetime in UTC."""
    return datetime.now(UTC)


class Clock(Protocol):
    """Both clocks in one: monotonic seconds when called, wall time from `now()`. The web app
    takes one; `SystemClock` in production, `FakeClock` in tests."""

    def __call__(self) -> float: ...

    def now(self) -> datetime: ...


class SystemClock:
    """The production clocks as one `Clock`."""

    def __call__(self) -> float:
        return monotonic()

    def now(self) -> datetime:
        return wall_now()


class FakeClock:
    """A clock that moves only when told to.

    Call it for monotonic seconds; `now()` gives wall time.
    """

    def __init__(self, start: float = 0.0, wall_start: datetime | None = None) -> None:
        self._seconds = start
        self._start = start
        self._wall_start = wall_start or datetime(2026, 1, 5, 7, 0, tzinfo=UTC)

    def __call__(self) -> float:
        return self._seconds

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock cannot go backwards")
        self._seconds += seconds

    def sleep(self, seconds: float) -> None:
        self.advance(max(0.0, seconds))

    def now(self) -> datetime:
        return self._wall_start + timedelta(seconds=self._seconds - self._start)
