"""Signing in through the page on a phone-sized screen (Playwright, Debian's Chromium), against
a live server with accounts on over MemoryAccounts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Dialog, Page, expect

from backstretch.web.security import Guard
from tests.web.accounts import PASSWORD, Server
from tests.web.conftest import live_server
from tests.web.test_browser import (  # noqa: F401 - fixtures used by name
    SCREENSHOTS,
    browser_type_launch_args,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def shared(home: Path) -> Iterator[tuple[Server, str]]:
    """(the server, its address): accounts on, ada with a password."""
    made: list[Server] = []

    def make_app(port: int) -> Guard:
        made.append(Server(home, port))
        made[0].add("ada")
        return made[0].app

    with live_server(make_app) as port:
        yield made[0], f"http://127.0.0.1:{port}"


def sign_in(page: Page, url: str) -> None:
    page.goto(f"{url}/login")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def test_signing_in_on_a_phone_shows_todays_routine_and_signing_out_returns_to_login(
    page: Page, shared: tuple[Server, str]
) -> None:
    _, url = shared
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{url}/history")
    expect(page).to_have_url(f"{url}/login?next=%2Fhistory")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("The username or the password is wrong.")
    page.screenshot(path=SCREENSHOTS / "login-390x844.png", full_page=True)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{url}/history")
    page.get_by_role("link", name="Today").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Today: Daily back stretches")
    expect(page.get_by_role("link", name="Start the session")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide on a 390 px screen"
    page.screenshot(path=SCREENSHOTS / "today-signed-in-390x844.png", full_page=True)
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{url}/login")
    page.goto(f"{url}/")
    expect(page).to_have_url(f"{url}/login?next=%2F")


def test_signing_out_with_records_unsent_asks_first_saying_how_many(
    page: Page, shared: tuple[Server, str]
) -> None:
    _, url = shared
    sign_in(page, url)
    page.route("**/api/pain", lambda route: route.abort())  # the server is away for these
    waiting = [{"url": "/api/pain", "body": {"level": 3}}] * 2
    page.evaluate(
        "(kept) => localStorage.setItem('backstretch.pending', kept)", json.dumps(waiting)
    )
    page.reload()
    questions: list[str] = []

    def answer(dialog: Dialog) -> None:
        questions.append(dialog.message)
        if len(questions) == 1:
            dialog.dismiss()
        else:
            dialog.accept()

    page.on("dialog", answer)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_enabled()
    assert questions[0].startswith("2 records of your session are not sent yet")
    assert page.url == f"{url}/"
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{url}/login")
    assert page.evaluate("localStorage.getItem('backstretch.pending')") is None


def test_a_record_answered_sign_in_first_stays_queued(
    page: Page, shared: tuple[Server, str]
) -> None:
    server, url = shared
    sign_in(page, url)
    server.reception.disable("ada")  # the sign-in ends while the page is open
    page.evaluate("window.backstretchQueue.send('/api/pain', {level: 5})")
    page.wait_for_timeout(500)
    assert page.evaluate("window.backstretchQueue.pending()") == 1
