"""What the browser coach says and beeps. There is no sound card here, so the page's speech and
audio APIs are replaced by recorders before the page loads; the page cannot tell."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from tests.web.plan_times import FIRST_HOLD_MS
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
    page.clock.run_for(FIRST_HOLD_MS + 21_000)  # get ready, two holds with a release, the third
    spoken, beeps = heard(page)
    assert spoken[0].startswith("Trunk Rotation. Lie on your back on a mat")
    assert "Left, 1 of 10. Hold." in spoken
    assert [text for text in spoken if text.isdigit()][:3] == ["3", "2", "1"]
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
    page.clock.run_for(FIRST_HOLD_MS + 21_000)
    spoken, beeps = heard(page)
    assert spoken == said_before
    assert len(beeps) >= 6


# A voice that takes 0.2 s a word, as a slow speech engine would: each phrase is logged with
# when it began and ended, and the live region's changes are counted.
SLOW_VOICE = """
window.__phrases = [];
window.__announced = [];
if (window.speechSynthesis) {
  let current = null;
  Object.defineProperty(window.speechSynthesis, "speaking", { get: () => current !== null });
  Object.defineProperty(window.speechSynthesis, "pending", { get: () => false });
  window.speechSynthesis.speak = (utterance) => {
    const phrase = { text: utterance.text, began: performance.now(), ended: null };
    if (current) phrase.overlapped = current.text;
    current = phrase;
    window.__phrases.push(phrase);
    setTimeout(() => {
      phrase.ended = performance.now();
      current = null;
      if (utterance.onend) utterance.onend();
    }, 200 * utterance.text.split(" ").length);
  };
  window.speechSynthesis.cancel = () => {};
}
document.addEventListener("DOMContentLoaded", () => {
  const region = document.querySelector("[data-announcer]");
  new MutationObserver(() => window.__announced.push(region.textContent)).observe(region, {
    childList: true,
    characterData: true,
    subtree: true,
  });
});
"""


def test_no_phrase_talks_over_another_and_the_live_region_changes_once_per_step(
    page: Page,
    server: LiveServer,  # noqa: F811 - the fixture
) -> None:
    page.add_init_script(SLOW_VOICE)
    begin(page, server)
    page.clock.run_for(FIRST_HOLD_MS + 20_000)  # get ready, two holds and releases, into the third
    phrases: list[dict[str, Any]] = page.evaluate("window.__phrases")
    announced: list[str] = page.evaluate("window.__announced")
    assert not [p for p in phrases if "overlapped" in p]
    texts = [p["text"] for p in phrases]
    # the instructions take about 18 s to say: the first hold's words wait for them, not cut them
    assert texts[0].startswith("Trunk Rotation. Lie on your back")
    assert texts[0].endswith("First, left side: roll both knees to your left.")
    assert "Left, 3 of 10. Hold." in texts
    assert texts[texts.index("Left, 3 of 10. Hold.") + 1 :][:1] == ["3"]
    assert [text.split(":")[0] for text in announced] == [
        "Starting Daily back stretches",
        "Left side, rep 1 of 10",
        "Release and relax.",
        "Left side, rep 2 of 10",
        "Release and relax.",
        "Left side, rep 3 of 10",
    ]
