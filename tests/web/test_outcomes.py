"""The questionnaires in the browser: the API scores as the terminal does, the page offers
every item as radio buttons, and the history page shows the scores over time."""

from __future__ import annotations

from datetime import timedelta

from starlette.testclient import TestClient

from backstretch.core.clock import FakeClock
from backstretch.storage import MemoryRepository

ALL_AGREED = [1, 1, 1, 1, 1, 1, 1, 1, 4]


def test_posting_startback_answers_gives_the_score_the_group_and_what_it_means(
    client: TestClient, repository: MemoryRepository
) -> None:
    answered = client.post("/api/outcomes/startback", json={"answers": ALL_AGREED})
    assert answered.status_code == 201, answered.text
    data = answered.json()
    assert (data["score"], data["subscale"], data["risk"]) == (9, 5, "high")
    assert "talk to a clinician" in data["meaning"]
    assert [r.score for r in repository.questionnaire_responses()] == [9]


def test_posting_peg_answers_gives_the_mean_to_one_decimal(client: TestClient) -> None:
    data = client.post("/api/outcomes/peg", json={"answers": [5, 6, 5]}).json()
    assert (data["score"], data["score_text"], data["risk"]) == (5.3, "5.3", None)


def test_an_answer_an_item_does_not_offer_is_422_with_the_terminals_words_and_stores_nothing(
    client: TestClient, repository: MemoryRepository
) -> None:
    refused = client.post("/api/outcomes/startback", json={"answers": [*ALL_AGREED[:8], 5]})
    assert refused.status_code == 422
    assert refused.json()["error"] == (
        "startback, item 9: the answer must be 0 (Not at all), 1 (Slightly), 2 (Moderately), "
        "3 (Very much), 4 (Extremely) (got 5)"
    )
    assert repository.questionnaire_responses() == []


def test_an_unknown_questionnaire_is_422_naming_the_known_ones(client: TestClient) -> None:
    refused = client.post("/api/outcomes/oswestry", json={"answers": [1]})
    assert refused.status_code == 422
    assert "questionnaire must be one of startback, peg (got 'oswestry')" in refused.json()["error"]


def test_the_list_says_what_is_due_and_gives_every_response(
    client: TestClient, clock: FakeClock
) -> None:
    assert client.get("/api/outcomes").json()["due"] == ["startback", "peg"]
    client.post("/api/outcomes/peg", json={"answers": [5, 6, 5]})
    listed = client.get("/api/outcomes").json()
    assert listed["due"] == ["startback"]
    assert [(r["questionnaire"], r["score"]) for r in listed["responses"]] == [("peg", 5.3)]
    clock.advance(timedelta(days=14).total_seconds())
    assert client.get("/api/outcomes").json()["due"] == ["startback", "peg"]


def test_the_page_offers_every_item_as_radio_buttons_and_credits_keele(client: TestClient) -> None:
    page = client.get("/outcomes")
    assert page.status_code == 200
    text = page.text
    assert text.count('type="radio" name="item-') == 8 * 2 + 5 + 3 * 11
    assert "Overall, how bothersome has your back pain been in the last 2 weeks?" in text
    assert "Keele University (free for non-commercial use)" in text
    assert "/static/outcomes.js" in text


def test_the_history_page_shows_the_scores_over_time(client: TestClient) -> None:
    assert "No questionnaire answered yet" in client.get("/history").text
    client.post("/api/outcomes/startback", json={"answers": ALL_AGREED})
    history = client.get("/history").text
    assert "STarT Back" in history and "9 of 9" in history and "high risk" in history


def test_today_says_which_questionnaires_are_due_and_links_to_them(client: TestClient) -> None:
    page = client.get("/").text
    assert "Due today: the Keele STarT Back Screening Tool and PEG pain scale" in page
    assert 'href="/outcomes"' in page
    client.post("/api/outcomes/startback", json={"answers": ALL_AGREED})
    client.post("/api/outcomes/peg", json={"answers": [5, 6, 5]})
    assert "Due today" not in client.get("/").text
    assert 'href="/outcomes"' in client.get("/history").text
