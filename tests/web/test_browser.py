"""The coach in a real browser: Playwright driving Debian's Chromium against a live server.

Page time is Playwright's clock, so a whole 13-minute session runs in seconds. Each test gets
its own home, SQLite database and server (uvicorn in a thread on 127.0.0.1, a free port).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from playwright.sync_api import Locator, Page, Route, expect

from backstretch.cli.main import cli
from backstretch.storage import open_repository
from backstretch.storage.repository import Repository
from backstretch.web.app import create_app
from backstretch.web.security import Guard
from backstretch.web.settings import WebSettings
from tests.web.conftest import live_server
from tests.web.plan_times import FIRST_HOLD_MS, FIRST_STRETCH_MS, WHOLE_SESSION_MS

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
    pytest.skip("Debian's chromium is not installed (CI installs it)", allow_module_level=True)

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
SETTLE_MS = 450  # a dialog ignores taps for 400 ms after it opens or changes step


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            *browser_type_launch_args.get("args", []),
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@dataclass
class LiveServer:
    url: str
    home: Path
    repository: Repository

    def sessions(self) -> list[dict[str, Any]]:
        result = CliRunner().invoke(cli, ["--home", str(self.home), "history", "--json"])
        assert result.exit_code == 0, result.output
        found: list[dict[str, Any]] = json.loads(result.output)
        return found


@pytest.fixture
def server(home: Path) -> Iterator[LiveServer]:
    repository = open_repository(home)

    def make_app(port: int) -> Guard:
        return create_app(repository=repository, settings=WebSettings(port=port, home=home))

    try:
        with live_server(make_app) as port:
            yield LiveServer(f"http://127.0.0.1:{port}", home, repository)
    finally:
        repository.close()


def begin(page: Page, server: LiveServer, pain: int | None = 4, shot: Path | None = None) -> str:
    page.clock.install()
    page.goto(f"{server.url}/session/daily-back")
    if pain is not None:
        page.locator(f'[data-pain="before"] [data-level="{pain}"]').click()
    if shot is not None:
        page.screenshot(path=shot, full_page=True)
    page.get_by_role("button", name="Start the session").click()
    expect(page.locator('[data-stage="coach"]')).to_be_visible()
    session_id = page.locator("[data-session]").get_attribute("data-session-id")
    assert session_id
    return session_id


def tap(page: Page, button: Locator) -> None:
    """A deliberate tap in a dialog, once it has settled (the session is paused meanwhile)."""
    page.clock.run_for(SETTLE_MS)
    button.click()


def saved(page: Page) -> None:
    """Wait until nothing is left in the page's queue and it says so."""
    status = page.locator("[data-save-status]")
    expect(status).to_have_attribute("data-pending", "0", timeout=15_000)
    expect(status).to_have_text("All saved.", timeout=15_000)


def holds_of(server: LiveServer, session_id: str) -> list[Any]:
    return server.repository.holds(session_id)


def test_a_whole_session_runs_in_the_browser_and_lands_in_history(
    page: Page, server: LiveServer
) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    session_id = begin(page, server, pain=4)
    expect(page.locator('[data-field="label"]')).to_have_text("Get ready · left side")
    expect(page.locator('[data-field="exercise"]')).to_have_text("Trunk Rotation")
    page.clock.run_for(WHOLE_SESSION_MS)
    expect(page.locator('[data-stage="after"]')).to_be_visible()
    expect(page.locator('[data-field="summary"]')).to_have_text(
        "Well done, routine complete: 65 holds done, 0 skipped."
    )
    page.locator('[data-pain="after"] [data-level="2"]').click()
    expect(page.locator('[data-stage="done"]')).to_be_visible()
    saved(page)
    [summary] = server.repository.summaries()
    assert summary.id == session_id
    assert summary.holds_completed == 65
    [listed] = server.sessions()
    assert listed["id"] == session_id
    assert listed["status"] == "completed"
    assert (listed["holds_completed"], listed["holds_skipped"]) == (65, 0)
    assert (listed["pain_before"], listed["pain_after"]) == (4, 2)
    assert requested
    assert all(url.startswith(server.url) for url in requested), "a request left the machine"


def test_pause_stops_the_countdown_and_loses_no_hold_time(page: Page, server: LiveServer) -> None:
    session_id = begin(page, server)
    page.clock.run_for(FIRST_HOLD_MS + 2_000)  # get ready, then 2 s into the first 5 s hold
    expect(page.locator('[data-field="label"]')).to_contain_text("Hold")
    countdown = page.locator('[data-field="countdown"]')
    expect(countdown).to_have_text("3")
    page.keyboard.press("Space")
    expect(page.locator('[data-field="label"]')).to_contain_text("Paused")
    page.clock.run_for(60_000)
    expect(countdown).to_have_text("3")
    assert holds_of(server, session_id) == []
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="Pause")).to_be_visible()
    page.clock.run_for(3_100)
    saved(page)
    [hold] = holds_of(server, session_id)
    assert hold.completed and hold.held_seconds == hold.planned_seconds


def test_skip_leads_to_the_next_hold_and_back_to_the_last_hold_done(
    page: Page, server: LiveServer
) -> None:
    session_id = begin(page, server)
    counter = page.locator('[data-field="counter"]')
    page.keyboard.press("ArrowRight")  # skip getting ready
    expect(counter).to_have_text("Hold 1 of 65 · rep 1 of 10")
    page.clock.run_for(5_000 + 3_000 + 1_000)  # hold 1 done, a second into hold 2
    page.keyboard.press("ArrowRight")  # skip hold 2: the next hold starts, past the release
    expect(counter).to_have_text("Hold 3 of 65 · rep 3 of 10")
    expect(page.locator('[data-field="label"]')).to_have_text("Hold · left side")
    page.keyboard.press("ArrowLeft")  # back passes over hold 2 (skipped) to hold 1 (done)
    expect(counter).to_have_text("Hold 1 of 65 · rep 1 of 10")
    saved(page)
    [first, second] = holds_of(server, session_id)
    assert (first.hold_number, first.completed) == (1, True)
    assert (second.hold_number, second.completed) == (2, False)
    assert second.held_seconds == pytest.approx(1.0, abs=0.5)  # page time also runs


def test_escape_stops_the_session_once_confirmed_and_keeps_what_was_done(
    page: Page, server: LiveServer
) -> None:
    session_id = begin(page, server)
    page.clock.run_for(FIRST_HOLD_MS + 5_000 + 3_000 + 5_000 + 100)  # two holds done
    page.keyboard.press("Escape")
    tap(page, page.get_by_role("dialog").get_by_role("button", name="Stop the session"))
    expect(page.locator('[data-stage="after"]')).to_be_visible()
    page.get_by_role("button", name="Skip").click()
    saved(page)
    [listed] = server.sessions()
    assert listed["id"] == session_id
    assert (listed["status"], listed["holds_completed"]) == ("partial", 2)


def test_a_server_outage_mid_session_loses_nothing(page: Page, server: LiveServer) -> None:
    failed: list[str] = []

    def refuse(route: Route) -> None:
        failed.append(route.request.url)
        route.abort("connectionrefused")

    session_id = begin(page, server)
    page.route("**/api/sessions/*/holds", refuse)
    page.clock.run_for(FIRST_STRETCH_MS)  # the whole first stretch (20 holds), the server away
    expect(page.locator("[data-save-status]")).to_contain_text("waiting to be saved")
    assert failed
    assert holds_of(server, session_id) == []
    page.unroute("**/api/sessions/*/holds")
    page.clock.run_for(WHOLE_SESSION_MS - FIRST_STRETCH_MS)
    page.locator('[data-pain="after"] [data-level="3"]').click()
    saved(page)
    [listed] = server.sessions()
    assert (listed["status"], listed["holds_completed"]) == ("completed", 65)


def test_holds_waiting_when_the_tab_closes_are_sent_on_the_next_visit(
    page: Page, server: LiveServer
) -> None:
    session_id = begin(page, server)
    page.route("**/api/sessions/*/holds", lambda route: route.abort("connectionrefused"))
    page.clock.run_for(FIRST_HOLD_MS + 5_000 + 3_000 + 5_000 + 100)
    expect(page.locator("[data-save-status]")).to_contain_text("2 waiting")
    page.unroute("**/api/sessions/*/holds")
    page.route("**/api/sessions/*/holds", lambda route: route.abort("connectionrefused"))
    page.goto(f"{server.url}/")  # leave the page with the holds still queued
    page.unroute("**/api/sessions/*/holds")
    page.goto(f"{server.url}/session/daily-back")
    expect(page.locator("[data-save-status]")).to_have_text("", timeout=10_000)
    page.wait_for_function("localStorage.getItem('backstretch.pending') === '[]'")
    assert [h.hold_number for h in holds_of(server, session_id)] == [1, 2]


def test_the_coach_page_meets_its_accessibility_basics(page: Page, server: LiveServer) -> None:
    begin(page, server)
    expect(page.locator('[data-field="countdown"]')).to_have_attribute("role", "timer")
    announcer = page.locator("[data-announcer]")
    expect(announcer).to_have_attribute("aria-live", "polite")
    expect(announcer).to_contain_text("Stretch 1: Trunk Rotation")
    # the coach itself has focus, named, so its keys work at once and a reader hears where it is
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused == "Coach"


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)])
def test_screenshots_of_the_session_and_history(
    page: Page, server: LiveServer, width: int, height: int
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": height})
    begin(page, server, pain=5, shot=SCREENSHOTS / f"session-start-{width}x{height}.png")
    page.clock.run_for(FIRST_HOLD_MS + 2_000)
    page.screenshot(path=SCREENSHOTS / f"session-{width}x{height}.png")
    page.clock.run_for(WHOLE_SESSION_MS)
    page.screenshot(path=SCREENSHOTS / f"session-after-{width}x{height}.png")
    page.locator('[data-pain="after"] [data-level="3"]').click()
    saved(page)
    page.goto(f"{server.url}/history")
    expect(page.locator("svg.chart").first).to_be_visible()
    page.screenshot(path=SCREENSHOTS / f"history-{width}x{height}.png", full_page=True)
    page.goto(f"{server.url}/")
    page.screenshot(path=SCREENSHOTS / f"home-{width}x{height}.png", full_page=True)
    page.goto(f"{server.url}/routines/daily-back")
    page.screenshot(path=SCREENSHOTS / f"routine-{width}x{height}.png")
