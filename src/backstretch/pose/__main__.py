"""`python -m backstretch.pose FILE`: one JSON line per frame of a video, or one for a picture.

Each line is {"t": seconds, "landmarks": [[x, y, z, visibility], ... 33] or null, "aspect":
width / height}, the format `backstretch form-check --landmarks` reads.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from backstretch.core.errors import BackstretchError

PICTURE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff"}


def frames(path: Path) -> Iterator[dict[str, object]]:
    from backstretch.pose import frame_from_image, frames_from_video

    if path.suffix.lower() in PICTURE_SUFFIXES:
        yield frame_from_image(path).to_json()
    else:
        for frame in frames_from_video(path):
            yield frame.to_json()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m backstretch.pose",
        description="Write the BlazePose landmarks of a picture or video as JSON lines.",
    )
    parser.add_argument("file", type=Path, help="a picture (JPEG, PNG, ...) or a video")
    parser.add_argument("--output", type=Path, help="write here instead of standard output")
    arguments = parser.parse_args(argv)
    try:
        target = (
            arguments.output.open("w") if arguments.output else contextlib.nullcontext(sys.stdout)
        )
        with target as out:
            for line in frames(arguments.file):
                out.write(json.dumps(line) + "\n")
    except BackstretchError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
