"""`backstretch start`: a guided session in the terminal."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from contextlib import ExitStack
from typing import IO

import click

from backstretch.cli.app import EXIT_INTERRUPTED, App, opened
from backstretch.cli.history_commands import PainLevel
from backstretch.cli.prescribed import news_lines, routine_of
from backstretch.cli.safety_gate import prepare_routine
from backstretch.cli.session_records import RecordKeeper, open_events
from backstretch.cli.session_runner import Listener, SessionRunner
from backstretch.cli.session_views import LiveView, PlainView, SessionView
from backstretch.cli.sound import Bell, Voice, find_speech_engine
from backstretch.coach.outcomes import due_notice
from backstretch.coach.recorder import InterruptedSession, SessionRecorder
from backstretch.core.cues import PAIN_AFTER_QUESTION, carry_on, speech
from backstretch.core.engine import SessionEngine
from backstretch.core.errors import BackstretchError
from backstretch.core.events import Event, EventName
from backstretch.core.routine import Routine
from backstretch.core.summary import Summary, summarize
from backstretch.core.timeline import plan
from backstretch.core.units import counted, format_duration
from backstretch.storage.repository import Repository


def is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (ValueError, OSError):
        return False


@click.command()
@click.argument("routine", required=False, metavar="[ROUTINE]")
@click.option(
    "--speed",
    type=click.FloatRange(0.01, 1000),
    default=1.0,
    show_default=True,
    help="Time factor: 1 is real time, 60 runs a minute a second (for demos and tests).",
)
@click.option(
    "--yes",
    "-y",
    is_flag=True,
    help="Ask no questions (implied when standard input is not a terminal).",
)
@click.option(
    "--events",
    metavar="PATH",
    help="Write one JSON line per event to PATH as it happens ('-' for standard output).",
)
@click.option("--quiet", is_flag=True, help="No terminal bell.")
@click.option("--voice", is_flag=True, help="Speak the cues aloud (needs espeak-ng).")
@click.option(
    "--plain",
    is_flag=True,
    help="One plain line per event instead of the full screen (for screen readers).",
)
@click.option(
    "--pain-before", type=PainLevel(), help="Your pain now, 0-10 (instead of being asked)."
)
@click.option(
    "--pain-after", type=PainLevel(), help="Your pain after, 0-10 (instead of being asked)."
)
@click.option(
    "--resume", is_flag=True, help="Carry on today's unfinished session where it stopped."
)
@click.option(
    "--seed-doses",
    is_flag=True,
    help="Use the routine's own doses today, even with progression on (see `backstretch plan`).",
)
@click.pass_obj
def start(
    app: App,
    routine: str | None,
    speed: float,
    yes: bool,
    events: str | None,
    quiet: bool,
    voice: bool,
    plain: bool,
    pain_before: int | None,
    pain_after: int | None,
    resume: bool,
    seed_doses: bool,
) -> None:
    """Start a guided session: the coach counts every hold, rep and side for you.

    ROUTINE is a routine id or a path to a routine file (default: daily-back;
    with --user, the routine a clinician prescribed for you, if one did).
    Every hold is saved to your history the moment it is done.

    Keys: space pauses and resumes, n or → skips the hold, s skips the rest of
    the stretch, b or ← repeats the previous hold, ! or x says "this hurts",
    q stops (after asking), ? shows the keys. Ctrl-C stops at once; what you
    did is kept.

    Safety: the first interactive start asks the red-flag questions (see
    `backstretch check`); later starts ask the quick ones again when due. An
    answer that needs emergency care or a doctor stops start, even with --yes.

    \b
    Examples:
      backstretch start
      backstretch start --voice
      backstretch start --resume
      backstretch start --speed 60 --yes --events -
    """
    # Without --user the routine is found before the database is opened, as it always was.
    found = None if app.user else routine_of(app, None, routine)
    ask = not yes and is_terminal(sys.stdin)
    human = sys.stderr if events == "-" else sys.stdout
    with opened(app, check=True) as repository:
        seed = found or routine_of(app, repository, routine)
        if app.user is not None:
            for line in news_lines(repository, seed, app.wall_clock()):
                say_to(human)(line)
        today, morning = prepare_routine(
            repository,
            seed,
            app.wall_clock(),
            ask,
            seed_doses,
            say_to(human),
            ask_pain,
            ask_morning=pain_before is None,
        )
        loaded = today.routine
        timeline = plan(loaded)
        recorder = SessionRecorder(repository)
        unfinished = find_unfinished(app, recorder, loaded, resume, ask)
        if unfinished is None and pain_before is None and ask:
            pain_before = (
                morning if morning is not None else ask_pain("How is your back right now?")
            )
        engine = SessionEngine(timeline, app.monotonic, speed, stopped=today.stopped)
        with open_events(events) as stream:  # before the session is stored: a bad path stores none
            if unfinished is not None:
                recorder.resume(unfinished)
            else:
                recorder.begin(loaded, timeline, speed, app.wall_clock(), pain_before)
            keeper = RecordKeeper(recorder, app.wall_clock, stream)
            done = unfinished.completed_holds if unfinished is not None else frozenset()
            asks = pain_after is None and ask  # the voice asks the pain question only if so
            interrupted = guide(app, engine, keeper, done, human, events, quiet, voice, plain, asks)
        summary = summarize(timeline, engine.results, engine.status, engine.elapsed_seconds)
        human.write(summary_text(summary) + "\n")
        if pain_after is None and ask and not interrupted:
            pain_after = ask_pain(PAIN_AFTER_QUESTION)
        keeper.finish(engine.status, pain_after)
        notice = questionnaire_notice(repository, app)
    keeper.verdict()
    if notice and not interrupted:
        human.write(notice + "\n")
    if interrupted:
        click.get_current_context().exit(EXIT_INTERRUPTED)


def questionnaire_notice(repository: Repository, app: App) -> str | None:
    """The one line saying a questionnaire is due; None when none is, or when the records
    cannot be read (a reminder never stops a session)."""
    try:
        return due_notice(repository, app.wall_clock())
    except BackstretchError:
        return None


def guide(
    app: App,
    engine: SessionEngine,
    keeper: RecordKeeper,
    done: frozenset[int],
    human: IO[str],
    events: str | None,
    quiet: bool,
    voice: bool,
    plain: bool,
    asks_pain_after: bool = True,
) -> bool:
    """Run the session: the bell, the voice and the screen get each cue at its deadline, then
    the keeper stores it and writes its line. True if it was interrupted with Ctrl-C."""
    routine = engine.timeline.routine
    with ExitStack() as stack:
        keyboard = stack.enter_context(app.make_keyboard())
        view = make_view(stack, human, routine, engine, plain or events == "-")
        keeper.tell = view.say
        cues: list[Listener] = []
        if not quiet and is_terminal(human):
            cues.append(Bell(human).on_event)
        if voice:
            cues.append(make_voice(stack, view, routine, asks_pain_after))
        cues.append(view.on_event)
        if done:
            view.say(carry_on(len(done)))
        runner = SessionRunner(engine, keyboard, view, cues, app.monotonic, records=[keeper])
        runner.on_pain = lambda asked: keeper.record_pain(asked, engine.timeline.holds)
        return run_session(runner, done)


def say_to(stream: IO[str]) -> Callable[[str], None]:
    def say(text: str) -> None:
        stream.write(text + "\n")
        stream.flush()

    return say


def find_unfinished(
    app: App, recorder: SessionRecorder, routine: Routine, resume: bool, ask: bool
) -> InterruptedSession | None:
    """Today's unfinished session of this routine, if the person wants to carry it on."""
    person = recorder.repository.person
    today = person.day_of(app.wall_clock())
    unfinished = recorder.interrupted_session_today(today, person.zone, routine_id=routine.id)
    if resume and unfinished is None:
        raise BackstretchError(
            f"there is no unfinished {routine.id} session from today to carry on; "
            "start a new one with `backstretch start`"
        )
    if resume or unfinished is None or not ask:
        return unfinished if resume else None
    started = person.local_time(unfinished.session.started_at).strftime("%H:%M")
    done = len(unfinished.completed_holds)
    question = (
        f"You have an unfinished session from {started} ({counted(done, 'hold')} done). "
        "Carry on where you stopped?"
    )
    return unfinished if click.confirm(question, default=True) else None


def ask_pain(question: str) -> int | None:
    """Ask for a 0-10 rating until the answer is one; Enter skips."""
    while True:
        answer = click.prompt(
            f"{question} 0 = no pain, 10 = worst possible (Enter to skip)",
            default="",
            show_default=False,
        ).strip()
        if not answer:
            return None
        if answer.isdigit() and 0 <= int(answer) <= 10:
            return int(answer)
        click.echo("Please type a whole number from 0 (no pain) to 10 (worst possible).")


def make_view(
    stack: ExitStack, human: IO[str], routine: Routine, engine: SessionEngine, plain: bool
) -> SessionView:
    if plain or not is_terminal(human):
        return PlainView(human, routine, countdown=is_terminal(human))
    from rich.console import Console

    view = LiveView(Console(file=human), routine, engine, size=terminal_size)
    return stack.enter_context(view)


def terminal_size() -> tuple[int, int]:
    """The window's columns and rows, read afresh each time (it can be resized mid-session)."""
    size = shutil.get_terminal_size((0, 0))
    return size.columns, size.lines


def make_voice(
    stack: ExitStack, view: SessionView, routine: Routine, asks_pain_after: bool = True
) -> Listener:
    command = find_speech_engine()
    if command is None:
        view.say("Voice: no speech engine found (install espeak-ng); carrying on without voice.")
        return lambda event: None
    speaker = Voice(command)
    stack.callback(speaker.close)

    def speak(event: Event) -> None:
        text = speech(event, routine, asks_pain_after)
        if text:
            speaker.say(text, droppable=event.event is EventName.COUNTDOWN)

    return speak


def run_session(runner: SessionRunner, done: frozenset[int] = frozenset()) -> bool:
    """Run the session; True if it was interrupted with Ctrl-C (what was done is kept)."""
    try:
        runner.run(done)
    except KeyboardInterrupt:
        runner.dispatch(runner.engine.stop())
        return True
    return False


def summary_text(summary: Summary) -> str:
    verb = "completed" if summary.status == "completed" else "stopped"
    lines = [
        f"Session {verb} after {format_duration(summary.wall_seconds)}: "
        f"{summary.holds_completed} of {summary.holds_total} holds done, "
        f"{summary.holds_skipped} skipped."
    ]
    for row in summary.exercises:
        skipped = f", {row.holds_skipped} skipped" if row.holds_skipped else ""
        lines.append(f"  {row.name}: {row.holds_completed} of {row.holds_total} holds{skipped}")
    return "\n".join(lines)
