"""CSV and JSON history files: read back what was written; refuse a bad file whole."""

from __future__ import annotations

import csv
import io
import json

import pytest

from backstretch.core.history import History, PainContext
from backstretch.export import history_io
from backstretch.export.history_io import (
    InvalidImport,
    history_as_csv,
    history_as_json,
    read_history,
)
from tests.storage.records import make_hold, make_pain, make_session


def sample() -> History:
    first, second = make_session(1), make_session(2, pain_before=None, speed=60.0)
    skipped = make_hold(second, 1, completed=False, held_seconds=1.25)
    holds = [*(make_hold(first, n) for n in range(1, 7)), skipped]
    pain = [make_pain(1, note='stiff, "very"\nafter driving'),
            make_pain(2, context=PainContext.BEFORE, session_id=first.id, level=0)]  # fmt: skip
    return History((first, second), tuple(holds), tuple(pain), {"plan.rest_days": "sat,sun"})


@pytest.mark.parametrize("write", [history_as_json, history_as_csv])
def test_a_history_file_reads_back_to_the_same_history(write: object) -> None:
    assert callable(write)
    text = write(sample())
    assert read_history(text.encode(), "history") == sample()


def test_the_csv_is_one_table_with_a_record_column() -> None:
    rows = list(csv.DictReader(io.StringIO(history_as_csv(sample()))))
    assert [row["record"] for row in rows] == ["session"] * 2 + ["hold"] * 7 + ["pain"] * 2 + [
        "setting"
    ]
    assert rows[2]["completed"] == "true" and rows[2]["exercise"] == "trunk-rotation"


def test_the_json_nests_holds_in_their_session() -> None:
    document = json.loads(history_as_json(sample()))
    assert document["format"] == "backstretch-history" and document["version"] == 1
    assert [len(s["holds"]) for s in document["sessions"]] == [6, 1]
    assert document["sessions"][0]["doses"][1]["phases"][0] == {"name": "cat", "hold_seconds": 5}


def bad_json(path: list[object], value: object) -> bytes:
    document = json.loads(history_as_json(sample()))
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return json.dumps(document).encode()


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
    ],
)
def test_a_bad_json_record_is_named(path: list[object], value: object, message: str) -> None:
    with pytest.raises(InvalidImport, match=message):
        read_history(bad_json(path, value), "history.json")


def test_a_bad_csv_record_is_named_with_its_line() -> None:
    lines = history_as_csv(sample()).splitlines()
    lines[3] = lines[3].replace(
        "trunk-rotation,left,1,hold,5.0,5.0,true", "trunk-rotation,left,1,hold,5.0,5.0,maybe"
    )
    data = "\n".join(lines).encode()
    with pytest.raises(
        InvalidImport, match=r"history.csv: record 3 \(line 4\): completed must be true or false"
    ):
        read_history(data, "history.csv")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", r"not valid JSON \(line 1"),
        ('{"sessions": []}', "not a backstretch history file"),
        ('{"format": "backstretch-history", "version": 7}', "version 7 is not known"),
        ("name,level\nx,3\n", "no 'record' column"),
        ("record,level,colour\npain,3,red\n", "unknown column 'colour'"),
        ("record,level\nmood,3\n", r"record 1 \(line 2\): record must be one of session, hold"),
        ('{"format": "backstretch-history", "version": 1, "pain": [3]}', "must be a JSON object"),
    ],
)
def test_a_file_that_is_not_a_history_is_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(InvalidImport, match=message):
        read_history(text.encode(), "file")


def test_a_huge_file_is_refused_before_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(history_io, "MAX_IMPORT_BYTES", 1000)
    with pytest.raises(InvalidImport, match=r"imports history files of up to 0 MB"):
        read_history(history_as_json(sample()).encode(), "big.json")


def test_a_file_that_is_not_utf8_is_refused() -> None:
    with pytest.raises(InvalidImport, match="not UTF-8"):
        read_history(b"record\n\xff\xfe", "latin.csv")
