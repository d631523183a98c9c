"""The progress report as a PDF: who and when, adherence (a calendar of the period with the
sessions of each week against the plan, completion per stretch), pain (charts and the figures
behind them), questionnaire scores, pain reported during sessions, red flags and clearances,
doses and their changes, and the see-a-clinician advice. Core objects in, PDF bytes out.

Facts only, in plain words: what was recorded and what the rules said, no judgement of ours.
The charts are export/charts.py's SVG (the history page's), drawn as vector graphics.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from fpdf.enums import Align, XPos, YPos
from fpdf.fonts import FontFace

from backstretch.core.progress import ProgressReport
from backstretch.core.stats import format_rest_days
from backstretch.export.charts import pain_chart, ratings_chart
from backstretch.export.document import (
    ACCENT,
    GRID_LINE,
    MUTED,
    PAPERS,
    SAFETY_EDGE,
    WEEK_FILL,
    Document,
    Fonts,
)

DONE_FILL = (43, 110, 63)  # the charts' bar green
REST_FILL = (226, 230, 235)
CELL_WIDTH, CELL_HEIGHT, WEEK_LABEL = 12.0, 6.0, 30.0
WEEKDAY_LETTERS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
CHART_WIDTH = 87.0  # two charts side by side


def progress_pdf(
    report: ProgressReport, paper: str = "a4", fonts: Fonts | None = None
) -> tuple[bytes, str]:
    """The report as PDF bytes, and the characters the font could not print (shown as ?)."""
    document = Report(report, PAPERS[paper], fonts)
    document.set_creation_date(report.generated_at)
    document.compose()
    return bytes(document.output()), "".join(sorted(document.missing))


def when(moment: datetime) -> str:
    return f"{moment:%a %d %b %Y %H:%M}"


def day_text(day: date) -> str:
    return f"{day:%d %b %Y}"


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} %"


class Report(Document):
    def __init__(self, report: ProgressReport, paper: str, fonts: Fonts | None) -> None:
        who = "your" if report.who == "you" else f"{report.who}'s"
        super().__init__(paper, fonts, f"Progress report: {who} last {report.days} days")
        self.report = report

    def footer(self) -> None:
        self.footer_line(f"Progress report of {self.report.who}")

    def compose(self) -> None:
        self.add_page()
        self.heading()
        if self.report.is_empty:
            self.font(11)
            self.paragraph(
                f"Nothing recorded yet in these {self.report.days} days: no sessions, pain "
                "ratings, questionnaires or pain reports. The report fills in as sessions and "
                "ratings are recorded.",
                5.5,
            )
        else:
            self.adherence()
            self.pain()
            self.questionnaires()
            self.pain_reports()
            self.flags()
        self.doses()
        self.advice()

    # -- pieces ---------------------------------------------------------------------------------
    def heading(self) -> None:
        report = self.report
        self.font(22, "B")
        self.paragraph("Progress report", 10)
        self.font(11, colour=MUTED)
        period = f"{day_text(report.first_day)} to {day_text(report.last_day)}"
        self.paragraph(f"Of {report.who} · {period} ({report.days} days)", 6)
        self.paragraph(f"Generated {when(report.generated_at)}", 6)
        self.ln(3)

    def section(self, title: str, needs: float = 30) -> None:
        """A section heading, on a new page when too little room is left for its start."""
        if self.get_y() + needs > self.page_break_trigger:
            self.add_page()
        self.ln(2)
        self.font(14, "B", ACCENT)
        self.paragraph(title, 8)
        self.font(10)

    def note(self, text: str) -> None:
        self.font(9, "I", MUTED)
        self.paragraph(text, 4.6)
        self.font(10)

    def rows(self, headings: Sequence[str], widths: Sequence[float], rows: list[list[str]]) -> None:
        """A table with its headings repeated on every page it runs onto."""
        self.font(9)
        self.set_draw_color(*GRID_LINE)
        self.set_line_width(0.2)
        self.set_fill_color(255, 255, 255)
        style = FontFace(emphasis="BOLD", fill_color=WEEK_FILL)
        with self.table(
            col_widths=tuple(widths),
            width=sum(widths),
            align=Align.L,
            text_align=Align.L,
            line_height=4.8,
            headings_style=style,
            borders_layout="HORIZONTAL_LINES",
            padding=(0.8, 1.2),
        ) as table:
            for cells in [list(headings), *rows]:
                row = table.row()
                for cell in cells:
                    row.cell(self.clean(cell))
        self.ln(2)

    # -- adherence ------------------------------------------------------------------------------
    def adherence(self) -> None:
        report = self.report
        done = report.adherence
        self.section("Adherence", CELL_HEIGHT * 4 + 30)
        sessions = len(report.sessions)
        self.paragraph(
            f"{sessions} session{'s' * (sessions != 1)} in the period, on {len(report.active_days)}"
            f" of {report.days} days. The plan is the routine once a day, except on rest days "
            f"({format_rest_days(report.plan.rest_days)}): {done.done_days} of "
            f"{done.planned_days} planned days done ({percent(done.percent)}){since(report)}.",
            5,
        )
        self.ln(2)
        Calendar(self).draw()
        self.completion()

    def completion(self) -> None:
        done = self.report.completion
        self.font(11, "B")
        self.paragraph("Holds completed per stretch", 6)
        if not done:
            self.note("No holds were planned in the period.")
            return
        rows = [
            [
                c.name,
                f"{c.holds_completed} of {c.holds_planned}",
                str(c.holds_skipped),
                percent(c.percent),
            ]
            for c in done
        ]
        self.rows(("Stretch", "Holds done", "Skipped", "Completion"), (80, 35, 25, 30), rows)

    # -- pain -----------------------------------------------------------------------------------
    def pain(self) -> None:
        report = self.report
        self.section("Pain", 75)
        self.note("Ratings from 0 (no pain) to 10 (the worst imaginable).")
        self.ln(1)
        top = self.get_y()
        left, right = self.l_margin, self.l_margin + self.epw - CHART_WIDTH
        days = report.period_days
        levels = self.daily_levels(days)
        labels = [f"{day:%d %b}" for day in days]
        height = self.svg(ratings_chart(labels, levels), left, top, CHART_WIDTH)
        rated = [
            s for s in report.sessions if s.pain_before is not None or s.pain_after is not None
        ]
        session_labels = [f"{s.started_at:%d %b}" for s in rated]
        before = [s.pain_before for s in rated]
        after = [s.pain_after for s in rated]
        self.svg(pain_chart(session_labels, before, after), right, top, CHART_WIDTH)
        self.set_y(top + height + 1)
        self.font(8.5, "I", MUTED)
        captions = (
            "Morning and usual ratings, one point a day (the latest of the day).",
            "Before (solid red) and after (dashed blue) each session with a rating.",
        )
        for x, caption in zip((left, right), captions, strict=True):
            self.set_xy(x, top + height + 1)
            self.multi_cell(CHART_WIDTH, 4, self.clean(caption), align=Align.L)
        self.set_y(top + height + 10)
        self.sessions()

    def daily_levels(self, days: Sequence[date]) -> list[int | None]:
        latest: dict[date, int] = {}
        for rating in self.report.ratings:
            latest[rating.at.date()] = rating.level
        return [latest.get(day) for day in days]

    def sessions(self) -> None:
        sessions = self.report.sessions
        self.font(11, "B")
        self.paragraph("Sessions, with pain before → after", 6)
        if not sessions:
            self.note("No sessions in the period.")
            return
        rows = [
            [
                when(s.started_at),
                s.routine_name,
                s.status,
                f"{s.holds_completed} done, {s.holds_skipped} skipped",
                f"{pain_value(s.pain_before)} → {pain_value(s.pain_after)}",
            ]
            for s in sessions
        ]
        headings = ("Started", "Routine", "Status", "Holds", "Pain")
        self.rows(headings, (42, 48, 24, 40, 26), rows)

    # -- the rest -------------------------------------------------------------------------------
    def questionnaires(self) -> None:
        self.section("Questionnaires")
        scores = self.report.scores
        if not scores:
            self.note("No questionnaire answered in the period.")
            return
        rows = [
            [day_text(s.day), s.questionnaire, s.score, optional(s.subscale), s.risk or "–"]
            for s in scores
        ]
        headings = ("Day", "Questionnaire", "Score", "Subscale", "Risk group")
        self.rows(headings, (30, 70, 20, 25, 35), rows)
        self.note(
            "STarT Back: total 0–9, psychosocial subscale 0–5, risk group as Keele publishes "
            "it. PEG: average of three 0–10 items; lower is better."
        )

    def pain_reports(self) -> None:
        self.section("Pain reported during sessions")
        reports = self.report.pain_reports
        if not reports:
            self.note("No pain reported during a session in the period.")
            return
        rows = [[when(r.at), r.stretch, f"{r.level}/10", r.kind, r.done] for r in reports]
        headings = ("When", "Stretch", "Level", "Kind", "What the coach did")
        self.rows(headings, (38, 34, 16, 40, 52), rows)

    def flags(self) -> None:
        self.section("Red flags and clearances")
        found = [*self.report.red_flags, *self.report.clearances]
        if not found:
            self.note("No red-flag answer and no clearance in the period.")
            return
        rows = [[when(f.at), f.text] for f in sorted(found, key=lambda f: f.at)]
        self.rows(("When", "What"), (42, 138), rows)

    def doses(self) -> None:
        report = self.report
        self.section("Doses")
        self.paragraph(f"Now, in {report.routine_name}:", 5)
        self.ln(1)
        self.rows(("Stretch", "Dose"), (70, 110), [[d.stretch, d.dose] for d in report.doses])
        if not report.dose_changes:
            self.note("No dose changes in the period.")
            return
        self.font(11, "B")
        self.paragraph("Dose changes in the period", 6)
        rows = [[when(c.at), c.text] for c in report.dose_changes]
        self.rows(("When", "Change and reason"), (42, 138), rows)

    def advice(self) -> None:
        self.section("See a clinician", 20)
        if not self.report.advice:
            self.note(
                f"None of the see-a-clinician rules applies as of {day_text(self.report.last_day)}"
                " (docs/safety.md)."
            )
            return
        self.font(10, "B", SAFETY_EDGE)
        for line in self.report.advice:
            self.bullet("!", line, self.l_margin, self.epw, 5)


def since(report: ProgressReport) -> str:
    """When adherence starts counting later than the period: from the first session ever."""
    first = report.first_session
    if first is None or first <= report.first_day:
        return ""
    return f", counted from the first session on {day_text(first)}"


def pain_value(level: int | None) -> str:
    return "–" if level is None else str(level)


def optional(value: int | None) -> str:
    return "–" if value is None else str(value)


class Calendar:
    """The period as weeks (Monday first), a cell a day: filled on days with a session, grey on
    rest days, empty outside the period; each week ends with its sessions against the plan."""

    def __init__(self, pdf: Report) -> None:
        self.pdf = pdf
        self.report = pdf.report

    def draw(self) -> None:
        pdf = self.pdf
        self.header()
        for week in self.report.weeks:
            if pdf.get_y() + CELL_HEIGHT > pdf.page_break_trigger:
                pdf.add_page()
                self.header()
            self.week(week.week_start, f"{week.sessions} of {week.planned_days}")
        pdf.ln(1)
        self.legend()

    def header(self) -> None:
        pdf = self.pdf
        pdf.font(8, "B", MUTED)
        pdf.set_x(pdf.l_margin + WEEK_LABEL)
        for letter in WEEKDAY_LETTERS:
            pdf.cell(CELL_WIDTH, 5, letter, align=Align.C)
        pdf.cell(0, 5, pdf.clean("  Sessions / planned days"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def week(self, monday: date, counts: str) -> None:
        pdf, report = self.pdf, self.report
        top = pdf.get_y()
        pdf.font(8.5, colour=MUTED)
        pdf.cell(WEEK_LABEL, CELL_HEIGHT, f"week of {monday:%d %b}")
        pdf.set_draw_color(*GRID_LINE)
        pdf.set_line_width(0.2)
        for offset in range(7):
            day = monday + timedelta(days=offset)
            x = pdf.l_margin + WEEK_LABEL + offset * CELL_WIDTH
            if report.first_day <= day <= report.last_day:
                self.day(day, x, top)
        pdf.set_xy(pdf.l_margin + WEEK_LABEL + 7 * CELL_WIDTH + 3, top)
        pdf.font(9, "B")
        pdf.cell(0, CELL_HEIGHT, counts, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def day(self, day: date, x: float, top: float) -> None:
        pdf, report = self.pdf, self.report
        done, rest = day in report.active_days, report.plan.is_rest_day(day)
        fill = DONE_FILL if done else REST_FILL if rest else (255, 255, 255)
        pdf.set_fill_color(*fill)
        pdf.rect(x + 0.4, top + 0.4, CELL_WIDTH - 0.8, CELL_HEIGHT - 0.8, style="DF")
        pdf.set_xy(x, top)
        pdf.font(8, "B" if done else "", (255, 255, 255) if done else MUTED)
        pdf.cell(CELL_WIDTH, CELL_HEIGHT, str(day.day), align=Align.C)

    def legend(self) -> None:
        pdf = self.pdf
        pdf.font(8.5, "I", MUTED)
        x, y = pdf.l_margin, pdf.get_y() + 0.5
        for fill, words in ((DONE_FILL, "a session"), (REST_FILL, "a rest day")):
            pdf.set_fill_color(*fill)
            pdf.rect(x, y + 0.5, 4, 3, style="DF")
            pdf.set_xy(x + 5, y)
            pdf.cell(25, 4, pdf.clean(words))
            x += 30
        pdf.set_xy(x, y)
        pdf.cell(0, 4, pdf.clean("white: a planned day without a session"))
        pdf.ln(7)
