"""Gathering the records of a history file in file order: numbering them for messages, refusing
duplicates, holds that do not fit their session's plan, and settings the commands would refuse.

A hold is checked against the doses its session records (every session backstretch writes
carries them): those are the plan the session really had, whereas the routine's file may have
changed since, or its doses grown with progression, and it may not exist on this machine at all.
So the routine is never looked up, and a file imports the same way everywhere. A session that
lists no doses gives no way to check its hold numbers, so its holds are refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Any, NamedTuple

from backstretch.core import record_data as data
from backstretch.core.errors import BackstretchError
from backstretch.core.history import (
    History,
    HoldRecord,
    InvalidRecord,
    SessionRecord,
)
from backstretch.core.settings import check_setting
from backstretch.export import history_records as records
from backstretch.export.history_records import Window
from backstretch.export.outcome_records import read_questionnaire_response


class InvalidImport(BackstretchError):
    """A history file that cannot be imported; nothing of it was stored."""


class Listed(NamedTuple):
    """A kind of record kept as one list in a JSON file and as rows of a CSV file (a NamedTuple:
    `history --json` loads this module, and a dataclass costs a millisecond to build)."""

    record: str  # the value of the CSV `record` column
    key: str  # the JSON list, and the field of History
    noun: str
    fields: tuple[str, ...]  # the CSV columns, in the order `data` writes them
    data: Callable[[Any], dict[str, Any]]
    read: Callable[[Mapping[str, Any], Window], Any]
    identity: Callable[[Any], object]  # what importing twice must not store twice
    name: Callable[[Any], str]


LISTED = (
    Listed(
        "pain", "pain", "pain rating",
        ("id", "level", "context", "note", "recorded_at", "session_id"),
        data.pain_data, records.read_pain,
        lambda rating: rating.id, lambda rating: f"pain rating {rating.id}",
    ),
    Listed(
        "pain_report", "pain_reports", "pain report",
        ("id", "session_id", "exercise", "level", "kind", "action", "note", "recorded_at"),
        data.pain_report_data, records.read_pain_report,
        lambda report: report.id, lambda report: f"pain report {report.id}",
    ),
    Listed(
        "screening_answer", "screening_answers", "screening answer",
        ("screening_id", "question", "answer", "answered_at"),
        data.answer_data, records.read_answer,
        lambda answer: (answer.screening_id, answer.question),
        lambda answer: f"answer to question {answer.question} of screening {answer.screening_id}",
    ),
    Listed(
        "clearance", "clearances", "clearance",
        ("id", "cleared_on", "recorded_at", "note"),
        data.clearance_data, records.read_clearance,
        lambda clearance: clearance.id, lambda clearance: f"clearance {clearance.id}",
    ),
    Listed(
        "dose_change", "dose_changes", "dose change",
        ("id", "exercise", "hold_before", "hold_after", "reps_before", "reps_after", "reason",
         "changed_at"),
        data.dose_change_data, records.read_dose_change,
        lambda change: change.id, lambda change: f"dose change {change.id}",
    ),
    Listed(
        "questionnaire_response", "questionnaire_responses", "questionnaire response",
        ("id", "questionnaire", "answered_at", "answers", "score", "subscale", "risk"),
        data.questionnaire_response_data, read_questionnaire_response,
        lambda response: response.id, lambda response: f"questionnaire response {response.id}",
    ),
)  # fmt: skip


class Collector:
    """Gathers records in file order, numbering them and refusing what does not fit."""

    def __init__(self, source: str, window: Window) -> None:
        self.source = source
        self.window = window
        self.sessions: dict[str, SessionRecord] = {}
        self.holds: dict[tuple[str, int], HoldRecord] = {}
        self.found: dict[str, dict[object, Any]] = {}  # per kind of Listed, by identity
        self.settings: dict[str, str] = {}
        self.count = 0

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
        session = self.sessions.get(record.session_id)
        if session is None:
            raise InvalidRecord(f"hold of session {record.session_id}, which is not in the file")
        key = (record.session_id, record.hold_number)
        if key in self.holds:
            raise InvalidRecord(
                f"hold {record.hold_number} of session {record.session_id} appears twice"
            )
        fits_plan(session, record)
        self.holds[key] = record

    def listed(self, kind: Listed, record: Any) -> None:
        found = self.found.setdefault(kind.key, {})
        identity = kind.identity(record)
        if identity in found:
            raise InvalidRecord(f"{kind.name(record)} appears twice")
        session = getattr(record, "session_id", None)
        if session is not None and session not in self.sessions:
            raise InvalidRecord(f"{kind.noun} of session {session}, which is not in the file")
        found[identity] = record

    def setting(self, key: object, value: object) -> None:
        """A setting, checked as the command that sets it checks it (and in the time window)."""
        name = records.text(key, "key", 100)
        if name in self.settings:
            raise InvalidRecord(f"setting {name} appears twice")
        text = records.text(value, "value", 2000, required=False)
        try:
            parsed = check_setting(name, text)
            if isinstance(parsed, datetime):
                self.window.check(parsed, "value", text)
        except BackstretchError as error:
            raise InvalidRecord(f"setting {name}: {error}") from None
        self.settings[name] = text

    def history(self) -> History:
        listed = {kind.key: tuple(self.found.get(kind.key, {}).values()) for kind in LISTED}
        return History(
            tuple(self.sessions.values()), tuple(self.holds.values()), settings=self.settings,
            **listed,
        )  # fmt: skip


def fits_plan(session: SessionRecord, hold: HoldRecord) -> None:
    """InvalidRecord unless the hold is one its session planned (by number and stretch)."""
    if not session.doses:
        raise InvalidRecord(
            f"session {session.id} lists no doses, so the numbers of its holds cannot be "
            "checked (backstretch writes the doses of every session)"
        )
    if hold.hold_number > session.holds_planned:
        raise InvalidRecord(
            f"hold_number must be from 1 to {session.holds_planned}, the holds session "
            f"{session.id} planned (got {hold.hold_number})"
        )
    stretches = [dose.exercise for dose in session.doses]
    if hold.exercise not in stretches:
        raise InvalidRecord(
            f"exercise must be one of {', '.join(stretches)}, the stretches of session "
            f"{session.id} (got {hold.exercise!r})"
        )
