"""The handout, read back: its text, its pages and its paper, never its byte count."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from backstretch.catalog import Catalog
from backstretch.core.routine import Exercise, Routine, Sides
from backstretch.export.handout import Fonts, find_fonts, handout_and_missing, routine_handout
from tests.conftest import make_exercise, make_routine

CREATED = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
POINTS_PER_MM = 72 / 25.4


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text, with line breaks made spaces so wrapped sentences read whole."""
    reader = PdfReader(io.BytesIO(pdf))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


@pytest.fixture(scope="module")
def fonts() -> Fonts:
    found = find_fonts()
    assert found is not None, "DejaVu Sans is needed: apt install fonts-dejavu-core"
    return found


@pytest.fixture(scope="module")
def a4(daily_back: Routine, fonts: Fonts) -> bytes:
    return routine_handout(daily_back, "a4", fonts, CREATED)


@pytest.fixture(scope="module")
def a4_pages(a4: bytes) -> list[str]:
    return pages_text(a4)


def test_the_first_page_has_the_title_length_and_a_safety_box(a4_pages: list[str]) -> None:
    first = a4_pages[0]
    assert first.startswith("Daily back stretches 5 stretches · about 13 min 1 s")
    assert "Safety first" in first
    assert "not medical advice" in first
    assert "never to pain" in first
    assert "Go to an emergency department or call your local emergency number now" in first
    assert "back passage" in first and "both legs" in first
    assert "serious accident" in first
    assert "trouble peeing" in first


def test_every_stretch_has_its_dose_steps_and_cautions(
    a4_pages: list[str], daily_back: Routine
) -> None:
    text = " ".join(a4_pages)
    assert "hold 5 s × 10 reps, each side · about 3 min 20 s" in text
    assert "cat 5 s + cow 5 s × 10 reps" in text
    assert "hold 10 s × 5 reps · about 1 min 28 s" in text
    for number, exercise in enumerate(daily_back.exercises, 1):
        assert f"{number}. {exercise.name}" in text
        for line in (*exercise.steps, *exercise.cautions):
            assert line in text, line


def test_no_stretch_is_split_across_two_pages(a4_pages: list[str], daily_back: Routine) -> None:
    for exercise in daily_back.exercises:
        pages = [i for i, page in enumerate(a4_pages) if exercise.name in page]
        page = pages[0]
        assert exercise.steps[-1] in a4_pages[page], exercise.id
        assert exercise.cautions[-1] in a4_pages[page], exercise.id


def test_pictures_are_captioned_by_position_and_sides(a4_pages: list[str]) -> None:
    text = " ".join(a4_pages)
    assert "Cat" in text and "Cow" in text
    assert text.count("Shown on one side; do both.") == 3  # trunk rotation, hip, hamstring


def test_the_last_page_is_a_four_week_tick_grid_with_a_pain_column(
    a4_pages: list[str], daily_back: Routine
) -> None:
    grid = a4_pages[-1]
    assert grid.startswith("Your 4-week log")
    for week in range(1, 5):
        assert f"Week {week}" in grid
    assert "Pain 0–10" in grid
    assert grid.count("/ 10") == 28
    for day in (1, 14, 28):
        assert f" {day} " in grid
    for exercise in daily_back.exercises:
        assert exercise.name in grid


def test_every_page_says_it_is_not_medical_advice_and_counts_pages(a4_pages: list[str]) -> None:
    total = len(a4_pages)
    for number, page in enumerate(a4_pages, 1):
        assert f"not medical advice · page {number} of {total}" in page


@pytest.mark.parametrize(("paper", "size_mm"), [("a4", (210, 297)), ("letter", (215.9, 279.4))])
def test_both_paper_sizes(
    daily_back: Routine, fonts: Fonts, paper: str, size_mm: tuple[float, float]
) -> None:
    pdf = routine_handout(daily_back, paper, fonts, CREATED)
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert width == pytest.approx(size_mm[0] * POINTS_PER_MM, abs=1)
        assert height == pytest.approx(size_mm[1] * POINTS_PER_MM, abs=1)
    assert "Week 4" in pages_text(pdf)[-1]


def test_the_same_routine_and_date_give_the_same_pdf(
    daily_back: Routine, fonts: Fonts, a4: bytes
) -> None:
    assert routine_handout(daily_back, "a4", fonts, CREATED) == a4


def unicode_routine() -> Routine:
    stretch = make_exercise(
        id="beugen",
        name="Rückendehnung — 背中のストレッチ ✓",
        steps=("Ατενίστε το ταβάνι · дышите спокойно…", "Hold 10 s × 3 “gently”."),
        cautions=("Не торопитесь ‹ ›",),
        sides=Sides.EACH,
    )
    return make_routine(stretch, name="Mon dos, ma routine ☀")


def test_text_outside_latin_1_prints_with_the_unicode_font(fonts: Fonts) -> None:
    pdf, missing = handout_and_missing(unicode_routine(), "a4", fonts, CREATED)
    text = " ".join(pages_text(pdf))
    assert "Mon dos, ma routine ☀" in text
    assert "Ατενίστε το ταβάνι · дышите спокойно…" in text
    assert "Hold 10 s × 3 “gently”." in text
    # DejaVu has no Japanese: those characters are shown as ? and reported, not dropped.
    assert "Rückendehnung — ???????? ✓" in text
    assert set(missing) == set("背中のストレッチ")


def test_without_a_unicode_font_characters_are_replaced_not_a_crash() -> None:
    pdf, missing = handout_and_missing(unicode_routine(), "letter", None, CREATED)
    text = " ".join(pages_text(pdf))
    assert 'Hold 10 s x 3 "gently".' in text
    assert "Mon dos, ma routine ?" in text
    assert "☀" in missing and "д" in missing and "×" not in missing


def many_stretches(count: int, like: Exercise) -> Routine:
    steps = tuple(f"Step {n}: " + "breathe slowly and let the stretch come. " * 4 for n in range(5))
    return make_routine(
        *(
            replace(
                like,
                id=f"s{n}",
                name=f"Stretch number {n}",
                steps=steps,
                notes=(),
                cautions=("Go gently.",),
            )
            for n in range(1, count + 1)
        )
    )


def test_a_long_routine_keeps_each_stretch_whole_and_numbers_the_grid(
    daily_back: Routine, fonts: Fonts
) -> None:
    pdf = routine_handout(many_stretches(12, daily_back.exercises[3]), "letter", fonts, CREATED)
    pages = pages_text(pdf)
    for n in range(1, 13):
        holding = [page for page in pages if f"{n}. Stretch number {n} " in page]
        assert len(holding) == 1
        assert "Step 4: breathe slowly" in holding[0]
        assert "Go gently." in holding[0]
    grid = pages[-1]
    assert "Week 4" in grid
    assert "12: Stretch number 12" in grid  # narrow columns are numbered, with a legend


def test_a_stretch_without_a_pose_is_printed_without_a_picture(fonts: Fonts) -> None:
    exercise: Exercise = make_exercise(name="Knee hug", steps=("Hug your knees.",))
    text = " ".join(pages_text(routine_handout(make_routine(exercise), "a4", fonts, CREATED)))
    assert "1. Knee hug" in text and "Hug your knees." in text


@pytest.fixture(scope="module")
def library_pdf(fonts: Fonts, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    library = Catalog(tmp_path_factory.mktemp("home")).load("library")
    return routine_handout(library, "a4", fonts, CREATED)


def test_the_library_handout_has_every_exercise_with_its_picture_and_sides(
    library_pdf: bytes,
) -> None:
    text = " ".join(pages_text(library_pdf))
    for name in ("Pelvic Tilt", "Knee to Chest", "Piriformis Stretch", "Glute Bridge", "Sphinx"):
        assert name in text
    assert "6. Prone Press-Up hold 2 s × 10 reps" in text
    assert text.count("Shown on one side; do both.") == 2  # knee to chest and piriformis


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
@pytest.mark.parametrize("handout", ["a4", "library_pdf"])
def test_poppler_renders_every_page(
    handout: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    pdf: bytes = request.getfixturevalue(handout)
    source = tmp_path / "handout.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "20", "-png", str(source), str(tmp_path / "page")], check=True
    )
    rendered = sorted(tmp_path.glob("page-*.png"))
    assert len(rendered) == len(PdfReader(io.BytesIO(pdf)).pages)
    assert all(path.stat().st_size > 0 for path in rendered)
