"""Bad input gets a 4xx answer with {"error": ...}, never a 500."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient


def new_session(client: TestClient) -> str:
    session_id: str = client.post("/api/sessions", json={}).json()["id"]
    return session_id


@pytest.mark.parametrize(
    "body",
    [
        {"level": 11},
        {"level": -1},
        {"level": "5"},
        {"level": 4.5},
        {"level": None},
        {},
        {"level": 3, "context": "sometimes"},
        {"level": 3, "extra": True},
        {"level": 3, "note": "x" * 501},
        [],
    ],
)
def test_a_bad_pain_rating_is_refused_with_422(client: TestClient, body: object) -> None:
    answer = client.post("/api/pain", json=body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]


def test_malformed_json_is_refused_with_422(client: TestClient) -> None:
    answer = client.post(
        "/api/pain", content=b"{level: 3", headers={"content-type": "application/json"}
    )
    assert answer.status_code == 422
    assert "error" in answer.json()


def test_an_unknown_routine_is_404(client: TestClient) -> None:
    for answer in (
        client.get("/api/routines/nope"),
        client.get("/api/routines/nope/timeline"),
        client.post("/api/sessions", json={"routine": "nope"}),
    ):
        assert answer.status_code == 404, answer.text
        assert "no routine called 'nope'" in answer.json()["error"]


def test_a_routine_id_is_never_read_as_a_path(client: TestClient) -> None:
    answer = client.post("/api/sessions", json={"routine": "../../etc/passwd"})
    assert answer.status_code == 422
    assert client.get("/api/routines/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_an_unknown_session_is_404(client: TestClient) -> None:
    answer = client.post("/api/sessions/missing/holds", json={"hold_number": 1, "completed": True})
    assert answer.status_code == 404
    assert client.get("/api/sessions/missing").status_code == 404
    finish = client.post("/api/sessions/missing/finish", json={"status": "completed"})
    assert finish.status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {"hold_number": 100_000, "completed": True},
        {"hold_number": 0, "completed": True},
        {"hold_number": "1", "completed": True},
        {"hold_number": 1, "completed": "yes"},
        {"hold_number": 1, "completed": True, "held_seconds": -1},
        {"hold_number": 1},
    ],
)
def test_a_bad_hold_is_refused_with_422(client: TestClient, body: dict[str, object]) -> None:
    answer = client.post(f"/api/sessions/{new_session(client)}/holds", json=body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]


@pytest.mark.parametrize(
    "body",
    [{"status": "in_progress"}, {"status": "done"}, {"status": "completed", "pain_after": 11}],
)
def test_a_bad_finish_is_refused_with_422(client: TestClient, body: dict[str, object]) -> None:
    answer = client.post(f"/api/sessions/{new_session(client)}/finish", json=body)
    assert answer.status_code == 422, answer.text


def test_a_bad_session_start_is_refused(client: TestClient) -> None:
    for body in ({"speed": 0}, {"speed": "fast"}, {"pain_before": 12}, {"routine": 7}):
        answer = client.post("/api/sessions", json=body)
        assert answer.status_code == 422, (body, answer.text)


def test_bad_query_values_are_refused(client: TestClient) -> None:
    assert client.get("/api/stats?days=0").status_code == 422
    assert client.get("/api/sessions?limit=lots").status_code == 422


def test_a_huge_body_is_refused_with_413(client: TestClient) -> None:
    note = "x" * 200_000
    answer = client.post("/api/pain", json={"level": 3, "note": note})
    assert answer.status_code == 413
    assert answer.json()["error"]


def test_a_huge_streamed_body_is_refused_with_413(client: TestClient) -> None:
    def chunks() -> object:
        for _ in range(100):
            yield b"x" * 4096

    answer = client.post(
        "/api/pain", content=chunks(), headers={"content-type": "application/json"}
    )
    assert answer.status_code == 413


def test_an_unknown_api_path_answers_json(client: TestClient) -> None:
    answer = client.get("/api/nothing-here")
    assert answer.status_code == 404
    assert answer.json() == {"error": "Not Found"}


def test_a_wrong_method_answers_405_json(client: TestClient) -> None:
    answer = client.request("DELETE", "/api/pain", json={})
    assert answer.status_code == 405
    assert answer.json()["error"]


def test_a_whole_number_written_as_2_0_is_accepted_for_whole_number_fields(
    client: TestClient,
) -> None:
    rating = client.post("/api/pain", json={"level": 3.0})
    assert rating.status_code == 201, rating.text
    assert rating.json()["level"] == 3
    started = client.post("/api/sessions", json={"pain_before": 4.0})
    assert started.status_code == 201, started.text
    session_id = started.json()["id"]
    hold = client.post(
        f"/api/sessions/{session_id}/holds", json={"hold_number": 2.0, "completed": True}
    )
    assert hold.status_code == 201, hold.text
    assert hold.json()["hold_number"] == 2
    report = client.post(
        f"/api/sessions/{session_id}/pain-report",
        json={"exercise": "trunk-rotation", "level": 2.0, "hold_number": 3.0},
    )
    assert report.status_code == 201, report.text
    finish = client.post(
        f"/api/sessions/{session_id}/finish", json={"status": "partial", "pain_after": 2.0}
    )
    assert finish.json()["pain_after"] == 2
    [session] = client.get("/api/sessions").json()
    assert (session["pain_before"], session["pain_after"]) == (4, 2)


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/pain", {"level": 2.5}, "level"),
        ("/api/pain", {"level": "2"}, "level"),
        ("/api/pain", {"level": True}, "level"),
        ("/api/sessions", {"pain_before": 4.5}, "pain_before"),
    ],
)
def test_a_number_that_is_not_whole_is_refused_naming_the_field(
    client: TestClient, path: str, body: dict[str, object], field: str
) -> None:
    answer = client.post(path, json=body)
    assert answer.status_code == 422, answer.text
    message = answer.json()["error"]
    assert f"{field}: must be a whole number" in message
    assert repr(next(iter(body.values()))) in message


def test_a_hold_number_that_is_not_whole_is_refused_naming_the_field(client: TestClient) -> None:
    answer = client.post(
        f"/api/sessions/{new_session(client)}/holds", json={"hold_number": 1.5, "completed": True}
    )
    assert answer.status_code == 422
    assert "hold_number: must be a whole number (got 1.5)" in answer.json()["error"]
