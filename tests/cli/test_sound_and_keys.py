from __future__ import annotations

import io
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
    voice.close()
    voice.say("Release.")
    voice.close()
    assert record.read_text().splitlines() == ["Hold.", "Release."]


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
