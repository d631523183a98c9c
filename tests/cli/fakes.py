"""A keyboard that presses keys at set moments on a FakeClock, for driving the session loop."""

from __future__ import annotations

from backstretch.core.clock import FakeClock


class ScriptedKeyboard:
    """`wait()` moves the fake clock forward instead of sleeping, delivering each scripted key
    when its moment comes."""

    interactive = True

    def __init__(self, clock: FakeClock, script: list[tuple[float, str]]) -> None:
        self.clock = clock
        self.script = sorted(script)
        self.waits: list[float] = []

    def wait(self, timeout: float) -> list[str]:
        self.waits.append(timeout)
        now = self.clock()
        if now > 100_000:
            raise AssertionError("the session never finished (stuck paused or waiting)")
        if self.script and self.script[0][0] <= now + timeout:
            at, key = self.script.pop(0)
            self.clock.advance(max(0.0, at - now))
            return [key]
        self.clock.advance(timeout)
        return []

    def __enter__(self) -> ScriptedKeyboard:
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None
