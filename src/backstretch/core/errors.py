"""The one tree of errors a person may see. Every message says where, what, the bad value and
what is allowed; front ends print them as they are."""

from __future__ import annotations

from dataclasses import dataclass


class BackstretchError(Exception):
    """A problem the user can fix. The message is written for people."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a routine file."""

    source: str
    message: str
    line: int | None = None
    exercise: str | None = None

    def __str__(self) -> str:
        where = [self.source]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.exercise is not None:
            where.append(f"exercise {self.exercise}")
        return f"{', '.join(where)}: {self.message}"


class InvalidRoutine(BackstretchError):
    """A routine file with one or more problems; all are reported, not only the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class RoutineNotFound(BackstretchError):
    """No built-in routine, user routine or file has the given name."""


class SessionError(BackstretchError):
    """An action that does not fit the session's state (for example resuming a finished one)."""
