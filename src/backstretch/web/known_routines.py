"""The routines the server offers, read, parsed and checked once rather than on every request
(2.9 ms of every timeline request before).

The built-in routines ship with the package, so each is read once for the life of the server.
A person's own files are read again only when their folder changes: a file added, removed or
rewritten (its name, size, modification time or inode differ), so an edit shows on the next
request without a restart.
"""

from __future__ import annotations

import threading
from pathlib import Path

from backstretch.catalog import Catalog
from backstretch.catalog.catalog import RoutineEntry
from backstretch.core.errors import RoutineNotFound
from backstretch.core.routine import Routine

Signature = tuple[tuple[str, int, int, int], ...]


class KnownRoutines(Catalog):
    """The person's catalog, each routine read once and again only when its file changes."""

    def __init__(self, home: Path) -> None:
        super().__init__(home)
        self._lock = threading.RLock()
        self._builtin_ids = frozenset(self.builtin_ids())
        self._builtin: dict[str, Routine] = {}
        self._entries: tuple[RoutineEntry, ...] = ()
        self._signature: Signature | None = None

    def builtin(self, routine_id: str) -> Routine:
        with self._lock:
            found = self._builtin.get(routine_id)
            if found is None:
                found = self._builtin[routine_id] = super().builtin(routine_id)
            return found

    def entries(self) -> list[RoutineEntry]:
        signature = signature_of(self.user_files())
        with self._lock:
            if signature != self._signature:
                self._entries = tuple(super().entries())
                self._signature = signature
            return list(self._entries)

    def find(self, routine_id: str) -> Routine:
        """A routine by id only (never a path: a URL must not open files)."""
        if routine_id in self._builtin_ids:
            return self.builtin(routine_id)
        for entry in self.entries():
            if entry.id == routine_id and entry.routine is not None:
                return entry.routine
        raise RoutineNotFound(self.not_found_message(routine_id))


def signature_of(files: list[Path]) -> Signature:
    """What changes when a file is added, removed or rewritten (a vanished file reads as -1)."""
    found = []
    for path in files:
        try:
            status = path.stat()
            found.append((path.name, status.st_size, status.st_mtime_ns, status.st_ino))
        except OSError:
            found.append((path.name, -1, -1, -1))
    return tuple(found)
