"""Streaks, adherence and the pain trend: pure functions of data and a `today` date."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from backstretch.core.history import ExerciseTotal
from backstretch.core.stats import (
    InvalidPlan,
    PainTrend,
    Plan,
    Streaks,
    WeeklyPain,
    adherence,
    build_report,
    format_rest_days,
    is_important_change,
    is_important_improvement,
    pain_change,
    pain_trend,
    parse_rest_days,
    report_as_dict,
    sessions_in_last,
    streaks,
    weekly_pain,
    weekly_sessions,
    window_weeks,
)

MONDAY = date(2026, 1, 5)
DAILY = Plan()
WEEKENDS_OFF = Plan(frozenset({5, 6}))


def days(*offsets: int) -> list[date]:
    return [MONDAY + timedelta(days=n) for n in offsets]


# -- streaks ------------------------------------------------------------------------------------
def test_no_sessions_is_no_streak() -> None:
    assert streaks([], MONDAY, DAILY) == Streaks(0, 0)


def test_consecutive_days_make_a_streak() -> None:
    result = streaks(days(0, 1, 2), today=MONDAY + timedelta(days=2), plan=DAILY)
    assert (result.current, result.longest) == (3, 3)


def test_a_missed_planned_day_breaks_the_streak() -> None:
    result = streaks(days(0, 1, 3, 4), today=MONDAY + timedelta(days=4), plan=DAILY)
    assert (result.current, result.longest) == (2, 2)


def test_a_planned_rest_day_does_not_break_the_streak() -> None:
    # Thursday, Friday, (rest Saturday and Sunday), Monday
    result = streaks(days(3, 4, 7), today=MONDAY + timedelta(days=7), plan=WEEKENDS_OFF)
    assert (result.current, result.longest) == (3, 3)


def test_the_same_gap_breaks_the_streak_without_rest_days() -> None:
    result = streaks(days(3, 4, 7), today=MONDAY + timedelta(days=7), plan=DAILY)
    assert (result.current, result.longest) == (1, 2)


def test_stretching_on_a_rest_day_adds_to_the_streak() -> None:
    result = streaks(days(4, 5, 7), today=MONDAY + timedelta(days=7), plan=WEEKENDS_OFF)
    assert result.current == 3


def test_today_does_not_break_the_streak_before_it_is_over() -> None:
    result = streaks(days(0, 1), today=MONDAY + timedelta(days=2), plan=DAILY)
    assert result.current == 2


def test_yesterday_missed_ends_the_current_streak_but_not_the_longest() -> None:
    result = streaks(days(0, 1, 2), today=MONDAY + timedelta(days=4), plan=DAILY)
    assert (result.current, result.longest) == (0, 3)


def test_two_sessions_on_one_day_count_as_one_day() -> None:
    assert streaks(days(0, 0, 1), MONDAY + timedelta(days=1), DAILY).current == 2


# -- adherence and counts -----------------------------------------------------------------------
def test_adherence_counts_planned_days_from_the_first_session() -> None:
    # started Monday; today Sunday; weekends off: Mon-Fri planned, 4 of them done
    result = adherence(days(0, 1, 2, 4), MONDAY + timedelta(days=6), days=28, plan=WEEKENDS_OFF)
    assert (result.planned_days, result.done_days, result.extra_days) == (5, 4, 0)
    assert result.percent == pytest.approx(80.0)


def test_today_counts_for_adherence_only_once_done() -> None:
    today = MONDAY + timedelta(days=1)
    assert adherence(days(0), today, 28, DAILY).planned_days == 1
    assert adherence(days(0, 1), today, 28, DAILY).planned_days == 2


def test_a_session_on_a_rest_day_is_extra() -> None:
    result = adherence(days(0, 5), MONDAY + timedelta(days=6), 28, WEEKENDS_OFF)
    assert (result.planned_days, result.done_days, result.extra_days) == (5, 1, 1)


def test_adherence_looks_only_at_the_window() -> None:
    result = adherence(days(0, 20), MONDAY + timedelta(days=20), days=7, plan=DAILY)
    assert (result.planned_days, result.done_days) == (7, 1)


def test_adherence_without_sessions_has_no_percentage() -> None:
    assert adherence([], MONDAY, 28, DAILY).percent is None


def test_sessions_are_counted_over_the_last_seven_days_today_included() -> None:
    today = MONDAY + timedelta(days=7)
    assert sessions_in_last(days(0, 1, 1, 7), today, 7) == 3
    assert sessions_in_last(days(0, 1, 1, 7), today, 28) == 4


def test_weekly_sessions_run_monday_to_sunday_oldest_first() -> None:
    mondays = [MONDAY - timedelta(days=7), MONDAY, MONDAY + timedelta(days=7)]
    weeks = weekly_sessions(days(-8, 0, 6, 7), mondays)
    assert weeks == [(MONDAY - timedelta(days=7), 0), (MONDAY, 2), (MONDAY + timedelta(days=7), 1)]


@pytest.mark.parametrize(
    ("today", "window", "first"),
    [
        (MONDAY + timedelta(days=6), 7, MONDAY),  # a Sunday: its own week only
        (MONDAY + timedelta(days=7), 7, MONDAY),  # a Monday: the week before and this one
        (MONDAY + timedelta(days=23), 28, MONDAY - timedelta(days=7)),  # a Wednesday: five weeks
        (MONDAY, 1, MONDAY),
    ],
)
def test_the_window_is_every_week_that_touches_the_last_days(
    today: date, window: int, first: date
) -> None:
    weeks = window_weeks(today, window)
    assert weeks[0] == first and weeks[-1] == today - timedelta(days=today.weekday())
    assert all(later - earlier == timedelta(days=7) for earlier, later in itertools.pairwise(weeks))


# -- rest days ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [("sat,sun", {5, 6}), ("Saturday, Sunday", {5, 6}), ("wed", {2}), ("none", set()), ("", set())],
)
def test_rest_days_are_read_from_weekday_names(text: str, expected: set[int]) -> None:
    assert parse_rest_days(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [("funday", "weekdays such as sat,sun"), ("mon,tue,wed,thu,fri,sat,sun", "at least one day")],
)
def test_bad_rest_days_are_refused_with_what_is_allowed(text: str, message: str) -> None:
    with pytest.raises(InvalidPlan, match=message):
        parse_rest_days(text)


def test_rest_days_are_written_in_week_order() -> None:
    assert format_rest_days({6, 0}) == "mon,sun"
    assert format_rest_days(set()) == "none"


# -- pain ---------------------------------------------------------------------------------------
def test_pain_is_averaged_per_week_starting_monday() -> None:
    # (day, sum of levels, ratings): Monday 6 and 2, Sunday 4, the next Monday 3
    daily = [(MONDAY, 8, 2), (MONDAY + timedelta(days=6), 4, 1), (MONDAY + timedelta(days=7), 3, 1)]
    assert weekly_pain(daily) == [WeeklyPain(MONDAY, 4.0, 3),
                                  WeeklyPain(MONDAY + timedelta(days=7), 3.0, 1)]  # fmt: skip


@pytest.mark.parametrize(
    ("baseline", "latest", "important"),
    [
        (8.0, 6.0, True),  # 2 points (25 %): important by points
        (8.0, 6.5, False),  # 1.5 points, 18.75 %
        (5.0, 3.5, True),  # 1.5 points but exactly 30 %
        (5.0, 3.6, False),  # 1.4 points, 28 %
        (3.0, 2.0, True),  # 1 point is 33 %
        (2.0, 1.5, False),  # 25 %
        (0.0, 0.0, False),  # nothing to improve
        (4.0, 6.0, False),  # worse
    ],
)
def test_a_clinically_important_improvement_is_2_points_or_30_percent_less(
    baseline: float, latest: float, important: bool
) -> None:
    assert is_important_improvement(baseline, latest) is important


@pytest.mark.parametrize(
    ("baseline", "latest", "trend", "important"),
    [
        (2.0, 8.0, PainTrend.WORSE, True),  # 2 → 8 is worse, not "not yet an improvement"
        (4.0, 5.0, PainTrend.WORSE, False),  # a rise of 1 point (25 %) is still worse
        (5.0, 6.5, PainTrend.WORSE, True),  # 1.5 points is 30 % more
        (0.0, 2.0, PainTrend.WORSE, True),  # from no pain: 2 points
        (0.0, 1.0, PainTrend.WORSE, False),
        (6.0, 6.0, PainTrend.NOT_YET_IMPROVED, False),
        (6.0, 5.0, PainTrend.NOT_YET_IMPROVED, False),
        (6.0, 4.0, PainTrend.IMPROVED, True),
    ],
)
def test_any_rise_is_worse_and_important_either_way_at_2_points_or_30_percent(
    baseline: float, latest: float, trend: PainTrend, important: bool
) -> None:
    assert pain_trend(baseline, latest) is trend
    assert is_important_change(baseline, latest) is important


def test_pain_change_compares_the_latest_week_with_the_first() -> None:
    weeks = [WeeklyPain(MONDAY, 6.0, 3), WeeklyPain(MONDAY, 5.5, 3), WeeklyPain(MONDAY, 4.0, 2)]
    change = pain_change(weeks)
    assert change is not None
    assert (change.baseline, change.latest, change.change) == (6.0, 4.0, -2.0)
    assert change.percent == pytest.approx(-33.3, abs=0.1)
    assert change.important_improvement
    assert (change.trend, change.baseline_week, change.latest_week) == (
        PainTrend.IMPROVED,
        MONDAY,
        MONDAY,
    )


def test_a_rise_from_the_first_week_is_worse() -> None:
    weeks = [WeeklyPain(MONDAY, 2.0, 1), WeeklyPain(MONDAY + timedelta(days=7), 8.0, 1)]
    change = pain_change(weeks)
    assert change is not None
    assert (change.trend, change.important, change.important_improvement) == (
        PainTrend.WORSE,
        True,
        False,
    )


def test_one_week_of_pain_has_no_trend_yet() -> None:
    assert pain_change([WeeklyPain(MONDAY, 6.0, 3)]) is None


# -- the report ---------------------------------------------------------------------------------
def test_the_report_gathers_everything_as_json_ready_data() -> None:
    totals = [ExerciseTotal("cat-cow", "Cat-Cow", 20, 15, 5, 150.0)]
    pain = [(MONDAY, 6, 1), (MONDAY + timedelta(days=7), 3, 1)]
    report = build_report(days(0, 1, 7), pain, totals, MONDAY + timedelta(days=8), 28, WEEKENDS_OFF)
    data = report_as_dict(report)
    assert data["streak"] == {"current": 1, "longest": 2}  # Wednesday to Friday missed
    assert data["sessions"] == {"last_7_days": 1, "last_28_days": 3}
    assert data["rest_days"] == ["sat", "sun"]
    assert data["minutes_stretched"] == 2.5
    assert data["completion"][0]["percent"] == 75.0
    assert data["pain"]["clinically_important_improvement"] is True
    assert data["pain"]["change"] == -3.0
    assert (data["pain"]["baseline_week"], data["pain"]["trend"]) == ("2026-01-05", "improved")
    assert data["pain"]["clinically_important_worsening"] is False
    # 28 days back from Tuesday 2026-01-13 is Wednesday 2025-12-17: five weeks from Monday 12-15
    assert [w["sessions"] for w in data["weekly_sessions"]] == [0, 0, 0, 2, 1]
