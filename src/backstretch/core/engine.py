"""The session engine: walks a timeline against an injected monotonic clock.

Every cue has an absolute deadline, `base + (offset - anchor) / speed`, where `base` is the
monotonic time the session stood at `anchor` seconds; both move only when the person acts (pause,
skip, back). Nothing is a sum of sleeps, so no drift builds up, and a paused hold keeps exactly
the time it had left. The engine never sleeps: it answers "what is due now"
and "when is the next thing due", and the front end waits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from backstretch.core.clock import MonotonicClock
from backstretch.core.errors import SessionError
from backstretch.core.events import Event, EventName, HoldResult
from backstretch.core.moves import back_target, moves_of
from backstretch.core.schedule import START_EVENTS, Cue, cues_for, resume_step
from backstretch.core.timeline import Step, StepKind, Timeline

# Wall seconds past the next cue after which a poll is not late but after a gap: a suspended
# laptop, a frozen or backgrounded tab, a stopped process. Scheduling is late by milliseconds
# (PRODUCT.md's target is 2 ms), so three seconds is never a slow machine, and crediting holds
# that no one coached through would make the record claim what did not happen.
GAP_SECONDS = 3.0


class State(StrEnum):
    NOT_STARTED = "not_started"
    GETTING_READY = "getting_ready"
    HOLDING = "holding"
    RELEASING = "releasing"
    SWITCHING_SIDES = "switching_sides"
    PAUSED = "paused"
    FINISHED = "finished"


STEP_STATES = {
    StepKind.GET_READY: State.GETTING_READY,
    StepKind.HOLD: State.HOLDING,
    StepKind.RELEASE: State.RELEASING,
    StepKind.SWITCH_SIDES: State.SWITCHING_SIDES,
    StepKind.END: State.FINISHED,
}


@dataclass(frozen=True)
class Snapshot:
    """What a front end shows at one moment."""

    state: State
    step: Step
    elapsed: float  # seconds into the current step, at speed 1
    remaining: float
    position: float  # seconds into the whole session as planned
    total: float
    holds_completed: int
    holds_total: int
    upcoming: Step | None  # the next hold or next stretch


class SessionEngine:
    def __init__(
        self,
        timeline: Timeline,
        clock: MonotonicClock,
        speed: float = 1.0,
        gap_seconds: float | None = GAP_SECONDS,
        stopped: Mapping[str, str] | None = None,
    ) -> None:
        """`gap_seconds`: how far past the next cue a poll may come before the engine takes it
        as a gap and pauses where it was last seen (None: never, every late poll catches up).

        `stopped` maps the ids of stretches stopped for today (for pain, earlier) to the reason:
        the session passes over them, recording their holds as skipped with that reason."""
        if not speed > 0:
            raise SessionError(f"speed must be above 0 (got {speed})")
        self.timeline = timeline
        self.clock = clock
        self.speed = speed
        self.gap_seconds = gap_seconds
        self.cues = cues_for(timeline)
        self.moves = moves_of(timeline)
        self._first_cue = {cue.step.index: i for i, cue in reversed(list(enumerate(self.cues)))}
        self.results: dict[int, HoldResult] = {}
        self.state = State.NOT_STARTED
        self.status = "in_progress"
        self._cursor = 0
        self._step = timeline.steps[0]
        self._origin = 0.0
        self._base = 0.0
        self._anchor = 0.0  # the session position, in seconds at speed 1, at monotonic `_base`
        self._paused_at: float | None = None
        self._resume_state = State.GETTING_READY
        self._last_seen = 0.0  # the monotonic time of the last poll or action
        self.stopped: dict[int, str] = {  # exercise index -> why it is passed over today
            index: stopped[exercise.id]
            for index, exercise in enumerate(timeline.routine.exercises)
            if stopped and exercise.id in stopped
        }

    # -- time ------------------------------------------------------------------------------
    def _now(self) -> float:
        return self.clock()

    def _position(self, now: float) -> float:
        """Seconds into the session at speed 1, with pauses removed."""
        at = self._paused_at if self._paused_at is not None else now
        return self._anchor + (at - self._base) * self.speed

    def _due(self, cue: Cue) -> float:
        """The monotonic time a cue is due; exactly `_base` for a cue at the anchor."""
        return self._base + (cue.at - self._anchor) / self.speed

    def next_deadline(self) -> float | None:
        """The monotonic time the next cue is due, or None while paused or finished."""
        if self.state in (State.NOT_STARTED, State.PAUSED, State.FINISHED):
            return None
        return self._due(self.cues[self._cursor])

    # -- running ---------------------------------------------------------------------------
    def start(self, done_holds: Iterable[int] = ()) -> list[Event]:
        """Begin now. To carry on an interrupted session, pass the hold numbers already done:
        they count as completed, and the session starts just before the first hold left."""
        if self.state is not State.NOT_STARTED:
            raise SessionError("this session has already started")
        done = set(done_holds)
        for hold in self.timeline.holds:
            if hold.hold_number in done:
                self.results[hold.index] = HoldResult(hold, True, hold.duration)
        self._origin = self._base = self._last_seen = self._now()
        first = Event(EventName.SESSION_START, 0.0, 0.0, None, self._session_details())
        target = resume_step(self.timeline, done)  # a stopped stretch there is passed over
        self._step = self.timeline.steps[target]
        self._anchor = self._step.start
        self._cursor = self._first_cue[target]
        self.state = STEP_STATES[self._step.kind]
        return [first, *self._fire_due(self._base)]

    def poll(self) -> list[Event]:
        """Fire every cue that is due by now, in order; after a gap, pause instead (see
        GAP_SECONDS) where the session was last seen, so no hold is credited that no one did."""
        if self.state in (State.NOT_STARTED, State.PAUSED, State.FINISHED):
            return []
        now = self._now()
        seen, self._last_seen = self._last_seen, max(self._last_seen, now)
        if self._is_gap(seen, now):
            return self._pause_after_gap(seen, now)
        return self._fire_due(now)

    def _is_gap(self, seen: float, now: float) -> bool:
        if self.gap_seconds is None:
            return False
        expected = max(seen, self._due(self.cues[self._cursor]))
        return now - expected > self.gap_seconds

    def _pause_after_gap(self, seen: float, now: float) -> list[Event]:
        self._paused_at = seen
        self._resume_state, self.state = self.state, State.PAUSED
        remaining = round(self._remaining(seen), 3)
        gap = round(now - seen, 3)
        return [self._action(EventName.PAUSE, now, remaining=remaining, reason="gap", gap=gap)]

    def _fire_due(self, now: float) -> list[Event]:
        fired: list[Event] = []
        while self._cursor < len(self.cues):
            cue = self.cues[self._cursor]
            due = self._due(cue)
            if due > now:
                break
            if self._is_stopped(cue.step):
                fired.extend(self._pass_over(cue.step, due, now))
                continue
            self._cursor += 1
            fired.append(self._fire(cue, due, now))
        return fired

    def _is_stopped(self, step: Step) -> bool:
        return step.exercise_index is not None and step.exercise_index in self.stopped

    def _pass_over(self, step: Step, due: float, now: float) -> list[Event]:
        """A stretch stopped for today: its holds not done are skipped (with the reason), and
        the next stretch starts at once, when this one would have."""
        index = step.exercise_index
        reason = self.stopped[index] if index is not None else ""
        skips: list[Event] = []
        for hold in self.timeline.holds:
            if hold.exercise_index == index and hold.index not in self.results:
                self.results[hold.index] = HoldResult(hold, False, 0.0)
                details = {"skipped": "hold", "held_seconds": 0.0, "reason": reason}
                skips.append(
                    Event(EventName.SKIP, due - self._origin, now - self._origin, hold, details)
                )
        target = self.moves[step.index].skip_rest_to or len(self.timeline.steps) - 1
        self._cursor = self._first_cue[target]
        self._base, self._anchor = due, self.timeline.steps[target].start
        return skips

    def _fire(self, cue: Cue, due: float, now: float) -> Event:
        details: dict[str, object] = {}
        step = cue.step
        if cue.name is START_EVENTS[step.kind]:
            self._step = step
            self.state = STEP_STATES[step.kind]
            details = self._start_details(step)
        if cue.name is EventName.COUNTDOWN:
            details = {"remaining": cue.remaining}
        if cue.name is EventName.HOLD_END:
            result = self._record(step, completed=True, now=due)  # a late poll adds no time
            held = round(result.held_seconds, 3)
            details = {
                "planned_seconds": step.duration,
                "held_seconds": held,
                "hold_number": step.hold_number,
            }
        if cue.name is EventName.SESSION_END:
            # Reaching the end with no hold done (every one skipped) is not a completed session.
            self.status = "completed" if self.holds_completed else "partial"
            details = self._end_details(stopped=False)
        return Event(cue.name, due - self._origin, now - self._origin, step, details)

    def _start_details(self, step: Step) -> dict[str, object]:
        if step.kind is StepKind.HOLD:
            return {
                "seconds": step.duration,
                "hold_number": step.hold_number,
                "holds_total": len(self.timeline.holds),
            }
        return {"seconds": step.duration}

    def _session_details(self) -> dict[str, object]:
        timeline = self.timeline
        return {
            "routine": timeline.routine.id,
            "speed": self.speed,
            "total_seconds": timeline.total_seconds,
            "holds_total": len(timeline.holds),
        }

    def _end_details(self, stopped: bool) -> dict[str, object]:
        return {
            "status": self.status,
            "stopped": stopped,
            "holds_completed": self.holds_completed,
            "holds_skipped": self.holds_skipped,
        }

    def _record(self, step: Step, completed: bool, now: float) -> HoldResult:
        held = max(0.0, self._position(now) - step.start)
        result = HoldResult(step, completed, held if completed else min(held, step.duration))
        previous = self.results.get(step.index)
        if previous is None or not previous.completed:  # a completed hold is never undone
            self.results[step.index] = result
        return self.results[step.index]

    # -- actions ---------------------------------------------------------------------------
    def pause(self) -> list[Event]:
        if self.state in (State.NOT_STARTED, State.PAUSED, State.FINISHED):
            return []
        now = self._now()
        fired = self.poll()  # anything already due happens before the pause
        if self._finished() or self._paused():  # the poll found a gap and paused already
            return fired
        self._paused_at = now
        self._resume_state = self.state
        self.state = State.PAUSED
        return [
            *fired,
            self._action(EventName.PAUSE, now, remaining=round(self._remaining(now), 3)),
        ]

    def resume(self) -> list[Event]:
        if self.state is not State.PAUSED or self._paused_at is None:
            return []
        now = self._now()
        self._base += now - self._paused_at
        self._paused_at = None
        self.state = self._resume_state
        return [self._action(EventName.RESUME, now), *self.poll()]

    def toggle_pause(self) -> list[Event]:
        return self.resume() if self.state is State.PAUSED else self.pause()

    def skip(self) -> list[Event]:
        """Skip the current hold (or the wait before the next hold)."""
        fired = self._catch_up()
        if fired is None or self._finished():
            return fired or []
        now = self._now()
        step = self._step
        target = self.moves[step.index].skip_to
        skip = self._action(EventName.SKIP, now, skipped=step.kind.value)
        if step.kind is StepKind.HOLD:
            held = round(self._record(step, completed=False, now=now).held_seconds, 3)
            skip = self._action(EventName.SKIP, now, skipped="hold", held_seconds=held)
        return [*fired, skip, *self._leave_exercise(step, target, now), *self._jump(target, now)]

    def skip_exercise(self, reason: str | None = None) -> list[Event]:
        """Skip the rest of the current stretch; its remaining holds count as skipped. A reason
        (such as "pain") goes into each skip event's details."""
        fired = self._catch_up()
        target = self.moves[self._step.index].skip_rest_to
        if fired is None or self._step.exercise_index is None or target is None:
            return fired or []
        now = self._now()
        current = self._step
        if reason == "pain":  # stopped for today: back never leads into it again
            self.stopped[self._step.exercise_index] = "stopped for pain earlier in this session"
        steps = self.timeline.steps
        events = [*fired]
        for step in steps[current.index :]:
            if step.exercise_index != current.exercise_index:
                break
            if step.kind is StepKind.HOLD and not self._is_completed(step):
                result = self._record(step, completed=False, now=now)
                because = {"reason": reason} if reason else {}
                held = round(result.held_seconds, 3)
                events.append(
                    self._action(
                        EventName.SKIP, now, step, skipped="hold", held_seconds=held, **because
                    )
                )
        return [*events, *self._leave_exercise(current, target, now), *self._jump(target, now)]

    def back(self) -> list[Event]:
        """Repeat the last hold done before this moment (a skipped one is passed over); with
        none done yet, restart the current step."""
        fired = self._catch_up()
        if fired is None or self._finished():
            return fired or []
        now = self._now()
        current = self._step
        steps = self.timeline.steps
        target = back_target(
            self.moves,
            current.index,
            lambda i: self._is_completed(steps[i]) and not self._is_stopped(steps[i]),
        )
        back = self._action(EventName.BACK, now, to_hold=self.timeline.steps[target].hold_number)
        return [*fired, back, *self._jump(target, now)]

    def stop(self) -> list[Event]:
        """End the session early; what was done is kept."""
        if self.state in (State.NOT_STARTED, State.FINISHED):
            return []
        fired = self.poll()
        if self._finished():
            return fired
        now = self._now()
        self.state = State.FINISHED
        self.status = "partial"
        self._paused_at = None
        elapsed = now - self._origin
        end = Event(EventName.SESSION_END, elapsed, elapsed, self._step, self._end_details(True))
        return [*fired, end]

    # -- helpers ---------------------------------------------------------------------------
    def _catch_up(self) -> list[Event] | None:
        """Fire what is due before an action; None if the action cannot apply."""
        if self.state in (State.NOT_STARTED, State.FINISHED):
            return None
        fired = self.poll()
        return None if self._finished() and not fired else fired

    def _jump(self, target: int, now: float) -> list[Event]:
        """Make step `target` start now; while paused it starts, and stays paused, at once."""
        step = self.timeline.steps[target]
        self._cursor = self._first_cue[target]
        # Anchor at the step rather than at `now - start / speed`: that sum can round above
        # `now`, and then the step would not start.
        self._base, self._anchor = now, step.start
        if self._paused_at is None:
            return self._fire_due(now)
        self._paused_at = now
        fired = self._fire_due(now)
        if self.state is State.FINISHED:
            self._paused_at = None
        else:
            self._resume_state, self.state = self.state, State.PAUSED
        return fired

    def _leave_exercise(self, step: Step, target: int, now: float) -> list[Event]:
        following = self.timeline.steps[target]
        if step.exercise_index is None or following.exercise_index == step.exercise_index:
            return []
        last_hold = [h for h in self.timeline.holds if h.exercise_index == step.exercise_index][-1]
        return [Event(EventName.EXERCISE_END, now - self._origin, now - self._origin, last_hold)]

    def _action(
        self, name: EventName, now: float, step: Step | None = None, **details: object
    ) -> Event:
        elapsed = now - self._origin
        return Event(name, elapsed, elapsed, step or self._step, details)

    def _paused(self) -> bool:
        return self.state is State.PAUSED

    def _finished(self) -> bool:
        # A method, not `self.state is ...` inline: mypy would keep `state` narrowed across poll().
        return self.state is State.FINISHED

    def _remaining(self, now: float) -> float:
        return max(0.0, self._step.end - self._position(now))

    def _is_completed(self, step: Step) -> bool:
        result = self.results.get(step.index)
        return result is not None and result.completed

    # -- reading ---------------------------------------------------------------------------
    @property
    def holds_completed(self) -> int:
        return sum(result.completed for result in self.results.values())

    @property
    def holds_skipped(self) -> int:
        return sum(not result.completed for result in self.results.values())

    @property
    def elapsed_seconds(self) -> float:
        """Wall seconds since the session started, pauses included."""
        return 0.0 if self.state is State.NOT_STARTED else self._now() - self._origin

    def snapshot(self) -> Snapshot:
        now = self._now()
        step = self._step
        position = self._position(now) if self.state is not State.NOT_STARTED else 0.0
        if self.state is State.FINISHED:
            position = step.end
        elapsed = min(step.duration, max(0.0, position - step.start))
        return Snapshot(
            state=self.state,
            step=step,
            elapsed=elapsed,
            remaining=step.duration - elapsed,
            position=min(self.timeline.total_seconds, step.start + elapsed),
            total=self.timeline.total_seconds,
            holds_completed=self.holds_completed,
            holds_total=len(self.timeline.holds),
            upcoming=self._upcoming(step),
        )

    def _upcoming(self, step: Step) -> Step | None:
        for later in self.timeline.steps[step.index + 1 :]:
            if later.kind in (StepKind.HOLD, StepKind.GET_READY, StepKind.END):
                return later
        return None
