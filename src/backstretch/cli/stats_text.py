"""What `backstretch stats` prints: streaks, adherence, completion, the pain trend and the
see-a-clinician advice, as text or JSON. No click here, so a plain `stats` starts fast
(cli/quick.py); the command and its chart are in cli/stats_command.py.

The pain table covers the weeks touching the last `--days` days, and the weeks the trend
compares are always shown.
"""

from __future__ import annotations

import json

from backstretch.cli.app import App, opened
from backstretch.core.stats import (
    PainChange,
    PainTrend,
    StatsReport,
    WeeklyPain,
    format_rest_days,
    report_as_dict,
    window_weeks,
)

BAR_BLOCKS = " ▏▎▍▌▋▊▉█"
RULE = "2 points or 30 %"


# -- text -----------------------------------------------------------------------------------------
def bar(value: float, maximum: float, width: int) -> str:
    """A horizontal bar of eighth-blocks, `width` characters at `maximum`."""
    if maximum <= 0 or value <= 0:
        return ""
    eighths = round(8 * width * min(value, maximum) / maximum)
    return BAR_BLOCKS[-1] * (eighths // 8) + BAR_BLOCKS[eighths % 8].strip()


def percent(value: float | None) -> str:
    return "  -" if value is None else f"{value:3.0f} %"


def stats_text(report: StatsReport, advice: list[str] | None = None, width: int = 30) -> str:
    streak, adherence = report.streaks, report.adherence
    rest = format_rest_days(report.plan.rest_days)
    lines = [
        f"Streak: {streak.current} day{'s' * (streak.current != 1)} (longest {streak.longest}); "
        f"rest days: {rest} (change with `backstretch rest-days`).",
        f"Sessions: {report.sessions_last_7_days} in the last 7 days, "
        f"{report.sessions_last_28_days} in the last 28.",
        f"Last {report.days} days: {adherence.done_days} of {adherence.planned_days} planned "
        f"days done ({percent(adherence.percent).strip()}), "
        f"{report.minutes_stretched:.0f} minutes stretched.",
    ]
    if report.completion:
        lines += ["", "Holds completed per stretch:"]
        name_width = max(len(c.name) for c in report.completion)
        for c in report.completion:
            lines.append(
                f"  {c.name:<{name_width}} {percent(c.percent)}  {bar(c.percent or 0, 100, width)}"
            )
    lines += ["", *pain_lines(report, width)]
    if advice:
        lines += ["", *advice]
    return "\n".join(lines)


def shown_weeks(report: StatsReport) -> list[WeeklyPain]:
    """The rated weeks of the window, and the weeks the trend compares even when older."""
    first = window_weeks(report.today, report.days)[0]
    change = report.pain_change
    compared = () if change is None else (change.baseline_week, change.latest_week)
    return [w for w in report.weekly_pain if w.week_start >= first or w.week_start in compared]


def pain_lines(report: StatsReport, width: int) -> list[str]:
    if not report.weekly_pain:
        return ["Pain: no ratings yet (record one with `backstretch pain LEVEL`)."]
    change = report.pain_change
    baseline = None if change is None else change.baseline_week
    lines = ["Pain, weekly average (0 none – 10 worst):"]
    previous: int | None = None
    for week in shown_weeks(report):
        position = report.weekly_pain.index(week)
        if previous is not None and position > previous + 1:
            lines.append("  ...")
        previous = position
        label = "  (first week: the baseline)" if week.week_start == baseline else ""
        row = f"  week of {week.week_start.isoformat()}  {week.average:4.1f}  "
        lines.append((row + f"{bar(week.average, 10, width):<{width}}{label}").rstrip())
    if change is None:
        return [*lines, "  One week of ratings so far; the trend shows from the second week."]
    return [*lines, "  " + verdict(change)]


def verdict(change: PainChange) -> str:
    """What the change from the first week means, in words, with its figures."""
    share = "" if change.percent is None else f", {change.percent:+.0f} %"
    figures = f"{change.baseline:.1f} → {change.latest:.1f}"
    since = f"the week of {change.baseline_week.isoformat()}"
    moved = f"({change.change:+.1f} points{share})"
    if change.trend is PainTrend.WORSE:
        size = "a clinically important" if change.important else "less than a clinically important"
        return f"Your pain is worse: {figures} since {since} {moved}, {size} rise ({RULE} more)."
    if change.trend is PainTrend.IMPROVED:
        meaning = f"a clinically important improvement ({RULE} less)"
    else:
        meaning = f"not yet a clinically important improvement ({RULE} less)"
    return f"Since {since}: {figures} {moved}: {meaning}."


# -- the chart ------------------------------------------------------------------------------------


def stats_output(app: App, as_json: bool, days: int) -> tuple[str, StatsReport]:
    """What `stats` prints for the last `days` days, and the report it comes from."""
    from backstretch.coach.advice import advice_with
    from backstretch.coach.outcomes import trend, trend_lines
    from backstretch.storage import reports

    with opened(app) as repository:
        person = repository.person
        today = person.day_of(app.wall_clock())
        report = reports.gather_report(repository, today, days)
        weeks = report.weekly_pain
        advice = advice_with(repository, today, weeks, report.first_session, person.zone)
        responses = repository.questionnaire_responses()
    if as_json:
        scores = trend(responses, person.day_of)
        document = {**report_as_dict(report), "clinician_advice": advice, "questionnaires": scores}
        return json.dumps(document, indent=2), report
    text = stats_text(report, advice)
    answered = trend_lines(responses, person.day_of)
    if answered:
        text += "\n\nQuestionnaires (docs/outcomes.md):\n" + "\n".join(answered)
    return text, report
