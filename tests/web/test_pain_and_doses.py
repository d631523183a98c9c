"""The browser's "this hurts" and its routine: the same pain rule, the same stored report and
the same Routine transformations (knee adaptation, planned doses) as `backstretch start`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from backstretch.catalog import Catalog
from backstretch.cli.safety_gate import prepare_routine
from backstretch.core.adaptations import KNEE_CAUTION
from backstretch.core.clock import FakeClock
from backstretch.core.history import format_timestamp
from backstretch.core.pain_rules import EASE_OFF, STOP_STRETCH, PainAction, PainKind
from backstretch.core.progression import PROGRESS_SETTING, DoseChange
from backstretch.core.safety import KNEE_ACTION, ScreeningAnswer
from backstretch.export.routine_json import routine_as_dict
from backstretch.storage import MemoryRepository

HIP_FLEXOR_ALTERNATIVE = "Standing Hip Flexor (kneeling-free)"


def begin(client: TestClient) -> tuple[str, list[dict[str, Any]]]:
    started = client.post("/api/sessions", json={"routine": "daily-back"})
    assert started.status_code == 201, started.text
    steps = client.get("/api/routines/daily-back/timeline").json()["steps"]
    return started.json()["id"], steps


def holds_of(steps: list[dict[str, Any]], exercise: str) -> list[int]:
    return [s["hold_number"] for s in steps if s["kind"] == "hold" and s["exercise"] == exercise]


def answer_knee(repository: MemoryRepository, clock: FakeClock) -> None:
    repository.add_screening([ScreeningAnswer("screening-knee", "knee", True, clock.now())])


def test_pain_above_5_stops_the_stretch_stores_the_report_and_skips_what_is_left(
    client: TestClient, repository: MemoryRepository
) -> None:
    session_id, steps = begin(client)
    cat_cow = holds_of(steps, "cat-cow")
    first = {"hold_number": cat_cow[0], "completed": True}
    assert client.post(f"/api/sessions/{session_id}/holds", json=first).status_code == 201
    body = {"exercise": "cat-cow", "level": 7, "hold_number": cat_cow[1], "held_seconds": 2.0}
    answer = client.post(f"/api/sessions/{session_id}/pain-report", json=body)
    assert answer.status_code == 201, answer.text
    data = answer.json()
    assert (data["action"], data["advice"]) == ("stop", STOP_STRETCH)
    assert data["skipped_holds"] == cat_cow[1:]
    [report] = repository.pain_reports()
    assert (report.session_id, report.exercise, report.level) == (session_id, "cat-cow", 7)
    assert (report.kind, report.action) == (PainKind.NEITHER, PainAction.STOP)
    # the very words the terminal stores (cli/session_command.py)
    assert (
        report.note == "during cat-cow: pain 7/10, neither; stretch stopped and skipped for today"
    )
    holds = {h.hold_number: h for h in repository.holds(session_id)}
    assert holds[cat_cow[0]].completed  # a hold already done stays done
    assert all(not holds[n].completed for n in cat_cow[1:])
    assert holds[cat_cow[1]].held_seconds == 2.0
    assert all(h.exercise == "cat-cow" for h in holds.values())


def test_pain_of_5_says_ease_off_and_skips_nothing(
    client: TestClient, repository: MemoryRepository
) -> None:
    session_id, _ = begin(client)
    body = {"exercise": "trunk-rotation", "level": 5}
    data = client.post(f"/api/sessions/{session_id}/pain-report", json=body).json()
    assert (data["action"], data["advice"]) == ("ease_off", EASE_OFF)
    assert data["skipped_holds"] == []
    assert repository.holds(session_id) == []
    [report] = repository.pain_reports()
    assert report.action is PainAction.EASE_OFF


@pytest.mark.parametrize(
    ("level", "kind", "action"),
    [
        (0, "neither", "carry_on"),
        (3, "neither", "carry_on"),
        (4, "neither", "ease_off"),
        (6, "neither", "stop"),
        (1, "sharp", "stop"),
        (2, "tingling", "stop"),
        (10, "neither", "stop"),
    ],
)
def test_the_browser_answers_as_the_terminal_rule_does(
    client: TestClient, level: int, kind: str, action: str
) -> None:
    session_id, _ = begin(client)
    body = {"exercise": "childs-pose", "level": level, "kind": kind}
    answer = client.post(f"/api/sessions/{session_id}/pain-report", json=body)
    assert answer.status_code == 201
    assert answer.json()["action"] == action


def test_a_pain_report_needs_a_known_session_stretch_and_level(client: TestClient) -> None:
    session_id, _ = begin(client)
    url = f"/api/sessions/{session_id}/pain-report"
    unknown = client.post(
        "/api/sessions/nope/pain-report", json={"exercise": "cat-cow", "level": 2}
    )
    assert unknown.status_code == 404
    assert client.post(url, json={"exercise": "plank", "level": 2}).status_code == 422
    assert client.post(url, json={"exercise": "cat-cow", "level": 11}).status_code == 422
    bad_kind = {"exercise": "cat-cow", "level": 2, "kind": "dull"}
    assert client.post(url, json=bad_kind).status_code == 422


def test_a_knee_problem_gives_the_browser_the_kneeling_free_alternative(
    client: TestClient, repository: MemoryRepository, clock: FakeClock
) -> None:
    before = client.get("/api/routines/daily-back/timeline").json()
    assert HIP_FLEXOR_ALTERNATIVE not in {e["name"] for e in before["exercises"]}
    answer_knee(repository, clock)
    timeline = client.get("/api/routines/daily-back/timeline").json()
    names = {e["name"] for e in timeline["exercises"]}
    assert HIP_FLEXOR_ALTERNATIVE in names
    assert any(s["exercise_name"] == HIP_FLEXOR_ALTERNATIVE for s in timeline["steps"])
    routine = client.get("/api/routines/daily-back").json()
    childs = next(e for e in routine["exercises"] if e["id"] == "childs-pose")
    assert childs["cautions"][0] == KNEE_CAUTION
    assert HIP_FLEXOR_ALTERNATIVE in client.get("/routines/daily-back").text
    assert HIP_FLEXOR_ALTERNATIVE in client.get("/").text
    started = client.post("/api/sessions", json={"routine": "daily-back"}).json()
    [summary] = repository.summaries()
    assert summary.id == started["id"]
    assert HIP_FLEXOR_ALTERNATIVE in {d.name for d in summary.session.doses}


def test_planned_doses_reach_the_timeline_and_the_holds(
    client: TestClient, repository: MemoryRepository, clock: FakeClock
) -> None:
    seed = client.get("/api/routines/daily-back/timeline").json()
    seed_routine = client.get("/api/routines/daily-back").json()["exercises"]
    seed_holds = holds_of(seed["steps"], "cat-cow")
    repository.set_setting(PROGRESS_SETTING, format_timestamp(clock.now() - timedelta(days=9)))
    hold, reps = next((e["hold_seconds"], e["reps"]) for e in seed_routine if e["id"] == "cat-cow")
    change = DoseChange("change-1", "cat-cow", hold, hold, reps, reps + 1, "settled", clock.now())
    repository.add_dose_changes([change])
    session_id, steps = begin(client)
    planned = holds_of(steps, "cat-cow")
    assert len(planned) // (reps + 1) == len(seed_holds) // reps  # one rep more
    [summary] = repository.summaries()
    dose = next(d for d in summary.session.doses if d.exercise == "cat-cow")
    assert dose.reps == reps + 1
    last_hold = max(s["hold_number"] or 0 for s in steps)
    last = {"hold_number": last_hold, "completed": True}
    assert client.post(f"/api/sessions/{session_id}/holds", json=last).status_code == 201


def test_the_session_page_offers_this_hurts_and_skip_the_rest_with_their_keys(
    client: TestClient,
) -> None:
    page = client.get("/session/daily-back").text
    assert 'data-action="hurt" aria-keyshortcuts="! x">This hurts</button>' in page
    assert 'data-action="skip-stretch" aria-keyshortcuts="s"' in page
    assert "<kbd>!</kbd> or <kbd>x</kbd> this hurts" in page
    assert "<kbd>s</kbd> skip the rest of this stretch" in page
    assert page.count("data-hurt-level=") == 11
    for kind in ("sharp", "tingling", "neither"):
        assert f'data-hurt-kind="{kind}"' in page


def test_the_browser_runs_the_routine_backstretch_start_would_run(
    client: TestClient, repository: MemoryRepository, clock: FakeClock, home: Path
) -> None:
    answer_knee(repository, clock)
    repository.set_setting(PROGRESS_SETTING, format_timestamp(clock.now() - timedelta(days=9)))
    seed = Catalog(home).load("daily-back")
    hip = next(e for e in seed.exercises if e.id == "hip-flexor")
    change = DoseChange(
        "change-1",
        "hip-flexor",
        hip.hold_seconds,
        hip.hold_seconds + 5,
        hip.reps,
        hip.reps,
        "settled",
        clock.now(),
    )
    repository.add_dose_changes([change])
    browser = client.get("/api/routines/daily-back").json()
    said: list[str] = []
    terminal, _ = prepare_routine(
        repository, seed, clock.now(), False, False, said.append, lambda question: None
    )
    assert browser == routine_as_dict(terminal.routine)
    assert KNEE_ACTION in said
    hip_flexor = next(e for e in browser["exercises"] if e["id"] == "hip-flexor")
    assert (hip_flexor["name"], hip_flexor["hold_seconds"]) == (
        HIP_FLEXOR_ALTERNATIVE,
        hip.hold_seconds + 5,
    )


def test_a_pain_report_sent_again_with_the_id_the_page_chose_is_stored_once(
    client: TestClient, repository: MemoryRepository
) -> None:
    session_id, steps = begin(client)
    cat_cow = holds_of(steps, "cat-cow")
    report_id = "0b7e3c1a-5d2f-4e8a-9c6b-1f2e3d4c5b6a"
    body = {"id": report_id, "exercise": "cat-cow", "level": 7, "kind": "sharp"}
    url = f"/api/sessions/{session_id}/pain-report"
    first = client.post(url, json=body)
    again = client.post(url, json=body)
    assert (first.status_code, again.status_code) == (201, 201), again.text
    assert first.json() == again.json()
    assert first.json()["id"] == report_id and first.json()["skipped_holds"] == cat_cow
    assert [r.id for r in repository.pain_reports()] == [report_id]
