"""The `backstretch` command. Subcommands load on demand so quick commands start fast."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Any

import click

from backstretch import __version__
from backstretch.cli.app import App, run_guarded

COMMANDS = {
    "start": "backstretch.cli.session_command:start",
    "routines": "backstretch.cli.routine_commands:routines",
    "show": "backstretch.cli.routine_commands:show",
    "validate": "backstretch.cli.routine_commands:validate",
    "schema": "backstretch.cli.routine_commands:schema",
    "pain": "backstretch.cli.history_commands:pain",
    "history": "backstretch.cli.history_commands:history",
    "stats": "backstretch.cli.history_commands:stats",
    "rest-days": "backstretch.cli.history_commands:rest_days",
    "timezone": "backstretch.cli.person_commands:timezone",
    "export": "backstretch.cli.history_commands:export",
    "import": "backstretch.cli.history_commands:import_",
    "check": "backstretch.cli.safety_commands:check",
    "plan": "backstretch.cli.plan_command:plan",
    "handout": "backstretch.cli.document_commands:handout",
    "remind": "backstretch.cli.document_commands:remind",
    "serve": "backstretch.cli.web_command:serve",
}
# One line each for `backstretch --help`, so listing the commands imports none of them.
SUMMARIES = {
    "start": "Start a guided session: the coach counts every hold, rep and side.",
    "routines": "List the built-in routines and your own.",
    "show": "Show a routine: each stretch with its dose, steps and cautions.",
    "validate": "Check routine files and report every problem, one per line.",
    "schema": "Print the JSON Schema of routine files, for editors that check YAML.",
    "pain": "Record your back pain now, from 0 (no pain) to 10 (worst possible).",
    "history": "List your sessions, newest first: holds done and pain before and after.",
    "stats": "Show streaks, adherence, completion per stretch and your pain trend.",
    "rest-days": "Show or set your planned rest days (a streak survives them).",
    "timezone": "Show or set your time zone: the one your days and streaks follow.",
    "export": "Export your whole history as CSV or JSON to share it.",
    "import": "Import a history file written by backstretch export.",
    "check": "Answer the red-flag questions (signs that need a doctor before stretching).",
    "plan": "Show your doses and why; turn gradual, pain-guided progression on or off.",
    "handout": "Make a printable PDF of a routine: pictures, steps, doses and a log to tick.",
    "remind": "Make a calendar file with a daily or weekly reminder to stretch, and an alarm.",
    "serve": "Serve the coach in a browser on this machine: sessions, routines, history.",
}


class LazyGroup(click.Group):
    """Imports a subcommand's module only when that subcommand (or the help) needs it."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, attribute = target.split(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, SUMMARIES.get(name, "")) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="backstretch")
@click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="BACKSTRETCH_HOME",
    help="Folder for your data, settings and routines (default: your user data folder).",
)
@click.option("--debug", is_flag=True, help="Show the full traceback when something goes wrong.")
@click.pass_context
def cli(ctx: click.Context, home: Path | None, debug: bool) -> None:
    """backstretch coaches you through a daily stretching routine for back pain.

    It shows each stretch, counts every hold, rep and side for you, and keeps a record.
    It is not medical advice: stop and see a clinician if something feels wrong.

    \b
    Start here:
      backstretch show              the daily-back routine, stretch by stretch
      backstretch start             a guided session of it
      backstretch start --speed 60  the same, a minute a second (a quick demo)
    """
    app = ctx.obj if isinstance(ctx.obj, App) else App()  # given by `main`, or the defaults
    app.home, app.debug = home, debug
    ctx.obj = app


def main(argv: list[str] | None = None, app: App | None = None) -> Any:
    """The command line. `app` brings the clocks, the keyboard and a repository (tests do);
    by default the real ones: this is the one place they are chosen for the terminal."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    chosen = app or App()
    return run_guarded(
        lambda: cli.main(args=argv, prog_name="backstretch", standalone_mode=False, obj=chosen),
        debug,
    )


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
