"""Three people and a clinician on one server, each from their own browser on a phone-sized
screen (Playwright, Debian's Chromium, 390x844), against a real `backstretch serve --accounts`
with accounts made by `backstretch accounts add --password-stdin`: each person runs a session,
two share with the clinician, and everyone sees only what they should."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser, Page, expect

from backstretch.cli.main import cli
from tests.web.accounts import PASSWORD
from tests.web.test_browser import (  # noqa: F401 - fixtures used by name
    SCREENSHOTS,
    WHOLE_SESSION_MS,
    browser_type_launch_args,
    saved,
)
from tests.web.test_browser_sharing import fits, menu, signed_in
from tests.web.test_serve_command import get, serving

pytestmark = pytest.mark.browser
PAIN = {"ada": (6, 3), "bob": (5, 4), "cyd": (7, 5)}  # before, after: tells the sessions apart


@pytest.fixture
def clinic(home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The address of `serve --accounts` with ada, bob and cyd, and kim their clinician."""
    monkeypatch.delenv("BACKSTRETCH_DATABASE_URL", raising=False)
    roles = {**dict.fromkeys(PAIN, "person"), "kim": "clinician"}
    for username, role in roles.items():
        command = ["accounts", "add", username, "--role", role, "--password-stdin"]
        added = CliRunner().invoke(cli, ["--home", str(home), *command], input=PASSWORD)
        assert added.exit_code == 0, added.output
    with serving(home, "--accounts") as (_, port, _server):
        assert get(port, path="/healthz") == 200
        yield f"http://127.0.0.1:{port}"


def run_a_session(page: Page, url: str, username: str) -> str:
    """A whole daily-back session on the page's own clock; its id."""
    before, after = PAIN[username]
    page.clock.install()
    page.goto(f"{url}/session/daily-back")
    page.locator(f'[data-pain="before"] [data-level="{before}"]').click()
    page.get_by_role("button", name="Start the session").click()
    expect(page.locator('[data-stage="coach"]')).to_be_visible()
    session_id = page.locator("[data-session]").get_attribute("data-session-id")
    page.clock.run_for(WHOLE_SESSION_MS)
    page.locator(f'[data-pain="after"] [data-level="{after}"]').click()
    saved(page)
    assert session_id
    return session_id


def share_with_kim(page: Page) -> None:
    menu(page, "Sharing").click()
    page.get_by_label("Your clinician's username").fill("kim")
    page.get_by_role("button", name="Share my records").click()
    expect(page.get_by_role("button", name="Stop sharing with kim")).to_be_visible()


def shot(page: Page, name: str) -> None:
    """Fits the phone's width, the header leaves most of the screen to the page, and a picture."""
    fits(page)
    header = page.locator(".site-header").bounding_box()
    assert header is not None and header["height"] <= 150, f"{name}: the header is {header}"
    page.screenshot(path=SCREENSHOTS / f"clinic-{name}-390x844.png", full_page=True)


def test_three_people_and_a_clinician_each_see_only_what_they_should(
    browser: Browser, clinic: str
) -> None:
    url = clinic
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    people = {username: signed_in(browser, url, username) for username in PAIN}
    kim = signed_in(browser, url, "kim")
    sessions = {username: run_a_session(page, url, username) for username, page in people.items()}
    share_with_kim(people["ada"])
    share_with_kim(people["bob"])
    shot(people["ada"], "sharing")

    for username, page in people.items():
        listed = page.request.get(f"{url}/api/sessions").json()
        assert [session["id"] for session in listed] == [sessions[username]]
        page.goto(f"{url}/history")
        before, after = PAIN[username]
        rows = page.locator("table.sessions tbody tr")
        expect(rows).to_have_count(1)
        expect(rows.first.locator('[data-label="Pain before → after"]')).to_have_text(
            f"{before} → {after}"
        )
        shot(page, f"history-{username}")

    menu(kim, "People").click()
    expect(kim.locator(".follow-card .follow-name a")).to_have_text(["ada", "bob"])
    shot(kim, "people")
    for username in ("ada", "bob"):
        kim.goto(f"{url}/people")
        kim.get_by_role("link", name=username, exact=True).click()
        expect(kim.get_by_role("heading", level=1)).to_have_text(username)
        expect(kim.locator("table.sessions tbody tr")).to_have_count(1)
        shot(kim, f"person-{username}")
    for what in ("sessions", "pain", "stats"):
        assert kim.request.get(f"{url}/api/people/cyd/{what}").status == 404
    assert kim.goto(f"{url}/people/cyd").status == 404  # type: ignore[union-attr]
    shot(kim, "person-not-shared")

    for username in ("ada", "bob"):
        page = people[username]
        menu(page, "Access log").click()
        readers = page.locator('table.access-log [data-label="Who"]')
        expect(readers.first).to_have_text("kim")
        assert set(readers.all_inner_texts()) == {"kim"}
        shot(page, f"access-log-{username}")
    menu(people["cyd"], "Access log").click()
    expect(people["cyd"].get_by_text("No one has read your records.")).to_be_visible()
    assert people["cyd"].request.get(f"{url}/api/access-log").json() == []
