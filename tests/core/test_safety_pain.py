"""Pain-monitoring rules (CLINICAL.md §2-3) and the time-based "see a clinician soon" advice."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backstretch.core.history import PainContext, PainRating
from backstretch.core.pain_rules import (
    ACTION_TEXT,
    EASE_OFF,
    PainAction,
    PainKind,
    advice_ratings,
    advice_since,
    clinician_advice,
    in_session_action,
    is_unsettled,
    morning_levels,
    no_improvement,
    parse_pain_kind,
    unsettled_mornings_in_a_row,
    usual_level,
    weekly_average_rising,
)
from backstretch.core.stats import weekly_pain

TODAY = date(2026, 3, 18)  # a Wednesday


def rating(level: int, context: PainContext, day: date, hour: int = 12) -> PainRating:
    at = datetime.combine(day, time(hour), tzinfo=UTC)
    return PainRating(f"{context.value}-{day}-{hour}", level, context, at)


@pytest.mark.parametrize(
    ("level", "action"),
    [
        (0, PainAction.CARRY_ON),
        (3, PainAction.CARRY_ON),
        (4, PainAction.EASE_OFF),
        (5, PainAction.EASE_OFF),
        (6, PainAction.STOP),
        (10, PainAction.STOP),
    ],
)
def test_the_in_session_traffic_light(level: int, action: PainAction) -> None:
    assert in_session_action(level) is action


@pytest.mark.parametrize("kind", [PainKind.SHARP, PainKind.TINGLING])
def test_sharp_shooting_or_tingling_pain_stops_the_stretch_at_any_level(kind: PainKind) -> None:
    assert in_session_action(0, kind) is PainAction.STOP


def test_the_advice_is_an_action_in_plain_words_and_never_push_through() -> None:
    assert ACTION_TEXT[PainAction.EASE_OFF] == EASE_OFF
    assert EASE_OFF == "Ease off a little; do not go further into the stretch."
    assert all("push through" not in text.lower() for text in ACTION_TEXT.values())


@pytest.mark.parametrize(
    ("text", "kind"),
    [("s", PainKind.SHARP), ("tingling", PainKind.TINGLING), ("", PainKind.NEITHER), ("q", None)],
)
def test_pain_kinds_are_read_from_a_letter_or_word(text: str, kind: PainKind | None) -> None:
    assert parse_pain_kind(text) is kind


def test_the_usual_level_is_the_latest_usual_rating_else_the_baseline() -> None:
    assert usual_level([]) is None
    first = rating(5, PainContext.BEFORE, TODAY - timedelta(days=5))
    assert usual_level([first, rating(2, PainContext.MORNING, TODAY)]) == 5
    usual = [
        rating(4, PainContext.USUAL, TODAY - timedelta(days=2)),
        rating(3, PainContext.USUAL, TODAY),
    ]
    assert usual_level([first, *usual]) == 3


@pytest.mark.parametrize(("morning", "unsettled"), [(3, False), (4, True), (0, False)])
def test_a_morning_is_unsettled_only_above_the_usual_level(morning: int, unsettled: bool) -> None:
    assert is_unsettled(morning, 3) is unsettled
    assert not is_unsettled(morning, None)


def mornings(*levels_by_days_ago: tuple[int, int]) -> dict[date, int]:
    return morning_levels(
        [
            rating(level, PainContext.MORNING, TODAY - timedelta(days=ago), 7)
            for ago, level in levels_by_days_ago
        ]
    )


def test_two_unsettled_mornings_in_a_row_advise_a_clinician() -> None:
    assert unsettled_mornings_in_a_row(mornings((1, 5), (0, 5)), 3, TODAY)
    assert unsettled_mornings_in_a_row(mornings((2, 5), (1, 5)), 3, TODAY)  # ending yesterday


def test_one_unsettled_morning_or_a_gap_is_not_two_in_a_row() -> None:
    assert not unsettled_mornings_in_a_row(mornings((1, 3), (0, 5)), 3, TODAY)
    assert not unsettled_mornings_in_a_row(mornings((2, 5), (0, 5)), 3, TODAY)
    assert not unsettled_mornings_in_a_row(mornings((3, 5), (2, 5)), 3, TODAY)  # too long ago


def weekly(*averages: float, weeks_ago_of_last: int = 0) -> list[tuple[date, int, int]]:
    monday = TODAY - timedelta(days=TODAY.weekday())
    count = len(averages)
    rows = []
    for n, average in enumerate(averages):
        day = monday - timedelta(weeks=count - 1 - n + weeks_ago_of_last)
        rows.append((day, int(average * 2), 2))
    return rows


def test_weekly_averages_rising_two_weeks_running_advise_a_clinician() -> None:
    assert weekly_average_rising(weekly(3, 4, 5), TODAY)
    assert weekly_average_rising(weekly(3, 4, 5, weeks_ago_of_last=1), TODAY)  # up to last week


def test_rising_once_or_level_or_with_a_gap_is_not_two_weeks_running() -> None:
    assert not weekly_average_rising(weekly(3, 5), TODAY)
    assert not weekly_average_rising(weekly(3, 4, 4), TODAY)
    assert not weekly_average_rising(weekly(5, 4, 5), TODAY)
    assert not weekly_average_rising(weekly(3, 4, 5, weeks_ago_of_last=2), TODAY)


@pytest.mark.parametrize(
    ("baseline", "recent", "advise"),
    [
        (6, 4, False),  # a drop of 2 points is important
        (6, 4.5, True),  # 1.5 points, 25 %: not yet
        (3, 2.1, False),  # 30 % of 3
        (3, 2.2, True),
        (0, 0, False),  # no pain to improve on
    ],
)
def test_the_improvement_threshold_after_two_weeks(
    baseline: float, recent: float, advise: bool
) -> None:
    first = TODAY - timedelta(days=14)
    assert no_improvement(first, TODAY, baseline, recent) is advise


def test_no_improvement_waits_about_two_weeks() -> None:
    assert not no_improvement(TODAY - timedelta(days=13), TODAY, 6, 6)
    assert no_improvement(TODAY - timedelta(days=14), TODAY, 6, 6)
    assert not no_improvement(None, TODAY, 6, 6)


def test_clinician_advice_collects_every_reason_in_plain_words() -> None:
    ratings = [
        rating(3, PainContext.USUAL, TODAY - timedelta(days=20)),
        rating(5, PainContext.MORNING, TODAY - timedelta(days=1), 7),
        rating(5, PainContext.MORNING, TODAY, 7),
    ]
    advice = clinician_advice(ratings, [], TODAY - timedelta(days=20), TODAY)
    assert any("settled by the morning two days in a row" in line for line in advice)
    assert any("not clearly improved" in line for line in advice)
    assert all("see a clinician" in line for line in advice)
    assert clinician_advice([], [], None, TODAY) == []


@given(st.integers(0, 10), st.integers(0, 10), st.sampled_from(list(PainKind)))
def test_more_pain_never_gets_a_milder_action(low: int, high: int, kind: PainKind) -> None:
    order = [PainAction.CARRY_ON, PainAction.EASE_OFF, PainAction.STOP]
    low, high = sorted((low, high))
    assert order.index(in_session_action(low, kind)) <= order.index(in_session_action(high, kind))
    assert order.index(in_session_action(high)) <= order.index(in_session_action(high, kind))


ratings_over_two_months = st.lists(
    st.builds(
        lambda level, context, minutes: PainRating(
            f"r{minutes}-{context.value}",
            level,
            context,
            datetime.combine(TODAY, time(23), tzinfo=UTC) - timedelta(minutes=minutes),
        ),
        st.integers(0, 10),
        st.sampled_from(list(PainContext)),
        st.one_of(st.integers(0, 60 * 24 * 4), st.integers(0, 60 * 24 * 60)),  # many recent
    ),
    max_size=40,
)


@given(ratings_over_two_months, st.integers(0, 60))
def test_the_few_ratings_a_repository_reads_give_the_same_advice_as_all_of_them(
    ratings: list[PainRating], started_days_ago: int
) -> None:
    ratings.sort(key=lambda r: (r.recorded_at, r.id))
    first_session = TODAY - timedelta(days=started_days_ago)
    weeks = weekly_pain((r.recorded_at.astimezone().date(), r.level, 1) for r in ratings)
    few = advice_ratings(ratings, advice_since(TODAY))
    assert clinician_advice(few, weeks, first_session, TODAY) == clinician_advice(
        ratings, weeks, first_session, TODAY
    )


def test_years_of_ratings_come_down_to_the_last_week_and_three_anchors() -> None:
    old = [rating(6, PainContext.AFTER, TODAY - timedelta(days=900))]
    old += [rating(5, PainContext.BEFORE, TODAY - timedelta(days=n)) for n in range(800, 10, -1)]
    old += [rating(4, PainContext.USUAL, TODAY - timedelta(days=500))]
    recent = [
        rating(3, PainContext.MORNING, TODAY - timedelta(days=n), 7) for n in range(6, -1, -1)
    ]
    ratings = sorted([*old, *recent], key=lambda r: r.recorded_at)
    few = advice_ratings(ratings, advice_since(TODAY))
    assert few[:3] == [old[0], old[1], old[-1]]  # the first, the first baseline, the last usual
    assert few[3:] == recent
