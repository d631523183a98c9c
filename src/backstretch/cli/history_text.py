"""What `backstretch history` prints: one line per session at the person's times, with the pain
reported during it underneath, or the same as JSON. No click here, so a plain `history` starts
fast (cli/quick.py)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING

from backstretch.cli.app import App, opened
from backstretch.core.history import InPosition, SessionSummary
from backstretch.core.person import Person
from backstretch.storage.reports import in_position_of

if TYPE_CHECKING:
    from backstretch.core.pain_rules import PainReport
    from backstretch.storage.repository import Repository


def history_output(app: App, as_json: bool, limit: int) -> str:
    """The `limit` newest sessions (0: all), as a table or as JSON."""
    with opened(app) as repository:
        summaries = repository.summaries(limit=limit or None)
        reports = reports_by_session(repository, summaries)
        person = repository.person
        measured = {} if as_json else in_position_of(repository, summaries)
    if as_json:
        from backstretch.core.record_data import pain_report_data
        from backstretch.export.history_records import summary_data

        rows = [
            {**summary_data(s), "pain_reports": [pain_report_data(r) for r in reports[s.id]]}
            for s in summaries
        ]
        return json.dumps(rows, indent=2, ensure_ascii=False)
    if not summaries:
        return "No sessions yet. Start one with `backstretch start`."
    return history_table(summaries, person, reports, measured)


def history_table(
    summaries: list[SessionSummary],
    person: Person,
    reports: Mapping[str, list[PainReport]] | None = None,
    measured: Mapping[str, InPosition] | None = None,
) -> str:
    """One line per session, at the person's times; under it, how long its holds were held
    in position when the camera check was on, and the pain reported during it ("this
    hurts")."""
    lines = [f"{'ID':<8}  {'STARTED':<20} {'ROUTINE':<18} {'STATUS':<11} {'HOLDS':>9}  PAIN"]
    for summary in summaries:
        session = summary.session
        started = person.local_time(session.started_at).strftime("%a %Y-%m-%d %H:%M")
        holds = f"{summary.holds_completed}/{session.holds_planned}"
        skipped = f", {summary.holds_skipped} skipped" if summary.holds_skipped else ""
        before = "-" if session.pain_before is None else session.pain_before
        after = "-" if session.pain_after is None else session.pain_after
        lines.append(
            f"{session.id[:8]:<8}  {started:<20} {session.routine_id[:18]:<18} "
            f"{session.status.value:<11} {holds:>9}  {before} → {after}{skipped}"
        )
        held_in_position = (measured or {}).get(session.id)
        if held_in_position:
            lines.append(in_position_line(held_in_position))
        names = {dose.exercise: dose.name for dose in session.doses}
        lines += [report_line(r, names, person) for r in (reports or {}).get(session.id, [])]
    return "\n".join(lines)


def in_position_line(measured: InPosition) -> str:
    """E.g. "          camera check: held in position 270 of 300 s (10 holds)"."""
    return f"{'':10}{measured.line}"


def report_line(report: PainReport, names: Mapping[str, str], person: Person) -> str:
    """E.g. "          07:04 pain during Cat-Cow: 7/10, sharp; stretch stopped and skipped"."""
    from backstretch.core.pain_rules import ACTION_DONE, PainKind

    kind = "" if report.kind is PainKind.NEITHER else f", {report.kind.value}"
    return (
        f"{'':10}{person.local_time(report.recorded_at):%H:%M} pain during "
        f"{names.get(report.exercise, report.exercise)}: {report.level}/10{kind}; "
        f"{ACTION_DONE[report.action]}"
    )


def reports_by_session(
    repository: Repository, summaries: list[SessionSummary]
) -> dict[str, list[PainReport]]:
    """The pain reported during the listed sessions, read from the oldest one's start on."""
    if not summaries:
        return {}
    found: dict[str, list[PainReport]] = {summary.id: [] for summary in summaries}
    since = min(summary.session.started_at for summary in summaries)
    for report in repository.pain_reports(since=since):
        if report.session_id in found:
            found[report.session_id].append(report)
    return found
