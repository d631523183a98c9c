"""The `backstretch` command.

A quick command in its simple form is answered without loading click (cli/quick.py);
everything else goes through the click group (cli/commands.py), whose subcommands load on
demand. So `--help`, `routines`, `show` and `pain` start fast.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: `--help` answers before typing is imported
if TYPE_CHECKING:
    from backstretch.cli.app import App

COMMANDS = {
    "start": "backstretch.cli.session_command:start",
    "routines": "backstretch.cli.routine_commands:routines",
    "show": "backstretch.cli.routine_commands:show",
    "validate": "backstretch.cli.routine_commands:validate",
    "schema": "backstretch.cli.routine_commands:schema",
    "pain": "backstretch.cli.history_commands:pain",
    "history": "backstretch.cli.history_commands:history",
    "stats": "backstretch.cli.stats_command:stats",
    "rest-days": "backstretch.cli.history_commands:rest_days",
    "timezone": "backstretch.cli.person_commands:timezone",
    "export": "backstretch.cli.history_commands:export",
    "import": "backstretch.cli.history_commands:import_",
    "check": "backstretch.cli.safety_commands:check",
    "outcomes": "backstretch.cli.outcome_commands:outcomes",
    "plan": "backstretch.cli.plan_command:plan",
    "handout": "backstretch.cli.document_commands:handout",
    "remind": "backstretch.cli.document_commands:remind",
    "report": "backstretch.cli.report_command:report",
    "serve": "backstretch.cli.web_command:serve",
    "accounts": "backstretch.cli.account_commands:accounts",
    "alerts": "backstretch.cli.alert_commands:alerts",
    "form-check": "backstretch.cli.form_check_command:form_check",
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
    "export": "Export your whole history as CSV, JSON or FHIR to share it.",
    "import": "Import a history file written by backstretch export.",
    "check": "Answer the red-flag questions (signs that need a doctor before stretching).",
    "outcomes": "Answer the STarT Back or PEG questionnaire; see your scores over time.",
    "plan": "Show your doses and why; turn gradual, pain-guided progression on or off.",
    "handout": "Make a printable PDF of a routine: pictures, steps, doses and a log to tick.",
    "remind": "Make a calendar file with a daily or weekly reminder to stretch, and an alarm.",
    "report": "Make a progress report PDF of your last days (28 by default) for a clinician.",
    "serve": "Serve the coach in a browser on this machine: sessions, routines, history.",
    "accounts": "Manage the accounts of a shared server: add, list, invite, disable, remove.",
    "alerts": "E-mail clinicians their new alerts through the clinic's SMTP server.",
    "form-check": "Judge a stretch's form from camera landmarks, frame by frame, as JSON lines.",
}


def main(argv: list[str] | None = None, app: App | None = None) -> None:
    """Run the command line and exit with its code. `app` brings the clocks, the keyboard and a
    repository (tests do); by default the real ones: the one place they are chosen for the
    terminal."""
    args = sys.argv[1:] if argv is None else list(argv)
    code = None
    if app is None:
        from backstretch.cli.quick import run_quick

        code = run_quick(args)
    if code is None:
        from backstretch.cli.commands import run_click

        code = run_click(args, "--debug" in args, app)
    sys.exit(code)


def __getattr__(name: str) -> object:
    """`cli`, the click group, loads only when asked for (tests, embedding)."""
    if name == "cli":
        from backstretch.cli.commands import cli

        return cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


if __name__ == "__main__":  # pragma: no cover
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
