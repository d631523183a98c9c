"""`form-check`: the camera judge from Python, on landmarks read from a file (or a video)."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import click

from backstretch.cli.app import App
from backstretch.coach.form_check import position_rules, verdicts
from backstretch.core.errors import BackstretchError
from backstretch.core.landmark_lines import LandmarkFrame, parse_aspect, read_landmark_lines
from backstretch.core.routine import DEFAULT_ROUTINE, Sides

NOT_INSTALLED = "the camera check is not installed: run scripts/setup camera"


class NotInstalled(click.ClickException):
    exit_code = 2  # like a usage error: the command cannot run as asked on this machine


@click.command("form-check")
@click.option("--exercise", "exercise_id", required=True, metavar="ID", help="The stretch.")
@click.option(
    "--routine",
    default=DEFAULT_ROUTINE,
    show_default=True,
    metavar="ROUTINE",
    help="A routine id or file.",
)
@click.option(
    "--side",
    type=click.Choice(["left", "right"]),
    help="The side being stretched, for a sided stretch (default: left).",
)
@click.option("--phase", metavar="NAME", help="The position, for a stretch with phases.")
@click.option(
    "--landmarks",
    "landmarks_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE.jsonl",
    help='Landmarks, one frame a line: {"t": seconds, "landmarks": [[x, y, z, v], ... 33]}.',
)
@click.option(
    "--video",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="A video, whose landmarks BlazePose finds (needs scripts/setup camera).",
)
@click.option(
    "--aspect",
    metavar="W:H",
    help="The picture's width:height, such as 16:9, when the lines do not say it.",
)
@click.pass_obj
def form_check(
    app: App,
    exercise_id: str,
    routine: str,
    side: str | None,
    phase: str | None,
    landmarks_file: Path | None,
    video: Path | None,
    aspect: str | None,
) -> None:
    """Judge a stretch's form frame by frame, as the camera check does.

    Prints one JSON line a frame: {"t", "verdict", "say", "check"}, where
    verdict is in_position, not_yet (say: the one correction that matters
    most; check: the rule that failed) or cant_see (say: how to place the
    camera). Nothing is sent anywhere.

    \b
    Examples:
      backstretch form-check --exercise hamstring --side right --landmarks frames.jsonl
      backstretch form-check --exercise cat-cow --phase cow --landmarks frames.jsonl --aspect 16:9
    """
    if (landmarks_file is None) == (video is None):
        raise click.UsageError("give --landmarks FILE.jsonl or --video FILE (one of them)")
    picture_aspect = aspect_option(aspect)
    chosen = app.catalog.load(routine)
    rules = position_rules(chosen, exercise_id, phase)
    sided = chosen.exercise(exercise_id).sides is not Sides.NONE
    if side is not None and not sided:
        raise click.BadParameter(
            f"{exercise_id!r} is done without sides: leave --side out", param_hint="--side"
        )
    frames = (
        landmark_frames(landmarks_file, picture_aspect)
        if landmarks_file is not None
        else video_frames(video, picture_aspect)  # type: ignore[arg-type]
    )
    for line in verdicts(rules, (side or "left") if sided else None, frames):
        click.echo(json.dumps(line, ensure_ascii=False))


def aspect_option(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return parse_aspect(text)
    except (ValueError, ZeroDivisionError):
        raise click.BadParameter(
            f"{text!r} is not a width:height such as 16:9", param_hint="--aspect"
        ) from None


def landmark_frames(path: Path, aspect: float | None) -> Iterator[LandmarkFrame]:
    try:
        with path.open(encoding="utf-8") as lines:
            yield from read_landmark_lines(lines, str(path), aspect)
    except OSError as error:
        raise click.BadParameter(
            f"{path}: {error.strerror or error}", param_hint="--landmarks"
        ) from None
    except UnicodeDecodeError:
        raise click.BadParameter(f"{path}: not a text file", param_hint="--landmarks") from None


def video_frames(path: Path, aspect: float | None) -> Iterable[LandmarkFrame]:
    """The video's frames through BlazePose (backstretch.pose, the camera extra)."""
    try:
        frames_from_video = importlib.import_module("backstretch.pose").frames_from_video
    except (ImportError, BackstretchError):
        raise NotInstalled(NOT_INSTALLED) from None
    for frame in frames_from_video(path):
        yield LandmarkFrame(frame.t, frame.landmarks, aspect or frame.aspect)
