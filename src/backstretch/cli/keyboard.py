"""Keys from the terminal without waiting for Enter, and a precise wait for the next deadline.

The terminal is put in cbreak mode (Ctrl-C still interrupts) and always restored, even when the
program is interrupted.
"""

from __future__ import annotations

import os
import select
import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import IO, Any

ARROWS = {"\x1b[C": "right", "\x1b[D": "left", "\x1b[A": "up", "\x1b[B": "down"}


def decode_keys(chunk: str) -> list[str]:
    """Split what the terminal sent into keys: arrows by name, Esc as 'escape', others as-is."""
    keys: list[str] = []
    index = 0
    while index < len(chunk):
        sequence = chunk[index : index + 3]
        if sequence in ARROWS:
            keys.append(ARROWS[sequence])
            index += 3
        elif chunk[index] == "\x1b":
            keys.append("escape")
            index += 1
        else:
            keys.append(chunk[index])
            index += 1
    return keys


class Keyboard:
    """Waits for a key or a deadline, whichever comes first. Without a terminal it only waits."""

    def __init__(
        self, stream: IO[str] | None = None, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        self.stream = stream if stream is not None else sys.stdin
        self.sleep = sleep
        self.fd: int | None = None
        self._saved: list[Any] | None = None
        try:
            interactive = self.stream.isatty()
        except (ValueError, OSError):
            interactive = False
        if interactive:
            self.fd = self.stream.fileno()

    @property
    def interactive(self) -> bool:
        return self.fd is not None

    def __enter__(self) -> Keyboard:
        if self.fd is not None:
            import termios
            import tty

            self._saved = termios.tcgetattr(self.fd)
            tty.setcbreak(self.fd)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.restore()

    def restore(self) -> None:
        if self.fd is not None and self._saved is not None:
            import termios

            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)
            self._saved = None

    def wait(self, timeout: float) -> list[str]:
        """Sleep up to `timeout` seconds, returning early with any keys pressed."""
        timeout = max(0.0, timeout)
        if self.fd is None:
            self.sleep(timeout)
            return []
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return []
        data = os.read(self.fd, 64)
        if not data:  # the terminal went away: stop listening, keep counting
            self.fd = None
            return []
        return decode_keys(data.decode("utf-8", errors="ignore"))
