"""`backstretch stats` as people read it: the pain trend in words, the weeks it compares, the
see-a-clinician advice, and the chart."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from backstretch.cli import history_commands
from backstretch.cli.main import cli
from backstretch.core.history import PainContext
from backstretch.storage import MemoryRepository
from backstretch.storage.reports import gather_report
from backstretch.storage.repository import Repository
from tests.cli.test_history_commands import NOON, FakeApp, backstretch, fill, invoke
from tests.storage.records import make_pain

MONDAY = NOON.date()  # 2026-01-05


def stats_command() -> Any:
    return cli.get_command(None, "stats")  # type: ignore[arg-type]


def rate(repository: Repository, *levels_by_week: int) -> None:
    """One morning rating a week, on Mondays from 2026-01-05 on."""
    for week, level in enumerate(levels_by_week):
        recorded = NOON + timedelta(weeks=week)
        repository.add_pain(make_pain(100 + week, level=level, recorded_at=recorded))


def stats_output(repository: Repository, *args: str, today: datetime) -> str:
    return str(invoke(stats_command(), *args, repository=repository, today=today).output)


# -- figures and the verdict --------------------------------------------------------------------
def test_stats_json_reports_streaks_that_survive_rest_days() -> None:
    repository = MemoryRepository()
    fill(repository, [1, 2, 3, 4, 5, 8])  # Monday to Friday, then the next Monday
    repository.add_pain(make_pain(1, level=6, recorded_at=NOON))
    repository.add_pain(make_pain(2, level=3, recorded_at=NOON + timedelta(days=7)))
    repository.add_pain(make_pain(3, level=0, recorded_at=NOON + timedelta(days=7),
                                  context=PainContext.AFTER))  # fmt: skip
    today = NOON + timedelta(days=7)
    daily = json.loads(stats_output(repository, "--json", today=today))
    assert daily["streak"] == {"current": 1, "longest": 5}
    invoke(history_commands.rest_days, "sat,sun", repository=repository)
    data = json.loads(stats_output(repository, "--json", today=today))
    assert data["streak"] == {"current": 6, "longest": 6}
    assert data["rest_days"] == ["sat", "sun"]
    assert data["sessions"] == {"last_7_days": 5, "last_28_days": 6}
    assert data["adherence"] == {
        "planned_days": 6,
        "done_days": 6,
        "extra_days": 0,
        "percent": 100.0,
    }
    assert [c["exercise"] for c in data["completion"]] == ["trunk-rotation", "cat-cow"]
    assert data["completion"][1]["percent"] == 50.0
    assert data["minutes_stretched"] == 3.0  # 6 sessions × 6 holds × 5 s (skipped ones were held)
    assert [w["average"] for w in data["pain"]["weekly"]] == [6.0, 3.0]  # "after" ratings left out
    assert data["pain"]["clinically_important_improvement"] is True
    assert data["pain"]["trend"] == "improved"


def test_stats_for_people_show_bars_and_the_pain_verdict() -> None:
    repository = MemoryRepository()
    fill(repository, [1, 2])
    rate(repository, 5, 4)
    text = stats_output(repository, today=NOON + timedelta(days=8))
    assert "Streak: 0 days (longest 2)" in text
    assert "Cat-Cow" in text and "█" in text
    assert (
        "Since the week of 2026-01-05: 5.0 → 4.0 (-1.0 points, -20 %): "
        "not yet a clinically important improvement (2 points or 30 % less)." in text
    )


def test_stats_says_plainly_when_pain_got_worse() -> None:
    repository = MemoryRepository()
    rate(repository, 2, 8)
    today = NOON + timedelta(days=8)
    text = stats_output(repository, today=today)
    assert (
        "Your pain is worse: 2.0 → 8.0 since the week of 2026-01-05 (+6.0 points, +300 %), "
        "a clinically important rise (2 points or 30 % more)." in text
    )
    assert "improvement" not in text
    pain = json.loads(stats_output(repository, "--json", today=today))["pain"]
    assert (pain["trend"], pain["clinically_important_worsening"]) == ("worse", True)
    assert pain["clinically_important_improvement"] is False


def test_a_small_rise_is_worse_too_and_says_it_is_not_clinically_important() -> None:
    repository = MemoryRepository()
    rate(repository, 4, 5)
    text = stats_output(repository, today=NOON + timedelta(days=8))
    assert (
        "Your pain is worse: 4.0 → 5.0 since the week of 2026-01-05 (+1.0 points, +25 %), "
        "less than a clinically important rise (2 points or 30 % more)." in text
    )


# -- the weeks it compares ----------------------------------------------------------------------
def test_the_baseline_week_is_shown_even_when_it_is_older_than_the_window() -> None:
    repository = MemoryRepository()
    rate(repository, 6, 6, 5, 5, 4, 4, 3, 3, 3, 2)  # ten weeks, one rating each
    today = NOON + timedelta(weeks=9, days=2)  # Wednesday of the tenth week
    lines = stats_output(repository, "--days", "14", today=today).splitlines()
    table = lines[lines.index("Pain, weekly average (0 none – 10 worst):") + 1 :]
    assert table[0].startswith("  week of 2026-01-05   6.0  ")
    assert table[0].endswith("(first week: the baseline)")
    assert table[1] == "  ..."  # the weeks between are not in the window
    assert [row.split()[2] for row in table[2:5]] == ["2026-02-23", "2026-03-02", "2026-03-09"]
    assert "Since the week of 2026-01-05: 6.0 → 2.0 (-4.0 points, -67 %)" in table[5]


def test_the_window_has_the_same_weeks_for_pain_and_for_sessions() -> None:
    repository = MemoryRepository()
    fill(repository, [1, 2, 9])
    rate(repository, 6, 5, 3)
    today = NOON + timedelta(days=16)  # Wednesday 2026-01-21: 28 days go back to Thursday 12-25
    data = json.loads(stats_output(repository, "--json", today=today))
    mondays = [w["week_start"] for w in data["weekly_sessions"]]
    assert mondays == ["2025-12-22", "2025-12-29", "2026-01-05", "2026-01-12", "2026-01-19"]
    assert [w["sessions"] for w in data["weekly_sessions"]] == [0, 0, 2, 1, 0]
    text = stats_output(repository, today=today)
    assert all(f"week of {w['week_start']}" in text for w in data["pain"]["weekly"])


# -- the same advice as `plan` ------------------------------------------------------------------
def test_stats_shows_the_see_a_clinician_advice_that_plan_gives(tmp_path: Path) -> None:
    repository = MemoryRepository()
    fill(repository, [1])
    rate(repository, 4, 5, 6)  # rising two weeks running, and no better after two weeks
    today = NOON + timedelta(days=15)
    app = FakeApp(home=tmp_path, repository=repository, wall_clock=lambda: today)
    runner = CliRunner()
    plan = runner.invoke(cli.get_command(None, "plan"), [], obj=app)  # type: ignore[arg-type]
    advice = [line for line in plan.output.splitlines() if "see a clinician" in line]
    assert len(advice) == 2, plan.output
    stats = runner.invoke(stats_command(), [], obj=app)
    assert stats.exit_code == 0, stats.output
    assert stats.output.splitlines()[-2:] == advice
    data = json.loads(runner.invoke(stats_command(), ["--json"], obj=app).output)
    assert data["clinician_advice"] == advice


def test_stats_without_a_reason_for_advice_gives_none() -> None:
    repository = MemoryRepository()
    rate(repository, 6, 3)
    text = stats_output(repository, today=NOON + timedelta(days=8))
    assert "clinician" not in text


# -- the chart ----------------------------------------------------------------------------------
def test_both_chart_panels_show_the_same_weeks_on_one_axis(tmp_path: Path) -> None:
    from matplotlib.dates import date2num
    from matplotlib.image import imread

    from backstretch.cli.stats_command import stats_figure

    repository = MemoryRepository()
    fill(repository, [1, 2, 9, 59])
    rate(repository, 7, *[6] * 5, 5, 4, 3)  # nine weeks: older ones fall outside 28 days
    today = NOON + timedelta(weeks=8, days=2)  # Wednesday 2026-03-04
    picture = tmp_path / "progress.png"
    invoke(stats_command(), "--plot", str(picture), repository=repository, today=today)
    assert imread(picture).ndim == 3
    pain_axes, session_axes = stats_figure(gather_report(repository, today.date(), 28)).axes
    first, last = datetime(2026, 2, 2), datetime(2026, 3, 9)  # Monday to the Monday after
    window = (date2num(first), date2num(last))
    assert pain_axes.get_xlim() == pytest.approx(window)
    assert session_axes.get_xlim() == pytest.approx(window)
    points = list(date2num(pain_axes.lines[0].get_xdata()))
    bars = [bar.get_x() + bar.get_width() / 2 for bar in session_axes.patches]
    assert list(pain_axes.lines[0].get_ydata()) == [6.0, 6.0, 5.0, 4.0, 3.0]
    assert [bar.get_height() for bar in session_axes.patches] == [0, 0, 0, 0, 1]
    assert points == pytest.approx(bars)  # each week's point sits over its bar
    assert all(window[0] < x < window[1] for x in points)
    baseline = pain_axes.lines[1]  # the first week, dashed across the window
    assert list(baseline.get_ydata()) == [7.0, 7.0]
    assert "2026-01-05" in pain_axes.get_legend().get_texts()[0].get_text()


def test_the_chart_puts_a_week_in_the_middle_of_its_days() -> None:
    from backstretch.cli.stats_command import midweek

    assert midweek(date(2026, 1, 5)) == datetime.combine(date(2026, 1, 8), time(12))


def test_stats_plot_needs_an_image_file_name(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = backstretch(capsys, "stats", "--plot", "progress.txt")
    assert code == 1
    assert err.strip() == "Error: --plot: progress.txt must end in .png, .svg or .pdf (got '.txt')"


def test_stats_explains_itself_with_an_example(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = backstretch(capsys, "stats", "--help")
    assert code == 0 and "Example" in out and "backstretch stats --days 90" in out
    assert "any rise is worse" in out
