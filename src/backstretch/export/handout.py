"""A printable handout of a routine: safety first, then each stretch with its pictures, steps,
dose and cautions, then a four-week log to tick. Core objects in, PDF bytes out.

Illustrated written instructions roughly double adherence over spoken ones, and a diary helps
more (docs/safety.md), so every stretch gets its picture and the last page is a tick grid.
"""

from __future__ import annotations

import io
from datetime import datetime

from fpdf.enums import Align, XPos, YPos

from backstretch.core.routine import Exercise, Routine, Sides
from backstretch.core.timeline import plan
from backstretch.core.units import describe_dose, format_duration
from backstretch.export.document import (
    ACCENT,
    GRID_LINE,
    MARGIN,
    MUTED,
    PAPERS,
    SAFETY_EDGE,
    SAFETY_FILL,
    WEEK_FILL,
    Document,
    Fonts,
    find_fonts,
    printable,
)
from backstretch.export.figures import Figure, exercise_figures

__all__ = ["Fonts", "find_fonts", "handout_and_missing", "routine_handout"]

FIGURE_COLUMN = 72.0  # mm for the pictures, left of the words
MM_PER_UNIT = 0.37  # every figure at one scale: an adult about 63 mm tall
LOG_WEEKS = 4

SAFETY_TITLE = "Safety first"
SAFETY_LINES = (
    "This handout is not medical advice and does not replace a clinician who knows you.",
    "Stretch to tightness or slight discomfort, never to pain. Move slowly and do not bounce.",
    "Stop a stretch if the pain is sharp or shooting, goes above 5 out of 10, or if tingling "
    "or numbness runs down a leg. Skip that stretch for today.",
    "Go to an emergency department or call your local emergency number now if you have new "
    "numbness around your genitals, back passage, buttocks or inner thighs; new trouble "
    "peeing, or leaking of urine or stool; weakness or numbness in both legs; or back pain "
    "that started after a serious accident or fall.",
    "See a clinician if your back is no better after about two weeks, or is getting worse.",
)
HOW_TO = (
    "Do the stretches in this order, once a day. Tick each one in the log on the last page, "
    "and write down your pain from 0 (none) to 10 (the worst you can imagine) after the session."
)


def routine_handout(
    routine: Routine,
    paper: str = "a4",
    fonts: Fonts | None = None,
    created: datetime | None = None,
) -> bytes:
    """The handout as PDF bytes.

    Args:
        routine: the routine to print.
        paper: "a4" or "letter".
        fonts: Unicode fonts to use; without them the built-in Helvetica is used and
            characters it lacks are replaced (× by x, and anything else it cannot print by ?).
        created: the creation date written in the file (default: now), so tests can fix it.
    """
    return handout_and_missing(routine, paper, fonts, created)[0]


def handout_and_missing(
    routine: Routine,
    paper: str = "a4",
    fonts: Fonts | None = None,
    created: datetime | None = None,
) -> tuple[bytes, str]:
    """The handout, and the characters the font could not print (shown as ? instead)."""
    document = Handout(routine, PAPERS[paper], fonts)
    if created is not None:
        document.set_creation_date(created)
    document.compose()
    return bytes(document.output()), "".join(sorted(document.missing))


class Handout(Document):
    def __init__(self, routine: Routine, paper: str, fonts: Fonts | None) -> None:
        super().__init__(paper, fonts, f"{routine.name}: a handout")
        self.routine = routine
        self.timeline = plan(routine)

    # Pages

    def footer(self) -> None:
        self.footer_line(self.routine.name)

    def compose(self) -> None:
        self.add_page()
        self.heading()
        self.safety_box()
        for number, exercise in enumerate(self.routine.exercises, 1):
            self.exercise_block(number, exercise)
        self.log_grid()

    def heading(self) -> None:
        self.font(22, "B")
        self.paragraph(self.routine.name, 10)
        stretches = len(self.routine.exercises)
        length = format_duration(self.timeline.total_seconds)
        self.font(11, colour=MUTED)
        self.paragraph(f"{stretches} stretch{'es' if stretches != 1 else ''} · about {length}", 6)
        self.ln(2)
        self.font(10)
        if self.routine.description:
            self.paragraph(self.routine.description, 5)
            self.ln(1)
        self.paragraph(HOW_TO, 5)
        self.ln(3)

    def safety_box(self) -> None:
        width = self.epw - 8
        self.font(9.5)
        inner = 5 + sum(self.text_height(line, width - 6, 4.6) + 1 for line in SAFETY_LINES)
        top = self.get_y()
        self.set_fill_color(*SAFETY_FILL)
        self.set_draw_color(*SAFETY_EDGE)
        self.set_line_width(0.5)
        self.rect(self.l_margin, top, self.epw, inner + 9, style="DF")
        self.set_xy(self.l_margin + 4, top + 3)
        self.font(12, "B", SAFETY_EDGE)
        self.cell(0, 6, self.clean(SAFETY_TITLE), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.font(9.5)
        for line in SAFETY_LINES:
            self.bullet("•", line, self.l_margin + 4, width, 4.6)
            self.ln(1)
        self.set_y(top + inner + 9 + 5)

    # A stretch

    def exercise_block(self, number: int, exercise: Exercise) -> None:
        """One stretch, started on a new page when it would not fit on this one."""
        room = self.page_break_trigger - self.get_y()
        if self.block_height(number, exercise) > room:
            self.add_page()
        self.draw_exercise(number, exercise)

    def block_height(self, number: int, exercise: Exercise) -> float:
        """How tall `draw_exercise` will be: the same sizes, measured without drawing."""
        self.font(14, "B")
        height = 3 + self.text_height(f"{number}. {exercise.name}", self.epw, 7)
        self.font(10, "B")
        height += self.text_height(describe_dose(exercise) + " · about 10 min 10 s", self.epw, 5.5)
        if exercise.purpose:
            self.font(9.5, "I")
            height += self.text_height(exercise.purpose, self.epw, 4.8)
        shown = exercise_figures(exercise)
        pictures = 0.0
        for figure in shown:
            pictures += self.figure_size(figure)[1] + 1
            caption = self.caption(exercise, figure, len(shown))
            if caption:
                self.font(8.5, "I")
                pictures += self.text_height(caption, FIGURE_COLUMN - 2, 4) + 2
        return height + 2 + max(pictures, self.words_height(exercise)) + 4

    def words_height(self, exercise: Exercise) -> float:
        width = self.epw - FIGURE_COLUMN - 6
        self.font(10)
        height = sum(self.text_height(step, width, 5) + 0.8 for step in exercise.steps)
        if exercise.cautions:
            self.font(9.5)
            height += 6.5 + sum(self.text_height(c, width, 4.8) for c in exercise.cautions)
        return height

    def draw_exercise(self, number: int, exercise: Exercise) -> None:
        index = number - 1
        self.set_draw_color(*GRID_LINE)
        self.set_line_width(0.3)
        self.line(self.l_margin, self.get_y(), self.l_margin + self.epw, self.get_y())
        self.ln(3)
        self.font(14, "B", ACCENT)
        self.paragraph(f"{number}. {exercise.name}", 7)
        self.font(10, "B")
        length = format_duration(self.timeline.exercise_seconds(index))
        self.paragraph(f"{describe_dose(exercise)} · about {length}", 5.5)
        if exercise.purpose:
            self.font(9.5, "I", MUTED)
            self.paragraph(exercise.purpose, 4.8)
        self.ln(2)
        top = self.get_y()
        figures_bottom = self.figures(exercise, top)
        self.set_y(top)
        self.words(exercise)
        self.set_y(max(self.get_y(), figures_bottom) + 4)

    def figures(self, exercise: Exercise, top: float) -> float:
        """The pictures of the stretch, one under another; returns where they end."""
        y = top
        shown = exercise_figures(exercise)
        for figure in shown:
            width, height = self.figure_size(figure)
            self.image(io.BytesIO(printable(figure.svg)), x=self.l_margin, y=y, w=width, h=height)
            y += height + 1
            caption = self.caption(exercise, figure, len(shown))
            if caption:
                self.font(8.5, "I", MUTED)
                self.set_xy(self.l_margin, y)
                self.multi_cell(FIGURE_COLUMN - 2, 4, self.clean(caption), align=Align.L)
                y = self.get_y() + 2
        return y

    def figure_size(self, figure: Figure) -> tuple[float, float]:
        width, height = (side * MM_PER_UNIT for side in figure.size)
        shrink = min(1.0, (FIGURE_COLUMN - 2) / width, 70 / height)
        return width * shrink, height * shrink

    @staticmethod
    def caption(exercise: Exercise, figure: Figure, count: int) -> str:
        parts = [figure.position.capitalize()] if figure.position and count > 1 else []
        if exercise.sides is not Sides.NONE:
            parts.append("Shown on one side; do both.")
        return ": ".join(parts[:1]) + (" · " + parts[1] if len(parts) > 1 else "")

    def words(self, exercise: Exercise) -> None:
        x = self.l_margin + FIGURE_COLUMN
        width = self.epw - FIGURE_COLUMN
        self.font(10)
        for number, step in enumerate(exercise.steps, 1):
            self.bullet(f"{number}.", step, x, width, 5)
            self.ln(0.8)
        if exercise.cautions:
            self.ln(1.5)
            self.set_x(x)
            self.font(10, "B", SAFETY_EDGE)
            self.cell(0, 5, self.clean("Take care"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.font(9.5)
            for caution in exercise.cautions:
                self.bullet("!", caution, x, width, 4.8)

    # The log

    def log_grid(self) -> None:
        self.add_page()
        self.font(16, "B")
        self.paragraph(f"Your {LOG_WEEKS}-week log", 8)
        self.font(9.5, colour=MUTED)
        self.paragraph(
            "Tick a box for each stretch you did. After the session, write your pain from 0 "
            "(none) to 10 (the worst you can imagine). Stop and see a clinician if it keeps "
            "getting worse.",
            4.8,
        )
        self.ln(3)
        LogGrid(self).draw()


class LogGrid:
    """One row a day for four weeks: the day, a tick box per stretch, and the pain."""

    def __init__(self, pdf: Handout) -> None:
        self.pdf = pdf
        self.names = [exercise.name for exercise in pdf.routine.exercises]
        self.day_width, self.date_width, self.pain_width = 13.0, 20.0, 22.0
        spare = pdf.epw - self.day_width - self.date_width - self.pain_width
        self.tick_width = spare / len(self.names)
        # Narrow columns get numbers, with the names listed under the grid.
        self.numbered = self.tick_width < 16

    def draw(self) -> None:
        pdf = self.pdf
        header = self.header_height()
        rows = LOG_WEEKS * 7 + LOG_WEEKS
        legend = 5.0 * (len(self.names) if self.numbered else 0)
        room = pdf.h - MARGIN - 8 - pdf.get_y() - header - legend
        row = max(4.5, min(8.0, room / rows))
        pdf.set_draw_color(*GRID_LINE)
        pdf.set_line_width(0.2)
        self.header(header)
        for week in range(LOG_WEEKS):
            self.week_row(week + 1, row)
            for day in range(7):
                self.day_row(week * 7 + day + 1, row)
        if self.numbered:
            pdf.ln(2)
            pdf.font(8.5, colour=MUTED)
            for number, name in enumerate(self.names, 1):
                pdf.paragraph(f"{number}: {name}", 4.5)

    def headings(self) -> list[str]:
        if self.numbered:
            return [str(number) for number in range(1, len(self.names) + 1)]
        return self.names

    def header_height(self) -> float:
        self.pdf.font(8, "B")
        return (
            max(self.pdf.text_height(name, self.tick_width - 1, 3.6) for name in self.headings())
            + 2
        )

    def header(self, height: float) -> None:
        pdf = self.pdf
        pdf.font(8, "B")
        top = pdf.get_y()
        cells = [
            ("Day", self.day_width),
            ("Date", self.date_width),
            *((name, self.tick_width) for name in self.headings()),
            ("Pain 0–10", self.pain_width),
        ]
        x = pdf.l_margin
        for text, width in cells:
            pdf.rect(x, top, width, height)
            lines = pdf.text_height(text, width - 1, 3.6)
            pdf.set_xy(x + 0.5, top + (height - lines) / 2)
            pdf.multi_cell(width - 1, 3.6, pdf.clean(text), align=Align.C)
            x += width
        pdf.set_xy(pdf.l_margin, top + height)

    def week_row(self, week: int, height: float) -> None:
        pdf = self.pdf
        pdf.set_fill_color(*WEEK_FILL)
        pdf.font(8, "B", ACCENT)
        pdf.cell(
            pdf.epw,
            height,
            f"Week {week}",
            border=1,
            fill=True,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )

    def day_row(self, day: int, height: float) -> None:
        pdf = self.pdf
        pdf.font(8.5)
        top, x = pdf.get_y(), pdf.l_margin
        pdf.cell(self.day_width, height, str(day), border=1, align=Align.C)
        pdf.cell(self.date_width, height, "", border=1)
        box = min(4.0, height - 1.5)
        x += self.day_width + self.date_width
        for _ in self.names:
            pdf.rect(x, top, self.tick_width, height)
            pdf.rect(x + (self.tick_width - box) / 2, top + (height - box) / 2, box, box)
            x += self.tick_width
        pdf.set_x(x)
        pdf.font(8, colour=MUTED)
        pdf.cell(
            self.pain_width,
            height,
            "/ 10 ",
            border=1,
            align=Align.R,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
