"""The clinician's follow-up pages: /people lists those needing attention first, with their
figures; /people/NAME shows the alerts with a "Seen" button, charts and the questionnaires."""

from __future__ import annotations

from starlette.testclient import TestClient

from tests.web.accounts import BASE_URL, Server
from tests.web.test_accounts_walls import begin


def clinic(server: Server) -> TestClient:
    """ada, ben and cyd share with kim; only ben reported pain of 8 during a stretch."""
    server.add("kim", "clinician")
    for username in ("ada", "ben", "cyd"):
        server.add(username)
        browser = server.signed_in(username)
        assert browser.post("/api/sharing", json={"clinician": "kim"}).status_code == 201
        session_id = begin(browser)
        if username == "ben":
            report = {"exercise": "hamstring", "level": 8}
            answer = browser.post(f"/api/sessions/{session_id}/pain-report", json=report)
            assert answer.status_code == 201, answer.text
    server.clock.advance(60)
    return server.signed_in("kim", "10.0.0.9")


def test_the_people_page_lists_those_needing_attention_first(accounts_server: Server) -> None:
    kim = clinic(accounts_server)
    page = kim.get("/people")
    assert page.status_code == 200, page.text
    text = page.text
    assert text.index('data-person="ben"') < text.index('data-person="ada"')
    assert text.index('data-person="ada"') < text.index('data-person="cyd"')
    assert "1 new alert · critical" in text
    assert "Pain 8/10 (neither sharp nor tingling) during hamstring stopped the stretch." in text
    assert "1 of 7" in text  # sessions in the last 7 days against the daily prescription


def test_seen_on_the_person_page_acknowledges_the_alert(accounts_server: Server) -> None:
    kim = clinic(accounts_server)
    page = kim.get("/people/ben")
    assert page.status_code == 200, page.text
    assert "Sessions per week" in page.text and "Pain before and after each session" in page.text
    assert "Completion per stretch" in page.text and "Questionnaires" in page.text
    alert_id = kim.get("/api/alerts").json()[0]["id"]
    answer = kim.post(
        f"/people/ben/alerts/{alert_id}/acknowledge",
        headers={"Origin": BASE_URL},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert kim.get("/api/alerts").json()[0]["acknowledged"] is True
    assert "no new alerts" in kim.get("/people").text.split('data-person="ben"')[1]


def test_the_person_page_of_someone_not_sharing_answers_404(accounts_server: Server) -> None:
    kim = clinic(accounts_server)
    accounts_server.add("dee")
    assert kim.get("/people/dee").status_code == 404
