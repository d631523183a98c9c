"""Safe on one machine: Host checks, same-origin writes, strict headers."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from backstretch.web.settings import WebSettings, split_host
from tests.web.conftest import BASE_URL, PORT

PAGES = ["/", "/routines", "/routines/daily-back", "/session/daily-back", "/history"]


@pytest.mark.parametrize("path", [*PAGES, "/api/routines", "/static/app.css", "/nope"])
def test_every_answer_carries_the_security_headers(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    policy = headers["content-security-policy"]
    assert "default-src 'none'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    # WebAssembly for the camera check's pose model, and no other code made from strings
    assert "'wasm-unsafe-eval'" in policy and "'unsafe-eval'" not in policy
    assert headers["permissions-policy"] == "camera=(self), microphone=(), geolocation=()"
    assert "frame-ancestors 'none'" in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:8765", "127.0.0.1:9999", "localhost.evil.example:8765"]
)
def test_a_foreign_host_header_is_refused(client: TestClient, host: str) -> None:
    answer = client.get("/api/routines", headers={"host": host})
    assert answer.status_code == 421
    assert "Host" in answer.json()["error"]


@pytest.mark.parametrize("host", [f"localhost:{PORT}", f"127.0.0.1:{PORT}", f"[::1]:{PORT}"])
def test_loopback_names_of_the_served_port_are_accepted(client: TestClient, host: str) -> None:
    assert client.get("/api/routines", headers={"host": host}).status_code == 200


def test_a_cross_origin_post_is_refused(client: TestClient) -> None:
    answer = client.post("/api/pain", json={"level": 3}, headers={"origin": "http://evil.example"})
    assert answer.status_code == 403
    assert answer.json()["error"]


def test_a_cross_site_referer_without_origin_is_refused(client: TestClient) -> None:
    answer = client.post(
        "/api/pain", json={"level": 3}, headers={"referer": "http://evil.example/page"}
    )
    assert answer.status_code == 403


def test_an_opaque_origin_is_refused(client: TestClient) -> None:
    answer = client.post("/api/pain", json={"level": 3}, headers={"origin": "null"})
    assert answer.status_code == 403


def test_a_form_post_without_origin_is_refused(client: TestClient) -> None:
    answer = client.post(
        "/api/pain",
        content=b'{"level": 3}',
        headers={"content-type": "text/plain"},
    )
    assert answer.status_code == 403


def test_a_same_origin_post_is_accepted(client: TestClient) -> None:
    for header in ({"origin": BASE_URL}, {"referer": f"{BASE_URL}/"}):
        answer = client.post("/api/pain", json={"level": 3}, headers=header)
        assert answer.status_code == 201, answer.text


def test_the_interactive_docs_that_need_a_cdn_are_not_served(client: TestClient) -> None:
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404


def test_host_names_are_split_with_their_port() -> None:
    assert split_host("127.0.0.1:8765") == ("127.0.0.1", 8765)
    assert split_host("[::1]:80") == ("[::1]", 80)
    assert split_host("LocalHost") == ("localhost", 80)
    assert split_host("host:abc") == ("host", None)


def test_a_wildcard_bind_accepts_only_loopback_and_named_hosts() -> None:
    settings = WebSettings(host="0.0.0.0", port=80, extra_hosts=frozenset({"mat.lan"}))
    assert settings.allows("mat.lan")
    assert settings.allows("localhost")
    assert not settings.allows("0.0.0.0")
    assert not settings.allows("evil.example")


HEALTH_DATA = [
    *PAGES,
    "/routines",
    "/api/routines",
    "/api/routines/daily-back",
    "/api/routines/daily-back/timeline",
    "/api/sessions",
    "/api/stats",
]


@pytest.mark.parametrize("path", HEALTH_DATA)
def test_answers_with_health_data_are_never_stored_in_a_cache(
    client: TestClient, path: str
) -> None:
    answer = client.get(path)
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "no-store"


def test_error_answers_are_never_stored_in_a_cache(client: TestClient) -> None:
    assert client.get("/api/sessions/missing").headers["cache-control"] == "no-store"
    assert client.get("/", headers={"host": "evil.example"}).headers["cache-control"] == "no-store"


def test_the_static_files_may_be_kept_by_the_browser(client: TestClient) -> None:
    assert "no-store" not in client.get("/static/app.css").headers.get("cache-control", "")


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("TRACE", "/api/pain", "GET, POST"),
        ("TRACE", "/", "GET"),
        ("DELETE", "/api/pain", "GET, POST"),
        ("PUT", "/api/sessions", "GET, POST"),
        ("TRACE", "/static/app.css", "GET, HEAD"),
    ],
)
def test_a_method_a_path_does_not_take_is_405_and_says_which_it_takes(
    client: TestClient, method: str, path: str, allowed: str
) -> None:
    answer = client.request(method, path, headers={"content-type": "application/json"})
    assert answer.status_code == 405, answer.text
    assert sorted(answer.headers["allow"].split(", ")) == sorted(allowed.split(", "))


def test_trace_is_405_not_a_cross_site_refusal(client: TestClient) -> None:
    answer = client.request("TRACE", "/api/pain")
    assert answer.status_code == 405
    assert "cross-site" not in answer.text
