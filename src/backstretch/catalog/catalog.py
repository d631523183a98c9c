"""The routines a person can use: built-in files shipped with the package and their own files in
`$BACKSTRETCH_HOME/routines/`. A name is a routine id or a path to a file."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from backstretch.catalog.files import load_routine_file, parse_routine_bytes
from backstretch.core.errors import InvalidRoutine, RoutineNotFound
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

    def user_files(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.iterdir() if p.suffix in SUFFIXES and p.is_file())

    def load_file(self, path: Path) -> Routine:
        """Load a user's file; its id may not take a built-in routine's id."""
        reserved = () if path.resolve().parent == BUILT_IN else self.builtin_ids()
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
        for candidate in self.user_files():
            try:
                routine = self.load_file(candidate)
            except InvalidRoutine:
                continue
            if routine.id == name:
                return routine
        raise RoutineNotFound(self.not_found_message(name))

    def not_found_message(self, name: str) -> str:
        yours = [p.stem for p in self.user_files()]
        return (
            f"no routine called {name!r}; built-in: {', '.join(self.builtin_ids())}; "
            f"yours: {', '.join(yours) if yours else f'none yet in {self.folder}'}. "
            "Give a routine id, or a path to a .yaml file"
        )
