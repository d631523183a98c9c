"""BlazePose in Python: 33 body landmarks from a picture or a video, on this machine only.

Needs the camera extra and the models placed by `scripts/setup camera`; nothing is downloaded
while it runs. `python -m backstretch.pose FILE` writes one JSON line per frame.

Importing this package is cheap: the runtime, OpenCV and numpy load on first use of a name
below, and when they are missing a PoseNotSetUp says how to install them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from backstretch.core.form import LANDMARKS
from backstretch.pose.models import PoseNotSetUp, UnreadableMedia

if TYPE_CHECKING:
    from backstretch.pose.pipeline import (
        Frame,
        PoseTracker,
        frame_from_image,
        frames_from_video,
        landmarks_from_image,
    )

__all__ = [
    "LANDMARKS",
    "Frame",
    "PoseNotSetUp",
    "PoseTracker",
    "UnreadableMedia",
    "frame_from_image",
    "frames_from_video",
    "landmarks_from_image",
]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        pipeline = importlib.import_module("backstretch.pose.pipeline")
    except ImportError as missing:
        raise PoseNotSetUp(
            f"The camera check needs the camera extra ({missing.name} is not installed). "
            "Run `scripts/setup camera` once."
        ) from missing
    return getattr(pipeline, name)
