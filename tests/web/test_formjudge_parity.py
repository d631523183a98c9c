"""The browser's judge (static/formjudge.js) says what the Python judge says, frame by frame:
both run on the same streams of frames made from the routine's figures (in position, a joint
moved, seen faintly, nobody there, wrong way round, and jittered as a camera's estimates are)."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from backstretch.catalog import Catalog
from backstretch.core.form import FormRules, rules_as_dict, rules_for
from backstretch.core.form_check import FormJudge
from backstretch.core.routine import Routine
from tests.core.form_frames import ASPECT, FIGURE_SIDE, figure_frame, frames
from tests.core.test_form_check import MOVES, STANDING

STATIC = Path(__file__).resolve().parents[2] / "src" / "backstretch" / "web" / "static"
RUNNER = """
require(process.argv[1]);
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = cases.map((c) => {
  const judge = globalThis.BackstretchForm.makeJudge(c.rules, c.side);
  return c.frames.map(([t, landmarks, aspect]) => judge.observe(t, landmarks, aspect));
});
process.stdout.write(JSON.stringify(out));
"""
NODE = shutil.which("node")

Frame = tuple[float, Any, float]


def jittered(landmarks: list[list[float]], rng: random.Random, size: float) -> list[list[float]]:
    return [
        [
            x + rng.gauss(0, size),
            y + rng.gauss(0, size),
            z,
            min(1.0, max(0.0, v + rng.gauss(0, 0.2))),
        ]
        for x, y, z, v in landmarks
    ]


def stream(
    parts: list[tuple[list[list[float]] | None, float]], rng: random.Random, size: float
) -> list[Frame]:
    out: list[Frame] = []
    start = 0.0
    for landmarks, seconds in parts:
        for t, points in frames(landmarks, seconds, start):
            shaken = jittered(points, rng, size) if points and size else points
            out.append((round(t + rng.uniform(0, 0.01), 4), shaken, ASPECT))
        start += seconds + (1.2 if rng.random() < 0.2 else 0)  # now and then a gap
    return out


def cases(routine: Routine) -> Iterator[tuple[FormRules, str | None, list[Frame]]]:
    rng = random.Random(15)
    for exercise in routine.exercises:
        for phase in exercise.phases or (None,):
            rules = rules_for(exercise, phase)
            pose = phase.pose if phase else exercise.pose
            assert rules is not None and pose is not None
            moves = [
                m
                for (e, p, _), m in MOVES.items()
                if e == exercise.id and p in (None, phase and phase.name)
            ]
            for side in exercise.side_order:
                name = side.value if side else None
                figure_side = FIGURE_SIDE.get(exercise.id)
                good = figure_frame(pose, name, figure_side)
                faint = figure_frame(pose, name, figure_side, visibility=0.45)
                parts: list[tuple[list[list[float]] | None, float]] = [
                    (None, 0.3),
                    (good, 1.2),
                    *(
                        part
                        for m in moves
                        for part in (
                            (figure_frame(pose, name, figure_side, m), 1.4),
                            (good, rng.uniform(0.1, 0.9)),  # now long enough, now too short
                        )
                    ),
                    (good, 0.6),
                    (faint, 0.8),
                    (figure_frame(STANDING), 0.8),
                    (good, 1.0),
                ]
                for size in (0.0, 0.004, 0.02):
                    yield rules, name, stream(parts, rng, size)


@pytest.mark.skipif(NODE is None, reason="node is not installed")
def test_the_browsers_judge_gives_the_python_judges_verdicts(tmp_path: Path) -> None:
    routine = Catalog(tmp_path).builtin("daily-back")
    listed = list(cases(routine))
    expected = []
    for rules, side, frames_ in listed:
        judge = FormJudge(rules, side)
        expected.append([vars(judge.observe(t, points, aspect)) for t, points, aspect in frames_])
    given = [
        {"rules": rules_as_dict(rules), "side": side, "frames": frames_}
        for rules, side, frames_ in listed
    ]
    result = subprocess.run(
        [str(NODE), "-e", RUNNER, "--", str(STATIC / "formjudge.js")],
        input=json.dumps(given),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    actual = json.loads(result.stdout)
    assert len(actual) == len(expected)
    verdicts_seen = set()
    for index, (python, browser) in enumerate(zip(expected, actual, strict=True)):
        assert browser == python, f"case {index} ({listed[index][0].checks[0].id})"
        verdicts_seen |= {(v["verdict"], v["check"]) for v in python}
    # The streams exercise every verdict and every check's correction.
    assert {"in_position", "not_yet", "cant_see"} <= {v for v, _ in verdicts_seen}
    assert {check for _, _, check in MOVES} <= {c for _, c in verdicts_seen}
