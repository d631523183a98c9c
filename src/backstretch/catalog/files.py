"""Read a routine file: size, bytes, text and YAML are checked before the routine itself, and
each value's line is kept so every message can point at it."""

from __future__ import annotations

import json
import zlib
from collections.abc import Collection
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Any

from backstretch.catalog.shape import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    TOO_DEEP,
    check_shape,
    loader_class,
    refuse,
)
from backstretch.core.errors import InvalidRoutine, Problem
from backstretch.core.routine import Routine
from backstretch.core.validation import Path, build_routine
from backstretch.local_files import UnreadableFile, read_limited

NULL_TAG = "tag:yaml.org,2002:null"
MERGE_TAG = "tag:yaml.org,2002:merge"
# The parser's words for the usual slips, and what to do about them.
YAML_HINTS = {
    "mapping values are not allowed": "; check the indentation, and put text that contains "
    "': ' in quotes",
}
TAB_HINT = "; indent with spaces, not tabs"
TAG_NAMES = {"int": "whole number", "float": "number", "timestamp": "date", "bool": "true or false"}

if TYPE_CHECKING:
    import yaml


def load_routine_file(
    path: FilePath, reserved_ids: Collection[str] = (), cache: FilePath | None = None
) -> Routine:
    """Read, parse and check one routine file. Raises `InvalidRoutine` with every problem."""
    try:
        raw = read_limited(path, MAX_FILE_BYTES, "routine files")
    except UnreadableFile as error:
        raise refuse(str(path), error.problem) from None
    return parse_routine_bytes(raw, str(path), reserved_ids, cache)


def parse_routine_bytes(
    raw: bytes, source: str, reserved_ids: Collection[str] = (), cache: FilePath | None = None
) -> Routine:
    if len(raw) > MAX_FILE_BYTES:
        raise refuse(source, "is larger than 1 MB; routine files are limited to 1 MB")
    if b"\x00" in raw:
        raise refuse(
            source, "is not a text file (it contains binary data); a routine is a YAML text file"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        bad = raw[error.start : error.start + 1].hex()
        message = f"is not UTF-8 text (byte 0x{bad} cannot be read); save the file as UTF-8"
        raise refuse(source, message, line) from None
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
    """Named by CRC-32 and length (zlib is already loaded; hashlib would load OpenSSL, a few
    ms of every quick command). The entry keeps the text, so a collision is only a miss."""
    encoded = text.encode()
    return cache / f"{zlib.crc32(encoded):08x}-{len(encoded)}.json"


def read_cache(cache: FilePath | None, text: str) -> tuple[Any, dict[Path, int]] | None:
    if cache is None:
        return None
    try:
        stored = json.loads(cache_file(cache, text).read_text(encoding="utf-8"))
        if stored["text"] != text:
            return None
        return stored["data"], {tuple(path): line for path, line in stored["lines"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_cache(cache: FilePath | None, text: str, data: Any, lines: dict[Path, int]) -> None:
    """Keep the parsed document, but only if JSON gives back exactly what YAML produced."""
    if cache is None:
        return
    try:
        entry = {"text": text, "data": data, "lines": [[list(p), n] for p, n in lines.items()]}
        encoded = json.dumps(entry)
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
    import yaml  # here, not at the top: quick commands answered from the cache never need it

    try:
        check_shape(text, source)
        loader = loader_class()(text)
        try:
            node = loader.get_single_node()
            if node is None or (node.tag == NULL_TAG and node.value == ""):
                message = "is empty; a routine needs an id, a name and exercises"
                raise refuse(source, f"{message} (see docs/routines.md)")
            builder = _Builder(loader, source)
            return builder.value(node, (), 0), builder.lines
        finally:
            loader.dispose()
    except yaml.reader.ReaderError as error:
        raise reader_problem(error, text, source) from None
    except yaml.MarkedYAMLError as error:
        raise InvalidRoutine([_yaml_problem(error, source, text)]) from None
    except yaml.YAMLError as error:
        first_line = str(error).splitlines()[0] if str(error) else "unreadable"
        raise refuse(source, f"is not valid YAML: {first_line}") from None


def reader_problem(error: yaml.reader.ReaderError, text: str, source: str) -> InvalidRoutine:
    # The position is in bytes for libyaml and in characters for the Python reader, so the
    # line is found from the character itself, which is the first bad one in the text.
    character = chr(error.character) if isinstance(error.character, int) else ""
    index = text.find(character) if character else -1
    line = text.count("\n", 0, index) + 1 if index >= 0 else None
    code = f"U+{ord(character):04X}" if character else "a character"
    message = f"contains {code}, a control character YAML does not allow; remove it"
    return refuse(source, message, line)


def _yaml_problem(error: yaml.MarkedYAMLError, source: str, text: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    what = error.problem or error.context or "unreadable"
    line = mark.line + 1 if mark is not None else None
    column = f" (column {mark.column + 1})" if mark is not None else ""
    if "expected a single document" in str(error.context):
        message = "holds more than one YAML document; a routine file holds exactly one"
        return Problem(source, message, line)
    hint = next((hint for start, hint in YAML_HINTS.items() if what.startswith(start)), "")
    if (mark is not None and text[mark.index : mark.index + 1] == "\t") or "tab" in what:
        hint = TAB_HINT
    return Problem(source, f"is not valid YAML: {what}{column}{hint}", line)


class _Builder:
    def __init__(self, loader: yaml.SafeLoader, source: str) -> None:
        self.loader = loader
        self.source = source
        self.lines: dict[Path, int] = {}

    def value(self, node: yaml.Node, path: Path, depth: int) -> Any:
        import yaml

        line = node.start_mark.line + 1
        self.lines.setdefault(path, line)
        if depth > MAX_DEPTH:  # only an alias loop gets here: check_shape measured the rest
            raise refuse(self.source, TOO_DEEP, line)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return self.scalar(node, line)

    def scalar(self, node: yaml.Node, line: int) -> Any:
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, TypeError, AttributeError, OverflowError):
            # PyYAML lets a bad explicit tag (`!!int abc`) or an impossible date (2020-02-30)
            # escape as a plain Python error; say which value it was instead.
            kind = TAG_NAMES.get(str(node.tag).rsplit(":", 1)[-1], "value of its type")
            shown = repr(node.value if len(node.value) <= 40 else node.value[:37] + "...")
            message = f"is not valid YAML: {shown} cannot be read as a {kind}"
            raise refuse(self.source, f"{message}; put text in quotes", line) from None

    def mapping(self, node: yaml.MappingNode, path: Path, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == MERGE_TAG:
                message = "uses a YAML merge key (<<), which routine files do not support"
                raise refuse(self.source, f"{message}; write the fields out in full", line)
            key = self.value(key_node, (*path, "<key>"), depth + 1)
            if not isinstance(key, str | int | float | bool) and key is not None:
                message = "is not a routine: a field name must be plain text"
                raise refuse(self.source, message, line)
            if key in result:
                first = self.lines.get((*path, str(key)))
                message = f"field {key!r} appears twice in one mapping (first at line {first})"
                raise refuse(self.source, f"{message}; keep one", line)
            self.lines[(*path, str(key))] = line
            result[key] = self.value(value_node, (*path, str(key)), depth + 1)
        return result
