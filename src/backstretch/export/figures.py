"""Pictures of the stretches: each pose drawn as a friendly figure on a mat, as SVG text.

Core poses in, SVG out, and the same input always gives the same bytes (numbers are rounded,
nothing random), so the terminal, the handout and the web app show one picture. Only plain SVG
is used (paths, circles, rectangles, opacity; no filters or CSS), because the PDF handout draws
the same SVG through fpdf2, whose SVG support stops there. The glow on the area where the
stretch is felt is therefore a few soft strokes stacked up rather than a blur.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from xml.sax.saxutils import escape, quoteattr

from backstretch.core.pose import Area, Point, Pose, View, bounds, lerp, midpoint
from backstretch.core.routine import Exercise, Routine

BODY = "#4a78b5"  # the near side of the body, the trunk and the head
FAR = "#93b0da"  # the limbs on the far side, a lighter tint so the near ones stand out
MAT = "#d3eadf"
MAT_EDGE = "#9cc9b3"
FLOOR = "#c5d0da"
GLOW = "#ff7b47"  # the soft halo around where the stretch is felt
WARM = "#f2784b"  # the felt part itself

# Thicknesses in pose units (about centimetres), seen from the side and from above.
SIDE_WIDTHS = {"upper_back": 25.0, "lower_back": 23.0, "neck": 10.0, "upper_arm": 9.5}
TOP_WIDTHS = {"upper_back": 30.0, "lower_back": 26.0, "neck": 11.0, "upper_arm": 9.5}
LIMB_WIDTHS = {"forearm": 7.5, "thigh": 15.0, "lower_leg": 10.5, "foot": 7.0}
# The trunk's thickness from the neck (0) to the hips (1), and how far its rounded ends reach
# past the neck and the hips; from the side the chest is deep and the seat rounds off.
SIDE_TRUNK = ((0.0, 22.0), (0.3, 25.0), (0.7, 23.0), (1.0, 24.0))
TOP_TRUNK = ((0.0, 32.0), (0.3, 30.0), (0.7, 26.0), (1.0, 29.0))
SIDE_TRUNK_ENDS = (6.0, 9.0)
TOP_TRUNK_ENDS = (7.0, 8.0)
TRUNK_SAMPLES = 20
HEAD_RADIUS = 11.0
HAND_RADIUS = 4.6
MAT_THICKNESS = 4.0
MARGIN = 8.0
# The halo behind the body: (extra width around the part, opacity), widest and faintest first.
GLOW_LAYERS = ((24.0, 0.10), (16.0, 0.12), (9.0, 0.16))
CORE_WIDTH = 0.62  # the warm core over the part, as a share of the part's width


@dataclass(frozen=True)
class Figure:
    """One picture: a position of a stretch, ready to write as `file_name`."""

    exercise: str
    position: str | None  # the phase's name, or None for a single-position stretch
    title: str
    svg: str
    size: tuple[float, float]  # width and height in pose units (about centimetres)

    @property
    def file_name(self) -> str:
        parts = [self.exercise, *([slug(self.position)] if self.position else [])]
        return "-".join(parts) + ".svg"


def slug(text: str) -> str:
    """`Breathe in` -> `breathe-in`: safe in a file name."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "position"


def exercise_figures(exercise: Exercise) -> list[Figure]:
    """A picture of every position of a stretch that has a pose (both of cat-cow's)."""
    found = []
    for phase in exercise.hold_phases:
        if phase.pose is None:
            continue
        position = phase.name if exercise.phases else None
        title = f"{exercise.name}: {phase.name}" if position else exercise.name
        size = Canvas(phase.pose).size
        found.append(Figure(exercise.id, position, title, render_pose(phase.pose, title), size))
    return found


def routine_figures(routine: Routine) -> list[Figure]:
    return [figure for exercise in routine.exercises for figure in exercise_figures(exercise)]


def render_pose(pose: Pose, title: str = "", scale: float = 2.0) -> str:
    """The pose as an SVG document, `scale` pixels per pose unit (all figures share a scale)."""
    canvas = Canvas(pose)
    width, height = canvas.size
    label = title or "A stretch"
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
        f'width="{number(width * scale)}" height="{number(height * scale)}" '
        f'viewBox="0 0 {number(width)} {number(height)}" role="img" '
        f"aria-label={quoteattr(label)}>",
        f"<title>{escape(label)}</title>",
        *canvas.mat(),
        *canvas.halo(),
        *canvas.body(),
        *canvas.core(),
        "</svg>",
    ]
    return "\n".join(parts) + "\n"


def number(value: float) -> str:
    """A coordinate, rounded so the same pose always gives the same text."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class Canvas:
    """Places a pose on the page (y up in the pose, y down in SVG) and draws its parts."""

    def __init__(self, pose: Pose) -> None:
        self.pose = pose
        self.widths = {**(TOP_WIDTHS if pose.view is View.TOP else SIDE_WIDTHS), **LIMB_WIDTHS}
        low, high = self.extent()
        self.origin = Point(low.x - MARGIN, high.y + MARGIN)
        self.size = (high.x - low.x + 2 * MARGIN, high.y - low.y + 2 * MARGIN)

    def extent(self) -> tuple[Point, Point]:
        """The box around the body and the mat, with room for the widest part and the glow."""
        points = self.pose.points().values()
        low, high = bounds(points)
        room = HEAD_RADIUS + GLOW_LAYERS[0][0] / 2
        low, high = Point(low.x - room, low.y - room), Point(high.x + room, high.y + room)
        if self.pose.view is View.SIDE:  # nothing is drawn under the mat
            low = Point(low.x, -MAT_THICKNESS)
        return low, high

    def at(self, point: Point) -> str:
        return f"{number(point.x - self.origin.x)} {number(self.origin.y - point.y)}"

    # The mat

    def mat(self) -> list[str]:
        if self.pose.view is View.TOP:
            return [self.top_mat()]
        width, _ = self.size
        left, right = MARGIN / 2, width - MARGIN / 2
        floor_y = self.origin.y
        return [
            f'<g class="mat"><line x1="0" y1="{number(floor_y + MAT_THICKNESS)}" '
            f'x2="{number(width)}" y2="{number(floor_y + MAT_THICKNESS)}" stroke="{FLOOR}" '
            'stroke-width="1"/>'
            f'<rect x="{number(left)}" y="{number(floor_y)}" width="{number(right - left)}" '
            f'height="{number(MAT_THICKNESS)}" rx="1.5" fill="{MAT}" stroke="{MAT_EDGE}" '
            'stroke-width="0.6"/></g>'
        ]

    def top_mat(self) -> str:
        """Seen from above the mat is a band 64 wide under the trunk, from beyond the head to
        beyond the feet; outstretched arms and dropped knees reach past its edges."""
        pose = self.pose
        names = ("head", "left_knee", "right_knee", "left_toes", "right_toes")
        low, high = bounds(pose[name] for name in names)
        centre = midpoint(pose["neck"], pose.hip_centre).y
        half = 32.0
        corner = Point(low.x - HEAD_RADIUS - 8, centre + half)
        length = high.x - low.x + HEAD_RADIUS + 18
        x, y = self.at(corner).split()
        return (
            f'<g class="mat"><rect x="{x}" y="{y}" width="{number(length)}" '
            f'height="{number(2 * half)}" rx="4" fill="{MAT}" stroke="{MAT_EDGE}" '
            'stroke-width="0.8"/></g>'
        )

    # The body

    def body(self) -> Iterator[str]:
        # Seen from above both arms lie flat on the floor; only the leg underneath is shaded.
        far_arm = BODY if self.pose.view is View.TOP else FAR
        yield '<g class="body" stroke-linecap="round" stroke-linejoin="round" fill="none">'
        yield from self.limbs("right", FAR, far_arm)
        yield from self.trunk()
        yield from self.limbs("left", BODY, BODY)
        yield "</g>"

    def limbs(self, side: str, leg_colour: str, arm_colour: str) -> Iterator[str]:
        """A leg and an arm. The left ones are drawn after the head, which the near arm
        passes in front of (child's pose)."""
        pose = self.pose
        yield f'<g class="{side}">'
        yield self.segment(pose[f"{side}_hip"], pose[f"{side}_knee"], "thigh", leg_colour)
        yield self.segment(pose[f"{side}_knee"], pose[f"{side}_ankle"], "lower_leg", leg_colour)
        yield self.segment(pose[f"{side}_ankle"], pose[f"{side}_toes"], "foot", leg_colour)
        shoulder, elbow, wrist = (
            pose[f"{side}_{joint}"] for joint in ("shoulder", "elbow", "wrist")
        )
        yield self.segment(shoulder, elbow, "upper_arm", arm_colour)
        yield self.segment(elbow, wrist, "forearm", arm_colour)
        yield self.circle(wrist, HAND_RADIUS, arm_colour, "hand")
        yield "</g>"

    def trunk(self) -> Iterator[str]:
        pose = self.pose
        yield '<g class="trunk">'
        yield self.segment(pose["neck"], pose["head"], "neck", BODY)
        yield (
            f'<path class="torso" d="{self.smooth_closed(self.trunk_outline())}" fill="{BODY}" '
            f'stroke="{BODY}" stroke-width="1"/>'
        )
        yield self.circle(pose["head"], HEAD_RADIUS, BODY, "head")
        yield "</g>"

    def trunk_outline(self) -> list[Point]:
        """The torso: a band along the spine, thick at the chest and seat, with rounded ends."""
        top = self.pose.view is View.TOP
        profile, (neck_end, seat_end) = (
            (TOP_TRUNK, TOP_TRUNK_ENDS) if top else (SIDE_TRUNK, SIDE_TRUNK_ENDS)
        )
        start, control, end = self.pose.spine()
        samples = [i / TRUNK_SAMPLES for i in range(TRUNK_SAMPLES + 1)]
        centres = [bezier(start, control, end, t) for t in samples]
        normals = [normal(bezier_tangent(start, control, end, t)) for t in samples]
        halves = [thickness(profile, t) / 2 for t in samples]
        one_side = [c + n.scaled(h) for c, n, h in zip(centres, normals, halves, strict=True)]
        other = [c - n.scaled(h) for c, n, h in zip(centres, normals, halves, strict=True)]
        seat = rounded_end(centres[-1], normals[-1], halves[-1], seat_end)
        neck = rounded_end(centres[0], normals[0].scaled(-1), halves[0], neck_end)
        return [*one_side, *seat, *reversed(other), *neck]

    def smooth_closed(self, points: list[Point]) -> str:
        """A closed outline that rounds off every corner: curves from the middle of each edge
        to the middle of the next, bending toward the corner between them."""
        middles = [midpoint(a, b) for a, b in zip(points, [*points[1:], points[0]], strict=True)]
        steps = [
            f"Q {self.at(corner)} {self.at(middle)}"
            for corner, middle in zip(
                [*points[1:], points[0]], [*middles[1:], middles[0]], strict=True
            )
        ]
        return f"M {self.at(middles[0])} {' '.join(steps)} Z"

    def spine_halves(self) -> tuple[tuple[Point, Point, Point], tuple[Point, Point, Point]]:
        """The back's curve split at the mid-back: neck to mid-back, mid-back to hips."""
        start, control, end = self.pose.spine()
        first, second = lerp(start, control, 0.5), lerp(control, end, 0.5)
        middle = midpoint(first, second)
        return (start, first, middle), (middle, second, end)

    def segment(self, start: Point, end: Point, part: str, colour: str) -> str:
        return (
            f'<path class="{part}" d="M {self.at(start)} L {self.at(end)}" stroke="{colour}" '
            f'stroke-width="{number(self.widths[part])}"/>'
        )

    def curve(self, points: tuple[Point, Point, Point], width: float, colour: str) -> str:
        start, control, end = points
        return (
            f'<path d="M {self.at(start)} Q {self.at(control)} {self.at(end)}" '
            f'stroke="{colour}" stroke-width="{number(width)}"/>'
        )

    def circle(self, centre: Point, radius: float, colour: str, part: str) -> str:
        x, y = self.at(centre).split()
        return f'<circle class="{part}" cx="{x}" cy="{y}" r="{number(radius)}" fill="{colour}"/>'

    # Where the stretch is felt: a soft halo behind the body and a warm core on the part

    def halo(self) -> Iterator[str]:
        if not self.pose.feel:
            return
        clip = ""
        if self.pose.view is View.SIDE:  # the glow stays above the floor
            # The id is the pose's own, so several figures can share one web page.
            name = "above-floor-" + hashlib.sha256(repr(self.pose).encode()).hexdigest()[:8]
            width, _ = self.size
            yield (
                f'<defs><clipPath id="{name}"><rect x="0" y="0" width="{number(width)}" '
                f'height="{number(self.origin.y)}"/></clipPath></defs>'
            )
            clip = f' clip-path="url(#{name})"'
        yield f'<g class="halo" stroke="{GLOW}" fill="{GLOW}" stroke-linecap="round"{clip}>'
        for extra, opacity in GLOW_LAYERS:
            for area in self.pose.feel:
                yield self.area_shape(area, extra, opacity, 1.0)
        yield "</g>"

    def core(self) -> Iterator[str]:
        if not self.pose.feel:
            return
        areas = " ".join(area.value for area in self.pose.feel)
        yield (
            f'<g class="feel" data-areas="{areas}" stroke="{WARM}" fill="{WARM}" '
            'stroke-linecap="round">'
        )
        for area in self.pose.feel:
            yield self.area_shape(area, 0.0, 1.0, CORE_WIDTH)
        yield "</g>"

    def area_width(self, area: Area) -> float:
        if area in (Area.UPPER_BACK, Area.LOWER_BACK):
            return self.widths["lower_back"]  # one width, so the two halves join up smoothly
        if area is Area.NECK:
            return self.widths["neck"]
        part = area.value.split("_", 1)[1]
        return self.widths.get(part, 16.0)  # a joint (hip, shoulder): about a thigh's width

    def area_shape(self, area: Area, extra: float, opacity: float, share: float) -> str:
        """The area as a stroke along its part (or a disc around its joint)."""
        width = self.area_width(area) * share + extra
        start, end = self.pose.area_segment(area)
        if start == end:
            x, y = self.at(start).split()
            return (
                f'<circle cx="{x}" cy="{y}" r="{number(width / 2)}" stroke="none" '
                f'fill-opacity="{opacity}"/>'
            )
        upper, lower = self.spine_halves()
        if area in (Area.UPPER_BACK, Area.LOWER_BACK):
            first, control, last = upper if area is Area.UPPER_BACK else lower
            d = f"M {self.at(first)} Q {self.at(control)} {self.at(last)}"
        else:
            d = f"M {self.at(start)} L {self.at(end)}"
        return (
            f'<path d="{d}" fill="none" stroke-width="{number(width)}" stroke-opacity="{opacity}"/>'
        )


def bezier(start: Point, control: Point, end: Point, t: float) -> Point:
    return lerp(lerp(start, control, t), lerp(control, end, t), t)


def bezier_tangent(start: Point, control: Point, end: Point, t: float) -> Point:
    tangent = (control - start).scaled(2 * (1 - t)) + (end - control).scaled(2 * t)
    return tangent if tangent.length else end - start


def normal(direction: Point) -> Point:
    """The unit vector a quarter turn anticlockwise from `direction`."""
    length = direction.length or 1.0
    return Point(-direction.y / length, direction.x / length)


def thickness(profile: tuple[tuple[float, float], ...], t: float) -> float:
    """The width at `t` along the trunk, read off the profile between its marks."""
    for (t0, w0), (t1, w1) in pairwise(profile):
        if t <= t1:
            share = (t - t0) / (t1 - t0)
            eased = share * share * (3 - 2 * share)  # smoothstep: no kinks at the marks
            return w0 + (w1 - w0) * eased
    return profile[-1][1]


def rounded_end(centre: Point, across: Point, half: float, reach: float) -> list[Point]:
    """Half an ellipse closing the band at `centre`, bulging `reach` out along the spine,
    from the `across` side round to the other."""
    along = Point(across.y, -across.x)  # a quarter turn clockwise: outward from the band
    steps = 8
    return [
        centre
        + across.scaled(half * math.cos(math.pi * i / steps))
        + along.scaled(reach * math.sin(math.pi * i / steps))
        for i in range(1, steps)
    ]
