"""History to CSV or JSON and back (core objects in, text out; text in, core objects out).

Both formats carry the same data, with stable ids, so exporting, importing into an empty home and
exporting again gives the same file, and importing a file twice adds nothing. A file is checked
whole before anything is stored: the first bad record is named ("record 17: pain must be ...").
The formats are described in docs/history.md.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from backstretch.core.errors import BackstretchError
from backstretch.core.history import (
    PAIN_RANGE,
    History,
    HoldRecord,
    InvalidRecord,
    PainContext,
    PainRating,
    SessionRecord,
    SessionStatus,
    SessionSummary,
    check_choice,
    check_pain_level,
    doses_as_data,
    doses_from_data,
    format_timestamp,
    parse_timestamp,
)

FORMAT_NAME = "backstretch-history"
FORMAT_VERSION = 1
MAX_IMPORT_BYTES = 200 * 1024 * 1024  # ten years of daily sessions export to about 60 MB
SESSION_FIELDS = (
    "id",
    "routine_id",
    "routine_name",
    "started_at",
    "ended_at",
    "status",
    "speed",
    "pain_before",
    "pain_after",
    "doses",
)
HOLD_FIELDS = (
    "session_id",
    "hold_number",
    "exercise",
    "side",
    "rep",
    "phase",
    "planned_seconds",
    "held_seconds",
    "completed",
    "recorded_at",
)
PAIN_FIELDS = ("id", "level", "context", "note", "recorded_at", "session_id")
CSV_COLUMNS = (
    "record",
    *dict.fromkeys((*SESSION_FIELDS, *HOLD_FIELDS, *PAIN_FIELDS, "key", "value")),
)


class InvalidImport(BackstretchError):
    """A history file that cannot be imported; nothing of it was stored."""


# -- writing ------------------------------------------------------------------------------------
def session_data(session: SessionRecord) -> dict[str, Any]:
    return {
        "id": session.id,
        "routine_id": session.routine_id,
        "routine_name": session.routine_name,
        "started_at": format_timestamp(session.started_at),
        "ended_at": format_timestamp(session.ended_at) if session.ended_at else None,
        "status": session.status.value,
        "speed": session.speed,
        "pain_before": session.pain_before,
        "pain_after": session.pain_after,
        "doses": doses_as_data(session.doses),
    }


def summary_data(summary: SessionSummary) -> dict[str, Any]:
    """A session as `backstretch history --json` and the web API show it."""
    session = summary.session
    return {
        "id": session.id,
        "routine": session.routine_id,
        "routine_name": session.routine_name,
        "started_at": format_timestamp(session.started_at),
        "ended_at": format_timestamp(session.ended_at) if session.ended_at else None,
        "status": session.status.value,
        "speed": session.speed,
        "holds_completed": summary.holds_completed,
        "holds_skipped": summary.holds_skipped,
        "holds_planned": session.holds_planned,
        "pain_before": session.pain_before,
        "pain_after": session.pain_after,
    }


def hold_data(hold: HoldRecord) -> dict[str, Any]:
    return {
        "session_id": hold.session_id,
        "hold_number": hold.hold_number,
        "exercise": hold.exercise,
        "side": hold.side,
        "rep": hold.rep,
        "phase": hold.phase,
        "planned_seconds": hold.planned_seconds,
        "held_seconds": hold.held_seconds,
        "completed": hold.completed,
        "recorded_at": format_timestamp(hold.recorded_at),
    }


def pain_data(rating: PainRating) -> dict[str, Any]:
    return {
        "id": rating.id,
        "level": rating.level,
        "context": rating.context.value,
        "note": rating.note,
        "recorded_at": format_timestamp(rating.recorded_at),
        "session_id": rating.session_id,
    }


def history_as_json(history: History) -> str:
    """The whole history as one JSON document; holds nest inside their session."""
    holds: dict[str, list[dict[str, Any]]] = {}
    for hold in history.holds:
        row = hold_data(hold)
        del row["session_id"]
        holds.setdefault(hold.session_id, []).append(row)
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "sessions": [{**session_data(s), "holds": holds.get(s.id, [])} for s in history.sessions],
        "pain": [pain_data(p) for p in history.pain],
        "settings": dict(sorted(history.settings.items())),
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return str(value)


def history_as_csv(history: History) -> str:
    """The whole history as one CSV table: a `record` column says what each row is."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    rows: list[tuple[str, dict[str, Any]]] = [
        *(("session", session_data(s)) for s in history.sessions),
        *(("hold", hold_data(h)) for h in history.holds),
        *(("pain", pain_data(p)) for p in history.pain),
        *(("setting", {"key": k, "value": v}) for k, v in sorted(history.settings.items())),
    ]
    for kind, row in rows:
        writer.writerow({"record": kind, **{k: _cell(v) for k, v in row.items()}})
    return out.getvalue()


# -- reading: one field at a time ---------------------------------------------------------------
def _missing(value: object) -> bool:
    return value is None or value == ""


def _text(value: object, name: str, limit: int = 200, required: bool = True) -> str:
    if _missing(value):
        if required:
            raise InvalidRecord(f"{name} is missing")
        return ""
    if not isinstance(value, str) or len(value) > limit:
        raise InvalidRecord(
            f"{name} must be text of at most {limit} characters (got {value!r:.60})"
        )
    return value


def _integer(value: object, name: str, low: int, high: int) -> int:
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().lstrip("-").isdigit():
        number = int(value)
    if number is None or not low <= number <= high:
        raise InvalidRecord(
            f"{name} must be a whole number from {low} to {high} (got {value!r:.60})"
        )
    return number


def _number(value: object, name: str, low: float, high: float) -> float:
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            number = None
    if number is None or not math.isfinite(number) or not low <= number <= high:
        raise InvalidRecord(f"{name} must be a number from {low:g} to {high:g} (got {value!r:.60})")
    return number


def _boolean(value: object, name: str) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise InvalidRecord(f"{name} must be true or false (got {value!r:.60})")


def _timestamp(value: object, name: str, required: bool = True) -> Any:
    if _missing(value) and not required:
        return None
    if not isinstance(value, str):
        raise InvalidRecord(f"{name} must be an ISO 8601 date and time (got {value!r:.60})")
    try:
        return parse_timestamp(value)
    except InvalidRecord:
        raise InvalidRecord(
            f"{name} must be an ISO 8601 date and time (got {value!r:.60})"
        ) from None


def _pain(value: object, name: str, required: bool = True) -> int | None:
    if _missing(value) and not required:
        return None
    try:
        return check_pain_level(value)
    except InvalidRecord:
        raise InvalidRecord(f"{name} must be {PAIN_RANGE} (got {value!r:.60})") from None


def _doses(value: object) -> Any:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            raise InvalidRecord(f"doses must be a JSON list (got {value!r:.60})") from None
    return doses_from_data(value)


def read_session(row: Mapping[str, Any]) -> SessionRecord:
    return SessionRecord(
        id=_text(row.get("id"), "id", 36),
        routine_id=_text(row.get("routine_id"), "routine_id"),
        routine_name=_text(row.get("routine_name"), "routine_name"),
        started_at=_timestamp(row.get("started_at"), "started_at"),
        ended_at=_timestamp(row.get("ended_at"), "ended_at", required=False),
        status=check_choice(SessionStatus, row.get("status"), "status"),
        speed=_number(row.get("speed", 1.0), "speed", 0.01, 1000),
        pain_before=_pain(row.get("pain_before"), "pain_before", required=False),
        pain_after=_pain(row.get("pain_after"), "pain_after", required=False),
        doses=_doses(row.get("doses", [])),
    )


def read_hold(row: Mapping[str, Any]) -> HoldRecord:
    side = row.get("side")
    return HoldRecord(
        session_id=_text(row.get("session_id"), "session_id", 36),
        hold_number=_integer(row.get("hold_number"), "hold_number", 1, 100_000),
        exercise=_text(row.get("exercise"), "exercise"),
        rep=_integer(row.get("rep"), "rep", 1, 1000),
        phase=_text(row.get("phase"), "phase", 64),
        planned_seconds=_number(row.get("planned_seconds"), "planned_seconds", 0, 86_400),
        held_seconds=_number(row.get("held_seconds"), "held_seconds", 0, 86_400),
        completed=_boolean(row.get("completed"), "completed"),
        recorded_at=_timestamp(row.get("recorded_at"), "recorded_at"),
        side=None if _missing(side) else _text(side, "side", 8),
    )


def read_pain(row: Mapping[str, Any]) -> PainRating:
    session = row.get("session_id")
    return PainRating(
        id=_text(row.get("id"), "id", 36),
        level=check_pain_level(row.get("level")),
        context=check_choice(PainContext, row.get("context"), "context"),
        recorded_at=_timestamp(row.get("recorded_at"), "recorded_at"),
        note=_text(row.get("note"), "note", 2000, required=False),
        session_id=None if _missing(session) else _text(session, "session_id", 36),
    )


# -- reading: whole files -----------------------------------------------------------------------
@dataclass
class _Collector:
    """Gathers records in file order, numbering them and refusing duplicates."""

    source: str
    sessions: dict[str, SessionRecord] = field(default_factory=dict)
    holds: dict[tuple[str, int], HoldRecord] = field(default_factory=dict)
    pain: dict[str, PainRating] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)
    count: int = 0

    @contextmanager
    def record(self, where: str) -> Iterator[None]:
        """Number the next record; a problem inside names it and where it is."""
        self.count += 1
        try:
            yield
        except InvalidRecord as error:
            raise InvalidImport(f"{self.source}: record {self.count} ({where}): {error}") from None

    def session(self, record: SessionRecord) -> None:
        if record.id in self.sessions:
            raise InvalidRecord(f"session {record.id} appears twice")
        self.sessions[record.id] = record

    def hold(self, record: HoldRecord) -> None:
        key = (record.session_id, record.hold_number)
        if record.session_id not in self.sessions:
            raise InvalidRecord(f"hold of session {record.session_id}, which is not in the file")
        if key in self.holds:
            raise InvalidRecord(
                f"hold {record.hold_number} of session {record.session_id} appears twice"
            )
        self.holds[key] = record

    def rating(self, record: PainRating) -> None:
        if record.id in self.pain:
            raise InvalidRecord(f"pain rating {record.id} appears twice")
        if record.session_id is not None and record.session_id not in self.sessions:
            raise InvalidRecord(
                f"pain rating of session {record.session_id}, which is not in the file"
            )
        self.pain[record.id] = record

    def setting(self, key: object, value: object) -> None:
        self.settings[_text(key, "key", 100)] = _text(value, "value", 2000, required=False)

    def history(self) -> History:
        return History(
            tuple(self.sessions.values()),
            tuple(self.holds.values()),
            tuple(self.pain.values()),
            self.settings,
        )


def _mapping(value: object, what: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise InvalidRecord(f"a {what} must be a JSON object (got {type(value).__name__})")
    return value


def _listed(document: Mapping[str, Any], key: str) -> list[Any]:
    value = document.get(key, [])
    if not isinstance(value, list):
        raise InvalidImport(f"'{key}' must be a list")
    return value


def history_from_json(text: str, source: str) -> History:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidImport(
            f"{source}: not valid JSON (line {error.lineno}: {error.msg})"
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise InvalidImport(
            f'{source}: not a backstretch history file (no "format": "{FORMAT_NAME}")'
        )
    if document.get("version") != FORMAT_VERSION:
        raise InvalidImport(
            f"{source}: history format version {document.get('version')!r} is not "
            f"known (this backstretch reads version {FORMAT_VERSION}); upgrade"
        )
    collect = _Collector(source)
    try:
        sessions, pain = _listed(document, "sessions"), _listed(document, "pain")
    except InvalidImport as error:
        raise InvalidImport(f"{source}: {error}") from None
    for n, raw in enumerate(sessions):
        with collect.record(f"sessions[{n}]"):
            session = _mapping(raw, "session")
            collect.session(read_session(session))
        holds = session.get("holds", [])
        for m, hold in enumerate(holds if isinstance(holds, list) else [holds]):
            with collect.record(f"sessions[{n}].holds[{m}]"):
                collect.hold(read_hold({**_mapping(hold, "hold"), "session_id": session["id"]}))
    for n, raw in enumerate(pain):
        with collect.record(f"pain[{n}]"):
            collect.rating(read_pain(_mapping(raw, "pain rating")))
    settings = document.get("settings", {})
    with collect.record("settings"):
        for key, value in _mapping(settings, "settings object").items():
            collect.setting(key, value)
    return collect.history()


def _csv_rows(text: str, source: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Each data row with the line it starts on (a quoted cell may span lines)."""
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or "record" not in reader.fieldnames:
        raise InvalidImport(f"{source}: not a backstretch history file (no 'record' column)")
    unknown = [name for name in reader.fieldnames if name not in CSV_COLUMNS]
    if unknown:
        raise InvalidImport(
            f"{source}: unknown column {unknown[0]!r}; known: {', '.join(CSV_COLUMNS)}"
        )
    line = reader.line_num
    try:
        for row in reader:
            yield line + 1, row
            line = reader.line_num
    except csv.Error as error:
        raise InvalidImport(f"{source}: line {reader.line_num}: {error}") from None


def history_from_csv(text: str, source: str) -> History:
    collect = _Collector(source)
    readers: dict[str, Callable[[dict[str, str]], None]] = {
        "session": lambda row: collect.session(read_session(row)),
        "hold": lambda row: collect.hold(read_hold(row)),
        "pain": lambda row: collect.rating(read_pain(row)),
        "setting": lambda row: collect.setting(row.get("key"), row.get("value")),
    }
    for line, row in _csv_rows(text, source):
        with collect.record(f"line {line}"):
            kind = row.get("record") or ""
            if kind not in readers:
                raise InvalidRecord(f"record must be one of {', '.join(readers)} (got {kind!r})")
            readers[kind](row)
    return collect.history()


def read_history(data: bytes, source: str) -> History:
    """A history from the bytes of a CSV or JSON export; InvalidImport names the bad record."""
    if len(data) > MAX_IMPORT_BYTES:
        raise InvalidImport(too_big(source, len(data)))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidImport(f"{source}: not UTF-8 text (byte {error.start})") from None
    if text.lstrip().startswith("{"):
        return history_from_json(text, source)
    return history_from_csv(text, source)


def too_big(source: str, size: int) -> str:
    return (
        f"{source} is {size / 1_048_576:.0f} MB; backstretch imports history files of up to "
        f"{MAX_IMPORT_BYTES // 1_048_576} MB (ten years of daily sessions is about 60 MB)"
    )
