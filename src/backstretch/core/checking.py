"""The machinery of checking a parsed document: limits, how bad values are shown, and a
`Checker` that collects every problem with its line. Routine rules live in `validation`, pose
rules in `pose_validation`; both use this."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Never, cast

from backstretch.core.errors import Problem

Path = tuple[str | int, ...]
LineOf = Callable[[Path], "int | None"]

ID_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")
ID_RULE = "a short id of lower-case letters, digits and hyphens, such as 'daily-back'"


@dataclass(frozen=True)
class Range:
    low: float
    high: float
    unit: str


LIMITS = {
    "hold_seconds": Range(1, 600, "seconds"),
    "reps": Range(1, 100, "reps"),
    "timing": Range(0, 300, "seconds"),
    "exercises": Range(1, 30, "exercises"),
    "phases": Range(1, 10, "phases"),
    "name": Range(1, 80, "characters"),
    "text": Range(1, 2000, "characters"),
    "pose_x": Range(0, 300, "cm"),
    "pose_y": Range(0, 250, "cm"),
    "checks": Range(1, 10, "checks"),
    "priority": Range(1, 9, "priority"),
    "degrees": Range(0, 180, "degrees"),
    "tolerance": Range(0, 45, "degrees"),
    "margin": Range(-1, 2, "torso lengths"),
    "within": Range(0.05, 3, "torso lengths"),
}

# A checked value that failed; typed Never so it stands in for any result type.
INVALID: Never = cast(Never, object())
# YAML turns some unquoted text into other things; say how to keep it text.
YAML_TEXT_HINTS = {
    dict: "; put text that contains ': ' in quotes",
    bool: "; put yes, no, on and off in quotes to keep them as words",
}


def failed(value: Any) -> bool:
    """Whether a value already failed its check (and was reported)."""
    return value is INVALID


def describe(value: Any) -> str:
    """Show a bad value the way the person wrote it, briefly."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return repr(shown)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, date):
        return value.isoformat()  # YAML reads 2024-01-31 as a date
    if isinstance(value, bytes):
        return "binary data"
    return repr(value) if not isinstance(value, float) else f"{value:g}"


@dataclass
class Checker:
    """Collects problems while walking one document."""

    source: str
    line_of: LineOf
    problems: list[Problem] = field(default_factory=list)
    exercise: str | None = None

    def report(self, path: Path, message: str) -> None:
        line = None
        for cut in range(len(path), -1, -1):
            line = self.line_of(path[:cut])
            if line is not None:
                break
        self.problems.append(Problem(self.source, message, line, self.exercise))

    def mapping(
        self,
        value: Any,
        path: Path,
        label: str,
        allowed: tuple[str, ...],
        listed: tuple[str, ...] | None = None,
    ) -> bool:
        """A mapping whose keys are all `allowed`; an unknown key's message lists `listed`."""
        if not isinstance(value, dict):
            self.report(path, f"{label} must be a mapping of fields (got {describe(value)})")
            return False
        for key in value:
            if key not in allowed:
                message = unknown_field(key, label, allowed, listed)
                self.report((*path, str(key)), message)
        return True

    def required(self, data: dict[str, Any], path: Path, name: str, hint: str) -> Any:
        if name not in data or data[name] is None:
            self.report((*path, name), f"{name} is required ({hint})")
            return INVALID
        return data[name]

    def identifier(self, value: Any, path: Path, name: str) -> str:
        if failed(value):
            return INVALID
        if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
            self.report(path, f"{name} must be {ID_RULE} (got {describe(value)})")
            return INVALID
        return value

    def text(self, value: Any, path: Path, name: str, limit: str = "text") -> str:
        if failed(value):
            return INVALID
        bounds = LIMITS[limit]
        if not isinstance(value, str) or not value.strip():
            hint = YAML_TEXT_HINTS.get(type(value), "")
            self.report(path, f"{name} must be non-empty text (got {describe(value)}){hint}")
            return INVALID
        if len(value) > bounds.high:
            self.report(
                path, f"{name} must be at most {bounds.high:g} characters (got {len(value)})"
            )
            return INVALID
        return value.strip()

    def texts(self, value: Any, path: Path, name: str, least: int = 0) -> tuple[str, ...]:
        if failed(value):
            return INVALID
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.report(path, f"{name} must be a list of text lines (got {describe(value)})")
            return INVALID
        if len(value) < least:
            self.report(path, f"{name} must list at least {least} line (got an empty list)")
            return INVALID
        items = tuple(
            self.text(item, (*path, i), f"{name} item {i + 1}") for i, item in enumerate(value)
        )
        return INVALID if any(item is INVALID for item in items) else items

    def number(self, value: Any, path: Path, name: str, limit: str) -> float:
        if failed(value):
            return INVALID
        bounds = LIMITS[limit]
        allowed = f"between {bounds.low:g} and {bounds.high:g} {bounds.unit}"
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.report(path, f"{name} must be a number {allowed} (got {describe(value)})")
            return INVALID
        if not math.isfinite(value) or not bounds.low <= value <= bounds.high:
            self.report(path, f"{name} must be {allowed} (got {describe(value)})")
            return INVALID
        return float(value)

    def count(self, value: Any, path: Path, name: str, limit: str) -> int:
        if failed(value):
            return INVALID
        bounds = LIMITS[limit]
        allowed = f"a whole number between {bounds.low:g} and {bounds.high:g}"
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # 5.0 is five, as JSON Schema's "integer" also says
        if isinstance(value, bool) or not isinstance(value, int):
            self.report(path, f"{name} must be {allowed} (got {describe(value)})")
            return INVALID
        if not bounds.low <= value <= bounds.high:
            self.report(path, f"{name} must be {allowed} (got {describe(value)})")
            return INVALID
        return value


def unknown_field(
    key: Any, label: str, allowed: tuple[str, ...], listed: tuple[str, ...] | None = None
) -> str:
    near = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
    hint = f"did you mean '{near[0]}'? " if near else ""
    shown = "without a name" if key is None else describe(key)
    return f"unknown field {shown} in {label} ({hint}allowed: {', '.join(listed or allowed)})"
