"""The click group behind `backstretch`: its options, the one-line summaries in its help, and
subcommands imported only when they run (cli/main.py lists them)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import click

from backstretch import __version__
from backstretch.cli.app import EXIT_INTERRUPTED, App, guarded
from backstretch.cli.main import COMMANDS, SUMMARIES
from backstretch.cli.terminal import echo

SERVER_COMMANDS = ("serve", "accounts", "alerts")  # the server's, not one person's


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
@click.option(
    "--user",
    metavar="USERNAME",
    envvar="BACKSTRETCH_USER",
    help="Be this person of the server's accounts (backstretch accounts): their records and "
    "what a clinician prescribed for them.",
)
@click.option("--debug", is_flag=True, help="Show the full traceback when something goes wrong.")
@click.pass_context
def cli(ctx: click.Context, home: Path | None, user: str | None, debug: bool) -> None:
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
    app.home, app.debug, app.user = home, debug, user or None
    if app.user is not None and ctx.invoked_subcommand in SERVER_COMMANDS:
        raise click.UsageError(
            f"--user is for one person's own commands; `{ctx.invoked_subcommand}` works on the "
            "whole server: leave out --user (and BACKSTRETCH_USER)"
        )
    ctx.obj = app


def run_click(args: list[str], debug: bool, app: App | None = None) -> int:
    """Run the command line through click; its usage errors exit 2, Ctrl-C exits 130."""

    def run() -> int:
        try:
            chosen = app or App()
            code = cli.main(args=args, prog_name="backstretch", standalone_mode=False, obj=chosen)
        except click.exceptions.Abort:
            echo("\nStopped.", err=True)
            return EXIT_INTERRUPTED
        except click.ClickException as error:
            error.show()
            return error.exit_code
        except click.exceptions.Exit as error:
            return error.exit_code
        return code if isinstance(code, int) else 0

    return guarded(run, debug)


def main_help(width: int) -> str:
    """What `backstretch --help` prints, wrapped at `width` (click wraps at the terminal's
    columns - 2, at most 78)."""
    context = cli.make_context("backstretch", [], resilient_parsing=True, terminal_width=width)
    return context.get_help() + "\n"


def write_main_help(path: Any = None) -> None:
    """Renew cli/main_help.txt from click (run after changing the commands or their summaries):
    python -c 'from backstretch.cli.commands import write_main_help; write_main_help()'"""
    from backstretch.cli.quick import HELP_COLUMNS, HELP_FILE

    Path(path or HELP_FILE).write_text(main_help(HELP_COLUMNS - 2), encoding="utf-8")
