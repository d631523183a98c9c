"""`backstretch export --format fhir`: the person's record as one FHIR R4 Bundle, the plan being
the routine they follow now; csv and json stay as they were."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from backstretch.storage import open_repository
from tests.cli.test_history_commands import at_noon, backstretch, filled_home
from tests.export.fhir_check import checked_bundle, codes, resources

LOINC = "http://loinc.org"


def test_export_format_fhir_writes_a_bundle_with_every_session_and_pain_rating(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home, written = filled_home(tmp_path / "home"), tmp_path / "record.fhir.json"
    code, out, err = backstretch(
        capsys, "--home", str(home), "export", "--format", "fhir", "-o", str(written)
    )
    assert code == 0, err
    assert out == (
        "Exported a FHIR R4 Bundle of 12 resources (1 Patient, 1 CarePlan, 5 ServiceRequests and "
        f"5 Observations) to {written}.\n"
    )
    bundle = checked_bundle(json.loads(written.read_text()))
    observations = resources(bundle, "Observation")
    assert sum((LOINC, "55411-3") in codes(o["code"]) for o in observations) == 3
    assert sum((LOINC, "72514-3") in codes(o["code"]) for o in observations) == 2  # rating, report
    code, again, _ = backstretch(capsys, "--home", str(home), "export", "--format", "fhir")
    assert json.loads(again) == bundle


def test_the_plan_is_the_routine_of_the_latest_session_while_it_is_known(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    repository = open_repository(home)
    repository.add_session(at_noon(1, routine_id="library", routine_name="Library"))
    repository.close()
    code, out, err = backstretch(capsys, "--home", str(home), "export", "--format", "fhir")
    assert code == 0, err
    (plan,) = resources(json.loads(out), "CarePlan")
    assert plan["title"] == "Low-back exercise library"
    repository = open_repository(home)
    repository.add_session(at_noon(2, routine_id="gone", routine_name="A deleted file"))
    repository.close()
    _, out, _ = backstretch(capsys, "--home", str(home), "export", "--format", "fhir")
    assert resources(json.loads(out), "CarePlan")[0]["title"] == "Daily back stretches"


def test_export_format_fhir_refuses_a_csv_file_name_and_writes_nothing(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "record.csv"
    code, out, err = backstretch(capsys, "export", "--format", "fhir", "-o", str(target))
    assert (code, out) == (1, "")
    assert err.strip() == (
        f"Error: --format fhir does not match the file name {target} (a .csv file); "
        "name the file .json"
    )
    assert not target.exists()
