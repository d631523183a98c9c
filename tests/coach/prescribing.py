"""The seed routine as a clinician starts from it: the routine file's fields as plain data."""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

import yaml

from backstretch.catalog.catalog import BUILT_IN


@cache
def _seed() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((BUILT_IN / "daily-back.yaml").read_text())
    return data


def my_back(**holds: float) -> dict[str, Any]:
    """daily-back as the routine 'my-back', with the hold of each stretch named changed."""
    data = copy.deepcopy(_seed())
    data["id"] = "my-back"
    for exercise in data["exercises"]:
        if exercise["id"] in holds:
            exercise["hold_seconds"] = holds[exercise["id"]]
    return data
