"""`backstretch validate` and `backstretch schema`, and the examples in docs/routines.md."""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from backstretch.catalog.catalog import BUILT_IN
from backstretch.cli.main import cli, main
from backstretch.core.errors import InvalidRoutine
from backstretch.core.schema import routine_schema
from backstretch.core.validation import build_routine

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "routines.md"
SCHEMA_FILE = ROOT / "docs" / "routine.schema.json"
DAILY_BACK = BUILT_IN / "daily-back.yaml"
DOCUMENT = yaml.safe_load(DAILY_BACK.read_text(encoding="utf-8"))
BROKEN = "id: My Routine\nname: Mine\nexercises:\n  - id: s\n    name: S\n    reps: ten\n"


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    stdout: str
    stderr: str
    output: str  # both streams, in the order they were written


def backstretch(*args: str, home: Path) -> Outcome:
    """Run the real entry point, which turns errors into messages and exit codes."""
    with CliRunner().isolation() as (stdout, stderr, output):
        try:
            main(["--home", str(home), *args])
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        else:
            code = 0
    return Outcome(code, *(s.getvalue().decode() for s in (stdout, stderr, output)))


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# validate


def test_the_built_in_routine_file_is_valid(home: Path) -> None:
    result = backstretch("validate", str(DAILY_BACK), home=home)
    assert result.exit_code == 0, result.output
    assert (
        result.stdout == f"{DAILY_BACK}: ok, routine 'daily-back' with 5 stretches (13 min 1 s)\n"
    )
    assert result.stderr == ""


def test_a_broken_file_gets_one_error_line_per_problem_and_exit_1(
    home: Path, tmp_path: Path
) -> None:
    path = write(tmp_path, "mine.yaml", BROKEN)
    result = backstretch("validate", str(path), home=home)
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"Error: {path}, line 1: id must be a short id of lower-case letters, digits and hyphens, "
        "such as 'daily-back' (got 'My Routine')",
        f"Error: {path}, line 4, exercise 's': steps is required (step-by-step instructions)",
        f"Error: {path}, line 4, exercise 's': hold_seconds is required "
        "(how long to hold, in seconds)",
        f"Error: {path}, line 6, exercise 's': reps must be a whole number between 1 and 100 "
        "(got 'ten')",
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.yaml", b""),
        ("binary.yaml", bytes(range(256))),
        ("latin1.yaml", "name: Café\n".encode("latin-1")),
        ("list.yaml", b"- a\n- b\n"),
        ("deep.yaml", b"id: " + b"[" * 100_000 + b"]" * 100_000),
        ("tabs.yaml", b"id: a\n\tname: b\n"),
    ],
)
def test_files_that_are_not_routines_get_one_message_and_no_traceback(
    home: Path, tmp_path: Path, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = backstretch("validate", str(path), home=home)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"Error: {path}")


def test_one_good_and_one_bad_file_exit_1_and_the_good_one_is_reported_ok(
    home: Path, tmp_path: Path
) -> None:
    bad = write(tmp_path, "bad.yaml", BROKEN)
    result = backstretch("validate", str(DAILY_BACK), str(bad), home=home)
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith(f"{DAILY_BACK}: ok, routine 'daily-back'")
    assert all(line.startswith(f"Error: {bad}, line ") for line in result.stderr.splitlines())


def test_every_file_is_checked_even_after_a_bad_one(home: Path, tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", BROKEN)
    result = backstretch("validate", str(bad), str(DAILY_BACK), home=home)
    assert result.exit_code == 1, result.output
    assert f"{DAILY_BACK}: ok" in result.stdout


def test_a_missing_file_is_an_error_line(home: Path, tmp_path: Path) -> None:
    result = backstretch("validate", str(tmp_path / "nowhere.yaml"), home=home)
    assert result.exit_code == 1, result.output
    assert result.stderr == f"Error: {tmp_path / 'nowhere.yaml'}: no such file\n"


def test_a_pipe_a_device_and_an_alias_bomb_are_refused_and_the_next_file_is_checked(
    home: Path, tmp_path: Path
) -> None:
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    bomb = write(
        tmp_path, "bomb.yaml", f"id: &a '{'x' * 900_000}'\nname: [{', '.join(['*a'] * 5000)}]\n"
    )
    result = backstretch("validate", str(pipe), "/dev/zero", str(bomb), str(DAILY_BACK), home=home)
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [
        f"Error: {pipe}: is a named pipe (FIFO), not a file; routine files must be regular files",
        "Error: /dev/zero: is a device, not a file; routine files must be regular files",
        f"Error: {bomb}, line 2: holds more than 2,000,000 characters of text "
        "(counting each use of a YAML alias); too large to be a routine",
    ]
    assert result.stdout.startswith(f"{DAILY_BACK}: ok")


def test_validate_without_a_file_is_a_usage_error(home: Path) -> None:
    result = backstretch("validate", home=home)
    assert result.exit_code == 2, result.output
    assert "Missing argument 'FILES...'" in result.stderr


def test_a_user_file_may_not_take_the_built_in_id(home: Path, tmp_path: Path) -> None:
    text = DAILY_BACK.read_text(encoding="utf-8")
    copied = write(tmp_path, "copy.yaml", text)
    result = backstretch("validate", str(copied), home=home)
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"Error: {copied}, line 4: id 'daily-back' is taken by a built-in routine; "
        "choose another id\n"
    )


def test_the_installed_command_exits_1_with_error_lines_and_no_traceback(
    home: Path, tmp_path: Path
) -> None:
    bad = write(tmp_path, "bad.yaml", BROKEN)
    command = [sys.executable, "-m", "backstretch.cli.main", "validate", str(bad)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == 4
    assert all(line.startswith("Error: ") for line in done.stderr.splitlines())


# schema


def test_the_schema_command_prints_the_schema_as_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--home", str(tmp_path), "schema"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == routine_schema()


def test_the_published_schema_file_is_up_to_date() -> None:
    published = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert published == routine_schema(), (
        "docs/routine.schema.json is out of date: run "
        "`backstretch schema > docs/routine.schema.json`"
    )


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = routine_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def property_schemas(schema: dict[str, Any], where: str = "") -> Iterator[tuple[str, Any]]:
    """Every property the schema describes, with its place, through nested objects and lists."""
    for name, shape in schema.get("properties", {}).items():
        yield f"{where}{name}", shape
        yield from property_schemas(shape, f"{where}{name}.")
    if isinstance(schema.get("items"), dict):
        yield from property_schemas(schema["items"], f"{where}[].")


def test_every_field_in_the_schema_is_described_for_people() -> None:
    schema = routine_schema()
    found = dict(property_schemas(schema))
    assert "exercises.[].phases.[].hold_seconds" in found
    for place, shape in found.items():
        assert len(shape.get("description", "")) > 20, place


def objects_in(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every mapping the schema describes (not the conditions inside `if` and `else`)."""
    if "properties" in schema:
        yield schema
    for key, value in schema.items():
        if isinstance(value, dict) and key not in ("if", "else"):
            yield from objects_in(value)


def test_every_object_in_the_schema_refuses_unknown_fields() -> None:
    objects = list(objects_in(routine_schema()))
    # the routine, its timing, an exercise, its side_cue, a phase, and the form and its check
    # (once for an exercise, once for a phase)
    assert len(objects) == 9
    assert all(shape["additionalProperties"] is False for shape in objects)


def test_the_built_in_routine_follows_the_schema() -> None:
    jsonschema.validate(DOCUMENT, routine_schema(), cls=jsonschema.Draft202012Validator)


def set_value(path: tuple[Any, ...], value: Any) -> Callable[[Any], None]:
    def change(document: Any) -> None:
        for step in path[:-1]:
            document = document[step]
        document[path[-1]] = value

    return change


def drop(path: tuple[Any, ...]) -> Callable[[Any], None]:
    def change(document: Any) -> None:
        for step in path[:-1]:
            document = document[step]
        del document[path[-1]]

    return change


BREAKAGES = {
    "reps as a word": set_value(("exercises", 0, "reps"), "ten"),
    "reps of 101": set_value(("exercises", 0, "reps"), 101),
    "reps of 2.5": set_value(("exercises", 0, "reps"), 2.5),
    "a hold of 0 s": set_value(("exercises", 2, "hold_seconds"), 0),
    "a hold of 601 s": set_value(("exercises", 2, "hold_seconds"), 601),
    "a hold of true": set_value(("exercises", 2, "hold_seconds"), True),
    "a negative release": set_value(("timing", "release_seconds"), -1),
    "an unknown field": set_value(("exercises", 3, "hold_second"), 10),
    "an unknown timing": set_value(("timing", "pause_seconds"), 2),
    "no steps": drop(("exercises", 4, "steps")),
    "an empty list of steps": set_value(("exercises", 4, "steps"), []),
    "no name": drop(("name",)),
    "an id in capitals": set_value(("id",), "Daily Back"),
    "sides both": set_value(("exercises", 0, "sides"), "both"),
    "no exercises": set_value(("exercises",), []),
    "a blank name": set_value(("exercises", 1, "name"), "   "),
    "a name of 81 characters": set_value(("exercises", 1, "name"), "x" * 81),
    "phases without holds": drop(("exercises", 1, "hold_seconds")),
}


@pytest.mark.parametrize("breakage", BREAKAGES.values(), ids=BREAKAGES.keys())
def test_broken_documents_are_refused_by_the_schema_and_the_validator(
    breakage: Callable[[Any], None],
) -> None:
    document = copy.deepcopy(DOCUMENT)
    breakage(document)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, routine_schema(), cls=jsonschema.Draft202012Validator)
    with pytest.raises(InvalidRoutine):
        build_routine(document, "broken.yaml")


# docs/routines.md: its example files and the output it quotes are the program's own


def documented_files() -> dict[str, str]:
    blocks = re.findall(r"<!-- file: (\S+) -->\n```yaml\n(.*?)```", DOCS.read_text(), re.DOTALL)
    return dict(blocks)


def documented_validate_runs() -> list[tuple[str, list[str]]]:
    """Each `$ backstretch validate ...` in the docs, with the lines shown after it."""
    runs: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", DOCS.read_text(), re.DOTALL):
        for command in re.split(r"^(?=\$ )", block, flags=re.MULTILINE):
            first, *shown = command.strip("\n").splitlines() or [""]
            if first.startswith("$ backstretch validate "):
                runs.append((first.removeprefix("$ backstretch "), shown))
    return runs


def test_the_docs_show_a_valid_example_and_broken_ones() -> None:
    files = documented_files()
    assert {"desk-break.yaml", "broken.yaml", "not-yaml.yaml"} <= set(files)
    assert len(documented_validate_runs()) >= 3


@pytest.mark.parametrize(
    ("command", "shown"), documented_validate_runs(), ids=lambda value: str(value)[:40]
)
def test_the_validate_output_quoted_in_the_docs_is_what_the_program_prints(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, shown: list[str]
) -> None:
    for name, text in documented_files().items():
        write(tmp_path, name, text)
    monkeypatch.chdir(tmp_path)
    result = backstretch(*command.split(), home=home)
    assert result.output.splitlines() == shown, result.output
    assert result.exit_code == (1 if "Error: " in result.output else 0), result.output


def test_the_example_routine_in_the_docs_follows_the_schema() -> None:
    document = yaml.safe_load(documented_files()["desk-break.yaml"])
    jsonschema.validate(document, routine_schema(), cls=jsonschema.Draft202012Validator)


SIDED = """id: sided
name: Sided
exercises:
  - id: twist
    name: Twist
    hold_seconds: 5
    reps: 2
    sides: {sides}
    steps: [Lie down.]
    side_cue: {cue}
"""


def test_side_words_for_a_sided_stretch_are_accepted(home: Path, tmp_path: Path) -> None:
    cue = "{left: roll to your left, right: roll to your right}"
    path = write(tmp_path, "sided.yaml", SIDED.format(sides="each", cue=cue))
    result = backstretch("validate", str(path), home=home)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("sides", "cue", "message"),
    [
        (
            "none",
            "{left: a, right: b}",
            "line 10, exercise 'twist': side_cue is only for a sided stretch "
            "(give sides: each or alternate)",
        ),
        (
            "each",
            "{left: roll to your left}",
            "line 10, exercise 'twist': right is required (what to do on that side, "
            "such as 'roll both knees to your left')",
        ),
        (
            "each",
            "{left: a, right: b, middle: c}",
            "exercise 'twist': unknown field 'middle' in side_cue",
        ),
    ],
)
def test_bad_side_words_get_an_error_line_naming_the_place(
    home: Path, tmp_path: Path, sides: str, cue: str, message: str
) -> None:
    path = write(tmp_path, "sided.yaml", SIDED.format(sides=sides, cue=cue))
    result = backstretch("validate", str(path), home=home)
    assert result.exit_code == 1
    assert message in result.stderr, result.stderr
