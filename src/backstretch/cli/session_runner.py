"""The session loop: wait for the next deadline or a key, let the engine fire what is due, and
hand each batch of events first to what a person perceives (bell, voice, the screen), then to the
records (the history, then the event file: see session_records.py).

The "this hurts" key (! or x) pauses and asks, with keys, how much (0-10, then Enter) and what
kind of pain; the answer is acted on as docs/safety.mdsays (core/pain_rules.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from backstretch.cli.keyboard import Keyboard
from backstretch.cli.session_views import SessionView
from backstretch.coach.pain import PainAsked
from backstretch.core.clock import MonotonicClock
from backstretch.core.engine import SessionEngine, State
from backstretch.core.events import Event, EventName
from backstretch.core.pain_rules import ACTION_TEXT, KIND_TEXT, PainAction, PainKind
from backstretch.core.timeline import StepKind

Listener = Callable[[Event], None]
PainListener = Callable[[PainAsked], PainAction]  # stores the report, answers what to do
IDLE_WAIT_SECONDS = 1.0
PAIN_KEYS = ("!", "x")
ENTER_KEYS = ("\n", "\r", "enter")
ASK_LEVEL = (
    "This hurts: how much, from 0 (no pain) to 10 (worst possible)? "
    "Type the number, then Enter (Esc to go back)."
)
ASK_KIND = (
    f"Pain {{level}}/10. What kind? s = {KIND_TEXT[PainKind.SHARP]}; "
    f"t = {KIND_TEXT[PainKind.TINGLING]}; n = neither."
)
KINDS = {"s": PainKind.SHARP, "t": PainKind.TINGLING, "n": PainKind.NEITHER}


@dataclass
class PainQuestion:
    """The "this hurts" questions under way: the level typed so far, then the kind."""

    exercise: str
    resume_after: bool
    digits: str = ""
    level: int | None = None


def no_pain_listener(asked: PainAsked) -> PainAction:
    return asked.action


@dataclass
class SessionRunner:
    engine: SessionEngine
    keyboard: Keyboard
    view: SessionView
    listeners: Sequence[Listener]  # what a person perceives: given each batch at the deadline
    clock: MonotonicClock
    records: Sequence[Listener] = ()  # then, event by event: stored, and only then announced
    quit_requested: bool = False
    on_pain: PainListener = no_pain_listener
    _paused_to_ask: bool = field(default=False, init=False)
    _pain: PainQuestion | None = field(default=None, init=False)

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
        """A person gets the cues first: each perceiving listener the whole batch in turn, then
        the screen. Only then are the events recorded, so a commit never delays a cue."""
        for listener in self.listeners:
            for event in events:
                listener(event)
        if self._pain is None and any(e.event is EventName.EXERCISE_START for e in events):
            self.view.notice = ""  # advice about one stretch ends with it
        self.view.redraw()
        for event in events:
            for record in self.records:
                record(event)

    def handle(self, key: str) -> None:
        if self.view.confirm_quit:
            self._answer_quit(key)
            return
        if self._pain is not None:
            self._answer_pain(self._pain, key)
            return
        if key in PAIN_KEYS:
            self._ask_pain()
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

    # -- "this hurts" ----------------------------------------------------------------------
    def _ask_pain(self) -> None:
        exercise = self.engine.snapshot().step.exercise
        if exercise is None or self.engine.state is State.FINISHED:
            return
        running = self.engine.state is not State.PAUSED
        self._pain = PainQuestion(exercise, resume_after=running)
        self.dispatch(self.engine.pause())
        self._tell(ASK_LEVEL)

    def _tell(self, text: str, typed: str = "") -> None:
        self.view.notice = text
        self.view.typed = typed
        self.view.redraw()

    def _answer_pain(self, question: PainQuestion, key: str) -> None:
        if key == "escape":
            self._end_pain(question, "")
        elif question.level is None:
            self._answer_level(question, key)
        elif key.lower() in KINDS or key in ENTER_KEYS:
            kind = KINDS.get(key.lower(), PainKind.NEITHER)
            self._act_on_pain(question, question.level, kind)
        else:
            self._tell(ASK_KIND.format(level=question.level))

    def _answer_level(self, question: PainQuestion, key: str) -> None:
        if key.isdigit() and len(question.digits) < 2:
            question.digits += key
            self._tell(ASK_LEVEL, typed=question.digits)  # shown as typed: the terminal echoes none
            return
        if key in ENTER_KEYS and question.digits and int(question.digits) <= 10:
            question.level = int(question.digits)
            self._tell(ASK_KIND.format(level=question.level))
            return
        question.digits = ""
        self._tell("Please type a whole number from 0 to 10, then Enter.")

    def _act_on_pain(self, question: PainQuestion, level: int, kind: PainKind) -> None:
        action = self.on_pain(self._asked(question.exercise, level, kind))
        self._tell(ACTION_TEXT[action])  # said first, and kept on screen into the next stretch
        if action is PainAction.STOP:
            self.dispatch(self.engine.skip_exercise(reason="pain"))
        self._end_pain(question, ACTION_TEXT[action])

    def _asked(self, exercise: str, level: int, kind: PainKind) -> PainAsked:
        """The answer, with the hold under way and the seconds held (the session is paused)."""
        now = self.engine.snapshot()
        if now.step.kind is not StepKind.HOLD:
            return PainAsked(exercise, level, kind)
        return PainAsked(exercise, level, kind, now.step.hold_number, round(now.elapsed, 3))

    def _end_pain(self, question: PainQuestion, advice: str) -> None:
        self._pain = None
        self.view.notice = advice
        self.view.typed = ""
        self.dispatch(self.engine.resume() if question.resume_after else [])
