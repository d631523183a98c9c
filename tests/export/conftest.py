"""Fixtures for the exports: the built-in routine, loaded once."""

from __future__ import annotations

import pytest

from backstretch.catalog import Catalog
from backstretch.core.routine import Routine


@pytest.fixture(scope="session")
def daily_back(tmp_path_factory: pytest.TempPathFactory) -> Routine:
    return Catalog(tmp_path_factory.mktemp("home")).load("daily-back")
