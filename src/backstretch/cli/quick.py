"""The quick commands without click: `--help`, `--version`, `routines`, `show`, `pain`,
`history` and `stats`.

Loading click and what it brings (inspect, typing, gettext, uuid, ...) is a third of a quick
command's time, and PRODUCT.md gives them 100 ms. So when the command line is one of these in
its simple forms, it is answered here with the same code and the same output as the click
commands; anything else (another command, `--help` of a command, a mistake, an unusual
spelling) returns None and click answers, with its messages.

The main help is a copy of what click prints at the usual width (78 columns), kept in
main_help.txt; tests/cli/test_quick.py checks that it matches click's and says how to renew it.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: `--help` answers before typing is imported
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path

    from backstretch.cli.app import App

# os.path rather than pathlib: `--help` reads this file before anything imports pathlib
HELP_FILE = os.path.join(os.path.dirname(__file__), "main_help.txt")  # noqa: PTH118, PTH120
HELP_COLUMNS = 80  # click wraps at min(columns, 80) - 2: from 80 columns on, the text is the same
VALUE_OPTIONS = {"pain": ("--context", "--note"), "history": ("--limit",), "stats": ("--days",)}
FLAGS = {"routines": ("--json",), "show": ("--json",), "history": ("--json",), "stats": ("--json",)}
DEFAULT_LIMIT, DEFAULT_DAYS, MOST_DAYS = 20, 28, 36_600  # as the click commands declare them


def run_quick(args: Sequence[str]) -> int | None:
    """Answer a simple quick command and return its exit code, or None to leave it to click."""
    if list(args) in (["--help"], ["-h"]):
        return print_main_help()
    if list(args) == ["--version"]:
        from backstretch import __version__

        return say(f"backstretch, version {__version__}")
    split = global_options(args)
    if split is None or not split[1] or split[1][0] not in FLAGS.keys() | VALUE_OPTIONS.keys():
        return None
    (home, debug, user), (name, *rest) = split
    command = read_command(name, rest)
    if command is None:
        return None
    from backstretch.cli.app import App, guarded

    app = App(home=home_path(home), debug=debug, user=user)
    return guarded(lambda: command(app), debug)


def say(text: str) -> int:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
    return 0


def print_main_help() -> int | None:
    from backstretch.cli.terminal import terminal_columns

    if terminal_columns() < HELP_COLUMNS:
        return None
    with open(HELP_FILE, encoding="utf-8") as file:  # noqa: PTH123 - see HELP_FILE
        sys.stdout.write(file.read())
    sys.stdout.flush()
    return 0


# -- reading the command line ---------------------------------------------------------------------
Globals = tuple[str | None, bool, str | None]  # --home, --debug, --user


def global_options(args: Sequence[str]) -> tuple[Globals, list[str]] | None:
    """(--home, --debug, --user) and the rest, when the global options are in their plain
    forms."""
    values: dict[str, str | None] = {
        "--home": os.environ.get("BACKSTRETCH_HOME") or None,
        "--user": os.environ.get("BACKSTRETCH_USER") or None,
    }
    debug, index = False, 0
    while index < len(args) and args[index].startswith("-"):
        option, equals, value = args[index].partition("=")
        if args[index] == "--debug":
            debug = True
        elif option in values and equals:
            values[option] = value
        elif option in values and index + 1 < len(args):
            index += 1
            values[option] = args[index]
        else:
            return None
        index += 1
    home, user = values["--home"], values["--user"] or None
    if home is not None and not usable_home(home):
        return None
    return (home, debug, user), list(args[index:])


def usable_home(home: str) -> bool:
    """What click's Path(file_okay=False) accepts: a readable folder, or nothing there yet."""
    from pathlib import Path

    if not home or home.startswith("-"):
        return False
    folder = Path(home)
    return not folder.exists() or (folder.is_dir() and os.access(folder, os.R_OK))


def home_path(home: str | None) -> Path | None:
    from pathlib import Path

    return None if home is None else Path(home)


def read_command(name: str, rest: list[str]) -> Callable[[App], int] | None:
    """The command to run, if its arguments are plain: known flags, `--option value` (or
    `--option=value`) once each, and at most one argument."""
    flags: set[str] = set()
    values: dict[str, str] = {}
    arguments: list[str] = []
    index = 0
    while index < len(rest):
        word = rest[index]
        option, equals, value = word.partition("=")
        if word in FLAGS.get(name, ()) and word not in flags:
            flags.add(word)
        elif option in VALUE_OPTIONS.get(name, ()) and option not in values:
            if not equals:
                index += 1
                if index == len(rest):
                    return None
                value = rest[index]
            values[option] = value
        elif word.startswith("-") or arguments:
            return None
        else:
            arguments.append(word)
        index += 1
    return command_for(name, "--json" in flags, values, arguments)


def command_for(
    name: str, as_json: bool, values: dict[str, str], arguments: list[str]
) -> Callable[[App], int] | None:
    if name == "routines" and not arguments:
        return lambda app: printed(lambda: routines(app, as_json))
    if name == "show":
        return lambda app: printed(lambda: show(app, arguments[0] if arguments else None, as_json))
    if name == "pain" and arguments:
        return pain_command(arguments[0], values.get("--context", "usual"), values.get("--note"))
    if name == "history" and not arguments:
        limit = whole(values.get("--limit", str(DEFAULT_LIMIT)), 0, None)
        return None if limit is None else lambda app: printed(lambda: history(app, as_json, limit))
    if name == "stats" and not arguments:
        days = whole(values.get("--days", str(DEFAULT_DAYS)), 1, MOST_DAYS)
        return None if days is None else lambda app: printed(lambda: stats(app, as_json, days))
    return None


def whole(text: str, low: int, high: int | None) -> int | None:
    """A plain whole number in range, or None so that click answers (and words any mistake)."""
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        return None
    number = int(text)
    return number if number >= low and (high is None or number <= high) else None


# -- the commands ---------------------------------------------------------------------------------
def printed(text: Callable[[], str]) -> int:
    from backstretch.cli.terminal import echo

    echo(text())
    return 0


def routines(app: App, as_json: bool) -> str:
    from backstretch.cli.routine_text import routines_text

    return routines_text(app, as_json)


def show(app: App, routine: str | None, as_json: bool) -> str:
    from backstretch.cli.routine_text import show_text

    return show_text(app, routine, as_json)


def history(app: App, as_json: bool, limit: int) -> str:
    from backstretch.cli.history_text import history_output

    return history_output(app, as_json, limit)


def stats(app: App, as_json: bool, days: int) -> str:
    from backstretch.cli.stats_text import stats_output

    return stats_output(app, as_json, days)[0]


def pain_command(level: str, context: str, note: str | None) -> Callable[[App], int] | None:
    """`pain LEVEL`, when the level and context are ones click would accept."""
    from backstretch.core.history import InvalidRecord, PainContext, check_pain_level

    if context not in {c.value for c in PainContext}:
        return None
    try:
        number = check_pain_level(level)
    except InvalidRecord:
        return None
    return lambda app: printed(lambda: record_pain(app, number, context, note or ""))


def record_pain(app: App, level: int, context: str, note: str) -> str:
    """Store a pain rating taken now; the line that says so (`pain`'s whole work)."""
    from backstretch.cli.app import opened
    from backstretch.core.history import PainContext, PainRating, new_id

    rating = PainRating(new_id(), level, PainContext(context), app.wall_clock(), note=note)
    with opened(app) as repository:
        repository.add_pain(rating)
    return f"Recorded pain {level}/10 ({context})."
