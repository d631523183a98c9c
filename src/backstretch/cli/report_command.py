"""`backstretch report`: the progress report of the last days as a PDF (export/report.py).

The PDF library is imported inside the command, so `backstretch --help` never loads it.
"""

from __future__ import annotations

from pathlib import Path

import click

from backstretch.cli.app import App, opened
from backstretch.cli.document_commands import output_file, write_file
from backstretch.core.progress import DEFAULT_DAYS, MOST_DAYS


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    metavar="FILE.pdf",
    help="Where to write the PDF (default: progress-report.pdf in this folder).",
)
@click.option(
    "--days",
    type=int,
    default=DEFAULT_DAYS,
    show_default=True,
    help=f"The period: the last N days, today included (1 to {MOST_DAYS}).",
)
@click.pass_obj
def report(app: App, output: Path | None, days: int) -> None:
    """Make a progress report of your last days (PDF), to show a clinician.

    It has your adherence (a calendar of the days with a session, sessions
    per week against your plan, holds completed per stretch), your pain
    (charts and the figures: mornings, before and after each session), your
    questionnaire scores, pain reported during sessions, red-flag answers and
    clearances, your doses and their changes, and the see-a-clinician advice.

    \b
    Examples:
      backstretch report
      backstretch report --days 56 -o report.pdf
    """
    from backstretch.coach.report import progress_report
    from backstretch.core.progress import check_days

    days = check_days(days)
    target = output_file(output or Path("progress-report.pdf"), "report.pdf")
    from backstretch.export.handout import find_fonts
    from backstretch.export.report import progress_pdf

    with opened(app) as repository:
        gathered = progress_report(repository, app.catalog.entries(), app.wall_clock(), days)
    pdf, missing = progress_pdf(gathered, "a4", find_fonts())
    write_file(target, pdf)
    if missing:
        click.echo(
            f"Note: the font cannot print {' '.join(missing[:20])}; they show as ?.", err=True
        )
    period = f"{gathered.first_day:%d %b %Y} to {gathered.last_day:%d %b %Y}"
    click.echo(f"Wrote {target}: your progress report, {period} ({gathered.days} days).")
