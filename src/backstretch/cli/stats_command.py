"""`backstretch stats`: streaks, adherence, completion, the pain trend and the see-a-clinician
advice, as text, JSON or a chart.

The pain table, the sessions per week and both panels of the chart cover the same weeks (the
weeks touching the last `--days` days), and the weeks the trend compares are always shown.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click

from backstretch.cli.app import App
from backstretch.core.errors import BackstretchError
from backstretch.core.stats import (
    StatsReport,
    window_weeks,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PLOT_FORMATS = ("png", "svg", "pdf")


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
    from backstretch.cli.stats_text import stats_output

    text, report = stats_output(app, as_json, days)
    if plot is not None:
        write_plot(report, plot)
    click.echo(text)
    if plot is not None and not as_json:
        click.echo(f"\nChart written to {plot}.")
