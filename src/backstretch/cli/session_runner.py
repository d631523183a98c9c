"""The session loop: wait for the next deadline or a key, let the engine fire what is due, and
hand each event to the listeners (event file first, then sound, voice, view, records)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from backstretch.cli.keyboard import Keyboard
from backstretch.cli.session_views import SessionView
from backstretch.core.clock import MonotonicClock
from backstretch.core.engine import SessionEngine, State
from backstretch.core.events import Event

Listener = Callable[[Event], None]
IDLE_WAIT_SECONDS = 1.0


@dataclass
class SessionRunner:
    engine: SessionEngine
    keyboard: Keyboard
    view: SessionView
    listeners: Sequence[Listener]
    clock: MonotonicClock
    quit_requested: bool = False
    _paused_to_ask: bool = field(default=False, init=False)

    def run(self, done_holds: frozenset[int] = frozenset()) -> None:
        """Run to the end, or until the person stops. Ctrl-C propagates to the caller.

        `done_holds` are hold numbers already done in an interrupted session being carried on.
        """
        self.dispatch(self.engine.start(done_holds))
        while self.engine.state is not State.FINISHED:
            for key in self.keyboard.wait(self._timeout()):
                self.handle(key)
            self.dispatch(self.engine.poll())

    def _timeout(self) -> float:
        now = self.clock()
        waits = [IDLE_WAIT_SECONDS]
        deadline = self.engine.next_deadline()
        if deadline is not None:
            waits.append(deadline - now)
        redraw = self.view.next_redraw()
        if redraw is not None:
            waits.append(redraw)
        return max(0.0, min(waits))

    def dispatch(self, events: list[Event]) -> None:
        """Give each listener the whole batch in turn, so events due together all reach the
        event file before slower listeners (the database, the screen) do their work."""
        for listener in self.listeners:
            for event in events:
                listener(event)
        self.view.redraw()

    def handle(self, key: str) -> None:
        if self.view.confirm_quit:
            self._answer_quit(key)
            return
        actions = {
            " ": self.engine.toggle_pause,
            "p": self.engine.toggle_pause,
            "n": self.engine.skip,
            "right": self.engine.skip,
            "s": self.engine.skip_exercise,
            "b": self.engine.back,
            "left": self.engine.back,
        }
        if key in actions:
            self.dispatch(actions[key]())
        elif key in ("q", "escape"):
            self._ask_quit()
        elif key in ("?", "h"):
            self.view.show_help = not self.view.show_help
            self.view.redraw()

    def _ask_quit(self) -> None:
        self._paused_to_ask = self.engine.state is not State.PAUSED
        self.dispatch(self.engine.pause())
        self.view.confirm_quit = True
        self.view.redraw()

    def _answer_quit(self, key: str) -> None:
        self.view.confirm_quit = False
        if key.lower() == "y":
            self.quit_requested = True
            self.dispatch(self.engine.stop())
            return
        self.view.say("Carrying on.")
        self.dispatch(self.engine.resume() if self._paused_to_ask else [])
