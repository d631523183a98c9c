"""The pages: what they show, and that everything they need comes from the app itself."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from starlette.testclient import TestClient

from tests.web.test_api import run_whole_session
from tests.web.test_security import PAGES


class Inspector(HTMLParser):
    """Collects scripts, styles and every URL a page loads."""

    def __init__(self) -> None:
        super().__init__()
        self.inline_scripts = 0
        self.inline_styles = 0
        self.urls: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script" and not found.get("src"):
            self.inline_scripts += 1
        if tag == "style" or "style" in found or any(k.startswith("on") for k in found):
            self.inline_styles += 1
        for key in ("src", "href"):
            if found.get(key):
                self.urls.append(found[key] or "")


def inspect(html: str) -> Inspector:
    inspector = Inspector()
    inspector.feed(html)
    return inspector


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_inline_script_or_style_and_load_nothing_from_elsewhere(
    client: TestClient, path: str
) -> None:
    answer = client.get(path)
    assert answer.status_code == 200, answer.text
    page = inspect(answer.text)
    assert page.inline_scripts == 0
    assert page.inline_styles == 0
    for url in page.urls:
        assert url.startswith(("/", "#")), url
        if url.startswith("/") and not url.startswith("/session/"):
            assert client.get(url).status_code == 200, url


def test_home_offers_todays_routine_and_a_big_start(client: TestClient) -> None:
    page = client.get("/").text
    assert "Today: Daily back routine" in page or "Today:" in page
    assert 'href="/session/daily-back"' in page
    assert "Streak" in page
    assert "No ratings yet." in page


def test_home_shows_the_last_pain_rating(client: TestClient) -> None:
    client.post("/api/pain", json={"level": 6})
    assert "6/10" in client.get("/").text


def test_a_routine_page_shows_each_stretch_with_dose_steps_cautions_and_pictures(
    client: TestClient,
) -> None:
    page = client.get("/routines/daily-back").text
    for name in ("Trunk Rotation", "Hip Flexor", "Child"):
        assert name in page
    assert "hold 5 s × 10 reps, each side" in page
    assert "Take care" in page
    assert '<img src="/figures/daily-back/cat-cow-cat.svg"' in page


def test_a_routine_page_says_the_get_ready_lasts_as_long_as_reading_the_steps(
    client: TestClient,
) -> None:
    page = " ".join(client.get("/routines/daily-back").text.split())

    assert "about 13 min 1 s" in page
    assert (
        "Before each stretch: as long as reading its steps out takes, and then time to settle "
        "(at least 10 s); between reps: 3 s to release; at least 5 s to switch sides, while the "
        "coach says which side comes next." in page
    )
    assert "10 s to get ready" not in page


def test_the_session_page_holds_the_coach_controls(client: TestClient) -> None:
    page = client.get("/session/daily-back").text
    for action in ("start", "pause", "skip", "back", "stop"):
        assert f'data-action="{action}"' in page
    assert 'aria-live="polite"' in page
    assert page.count('class="pain-button"') == 22


def test_history_lists_sessions_and_draws_charts(client: TestClient) -> None:
    run_whole_session(client, pain_before=7, pain_after=5)
    page = client.get("/history").text
    assert "Daily back" in page or "daily" in page.lower()
    assert "completed" in page
    assert "7 → 5" in page
    assert page.count('<svg class="chart"') == 2
    assert re.search(r"<circle [^>]*fill=\"#b3261e\"", page)


def test_an_unknown_routine_page_is_a_404_page(client: TestClient) -> None:
    answer = client.get("/routines/nope", headers={"accept": "text/html"})
    assert answer.status_code == 404
    assert "text/html" in answer.headers["content-type"]
    assert "no routine called" in answer.text


def test_an_unknown_page_is_a_404_page(client: TestClient) -> None:
    answer = client.get("/no-such-page", headers={"accept": "text/html"})
    assert answer.status_code == 404
    assert "<h1>" in answer.text


def test_the_library_page_shows_every_exercise_with_its_picture_cautions_and_source(
    client: TestClient,
) -> None:
    page = client.get("/routines/library").text
    for exercise in ("pelvic-tilt", "knee-to-chest", "piriformis", "glute-bridge", "sphinx"):
        assert f'<img src="/figures/library/{exercise}.svg"' in page
    assert "hold 20 s × 3 reps, each side" in page
    assert "Knee problem: hold behind your thigh, not over your knee." in page
    assert "NICE guideline NG59" in page
    figure = client.get("/figures/library/glute-bridge.svg")
    assert figure.status_code == 200 and figure.text.startswith("<svg")


def test_the_right_side_of_a_sided_library_exercise_has_its_picture_to_mirror(
    client: TestClient,
) -> None:
    steps = client.get("/api/routines/library/timeline").json()["steps"]
    for exercise in ("knee-to-chest", "piriformis"):
        sides = {s["side"]: s["figure"] for s in steps if s["exercise"] == exercise and s["side"]}
        assert sides == {"left": f"/figures/library/{exercise}.svg", "right": sides["left"]}
    css = client.get("/static/app.css").text
    assert '.coach[data-side="right"] .pose { transform: scaleX(-1); }' in css
