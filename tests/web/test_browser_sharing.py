"""Sharing on phones (Playwright, Debian's Chromium, 390x844): a person shares with their
clinician, who reads her sessions in another browser; she sees that read in her access log,
revokes, and the clinician is answered 404."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from backstretch.web.security import Guard
from tests.web.accounts import PASSWORD, Server
from tests.web.conftest import live_server
from tests.web.test_accounts_walls import begin
from tests.web.test_browser import (  # noqa: F401 - fixtures used by name
    SCREENSHOTS,
    browser_type_launch_args,
)

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def clinic(home: Path) -> Iterator[tuple[Server, str]]:
    """(the server, its address): ada with a session begun, and kim, a clinician."""
    made: list[Server] = []

    def make_app(port: int) -> Guard:
        server = Server(home, port)
        server.add("ada")
        server.add("kim", "clinician")
        begin(server.signed_in("ada"))
        made.append(server)
        return server.app

    with live_server(make_app) as port:
        yield made[0], f"http://127.0.0.1:{port}"


def signed_in(browser: Browser, url: str, username: str) -> Page:
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(f"{url}/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    return page


def menu(page: Page, name: str) -> Locator:
    return page.get_by_role("navigation", name="Your account").get_by_role("link", name=name)


def fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide on a 390 px screen"


def test_a_person_shares_the_clinician_reads_she_sees_it_and_revokes(
    browser: Browser, clinic: tuple[Server, str]
) -> None:
    _, url = clinic
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    ada = signed_in(browser, url, "ada")
    menu(ada, "Sharing").click()
    ada.get_by_label("Your clinician's username").fill("kim")
    ada.get_by_role("button", name="Share my records").click()
    expect(ada.get_by_role("button", name="Stop sharing with kim")).to_be_visible()
    fits(ada)
    ada.screenshot(path=SCREENSHOTS / "sharing-390x844.png", full_page=True)

    kim = signed_in(browser, url, "kim")
    menu(kim, "People").click()
    kim.get_by_role("link", name="ada").click()
    expect(kim.get_by_role("heading", level=1)).to_have_text("ada")
    expect(kim.get_by_role("cell", name="Daily back stretches")).to_be_visible()
    fits(kim)
    kim.screenshot(path=SCREENSHOTS / "clinician-reads-390x844.png", full_page=True)

    menu(ada, "Access log").click()
    expect(ada.get_by_role("cell", name="sessions")).to_be_visible()
    expect(ada.get_by_role("cell", name="kim").first).to_be_visible()
    fits(ada)
    ada.screenshot(path=SCREENSHOTS / "access-log-390x844.png", full_page=True)

    menu(ada, "Sharing").click()
    ada.get_by_role("button", name="Stop sharing with kim").click()
    expect(ada.get_by_text("No one: your records are yours alone.")).to_be_visible()
    answer = kim.request.get(f"{url}/api/people/ada/sessions")
    assert answer.status == 404
    assert kim.goto(f"{url}/people/ada").status == 404  # type: ignore[union-attr]
