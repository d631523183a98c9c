"""'This hurts' and 'skip the rest of this stretch' in a real browser (Playwright, Debian's
Chromium, the page clock): the same rule and the same records as the terminal's keys."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from backstretch.core.pain_rules import EASE_OFF, STOP_STRETCH, PainAction, PainKind
from tests.web.plan_times import FIRST_HOLD_MS, SECOND_GET_READY_MS
from tests.web.test_browser import (  # noqa: F401 - fixtures used by name
    SCREENSHOTS,
    LiveServer,
    begin,
    browser_type_launch_args,
    holds_of,
    saved,
    server,
    tap,
)

pytestmark = pytest.mark.browser
TRUNK_ROTATION_HOLDS = list(range(1, 21))  # the first stretch: 10 reps on each side


def test_this_hurts_7_and_sharp_stops_the_stretch_and_skips_the_rest(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})
    session_id = begin(page, server)
    page.clock.run_for(FIRST_HOLD_MS + 5_000 + 3_000 + 2_000)  # hold 1 done, 2 s into hold 2
    expect(page.locator('[data-field="counter"]')).to_have_text("Hold 2 of 65 · rep 2 of 10")
    page.get_by_role("button", name="This hurts").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(page.locator('[data-field="label"]')).to_contain_text("Paused")
    page.screenshot(path=SCREENSHOTS / "pain-dialog-390x844.png")
    tap(page, dialog.get_by_role("button", name="7", exact=True))
    expect(dialog.get_by_role("heading")).to_have_text("Pain 7/10. What kind of pain?")
    page.screenshot(path=SCREENSHOTS / "pain-dialog-kind-390x844.png")
    tap(page, dialog.get_by_role("button", name="Sharp, shooting or electric"))
    expect(dialog).to_be_hidden()
    notice = page.locator('[data-field="notice"]')
    expect(notice).to_contain_text(STOP_STRETCH)
    expect(page.locator('[data-field="exercise"]')).to_have_text("Cat-Cow")
    expect(page.locator('[data-field="label"]')).to_have_text("Get ready")
    page.screenshot(path=SCREENSHOTS / "pain-stopped-390x844.png")
    saved(page)
    holds = {h.hold_number: h for h in holds_of(server, session_id)}
    assert sorted(holds) == TRUNK_ROTATION_HOLDS
    assert holds[1].completed
    assert all(not holds[n].completed for n in TRUNK_ROTATION_HOLDS[1:])
    assert holds[2].held_seconds == pytest.approx(2.0, abs=0.5)
    [report] = server.repository.pain_reports()
    assert (report.session_id, report.exercise, report.level) == (session_id, "trunk-rotation", 7)
    assert (report.kind, report.action) == (PainKind.SHARP, PainAction.STOP)
    page.clock.run_for(SECOND_GET_READY_MS + 100)  # the session carries on with the next stretch
    expect(page.locator('[data-field="label"]')).to_contain_text("Hold")
    expect(page.locator('[data-field="exercise"]')).to_have_text("Cat-Cow")


def test_the_hurts_key_at_5_says_ease_off_and_carries_on(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    session_id = begin(page, server)
    page.clock.run_for(FIRST_HOLD_MS + 2_000)
    page.keyboard.press("x")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    tap(page, dialog.get_by_role("button", name="5", exact=True))
    tap(page, dialog.get_by_role("button", name="Neither"))
    expect(page.locator('[data-field="notice"]')).to_have_text(EASE_OFF)
    expect(page.get_by_role("button", name="Pause")).to_be_visible()  # resumed
    page.clock.run_for(3_100)
    saved(page)
    [hold] = holds_of(server, session_id)
    assert hold.completed
    [report] = server.repository.pain_reports()
    assert report.action is PainAction.EASE_OFF


def test_s_skips_the_rest_of_the_stretch(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    session_id = begin(page, server)
    page.clock.run_for(FIRST_HOLD_MS + 5_000 + 100)  # hold 1 done
    page.keyboard.press("s")
    expect(page.locator('[data-field="exercise"]')).to_have_text("Cat-Cow")
    saved(page)
    holds = holds_of(server, session_id)
    assert [h.hold_number for h in holds] == TRUNK_ROTATION_HOLDS
    assert [h.completed for h in holds] == [True] + [False] * 19
    assert server.repository.pain_reports() == []


def test_screenshot_of_the_pain_advice_on_a_wide_screen(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    begin(page, server)
    page.clock.run_for(FIRST_HOLD_MS + 2_000)
    page.keyboard.press("!")
    tap(page, page.get_by_role("dialog").get_by_role("button", name="4", exact=True))
    tap(page, page.get_by_role("dialog").get_by_role("button", name="Neither"))
    expect(page.locator('[data-field="notice"]')).to_have_text(EASE_OFF)
    page.screenshot(path=SCREENSHOTS / "pain-ease-off-1280x800.png")
