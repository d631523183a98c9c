"""The parsed-document cache: quick commands skip the YAML parser, and never see stale data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from backstretch.catalog import Catalog
from backstretch.catalog.files import cache_file

ROUTINE = (
    "id: mine\nname: Mine\nexercises:\n"
    "  - {id: reach, name: Reach, steps: [Reach up.], hold_seconds: 5, reps: 2}\n"
)


def write_routine(home: Path, text: str = ROUTINE) -> Path:
    folder = home / "routines"
    folder.mkdir(exist_ok=True)
    path = folder / "mine.yaml"
    path.write_text(text)
    return path


def test_a_second_load_does_not_import_the_yaml_parser(tmp_path: Path) -> None:
    write_routine(tmp_path)
    probe = (
        "import sys\nfrom pathlib import Path\nfrom backstretch.catalog import Catalog\n"
        f"Catalog(Path({str(tmp_path)!r})).load('mine')\n"
        "print('yaml' in sys.modules)\n"
    )
    command = [sys.executable, "-c", probe]
    runs = [subprocess.run(command, capture_output=True, text=True, check=True) for _ in range(2)]
    assert [run.stdout.strip() for run in runs] == ["True", "False"]


def test_an_edited_file_is_read_again(tmp_path: Path) -> None:
    path = write_routine(tmp_path)
    assert Catalog(tmp_path).load("mine").exercises[0].reps == 2
    path.write_text(ROUTINE.replace("reps: 2", "reps: 7"))
    assert Catalog(tmp_path).load("mine").exercises[0].reps == 7


def test_a_damaged_cache_entry_is_ignored(tmp_path: Path) -> None:
    write_routine(tmp_path)
    catalog = Catalog(tmp_path)
    catalog.load("mine")
    cache_file(catalog.cache, ROUTINE).write_text("{not json")
    assert catalog.load("mine").name == "Mine"


def test_an_entry_for_other_text_under_the_same_name_is_a_miss(tmp_path: Path) -> None:
    write_routine(tmp_path)
    catalog = Catalog(tmp_path)
    catalog.load("mine")
    entry = cache_file(catalog.cache, ROUTINE)
    stored = json.loads(entry.read_text())
    stored["text"] = "a different file that happens to share the name"
    stored["data"]["name"] = "Nope"
    entry.write_text(json.dumps(stored))
    assert catalog.load("mine").name == "Mine"
