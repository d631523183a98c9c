"""The camera check in a real browser: Chromium's fake camera plays a clip made from a real
photograph of people standing in a street (scripts/camera_files.py), BlazePose runs in the page from
the files backstretch serves at /static/pose/ (scripts/pose-files), and the hold's countdown
waits while the person is not in position. Every request the page makes while the camera is on
is watched: none carries a picture or landmarks.

Where this branch has no judge (/static/formjudge.js) or no form-rules endpoint yet, the test
injects tests/web/camera/judge.js and a rules answer of its own; the gate tests always inject the
test judge, so that the test says the verdict and checks what the session's clock does with it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Playwright, Request, Route, expect

from tests.web.fake_camera import PHOTO, camera_args, make_clip
from tests.web.test_browser import (  # noqa: F401 - fixtures used by name
    CHROMIUM,
    SETTLE_MS,
    LiveServer,
    server,
)
from tests.web.test_browser_sound import RECORDERS

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "src" / "backstretch" / "web" / "static"
TEST_JUDGE = Path(__file__).resolve().parent / "camera" / "judge.js"
HOLD_KEYS = {"hold_number", "completed", "held_seconds", "in_position_seconds"}


def missing() -> str | None:
    if not (STATIC / "pose" / "pose.js").exists():
        return "the pose files are not copied (scripts/pose-files)"
    if not PHOTO.exists():
        return "the test photographs are not there (scripts/camera_files.py)"
    if not shutil.which("ffmpeg"):
        return "ffmpeg is not installed (scripts/test installs it)"
    return None


if missing() and os.environ.get("CI"):
    pytest.fail(f"The camera check cannot be tested: {missing()}.", pytrace=False)
elif missing():
    pytest.skip(str(missing()), allow_module_level=True)


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_clip(tmp_path_factory.mktemp("camera") / "standing.y4m")


@pytest.fixture(scope="module")
def camera_browser(playwright: Playwright, clip: Path) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            *camera_args(clip),
        ],
    )
    yield browser
    browser.close()


class Watch:
    """Every request the page makes, with its body, and the page's own complaints."""

    def __init__(self, page: Page) -> None:
        self.requests: list[tuple[str, str, bytes]] = []
        self.problems: list[str] = []
        page.on("request", self.seen)
        page.on("websocket", lambda socket: self.problems.append(f"a websocket: {socket.url}"))
        page.on("console", self.console)

    def seen(self, request: Request) -> None:
        self.requests.append((request.method, request.url, request.post_data_buffer or b""))

    def console(self, message: Any) -> None:
        if "Content Security Policy" in message.text or "Refused" in message.text:
            self.problems.append(message.text)

    def holds(self) -> list[dict[str, Any]]:
        return [
            json.loads(body)
            for method, url, body in self.requests
            if method == "POST" and re.search(r"/api/sessions/[^/]+/holds$", url)
        ]


def has_endpoint(live: LiveServer) -> bool:
    try:
        with urllib.request.urlopen(f"{live.url}/api/routines/daily-back/form") as answer:
            return bool(answer.status == 200)
    except urllib.error.HTTPError:
        return False


def open_session(
    browser: Browser, live: LiveServer, speed: int, test_judge: bool
) -> tuple[Page, Watch]:
    # no service worker: its fetches would pass the test's routes by (the last test here checks
    # that it leaves the pose files out of its cache)
    page = browser.new_page(service_workers="block")
    watch = Watch(page)
    page.add_init_script(RECORDERS)
    if test_judge or not (STATIC / "formjudge.js").exists():
        page.route("**/static/formjudge.js", lambda route: route.fulfill(path=str(TEST_JUDGE)))
    if not has_endpoint(live):
        with urllib.request.urlopen(f"{live.url}/api/routines/daily-back/timeline") as answer:
            timeline = json.load(answer)
        rules = {
            "routine": "daily-back",
            "exercises": {
                exercise["id"]: {"camera": "Side view, camera at floor level about 2 m away.",
                                 "rules": {"test": True}, "phases": {}}
                for exercise in timeline["exercises"]
            },
        }  # fmt: skip

        def answer_rules(route: Route) -> None:
            route.fulfill(json=rules)

        page.route("**/api/routines/daily-back/form", answer_rules)
    page.goto(f"{live.url}/session/daily-back?speed={speed}")
    return page, watch


def camera_on(page: Page) -> None:
    page.get_by_label("Camera check").first.check()
    panel = page.locator("[data-camera-panel]")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text(
        "Frames and landmarks stay on this device: no picture and no landmark is sent anywhere."
    )
    # BlazePose has answered a few frames of the fake camera: the model is warm (its first
    # frames take seconds here, on a shared CPU without a GPU)
    expect(panel).to_have_attribute("data-frames", re.compile(r"^([3-9]|\d\d+)$"), timeout=90_000)


def countdown(page: Page) -> str:
    return page.locator('[data-field="countdown"]').inner_text()


def assert_nothing_leaves(watch: Watch, origin: str) -> None:
    assert watch.requests, "the page made requests"
    for _, url, body in watch.requests:
        assert url.startswith(origin), f"a request left backstretch: {url}"
        parts = urlsplit(url)
        assert len(parts.query) < 100 and "landmark" not in parts.query.lower(), url
        assert len(parts.path) < 200, url
        if not parts.path.startswith("/static/pose/"):  # pose_landmark_full.tflite is the model
            assert "landmark" not in parts.path.lower(), url
        if not body:
            continue
        assert len(body) < 2_000, f"a large body went to {url}"
        assert not body.startswith((b"\xff\xd8", b"\x89PNG", b"RIFF")), f"a picture went to {url}"
        text = body.decode()
        assert "landmark" not in text.lower() and "image" not in text.lower(), text
        assert not re.search(r"\[\s*\[", text), f"nested lists (landmarks?) went to {url}: {text}"
    for hold in watch.holds():
        assert set(hold) <= HOLD_KEYS, hold
    assert not watch.problems, watch.problems


def test_a_standing_person_is_not_in_position_so_the_hold_waits(
    camera_browser: Browser,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    page, watch = open_session(camera_browser, server, speed=10, test_judge=False)
    camera_on(page)
    page.get_by_role("button", name="Start the session").click()
    gate = page.locator('[data-field="gate"]')
    waiting = re.compile(r"^(Get into position\.|I can't see you\.)")
    expect(gate).to_have_text(waiting, timeout=20_000)
    expect(page.locator('[data-field="counter"]')).to_contain_text("Hold 1 of")
    shown = countdown(page)
    time.sleep(3)  # 30 s of session time at speed 10: a 5 s hold would be long over
    assert countdown(page) == shown == "5", "the hold did not count while out of position"
    expect(page.locator('[data-field="counter"]')).to_contain_text("Hold 1 of")
    spoken: list[str] = page.evaluate("window.__spoken")
    corrections = [text for text in spoken if text and text in gate.inner_text()]
    assert len(corrections) == 1, f"the voice said the correction, once in 3 s: {spoken}"
    # pause and skip still work while the hold waits; a skipped hold held nothing in position
    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_role("button", name="Resume")).to_be_visible()
    page.get_by_role("button", name="Resume").click()
    page.get_by_role("button", name="Skip →").click()
    expect(page.locator("[data-save-status]")).to_have_attribute("data-pending", "0")
    first = watch.holds()[0]
    assert first["hold_number"] == 1 and first["completed"] is False
    assert first["in_position_seconds"] == 0
    # stopping ends the session and turns the camera off
    page.get_by_role("button", name="Stop").click()
    page.wait_for_timeout(SETTLE_MS)
    page.get_by_role("button", name="Stop the session").click()
    expect(page.locator("#after-heading")).to_be_visible()
    expect(page.locator("[data-camera-panel]")).to_be_hidden()
    assert_nothing_leaves(watch, server.url)
    page.close()


def test_the_hold_counts_only_while_the_judge_says_in_position(
    camera_browser: Browser,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    # at speed 1, so that a verdict (a frame takes about a second here) comes within the hold
    page, watch = open_session(camera_browser, server, speed=1, test_judge=True)
    verdict = "window.__verdict = {verdict: %s, say: %s, check: null}"
    page.evaluate(verdict % ('"not_yet"', '"Straighten your front knee."'))
    camera_on(page)
    page.get_by_role("button", name="Start the session").click()
    page.get_by_role("button", name="Skip →").click()  # the get-ready, to the first hold
    gate = page.locator('[data-field="gate"]')
    expect(gate).to_have_text("Get into position. Straighten your front knee.", timeout=20_000)
    time.sleep(2)
    assert countdown(page) == "5"
    page.evaluate(verdict % ('"in_position"', "null"))
    expect(gate).to_be_hidden()
    expect(page.locator('[data-field="countdown"]')).not_to_have_text("5", timeout=5_000)
    page.evaluate(verdict % ('"cant_see"', '"Put the camera at floor level."'))
    expect(gate).to_have_text("I can't see you. Put the camera at floor level.")
    time.sleep(0.5)  # the display catches up with the time credited up to that frame
    held = countdown(page)
    time.sleep(2)
    assert countdown(page) == held, "no time is credited while the camera cannot see you"
    page.evaluate(verdict % ('"in_position"', "null"))
    expect(page.locator('[data-field="counter"]')).to_contain_text("Hold 2 of", timeout=10_000)
    expect(page.locator("[data-save-status]")).to_have_attribute("data-pending", "0")
    first = watch.holds()[0]
    assert first["hold_number"] == 1 and first["completed"] is True
    assert first["held_seconds"] == 5
    assert first["in_position_seconds"] == pytest.approx(5, abs=0.01)
    assert_nothing_leaves(watch, server.url)
    page.close()


def test_on_a_phone_a_waiting_hold_looks_stopped_and_keeps_its_buttons_in_view(
    camera_browser: Browser,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    page, _ = open_session(camera_browser, server, speed=1, test_judge=True)
    page.set_viewport_size({"width": 390, "height": 844})
    say = "Lie on your back with your knees bent and your feet on the floor."  # trunk rotation's
    page.evaluate('(say) => (window.__verdict = {verdict: "not_yet", say, check: null})', say)
    camera_on(page)
    advice = page.locator("[data-camera-advice]")
    expect(advice).to_contain_text("Put the camera on a chair at your feet")  # the first stretch
    page.get_by_role("button", name="Start the session").click()
    page.get_by_role("button", name="Skip →").click()  # the get-ready, to the first hold
    expect(page.locator('[data-field="gate"]')).to_have_text(f"Get into position. {say}",
                                                            timeout=20_000)  # fmt: skip
    colour = "(el) => getComputedStyle(el).color"
    waiting = page.locator('[data-field="countdown"]').evaluate(colour)
    for name in ("Pause", "This hurts", "Skip →", "Stop"):
        expect(page.get_by_role("button", name=name, exact=True)).to_be_in_viewport(ratio=1)
    page.get_by_role("button", name="Pause").click()
    paused = page.locator('[data-field="countdown"]').evaluate(colour)
    assert waiting == paused, "a hold waiting for the camera is greyed as when paused"
    page.close()


def test_turning_the_camera_off_lets_the_hold_run_as_before(
    camera_browser: Browser,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    page, watch = open_session(camera_browser, server, speed=10, test_judge=True)
    page.evaluate('window.__verdict = {verdict: "not_yet", say: "Lie down.", check: null}')
    camera_on(page)
    page.get_by_role("button", name="Start the session").click()
    expect(page.locator('[data-field="gate"]')).to_be_visible(timeout=20_000)
    page.get_by_label("Camera check").last.uncheck()
    expect(page.locator("[data-camera-panel]")).to_be_hidden()
    expect(page.locator('[data-field="gate"]')).to_be_hidden()
    expect(page.locator('[data-field="counter"]')).to_contain_text("Hold 3 of", timeout=10_000)
    expect(page.locator("[data-save-status]")).to_have_attribute("data-pending", "0")
    holds = watch.holds()
    assert holds[0]["completed"] is True and holds[0]["in_position_seconds"] == 0
    assert "in_position_seconds" not in holds[1], "the camera was off for the second hold"
    page.close()


def test_missing_pose_files_are_said_plainly(
    camera_browser: Browser,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    page, _ = open_session(camera_browser, server, speed=10, test_judge=True)
    page.route("**/static/pose/**", lambda route: route.fulfill(status=404, body="not found"))
    page.get_by_label("Camera check").first.check()
    expect(page.locator("[data-camera-status]")).to_have_text(
        "The camera check's pose files are not installed on this server: run scripts/setup "
        "there (it copies them), then reload this page."
    )
    expect(page.get_by_label("Camera check").first).not_to_be_checked()
    page.close()


def test_the_session_page_loads_no_camera_file_until_asked(
    camera_browser: Browser,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    page, watch = open_session(camera_browser, server, speed=10, test_judge=False)
    page.get_by_role("button", name="Start the session").click()
    expect(page.locator('[data-stage="coach"]')).to_be_visible()
    urls = [url for _, url, _ in watch.requests]
    assert not [url for url in urls if re.search(r"camera|formjudge|/pose/", url)], urls
    page.close()


def test_the_service_worker_leaves_the_pose_files_out_of_its_cache(
    camera_browser: Browser,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    page = camera_browser.new_page()
    page.goto(f"{server.url}/session/daily-back")
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()  # now the worker answers this page's requests
    assert page.evaluate("Boolean(navigator.serviceWorker.controller)")
    kept = """async () => {
      await fetch("/static/pose/pose.js");
      await fetch("/static/camera.js");
      const urls = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        (await cache.keys()).forEach((request) => urls.push(new URL(request.url).pathname));
      }
      return urls;
    }"""
    urls: list[str] = page.evaluate(kept)
    assert "/static/camera.js" in urls, "the camera check's own small files work offline"
    assert not [url for url in urls if url.startswith("/static/pose/")], urls
    page.close()
