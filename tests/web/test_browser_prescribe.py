"""Prescribing on a phone (Playwright, Debian's Chromium, 390x844): a clinician opens the form
from the person's page, changes a hold, saves and reads what changed; a wrong dose is answered
with the validator's message next to the form, and nothing is saved."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.web.accounts import Server
from tests.web.test_browser import (  # noqa: F401 - fixtures used by name
    SCREENSHOTS,
    browser_type_launch_args,
)
from tests.web.test_browser_sharing import clinic, fits, signed_in  # noqa: F401 - fixture

pytestmark = pytest.mark.browser


def test_a_clinician_changes_a_hold_on_a_phone_and_a_wrong_dose_shows_the_validators_message(
    browser: Browser,
    clinic: tuple[Server, str],  # noqa: F811 - the fixture imported above
) -> None:
    server, url = clinic
    server.reception.accounts.share("ada", "kim", server.clock.now())
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    kim = signed_in(browser, url, "kim")
    kim.goto(f"{url}/people/ada")
    kim.get_by_role("link", name="Prescribe a routine").click()
    expect(kim.get_by_role("heading", level=1)).to_have_text("Prescribe for ada")
    cat_cow = kim.locator("[data-exercise]", has_text="Cat-Cow")
    cat_cow.get_by_label("cat, hold (s)").fill("8")
    kim.get_by_role("button", name="Save the prescription").click()
    result = kim.locator("[data-result]")
    expect(result).to_contain_text("Saved as version 1")
    kim.get_by_role("button", name="Save the prescription").click()
    expect(result).to_contain_text("no changes from the version before")

    cat_cow.get_by_label("cat, hold (s)").fill("5")
    kim.get_by_role("button", name="Save the prescription").click()
    expect(result).to_contain_text("Saved as version 2")
    expect(result.locator("li")).to_have_text(["cat-cow: cat 8 s → 5 s"])
    cat_cow.get_by_label("cat, hold (s)").fill("8")
    kim.get_by_label("From the library").select_option(label="Piriformis Stretch")
    kim.get_by_role("button", name="Add this stretch").click()
    kim.get_by_role("button", name="Remove Child's Pose").click()
    kim.get_by_role("button", name="Save the prescription").click()
    expect(result).to_contain_text("Saved as version 3; planned time")
    expect(result.locator("li")).to_have_text(
        ["cat-cow: cat 5 s → 8 s", "piriformis: added", "childs-pose: removed"]
    )

    kim.locator("[data-exercise]", has_text="Piriformis").get_by_label("Reps").fill("0")
    kim.get_by_role("button", name="Save the prescription").click()
    expect(result).to_contain_text("Not saved: the routine has problems")
    expect(result.locator("li")).to_contain_text(["exercise 'piriformis': reps must be"])
    fits(kim)
    kim.screenshot(path=SCREENSHOTS / "prescribe-390x844.png", full_page=True)
    assert [p.version for p in server.records("ada").prescriptions()] == [1, 2, 3]
