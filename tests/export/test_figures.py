"""The pictures: every position drawn as SVG that parses, holds a body on a mat with the felt
area highlighted, and comes out the same every time."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from dataclasses import replace

import pytest

from backstretch.core.pose import Area, Point, Pose, View
from backstretch.core.routine import Routine
from backstretch.export.figures import render_pose, routine_figures, slug

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)


def with_class(root: ElementTree.Element, name: str) -> list[ElementTree.Element]:
    return [element for element in root.iter() if name in element.get("class", "").split()]


def test_every_position_of_the_daily_routine_gets_a_named_picture(daily_back: Routine) -> None:
    figures = routine_figures(daily_back)
    assert [figure.file_name for figure in figures] == [
        "trunk-rotation.svg",
        "cat-cow-cat.svg",
        "cat-cow-cow.svg",
        "hip-flexor.svg",
        "childs-pose.svg",
        "hamstring.svg",
    ]
    assert figures[1].title == "Cat-Cow: cat"
    assert figures[0].title == "Trunk Rotation"


def test_each_picture_is_svg_with_a_mat_a_body_a_head_and_the_felt_area(
    daily_back: Routine,
) -> None:
    for figure in routine_figures(daily_back):
        root = parse(figure.svg)
        assert root.tag == f"{SVG}svg"
        assert root.get("viewBox", "").startswith("0 0 ")
        assert root.find(f"{SVG}title") is not None
        assert with_class(root, "mat"), figure.file_name
        assert len(with_class(root, "torso")) == 1
        assert len(with_class(root, "head")) == 1
        assert len(with_class(root, "thigh")) == 2 and len(with_class(root, "forearm")) == 2
        (felt,) = with_class(root, "feel")
        assert felt.get("data-areas"), figure.file_name
        assert with_class(root, "halo")


def test_the_felt_areas_are_the_ones_in_the_pose(daily_back: Routine) -> None:
    by_name = {figure.file_name: parse(figure.svg) for figure in routine_figures(daily_back)}
    areas = {name: with_class(root, "feel")[0].get("data-areas") for name, root in by_name.items()}
    assert areas["hamstring.svg"] == "left_thigh"
    assert areas["hip-flexor.svg"] == "left_thigh left_hip"
    assert areas["cat-cow-cat.svg"] == "upper_back lower_back"


def test_the_same_pose_always_gives_the_same_svg(daily_back: Routine) -> None:
    first = [figure.svg for figure in routine_figures(daily_back)]
    second = [figure.svg for figure in routine_figures(daily_back)]
    assert first == second


def test_coordinates_are_short_plain_decimals(daily_back: Routine) -> None:
    root = parse(routine_figures(daily_back)[3].svg)
    geometry = ("d", "cx", "cy", "r", "x", "y", "width", "height", "x1", "y1", "x2", "y2")
    values = " ".join(element.get(name, "") for element in root.iter() for name in geometry)
    numbers = re.findall(r"[-\d.e]+", values)
    assert len(numbers) > 100
    for number in numbers:
        assert re.fullmatch(r"-?\d+(\.\d)?", number), number


def test_every_joint_lies_inside_the_picture(daily_back: Routine) -> None:
    for figure in routine_figures(daily_back):
        root = parse(figure.svg)
        _, _, width, height = (float(v) for v in root.get("viewBox", "").split())
        for circle in root.iter(f"{SVG}circle"):
            x, y = float(circle.get("cx", "-1")), float(circle.get("cy", "-1"))
            assert 0 <= x <= width and 0 <= y <= height, (figure.file_name, x, y)


def test_all_figures_share_one_scale(daily_back: Routine) -> None:
    for figure in routine_figures(daily_back):
        root = parse(figure.svg)
        _, _, width, _ = (float(v) for v in root.get("viewBox", "").split())
        assert float(root.get("width", "0")) == pytest.approx(2 * width, abs=0.1)


def test_a_side_view_has_a_floor_line_and_a_top_view_a_mat_seen_from_above(
    daily_back: Routine,
) -> None:
    top, side = (parse(figure.svg) for figure in routine_figures(daily_back)[:2])
    assert top.find(f".//{SVG}g[@class='mat']/{SVG}line") is None
    assert top.find(f".//{SVG}g[@class='mat']/{SVG}rect") is not None
    assert side.find(f".//{SVG}g[@class='mat']/{SVG}line") is not None
    # The glow of a side view stays above the floor, clipped by a path of its own.
    assert side.find(f".//{SVG}defs/{SVG}clipPath") is not None


def test_a_pose_without_a_felt_area_has_no_highlight(daily_back: Routine) -> None:
    pose = daily_back.exercises[4].pose
    assert pose is not None
    root = parse(render_pose(replace(pose, feel=())))
    assert not with_class(root, "feel") and not with_class(root, "halo")


def test_a_title_with_markup_characters_is_escaped() -> None:
    joints = {
        name: Point(20 + 5 * i, 10 + 3 * i)
        for i, name in enumerate(
            (
                "head",
                "neck",
                "left_shoulder",
                "left_elbow",
                "left_wrist",
                "right_shoulder",
                "right_elbow",
                "right_wrist",
                "left_hip",
                "left_knee",
                "left_ankle",
                "right_hip",
                "right_knee",
                "right_ankle",
            )
        )
    }
    svg = render_pose(Pose.of(joints, (Area.NECK,), View.TOP), title='Tom & "Jerry" <3')
    assert parse(svg).find(f"{SVG}title").text == 'Tom & "Jerry" <3'  # type: ignore[union-attr]


def test_position_names_become_safe_file_names() -> None:
    assert slug("Breathe in") == "breathe-in"
    assert slug("Côté / gauche!") == "c-t-gauche"
    assert slug("***") == "position"
