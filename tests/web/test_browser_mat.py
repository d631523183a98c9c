"""The session screen on the mat, in a real browser (Playwright, Debian's Chromium, the page
clock): only the coach while it runs, everything needed in view at once on a phone either way up
and on a laptop, the right side's picture mirrored, and an end screen that celebrates."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.web.plan_times import FIRST_HOLD_MS, FIRST_RIGHT_HOLD_MS, WHOLE_SESSION_MS
from tests.web.test_browser import (  # noqa: F401 - fixtures used by name
    LiveServer,
    begin,
    browser_type_launch_args,
    saved,
    server,
    tap,
)

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/backstretch-mat")  # looked at by eye; not kept in the repository
SIZES = [(390, 844), (844, 390), (1280, 800)]
MIRRORED = "matrix(-1, 0, 0, 1, 0, 0)"


def in_view(page: Page, locator: Locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    assert box is not None and size is not None
    return (
        box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= size["width"]
        and box["y"] + box["height"] <= size["height"]
    )


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_countdown_the_side_and_the_picture_are_all_in_view_at_once(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
    width: int,
    height: int,
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": height})
    begin(page, server)
    page.clock.run_for(FIRST_HOLD_MS + 1_000)  # holding, left side
    page.locator('[data-field="figure"]').evaluate("img => img.decode()")
    page.screenshot(path=SHOTS / f"hold-left-{width}x{height}.png")
    for name in ("countdown", "side", "figure", "exercise", "label"):
        assert in_view(page, page.locator(f'[data-field="{name}"]')), name
    for button in ("Pause", "This hurts"):
        assert in_view(page, page.get_by_role("button", name=button, exact=True)), button
    expect(page.locator('[data-field="side"]')).to_have_text("left side")
    page.clock.run_for(FIRST_RIGHT_HOLD_MS - FIRST_HOLD_MS)  # 1 s into it
    expect(page.locator('[data-field="side"]')).to_have_text("right side")
    page.screenshot(path=SHOTS / f"hold-right-{width}x{height}.png")
    assert in_view(page, page.locator('[data-field="figure"]'))


ROOM_BELOW_PX = 8  # the small buttons never touch the bottom edge (nor a phone's home bar)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_small_buttons_are_in_view_with_room_below_them(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
    width: int,
    height: int,
) -> None:
    page.set_viewport_size({"width": width, "height": height})
    begin(page, server)
    page.clock.run_for(FIRST_HOLD_MS + 1_000)  # holding
    room_below_the_small_buttons(page, height)
    page.get_by_role("button", name="This hurts").click()  # the advice then stays on screen
    dialog = page.get_by_role("dialog")
    back = dialog.get_by_role("button", name="Back to the stretch")
    assert in_view(page, back)  # every answer and the way back, without scrolling
    tap(page, dialog.get_by_role("button", name="7", exact=True))
    assert in_view(page, dialog.get_by_role("button", name="← Back to how much"))
    assert in_view(page, back)
    tap(page, dialog.get_by_role("button", name="Sharp, shooting or electric"))
    expect(page.locator('[data-field="notice"]')).to_be_visible()
    room_below_the_small_buttons(page, height, ("countdown", "figure", "notice"))  # cat-cow


def room_below_the_small_buttons(
    page: Page, height: int, fields: tuple[str, ...] = ("countdown", "side", "figure")
) -> None:
    for name in ("← Back", "Skip →", "Skip the rest of this stretch", "Stop"):
        box = page.get_by_role("button", name=name, exact=True).bounding_box()
        assert box is not None and box["y"] >= 0, name
        assert box["y"] + box["height"] <= height - ROOM_BELOW_PX, (name, box)
    for name in fields:
        assert in_view(page, page.locator(f'[data-field="{name}"]')), name


def test_the_right_side_shows_the_picture_mirrored_and_the_left_side_as_drawn(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    begin(page, server)
    figure = page.locator('[data-field="figure"]')
    page.clock.run_for(FIRST_HOLD_MS + 1_000)
    expect(page.locator('[data-field="side"]')).to_have_text("left side")
    assert figure.evaluate("img => getComputedStyle(img).transform") == "none"
    page.clock.run_for(FIRST_RIGHT_HOLD_MS - FIRST_HOLD_MS)  # 1 s into it
    expect(page.locator('[data-field="side"]')).to_have_text("right side")
    assert figure.evaluate("img => getComputedStyle(img).transform") == MIRRORED


def test_get_ready_shows_the_side_the_voice_says_to_start_on_and_no_side_for_cat_cow(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    begin(page, server)
    side = page.locator('[data-field="side"]')
    expect(page.locator('[data-field="label"]')).to_have_text("Get ready · left side")
    expect(side).to_be_visible()
    expect(side).to_have_text("left side")
    assert in_view(page, side)
    page.keyboard.press("s")  # on to cat-cow, done on no side
    expect(page.locator('[data-field="label"]')).to_have_text("Get ready")
    expect(side).to_be_hidden()


def test_get_ready_hold_and_release_each_have_their_own_word_and_colour(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    begin(page, server)
    label = page.locator('[data-field="label"]')
    colours = {}
    for wait, word in ((0, "Get ready"), (FIRST_HOLD_MS + 1_000, "Hold"), (5_000, "Release")):
        page.clock.run_for(wait)
        expect(label).to_contain_text(word)
        colours[word] = label.evaluate("el => getComputedStyle(el).backgroundColor")
    assert len(set(colours.values())) == 3, colours


def test_the_site_header_and_navigation_hide_while_the_coach_runs_and_come_back_after(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    page.clock.install()
    page.goto(f"{server.url}/session/daily-back")
    navigation = page.get_by_role("navigation", name="Main")
    expect(navigation).to_be_visible()
    page.get_by_role("button", name="Start the session").click()
    expect(page.locator('[data-stage="coach"]')).to_be_visible()
    expect(navigation).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()
    page.clock.run_for(WHOLE_SESSION_MS)
    expect(page.locator('[data-stage="after"]')).to_be_visible()
    expect(navigation).to_be_visible()


def test_pause_and_this_hurts_are_the_big_buttons_and_stop_asks_first(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    begin(page, server)
    pause = page.get_by_role("button", name="Pause", exact=True).bounding_box()
    hurts = page.get_by_role("button", name="This hurts").bounding_box()
    stop = page.get_by_role("button", name="Stop", exact=True).bounding_box()
    skip = page.get_by_role("button", name="Skip →").bounding_box()
    assert pause and hurts and stop and skip
    assert pause["height"] > stop["height"] and hurts["height"] > skip["height"]
    assert stop["y"] >= pause["y"] + pause["height"] + 16  # apart from Pause
    page.get_by_role("button", name="Stop", exact=True).click()
    expect(page.get_by_role("dialog", name="Stop the session?")).to_be_visible()


def test_the_end_screen_shows_pain_before_and_after_the_streak_and_the_time_spent(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})
    begin(page, server, pain=4)
    page.clock.run_for(WHOLE_SESSION_MS)
    page.locator('[data-pain="after"] [data-level="2"]').click()
    expect(page.locator('[data-stage="done"]')).to_be_visible()
    saved(page)
    expect(page.locator('[data-field="done-pain"]')).to_have_text("4/10 → 2/10")
    expect(page.locator('[data-field="done-streak"]')).to_have_text("1 day in a row")
    expect(page.locator('[data-field="done-time"]')).to_have_text("13 min 1 s")  # as planned
    page.screenshot(path=SHOTS / "done-390x844.png", full_page=True)
