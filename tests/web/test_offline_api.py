"""What the offline app relies on from the server: a begin with the page's own id is stored
once however often it is sent, and the service worker and manifest are served."""

from __future__ import annotations

from starlette.testclient import TestClient

from backstretch.storage import MemoryRepository

CHOSEN = "0b7c6d2e-5f4a-4c3b-9a8d-7e6f5a4b3c2d"


def test_a_begin_sent_twice_with_the_pages_id_stores_one_session(
    client: TestClient, repository: MemoryRepository
) -> None:
    first = client.post("/api/sessions", json={"id": CHOSEN, "pain_before": 3})
    again = client.post("/api/sessions", json={"id": CHOSEN, "pain_before": 3})

    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"] == CHOSEN
    assert again.json()["timeline"]["steps"] == first.json()["timeline"]["steps"]
    assert [s.id for s in repository.summaries()] == [CHOSEN]
    assert [r.level for r in repository.pain_ratings()] == [3]


def test_an_id_that_is_not_a_uuid_is_refused_naming_the_field(client: TestClient) -> None:
    answer = client.post("/api/sessions", json={"id": "../../etc"})

    assert answer.status_code == 422
    assert "id" in answer.json()["error"]


def test_the_service_worker_is_served_from_the_root_with_this_versions_cache(
    client: TestClient,
) -> None:
    script = client.get("/sw.js")

    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert (
        "__VERSION__" not in script.text and "const CACHE = `backstretch-${VERSION}`" in script.text
    )
