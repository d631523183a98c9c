"""Broken routine files, written by hand: each gets a precise one-line message, never a traceback.

Lines in the documents below are counted from 1; `exercise(...)` puts its body on line 6.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from backstretch.catalog import Catalog
from backstretch.catalog.files import load_routine_file, parse_routine_bytes
from backstretch.core.errors import InvalidRoutine
from backstretch.core.routine import Phase, Sides, Timing

SOURCE = "my-routine.yaml"
ID_HINT = "a short id of lower-case letters, digits and hyphens, such as 'daily-back'"
HEAD = "id: my-routine\nname: My routine\nexercises:\n"  # lines 1-3


def exercise(body: str, exercise_id: str = "stretch") -> str:
    """A routine with one exercise: id on line 4, name on line 5, `body` from line 6."""
    lines = [f"    {line}" if line else line for line in body.strip("\n").splitlines()]
    return HEAD + f"  - id: {exercise_id}\n    name: A stretch\n" + "\n".join(lines) + "\n"


VALID_BODY = "steps: [Do it.]\nreps: 2\nhold_seconds: 5\n"


def problems(text: str | bytes) -> list[str]:
    """Every problem reported for a document, as the lines a person reads."""
    raw = text.encode() if isinstance(text, str) else text
    with pytest.raises(InvalidRoutine) as caught:
        parse_routine_bytes(raw, SOURCE)
    lines = str(caught.value).splitlines()
    assert lines == [str(problem) for problem in caught.value.problems]
    return lines


def only_problem(text: str | bytes) -> str:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


# The file is not a routine document at all


def test_text_that_is_not_yaml_names_the_line_and_column() -> None:
    text = "id: my-routine\nexercises: [trunk-rotation, cat-cow\nname: Broken\n"
    message = only_problem(text)
    assert message.startswith(f"{SOURCE}, line 3: is not valid YAML: ")
    assert "(column " in message


def test_prose_instead_of_fields_is_not_a_routine() -> None:
    assert only_problem("Some notes about my stretches.\n") == (
        f"{SOURCE}, line 1: the routine must be a mapping of fields "
        "(got 'Some notes about my stretches.')"
    )


def test_an_empty_file_says_what_a_routine_needs() -> None:
    assert only_problem("") == (
        f"{SOURCE}: is empty; a routine needs an id, a name and exercises (see docs/routines.md)"
    )


@pytest.mark.parametrize("text", ["# just a comment\n# and another\n", "   \n\n", "---\n"])
def test_a_file_with_only_comments_or_blanks_is_empty(text: str) -> None:
    assert only_problem(text).startswith(f"{SOURCE}: is empty; a routine needs an id")


def test_binary_junk_with_nul_bytes_is_not_a_text_file() -> None:
    junk = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    assert only_problem(junk) == (
        f"{SOURCE}: is not a text file (it contains binary data); a routine is a YAML text file"
    )


def test_bytes_that_are_not_utf8_are_reported_with_their_line() -> None:
    latin1 = "id: my-routine\nname: Café stretches\n".encode("latin-1")
    assert only_problem(latin1) == (
        f"{SOURCE}, line 2: is not UTF-8 text (byte 0xe9 cannot be read); save the file as UTF-8"
    )


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    raw = b"\xef\xbb\xbf" + exercise(VALID_BODY).encode()
    assert parse_routine_bytes(raw, SOURCE).id == "my-routine"


def test_a_control_character_is_reported_with_its_line() -> None:
    assert only_problem("id: my-routine\nname: My\x07 routine\n") == (
        f"{SOURCE}, line 2: contains U+0007, a control character YAML does not allow; remove it"
    )


def test_a_yaml_list_instead_of_a_mapping_is_not_a_routine() -> None:
    assert only_problem("- trunk-rotation\n- cat-cow\n") == (
        f"{SOURCE}, line 1: the routine must be a mapping of fields (got a list)"
    )


def test_a_duplicate_yaml_key_names_both_lines() -> None:
    text = "id: my-routine\nname: My routine\nid: other\n"
    assert only_problem(text) == (
        f"{SOURCE}, line 3: field 'id' appears twice in one mapping (first at line 1); keep one"
    )


def test_several_yaml_documents_in_one_file_are_refused() -> None:
    text = exercise(VALID_BODY) + "---\nid: second\n"
    assert only_problem(text) == (
        f"{SOURCE}, line 9: a second YAML document starts here; a routine file holds exactly one"
    )


def test_an_impossible_date_is_a_message_not_a_crash() -> None:
    assert only_problem("id: my-routine\nname: 2024-02-30\n") == (
        f"{SOURCE}, line 2: is not valid YAML: '2024-02-30' cannot be read as a date; "
        "put text in quotes"
    )


def test_a_bad_explicit_tag_is_a_message_not_a_crash() -> None:
    assert only_problem(exercise("steps: [Do it.]\nreps: !!int ten\nhold_seconds: 5")) == (
        f"{SOURCE}, line 7: is not valid YAML: 'ten' cannot be read as a whole number; "
        "put text in quotes"
    )


def test_python_tags_are_refused_by_the_safe_loader() -> None:
    message = only_problem("id: !!python/name:os.system ''\n")
    assert message.startswith(f"{SOURCE}, line 1: is not valid YAML: could not determine")


def test_a_python_tag_on_a_list_is_only_a_list() -> None:
    found = problems("id: !!python/object/apply:os.system ['echo hi']\n")
    assert found[0] == f"{SOURCE}, line 1: id must be {ID_HINT} (got a list)"


def test_a_yaml_merge_key_is_refused_with_a_way_out() -> None:
    text = exercise("<<: {reps: 2}\nsteps: [Do it.]\nhold_seconds: 5")
    assert only_problem(text) == (
        f"{SOURCE}, line 6: uses a YAML merge key (<<), which routine files do not support; "
        "write the fields out in full"
    )


# Values of the wrong type


def test_wrong_types_are_each_reported_with_the_bad_value_and_what_is_allowed() -> None:
    text = exercise('steps: 5\nreps: "ten"\nhold_seconds: true')
    assert problems(text) == [
        f"{SOURCE}, line 6, exercise 'stretch': steps must be a list of text lines (got 5)",
        f"{SOURCE}, line 7, exercise 'stretch': reps must be a whole number between 1 and 100 "
        "(got 'ten')",
        f"{SOURCE}, line 8, exercise 'stretch': hold_seconds must be a number between 1 and 600 "
        "seconds (got true)",
    ]


def test_a_date_where_text_belongs_is_shown_as_written() -> None:
    text = "id: my-routine\nname: 2024-01-31\nexercises: []\n"
    assert problems(text)[0] == f"{SOURCE}, line 2: name must be non-empty text (got 2024-01-31)"


def test_exercises_that_are_not_mappings_are_numbered() -> None:
    assert problems(HEAD + "  - 5\n  - [a, b]\n") == [
        f"{SOURCE}, line 4, exercise 1: the exercise must be a mapping of fields (got 5)",
        f"{SOURCE}, line 5, exercise 2: the exercise must be a mapping of fields (got a list)",
    ]


def test_an_empty_list_of_steps_is_refused() -> None:
    assert only_problem(exercise("steps: []\nreps: 2\nhold_seconds: 5")) == (
        f"{SOURCE}, line 6, exercise 'stretch': steps must list at least 1 line (got an empty list)"
    )


def test_an_id_with_a_hidden_newline_is_refused() -> None:
    text = 'id: "my-routine\\n"\nname: My routine\nexercises:\n  - id: s\n' + (
        "    name: S\n    steps: [Do it.]\n    reps: 1\n    hold_seconds: 5\n"
    )
    assert only_problem(text) == (
        f"{SOURCE}, line 1: id must be a short id of lower-case letters, digits and hyphens, "
        "such as 'daily-back' (got 'my-routine\\n')"
    )


# Required and unknown fields


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ("id", f"{SOURCE}, line 1: id is required ({ID_HINT})"),
        ("name", f"{SOURCE}, line 1: name is required (the routine's title)"),
        ("exercises", f"{SOURCE}, line 1: exercises is required (a list of stretches)"),
    ],
)
def test_a_missing_routine_field_is_named(field: str, expected: str) -> None:
    document = {
        "id": "id: my-routine",
        "name": "name: My routine",
        "exercises": "exercises: [{id: s, name: S, steps: [Do it.], reps: 1, hold_seconds: 5}]",
    }
    text = "\n".join(line for key, line in document.items() if key != field) + "\n"
    assert only_problem(text) == expected


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("id", f"id is required ({ID_HINT})"),
        ("name", "name is required (the stretch's name)"),
        ("steps", "steps is required (step-by-step instructions)"),
        ("reps", "reps is required (how many times to repeat the hold)"),
        ("hold_seconds", "hold_seconds is required (how long to hold, in seconds)"),
    ],
)
def test_a_missing_exercise_field_is_named_with_its_exercise(field: str, message: str) -> None:
    fields = {
        "id": "id: stretch",
        "name": "name: A stretch",
        "steps": "steps: [Do it.]",
        "reps": "reps: 2",
        "hold_seconds": "hold_seconds: 5",
    }
    body = "\n".join(f"    {line}" for key, line in fields.items() if key != field)
    text = HEAD + "  -" + body[3:] + "\n"
    label = "1" if field == "id" else "'stretch'"
    assert only_problem(text) == f"{SOURCE}, line 4, exercise {label}: {message}"


def test_a_misspelt_exercise_field_suggests_the_right_one() -> None:
    found = problems(exercise("steps: [Do it.]\nreps: 2\nhold_second: 5"))
    assert found == [
        f"{SOURCE}, line 4, exercise 'stretch': hold_seconds is required "
        "(how long to hold, in seconds)",
        f"{SOURCE}, line 8, exercise 'stretch': unknown field 'hold_second' in the exercise "
        "(did you mean 'hold_seconds'? allowed: id, name, purpose, steps, cautions, notes, "
        "hold_seconds, reps, sides, phases)",
    ]


def test_a_misspelt_routine_field_suggests_the_right_one() -> None:
    text = "id: my-routine\nname: My routine\nexercices: []\n"
    assert problems(text) == [
        f"{SOURCE}, line 1: exercises is required (a list of stretches)",
        f"{SOURCE}, line 3: unknown field 'exercices' in the routine (did you mean 'exercises'? "
        "allowed: id, name, description, timing, exercises)",
    ]


def test_an_unknown_field_with_nothing_like_it_lists_the_allowed_fields() -> None:
    text = exercise(VALID_BODY + "colour: blue")
    assert only_problem(text) == (
        f"{SOURCE}, line 9, exercise 'stretch': unknown field 'colour' in the exercise "
        "(allowed: id, name, purpose, steps, cautions, notes, hold_seconds, reps, sides, phases)"
    )


def test_a_misspelt_timing_field_suggests_the_right_one() -> None:
    text = exercise(VALID_BODY).replace("exercises:", "timing:\n  release: 2\nexercises:")
    assert only_problem(text) == (
        f"{SOURCE}, line 4: unknown field 'release' in timing (did you mean 'release_seconds'? "
        "allowed: get_ready_seconds, release_seconds, switch_sides_seconds)"
    )


# Numbers out of range


@pytest.mark.parametrize(
    ("written", "shown"),
    [("0", "0"), ("-5", "-5"), ("601", "601"), ("86400", "86400"), (".inf", "inf"),
     ("-.inf", "-inf"), (".nan", "nan"), ("0.5", "0.5")],
)  # fmt: skip
def test_a_hold_outside_1_to_600_seconds_is_refused(written: str, shown: str) -> None:
    text = exercise(f"steps: [Do it.]\nreps: 2\nhold_seconds: {written}")
    assert only_problem(text) == (
        f"{SOURCE}, line 8, exercise 'stretch': hold_seconds must be between 1 and 600 seconds "
        f"(got {shown})"
    )


@pytest.mark.parametrize(("written", "shown"), [("0", "0"), ("101", "101"), ("2.5", "2.5")])
def test_reps_must_be_a_whole_number_from_1_to_100(written: str, shown: str) -> None:
    text = exercise(f"steps: [Do it.]\nreps: {written}\nhold_seconds: 5")
    assert only_problem(text) == (
        f"{SOURCE}, line 7, exercise 'stretch': reps must be a whole number between 1 and 100 "
        f"(got {shown})"
    )


def test_a_timing_outside_0_to_300_seconds_is_refused() -> None:
    text = exercise(VALID_BODY).replace(
        "exercises:", "timing:\n  switch_sides_seconds: 301\nexercises:"
    )
    assert only_problem(text) == (
        f"{SOURCE}, line 4: timing.switch_sides_seconds must be between 0 and 300 seconds (got 301)"
    )


def test_a_routine_with_no_exercises_is_refused() -> None:
    assert only_problem(HEAD.replace("exercises:\n", "exercises: []\n")) == (
        f"{SOURCE}, line 3: exercises must be a list of 1 to 30 stretches (got 0 exercises)"
    )


# Ids, sides and phases


def test_a_repeated_exercise_id_points_at_the_first_use() -> None:
    second = (
        "  - id: stretch\n    name: Again\n    steps: [Do it.]\n    reps: 2\n    hold_seconds: 5\n"
    )
    assert only_problem(exercise(VALID_BODY) + second) == (
        f"{SOURCE}, line 9, exercise 'stretch': id 'stretch' is already used by exercise 1; "
        "each exercise needs its own id"
    )


def test_a_user_file_may_not_take_the_built_in_routine_id(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(exercise(VALID_BODY).replace("id: my-routine", "id: daily-back"))
    with pytest.raises(InvalidRoutine) as caught:
        Catalog(tmp_path / "home").load_file(path)
    assert str(caught.value) == (
        f"{path}, line 1: id 'daily-back' is taken by a built-in routine; choose another id"
    )


def test_an_unknown_sides_value_lists_the_allowed_ones() -> None:
    text = exercise(VALID_BODY + "sides: both")
    assert only_problem(text) == (
        f"{SOURCE}, line 9, exercise 'stretch': sides must be one of none, each, alternate "
        "(got 'both')"
    )


def test_a_phase_without_a_hold_needs_one_when_the_exercise_has_none() -> None:
    body = "steps: [Do it.]\nreps: 2\nphases:\n  - {name: cat, hold_seconds: 5}\n  - name: cow"
    assert only_problem(exercise(body)) == (
        f"{SOURCE}, line 10, exercise 'stretch': phase 2 needs hold_seconds "
        "(or give the exercise a hold_seconds to share)"
    )


def test_phases_with_the_same_name_are_refused() -> None:
    body = VALID_BODY + "phases: [{name: cat}, {name: cat}]"
    assert only_problem(exercise(body)) == (
        f"{SOURCE}, line 9, exercise 'stretch': phase names must differ from each other "
        "(got cat, cat)"
    )


# Files too big, too deep or built to explode


def test_a_file_over_1_mb_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    step = "      - Breathe out slowly and let the stretch grow a little with each breath.\n"
    text = exercise("reps: 2\nhold_seconds: 5\nsteps:") + step * 14_000
    path = tmp_path / "huge.yaml"
    path.write_text(text)
    assert 1_050_000 < path.stat().st_size < 1_150_000
    with pytest.raises(InvalidRoutine) as caught:
        load_routine_file(path)
    assert str(caught.value) == f"{path}: is 1.1 MB; routine files are limited to 1 MB"


def test_bytes_over_1_mb_are_refused_too() -> None:
    assert only_problem(b"#" * 1_000_001) == (
        f"{SOURCE}: is larger than 1 MB; routine files are limited to 1 MB"
    )


def test_an_alias_bomb_of_nested_lists_is_refused_by_its_count_of_values() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    message = only_problem("\n".join(lines) + "\n")  # expanded: 387 million strings
    assert message.startswith(f"{SOURCE}, line ")
    assert message.endswith(
        "holds more than 20000 values (counting each use of a YAML alias); "
        "too large to be a routine"
    )


@pytest.mark.parametrize(
    "text",
    [
        "id: " + "[" * 200_000 + "]" * 200_000 + "\n",  # crashed libyaml's tree builder
        "id: " + "{a: " * 100_000 + "}" * 100_000 + "\n",
        "".join(" " * depth + "- \n" for depth in range(400)),
    ],
    ids=["brackets", "braces", "indented"],
)
def test_very_deep_nesting_is_refused(text: str) -> None:
    assert only_problem(text).endswith(
        ": is nested more than 20 levels deep; a routine needs 10 at most"
    )


def test_a_self_referencing_alias_is_refused() -> None:
    assert only_problem("id: &loop [*loop]\n").startswith(f"{SOURCE}, line 1: ")


def anchor_used(times: int, size: int) -> str:
    """A file under 1 MB whose one long text (line 3) is used `times` times as a step (lines
    10 onwards): expanded, it is `times` x `size` characters."""
    head = f'id: bomb\nname: Bomb\ndescription: &text "{"x" * size}"\nexercises:\n'
    body = "  - id: a\n    name: A\n    hold_seconds: 5\n    reps: 1\n    steps:\n"
    return head + body + "      - *text\n" * times


def test_a_900_kb_text_used_5000_times_is_refused_at_the_alias_that_goes_over(
    tmp_path: Path,
) -> None:
    text = anchor_used(5000, 900_000)
    assert len(text.encode()) < 1_000_000
    with pytest.raises(InvalidRoutine) as caught:
        parse_routine_bytes(text.encode(), SOURCE, cache=tmp_path / "cache")
    # The description and the first use make 1.8 million characters, the second use 2.7.
    assert str(caught.value) == (
        f"{SOURCE}, line 11: holds more than 2,000,000 characters of text "
        "(counting each use of a YAML alias); too large to be a routine"
    )
    assert not (tmp_path / "cache").exists()


def test_aliases_that_repeat_text_a_few_times_still_load() -> None:
    caution = "Stop if tingling runs down your leg. " * 50
    text = exercise(VALID_BODY + f'cautions: [&leg "{caution}"]') + (
        "  - {id: other, name: Other, steps: [Do it.], reps: 2, hold_seconds: 5, "
        "cautions: [*leg]}\n"
    )
    routine = parse_routine_bytes(text.encode(), SOURCE)
    assert [e.cautions for e in routine.exercises] == [(caution.strip(),)] * 2


# Reading files


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    with pytest.raises(InvalidRoutine) as caught:
        load_routine_file(path)
    assert str(caught.value) == f"{path}: no such file"


def refusal(path: Path) -> str:
    with pytest.raises(InvalidRoutine) as caught:
        load_routine_file(path)
    assert len(caught.value.problems) == 1
    return str(caught.value)


def test_a_folder_is_not_a_routine_file(tmp_path: Path) -> None:
    assert refusal(tmp_path) == (
        f"{tmp_path}: is a folder, not a file; routine files must be regular files"
    )


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    assert refusal(path) == (
        f"{path}: is a named pipe (FIFO), not a file; routine files must be regular files"
    )


def test_a_link_to_an_endless_device_is_refused_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "zero.yaml"
    path.symlink_to("/dev/zero")
    assert refusal(path) == f"{path}: is a device, not a file; routine files must be regular files"


def test_a_link_loop_is_refused(tmp_path: Path) -> None:
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    one.symlink_to(two)
    two.symlink_to(one)
    assert refusal(one) == f"{one}: is a symbolic link that leads round in a loop"


# Many problems at once


def test_every_problem_in_a_file_is_reported_one_per_line_in_line_order() -> None:
    text = (
        "id: My Routine\n"  # 1
        "name: My routine\n"  # 2
        "timing:\n"  # 3
        "  get_ready_seconds: -1\n"  # 4
        "exercises:\n"  # 5
        "  - id: first\n"  # 6
        "    name: First\n"  # 7
        "    steps: [Do it.]\n"  # 8
        "    reps: 0\n"  # 9
        "    hold_seconds: 700\n"  # 10
        "  - id: second\n"  # 11
        "    name: Second\n"  # 12
        "    steps: [Do it.]\n"  # 13
        "    reps: 3\n"  # 14
        "    hold_seconds: 5\n"  # 15
        "    sides: both\n"  # 16
        "    colour: blue\n"  # 17
    )
    found = problems(text)
    assert [line.split(":")[0] for line in found] == [
        f"{SOURCE}, line 1",
        f"{SOURCE}, line 4",
        f"{SOURCE}, line 9, exercise 'first'",
        f"{SOURCE}, line 10, exercise 'first'",
        f"{SOURCE}, line 16, exercise 'second'",
        f"{SOURCE}, line 17, exercise 'second'",
    ]
    assert "(got 'My Routine')" in found[0]
    assert "(got -1)" in found[1]
    assert "(got 0)" in found[2]
    assert "(got 700)" in found[3]
    assert "(got 'both')" in found[4]
    assert "unknown field 'colour'" in found[5]


# Files that load


def test_a_valid_file_loads_with_the_values_it_gives(tmp_path: Path) -> None:
    path = tmp_path / "desk.yaml"
    path.write_text(
        "# A comment is fine anywhere.\n"
        "id: desk-break\n"
        "name: Desk break\n"
        "description: >-\n"
        "  Two stretches for a break\n"
        "  from sitting.\n"
        "timing:\n"
        "  get_ready_seconds: 8\n"
        "exercises:\n"
        "  - id: cat-cow\n"
        "    name: Cat-Cow\n"
        "    reps: 5\n"
        "    hold_seconds: 4\n"
        "    phases:\n"
        "      - {name: cat, instruction: Round your back.}\n"
        "      - {name: cow, hold_seconds: 6}\n"
        "    steps: [Kneel on all fours., Move slowly.]\n"
        "  - id: hamstring\n"
        "    name: Seated Hamstring Stretch\n"
        "    purpose: Loosens the back of the thigh.\n"
        "    hold_seconds: 15\n"
        "    reps: 3\n"
        "    sides: each\n"
        "    steps: Sit tall and lean forward from the hips.\n"
        "    cautions: [Stop if tingling runs down your leg.]\n"
    )
    routine = load_routine_file(path)
    assert (routine.id, routine.name, routine.source) == ("desk-break", "Desk break", str(path))
    assert routine.description == "Two stretches for a break from sitting."
    assert routine.timing == Timing(get_ready_seconds=8, release_seconds=3, switch_sides_seconds=5)
    cat_cow, hamstring = routine.exercises
    assert cat_cow.phases == (Phase("cat", 4, "Round your back."), Phase("cow", 6))
    assert (cat_cow.reps, cat_cow.sides, cat_cow.steps) == (
        5, Sides.NONE, ("Kneel on all fours.", "Move slowly."),
    )  # fmt: skip
    assert (hamstring.hold_seconds, hamstring.reps, hamstring.sides) == (15, 3, Sides.EACH)
    assert hamstring.steps == ("Sit tall and lean forward from the hips.",)
    assert hamstring.cautions == ("Stop if tingling runs down your leg.",)
    assert hamstring.purpose == "Loosens the back of the thigh."


def test_optional_fields_left_empty_take_their_defaults() -> None:
    body = VALID_BODY + "sides:\npurpose:\ncautions:\nphases:"
    text = exercise(body).replace(
        "exercises:", "description:\ntiming:\n  release_seconds:\nexercises:"
    )
    routine = parse_routine_bytes(text.encode(), SOURCE)
    assert routine.timing == Timing()
    assert routine.exercises[0].sides is Sides.NONE
    assert routine.exercises[0].phases == ()


def test_phases_share_the_exercise_hold_when_they_have_none() -> None:
    body = "steps: [Do it.]\nreps: 2\nhold_seconds: 7\nphases: [{name: cat}, {name: cow}]"
    routine = parse_routine_bytes(exercise(body).encode(), SOURCE)
    assert [phase.hold_seconds for phase in routine.exercises[0].phases] == [7, 7]


def test_whole_reps_written_as_decimals_are_accepted() -> None:
    text = exercise("steps: [Do it.]\nreps: 5.0\nhold_seconds: 5")
    assert parse_routine_bytes(text.encode(), SOURCE).exercises[0].reps == 5


def test_the_built_in_routine_loads_from_its_file(tmp_path: Path) -> None:
    routine = Catalog(tmp_path).builtin("daily-back")
    assert [exercise.id for exercise in routine.exercises] == [
        "trunk-rotation", "cat-cow", "hip-flexor", "childs-pose", "hamstring",
    ]  # fmt: skip
