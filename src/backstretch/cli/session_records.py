"""What `start` keeps of a session: the history, then the event file, in that order.

The session loop hands each batch of events first to what a person perceives (bell, voice,
screen) at the deadline, and only then to the RecordKeeper, which stores what each event settles
(committed before it returns) and then writes the event's JSON line. So a `hold_end` line on the
event file always means its hold is stored, while the cues keep their timing: a commit here costs
about 0.4 ms (WAL, synchronous=FULL) and never delays a bell or a voice.

A save that fails is told once at once, the session goes on, its line says `"saved": false`, and
the end of the session repeats what was not saved with exit code 1 (`verdict`).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO

from backstretch.coach.pain import PainAsked, report_pain
from backstretch.coach.recorder import SessionRecorder
from backstretch.core.errors import BackstretchError
from backstretch.core.events import Event, EventName
from backstretch.core.pain_rules import PainAction
from backstretch.core.timeline import Step
from backstretch.storage.repository import StorageError

HOLD, PAIN_REPORT, END = "hold", "pain report", "end"
NAMES = {HOLD: ("hold", "holds"), PAIN_REPORT: ("pain report", "pain reports")}


@contextmanager
def open_events(target: str | None) -> Iterator[IO[str] | None]:
    """The event file (`-` for standard output), or None without --events."""
    if target is None:
        yield None
    elif target == "-":
        yield sys.stdout
    else:
        try:
            stream = Path(target).open("w", encoding="utf-8")  # noqa: SIM115 - closed below
        except OSError as error:
            raise BackstretchError(f"cannot write events to {target}: {error.strerror}") from None
        with stream:
            yield stream


def settles_a_hold(event: Event) -> bool:
    return event.event is EventName.HOLD_END or (
        event.event is EventName.SKIP and event.details.get("skipped") == "hold"
    )


class RecordKeeper:
    """Stores each event's outcome, then announces it on the event file."""

    def __init__(
        self,
        recorder: SessionRecorder,
        wall_clock: Callable[[], datetime],
        stream: IO[str] | None = None,
        tell: Callable[[str], None] = lambda text: None,
    ) -> None:
        self.recorder = recorder
        self.wall_clock = wall_clock
        self.stream = stream
        self.tell = tell
        self.unsaved: Counter[str] = Counter()
        self.problem = ""

    def __call__(self, event: Event) -> None:
        kind = HOLD if settles_a_hold(event) else END
        saved = self._attempt(kind, lambda: self.recorder.on_event(event, self.wall_clock()))
        if self.stream is not None:
            line = event.as_dict()
            if not saved:
                line["saved"] = False
            self.stream.write(json.dumps(line) + "\n")
            self.stream.flush()

    def record_pain(self, asked: PainAsked, holds: Sequence[Step]) -> PainAction:
        """Store pain reported with the "this hurts" key, with what was done and why, and the
        holds of a stretch stopped for it as skipped (coach/pain.py; `holds` are the session's
        hold steps). The session loop acts on the rule's answer whether or not this is saved."""
        at = self.wall_clock()
        recorder = self.recorder
        self._attempt(
            PAIN_REPORT,
            lambda: report_pain(recorder.repository, recorder.require_session(), holds, asked, at),
        )
        return asked.action

    def finish(self, status: str, pain_after: int | None) -> None:
        self._attempt(END, lambda: self.recorder.finish(status, self.wall_clock(), pain_after))

    def verdict(self) -> None:
        """Say again, as an error, what the history is missing."""
        if not self.unsaved:
            return
        parts = [f"{n} {NAMES[kind][n != 1]}" for kind, n in self.unsaved.items() if kind != END]
        if self.unsaved[END]:
            parts.append("its end (status and pain after)")
        listed = " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)
        raise BackstretchError(
            f"this session was not all saved to your history: {listed} could not be saved "
            f"({self.problem}); `backstretch history` shows only what was saved"
        )

    def _attempt(self, kind: str, save: Callable[[], object]) -> bool:
        try:
            save()
        except StorageError as error:
            if not self.problem:
                self.problem = str(error)
                self.tell(f"Could not save to your history ({error}); the session goes on.")
            self.unsaved[kind] += 1
            return False
        return True
