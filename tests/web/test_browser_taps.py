"""Hard to mis-tap, in a real browser (Playwright, Debian's Chromium, the page clock): a dialog
ignores taps just after it changes, the pain questions have a way back, single-key shortcuts act
only on the coach itself and can be switched off, and Space presses the focused button."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.web.plan_times import FIRST_HOLD_MS
from tests.web.test_browser import (  # noqa: F401 - fixtures used by name
    LiveServer,
    begin,
    browser_type_launch_args,
    holds_of,
    saved,
    server,
    tap,
)

pytestmark = pytest.mark.browser


def hold_still(page: Page) -> None:
    """From now on the page's time moves only when the test moves it."""
    page.clock.pause_at(page.evaluate("Date.now()") + 1_000)


def open_pain_dialog(page: Page, live: LiveServer) -> str:
    session_id = begin(page, live)
    page.clock.run_for(FIRST_HOLD_MS + 2_000)  # 2 s into the first hold
    hold_still(page)
    page.get_by_role("button", name="This hurts").click()
    expect(page.get_by_role("dialog")).to_be_visible()
    return session_id


def test_a_double_tap_on_4_records_nothing_and_leaves_the_kind_question_open(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    open_pain_dialog(page, server)
    dialog = page.get_by_role("dialog")
    page.clock.run_for(500)
    box = dialog.get_by_role("button", name="4", exact=True).bounding_box()
    assert box is not None
    page.mouse.dblclick(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(dialog.get_by_role("heading", level=2)).to_have_text("Pain 4/10. What kind of pain?")
    page.clock.run_for(1_000)
    expect(dialog).to_be_visible()
    assert server.repository.pain_reports() == []


def test_a_tap_within_400_ms_of_a_step_change_is_ignored_and_one_after_counts(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    open_pain_dialog(page, server)
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="4", exact=True).click()  # just opened: ignored
    expect(dialog.get_by_role("heading", level=2)).to_have_text("This hurts: how much?")
    page.clock.run_for(401)
    dialog.get_by_role("button", name="4", exact=True).click()
    expect(dialog.get_by_role("heading", level=2)).to_have_text("Pain 4/10. What kind of pain?")
    page.clock.run_for(350)
    dialog.get_by_role("button", name="Neither").click()  # 350 ms after the change: ignored
    expect(dialog).to_be_visible()
    page.clock.run_for(100)
    dialog.get_by_role("button", name="Neither").click()
    expect(dialog).to_be_hidden()
    saved(page)  # the report goes through the page's record queue
    [report] = server.repository.pain_reports()
    assert report.level == 4


def test_the_kind_question_has_a_way_back_to_how_much(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    open_pain_dialog(page, server)
    dialog = page.get_by_role("dialog")
    tap(page, dialog.get_by_role("button", name="7", exact=True))
    tap(page, dialog.get_by_role("button", name="← Back to how much"))
    expect(dialog.get_by_role("heading", level=2)).to_have_text("This hurts: how much?")
    tap(page, dialog.get_by_role("button", name="3", exact=True))
    expect(dialog.get_by_role("heading", level=2)).to_have_text("Pain 3/10. What kind of pain?")
    tap(page, dialog.get_by_role("button", name="Neither"))
    expect(dialog).to_be_hidden()
    saved(page)  # the report goes through the page's record queue
    [report] = server.repository.pain_reports()
    assert report.level == 3


def test_a_double_tap_on_stop_does_not_also_confirm_it(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    begin(page, server)
    hold_still(page)
    page.get_by_role("button", name="Stop", exact=True).click()
    dialog = page.get_by_role("dialog", name="Stop the session?")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Stop the session").click()  # the second tap: ignored
    expect(dialog).to_be_visible()
    tap(page, dialog.get_by_role("button", name="Carry on"))
    expect(dialog).to_be_hidden()
    expect(page.locator('[data-stage="coach"]')).to_be_visible()


def test_s_acts_when_the_coach_has_focus_but_not_on_a_button_or_outside_it(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    begin(page, server)
    page.clock.run_for(FIRST_HOLD_MS + 1_000)  # the first hold
    exercise = page.locator('[data-field="exercise"]')
    page.get_by_role("button", name="Skip →").focus()
    page.keyboard.press("s")
    page.keyboard.press("x")
    expect(exercise).to_have_text("Trunk Rotation")
    expect(page.get_by_role("dialog")).to_be_hidden()
    page.evaluate("document.activeElement.blur()")  # focus on the page, outside the coach
    page.keyboard.press("s")
    expect(exercise).to_have_text("Trunk Rotation")
    page.locator("[data-coach]").focus()
    page.keyboard.press("s")
    expect(exercise).to_have_text("Cat-Cow")


def test_single_key_shortcuts_can_be_switched_off(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    page.clock.install()
    page.goto(f"{server.url}/session/daily-back")
    page.get_by_role("checkbox", name="Single-key shortcuts").uncheck()
    page.get_by_role("button", name="Start the session").click()
    page.clock.run_for(FIRST_HOLD_MS + 1_000)
    expect(page.get_by_role("checkbox", name="Single-key shortcuts")).not_to_be_checked()
    page.locator("[data-coach]").focus()
    for key in ("s", "x", "!"):
        page.keyboard.press(key)
    expect(page.locator('[data-field="exercise"]')).to_have_text("Trunk Rotation")
    expect(page.get_by_role("dialog")).to_be_hidden()
    page.keyboard.press("Space")  # not a single character key: still pauses
    expect(page.locator('[data-field="label"]')).to_contain_text("Paused")


def test_space_on_a_focused_button_presses_that_button_not_pause(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    session_id = begin(page, server)
    page.clock.run_for(FIRST_HOLD_MS + 1_000)  # 1 s into hold 1
    page.get_by_role("button", name="Skip →").focus()
    page.keyboard.press("Space")
    expect(page.locator('[data-field="counter"]')).to_have_text("Hold 2 of 65 · rep 2 of 10")
    expect(page.locator('[data-field="label"]')).not_to_contain_text("Paused")
    saved(page)
    [hold] = holds_of(server, session_id)
    assert (hold.hold_number, hold.completed) == (1, False)


def test_hover_styles_apply_only_to_mouse_pointers(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    page.goto(f"{server.url}/session/daily-back")
    loose = page.evaluate(
        """() => {
          const loose = [];
          const walk = (rules, media) => {
            for (const rule of rules) {
              if (rule instanceof CSSMediaRule) walk(rule.cssRules, rule.conditionText);
              else if (rule.selectorText && rule.selectorText.includes(":hover")
                       && !/hover:\\s*hover/.test(media)) loose.push(rule.selectorText);
            }
          };
          for (const sheet of document.styleSheets) walk(sheet.cssRules, "");
          return loose;
        }"""
    )
    assert loose == []
