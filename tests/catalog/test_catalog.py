"""The routines folder: every file in it is listed, usable or with its problem, and nothing in it
can make listing or loading hang."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from backstretch.catalog import Catalog
from backstretch.core.errors import InvalidRoutine, RoutineNotFound

GOOD = (
    "id: short\nname: Short one\nexercises:\n"
    "  - {id: reach, name: Reach, steps: [Reach up.], hold_seconds: 5, reps: 2}\n"
)
NEGATIVE = GOOD.replace("id: short", "id: negative").replace("reps: 2", "reps: -1")
NEGATIVE_PROBLEM = (
    "line 4, exercise 'reach': reps must be a whole number between 1 and 100 (got -1)"
)


@pytest.fixture
def folder(home: Path) -> Path:
    path = home / "routines"
    path.mkdir()
    return path


def problems_listed(home: Path) -> dict[str, str | None]:
    return {e.id: e.problem for e in Catalog(home).entries() if e.source != "built-in"}


def test_what_is_not_a_regular_file_is_listed_with_its_problem_without_being_read(
    home: Path, folder: Path
) -> None:
    os.mkfifo(folder / "pipe.yaml")
    (folder / "zero.yaml").symlink_to("/dev/zero")
    (folder / "loop.yaml").symlink_to(folder / "loop.yaml")
    (folder / "folder.yaml").mkdir()
    (folder / "short.yaml").write_text(GOOD)
    rule = "not a file; routine files must be regular files"
    assert problems_listed(home) == {
        "folder": f"{folder / 'folder.yaml'}: is a folder, {rule}",
        "loop": f"{folder / 'loop.yaml'}: is a symbolic link that leads round in a loop",
        "pipe": f"{folder / 'pipe.yaml'}: is a named pipe (FIFO), {rule}",
        "short": None,
        "zero": f"{folder / 'zero.yaml'}: is a device, {rule}",
    }


def test_an_alias_bomb_in_the_routines_folder_is_listed_with_its_problem(
    home: Path, folder: Path
) -> None:
    (folder / "bomb.yaml").write_text(
        f'id: bomb\nname: &text "{"x" * 900_000}"\nexercises: [{", ".join(["*text"] * 5000)}]\n'
    )
    assert problems_listed(home) == {
        "bomb": f"{folder / 'bomb.yaml'}, line 3: holds more than 2,000,000 characters of text "
        "(counting each use of a YAML alias); too large to be a routine"
    }


def test_hidden_files_such_as_an_editors_lock_link_are_not_listed(home: Path, folder: Path) -> None:
    (folder / ".#short.yaml").symlink_to("sam@laptop.1234")
    (folder / "short.yaml").write_text(GOOD)
    assert problems_listed(home) == {"short": None}


def test_a_broken_file_asked_for_by_its_name_is_named_with_its_first_problem(
    home: Path, folder: Path
) -> None:
    path = folder / "negative.yaml"
    path.write_text(NEGATIVE)
    with pytest.raises(InvalidRoutine) as caught:
        Catalog(home).load("negative")
    assert str(caught.value) == (
        f"routine 'negative': its file {path} has problems, the first: {NEGATIVE_PROBLEM} "
        f"(see every problem with: backstretch validate {path})"
    )


def test_a_broken_file_does_not_hide_a_good_file_with_the_id_asked_for(
    home: Path, folder: Path
) -> None:
    (folder / "negative.yaml").write_text(NEGATIVE)
    (folder / "other-name.yaml").write_text(GOOD.replace("id: short", "id: negative"))
    assert Catalog(home).load("negative").source == str(folder / "other-name.yaml")


def test_a_name_no_file_has_is_still_not_found(home: Path, folder: Path) -> None:
    (folder / "negative.yaml").write_text(NEGATIVE)
    with pytest.raises(RoutineNotFound) as caught:
        Catalog(home).load("positive")
    message = str(caught.value)
    assert message.startswith("no routine called 'positive'; built-in: daily-back, library; ")


def test_a_routines_folder_that_cannot_be_read_is_one_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()

    def refuse(
        self: Path,
    ) -> list[Path]:  # as for a folder without read permission (root reads all)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "iterdir", refuse)
    with pytest.raises(RoutineNotFound) as caught:
        Catalog(tmp_path).user_files()
    assert str(caught.value) == (
        f"{folder}: the routines folder cannot be read (Permission denied); check its permissions"
    )
