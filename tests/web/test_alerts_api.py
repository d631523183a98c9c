"""The clinician's alerts over the API: a person's in-session pain report of 7 reaches the
clinician they share with and no other; acknowledging marks it; each read is logged."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from backstretch.core.settings import NO_SESSION_DAYS
from tests.web import test_sharing
from tests.web.accounts import BASE_URL, Server
from tests.web.test_accounts_walls import begin

either = test_sharing.either  # the fixture: a server in memory and on PostgreSQL


def clinic(server: Server) -> tuple[TestClient, TestClient, TestClient]:
    """ada (a person sharing with kim) who reports pain of 7 during cat-cow; kim and nia
    (clinicians; nia is not shared with), signed in."""
    server.add("ada")
    for clinician in ("kim", "nia"):
        server.add(clinician, "clinician")
    ada = server.signed_in("ada")
    assert ada.post("/api/sharing", json={"clinician": "kim"}).status_code == 201
    session_id = begin(ada)
    report = {"exercise": "cat-cow", "level": 7}
    answer = ada.post(f"/api/sessions/{session_id}/pain-report", json=report)
    assert answer.status_code == 201, answer.text
    server.clock.advance(60)
    return ada, server.signed_in("kim", "10.0.0.2"), server.signed_in("nia", "10.0.0.3")


def acknowledge(browser: TestClient, path: str) -> Any:
    return browser.post(path, headers={"Origin": BASE_URL})  # as from our own page


def test_a_pain_report_of_7_is_an_alert_to_the_clinician_shared_with_and_to_no_other(
    either: Server,
) -> None:
    ada, kim, nia = clinic(either)
    answer = kim.get("/api/alerts")
    assert answer.status_code == 200, answer.text
    (alert,) = answer.json()
    assert alert["person"] == "ada"
    assert (alert["kind"], alert["severity"]) == ("pain_stopped_stretch", "critical")
    assert (
        alert["words"]
        == "Pain 7/10 (neither sharp nor tingling) during cat-cow stopped the stretch."
    )
    assert alert["acknowledged"] is False
    assert nia.get("/api/alerts").json() == []
    assert ada.get("/api/alerts").json() == []  # no one shares with ada
    assert [e["reader"] for e in ada.get("/api/access-log").json() if e["what"] == "alerts"] == [
        "kim"
    ]


def test_acknowledging_an_alert_marks_it_for_that_clinician_and_keeps_the_first_time(
    either: Server,
) -> None:
    _, kim, nia = clinic(either)
    alert_id = kim.get("/api/alerts").json()[0]["id"]
    assert acknowledge(nia, f"/api/alerts/{alert_id}/acknowledge").status_code == 404
    first = acknowledge(kim, f"/api/alerts/{alert_id}/acknowledge")
    assert first.status_code == 200, first.text
    assert first.json()["acknowledged"] is True
    either.clock.advance(600)
    again = acknowledge(kim, f"/api/alerts/{alert_id}/acknowledge").json()
    assert again["acknowledged_at"] == first.json()["acknowledged_at"]
    assert kim.get("/api/alerts").json()[0]["acknowledged"] is True


def test_an_unknown_alert_id_is_answered_404_with_what_to_do(accounts_server: Server) -> None:
    _, kim, _ = clinic(accounts_server)
    answer = acknowledge(kim, "/api/alerts/pain-report:nothing/acknowledge")
    assert answer.status_code == 404
    assert answer.json() == {
        "error": "no alert has the id 'pain-report:nothing' among the people who share with "
        "you (see GET /api/alerts for the current ones)"
    }


def test_a_revoked_share_takes_the_alerts_away(accounts_server: Server) -> None:
    ada, kim, _ = clinic(accounts_server)
    assert ada.delete("/api/sharing/kim", headers={"Origin": BASE_URL}).status_code == 200
    assert kim.get("/api/alerts").json() == []


def test_the_days_without_a_session_are_the_clinicians_setting(accounts_server: Server) -> None:
    _, kim, _ = clinic(accounts_server)
    accounts_server.clock.advance(2 * 86400)
    assert [a["kind"] for a in kim.get("/api/alerts").json()] == ["pain_stopped_stretch"]
    accounts_server.records("kim").set_setting(NO_SESSION_DAYS, "2")
    kinds = [a["kind"] for a in kim.get("/api/alerts").json()]
    assert kinds == ["no_session", "pain_stopped_stretch"]
