"""Signing in to a server with accounts on: the cookie, /api/me, signing out, what is open
without a sign-in, and throttling (TestClient over MemoryAccounts, on a FakeClock)."""

from __future__ import annotations

from datetime import timedelta

from tests.web.accounts import PASSWORD, Server

WRONG = {"error": "the username or the password is wrong"}


def cookie_of(answer_headers: list[str]) -> str:
    (found,) = [value for value in answer_headers if value.startswith("backstretch_session=")]
    return found


def test_signing_in_answers_204_with_an_http_only_same_site_cookie(
    accounts_server: Server,
) -> None:
    accounts_server.add("ada")
    browser = accounts_server.client()
    answer = browser.post("/api/login", json={"username": "ada", "password": PASSWORD})
    assert answer.status_code == 204
    cookie = cookie_of(answer.headers.get_list("set-cookie"))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Path=/" in cookie
    assert "Secure" not in cookie  # plain HTTP on 127.0.0.1: a Secure cookie would not be sent


def test_the_cookie_is_secure_when_the_request_came_over_https(accounts_server: Server) -> None:
    accounts_server.add("ada")
    browser = accounts_server.client(base_url="https://127.0.0.1:8765")
    answer = browser.post("/api/login", json={"username": "ada", "password": PASSWORD})
    assert answer.status_code == 204
    assert "; Secure" in cookie_of(answer.headers.get_list("set-cookie"))


def test_me_names_the_signed_in_account(accounts_server: Server) -> None:
    accounts_server.reception.add("ada", "clinician", "Europe/London")
    accounts_server.reception.set_password("ada", PASSWORD)
    me = accounts_server.signed_in("ada").get("/api/me")
    assert me.json() == {"username": "ada", "role": "clinician", "time_zone": "Europe/London"}


def test_a_wrong_password_and_an_unknown_username_answer_401_alike(
    accounts_server: Server,
) -> None:
    accounts_server.add("ada")
    browser = accounts_server.client()
    for username, password in (("ada", "not the password"), ("nobody", PASSWORD)):
        answer = browser.post("/api/login", json={"username": username, "password": password})
        assert (answer.status_code, answer.json()) == (401, WRONG)
        assert "set-cookie" not in answer.headers


def test_signing_out_ends_the_sign_in_and_clears_the_cache(accounts_server: Server) -> None:
    accounts_server.add("ada")
    browser = accounts_server.signed_in("ada")
    answer = browser.post("/api/logout", json={})
    assert answer.status_code == 204
    assert answer.headers["clear-site-data"] == '"cache"'
    assert "Max-Age=0" in cookie_of(answer.headers.get_list("set-cookie"))
    assert browser.get("/api/me").status_code == 401


def test_a_kept_cookie_no_longer_works_after_signing_out(accounts_server: Server) -> None:
    accounts_server.add("ada")
    browser = accounts_server.signed_in("ada")
    kept = dict(browser.cookies)
    browser.post("/api/logout", json={})
    thief = accounts_server.client()
    thief.cookies.update(kept)
    assert thief.get("/api/sessions").status_code == 401


def test_without_a_sign_in_the_api_answers_401_and_pages_go_to_login(
    accounts_server: Server,
) -> None:
    browser = accounts_server.client()
    for path in ("/api/sessions", "/api/stats", "/api/routines", "/api/me"):
        answer = browser.get(path)
        assert answer.status_code == 401, path
        assert answer.json()["error"].startswith("sign in first")
    assert browser.post("/api/pain", json={"level": 3}).status_code == 401
    for path, back in (("/", "%2F"), ("/history", "%2Fhistory"), ("/session/daily-back?x=1", "")):
        answer = browser.get(path, follow_redirects=False)
        assert answer.status_code == 303, path
        assert answer.headers["location"].startswith(f"/login?next={back}")


def test_login_invitation_health_and_static_files_need_no_sign_in(
    accounts_server: Server,
) -> None:
    browser = accounts_server.client()
    assert browser.get("/healthz").json() == {"ok": True}
    for path in ("/login", "/static/app.css", "/sw.js", "/manifest.webmanifest"):
        assert browser.get(path).status_code == 200, path
    assert browser.get("/invite/not-a-link").status_code == 410


def test_after_signing_in_the_login_page_sends_back_only_to_a_local_path(
    accounts_server: Server,
) -> None:
    accounts_server.add("ada")
    browser = accounts_server.signed_in("ada")
    for wanted, expected in (
        ("/history", "/history"),
        ("//evil.example/", "/"),
        ("https://x.y/", "/"),
    ):
        answer = browser.get(f"/login?next={wanted}", follow_redirects=False)
        assert answer.headers["location"] == expected


def test_the_login_page_asks_for_a_username_and_a_password(accounts_server: Server) -> None:
    page = accounts_server.client().get("/login?next=/history").text
    assert 'autocomplete="username"' in page
    assert 'autocomplete="current-password"' in page
    assert 'data-next="/history"' in page
    assert "data-sign-out" not in page


def test_every_page_offers_to_sign_out_when_signed_in(accounts_server: Server) -> None:
    accounts_server.add("ada")
    browser = accounts_server.signed_in("ada")
    for path in ("/", "/routines", "/history", "/session/daily-back", "/device"):
        page = browser.get(path)
        assert page.status_code == 200, path
        assert "data-sign-out" in page.text, path
        assert "/static/signout.js" in page.text


def test_a_page_seen_renews_the_cookie_for_thirty_days(accounts_server: Server) -> None:
    accounts_server.add("ada")
    browser = accounts_server.signed_in("ada")
    accounts_server.clock.advance(timedelta(days=20).total_seconds())
    renewed = cookie_of(browser.get("/").headers.get_list("set-cookie"))
    assert f"Max-Age={30 * 24 * 3600}" in renewed


def test_ten_failures_for_one_username_answer_429_until_fifteen_minutes_pass(
    accounts_server: Server,
) -> None:
    accounts_server.add("ada")
    for attempt in range(10):
        browser = accounts_server.client(f"10.0.1.{attempt}")
        answer = browser.post("/api/login", json={"username": "ada", "password": "guess"})
        assert answer.status_code == 401
    later = accounts_server.client("10.0.2.1")
    answer = later.post("/api/login", json={"username": "ada", "password": PASSWORD})
    assert answer.status_code == 429
    assert answer.headers["retry-after"] == str(15 * 60)
    assert answer.json()["error"] == "too many failed sign-ins: retry in 15 minutes"
    accounts_server.clock.advance(timedelta(minutes=15).total_seconds())
    answer = later.post("/api/login", json={"username": "ada", "password": PASSWORD})
    assert answer.status_code == 204


def test_ten_failures_from_one_address_answer_429_for_every_username(
    accounts_server: Server,
) -> None:
    accounts_server.add("ada")
    guesser = accounts_server.client("10.0.3.3")
    for attempt in range(10):
        guesser.post("/api/login", json={"username": f"guess{attempt}", "password": PASSWORD})
    answer = guesser.post("/api/login", json={"username": "ada", "password": PASSWORD})
    assert answer.status_code == 429
    assert int(answer.headers["retry-after"]) == 15 * 60
    elsewhere = accounts_server.client("10.0.3.4")
    assert (
        elsewhere.post("/api/login", json={"username": "ada", "password": PASSWORD}).status_code
        == 204
    )


def test_a_disabled_account_is_signed_out_and_cannot_sign_in(accounts_server: Server) -> None:
    accounts_server.add("ada")
    browser = accounts_server.signed_in("ada")
    accounts_server.reception.disable("ada")
    assert browser.get("/api/me").status_code == 401
    answer = browser.post("/api/login", json={"username": "ada", "password": PASSWORD})
    assert answer.status_code == 403
    assert "disabled" in answer.json()["error"]
