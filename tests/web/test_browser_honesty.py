"""The page tells the truth about what was done, and keeps a session from being lost: gaps,
skips while paused, back, an ending with nothing done, asking before stopping, warning before
leaving, carrying on from any page, and stretches stopped for today. Page time is Playwright's
clock, paused so that only the test moves it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Dialog, Page, expect

from backstretch.catalog import Catalog
from backstretch.core.cues import PAIN_AFTER_QUESTION, line
from backstretch.core.events import Event, EventName
from tests.web.plan_times import FIRST_HOLD_MS, SECOND_GET_READY_MS
from tests.web.test_browser import (  # noqa: F401 - fixtures used by name
    LiveServer,
    browser_type_launch_args,
    holds_of,
    saved,
    server,
    tap,
)

pytestmark = pytest.mark.browser


def begin(page: Page, live: LiveServer) -> str:
    """Start daily-back with the page's clock standing still between the test's moves."""
    page.clock.install()
    page.clock.pause_at(page.evaluate("Date.now()") + 60_000)
    page.goto(f"{live.url}/session/daily-back")
    page.get_by_role("button", name="Start the session").click()
    expect(page.locator('[data-stage="coach"]')).to_be_visible()
    session_id = page.locator("[data-session]").get_attribute("data-session-id")
    assert session_id
    return session_id


def stored(live: LiveServer, session_id: str) -> list[tuple[int, bool, float]]:
    return [(h.hold_number, h.completed, h.held_seconds) for h in holds_of(live, session_id)]


def test_after_a_five_minute_freeze_the_coach_pauses_where_it_was_and_counts_nothing(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    session_id = begin(page, server)
    page.clock.run_for(FIRST_HOLD_MS + 2_000)  # 2 s into the first hold
    page.clock.fast_forward(300_000)  # the laptop slept: the page's timers fire once, late
    label = page.locator('[data-field="label"]')
    expect(label).to_have_text("Paused · Hold · left side")
    expect(page.locator('[data-field="counter"]')).to_have_text("Hold 1 of 65 · rep 1 of 10")
    expect(page.locator('[data-field="countdown"]')).to_have_text("3")
    gap = Event(EventName.PAUSE, 0.0, 0.0, None, {"reason": "gap", "gap": 300.0})
    words = line(gap, Catalog(server.home).load("daily-back"))
    expect(page.locator('[data-field="notice"]')).to_have_text(words or "")
    queued = page.evaluate("localStorage.getItem('backstretch.pending')")
    assert queued in (None, "[]")  # the 37 holds due meanwhile were never coached
    assert stored(server, session_id) == []
    page.keyboard.press("Space")
    page.clock.run_for(3_000)
    saved(page)
    assert stored(server, session_id) == [(1, True, 5.0)]


def test_a_hold_skipped_while_paused_is_stored_with_no_seconds_held(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    session_id = begin(page, server)
    page.clock.run_for(FIRST_HOLD_MS + 2_000)  # 2 s into hold 1
    page.keyboard.press("Space")
    page.clock.run_for(5_000)
    page.keyboard.press("ArrowRight")  # hold 1 after 2 s; hold 2 starts, still paused
    expect(page.locator('[data-field="counter"]')).to_have_text("Hold 2 of 65 · rep 2 of 10")
    page.clock.run_for(5_000)
    page.keyboard.press("ArrowRight")  # hold 2 was never held
    expect(page.locator('[data-field="label"]')).to_have_text("Paused · Hold · left side")
    saved(page)
    assert stored(server, session_id) == [(1, False, 2.0), (2, False, 0.0)]


def test_back_goes_to_the_last_hold_done_passing_over_skipped_ones(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    session_id = begin(page, server)
    counter = page.locator('[data-field="counter"]')
    page.clock.run_for(FIRST_HOLD_MS + 5_000 + 3_000 + 1_000)  # hold 1 done, 1 s into hold 2
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # holds 2 and 3 skipped
    expect(counter).to_have_text("Hold 4 of 65 · rep 4 of 10")
    page.keyboard.press("ArrowLeft")
    expect(counter).to_have_text("Hold 1 of 65 · rep 1 of 10")
    saved(page)
    assert stored(server, session_id) == [(1, True, 5.0), (2, False, 1.0), (3, False, 0.0)]


def test_skipping_every_hold_ends_without_well_done_and_is_not_completed(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    session_id = begin(page, server)
    for _ in range(5):  # the rest of each of the five stretches
        page.keyboard.press("s")
    summary = page.locator('[data-field="summary"]')
    expect(summary).to_have_text("Session over with no hold done: 0 holds done, 65 skipped.")
    page.get_by_role("button", name="Skip").click()
    saved(page)
    [listed] = server.sessions()
    assert listed["id"] == session_id
    assert (listed["status"], listed["holds_completed"], listed["holds_skipped"]) == (
        "partial",
        0,
        65,
    )


def test_stop_asks_first_and_carrying_on_loses_nothing(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    begin(page, server)
    page.clock.run_for(FIRST_HOLD_MS + 2_000)  # 2 s into hold 1
    page.get_by_role("button", name="Stop", exact=True).click()
    dialog = page.get_by_role("dialog", name="Stop the session?")
    expect(dialog).to_be_visible()
    expect(page.locator('[data-field="label"]')).to_contain_text("Paused")
    page.clock.run_for(30_000)
    page.keyboard.press("Escape")  # carry on
    expect(dialog).to_be_hidden()
    expect(page.locator('[data-stage="coach"]')).to_be_visible()
    expect(page.locator('[data-field="countdown"]')).to_have_text("3")  # nothing lost
    page.keyboard.press("Escape")
    page.keyboard.press("y")
    expect(page.locator('[data-field="summary"]')).to_have_text(
        "Session stopped: 0 holds done, 0 skipped."
    )


def test_one_hold_done_is_shown_in_the_singular_at_the_end(
    page: Page,
    server: LiveServer,  # noqa: F811
) -> None:
    begin(page, server)
    page.clock.run_for(FIRST_HOLD_MS + 5_000 + 1_000)  # hold 1 done
    page.get_by_role("button", name="Stop", exact=True).click()
    dialog = page.get_by_role("dialog", name="Stop the session?")
    tap(page, dialog.get_by_role("button", name="Stop the session"))
    expect(page.locator('[data-field="summary"]')).to_have_text(
        "Session stopped: 1 hold done, 0 skipped."
    )
    expect(page.get_by_role("heading", name=PAIN_AFTER_QUESTION)).to_be_visible()


def test_leaving_mid_session_warns_and_leaving_after_it_does_not(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    begin(page, server)
    page.clock.run_for(FIRST_HOLD_MS + 2_000)
    with page.expect_event("dialog") as shown:
        page.close(run_before_unload=True)
    warning: Dialog = shown.value
    assert warning.type == "beforeunload"
    warning.dismiss()  # stay
    expect(page.locator('[data-stage="coach"]')).to_be_visible()
    page.keyboard.press("Escape")
    page.keyboard.press("y")
    page.get_by_role("button", name="Skip").click()
    saved(page)
    asked: list[str] = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.accept()))
    page.goto(f"{server.url}/history")
    assert asked == []


def test_an_interrupted_session_is_carried_on_from_another_page(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    session_id = begin(page, server)
    page.clock.run_for(FIRST_HOLD_MS + 5_000 + 3_000 + 5_000 + 1_000)  # two holds done
    saved(page)
    page.on("dialog", lambda dialog: dialog.accept())  # yes, leave
    page.goto(f"{server.url}/history")
    banner = page.get_by_role("complementary", name="Unfinished session")
    expect(banner).to_contain_text("session from")
    expect(banner).to_contain_text("is unfinished: 2 of 65 holds done.")
    banner.get_by_role("link", name="Carry on where you stopped").click()
    expect(page.get_by_role("heading", name="Carry on: Daily back stretches")).to_be_visible()
    expect(banner).to_be_hidden()  # this page is the offer
    page.get_by_role("button", name="Carry on the session").click()
    expect(page.locator('[data-field="label"]')).to_have_text("Release · left side")
    expect(page.locator('[data-field="counter"]')).to_have_text("Hold 3 of 65 next")
    assert page.locator("[data-session]").get_attribute("data-session-id") == session_id
    page.clock.run_for(3_000 + 5_000)
    saved(page)
    assert [h.hold_number for h in holds_of(server, session_id)] == [1, 2, 3]


def test_a_stretch_stopped_for_today_is_passed_over_with_its_holds_skipped(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    earlier = page.request.post(f"{server.url}/api/sessions", data={}).json()["id"]
    report = {"exercise": "trunk-rotation", "level": 7, "kind": "sharp"}
    page.request.post(f"{server.url}/api/sessions/{earlier}/pain-report", data=report)
    session_id = begin(page, server)
    expect(page.locator('[data-field="exercise"]')).to_have_text("Cat-Cow")
    expect(page.locator('[data-field="label"]')).to_have_text("Get ready")
    expect(page.locator('[data-field="notice"]')).to_contain_text(
        "Trunk Rotation: passed over today (stopped for today at "
    )
    page.keyboard.press("ArrowLeft")  # back never leads into a stretch stopped for today
    expect(page.locator('[data-field="exercise"]')).to_have_text("Cat-Cow")
    page.clock.run_for(SECOND_GET_READY_MS + 5_000)  # cat-cow's get-ready and first hold
    saved(page)
    holds = stored(server, session_id)
    assert holds == [(n, False, 0.0) for n in range(1, 21)] + [(21, True, 5.0)]
