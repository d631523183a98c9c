"""The progress report PDF in the browser: the person's own, and a sharing clinician's (logged,
and answered as for a stranger when not shared)."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tests.export.test_handout import pages_text
from tests.web.accounts import Server
from tests.web.test_accounts_walls import begin
from tests.web.test_sharing import clinic


def report_text(answer: Any) -> str:
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    return " ".join(pages_text(answer.content))


def test_the_local_person_gets_their_report_of_the_days_asked_for(client: TestClient) -> None:
    begin(client)
    text = report_text(client.get("/api/report.pdf?days=7"))
    assert "Progress report Of you" in text and "(7 days)" in text
    assert "1 session in the period" in text


def test_a_bad_number_of_days_is_answered_400_with_what_is_allowed(client: TestClient) -> None:
    answer = client.get("/api/report.pdf?days=0")
    assert answer.status_code == 400
    assert "a whole number of days from 1 to 366 (got '0')" in answer.json()["error"]


def test_the_history_page_links_to_the_report(client: TestClient) -> None:
    assert 'href="/api/report.pdf?days=28"' in client.get("/history").text


def test_a_clinician_reads_a_sharing_persons_report_and_the_read_is_logged(
    accounts_server: Server,
) -> None:
    ada, kim = clinic(accounts_server)
    assert kim.get("/api/people/ada/report.pdf").status_code == 404
    ada.post("/api/sharing", json={"clinician": "kim"})
    text = report_text(kim.get("/api/people/ada/report.pdf"))
    assert "Of ada" in text and "1 session in the period" in text
    log = ada.get("/api/access-log").json()
    assert [(e["reader"], e["what"]) for e in log] == [("kim", "progress report")]
    assert 'href="/api/people/ada/report.pdf?days=28"' in kim.get("/people/ada").text
    assert "Of ada" in report_text(ada.get("/api/report.pdf"))
