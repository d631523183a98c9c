"""The routines a person can use: built-in files shipped with the package and their own files in
`$BACKSTRETCH_HOME/routines/`. A name is a routine id or a path to a file."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from backstretch.catalog.files import (
    load_routine_file,
    parse_routine_bytes,
    parse_yaml,
    read_cache,
)
from backstretch.core.errors import InvalidRoutine, Problem, RoutineNotFound
from backstretch.core.routine import Routine

SUFFIXES = (".yaml", ".yml")
BUILT_IN = Path(__file__).resolve().parent.parent / "routines"


@dataclass(frozen=True)
class RoutineEntry:
    """A line of `backstretch routines`: a usable routine, or a user file with problems."""

    id: str
    source: str
    routine: Routine | None = None
    problem: str | None = None


class Catalog:
    def __init__(self, home: Path) -> None:
        self.folder = home / "routines"
        self.cache = home / "cache" / "routines"

    @staticmethod
    def builtin_ids() -> list[str]:
        return sorted(path.stem for path in BUILT_IN.iterdir() if path.suffix in SUFFIXES)

    def builtin(self, routine_id: str) -> Routine:
        raw = (BUILT_IN / f"{routine_id}.yaml").read_bytes()
        routine = parse_routine_bytes(raw, f"{routine_id}.yaml", cache=self.cache)
        return replace(routine, source="built-in")

    def builtin_document(self, routine_id: str) -> Any:
        """A built-in routine's file as plain values (the fields of the routine file format),
        from the cache when its text was parsed before."""
        text = (BUILT_IN / f"{routine_id}.yaml").read_text("utf-8")
        cached = read_cache(self.cache, text)
        return (cached or parse_yaml(text, f"{routine_id}.yaml"))[0]

    def user_files(self) -> list[Path]:
        """Every routine file in the folder, whatever it is: one that is not a regular file (a
        pipe, a device, a link loop) is listed with its problem rather than left out, and never
        read. Hidden names (an editor's `.#name.yaml` lock) are not the person's routines."""
        if not self.folder.is_dir():
            return []
        try:
            names = list(self.folder.iterdir())
        except OSError as error:
            raise RoutineNotFound(
                f"{self.folder}: the routines folder cannot be read ({error.strerror or error}); "
                "check its permissions"
            ) from None
        return sorted(p for p in names if p.suffix in SUFFIXES and not p.name.startswith("."))

    def load_file(self, path: Path) -> Routine:
        """Load a user's file; its id may not take a built-in routine's id."""
        # The folder is resolved, not the file: the file may be a link that leads nowhere.
        reserved = () if path.absolute().parent.resolve() == BUILT_IN else self.builtin_ids()
        return load_routine_file(path, reserved_ids=reserved, cache=self.cache)

    def entries(self) -> list[RoutineEntry]:
        found = [RoutineEntry(rid, "built-in", self.builtin(rid)) for rid in self.builtin_ids()]
        for path in self.user_files():
            try:
                routine = self.load_file(path)
                found.append(RoutineEntry(routine.id, str(path), routine))
            except InvalidRoutine as error:
                found.append(RoutineEntry(path.stem, str(path), problem=str(error.problems[0])))
        return found

    def load(self, name: str) -> Routine:
        """Find a routine by id (built-in first, then the user's own) or by file path."""
        if name in self.builtin_ids():
            return self.builtin(name)
        path = Path(name).expanduser()
        if name.endswith(SUFFIXES) or "/" in name or path.is_file():
            return self.load_file(path)
        broken: dict[Path, InvalidRoutine] = {}
        for candidate in self.user_files():
            try:
                routine = self.load_file(candidate)
            except InvalidRoutine as error:
                broken[candidate] = error
                continue
            if routine.id == name:
                return routine
        for path, problems in broken.items():
            if path.stem == name:
                raise unusable(name, path, problems)
        raise RoutineNotFound(self.not_found_message(name))

    def own_entry(self, routine_id: str) -> RoutineEntry | None:
        """The person's own file with `routine_id` (or named after it, when it has problems)."""
        own = (e for e in self.entries() if e.id == routine_id and e.source != "built-in")
        return next(own, None)

    def save(self, routine_id: str, data: Any) -> Path:
        """Write a checked routine document as YAML into the routines folder: over the file
        that has `routine_id` (or is named after it) when there is one, else as a new
        `ROUTINE_ID.yaml`; whole or not at all (written aside, then moved into place)."""
        import yaml  # here: reading a cached routine must not pay for the parser

        own = self.own_entry(routine_id)
        path = Path(own.source) if own else self.folder / f"{routine_id}.yaml"
        self.folder.mkdir(parents=True, exist_ok=True)
        aside = path.with_name(f".{path.name}.new")
        aside.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
        aside.replace(path)
        return path

    def not_found_message(self, name: str) -> str:
        yours = [p.stem for p in self.user_files()]
        return (
            f"no routine called {name!r}; built-in: {', '.join(self.builtin_ids())}; "
            f"yours: {', '.join(yours) if yours else f'none yet in {self.folder}'}. "
            "Give a routine id, or a path to a .yaml file"
        )


def unusable(name: str, path: Path, error: InvalidRoutine) -> InvalidRoutine:
    """A routine asked for by the name of a file that has problems: the first, and where to
    see them all (a broken file's id cannot be trusted, so its name is what matches)."""
    message = (
        f"its file {path} has problems, the first: {where_and_what(error.problems[0])} "
        f"(see every problem with: backstretch validate {path})"
    )
    return InvalidRoutine([Problem(f"routine {name!r}", message)])


def where_and_what(problem: Problem) -> str:
    """A problem without its file, which the message has already named."""
    return str(replace(problem, source="")).removeprefix(", ").removeprefix(": ")
