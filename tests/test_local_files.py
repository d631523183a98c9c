"""Reading a person's file: only regular files, never more than the limit plus one byte."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from backstretch.local_files import UnreadableFile, read_limited


def message(path: Path, limit: int = 100) -> str:
    with pytest.raises(UnreadableFile) as caught:
        read_limited(path, limit, "routine files")
    return str(caught.value)


def test_a_regular_file_within_the_limit_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"x" * 100)
    assert read_limited(path, 100, "routine files") == b"x" * 100


def test_a_file_one_byte_over_the_limit_is_refused_with_its_size(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"x" * 101)
    assert message(path) == f"{path}: is 101 bytes; routine files are limited to 100 bytes"


def test_a_size_just_over_a_megabyte_limit_is_given_in_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"x" * 1_000_001)
    assert message(path, 1_000_000) == (
        f"{path}: is 1,000,001 bytes; routine files are limited to 1 MB"
    )
    path.write_bytes(b"x" * 1_500_000)
    assert message(path, 1_000_000) == f"{path}: is 1.5 MB; routine files are limited to 1 MB"


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    assert message(path) == (
        f"{path}: is a named pipe (FIFO), not a file; routine files must be regular files"
    )


def test_an_endless_device_is_refused_without_being_read() -> None:
    assert message(Path("/dev/zero")) == (
        "/dev/zero: is a device, not a file; routine files must be regular files"
    )


def test_a_link_to_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    assert "is a device, not a file" in message(link)


def test_a_link_loop_is_named(tmp_path: Path) -> None:
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    one.symlink_to(two)
    two.symlink_to(one)
    assert message(one) == f"{one}: is a symbolic link that leads round in a loop"


def test_a_folder_and_a_missing_file_are_named(tmp_path: Path) -> None:
    assert message(tmp_path) == (
        f"{tmp_path}: is a folder, not a file; routine files must be regular files"
    )
    assert message(tmp_path / "none.yaml") == f"{tmp_path / 'none.yaml'}: no such file"
