"""Sound without a sound library: the terminal bell, and speech through espeak-ng if present."""

from __future__ import annotations

import shutil
import subprocess
from typing import IO

from backstretch.core.events import Event, EventName


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
    """Speaks cues in the background; a new cue cuts off one still speaking, so none pile up."""

    def __init__(self, command: list[str]) -> None:
        self.command = command
        self.speaking: subprocess.Popen[bytes] | None = None

    def say(self, text: str) -> None:
        self.hush()
        try:
            self.speaking = subprocess.Popen(
                [*self.command, text], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        except OSError:
            self.speaking = None

    def hush(self) -> None:
        if self.speaking is not None and self.speaking.poll() is None:
            self.speaking.terminate()
        self.speaking = None

    def close(self) -> None:
        if self.speaking is not None:
            try:
                self.speaking.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.speaking.kill()
