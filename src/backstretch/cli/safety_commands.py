"""`backstretch check`: the red-flag screening, and recording a clinician's clearance.

Interactive: one plain yes/no question at a time, asked again after an answer that is not y or n.
Scripted (standard input not a terminal): one answer per line, y or n, in the order of
docs/safety.mdwith nothing printed in between; a missing or bad answer stores nothing.
Exit codes: 0 when the answers allow the routine; 3 when an answer calls for emergency care;
4 when one calls for a doctor within 24 hours (both also make `start` refuse); 1 for a mistake.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime

import click

from backstretch.cli.app import App, opened
from backstretch.coach.today import status_of
from backstretch.core import settings
from backstretch.core.errors import BackstretchError
from backstretch.core.history import new_id
from backstretch.core.safety import (
    CLEARANCE_ACTION,
    NOT_MEDICAL_ADVICE,
    AgeLimits,
    Clearance,
    Intervals,
    Level,
    Question,
    SafetyStatus,
    ScreeningAnswer,
    action_for,
    parse_age_limits,
    parse_answer,
    questions,
)
from backstretch.storage.repository import Repository

EXIT_EMERGENCY = 3
EXIT_URGENT = 4
AGE_LIMITS_SETTING = settings.AGE_LIMITS
RECHECK_HOURS_SETTING = settings.RECHECK_HOURS
WEEKLY_DAYS_SETTING = settings.FULL_CHECK_DAYS
NOTICE_SETTING = settings.NOTICE_SHOWN

Ask = Callable[[Question], bool]


def stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (ValueError, OSError):
        return False


def age_limits(repository: Repository) -> AgeLimits:
    text = repository.get_setting(AGE_LIMITS_SETTING)
    try:
        return parse_age_limits(text) if text else AgeLimits()
    except BackstretchError:
        return AgeLimits()  # a hand-edited setting that does not fit: the defaults, not a crash


def intervals(repository: Repository) -> Intervals:
    from datetime import timedelta

    def number(key: str, unit: str, limit: float) -> float | None:
        try:
            return settings.parse_interval(repository.get_setting(key) or "", unit, limit)
        except BackstretchError:
            return None  # unset, or a hand-edited value that does not fit: the default

    hours = number(RECHECK_HOURS_SETTING, "hours", settings.HOURS_LIMIT)
    days = number(WEEKLY_DAYS_SETTING, "days", settings.DAYS_LIMIT)
    default = Intervals()
    return Intervals(
        timedelta(hours=hours) if hours else default.quick,
        timedelta(days=days) if days else default.full,
    )


# -- asking -------------------------------------------------------------------------------------
def ask_interactively(question: Question) -> bool:
    """Ask until the answer is y or n."""
    while True:
        answer = parse_answer(click.prompt(f"{question.text} (y/n)", prompt_suffix=" "))
        if answer is not None:
            return answer
        click.echo("Please answer y (yes) or n (no).")


def scripted_asker(lines: Iterator[str], count: int) -> Ask:
    """Answers read one a line, as the questions come; BackstretchError for a missing or bad one
    (raised before anything is stored)."""
    numbers = iter(range(1, count + 1))

    def ask(question: Question) -> bool:
        number = next(numbers)
        line = next(lines, None)
        if line is None:
            raise BackstretchError(
                f"answer {number} of {count} (question {question.id}) is missing: give {count} "
                "answers, y or n, one per line; nothing was stored"
            )
        answer = parse_answer(line)
        if answer is None:
            raise BackstretchError(
                f"answer {number} of {count} (question {question.id}) must be y or n "
                f"(got {line.strip()!r}); nothing was stored"
            )
        return answer

    return ask


def run_questions(chosen: Sequence[Question], ask: Ask, say: Callable[[str], None]) -> list[bool]:
    """Ask each question in turn; say the action after a yes; stop after an emergency yes."""
    answers: list[bool] = []
    said: set[Level] = set()
    for question in chosen:
        answer = ask(question)
        answers.append(answer)
        if answer and question.level is not Level.ADAPT and question.level not in said:
            said.add(question.level)
            say(action_for(question.level))
        if answer and question.level is Level.EMERGENCY:
            break
    return answers


def record(
    repository: Repository, chosen: Sequence[Question], answers: Sequence[bool], at: datetime
) -> None:
    screening = new_id()
    repository.add_screening(
        [ScreeningAnswer(screening, q.id, a, at) for q, a in zip(chosen, answers, strict=False)]
    )


def screen(
    repository: Repository,
    chosen: Sequence[Question],
    at: datetime,
    interactive: bool,
    say: Callable[[str], None] = click.echo,
) -> SafetyStatus:
    """Ask the chosen questions (interactively, or one answer a line), store the answers, and
    return the status that follows. Scripted, what to do is said after the last answer."""
    if interactive:
        answers = run_questions(chosen, ask_interactively, say)
    else:
        said: list[str] = []
        answers = run_questions(chosen, scripted_asker(iter(sys.stdin), len(chosen)), said.append)
        for line in said:
            say(line)
    record(repository, chosen, answers, at)
    return status_of(repository)


def show_notice_once(repository: Repository, say: Callable[[str], None] = click.echo) -> None:
    """Say plainly, at first use, that backstretch is not medical advice."""
    if repository.get_setting(NOTICE_SETTING) is None:
        say(NOT_MEDICAL_ADVICE)
        repository.set_setting(NOTICE_SETTING, "yes")


def status_lines(status: SafetyStatus) -> list[str]:
    if not status.screened:
        return ["No screening on record yet: run `backstretch check`."]
    if status.locked:
        return [status.refusal()[0].upper() + status.refusal()[1:] + "."]
    lines = ["Your answers allow the routine. Stop and see a clinician if anything changes."]
    if status.clearance_first:
        lines.append(
            f"{CLEARANCE_ACTION} (question {', '.join(status.clearance_first)}); when they "
            "agree, record it with `backstretch check --cleared`."
        )
    if status.knee:
        lines.append(action_for(Level.ADAPT))
    return lines


def exit_code(status: SafetyStatus) -> int:
    if status.emergency:
        return EXIT_EMERGENCY
    return EXIT_URGENT if status.urgent else 0


# -- the command --------------------------------------------------------------------------------
@click.command()
@click.option(
    "--cleared",
    is_flag=True,
    help="Record that a clinician has cleared you to do the routine (unlocks `start`).",
)
@click.option(
    "--date",
    "cleared_on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="With --cleared: the day you were cleared (default: today).",
)
@click.option("--note", default="", help="With --cleared: a few words, such as who cleared you.")
@click.option("--status", "show_status", is_flag=True, help="Show where you stand; ask nothing.")
@click.option(
    "--age-limits",
    "limits_text",
    metavar="YOUNG,OLD",
    help="Ages for question 18 (pain first started under YOUNG or over OLD; default 20,50).",
)
@click.pass_obj
def check(
    app: App,
    cleared: bool,
    cleared_on: datetime | None,
    note: str,
    show_status: bool,
    limits_text: str | None,
) -> None:
    """Answer the red-flag questions: signs that need a doctor before stretching.

    One yes/no question at a time. An answer that needs emergency care or a doctor
    stops `backstretch start` until it is resolved. backstretch is not medical
    advice and never diagnoses: it tells you what to do next.

    Scripted: pipe one answer (y or n) per line, in order, for example
    printf 'n\\nn\\n...' | backstretch check. Exit codes: 0 fine, 3 emergency
    care, 4 see a doctor within 24 hours, 1 a mistake in the input.

    \b
    Examples:
      backstretch check
      backstretch check --cleared --date 2026-03-02 --note "seen by my GP"
      backstretch check --status
    """
    code = run_check(app, cleared, cleared_on, note, show_status, limits_text)
    if code:
        click.get_current_context().exit(code)


def run_check(
    app: App,
    cleared: bool,
    cleared_on: datetime | None,
    note: str,
    show_status: bool,
    limits_text: str | None,
) -> int:
    with opened(app) as repository:
        if limits_text is not None:
            limits = parse_age_limits(limits_text, "--age-limits")
            repository.set_setting(AGE_LIMITS_SETTING, f"{limits.young},{limits.old}")
            click.echo(
                f"Question 18 now asks about pain first starting under {limits.young} "
                f"or over {limits.old}."
            )
        if cleared:
            return record_clearance(app, repository, cleared_on, note)
        if show_status or limits_text is not None:
            from backstretch.coach.advice import advice_lines

            status = status_of(repository)
            advice = advice_lines(repository, app.wall_clock(), repository.person.zone)
            for line in [*status_lines(status), *advice]:
                click.echo(line)
            return 0
        interactive = stdin_is_terminal()
        if interactive:
            show_notice_once(repository)
        status = screen(
            repository, questions(age_limits(repository)), app.wall_clock(), interactive
        )
        if not interactive:
            show_notice_once(repository)
        for line in status_lines(status):
            click.echo(line)
        return exit_code(status)


def record_clearance(
    app: App, repository: Repository, cleared_on: datetime | None, note: str
) -> int:
    now = app.wall_clock()
    today = repository.person.day_of(now)
    day: date = cleared_on.date() if cleared_on else today
    if day > today:
        raise BackstretchError(f"--date must be today or earlier (got {day.isoformat()})")
    repository.add_clearance(Clearance(new_id(), day, now, note))
    status = status_of(repository)
    click.echo(f"Recorded: a clinician cleared you on {day.isoformat()}.")
    if status.locked:
        click.echo("Some answers are older than that clearance or newer: " + status.refusal() + ".")
        return exit_code(status)
    click.echo("`backstretch start` is open again. Stop and see a clinician if anything changes.")
    return 0
