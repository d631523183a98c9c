"""Refuse a YAML document by its shape before any tree is built: how deep it nests, how many
documents it holds, and how large it grows when every use of an alias is counted.

The shape is read from the parser's events, which cost little and hold no tree. An alias bomb
is small on disk: one 900 KB text used 5,000 times is a file under 1 MB that grows to 4.5 GB
of text when the parse cache writes it out as JSON. Here each alias adds the size of what its
anchor names, as a number, so such a file is refused at the alias that goes over the limit,
in milliseconds, before anything is copied.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from backstretch.core.errors import InvalidRoutine, Problem

MAX_FILE_BYTES = 1_000_000
# What a file may grow to when every use of a YAML alias is counted: far above any real routine
# (the built-in one holds about 1,500 values and 20,000 characters), far below what takes
# noticeable time or memory to build, keep in the parse cache or check.
MAX_VALUES = 20_000
MAX_CHARACTERS = 2 * MAX_FILE_BYTES
# A routine nests ten deep (routine, exercises, exercise, phases, phase, form, checks, check,
# angle, landmark).
MAX_DEPTH = 20
TOO_DEEP = f"is nested more than {MAX_DEPTH} levels deep; a routine needs 10 at most"
TOO_LARGE = "(counting each use of a YAML alias); too large to be a routine"

if TYPE_CHECKING:
    import yaml


def refuse(source: str, message: str, line: int | None = None) -> InvalidRoutine:
    """The error for a file that cannot be read as a routine at all: one problem."""
    return InvalidRoutine([Problem(source, message, line)])


def loader_class() -> type[yaml.SafeLoader]:
    import yaml

    loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return loader


class Growth:
    """The values and characters of a document with each alias counted as a copy of what its
    anchor names; sizes are added up, never built."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.values = 0
        self.characters = 0
        self.anchored: dict[str, tuple[int, int]] = {}
        self.open: list[tuple[str | None, int, int]] = []  # anchor, values and characters before

    def scalar(self, value: str, anchor: str | None, line: int | None) -> None:
        self.grow(1, len(value), line)
        if anchor is not None:
            self.anchored[anchor] = (1, len(value))

    def start(self, anchor: str | None, line: int | None) -> None:
        self.open.append((anchor, self.values, self.characters))
        self.grow(1, 0, line)

    def end(self) -> None:
        anchor, values, characters = self.open.pop()
        if anchor is not None:
            self.anchored[anchor] = (self.values - values, self.characters - characters)

    def alias(self, anchor: str | None, line: int | None) -> None:
        # An alias to a collection still open (a loop) adds nothing here; the builder stops it
        # at the depth limit.
        self.grow(*self.anchored.get(anchor or "", (0, 0)), line)

    def grow(self, values: int, characters: int, line: int | None) -> None:
        self.values += values
        self.characters += characters
        if self.values > MAX_VALUES:
            raise refuse(self.source, f"holds more than {MAX_VALUES} values {TOO_LARGE}", line)
        if self.characters > MAX_CHARACTERS:
            message = f"holds more than {MAX_CHARACTERS:,} characters of text {TOO_LARGE}"
            raise refuse(self.source, message, line)


def check_shape(text: str, source: str) -> None:
    """Walk the YAML events (no tree yet) to refuse deep nesting, extra documents and alias
    bombs early.

    libyaml builds its tree recursively: a few hundred thousand nested brackets crash the
    interpreter, and the pure-Python parser hits the recursion limit, so depth is checked first.
    """
    import yaml

    growth = Growth(source)
    depth = documents = 0
    try:
        for event in yaml.parse(text, Loader=loader_class()):
            line = event.start_mark.line + 1 if event.start_mark else None
            if isinstance(event, yaml.ScalarEvent):
                growth.scalar(event.value, event.anchor, line)
            elif isinstance(event, yaml.AliasEvent):
                growth.alias(event.anchor, line)
            elif isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise refuse(source, TOO_DEEP, line)
                growth.start(event.anchor, line)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
                growth.end()
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    message = "a second YAML document starts here"
                    raise refuse(source, f"{message}; a routine file holds exactly one", line)
    except yaml.MarkedYAMLError as error:
        # PyYAML 6.0.4 and later refuse deep nesting themselves (at 1,000 levels, before the
        # events reach us), in their own words: say it in ours, whichever release is installed.
        if "nesting depth" not in str(error.problem):
            raise
        mark = error.problem_mark
        raise refuse(source, TOO_DEEP, mark.line + 1 if mark is not None else None) from None
