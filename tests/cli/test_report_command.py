"""`backstretch report` from the command line: the file written, and clear errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from backstretch.cli.main import main
from backstretch.storage import MemoryRepository
from tests.cli.test_history_commands import FakeApp
from tests.coach.report_history import TODAY, fill_known_history
from tests.export.test_handout import pages_text


@pytest.fixture
def run_report(
    capsys: pytest.CaptureFixture[str], home: Path
) -> Callable[..., tuple[int, str, str]]:
    """`backstretch report ARGS` through the real entry point, on the known history."""

    def run(*args: str) -> tuple[int, str, str]:
        repository = MemoryRepository()
        fill_known_history(repository)
        app = FakeApp(repository=repository, wall_clock=lambda: TODAY)
        with pytest.raises(SystemExit) as stop:
            main(["--home", str(home), "report", *args], app)
        out, err = capsys.readouterr()
        return int(stop.value.code or 0), out, err

    return run


def test_report_writes_the_pdf_of_the_last_days(
    run_report: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    target = tmp_path / "report.pdf"
    code, out, _ = run_report("-o", str(target), "--days", "14")
    assert code == 0, out
    assert out == f"Wrote {target}: your progress report, 05 Jan 2026 to 18 Jan 2026 (14 days).\n"
    text = " ".join(pages_text(target.read_bytes()))
    assert "Of you · 05 Jan 2026 to 18 Jan 2026 (14 days)" in text


@pytest.mark.parametrize("days", ["0", "367", "-1"])
def test_a_bad_number_of_days_is_one_clear_error_and_writes_nothing(
    days: str, run_report: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    target = tmp_path / "report.pdf"
    code, _, err = run_report("-o", str(target), "--days", days)
    assert code == 1
    assert err == (
        "Error: report --days: the period must be a whole number of days from 1 to 366 "
        f"(got '{days}')\n"
    )
    assert not target.exists()


def test_a_report_into_a_missing_folder_is_one_clear_error(
    run_report: Callable[..., tuple[int, str, str]], tmp_path: Path
) -> None:
    target = tmp_path / "nowhere" / "report.pdf"
    code, _, err = run_report("-o", str(target))
    assert code == 1
    assert err.startswith(f"Error: cannot write {target}: the folder {target.parent} does not")
