"""The camera judge: from the landmarks of each frame, in position, not yet, or can't see you.

Pure and fed by its caller: a frame is the time it was taken (seconds, from any start), the 33
BlazePose landmarks ([x, y, z, visibility], x and y normalised to the picture) or None when
nobody is seen, and the picture's aspect (width / height). The judge smooths the landmarks over
time and holds a verdict steady for a moment before changing it, so it does not flicker.

Its twin in the browser is static/formjudge.js; tests/web/test_formjudge_parity.py runs both
on the same frames. A change here is a change there.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from backstretch.core.form import LANDMARKS, CheckKind, FormCheck, FormRules, View, resolve

IN_POSITION = "in_position"
NOT_YET = "not_yet"
CANT_SEE = "cant_see"

VISIBLE = 0.5  # BlazePose's visibility below which a landmark is taken as unseen
# Left and right apart by this share of the torso or more: seen from the front, not the side.
FRONT_WIDTH = 0.3
SMOOTHING_SECONDS = 0.15  # the time constant of the landmarks' moving average
RESTART_SECONDS = 1.0  # a gap this long between frames starts the average afresh
ENTER_SECONDS = 0.5  # in position this long, steadily, before it counts
LEAVE_SECONDS = 0.7  # out of position this long before it stops counting
CHANGE_SECONDS = 0.5  # a new correction (or can't see) this long before it is said
HOLD_STILL = "Hold still."
TURN_CAMERA = {
    View.SIDE: "Turn so the camera sees you from the side. ",
    View.FRONT: "Move the camera so that it faces you. ",
}

Landmark = tuple[float, float, float]  # x (in picture heights), y (down), visibility


@dataclass(frozen=True)
class Verdict:
    verdict: str
    say: str | None = None
    check: str | None = None


def landmarks_needed(rules: FormRules, side: str | None) -> tuple[tuple[str, ...], ...]:
    """What the camera must see: each landmark the checks name, as the BlazePose landmarks it
    stands for, of which one at least must be visible (a middle, `mid_hip`, is seen when one of
    the two is: from the side, the far one is often hidden). The shoulders and hips are always
    needed: the view and the torso's length are measured from them."""
    names = ["mid_shoulder", "mid_hip"]
    names.extend(name for check in rules.checks for name in check.landmarks)
    return tuple(resolve(name, side) for name in dict.fromkeys(names))


class FormJudge:
    """Judges one position of a stretch, frame by frame (a new judge for each hold)."""

    def __init__(self, rules: FormRules, side: str | None = None) -> None:
        self.rules = rules
        self.side = side
        self.smoothed: list[Landmark] | None = None
        self.last_time: float | None = None
        self.current: Verdict | None = None
        self.candidate: Verdict | None = None
        self.candidate_since = 0.0
        self.out_since: float | None = None
        self.in_since: float | None = None

    def observe(
        self, t: float, landmarks: Sequence[Sequence[float]] | None, aspect: float
    ) -> Verdict:
        """The verdict after the frame taken at `t` seconds."""
        raw = self.judge_frame(self.smooth(t, landmarks, aspect))
        return self.steady(t, raw)

    def smooth(
        self, t: float, landmarks: Sequence[Sequence[float]] | None, aspect: float
    ) -> list[Landmark] | None:
        gap = math.inf if self.last_time is None else t - self.last_time
        self.last_time = t
        if not landmarks or len(landmarks) != len(LANDMARKS):
            self.smoothed = None
            return None
        frame = [(float(p[0]) * aspect, float(p[1]), float(p[3])) for p in landmarks]
        if self.smoothed is None or not 0 <= gap < RESTART_SECONDS:
            self.smoothed = frame
            return frame
        weight = 1 - math.exp(-gap / SMOOTHING_SECONDS)
        self.smoothed = [
            (
                before[0] + weight * (now[0] - before[0]),
                before[1] + weight * (now[1] - before[1]),
                before[2] + weight * (now[2] - before[2]),
            )
            for before, now in zip(self.smoothed, frame, strict=True)
        ]
        return self.smoothed

    def judge_frame(self, frame: list[Landmark] | None) -> Verdict:
        """The verdict on one (smoothed) frame, before it is held steady."""
        cant_see = Verdict(CANT_SEE, self.rules.camera)
        if frame is None:
            return cant_see
        points = dict(zip(LANDMARKS, frame, strict=True))
        needed = landmarks_needed(self.rules, self.side)
        if any(all(points[name][2] < VISIBLE for name in group) for group in needed):
            return cant_see
        torso = distance(middle(points, "shoulder"), middle(points, "hip"))
        if torso <= 0:
            return cant_see
        if seen_from(points, torso) is not self.rules.view:
            return Verdict(CANT_SEE, TURN_CAMERA[self.rules.view] + self.rules.camera)
        failing = [c for c in self.rules.checks if not passes(c, points, torso, self.side)]
        if not failing:
            return Verdict(IN_POSITION)
        first = min(failing, key=lambda c: c.priority)  # ties: the one listed first
        return Verdict(NOT_YET, first.say, first.id)

    def steady(self, t: float, raw: Verdict) -> Verdict:
        """Hold the verdict steady: in position after ENTER_SECONDS, out after LEAVE_SECONDS,
        another correction after CHANGE_SECONDS."""
        if raw.verdict == IN_POSITION:
            self.out_since = None
            self.in_since = t if self.in_since is None else self.in_since
        else:
            self.in_since = None
            self.out_since = t if self.out_since is None else self.out_since
        if raw != self.candidate:
            self.candidate, self.candidate_since = raw, t
        self.current = self.next_verdict(t, raw)
        return self.current

    def next_verdict(self, t: float, raw: Verdict) -> Verdict:
        current = self.current
        if raw.verdict == IN_POSITION:
            assert self.in_since is not None
            if t - self.in_since >= ENTER_SECONDS:
                return raw
            return current or Verdict(NOT_YET, HOLD_STILL)
        if current is None:
            return raw
        if current.verdict == IN_POSITION:
            assert self.out_since is not None
            return raw if t - self.out_since >= LEAVE_SECONDS else current
        if raw == current or t - self.candidate_since >= CHANGE_SECONDS:
            return raw
        return current


def passes(check: FormCheck, points: dict[str, Landmark], torso: float, side: str | None) -> bool:
    """Whether the frame passes one check."""
    at = [position(points, resolve(name, side)) for name in check.landmarks]
    if check.kind is CheckKind.ANGLE:
        angle = angle_at(at[1], at[0], at[2])
        return check.low - check.tolerance <= angle <= check.high + check.tolerance
    landmark, reference = at[0], at[1]
    if check.kind is CheckKind.NEAR:
        return distance(landmark, reference) <= check.margin * torso
    if check.kind is CheckKind.BELOW:
        return landmark[1] - reference[1] >= check.margin * torso
    if check.kind is CheckKind.ABOVE:
        return reference[1] - landmark[1] >= check.margin * torso
    return beyond(landmark, reference, at[2]) >= check.margin * torso


def seen_from(points: dict[str, Landmark], torso: float) -> View:
    """Side when the left and right shoulders and hips nearly overlap, else front."""
    widths = [
        distance(position(points, (f"left_{part}",)), position(points, (f"right_{part}",)))
        for part in ("shoulder", "hip")
    ]
    return View.FRONT if sum(widths) / 2 >= FRONT_WIDTH * torso else View.SIDE


def position(points: dict[str, Landmark], names: tuple[str, ...]) -> tuple[float, float]:
    xs = [points[name][0] for name in names]
    ys = [points[name][1] for name in names]
    return sum(xs) / len(xs), sum(ys) / len(ys)


def middle(points: dict[str, Landmark], part: str) -> tuple[float, float]:
    return position(points, (f"left_{part}", f"right_{part}"))


def distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.hypot(b[0] - a[0], b[1] - a[1])


def beyond(
    point: tuple[float, float], past: tuple[float, float], start: tuple[float, float]
) -> float:
    """How far `point` is past `past` along the line from `start` through `past`."""
    length = distance(start, past)
    if length == 0:
        return 0.0
    along = (point[0] - past[0]) * (past[0] - start[0]) + (point[1] - past[1]) * (
        past[1] - start[1]
    )
    return along / length


def angle_at(vertex: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    """The angle a-vertex-b in degrees, 0 to 180 (180 is a straight line)."""
    first = (a[0] - vertex[0], a[1] - vertex[1])
    second = (b[0] - vertex[0], b[1] - vertex[1])
    lengths = math.hypot(*first) * math.hypot(*second)
    if lengths == 0:
        return 0.0
    cosine = (first[0] * second[0] + first[1] * second[1]) / lengths
    return math.degrees(math.acos(max(-1.0, min(1.0, cosine))))
