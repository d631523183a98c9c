"""The table the browser plays: the playbook's moves, counts and words, as JSON."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backstretch.catalog import Catalog
from backstretch.core.cues import END_WORDS, end_kind, line, speech
from backstretch.core.engine import GAP_SECONDS
from backstretch.core.events import Event, EventName
from backstretch.core.pain_rules import ACTION_TEXT, PainAction, PainKind, in_session_action
from backstretch.core.playbook import playbook
from backstretch.core.timeline import Timeline, plan
from backstretch.web.coaching import END_DETAILS, timeline_as_dict


@pytest.fixture
def daily_back(tmp_path: Path) -> Timeline:
    return plan(Catalog(tmp_path).load("daily-back"))


def test_every_step_carries_where_each_move_leads_and_when_the_count_beeps(
    daily_back: Timeline,
) -> None:
    steps = timeline_as_dict(daily_back)["steps"]
    for step, entry in zip(steps, playbook(daily_back).entries, strict=True):
        moves = entry.moves
        assert (step["skip_to"], step["skip_rest_to"], step["back_to"]) == (
            moves.skip_to,
            moves.skip_rest_to,
            moves.back_to,
        )
        assert step["countdown"] == list(entry.countdown)
        assert (step["line"], step["speech"]) == (entry.line, entry.speech)
    first_hold = next(s for s in steps if s["kind"] == "hold")
    assert first_hold["countdown"] == [3, 2, 1]
    assert steps[first_hold["skip_to"]]["kind"] == "hold"  # past the release


def test_the_stretches_stopped_for_today_and_the_gap_are_published(
    daily_back: Timeline,
) -> None:
    table = timeline_as_dict(daily_back, stopped={"hip-flexor": "stopped for pain at 10:42"})
    assert table["stopped"] == {"hip-flexor": "stopped for pain at 10:42"}
    assert table["stopped_lines"] == {
        "hip-flexor": "Hip Flexor Stretch: passed over today (stopped for pain at 10:42)."
    }
    assert table["gap_seconds"] == GAP_SECONDS
    assert timeline_as_dict(daily_back)["stopped"] == {}


def filled(text: str, **values: int) -> str:
    """The words as the page fills them (static/session.js, `fill`): `{done}` is the number,
    `{done|hold|holds}` the number and its noun."""

    def one(match: re.Match[str]) -> str:
        count = values[match[1]]
        return str(count) if match[2] is None else f"{count} {match[2] if count == 1 else match[3]}"

    return re.sub(r"\{(\w+)(?:\|([^|}]*)\|([^}]*))?\}", one, text)


@pytest.mark.parametrize("done", [1, 3])
@pytest.mark.parametrize("kind", sorted(END_WORDS))
def test_each_ending_reads_as_the_terminal_says_it(
    daily_back: Timeline, kind: str, done: int
) -> None:
    words = timeline_as_dict(daily_back)["words"]["end"][kind]
    details = {**END_DETAILS[kind], "holds_completed": done, "holds_skipped": 62}
    assert end_kind(details) == kind
    event = Event(EventName.SESSION_END, 0.0, 0.0, None, details)
    assert filled(words["line"], done=done, skipped=62) == line(event, daily_back.routine)
    assert filled(words["speech"], done=done) == speech(event, daily_back.routine)
    assert words["status"] == ("completed" if kind == "completed" else "partial")


def test_a_session_with_no_hold_done_ends_without_praise(daily_back: Timeline) -> None:
    nothing = timeline_as_dict(daily_back)["words"]["end"]["nothing"]
    assert filled(nothing["line"], done=0, skipped=65) == (
        "Session over with no hold done: 0 holds done, 65 skipped."
    )
    assert "Well done" not in nothing["speech"]


def test_the_gap_words_are_the_terminals_with_the_length_of_the_gap(
    daily_back: Timeline,
) -> None:
    gap = timeline_as_dict(daily_back)["words"]["gap"]
    event = Event(EventName.PAUSE, 0.0, 0.0, None, {"reason": "gap", "gap": 300.0})
    assert gap["line"].format(gap="5 min") == line(event, daily_back.routine)


def test_the_browser_gets_the_words_that_say_how_to_do_each_stretch_and_side(
    daily_back: Timeline,
) -> None:
    table = timeline_as_dict(daily_back)
    steps = table["steps"]
    hip = next(s for s in steps if s["kind"] == "get_ready" and s["exercise"] == "hip-flexor")
    for sentence in daily_back.routine.exercise("hip-flexor").steps:
        assert sentence in hip["line"] and sentence in hip["speech"]
    assert hip["speech"].endswith("First, left side: kneel on your left knee, right foot forward.")
    trunk = [s for s in steps if s["exercise"] == "trunk-rotation"]
    holds = [s["speech"] for s in trunk if s["kind"] == "hold"]
    assert holds[2] == "Left, 3 of 10. Hold."
    assert holds[9] == "Left, 10 of 10. Last one. Hold."
    switch = next(s for s in trunk if s["kind"] == "switch_sides")
    assert switch["speech"] == "Switch sides. Right side: roll both knees to your right."
    assert table["words"]["countdown"] == {"3": "3", "2": "2", "1": "1"}
    assert table["words"]["end"]["completed"]["speech"] == (
        "Well done. That is the whole routine. {done|hold|holds} done. And how is your back now?"
    )


def test_the_pain_rule_reaches_the_page_as_a_table_so_it_decides_offline_as_the_server_does(
    daily_back: Timeline,
) -> None:
    rule = timeline_as_dict(daily_back)["pain"]
    for kind in PainKind:
        assert rule["actions"][kind.value] == [
            in_session_action(level, kind).value for level in range(11)
        ]
    assert rule["advice"] == {action.value: ACTION_TEXT[action] for action in PainAction}
    assert rule["kinds"]["sharp"] == "sharp, shooting or electric"
    assert rule["kinds"]["tingling"] == "tingling or numbness in a leg"
