"""The camera judge's cost per frame, in Python and in the browser's JavaScript (node).

Run: .venv/bin/python benchmarks/form_judge.py [--frames 20000]

Frames are daily-back's figures turned into BlazePose landmarks (tests/core/form_frames.py),
jittered, one stretch after another; each judge sees them all once after a warm-up. A camera
gives 15 to 30 frames a second, so the judge's share of a frame's time budget is what matters:
the pose model itself (benchmarks/pose.py on the branch that has it) costs far more.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.core.form_frames import ASPECT, FIGURE_SIDE, figure_frame  # noqa: E402

from backstretch.catalog import Catalog  # noqa: E402
from backstretch.core.form import rules_as_dict, rules_for  # noqa: E402
from backstretch.core.form_check import FormJudge  # noqa: E402

NODE_RUNNER = """
require(process.argv[1]);
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const run = () => {
  for (const c of cases) {
    const judge = globalThis.BackstretchForm.makeJudge(c.rules, c.side);
    for (const [t, landmarks] of c.frames) judge.observe(t, landmarks, c.aspect);
  }
};
run();
const start = process.hrtime.bigint();
run();
process.stdout.write(String(Number(process.hrtime.bigint() - start) / 1e9));
"""


def workload(total: int) -> list[dict[str, object]]:
    rng = random.Random(1)
    routine = Catalog(Path(tempfile.mkdtemp())).builtin("daily-back")
    positions = [
        (exercise, phase)
        for exercise in routine.exercises
        for phase in (exercise.phases or (None,))
    ]
    each = total // len(positions)
    cases = []
    for exercise, phase in positions:
        rules = rules_for(exercise, phase)
        pose = phase.pose if phase else exercise.pose
        assert rules is not None and pose is not None
        side = FIGURE_SIDE.get(exercise.id)
        base = figure_frame(pose, side, side)
        frames = [
            (
                i / 30,
                [[x + rng.gauss(0, 0.004), y + rng.gauss(0, 0.004), z, v] for x, y, z, v in base],
            )
            for i in range(each)
        ]
        cases.append(
            {"rules": rules_as_dict(rules), "side": side, "frames": frames, "aspect": ASPECT}
        )
    return cases


def python_seconds(cases: list[dict[str, object]], rules: list[object]) -> float:
    def run() -> None:
        for case, rule in zip(cases, rules, strict=True):
            judge = FormJudge(rule, case["side"])  # type: ignore[arg-type]
            for t, landmarks in case["frames"]:  # type: ignore[attr-defined]
                judge.observe(t, landmarks, ASPECT)

    run()
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=20_000)
    args = parser.parse_args()
    cases = workload(args.frames)
    from backstretch.core.form import rules_from_dict

    rules = [rules_from_dict(case["rules"]) for case in cases]  # type: ignore[arg-type]
    count = sum(len(case["frames"]) for case in cases)  # type: ignore[arg-type]
    print(f"Camera judge, {count} frames of daily-back's {len(cases)} positions:")
    seconds = python_seconds(cases, rules)
    print(
        f"  Python      {seconds / count * 1e6:7.1f} µs a frame  ({count / seconds:9.0f} frames/s)"
    )
    node = shutil.which("node")
    if node is None:
        print("  JavaScript  not measured: node is not installed")
        return
    script = ROOT / "src" / "backstretch" / "web" / "static" / "formjudge.js"
    result = subprocess.run(
        [node, "-e", NODE_RUNNER, "--", str(script)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = float(result.stdout)
    print(
        f"  JavaScript  {seconds / count * 1e6:7.1f} µs a frame  "
        f"({count / seconds:9.0f} frames/s, node)"
    )


if __name__ == "__main__":
    main()
