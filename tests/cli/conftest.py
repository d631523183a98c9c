"""Fixtures of the command tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_accounts_command import Server


@pytest.fixture
def server(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], home: Path
) -> Server:
    """A server's accounts in memory, `backstretch accounts ...` run over them in process."""
    monkeypatch.delenv("BACKSTRETCH_PUBLIC_URL", raising=False)
    return Server(capsys, home)
