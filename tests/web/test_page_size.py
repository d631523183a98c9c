"""The session page, with everything it loads, stays under its 150 KB target
(benchmarks/web.py prints the figures); the camera check's files are not among them."""

from __future__ import annotations

from pathlib import Path

from benchmarks.web import TARGET_BYTES, serving, transfer_size


def test_the_session_page_and_all_it_loads_stay_under_150_kb(tmp_path: Path) -> None:
    with serving(tmp_path / "home") as port:
        sizes = transfer_size(port)
    total = sum(sizes.values())
    assert total < TARGET_BYTES, f"{total} bytes: {sizes}"
    assert not [
        path for path in sizes if any(name in path for name in ("camera", "formjudge", "/pose/"))
    ]
