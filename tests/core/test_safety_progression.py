"""Dose progression and regression (CLINICAL.md §4): a design heuristic, tested row by row."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from backstretch.core.adaptations import with_doses
from backstretch.core.progression import (
    Caps,
    DoseChange,
    Flare,
    Proposal,
    SessionOutcome,
    caps_for,
    current_doses,
    flares_since,
    proposal,
    step_down,
    step_up,
)
from tests.conftest import cat_cow, make_exercise, make_routine

TODAY = date(2026, 3, 10)
HIP = make_exercise(id="hip", name="Hip", hold_seconds=10, reps=5)
SEED = make_routine(HIP, cat_cow(reps=10))


def settled(days: int = 3) -> tuple[list[SessionOutcome], dict[date, bool]]:
    sessions = [SessionOutcome(TODAY - timedelta(days=n)) for n in range(1, days + 1)]
    return sessions, {TODAY - timedelta(days=n): True for n in range(0, days)}


def decide(**overrides: Any) -> Proposal:
    sessions, mornings = settled()
    arguments: dict[str, Any] = {
        "seed": SEED,
        "doses": current_doses(SEED, []),
        "today": TODAY,
        "since": TODAY - timedelta(days=3),
        "sessions": sessions,
        "mornings_settled": mornings,
        "flares": [],
        "red_flags": False,
        "caps": Caps(),
    }
    arguments.update(overrides)
    return proposal(**arguments)


def test_a_step_is_5_s_more_hold_until_the_cap_then_1_more_rep() -> None:
    assert step_up(HIP, (10, 5), Caps()) == (15, 5)
    assert step_up(HIP, (15, 5), Caps()) == (15, 6)  # 20 s x 5 = 100 s is past 90 s
    assert step_up(HIP, (15, 6), Caps()) is None  # 15 s x 7 = 105 s


def test_holds_stop_at_30_s_and_at_60_s_for_people_65_or_older() -> None:
    single = make_exercise(hold_seconds=30, reps=1)
    assert step_up(single, (30, 1), Caps()) == (30, 2)
    assert step_up(single, (30, 1), caps_for(65)) == (35, 1)
    assert caps_for(64).hold_seconds == 30 and caps_for(65).hold_seconds == 60
    assert caps_for(None).hold_seconds == 30


def test_total_time_per_stretch_counts_every_phase() -> None:
    assert step_up(cat_cow(reps=9), (5, 9), Caps()) is None  # (5 + 5) x 9 = 90; 10 x 10 > 90
    assert step_up(cat_cow(reps=8), (5, 8), Caps()) == (5, 9)


def test_a_step_down_undoes_reps_first_and_never_goes_below_the_seed() -> None:
    assert step_down(HIP, (15, 6)) == (15, 5)
    assert step_down(HIP, (15, 5)) == (10, 5)
    assert step_down(HIP, (10, 5)) is None


def test_doses_go_up_after_3_settled_days_within_the_limits() -> None:
    decided = decide()
    assert decided.direction == "up"
    assert decided.doses == {"hip": (15, 5)}
    assert "settled" in decided.reason


def test_never_more_often_than_every_3_days() -> None:
    decided = decide(since=TODAY - timedelta(days=2))
    assert decided.direction == "same" and "at most every 3 days" in decided.reason


def test_no_change_with_red_flags() -> None:
    assert decide(red_flags=True).direction == "same"


def test_no_change_when_a_morning_after_a_session_is_missing() -> None:
    _sessions, mornings = settled()
    del mornings[TODAY]
    decided = decide(mornings_settled=mornings)
    assert decided.direction == "same" and "no morning pain rating" in decided.reason


def test_no_change_when_pain_after_a_session_was_above_5() -> None:
    sessions, _mornings = settled()
    sessions[0] = SessionOutcome(sessions[0].day, pain_after=6)
    assert decide(sessions=sessions).direction == "same"
    sessions[0] = SessionOutcome(sessions[0].day, pain_after=5)
    assert decide(sessions=sessions).direction == "up"


def test_no_change_with_fewer_than_two_sessions() -> None:
    sessions, _mornings = settled(1)
    assert decide(sessions=sessions).direction == "same"


def test_a_flare_goes_back_one_step_for_its_stretch_or_for_all() -> None:
    doses = {"hip": (15.0, 5), "cat-cow": (5.0, 10)}
    at = datetime(2026, 3, 9, 8, tzinfo=UTC)
    one = decide(doses=doses, flares=[Flare(at, "a stretch hurt", "hip")])
    assert one.direction == "down" and one.doses == {"hip": (10, 5)}
    at_seed = decide(flares=[Flare(at, "sore morning")])
    assert at_seed.direction == "same"


def test_only_flares_after_the_last_change_count() -> None:
    changed = datetime(2026, 3, 8, 9, tzinfo=UTC)
    stops = [(changed - timedelta(hours=1), "hip"), (changed + timedelta(hours=1), "hip")]
    mornings = [(changed + timedelta(days=1), 6, 3)]
    flares = flares_since(changed, stops, mornings)
    assert [f.exercise for f in flares] == ["hip", None]
    assert "(6) was above your usual level (3)" in flares[1].reason


def test_changes_are_applied_in_order_and_described_with_their_reason() -> None:
    at = datetime(2026, 3, 1, tzinfo=UTC)
    changes = [
        DoseChange("2", "hip", 15, 15, 5, 6, "settled", at + timedelta(days=3)),
        DoseChange("1", "hip", 10, 15, 5, 5, "settled", at),
    ]
    assert current_doses(SEED, changes)["hip"] == (15, 6)
    assert changes[1].describe("Hip") == "Hip: holds go from 10 s to 15 s because settled"
    assert changes[0].describe() == "hip: reps go from 5 to 6 because settled"


def test_planned_doses_are_a_routine_transformation() -> None:
    dosed = with_doses(SEED, {"hip": (15.0, 6), "cat-cow": (10.0, 4)})
    assert (dosed.exercises[0].hold_seconds, dosed.exercises[0].reps) == (15, 6)
    assert [p.hold_seconds for p in dosed.exercises[1].phases] == [10, 10]
    assert SEED.exercises[0].hold_seconds == 10  # the seed is unchanged


@pytest.mark.parametrize("age", [64, 65])
def test_the_age_setting_changes_only_the_hold_cap(age: int) -> None:
    assert caps_for(age).total_seconds == 90
