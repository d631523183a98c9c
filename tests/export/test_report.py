"""The progress report PDF read back: its text holds the figures of a known history, and
poppler renders every page."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from backstretch.catalog import Catalog
from backstretch.coach.report import progress_report
from backstretch.export.handout import find_fonts
from backstretch.export.report import progress_pdf
from backstretch.storage import MemoryRepository
from tests.coach.report_history import TODAY, fill_known_history
from tests.export.test_handout import pages_text


def report_pdf(tmp_path: Path, filled: bool = True, days: int = 28) -> bytes:
    repository = MemoryRepository()
    if filled:
        fill_known_history(repository)
    entries = Catalog(tmp_path).entries()
    report = progress_report(repository, entries, TODAY, days, "ada")
    pdf, missing = progress_pdf(report, "a4", find_fonts())
    assert missing == ""
    return pdf


@pytest.fixture(scope="module")
def text(tmp_path_factory: pytest.TempPathFactory) -> str:
    return " ".join(pages_text(report_pdf(tmp_path_factory.mktemp("home"))))


def test_the_report_says_whose_it_is_the_period_and_when_it_was_made(text: str) -> None:
    assert "Progress report" in text
    assert "Of ada · 22 Dec 2025 to 18 Jan 2026 (28 days)" in text
    assert "Generated Sun 18 Jan 2026 12:00" in text


def test_the_report_counts_sessions_against_the_plan_and_completion_per_stretch(
    text: str,
) -> None:
    assert "7 sessions in the period, on 7 of 28 days" in text
    assert "except on rest days (sat,sun): 7 of 10 planned days done (70 %)" in text
    assert "counted from the first session on 05 Jan 2026" in text
    assert "week of 05 Jan" in text and "4 of 5" in text and "3 of 5" in text
    assert "Trunk Rotation 28 of 28 0 100 %" in text
    assert "Cat-Cow 7 of 14 7 50 %" in text


def test_the_report_lists_each_session_with_pain_before_and_after(text: str) -> None:
    assert "Mon 05 Jan 2026 12:00 Daily back completed 5 done, 1 skipped 5 → 4" in text
    assert text.count("Daily back completed") == 7


def test_the_report_has_the_questionnaire_scores_with_their_days(text: str) -> None:
    assert "06 Jan 2026 Keele STarT Back Screening Tool 4 2 medium" in text
    assert "07 Jan 2026 PEG pain scale 5.3" in text


def test_the_report_has_the_pain_report_red_flag_clearance_and_dose_change(text: str) -> None:
    assert "Tue 06 Jan 2026 12:01 Cat-Cow 7/10 sharp, shooting or electric" in text
    assert "stretch stopped and skipped for today" in text
    assert "Yes (urgent): “Is the pain there even when you rest" in text
    assert "Cleared by a clinician on 09 Jan 2026: seen by Dr Lee" in text
    assert "Trunk Rotation: holds go from 5 s to 10 s because your back settled" in text
    assert "Now, in Daily back stretches:" in text
    assert "hold 5 s × 10 reps, each side" in text


def test_the_report_draws_both_pain_charts_with_their_captions(text: str) -> None:
    assert "Morning and usual ratings, one point a day" in text
    assert "Before (solid red) and after (dashed blue) each session" in text


def test_an_empty_history_gives_a_report_that_says_there_is_nothing_yet(tmp_path: Path) -> None:
    text = " ".join(pages_text(report_pdf(tmp_path, filled=False)))
    assert "Nothing recorded yet in these 28 days" in text
    assert "Adherence" not in text
    assert "Now, in Daily back stretches:" in text


def test_a_shorter_period_leaves_out_what_came_before_it(tmp_path: Path) -> None:
    text = " ".join(pages_text(report_pdf(tmp_path, days=7)))
    assert "12 Jan 2026 to 18 Jan 2026 (7 days)" in text
    assert "3 sessions in the period, on 3 of 7 days" in text
    assert "PEG pain scale" not in text and "Cat-Cow 7/10" not in text
    assert "No dose changes in the period." in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
@pytest.mark.parametrize("filled", [True, False])
def test_poppler_renders_every_page_of_the_report(tmp_path: Path, filled: bool) -> None:
    source = tmp_path / "report.pdf"
    source.write_bytes(report_pdf(tmp_path, filled))
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(source), str(tmp_path / "page")], check=True
    )
    assert len(list(tmp_path.glob("page-*.png"))) == (2 if filled else 1)
