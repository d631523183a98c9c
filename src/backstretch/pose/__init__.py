"""BlazePose in Python: 33 body landmarks from a picture or a video, on this machine only.

Needs the camera extra and the models placed by `scripts/setup camera`; nothing is downloaded
while it runs. `python -m backstretch.pose FILE` writes one JSON line per frame.
"""

from __future__ import annotations

from backstretch.pose.models import PoseNotSetUp, UnreadableMedia

try:
    import ai_edge_litert  # noqa: F401
    import cv2  # noqa: F401
    import numpy  # noqa: F401
except ImportError as missing:
    raise PoseNotSetUp(
        f"The camera check needs the camera extra ({missing.name} is not installed). "
        "Run `scripts/setup camera` once."
    ) from missing

from backstretch.pose.pipeline import (
    LANDMARKS,
    Frame,
    PoseTracker,
    frames_from_video,
    landmarks_from_image,
)

__all__ = [
    "LANDMARKS",
    "Frame",
    "PoseNotSetUp",
    "PoseTracker",
    "UnreadableMedia",
    "frames_from_video",
    "landmarks_from_image",
]
