from __future__ import annotations

import io
import itertools
import os
import shutil
import sys
import time
import wave
from pathlib import Path

import pytest

from backstretch.cli.keyboard import Keyboard, decode_keys
from backstretch.cli.sound import Bell, Voice
from backstretch.core.events import Event, EventName


def test_arrow_keys_and_escape_are_decoded_by_name() -> None:
    assert decode_keys("\x1b[C\x1b[D n") == ["right", "left", " ", "n"]
    assert decode_keys("\x1b") == ["escape"]
    assert decode_keys("q?") == ["q", "?"]


def test_without_a_terminal_the_keyboard_only_waits() -> None:
    keyboard = Keyboard(io.StringIO())
    began = time.monotonic()
    assert keyboard.wait(0.02) == []
    assert time.monotonic() - began >= 0.02
    assert not keyboard.interactive


def test_the_bell_rings_once_per_count_and_twice_at_the_end_of_a_hold() -> None:
    stream = io.StringIO()
    bell = Bell(stream)
    for name in (EventName.COUNTDOWN, EventName.HOLD_START, EventName.HOLD_END):
        bell.on_event(Event(name, 0.0, 0.0))
    assert stream.getvalue() == "\a\a\a"


def test_the_voice_speaks_each_cue_through_the_speech_command(tmp_path: Path) -> None:
    record = tmp_path / "said.txt"
    script = tmp_path / "speak.py"
    script.write_text(f"import sys\nopen({str(record)!r}, 'a').write(sys.argv[-1] + '\\n')\n")
    voice = Voice([sys.executable, str(script)])
    voice.say("Hold.")
    voice.say("Release.")
    voice.close()
    assert record.read_text().splitlines() == ["Hold.", "Release."]


def fake_speech_engine(tmp_path: Path) -> tuple[list[str], Path]:
    """A stand-in for espeak-ng that takes 0.02 s a word and logs when each phrase ran."""
    record = tmp_path / "spoken.log"
    script = tmp_path / "speak.py"
    script.write_text(
        "import sys, time\n"
        "text = sys.argv[-1]\n"
        "began = time.monotonic()\n"
        "time.sleep(0.02 * len(text.split()))\n"
        f"with open({str(record)!r}, 'a') as log:\n"
        "    log.write(f'{began} {time.monotonic()} {text}\\n')\n"
    )
    return [sys.executable, str(script)], record


def spoken(record: Path) -> list[tuple[float, float, str]]:
    rows = [row.split(" ", 2) for row in record.read_text().splitlines()]
    return sorted((float(began), float(ended), text) for began, ended, text in rows)


def test_the_voice_never_cuts_a_phrase_or_talks_over_it_and_drops_a_late_count(
    tmp_path: Path,
) -> None:
    command, record = fake_speech_engine(tmp_path)
    voice = Voice(command)
    steps = "Lie on your back with your knees bent. " * 4
    voice.say(f"Trunk Rotation. {steps}First, left side: roll both knees to your left.")
    time.sleep(0.05)
    voice.say("Left, 1 of 10. Hold.")
    for count in ("3", "2", "1"):
        voice.say(count, droppable=True)
    voice.say("Release.")
    voice.say("Left, 2 of 10. Hold.")
    voice.close()
    said = spoken(record)
    assert [text for _, _, text in said] == [
        f"Trunk Rotation. {steps}First, left side: roll both knees to your left.",
        "Left, 2 of 10. Hold.",
    ]
    for (_, ended, _), (began, _, _) in itertools.pairwise(said):
        assert began >= ended


def test_the_voice_says_the_count_when_it_is_free(tmp_path: Path) -> None:
    command, record = fake_speech_engine(tmp_path)
    voice = Voice(command)
    for text in ("Left, 10 of 10. Last one. Hold.", "3", "2", "1"):
        voice.say(text, droppable=text.isdigit())
        time.sleep(0.6)
    voice.close()
    assert [text for _, _, text in spoken(record)] == [
        "Left, 10 of 10. Last one. Hold.",
        "3",
        "2",
        "1",
    ]


def test_a_missing_speech_command_does_not_stop_the_session() -> None:
    voice = Voice(["/nonexistent/espeak-ng"])
    voice.say("Hold.")
    voice.close()
    assert voice.speaking is None


@pytest.mark.skipif(
    shutil.which("espeak-ng") is None and not os.environ.get("CI"),
    reason="espeak-ng is installed by scripts/test; CI always has it",
)
def test_espeak_ng_turns_a_cue_into_audible_speech(tmp_path: Path) -> None:
    wav = tmp_path / "cue.wav"
    engine = shutil.which("espeak-ng")
    assert engine is not None, "scripts/test installs espeak-ng"
    voice = Voice([engine, "-w", str(wav)])
    voice.say("Switch sides.")
    voice.close()
    with wave.open(str(wav)) as audio:
        seconds = audio.getnframes() / audio.getframerate()
    assert 0.4 < seconds < 3.0
