"""Read a routine file: size, bytes, text and YAML are checked before the routine itself, and
each value's line is kept so every message can point at it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Any

from backstretch.core.errors import InvalidRoutine, Problem
from backstretch.core.routine import Routine
from backstretch.core.validation import Path, build_routine

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 20_000  # far above any real routine; stops alias bombs
MAX_DEPTH = 20

if TYPE_CHECKING:
    import yaml


def load_routine_file(
    path: FilePath, reserved_ids: Collection[str] = (), cache: FilePath | None = None
) -> Routine:
    """Read, parse and check one routine file. Raises `InvalidRoutine` with every problem."""
    name = str(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise InvalidRoutine([Problem(name, "is a folder, not a routine file")])
        if size > MAX_FILE_BYTES:
            raise InvalidRoutine([Problem(name, f"is {size / 1e6:.1f} MB; routine files are limited to 1 MB")])
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InvalidRoutine([Problem(name, "no such file")]) from None
    except PermissionError:
        raise InvalidRoutine([Problem(name, "cannot be read (permission denied)")]) from None
    except OSError as error:
        raise InvalidRoutine([Problem(name, f"cannot be read ({error.strerror or error})")]) from None
    return parse_routine_bytes(raw, name, reserved_ids, cache)


def parse_routine_bytes(
    raw: bytes, source: str, reserved_ids: Collection[str] = (), cache: FilePath | None = None
) -> Routine:
    if len(raw) > MAX_FILE_BYTES:
        raise InvalidRoutine([Problem(source, "is larger than 1 MB; routine files are limited to 1 MB")])
    if b"\x00" in raw:
        raise InvalidRoutine([Problem(source, "is not a text file (it contains binary data); a routine is a YAML text file")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        bad = raw[error.start : error.start + 1].hex()
        message = f"is not UTF-8 text (byte 0x{bad} cannot be read); save the file as UTF-8"
        raise InvalidRoutine([Problem(source, message, line)]) from None
    return parse_routine_text(text, source, reserved_ids, cache)


def parse_routine_text(
    text: str, source: str, reserved_ids: Collection[str] = (), cache: FilePath | None = None
) -> Routine:
    """Parse YAML text and build the routine from it.

    With a `cache` folder, the parsed document is kept there under the hash of its text, so
    later runs skip importing and running the YAML parser (a third of a quick command's time).
    """
    cached = read_cache(cache, text)
    data, lines = cached if cached is not None else parse_yaml(text, source)
    if cached is None:
        write_cache(cache, text, data, lines)
    return build_routine(data, source, lambda path: lines.get(path), reserved_ids)


def cache_file(cache: FilePath, text: str) -> FilePath:
    return cache / (hashlib.sha256(text.encode()).hexdigest()[:32] + ".json")


def read_cache(cache: FilePath | None, text: str) -> tuple[Any, dict[Path, int]] | None:
    if cache is None:
        return None
    try:
        stored = json.loads(cache_file(cache, text).read_text(encoding="utf-8"))
        return stored["data"], {tuple(path): line for path, line in stored["lines"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_cache(cache: FilePath | None, text: str, data: Any, lines: dict[Path, int]) -> None:
    """Keep the parsed document, but only if JSON gives back exactly what YAML produced."""
    if cache is None:
        return
    try:
        encoded = json.dumps({"data": data, "lines": [[list(p), n] for p, n in lines.items()]})
        if json.loads(encoded)["data"] != data:
            return
        cache.mkdir(parents=True, exist_ok=True)
        target = cache_file(cache, text)
        partial = target.with_suffix(".tmp")
        partial.write_text(encoded, encoding="utf-8")
        partial.replace(target)
    except (OSError, TypeError, ValueError):
        return  # a cache is a nicety: never fail a command over it


def parse_yaml(text: str, source: str) -> tuple[Any, dict[Path, int]]:
    """YAML text to plain values plus the line (1-based) where each path starts."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise InvalidRoutine([Problem(source, "is empty; a routine needs an id, a name and exercises (see docs/routines.md)")])
        builder = _Builder(loader, source)
        return builder.value(node, (), 0), builder.lines
    except yaml.MarkedYAMLError as error:
        raise InvalidRoutine([_yaml_problem(error, source)]) from None
    except yaml.YAMLError as error:
        raise InvalidRoutine([Problem(source, f"is not valid YAML: {error}")]) from None
    finally:
        loader.dispose()


def _yaml_problem(error: yaml.MarkedYAMLError, source: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    what = error.problem or error.context or "unreadable"
    if "expected a single document" in str(error.context):
        what = "holds more than one YAML document; a routine file holds exactly one"
    line = mark.line + 1 if mark is not None else None
    column = f" (column {mark.column + 1})" if mark is not None else ""
    return Problem(source, f"is not valid YAML: {what}{column}", line)


class _Builder:
    def __init__(self, loader: yaml.SafeLoader, source: str) -> None:
        self.loader = loader
        self.source = source
        self.lines: dict[Path, int] = {}
        self.nodes = 0

    def value(self, node: yaml.Node, path: Path, depth: int) -> Any:
        import yaml

        self.nodes += 1
        line = node.start_mark.line + 1
        self.lines.setdefault(path, line)
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            raise InvalidRoutine([Problem(self.source, "is too large or too deeply nested to be a routine", line)])
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self.loader.construct_object(node, deep=True)

    def mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.value(key_node, (*path, "<key>"), depth + 1)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str | int | float | bool) and key is not None:
                raise InvalidRoutine([Problem(self.source, "is not a routine: a field name must be plain text", line)])
            if key in result:
                first = self.lines.get((*path, str(key)))
                raise InvalidRoutine([Problem(self.source, f"field {key!r} appears twice in one mapping (first at line {first}); keep one", line)])
            self.lines[(*path, str(key))] = line
            result[key] = self.value(value_node, (*path, str(key)), depth + 1)
        return result
