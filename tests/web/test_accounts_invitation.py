"""Invitation links in the browser: the page, choosing a password, once, for 72 hours."""

from __future__ import annotations

from datetime import timedelta

from tests.web.accounts import PASSWORD, Server


def invited(accounts_server: Server) -> str:
    """The token of ada's invitation, ada having just been added."""
    accounts_server.reception.add("ada")
    return accounts_server.reception.invite("ada")


def test_the_invitation_page_names_the_person_and_states_the_rules(
    accounts_server: Server,
) -> None:
    token = invited(accounts_server)
    page = accounts_server.client().get(f"/invite/{token}")
    assert page.status_code == 200
    assert "Welcome, ada" in page.text
    assert "At least 10 characters, and not one of the most common" in page.text
    assert page.text.count('autocomplete="new-password"') == 2


def test_an_invitation_sets_the_password_signs_in_and_works_once(
    accounts_server: Server,
) -> None:
    token = invited(accounts_server)
    browser = accounts_server.client()
    answer = browser.post("/api/invitation", json={"token": token, "password": PASSWORD})
    assert answer.status_code == 204
    assert browser.get("/api/me").json()["username"] == "ada"
    again = accounts_server.client().post(
        "/api/invitation", json={"token": token, "password": "another good phrase"}
    )
    assert again.status_code == 410
    assert "expired or was already used" in again.json()["error"]
    page = accounts_server.client().get(f"/invite/{token}")
    assert page.status_code == 410
    assert "Ask whoever runs this server for a new one" in page.text


def test_a_refused_password_is_said_in_words_and_the_link_still_works(
    accounts_server: Server,
) -> None:
    token = invited(accounts_server)
    browser = accounts_server.client()
    short = browser.post("/api/invitation", json={"token": token, "password": "short"})
    assert short.status_code == 422
    assert short.json()["error"].startswith("the password is 5 characters long")
    common = browser.post("/api/invitation", json={"token": token, "password": "1234567890"})
    assert "among the most common ones" in common.json()["error"]
    assert browser.post("/api/invitation", json={"token": token, "password": PASSWORD}).is_success


def test_an_invitation_expires_after_72_hours(accounts_server: Server) -> None:
    token = invited(accounts_server)
    accounts_server.clock.advance(timedelta(hours=71, minutes=59).total_seconds())
    assert accounts_server.client().get(f"/invite/{token}").status_code == 200
    accounts_server.clock.advance(60)
    browser = accounts_server.client()
    assert browser.get(f"/invite/{token}").status_code == 410
    answer = browser.post("/api/invitation", json={"token": token, "password": PASSWORD})
    assert answer.status_code == 410


def test_a_new_invitation_replaces_the_earlier_one(accounts_server: Server) -> None:
    accounts_server.reception.add("ada")
    first = accounts_server.reception.invite("ada")
    second = accounts_server.reception.invite("ada")
    browser = accounts_server.client()
    assert (
        browser.post("/api/invitation", json={"token": first, "password": PASSWORD}).status_code
        == 410
    )
    assert (
        browser.post("/api/invitation", json={"token": second, "password": PASSWORD}).status_code
        == 204
    )
