""" "This hurts" during a stretch: the one use case the terminal's ! key and the browser's
button (through the web API, at once or later from its record queue) both call.

The rule (core/pain_rules.py) decides from the level and the kind; the report is stored with a
note of what was done; and when the rule says stop, every hold of that stretch not done yet is
recorded as skipped, the hold under way with the seconds held, so the stretch is passed over
for the rest of today (coach/today.py reads the report back as the reason). A report carrying
an id chosen by the front end is stored once however often it is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from backstretch.coach.recorder import hold_record
from backstretch.core.history import InvalidRecord, new_id
from backstretch.core.pain_rules import (
    ACTION_TEXT,
    PainAction,
    PainKind,
    PainReport,
    in_session_action,
    report_note,
)
from backstretch.core.timeline import Step
from backstretch.storage.repository import Repository


class UnknownStretch(InvalidRecord):
    """Pain reported during a stretch the session's routine does not have."""


@dataclass(frozen=True)
class PainAsked:
    """What the person answered to "this hurts": during which stretch, how much, what kind,
    and the hold under way at the time (with the seconds held so far), if any."""

    exercise: str
    level: int
    kind: PainKind = PainKind.NEITHER
    hold_number: int | None = None
    held_seconds: float | None = None
    id: str | None = None  # chosen by the front end, so that sending it again stores it once

    @property
    def action(self) -> PainAction:
        """What the rule says to do (core/pain_rules.py)."""
        return in_session_action(self.level, self.kind)


@dataclass(frozen=True)
class PainOutcome:
    """The stored report and the holds recorded as skipped because of it."""

    report: PainReport
    skipped_holds: tuple[int, ...]

    @property
    def advice(self) -> str:
        return ACTION_TEXT[self.report.action]


def report_pain(
    repository: Repository,
    session_id: str,
    holds: Sequence[Step],
    asked: PainAsked,
    at: datetime,
    make_id: Callable[[], str] = new_id,
) -> PainOutcome:
    """Store pain felt during a stretch of session `session_id` (whose timeline's hold steps
    are `holds`) and act on it: when the rule says stop, the stretch's holds not done are
    recorded as skipped. Sent again with the same id, nothing is stored twice."""
    steps = [step for step in holds if step.exercise == asked.exercise]
    if not steps:
        raise UnknownStretch(f"this session has no stretch with the id {asked.exercise}")
    report = known_report(repository, asked.id)
    if report is None:
        action = asked.action
        note = report_note(asked.exercise, asked.level, asked.kind, action)
        report = PainReport(
            asked.id or make_id(), session_id, asked.exercise, asked.level, asked.kind, action,
            at, note,
        )  # fmt: skip
        repository.add_pain_report(report)
    if report.action is not PainAction.STOP:
        return PainOutcome(report, ())
    return PainOutcome(report, skip_stretch(repository, session_id, steps, asked, at))


def known_report(repository: Repository, report_id: str | None) -> PainReport | None:
    if report_id is None:
        return None
    return next((r for r in repository.pain_reports() if r.id == report_id), None)


def skip_stretch(
    repository: Repository,
    session_id: str,
    steps: Sequence[Step],
    asked: PainAsked,
    at: datetime,
) -> tuple[int, ...]:
    """Record the holds of a stretch stopped for pain that are not done as skipped; the hold
    under way keeps the seconds held (a completed hold is never undone)."""
    done = {hold.hold_number for hold in repository.holds(session_id) if hold.completed}
    skipped: list[int] = []
    for step in steps:
        if step.hold_number is None or step.hold_number in done:
            continue
        under_way = step.hold_number == asked.hold_number and asked.held_seconds is not None
        held = min(step.duration, asked.held_seconds or 0.0) if under_way else 0.0
        repository.record_hold(hold_record(session_id, step, False, held, at))
        skipped.append(step.hold_number)
    return tuple(skipped)
