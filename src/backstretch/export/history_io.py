"""History to CSV or JSON and back (core objects in, text out; text in, core objects out).

Both formats carry the same data, with stable ids, so exporting, importing into an empty home and
exporting again gives the same file, and importing a file twice adds nothing. A file is checked
whole before anything is stored: the first bad record is named ("record 17: pain must be ...").
The formats are described in docs/history.md.

CSV files are opened in spreadsheets, which run a cell that begins with `=`, `+`, `-` or `@` as
a formula, so every text cell that could is written behind a `'` (OWASP's advice on CSV
injection), as is a cell that begins with `'` itself; reading takes exactly that one `'` away.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Any

from backstretch.core.history import MAX_DIGITS, History, InvalidRecord, shown_value
from backstretch.core.record_data import hold_data, pain_data, pain_report_data, session_data
from backstretch.export.history_collector import LISTED, Collector, InvalidImport, Listed
from backstretch.export.history_records import Window, read_hold, read_session, summary_data

__all__ = [
    "MAX_IMPORT_BYTES",
    "InvalidImport",
    "history_as_csv",
    "history_as_json",
    "hold_data",
    "pain_data",
    "pain_report_data",
    "read_history",
    "summary_data",
]

FORMAT_NAME = "backstretch-history"
FORMAT_VERSION = 3  # 2 added pain reports, screening answers, clearances and dose changes;
# 3 added questionnaire responses
READABLE_VERSIONS = (1, 2, 3)
MAX_IMPORT_BYTES = 200_000_000  # ten years of daily sessions export to about 65 MB
SESSION_FIELDS = (
    "id", "routine_id", "routine_name", "started_at", "ended_at", "status", "speed",
    "pain_before", "pain_after", "doses",
)  # fmt: skip
HOLD_FIELDS = (
    "session_id", "hold_number", "exercise", "side", "rep", "phase", "planned_seconds",
    "held_seconds", "completed", "recorded_at", "in_position_seconds",
)  # fmt: skip
CSV_COLUMNS = (
    "record",
    *dict.fromkeys(
        (*SESSION_FIELDS, *HOLD_FIELDS, *(f for kind in LISTED for f in kind.fields), "key")
    ),
    "value",
)
FORMULA_STARTS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")  # with full-width forms


# -- writing ------------------------------------------------------------------------------------
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
        **{kind.key: [kind.data(r) for r in getattr(history, kind.key)] for kind in LISTED},
        "settings": dict(sorted(history.settings.items())),
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def neutralised(text: str) -> str:
    """The text a spreadsheet shows and never runs: behind a `'` when it could start a formula
    (or begins with `'`, so that reading can take away exactly the one added here)."""
    if text[:1] in ("'", "\t", "\r", "\n") or text.lstrip()[:1] in FORMULA_STARTS:
        return "'" + text
    return text


def restored(cell: str) -> str:
    """The text `neutralised` was given."""
    return cell[1:] if cell.startswith("'") else cell


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return neutralised(str(value))


def history_as_csv(history: History) -> str:
    """The whole history as one CSV table: a `record` column says what each row is."""
    out = io.StringIO()
    # RFC 4180's line ends: the csv module quotes a cell holding any character of the line end,
    # so a note typed with "\r\n" (as browsers send it) is quoted and reads back whole
    writer = csv.DictWriter(out, csv_columns(history), lineterminator="\r\n")
    writer.writeheader()
    rows: list[tuple[str, dict[str, Any]]] = [
        *(("session", session_data(s)) for s in history.sessions),
        *(("hold", hold_data(h)) for h in history.holds),
        *((kind.record, kind.data(r)) for kind in LISTED for r in getattr(history, kind.key)),
        *(("setting", {"key": k, "value": v}) for k, v in sorted(history.settings.items())),
    ]
    for kind, row in rows:
        writer.writerow({"record": kind, **{k: _cell(v) for k, v in row.items()}})
    return out.getvalue()


def csv_columns(history: History) -> tuple[str, ...]:
    """The columns of a history's CSV: `in_position_seconds` only when the camera check
    measured some hold, so a history without it is written as before the check existed (and
    an older backstretch, which refuses a column it does not know, still reads it)."""
    if any(hold.in_position_seconds is not None for hold in history.holds):
        return CSV_COLUMNS
    return tuple(column for column in CSV_COLUMNS if column != "in_position_seconds")


# -- reading JSON -------------------------------------------------------------------------------
class NumberTooLong(Exception):
    def __init__(self, digits: str) -> None:
        super().__init__(digits)
        self.digits = digits


class NestedTooDeeply(Exception):
    pass


def _short_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise NumberTooLong(digits)
    return int(digits)


def parse_json(text: str) -> Any:
    """json.loads, raising NumberTooLong for a number longer than any backstretch keeps (int()
    of thousands of digits raises) and NestedTooDeeply where json would exhaust the stack."""
    try:
        return json.loads(text, parse_int=_short_int)
    except RecursionError:
        raise NestedTooDeeply from None


def _document(text: str, source: str) -> Any:
    try:
        return parse_json(text)
    except json.JSONDecodeError as error:
        raise InvalidImport(
            f"{source}: not valid JSON (line {error.lineno}: {error.msg})"
        ) from None
    except NestedTooDeeply:
        raise InvalidImport(
            f"{source}: the JSON is nested too deeply to be a history file"
        ) from None
    except NumberTooLong as error:
        line = text.count("\n", 0, max(text.find(error.digits), 0)) + 1
        raise InvalidImport(
            f"{source}, line {line}: a number of {len(error.digits.lstrip('-')):,} digits; "
            f"no value in a history file has more than {MAX_DIGITS}"
        ) from None


def _mapping(value: object, what: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise InvalidRecord(f"a {what} must be a JSON object (got {type(value).__name__})")
    return value


def _listed(document: Mapping[str, Any], key: str, source: str) -> list[Any]:
    value = document.get(key, [])
    if not isinstance(value, list):
        raise InvalidImport(f"{source}: '{key}' must be a list")
    return value


def history_from_json(text: str, source: str, window: Window) -> History:
    document = _document(text, source)
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise InvalidImport(
            f'{source}: not a backstretch history file (no "format": "{FORMAT_NAME}")'
        )
    if document.get("version") not in READABLE_VERSIONS:
        raise InvalidImport(
            f"{source}: history format version {document.get('version')!r} is not known (this "
            f"backstretch reads versions {', '.join(map(str, READABLE_VERSIONS))}); upgrade"
        )
    collect = Collector(source, window)
    for n, raw in enumerate(_listed(document, "sessions", source)):
        with collect.record(f"sessions[{n}]"):
            session = _mapping(raw, "session")
            collect.session(read_session(session, window))
        holds = session.get("holds", [])
        for m, hold in enumerate(holds if isinstance(holds, list) else [holds]):
            with collect.record(f"sessions[{n}].holds[{m}]"):
                row = {**_mapping(hold, "hold"), "session_id": session["id"]}
                collect.hold(read_hold(row, window))
    for kind in LISTED:
        for n, raw in enumerate(_listed(document, kind.key, source)):
            with collect.record(f"{kind.key}[{n}]"):
                collect.listed(kind, kind.read(_mapping(raw, kind.noun), window))
    settings = document.get("settings", {})
    if not isinstance(settings, dict):
        raise InvalidImport(f"{source}: 'settings' must be a JSON object")
    for key, value in settings.items():
        with collect.record("settings"):
            collect.setting(key, value)
    return collect.history()


# -- reading CSV --------------------------------------------------------------------------------
def _csv_rows(text: str, source: str) -> Iterator[tuple[int, dict[str, str]]]:
    """Each data row with the line it starts on (a quoted cell may span lines), its cells as
    they were before export neutralised them."""
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
            yield line + 1, {k: restored(v) for k, v in row.items() if isinstance(v, str)}
            line = reader.line_num
    except csv.Error as error:
        raise InvalidImport(f"{source}: line {reader.line_num}: {error}") from None


def _doses_cell(row: dict[str, str]) -> dict[str, Any]:
    """The row with its `doses` JSON text read as data."""
    cell = row.get("doses") or "[]"
    try:
        return {**row, "doses": parse_json(cell)}
    except json.JSONDecodeError:
        raise InvalidRecord(f"doses must be a JSON list (got {shown_value(cell)!r})") from None
    except NestedTooDeeply:
        raise InvalidRecord("doses are nested too deeply to be a list of stretches") from None
    except NumberTooLong as error:
        raise InvalidRecord(
            f"doses hold a number of {len(error.digits):,} digits; none has more than {MAX_DIGITS}"
        ) from None


def history_from_csv(text: str, source: str, window: Window) -> History:
    collect = Collector(source, window)
    readers: dict[str, Callable[[dict[str, str]], None]] = {
        "session": lambda row: collect.session(read_session(_doses_cell(row), window)),
        "hold": lambda row: collect.hold(read_hold(row, window)),
        **{kind.record: _listed_reader(collect, kind, window) for kind in LISTED},
        "setting": lambda row: collect.setting(row.get("key"), row.get("value")),
    }
    for line, row in _csv_rows(text, source):
        with collect.record(f"line {line}"):
            kind = row.get("record") or ""
            if kind not in readers:
                raise InvalidRecord(f"record must be one of {', '.join(readers)} (got {kind!r})")
            readers[kind](row)
    return collect.history()


def _listed_reader(
    collect: Collector, kind: Listed, window: Window
) -> Callable[[dict[str, str]], None]:
    return lambda row: collect.listed(kind, kind.read(row, window))


# -- whole files --------------------------------------------------------------------------------
def read_history(data: bytes, source: str, now: datetime) -> History:
    """A history from the bytes of a CSV or JSON export, checked against the time `now`;
    InvalidImport names the first bad record."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidImport(f"{source}: not UTF-8 text (byte {error.start})") from None
    window = Window(now)
    if text.lstrip()[:1] in ("{", "["):
        return history_from_json(text, source, window)
    return history_from_csv(text, source, window)
