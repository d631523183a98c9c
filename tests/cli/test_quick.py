"""The quick path: `--help`, `--version`, `routines`, `show` and `pain` answered without click,
with exactly what click prints, and everything else left to click."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from backstretch.cli.commands import run_click
from backstretch.cli.quick import HELP_FILE, run_quick
from backstretch.storage import open_repository

RENEW = (
    "the main help changed: renew src/backstretch/cli/main_help.txt with\n"
    "  .venv/bin/python -c 'from backstretch.cli.commands import write_main_help; "
    "write_main_help()'"
)


def both_ways(
    capsys: pytest.CaptureFixture[str], args: list[str]
) -> tuple[tuple[int | None, str, str], tuple[int, str, str]]:
    """(exit code, standard output, standard error) from the quick path, then from click."""
    quick = run_quick(args)
    quick_out, quick_err = capsys.readouterr()
    code = run_click(args, debug=False)
    out, err = capsys.readouterr()
    return (quick, quick_out, quick_err), (code, out, err)


@pytest.mark.parametrize("columns", ["80", "100", "250"])
def test_the_quick_help_is_what_click_prints_from_80_columns_on(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    for option in ("--help", "-h"):
        quick, slow = both_ways(capsys, [option])
        assert quick == slow, RENEW


def test_a_narrow_terminal_gets_the_help_from_click_wrapped_to_fit(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    assert run_quick(["--help"]) is None
    run_click(["--help"], debug=False)
    narrow = capsys.readouterr().out
    assert "  backstretch coaches you through a daily stretching\n" in narrow
    assert narrow != Path(HELP_FILE).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args",
    [
        ["routines"],
        ["routines", "--json"],
        ["show"],
        ["show", "daily-back", "--json"],
        ["show", "--json", "daily-back"],
        ["--debug", "show", "daily-back"],
        ["show", "no-such-routine"],
        ["show", ""],
        ["history"],
        ["history", "--json", "--limit", "5"],
        ["stats"],
        ["stats", "--json", "--days=7"],
    ],
)
def test_quick_commands_print_what_the_click_commands_print(
    home: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    quick, slow = both_ways(capsys, ["--home", str(home), *args])
    assert quick[0] is not None, "the quick path should answer this"
    assert quick == slow


def test_the_version_is_what_click_prints(capsys: pytest.CaptureFixture[str]) -> None:
    quick, slow = both_ways(capsys, ["--version"])
    assert quick == slow and quick[1].startswith("backstretch, version ")


def test_quick_commands_read_the_home_from_the_environment_as_click_does(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (home / "routines").mkdir()
    (home / "routines" / "broken.yaml").write_text("id: [\n")
    quick, slow = both_ways(capsys, ["routines"])
    assert quick == slow
    assert "broken" in quick[1] and "has a problem:" in quick[1]
    assert "\x1b[" not in quick[1]  # no colour codes when the output is not a terminal


def test_quick_pain_records_the_rating_as_the_pain_command_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["pain", "3", "--context=morning", "--note", "stiff after the drive"]
    quick_home, click_home = tmp_path / "quick", tmp_path / "click"
    assert run_quick(["--home", str(quick_home), *args]) == 0
    assert run_click(["--home", str(click_home), *args], debug=False) == 0
    quick_out, slow_out = capsys.readouterr().out.splitlines()
    assert quick_out == slow_out == "Recorded pain 3/10 (morning)."
    ratings = []
    for folder in (quick_home, click_home):
        repository = open_repository(folder)
        (rating,) = repository.pain_ratings()
        ratings.append((rating.level, rating.context.value, rating.note))
        repository.close()
    assert ratings[0] == ratings[1] == (3, "morning", "stiff after the drive")


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--bogus"],
        ["--home"],
        ["history", "--limit", "-1"],
        ["history", "--limit", "many"],
        ["history", "extra"],
        ["stats", "--days", "0"],
        ["stats", "--days", "36601"],
        ["stats", "--plot", "chart.png"],
        ["show", "--help"],
        ["show", "--pictures", "pictures"],
        ["show", "daily-back", "extra"],
        ["show", "--json", "--json"],
        ["routines", "extra"],
        ["pain"],
        ["pain", "11"],
        ["pain", "-1"],
        ["pain", "three"],
        ["pain", "3", "--note"],
        ["pain", "3", "--context", "evening"],
        ["pain", "3", "--", "4"],
        ["--home", "a-file", "routines"],
    ],
)
def test_anything_else_is_left_to_click_and_its_messages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a-file").write_text("not a folder")
    assert run_quick(args) is None


@pytest.mark.parametrize(
    "args",
    [["--help"], ["--version"], ["routines"], ["show"], ["pain", "3"], ["history"], ["stats"]],
)
def test_quick_commands_do_not_load_click(home: Path, args: list[str]) -> None:
    probe = (
        "import sys\n"
        "from backstretch.cli.main import main\n"
        f"sys.argv = ['backstretch', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit as stop:\n    assert not stop.code, stop.code\n"
        "print(','.join(n for n in ('click', 'shutil') if n in sys.modules), file=sys.stderr)\n"
    )
    for _ in range(2):  # the first `pain` creates the database; the second is the norm
        result = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, env={
                "BACKSTRETCH_HOME": str(home), "COLUMNS": "100", "PATH": "/usr/bin:/bin"}
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""


def test_quick_history_and_stats_print_what_click_prints_with_sessions_stored(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.storage.records import make_hold, make_pain, make_pain_report, make_session

    repository = open_repository(home)
    for number in (1, 2, 3):
        session = make_session(number)
        repository.add_session(session)
        repository.record_hold(make_hold(session, 1))
        repository.add_pain(make_pain(number, level=6 - number))
    repository.add_pain_report(make_pain_report(make_session(2), 1))
    repository.close()
    for args in (["history"], ["history", "--json"], ["stats"], ["stats", "--json"]):
        quick, slow = both_ways(capsys, ["--home", str(home), *args])
        assert quick[0] == 0 and quick == slow, args
    assert "pain during" in both_ways(capsys, ["--home", str(home), "history"])[0][1]
