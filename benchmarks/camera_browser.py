"""The camera check's frames per second in the browser: BlazePose in the session page, in
Debian's Chromium with its fake camera playing a clip made from the test photograph bus.jpg.

It serves a fresh temporary home on 127.0.0.1 and a free port, turns the camera check on, lets
the model warm up (its first frames take seconds), then counts the frames BlazePose answers in
`--seconds` and prints frames per second. Only the preview runs (no session), so the judge is
not consulted; where this branch has no /static/formjudge.js or no form-rules endpoint yet, an
empty stand-in answers for them so that the camera can start.

Needs: scripts/pose-files and scripts/camera_files.py (scripts/setup dev runs both), ffmpeg,
chromium.
Run: .venv/bin/python benchmarks/camera_browser.py [--seconds 20]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, Route, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.web import serving  # noqa: E402 - the web benchmark's server
from tests.web.fake_camera import PHOTO, camera_args, make_clip  # noqa: E402

STATIC = ROOT / "src" / "backstretch" / "web" / "static"
NO_JUDGE = "window.BackstretchForm = { makeJudge: () => ({ observe: () => ({}) }) };"
ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking"]


def frames(page: Page) -> int:
    """How many frames BlazePose has answered since the camera was turned on."""
    return int(page.locator("[data-camera-panel]").get_attribute("data-frames") or 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    if not (STATIC / "pose" / "pose.js").exists() or not PHOTO.exists():
        print("Run scripts/setup dev first (it copies the pose files and the test photographs).")
        return 1
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as folder:
        clip = make_clip(Path(folder) / "standing.y4m")
        with serving(Path(folder) / "home") as port, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium,
                args=[*ARGS, *camera_args(clip)],
            )
            page = browser.new_page(service_workers="block")
            if not (STATIC / "formjudge.js").exists():
                page.route("**/static/formjudge.js", lambda route: route.fulfill(body=NO_JUDGE))

            def rules(route: Route) -> None:
                answer = route.fetch()
                if answer.status == 200:
                    route.fulfill(response=answer)
                else:
                    route.fulfill(json={"routine": "daily-back", "exercises": {}})

            page.route("**/api/routines/daily-back/form", rules)
            page.goto(f"http://127.0.0.1:{port}/session/daily-back")
            started = time.perf_counter()
            page.get_by_label("Camera check").first.check()
            while frames(page) < 3:
                time.sleep(0.2)
            warm = time.perf_counter() - started
            first = frames(page)
            begin = time.perf_counter()
            time.sleep(args.seconds)
            counted = frames(page) - first
            spent = time.perf_counter() - begin
            browser.close()
    rate = counted / spent
    print("camera check in Chromium (software WebGL, fake camera 480x640):")
    print(f"  warm-up: the first 3 frames in {warm:.1f} s")
    print(f"  then {counted} frames in {spent:.1f} s: {rate:.2f} frames a second", end="")
    print(f" ({1000 * spent / max(counted, 1):.0f} ms a frame, the page busy meanwhile)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
