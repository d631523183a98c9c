"""The installable app: a manifest and an active service worker; once the app has been opened,
the session page reloads with the server unreachable, a session runs, and its holds reach the
server when it answers again."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from backstretch.core.pain_rules import STOP_STRETCH, PainAction, PainKind
from tests.web.plan_times import FIRST_HOLD_MS, SECOND_GET_READY_MS, WHOLE_SESSION_MS
from tests.web.test_browser import (  # noqa: F401 - fixtures used by name
    LiveServer,
    browser_type_launch_args,
    holds_of,
    saved,
    server,
    tap,
)

pytestmark = pytest.mark.browser


def until(page: Page, condition: str, seconds: float = 15) -> None:
    """Wait until `condition` holds in the page (polled: the page's CSP forbids eval)."""
    for _ in range(int(seconds * 10)):
        if page.evaluate(condition):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"never true: {condition}")


def installed(page: Page, live: LiveServer) -> None:
    """Open the app once and wait until the service worker controls it, its cache filled."""
    page.goto(f"{live.url}/")
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()  # now under the worker's control
    until(page, "navigator.serviceWorker.controller !== null")


def begin_offline(page: Page, context: BrowserContext, live: LiveServer) -> str:
    """Open the app once, cut the network, reload the session page (from the worker's cache)
    and start daily-back with the page's clock standing still between the test's moves."""
    installed(page, live)
    context.set_offline(True)
    page.clock.install()
    page.clock.pause_at(page.evaluate("Date.now()") + 60_000)
    page.goto(f"{live.url}/session/daily-back")
    page.reload()
    page.get_by_role("button", name="Start the session").click()
    expect(page.locator('[data-stage="coach"]')).to_be_visible()
    session_id = page.locator("[data-session]").get_attribute("data-session-id")
    assert session_id
    return session_id


def back_online(page: Page, context: BrowserContext) -> None:
    """The network is back: the page hears so and sends everything waiting."""
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    until(page, "window.backstretchQueue.pending() === 0")


def test_the_manifest_makes_the_app_installable(page: Page, server: LiveServer) -> None:  # noqa: F811
    page.goto(f"{server.url}/")
    href = page.locator('link[rel="manifest"]').get_attribute("href")
    manifest = json.loads(page.request.get(f"{server.url}{href}").text())

    assert (manifest["display"], manifest["start_url"]) == ("standalone", "/")
    assert manifest["name"] == "backstretch" and manifest["theme_color"]
    assert page.request.get(f"{server.url}{manifest['icons'][0]['src']}").ok


def test_with_the_server_away_a_whole_session_runs_and_is_sent_when_it_is_back(
    page: Page,
    context: BrowserContext,
    server: LiveServer,  # noqa: F811
) -> None:
    session_id = begin_offline(page, context, server)
    page.clock.run_for(WHOLE_SESSION_MS)  # the whole routine, with the server away
    expect(page.locator('[data-stage="after"]')).to_be_visible()
    page.locator('[data-pain="after"] [data-level="2"]').click()
    pending = page.locator("[data-save-status]")
    expect(pending).not_to_have_attribute("data-pending", "0")
    assert server.repository.session(session_id) is None  # nothing reached the server yet

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    saved(page)

    [summary] = server.repository.summaries()
    assert (summary.id, summary.holds_completed, summary.holds_skipped) == (session_id, 65, 0)
    assert (summary.session.status.value, summary.session.pain_after) == ("completed", 2)


def test_records_left_waiting_are_sent_from_any_page_once_the_server_answers(
    page: Page,
    context: BrowserContext,
    server: LiveServer,  # noqa: F811
) -> None:
    session_id = begin_offline(page, context, server)
    page.clock.run_for(FIRST_HOLD_MS + 5_000 + 1_000)  # one hold done, with the server away
    page.evaluate("window.onbeforeunload = null")
    page.on("dialog", lambda dialog: dialog.accept())  # leaving mid-session: yes, leave
    page.goto(f"{server.url}/")  # the home page, from the cache

    back_online(page, context)

    assert session_id and server.repository.session(session_id) is not None
    assert [(h.hold_number, h.completed) for h in holds_of(server, session_id)] == [(1, True)]


def test_with_the_server_away_this_hurts_7_and_sharp_stops_the_stretch_and_is_sent_later(
    page: Page,
    context: BrowserContext,
    server: LiveServer,  # noqa: F811
) -> None:
    session_id = begin_offline(page, context, server)
    page.clock.run_for(FIRST_HOLD_MS + 5_000 + 3_000 + 2_000)  # hold 1 done, 2 s into hold 2
    page.get_by_role("button", name="This hurts").click()
    dialog = page.get_by_role("dialog")
    tap(page, dialog.get_by_role("button", name="7", exact=True))
    tap(page, dialog.get_by_role("button", name="Sharp, shooting or electric"))

    expect(dialog).to_be_hidden()
    expect(page.locator('[data-field="notice"]')).to_contain_text(STOP_STRETCH)
    expect(page.locator('[data-field="exercise"]')).to_have_text("Cat-Cow")
    page.clock.run_for(SECOND_GET_READY_MS + 100)  # the session goes on with the next stretch
    expect(page.locator('[data-field="label"]')).to_contain_text("Hold")
    assert server.repository.session(session_id) is None  # nothing reached the server yet

    back_online(page, context)

    [report] = server.repository.pain_reports()
    assert (report.session_id, report.exercise, report.level) == (session_id, "trunk-rotation", 7)
    assert (report.kind, report.action) == (PainKind.SHARP, PainAction.STOP)
    holds = {h.hold_number: h for h in holds_of(server, session_id)}
    assert holds[1].completed
    assert [n for n in range(2, 21) if holds[n].completed] == []  # the rest of trunk rotation
    assert holds[2].held_seconds == pytest.approx(2.0, abs=0.5)


def test_the_device_check_tries_the_tone_the_voice_the_screen_and_the_storage(
    page: Page,
    server: LiveServer,  # noqa: F811
) -> None:
    page.goto(f"{server.url}/")
    page.get_by_role("link", name="Check that it can beep, speak and keep the screen on").click()
    page.get_by_role("button", name="Run the check").click()

    results = page.locator("[data-device-results] li")
    expect(results.filter(has_text="not checked yet")).to_have_count(0)
    for name in ("tone", "voice", "awake", "storage"):
        assert page.locator(f'[data-check="{name}"]').get_attribute("data-ok") in ("yes", "no")
    expect(page.locator('[data-check="tone"]')).to_contain_text("played.")
