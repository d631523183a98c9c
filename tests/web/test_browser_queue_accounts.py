"""The record queue on a shared browser (Playwright, Debian's Chromium): what a person's session
recorded with the server away waits under their name, is never sent while someone else is
signed in, and reaches them once they sign in again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Dialog, Page, expect

from backstretch.core.accounts import SIGN_IN_LIFE
from backstretch.web.security import Guard
from tests.web.accounts import PASSWORD, Server
from tests.web.conftest import live_server
from tests.web.plan_times import DAILY_BACK, milliseconds
from tests.web.test_browser import (  # noqa: F401 - fixtures used by name
    browser_type_launch_args,
)
from tests.web.test_browser_offline import until

pytestmark = pytest.mark.browser

TWO_HOLDS_MS = (
    milliseconds(DAILY_BACK.holds[1].end) + 100
)  # get ready, two holds, a release between


@pytest.fixture
def household(home: Path) -> Iterator[tuple[Server, str]]:
    """(the server, its address): accounts on, ada and bob with passwords."""
    made: list[Server] = []

    def make_app(port: int) -> Guard:
        made.append(Server(home, port))
        made[0].add("ada")
        made[0].add("bob")
        return made[0].app

    with live_server(make_app) as port:
        yield made[0], f"http://127.0.0.1:{port}"


def sign_in(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".signed-in span")).to_have_text(username)


def waiting(page: Page) -> int:
    """Every record the browser keeps, whoever it belongs to."""
    count: int = page.evaluate("JSON.parse(localStorage.getItem('backstretch.pending')).length")
    return count


def test_a_persons_queued_hold_is_never_sent_as_the_next_person_and_reaches_them_later(
    page: Page, context: BrowserContext, household: tuple[Server, str]
) -> None:
    server, url = household
    sign_in(page, url, "ada")
    page.clock.install()
    page.goto(f"{url}/session/daily-back")
    page.route("**/api/sessions**", lambda route: route.abort("connectionrefused"))
    page.get_by_role("button", name="Start the session").click()
    expect(page.locator('[data-stage="coach"]')).to_be_visible()
    page.clock.run_for(TWO_HOLDS_MS)  # ada's begin and two holds wait in the queue
    expect(page.locator("[data-save-status]")).to_contain_text("3 waiting")
    page.unroute("**/api/sessions**")

    server.clock.advance(SIGN_IN_LIFE.total_seconds() + 60)  # ada's sign-in ends
    other = context.new_page()
    sign_in(other, url, "bob")  # bob, in the same browser, while ada's page stays open
    page.clock.run_for(60_000)  # ada's open page goes on, and retries with bob's cookie
    other.reload()
    other.wait_for_timeout(1_000)
    assert server.records("bob").summaries() == []
    assert server.records("ada").summaries() == []
    kept = waiting(other)  # ada's begin and every hold of hers so far
    assert kept >= 3

    questions: list[str] = []

    def answer(dialog: Dialog) -> None:
        questions.append(dialog.message)
        dialog.accept()

    other.on("dialog", answer)
    other.get_by_role("button", name="Sign out").click()  # bob has nothing waiting: no question
    expect(other).to_have_url(f"{url}/login")
    assert questions == [] and waiting(other) == kept

    sign_in(other, url, "ada")
    until(other, "window.backstretchQueue.pending() === 0")
    [session] = server.records("ada").summaries()
    holds = server.records("ada").holds(session.session.id)
    assert [hold.hold_number for hold in holds] == list(range(1, kept))
    assert server.records("bob").summaries() == []
