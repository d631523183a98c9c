"""Where routines come from: the built-in files, the user's own folder, or a path."""

from backstretch.catalog.catalog import Catalog, RoutineEntry
from backstretch.catalog.files import load_routine_file, parse_routine_text
from backstretch.catalog.shape import MAX_FILE_BYTES

__all__ = ["MAX_FILE_BYTES", "Catalog", "RoutineEntry", "load_routine_file", "parse_routine_text"]
