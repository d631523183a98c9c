"""What the browser coach says and beeps. There is no sound card here, so the page's speech and
audio APIs are replaced by recorders before the page loads; the page cannot tell."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from tests.web.test_browser import (  # noqa: F401 - fixtures used by name
    LiveServer,
    begin,
    browser_type_launch_args,
    server,
)

pytestmark = pytest.mark.browser

RECORDERS = """
window.__spoken = [];
window.__beeps = [];
if (window.speechSynthesis) {
  window.speechSynthesis.speak = (utterance) => window.__spoken.push(utterance.text);
  window.speechSynthesis.cancel = () => {};
}
const Context = window.AudioContext || window.webkitAudioContext;
if (Context) {
  const create = Context.prototype.createOscillator;
  Context.prototype.createOscillator = function () {
    const oscillator = create.call(this);
    const start = oscillator.start.bind(oscillator);
    oscillator.start = (when) => {
      window.__beeps.push(oscillator.frequency.value);
      return start(when);
    };
    return oscillator;
  };
}
"""


def heard(page: Page) -> tuple[list[str], list[Any]]:
    spoken: list[str] = page.evaluate("window.__spoken")
    beeps: list[Any] = page.evaluate("window.__beeps")
    return spoken, beeps


def test_the_coach_speaks_each_cue_and_beeps_the_count(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    page.add_init_script(RECORDERS)
    begin(page, server)
    page.clock.run_for(31_000)  # get ready (10 s), two holds with a release, into the third
    spoken, beeps = heard(page)
    assert spoken[0].startswith("Trunk Rotation. Lie on your back on a mat")
    assert "Hold." in spoken
    assert "Release." in spoken
    assert len(beeps) >= 6, "3-2-1 before each of the first two holds ends"


def test_switching_the_voice_off_silences_it_but_keeps_the_beeps(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    page.add_init_script(RECORDERS)
    begin(page, server)
    page.get_by_label("Voice").uncheck()
    said_before, _ = heard(page)  # the stretch's name, said as the session started
    page.clock.run_for(31_000)
    spoken, beeps = heard(page)
    assert spoken == said_before
    assert len(beeps) >= 6
