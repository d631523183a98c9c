"""BlazePose in Python on this machine: milliseconds per frame and frames per second.

Run: .venv/bin/python benchmarks/pose.py [--frames N] [--threads N]
Needs `scripts/setup camera` (the models and the test photograph bus.jpg) and ffmpeg. A 640 × 480
clip of bus.jpg (one standing person, the view drifting a little) is made in a temporary
folder, then timed four ways:
- detection + landmarks: every frame searched from scratch, as for a still picture;
- tracking: landmarks only, the crop following the person from the previous frame;
- decoding: reading the clip's frames alone;
- the whole video path (`frames_from_video`): decoding + tracking, with its Frames.
Medians over the frames; the load average is printed, since other work on the machine slows it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import cv2

from backstretch.pose import PoseTracker, frames_from_video
from backstretch.pose.detector import Picture

PHOTO = Path(sys.prefix) / "share" / "backstretch" / "photos" / "bus.jpg"


def make_clip(folder: Path, frames: int) -> Path:
    clip = folder / "bus-640x480.mp4"
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-loop", "1", "-framerate", "30", "-i", str(PHOTO),
         "-frames:v", str(frames), "-vf",
         # the camera drifts a little, so frames differ as in real footage
         "scale=720:540:force_original_aspect_ratio=decrease,pad=720:540:(ow-iw)/2:(oh-ih)/2,"
         "crop=640:480:40+40*sin(t*2):30+30*cos(t*3)",
         "-c:v", "libx264", "-pix_fmt", "yuv420p", str(clip)],
        check=True,
    )  # fmt: skip
    return clip


def decoded(clip: Path) -> list[Picture]:
    capture = cv2.VideoCapture(str(clip))
    pictures = []
    while True:
        ok, picture = capture.read()
        if not ok:
            break
        pictures.append(cv2.cvtColor(picture, cv2.COLOR_BGR2RGB))
    capture.release()
    return pictures


def per_frame(work: Callable[[Picture], object], pictures: list[Picture]) -> list[float]:
    times = []
    for picture in pictures:
        began = time.perf_counter()
        work(picture)
        times.append((time.perf_counter() - began) * 1000)
    return times


def decoding_times(clip: Path) -> list[float]:
    capture = cv2.VideoCapture(str(clip))
    times = []
    while True:
        began = time.perf_counter()
        ok, _ = capture.read()
        if not ok:
            break
        times.append((time.perf_counter() - began) * 1000)
    capture.release()
    return times


def whole_video(clip: Path, tracker: PoseTracker) -> tuple[float, int]:
    began = time.perf_counter()
    count = sum(1 for frame in frames_from_video(clip, tracker) if frame.landmarks is not None)
    return (time.perf_counter() - began) * 1000, count


def report(name: str, times: list[float]) -> None:
    median = statistics.median(times)
    print(f"{name:<28} {median:>8.1f} ms {1000 / median:>7.1f} fps   (p90 {p90(times):.1f} ms)")


def p90(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[max(0, int(len(ordered) * 0.9) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=90)
    parser.add_argument("--threads", type=int, default=None, help="LiteRT threads (its default)")
    options = parser.parse_args()
    tracker = PoseTracker(threads=options.threads)
    with tempfile.TemporaryDirectory() as folder:
        clip = make_clip(Path(folder), options.frames)
        pictures = decoded(clip)
        tracker.landmarks(pictures[0])  # warm the interpreters
        detect = per_frame(lambda picture: tracker.landmarks(picture, track=False), pictures)
        tracker.landmarks(pictures[0])
        track = per_frame(tracker.landmarks, pictures)
        decode = decoding_times(clip)
        total, seen = whole_video(clip, PoseTracker(threads=options.threads))
    threads = options.threads or "default"
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; "
          f"{len(pictures)} frames of 640 × 480; LiteRT threads: {threads}")  # fmt: skip
    report("detection + landmarks", detect)
    report("tracking (landmarks only)", track)
    report("video decoding", decode)
    average = total / len(pictures)
    print(f"{'whole video path':<28} {average:>8.1f} ms {1000 / average:>7.1f} fps   "
          f"(mean; a person in {seen} of {len(pictures)} frames)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
