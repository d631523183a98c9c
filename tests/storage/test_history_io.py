"""CSV and JSON history files: read back what was written; refuse a bad file whole."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from backstretch.core.history import History, PainContext
from backstretch.export.history_io import (
    InvalidImport,
    history_as_csv,
    history_as_json,
    read_history,
)
from tests.storage.records import (
    make_answer,
    make_clearance,
    make_dose_change,
    make_hold,
    make_pain,
    make_pain_report,
    make_response,
    make_session,
)

NOW = datetime(2026, 2, 1, 12, 0, tzinfo=UTC)


def sample(note: str = 'stiff, "very"\nafter driving') -> History:
    first, second = make_session(1), make_session(2, pain_before=None, speed=60.0)
    skipped = make_hold(second, 1, completed=False, held_seconds=1.25)
    holds = [*(make_hold(first, n) for n in range(1, 7)), skipped]
    pain = [make_pain(1, note=note),
            make_pain(2, context=PainContext.BEFORE, session_id=first.id, level=0)]  # fmt: skip
    return History(
        (first, second),
        tuple(holds),
        tuple(pain),
        {"plan.rest_days": "sat,sun", "progression.age": "67", "safety.age_limits": "20,55"},
        pain_reports=(make_pain_report(first, 1), make_pain_report(second, 2, level=4)),
        screening_answers=(make_answer("1", False), make_answer("12", True)),
        clearances=(make_clearance(1),),
        dose_changes=(make_dose_change(1), make_dose_change(2, reason="=a flare")),
        questionnaire_responses=(make_response(1), make_response(2, "peg")),
    )


def read(text: str, source: str = "history") -> History:
    return read_history(text.encode(), source, NOW)


@pytest.mark.parametrize("write", [history_as_json, history_as_csv])
def test_a_history_file_reads_back_to_the_same_history(write: Callable[[History], str]) -> None:
    assert read(write(sample())) == sample()


@pytest.mark.parametrize("write", [history_as_json, history_as_csv])
def test_pain_reports_answers_clearances_and_dose_changes_are_in_the_file(
    write: Callable[[History], str],
) -> None:
    back = read(write(sample()))
    assert [(r.level, r.kind.value, r.action.value) for r in back.pain_reports] == [
        (7, "sharp", "stop"), (4, "sharp", "stop")]  # fmt: skip
    assert [(a.question, a.answer) for a in back.screening_answers] == [("1", False), ("12", True)]
    assert back.clearances[0].note == "seen by Dr Lee"
    assert [c.hold_after for c in back.dose_changes] == [10, 10]


def test_the_csv_is_one_table_with_a_record_column() -> None:
    rows = list(csv.DictReader(io.StringIO(history_as_csv(sample()))))
    assert [row["record"] for row in rows] == [
        *["session"] * 2, *["hold"] * 7, *["pain"] * 2, *["pain_report"] * 2,
        *["screening_answer"] * 2, "clearance", *["dose_change"] * 2,
        *["questionnaire_response"] * 2, *["setting"] * 3,
    ]  # fmt: skip
    assert rows[2]["completed"] == "true" and rows[2]["exercise"] == "trunk-rotation"


def test_the_json_nests_holds_in_their_session() -> None:
    document = json.loads(history_as_json(sample()))
    assert document["format"] == "backstretch-history" and document["version"] == 3
    assert [len(s["holds"]) for s in document["sessions"]] == [6, 1]
    assert document["sessions"][0]["doses"][1]["phases"][0] == {"name": "cat", "hold_seconds": 5}
    assert document["pain_reports"][0]["kind"] == "sharp"


def test_a_file_of_version_2_without_questionnaires_still_reads() -> None:
    document = json.loads(history_as_json(sample()))
    del document["questionnaire_responses"]
    document["version"] = 2
    back = read(json.dumps(document))
    assert back.dose_changes == sample().dose_changes and back.questionnaire_responses == ()


@pytest.mark.parametrize("write", [history_as_json, history_as_csv])
def test_questionnaire_responses_are_in_the_file_with_their_scores(
    write: Callable[[History], str],
) -> None:
    back = read(write(sample()))
    responses = back.questionnaire_responses
    assert [(r.questionnaire, r.answers, r.score, r.risk) for r in responses] == [
        ("startback", (1, 1, 0, 0, 1, 0, 0, 0, 3), 4, "medium"),
        ("peg", (5, 6, 5), 5.3, None),
    ]


def test_a_response_whose_score_does_not_match_its_answers_is_refused() -> None:
    document = json.loads(history_as_json(sample()))
    document["questionnaire_responses"][0]["score"] = 2
    with pytest.raises(
        InvalidImport,
        match=r"questionnaire_responses\[0\]\): score 2, subscale 2, risk medium do not match "
        r"the answers, which score 4, subscale 2, risk medium",
    ):
        read(json.dumps(document))


def test_a_response_with_an_answer_the_item_does_not_offer_is_refused() -> None:
    document = json.loads(history_as_json(sample()))
    document["questionnaire_responses"][1]["answers"] = [5, 12, 5]
    with pytest.raises(
        InvalidImport,
        match=r"peg, item 2: the answer must be a whole number from 0 to 10 \(got 12\)",
    ):
        read(json.dumps(document))


def test_a_file_of_version_1_without_safety_records_still_reads() -> None:
    document = json.loads(history_as_json(sample()))
    for key in (
        "pain_reports", "screening_answers", "clearances", "dose_changes",
        "questionnaire_responses",
    ):  # fmt: skip
        del document[key]
    document["version"] = 1
    back = read(json.dumps(document))
    assert back.sessions == sample().sessions and back.screening_answers == ()


# -- spreadsheets -------------------------------------------------------------------------------
FORMULAS = [
    '=HYPERLINK("http://evil.example","click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    "＝1+1",
]


@pytest.mark.parametrize("note", FORMULAS)
def test_a_note_a_spreadsheet_would_run_is_written_as_text(note: str) -> None:
    rows = list(csv.DictReader(io.StringIO(history_as_csv(sample(note)))))
    cell = next(row["note"] for row in rows if row["id"] == "pain-0001")
    assert cell == "'" + note


@pytest.mark.parametrize("note", [*FORMULAS, "'quoted'", "''", "'=1", "it's fine", "plain"])
def test_import_reads_back_the_note_the_person_typed(note: str) -> None:
    assert read(history_as_csv(sample(note))).pain[0].note == note


def test_every_text_cell_is_neutralised_not_only_notes() -> None:
    rows = list(csv.DictReader(io.StringIO(history_as_csv(sample()))))
    assert next(row["reason"] for row in rows if row["id"] == "change-0002") == "'=a flare"
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())


def test_a_plain_note_is_written_as_it_is() -> None:
    rows = list(csv.DictReader(io.StringIO(history_as_csv(sample("stiff")))))
    assert next(row["note"] for row in rows if row["id"] == "pain-0001") == "stiff"


# -- refusing a bad record ----------------------------------------------------------------------
def bad_json(path: list[object], value: object) -> str:
    document = json.loads(history_as_json(sample()))
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return json.dumps(document)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (
            ["pain", 1, "level"],
            11,
            r"record 11 \(pain\[1\]\): pain must be a whole number from 0 "
            r"\(no pain\) to 10 \(worst possible\) \(got 11\)",
        ),
        (
            ["sessions", 0, "holds", 2, "held_seconds"],
            "long",
            r"record 4 \(sessions\[0\]\.holds\[2\]\)"
            r": held_seconds must be a number",
        ),
        (["sessions", 1, "status"], "done", r"record 8 \(sessions\[1\]\): status must be one of"),
        (["sessions", 0, "started_at"], "yesterday", r"record 1 .*started_at must be an ISO 8601"),
        (
            ["pain", 0, "context"],
            "evening",
            r"context must be one of morning, before, after, usual",
        ),
        (["sessions", 1, "id"], "session-0001", r"record 8 .*session session-0001 appears twice"),
        (["pain", 1, "session_id"], "elsewhere", r"record 11 .*session elsewhere, which is not in"),
        (
            ["pain_reports", 0, "session_id"],
            "elsewhere",
            r"record 12 \(pain_reports\[0\]\): pain report of session elsewhere, which is not in",
        ),
        (["pain_reports", 1, "kind"], "dull", r"record 13 .*kind must be one of sharp, tingling"),
        (["screening_answers", 0, "question"], "99", r"record 14 .*question must be one of 1, 2,"),
        (["screening_answers", 1, "question"], "1", r"record 15 .*answer to question 1 of "),
        (["dose_changes", 0, "reps_after"], 0, r"record 17 .*reps_after must be a whole number"),
        (["clearances", 0, "cleared_on"], "soon", r"record 16 .*cleared_on must be a day"),
    ],
)
def test_a_bad_json_record_is_named(path: list[object], value: object, message: str) -> None:
    with pytest.raises(InvalidImport, match=message):
        read(bad_json(path, value), "history.json")


def test_a_bad_csv_record_is_named_with_its_line() -> None:
    lines = history_as_csv(sample()).splitlines()
    lines[3] = lines[3].replace(
        "trunk-rotation,left,1,hold,5.0,5.0,true", "trunk-rotation,left,1,hold,5.0,5.0,maybe"
    )
    with pytest.raises(
        InvalidImport, match=r"history.csv: record 3 \(line 4\): completed must be true or false"
    ):
        read("\n".join(lines), "history.csv")


# -- settings -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("plan.rest_days", "garbage!!", "rest days must be weekdays such as sat,sun, or none"),
        ("plan.rest_days", "mon,tue,wed,thu,fri,sat,sun", "rest days: at least one day a week"),
        ("progression.age", "300", "age must be a whole number from 1 to 120 (got '300')"),
        ("progression.age", "³", "age must be a whole number from 1 to 120"),
        ("progression.on_since", "last week", "value must be an ISO 8601 date and time"),
        ("progression.on_since", "2090-01-01T00:00:00+00:00", "value must be from 2000-01-01"),
        ("safety.age_limits", "50,20", "age limits must be two ages, the lower first"),
        ("safety.recheck_hours", "inf", "value must be a number of hours above 0 and at most"),
        ("safety.full_check_days", "-3", "value must be a number of days above 0 and at most"),
        ("safety.notice_shown", "maybe", "value must be yes (got 'maybe')"),
        ("colour", "blue", "not a setting backstretch knows; known: plan.rest_days, progression"),
    ],
)
def test_a_setting_that_would_break_a_command_is_refused(
    key: str, value: str, message: str
) -> None:
    with pytest.raises(InvalidImport) as raised:
        read(bad_json(["settings", key], value), "history.json")
    assert f"(settings): setting {key}: {message}" in str(raised.value)


def test_a_setting_in_a_csv_is_checked_too() -> None:
    text = history_as_csv(sample()).replace('plan.rest_days,"sat,sun"', "plan.rest_days,garbage!!")
    with pytest.raises(InvalidImport, match=r"record 21 \(line 23\): setting plan.rest_days: rest"):
        read(text, "history.csv")


# -- dates and hold numbers ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "value", "where"),
    [
        (["sessions", 0, "started_at"], "2090-01-01T00:00:00+00:00", r"record 1 \(sessions\[0\]\)"),
        (["sessions", 0, "holds", 0, "recorded_at"], "1999-12-31T23:00:00+00:00", r"record 2 "),
        (["pain", 0, "recorded_at"], "2026-02-02T00:00:00+00:00", r"record 10 \(pain\[0\]\)"),
        (["screening_answers", 0, "answered_at"], "2027-01-01T00:00:00+00:00", r"record 14 "),
        (["clearances", 0, "recorded_at"], "1970-01-01T00:00:00+00:00", r"record 16 "),
        (["dose_changes", 0, "changed_at"], "2090-01-01T00:00:00+00:00", r"record 17 "),
        (["pain_reports", 0, "recorded_at"], "2090-01-01T00:00:00+00:00", r"record 12 "),
    ],
)
def test_a_time_in_the_future_or_before_2000_is_refused_naming_the_record(
    path: list[object], value: str, where: str
) -> None:
    with pytest.raises(InvalidImport, match=where + r".*must be from 2000-01-01 up to now"):
        read(bad_json(path, value), "history.json")


def test_a_clearance_dated_in_the_future_is_refused() -> None:
    with pytest.raises(
        InvalidImport, match=r"record 16 .*cleared_on must be a day from 2000-01-01"
    ):
        read(bad_json(["clearances", 0, "cleared_on"], "2090-01-01"), "history.json")


def test_a_time_a_few_minutes_ahead_is_accepted_as_another_clock() -> None:
    ahead = replace(make_pain(1), recorded_at=NOW.replace(minute=4))
    assert read(history_as_json(History(pain=(ahead,)))).pain == (ahead,)


def test_a_hold_number_beyond_the_holds_its_session_planned_is_refused() -> None:
    with pytest.raises(
        InvalidImport,
        match=r"record 2 \(sessions\[0\]\.holds\[0\]\): hold_number must be from 1 to 6, the "
        r"holds session session-0001 planned \(got 7\)",
    ):
        read(bad_json(["sessions", 0, "holds", 0, "hold_number"], 7), "history.json")


def test_a_hold_of_a_stretch_its_session_did_not_plan_is_refused() -> None:
    with pytest.raises(InvalidImport, match=r"exercise must be one of trunk-rotation, cat-cow"):
        read(bad_json(["sessions", 0, "holds", 0, "exercise"], "hamstring"), "history.json")


def test_holds_of_a_session_without_doses_are_refused() -> None:
    with pytest.raises(InvalidImport, match=r"session session-0001 lists no doses"):
        read(bad_json(["sessions", 0, "doses"], []), "history.json")


def test_a_dose_that_is_not_a_number_is_refused() -> None:
    document = json.loads(history_as_json(sample()))
    document["sessions"][0]["doses"][0]["hold_seconds"] = "NaN"
    with pytest.raises(InvalidImport, match=r"record 1 .*hold_seconds must be a number"):
        read(json.dumps(document), "history.json")


# -- files that are not a history ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", r"not valid JSON \(line 1"),
        ('{"sessions": []}', "not a backstretch history file"),
        ("[1, 2]", "not a backstretch history file"),
        ('{"format": "backstretch-history", "version": 7}', "version 7 is not known"),
        ("name,level\nx,3\n", "no 'record' column"),
        ("record,level,colour\npain,3,red\n", "unknown column 'colour'"),
        ("record,level\nmood,3\n", r"record 1 \(line 2\): record must be one of session, hold"),
        ('{"format": "backstretch-history", "version": 1, "pain": [3]}', "must be a JSON object"),
    ],
)
def test_a_file_that_is_not_a_history_is_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(InvalidImport, match=message):
        read(text, "file")


@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_json_nested_a_thousand_deep_is_refused_in_one_line(opening: str) -> None:
    closing = "]" if opening == "[" else "}"
    with pytest.raises(InvalidImport) as raised:
        read(opening * 1000 + "1" + closing * 1000, "deep.json")
    assert str(raised.value) == "deep.json: the JSON is nested too deeply to be a history file"


def test_a_number_of_five_thousand_digits_is_refused_in_one_line() -> None:
    text = bad_json(["pain", 0, "level"], 0).replace('"level": 0', '"level": ' + "9" * 5000, 1)
    with pytest.raises(InvalidImport) as raised:
        read(text, "big.json")
    assert str(raised.value).startswith("big.json, line ")
    assert str(raised.value).endswith(
        "a number of 5,000 digits; no value in a history file has more than 18"
    )


def test_a_five_thousand_digit_number_in_a_csv_is_a_bad_record_not_a_crash() -> None:
    text = history_as_csv(sample()).replace(",5,morning,", "," + "9" * 5000 + ",morning,")
    with pytest.raises(InvalidImport, match=r"record 10 \(line 11\): pain must be a whole number"):
        read(text, "history.csv")


def test_doses_nested_deeply_in_a_csv_cell_are_refused() -> None:
    text = history_as_csv(sample()).replace('"[{""exercise""', '"' + "[" * 1000 + '[{""exercise""')
    with pytest.raises(InvalidImport, match=r"record 1 \(line 2\): doses are nested too deeply"):
        read(text, "history.csv")


def test_a_file_that_is_not_utf8_is_refused() -> None:
    with pytest.raises(InvalidImport, match="not UTF-8"):
        read_history(b"record\n\xff\xfe", "latin.csv", NOW)
