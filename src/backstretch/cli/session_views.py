"""The two ways a session is shown: a full-screen live view, and one plain line per event
(for screen readers, logs and pipes)."""

from __future__ import annotations

import math
from typing import IO, Any, Protocol

from backstretch.cli.terminal_view import HELP, Screen, render
from backstretch.core.cues import line
from backstretch.core.engine import SessionEngine, State
from backstretch.core.events import Event, EventName
from backstretch.core.routine import Routine

MIN_REDRAW_SECONDS = 0.05


class SessionView(Protocol):
    show_help: bool
    confirm_quit: bool
    notice: str  # a question or advice shown until replaced (the "this hurts" key)

    def on_event(self, event: Event) -> None: ...
    def next_redraw(self) -> float | None: ...
    def redraw(self) -> None: ...
    def say(self, text: str) -> None: ...


class PlainView:
    """One sentence per event, flushed at once; quiet about countdowns when not on a terminal."""

    def __init__(self, stream: IO[str], routine: Routine, countdown: bool = True) -> None:
        self.stream = stream
        self.routine = routine
        self.countdown = countdown
        self.show_help = False
        self.confirm_quit = False
        self.notice = ""
        self._asked = False
        self._told = ""

    def on_event(self, event: Event) -> None:
        if event.event is EventName.COUNTDOWN and not self.countdown:
            return
        text = line(event, self.routine)
        if text:
            self.say(text)

    def say(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()

    def next_redraw(self) -> float | None:
        return None

    def redraw(self) -> None:
        if self.notice and self.notice != self._told:
            self.say(self.notice)
        self._told = self.notice
        if self.confirm_quit and not self._asked:
            self.say("Stop the session now? Press y to stop, any other key to carry on.")
        self._asked = self.confirm_quit
        if self.show_help:
            for key, meaning in HELP:
                self.say(f"  {key}: {meaning}")
            self.show_help = False


class LiveView:
    """Redraws the full screen on every event and whenever the displayed second changes."""

    def __init__(self, console: Any, routine: Routine, engine: SessionEngine) -> None:
        from rich.live import Live

        self.console = console
        self.routine = routine
        self.engine = engine
        self.show_help = False
        self.confirm_quit = False
        self.notice = ""
        self.live = Live(console=console, screen=True, auto_refresh=False, redirect_stdout=False)

    def __enter__(self) -> LiveView:
        self.live.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.live.stop()

    def on_event(self, event: Event) -> None:
        pass  # the runner redraws after every batch of events

    def say(self, text: str) -> None:
        pass  # everything is on screen already

    def next_redraw(self) -> float | None:
        """Wall seconds until the countdown's whole second changes."""
        if self.engine.state in (State.PAUSED, State.FINISHED, State.NOT_STARTED):
            return None
        remaining = self.engine.snapshot().remaining
        fraction = remaining - math.floor(remaining)
        return max(MIN_REDRAW_SECONDS, (fraction or 1.0) / self.engine.speed)

    def redraw(self) -> None:
        screen = Screen(
            self.engine.snapshot(), self.routine, self.show_help, self.confirm_quit, self.notice
        )
        self.live.update(render(screen), refresh=True)
