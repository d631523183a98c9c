"""`backstretch stats`: streaks, adherence, completion, the pain trend and the see-a-clinician
advice, as text, JSON or a chart.

The pain table, the sessions per week and both panels of the chart cover the same weeks (the
weeks touching the last `--days` days), and the weeks the trend compares are always shown.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click

from backstretch.cli.app import App, opened
from backstretch.core.errors import BackstretchError
from backstretch.core.stats import (
    PainChange,
    PainTrend,
    StatsReport,
    WeeklyPain,
    format_rest_days,
    report_as_dict,
    window_weeks,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

BAR_BLOCKS = " ▏▎▍▌▋▊▉█"
PLOT_FORMATS = ("png", "svg", "pdf")
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
def midweek(monday: date) -> datetime:
    """The middle of a week (Thursday noon), where its point and its bar are drawn."""
    return datetime.combine(monday, time(12)) + timedelta(days=3)


def stats_figure(report: StatsReport) -> Figure:
    """Weekly pain (line) above sessions per week (bars), over the same weeks on one x-axis."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    weeks = window_weeks(report.today, report.days)
    start = datetime.combine(weeks[0], time())
    end = datetime.combine(weeks[-1], time()) + timedelta(days=7)
    figure = Figure(figsize=(8, 6), layout="constrained")
    pain_axes, session_axes = figure.subplots(2, 1, sharex=True)
    rated = [w for w in report.weekly_pain if weeks[0] <= w.week_start <= weeks[-1]]
    pain_axes.plot([midweek(w.week_start) for w in rated], [w.average for w in rated], marker="o")
    change = report.pain_change
    if change is not None:
        first_week = f"first week ({change.baseline_week.isoformat()}): {change.baseline:.1f}"
        pain_axes.axhline(change.baseline, linestyle="--", color="grey", label=first_week)
        pain_axes.legend(loc="upper right")
    pain_axes.set(ylim=(0, 10), ylabel="pain (0 none – 10 worst)", title="Pain, weekly average")
    pain_axes.grid(axis="y", alpha=0.3)
    counts = [count for _, count in report.weekly_sessions]
    session_axes.bar([midweek(w) for w, _ in report.weekly_sessions], counts, width=6)
    session_axes.set(ylabel="sessions", title="Sessions per week")
    session_axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    for axes in (pain_axes, session_axes):
        axes.set_xlim(start, end)
    figure.autofmt_xdate()
    return figure


def write_plot(report: StatsReport, path: Path) -> None:
    kind = path.suffix.lower().lstrip(".")
    if kind not in PLOT_FORMATS:
        raise BackstretchError(
            f"--plot: {path} must end in .png, .svg or .pdf (got '{path.suffix}')"
        )
    try:
        stats_figure(report).savefig(path, format=kind)
    except OSError as error:
        raise BackstretchError(f"--plot: cannot write {path} ({error.strerror})") from None


# -- the command ----------------------------------------------------------------------------------
@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option(
    "--days",
    type=click.IntRange(1, 36_600),
    default=28,
    show_default=True,
    help="The window for adherence, minutes, completion and the weekly tables.",
)
@click.option(
    "--plot",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE.png",
    help="Also draw weekly pain and sessions into an image (.png, .svg or .pdf).",
)
@click.pass_obj
def stats(app: App, as_json: bool, days: int, plot: Path | None) -> None:
    """Show streaks, adherence, completion per stretch and your pain trend.

    A streak counts days you stretched in a row; your rest days (see
    `backstretch rest-days`) do not break it, and today does not until it
    is over. The pain trend compares the latest weekly average with your
    first week: a drop of 2 points or 30 % is a clinically important
    improvement, and any rise is worse. When something calls for it, the
    same see-a-clinician advice as `backstretch plan` follows.

    \b
    Examples:
      backstretch stats
      backstretch stats --days 90 --plot progress.png
      backstretch stats --json
    """
    from backstretch.coach.advice import advice_with
    from backstretch.storage import reports

    with opened(app) as repository:
        person = repository.person
        today = person.day_of(app.wall_clock())
        report = reports.gather_report(repository, today, days)
        weeks = report.weekly_pain
        advice = advice_with(repository, today, weeks, report.first_session, person.zone)
    if plot is not None:
        write_plot(report, plot)
    if as_json:
        click.echo(json.dumps({**report_as_dict(report), "clinician_advice": advice}, indent=2))
        return
    click.echo(stats_text(report, advice))
    if plot is not None:
        click.echo(f"\nChart written to {plot}.")
