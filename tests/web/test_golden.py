"""One coach, two front ends: the same script of presses, at the same session times, played by
the terminal's session loop (engine, keys, recorder, on a FakeClock) and by the page in Chromium
(Playwright's clock, paused so that only the script moves it). The holds both store must agree
field by field, held seconds to the millisecond, and so must the status and the pain report."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from backstretch.catalog import Catalog
from backstretch.cli.session_runner import SessionRunner
from backstretch.cli.session_views import PlainView
from backstretch.coach.pain import PainAsked, report_pain
from backstretch.coach.recorder import SessionRecorder
from backstretch.core.clock import FakeClock
from backstretch.core.engine import SessionEngine
from backstretch.core.history import HoldRecord
from backstretch.core.pain_rules import PainAction, PainKind
from backstretch.core.timeline import StepKind, plan
from backstretch.storage import open_repository
from backstretch.storage.repository import Repository
from tests.cli.fakes import ScriptedKeyboard
from tests.web.test_browser import (  # noqa: F401 - fixtures used by name
    LiveServer,
    browser_type_launch_args,
    saved,
    server,
    tap,
)
from tests.web.test_browser_honesty import begin

pytestmark = pytest.mark.browser


def session_script(home: Path) -> list[tuple[float, str]]:
    """Session seconds at speed 1, and what is pressed. In daily-back, trunk rotation has holds
    of 5 s with 3 s releases; cat-cow holds of 5 s, cat then cow; hip flexor holds of 10 s. Each
    stretch starts with a get-ready as long as its steps take to read out (core/reading.py)."""
    steps = plan(Catalog(home).load("daily-back")).steps
    trunk, cat_cow, hip = [s.duration for s in steps if s.kind is StepKind.GET_READY][:3]
    rest = trunk + 18.5  # 1.5 s into hold 1 again: the rest of trunk rotation is skipped
    pain = rest + cat_cow + 7  # cat-cow: hold 21 done, 2 s into hold 22; stops cat-cow
    return [
        (trunk + 10, "pause"),  # 2 s into hold 2
        (trunk + 14, "skip"),  # hold 2 skipped after 2 s; hold 3 starts, paused
        (trunk + 15, "skip"),  # hold 3 reached and skipped while paused: 0 s held
        (trunk + 16, "back"),  # past holds 3 and 2 (skipped) to hold 1, the last done; paused
        (trunk + 17, "pause"),  # resume
        (rest, "skip-rest"),
        (pain, "pain 7 sharp"),
        (pain + hip + 17, "stop"),  # hip flexor: hold 41 done, 4 s into hold 42; stop, confirmed
    ]


TERMINAL_KEYS = {
    "pause": [" "],
    "skip": ["right"],
    "back": ["left"],
    "skip-rest": ["s"],
    "pain 7 sharp": ["!", "7", "enter", "s"],
    "stop": ["q", "y"],
}
FIELDS = (
    "hold_number",
    "exercise",
    "rep",
    "side",
    "phase",
    "completed",
    "held_seconds",
    "planned_seconds",
)


class OrderedKeyboard(ScriptedKeyboard):
    """Keys pressed at the same moment arrive in the order written."""

    def __init__(self, clock: FakeClock, script: list[tuple[float, str]]) -> None:
        super().__init__(clock, script)
        self.script = list(script)


def rows(holds: list[HoldRecord]) -> list[tuple[Any, ...]]:
    return [tuple(getattr(h, name) for name in FIELDS) for h in sorted(holds, key=_number)]


def _number(hold: HoldRecord) -> int:
    return hold.hold_number


def reports(repository: Repository) -> list[tuple[str, int, PainKind, PainAction]]:
    return [(r.exercise, r.level, r.kind, r.action) for r in repository.pain_reports()]


def in_the_terminal(home: Path, script: list[tuple[float, str]]) -> tuple[Repository, str]:
    """The script through `backstretch start`'s session loop, engine and recorder."""
    routine = Catalog(home).load("daily-back")
    timeline = plan(routine)
    clock = FakeClock()
    repository = open_repository(home)
    recorder = SessionRecorder(repository)
    session_id = recorder.begin(routine, timeline, 1.0, clock.now())
    engine = SessionEngine(timeline, clock)
    view = PlainView(io.StringIO(), routine)
    keys = [(at, key) for at, action in script for key in TERMINAL_KEYS[action]]
    keyboard: Any = OrderedKeyboard(clock, keys)

    def store(event: Any) -> None:
        recorder.on_event(event, clock.now())

    def report(asked: PainAsked) -> PainAction:
        stored = report_pain(repository, session_id, timeline.holds, asked, clock.now())
        return stored.report.action

    runner = SessionRunner(engine, keyboard, view, [store, view.on_event], clock)
    runner.on_pain = report
    runner.run()
    recorder.finish(engine.status, clock.now())
    return repository, session_id


def in_the_browser(page: Page, live: LiveServer, script: list[tuple[float, str]]) -> str:
    """The script pressed on the session page, the page's clock moved only between presses."""
    session_id = begin(page, live)
    now = 0.0
    for at, action in script:
        page.clock.run_for(round((at - now) * 1000))
        now = at
        PRESSES[action](page)
    page.get_by_role("button", name="Skip").click()  # no pain rating after
    saved(page)
    return session_id


def pain_7_sharp(page: Page) -> None:
    page.keyboard.press("!")
    dialog = page.get_by_role("dialog")
    tap(page, dialog.get_by_role("button", name="7", exact=True))
    tap(page, dialog.get_by_role("button", name="Sharp, shooting or electric"))
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name="Pause")).to_be_visible()  # resumed


def stop(page: Page) -> None:
    page.keyboard.press("Escape")
    tap(page, page.get_by_role("dialog").get_by_role("button", name="Stop the session"))
    expect(page.locator('[data-stage="after"]')).to_be_visible()


PRESSES: dict[str, Callable[[Page], None]] = {
    "pause": lambda page: page.keyboard.press("Space"),
    "skip": lambda page: page.keyboard.press("ArrowRight"),
    "back": lambda page: page.keyboard.press("ArrowLeft"),
    "skip-rest": lambda page: page.keyboard.press("s"),
    "pain 7 sharp": pain_7_sharp,
    "stop": stop,
}


def test_the_terminal_and_the_browser_store_the_same_holds_for_the_same_presses(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
    tmp_path: Path,
) -> None:
    terminal_home = tmp_path / "terminal"
    terminal_home.mkdir()
    script = session_script(terminal_home)
    terminal, terminal_id = in_the_terminal(terminal_home, script)
    browser_id = in_the_browser(page, server, script)

    expected = rows(terminal.holds(terminal_id))
    assert rows(server.repository.holds(browser_id)) == expected
    assert reports(server.repository) == reports(terminal)
    [browser_session] = server.repository.summaries()
    [terminal_session] = terminal.summaries()
    assert browser_session.session.status == terminal_session.session.status
    terminal.close()

    # and the script did what it says: the same answer from both, and the right one
    held = {row[0]: (row[5], row[6]) for row in expected}
    assert held[1] == (True, 5.0)
    assert held[2] == (False, 2.0)  # skipped 2 s in; pausing moved no time into it
    assert held[3] == (False, 0.0)  # reached and skipped while paused
    assert all(held[n] == (False, 0.0) for n in range(4, 21))
    assert held[21] == (True, 5.0)
    assert held[22] == (False, 2.0)  # stopped for pain 2 s in
    assert all(held[n] == (False, 0.0) for n in range(23, 41))
    assert held[41] == (True, 10.0)
    assert sorted(held) == list(range(1, 42))  # hold 42, under way at the stop, is not stored
    assert terminal_session.session.status.value == "partial"
