"""Small charts drawn as SVG: no script, no library, no request.

The history page shows them inline, and the progress report (export/report.py) draws the same
SVG into its PDF as vector graphics. Each chart is a titled `<svg role="img">` with a text
alternative; colours meet WCAG AA on a white background, and the numbers are also written out
beside the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 480, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 14, 14, 40
INK = "#1f2933"
GRID = "#c7d0d9"
BEFORE = "#b3261e"
AFTER = "#1a5fb4"
BARS = "#2b6e3f"
RATINGS = "#6b3fa0"


def _frame(title: str, description: str, body: list[str]) -> str:
    label = escape(title)
    return "\n".join(
        [
            f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
            f'aria-label="{label}" xmlns="http://www.w3.org/2000/svg">',
            f"<title>{label}</title><desc>{escape(description)}</desc>",
            *body,
            "</svg>",
        ]
    )


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span * (index + 0.5) / count if count else 0)


def _y(value: float, maximum: float) -> float:
    span = HEIGHT - TOP - BOTTOM
    return round(TOP + span * (1 - value / maximum), 1) if maximum else HEIGHT - BOTTOM


def _axis(maximum: int, step: int) -> list[str]:
    parts = []
    for value in range(0, maximum + 1, step):
        y = _y(value, maximum)
        parts.append(
            f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="{GRID}"/>'
            f'<text x="{LEFT - 8}" y="{y + 5}" text-anchor="end" font-size="16" '
            f'fill="{INK}">{value}</text>'
        )
    return parts


def _labels(labels: Sequence[str]) -> list[str]:
    every = max(1, -(-len(labels) // 4))
    return [
        f'<text x="{_x(i, len(labels)):.1f}" y="{HEIGHT - 14}" text-anchor="middle" '
        f'font-size="16" fill="{INK}">{escape(text)}</text>'
        for i, text in enumerate(labels)
        if i % every == 0
    ]


def _polyline(values: Sequence[int | None], colour: str, dashed: bool) -> list[str]:
    points = [(_x(i, len(values)), _y(v, 10)) for i, v in enumerate(values) if v is not None]
    if not points:
        return []
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    path = " ".join(f"{x:.1f},{y}" for x, y in points)
    dots = [f'<circle cx="{x:.1f}" cy="{y}" r="4" fill="{colour}"/>' for x, y in points]
    line = f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>'
    return [line, *dots]


def pain_chart(
    labels: Sequence[str], before: Sequence[int | None], after: Sequence[int | None]
) -> str:
    """Pain before (solid red) and after (dashed blue) each session, oldest on the left."""
    body = [*_axis(10, 2), *_labels(labels)]
    body += _polyline(before, BEFORE, dashed=False) + _polyline(after, AFTER, dashed=True)
    description = f"Pain from 0 to 10 before and after each of the last {len(labels)} sessions."
    return _frame("Pain before and after each session", description, body)


def sessions_chart(weeks: Sequence[tuple[date, int]]) -> str:
    """Sessions per week as bars, with the count written on each bar."""
    top = max([7, *(count for _, count in weeks)])
    body = [
        *_axis(top, 1 if top <= 7 else max(1, top // 7)),
        *_labels([w.strftime("%d %b") for w, _ in weeks]),
    ]
    span = (WIDTH - LEFT - RIGHT) / max(1, len(weeks))
    for index, (_, count) in enumerate(weeks):
        x, y = _x(index, len(weeks)) - span * 0.3, _y(count, top)
        height = round(HEIGHT - BOTTOM - y, 1)
        body.append(
            f'<rect x="{x:.1f}" y="{y}" width="{span * 0.6:.1f}" height="{height}" fill="{BARS}"/>'
        )
    description = f"Sessions done in each of the last {len(weeks)} weeks."
    return _frame("Sessions per week", description, body)


def ratings_chart(labels: Sequence[str], levels: Sequence[int | None]) -> str:
    """One rating a day (purple, a gap where there is none), oldest on the left."""
    body = [*_axis(10, 2), *_labels(labels)]
    body += _polyline(levels, RATINGS, dashed=False)
    description = f"Morning or usual pain from 0 to 10 on each of {len(labels)} days."
    return _frame("Morning and usual pain, by day", description, body)
