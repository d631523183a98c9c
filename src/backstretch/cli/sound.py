"""Sound without a sound library: the terminal bell, and speech through espeak-ng if present."""

from __future__ import annotations

import shutil
import subprocess
import threading
from typing import IO

from backstretch.core.events import Event, EventName

CLOSE_SECONDS = 10.0  # at most this long for the last words once the session is over


class Bell:
    """Rings the terminal bell for each count of 3-2-1 and twice when a hold ends."""

    def __init__(self, stream: IO[str] | None) -> None:
        self.stream = stream

    def on_event(self, event: Event) -> None:
        if self.stream is None:
            return
        rings = {EventName.COUNTDOWN: 1, EventName.HOLD_END: 2, EventName.SESSION_END: 3}
        count = rings.get(event.event, 0)
        if count:
            self.stream.write("\a" * count)
            self.stream.flush()


def find_speech_engine() -> list[str] | None:
    """The command that speaks text given as its last argument, or None if there is none."""
    for name in ("espeak-ng", "espeak"):
        path = shutil.which(name)
        if path:
            return [path, "-s", "150"]
    return None


class Voice:
    """Speaks cues one at a time in the background, so no phrase cuts or talks over another.

    A phrase that comes while another is being spoken waits for it, and only the newest waits:
    a newer step makes the older words out of date, and a backlog would put the voice ever
    further behind the clock. A countdown number that comes while the voice is busy is dropped,
    as a "3" said late is a wrong count (the bell still rings it).
    """

    def __init__(self, command: list[str]) -> None:
        self.command = command
        self.speaking: subprocess.Popen[bytes] | None = None
        self.waiting: str | None = None
        self.closing = False
        self.changed = threading.Condition()
        self.worker = threading.Thread(target=self.speak_in_turn, name="voice", daemon=True)
        self.worker.start()

    def say(self, text: str, droppable: bool = False) -> None:
        """Speak `text` now if the voice is free, else after the phrase being spoken;
        `droppable` (a countdown number): only if the voice is free."""
        with self.changed:
            if self.speaking is None and self.waiting is None:
                self.speaking = self.start(text)
            elif not droppable:
                self.waiting = text
            self.changed.notify()

    def speak_in_turn(self) -> None:
        while True:
            with self.changed:
                while self.speaking is None and self.waiting is None and not self.closing:
                    self.changed.wait()
                if self.speaking is None and self.waiting is not None:
                    text, self.waiting = self.waiting, None
                    self.speaking = self.start(text)
                speaking = self.speaking
                if speaking is None and self.waiting is None:
                    if self.closing:
                        return
                    continue
            if speaking is not None:
                speaking.wait()
            with self.changed:
                self.speaking = None

    def start(self, text: str) -> subprocess.Popen[bytes] | None:
        try:
            return subprocess.Popen(
                [*self.command, text], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        except OSError:
            return None  # no voice: the words are on screen

    def close(self, timeout: float = CLOSE_SECONDS) -> None:
        """Let the last words be said (up to `timeout` seconds), then stop."""
        with self.changed:
            self.closing = True
            self.changed.notify()
        self.worker.join(timeout)
        with self.changed:
            self.waiting = None
            speaking = self.speaking
        if speaking is not None and speaking.poll() is None:
            speaking.kill()
        self.worker.join(1.0)
