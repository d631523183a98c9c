"""The SMTP settings read from the environment, and a clinician's address (core/alert_mail.py)."""

from __future__ import annotations

import pytest

from backstretch.core.alert_mail import InvalidMailSettings, SmtpSettings, smtp_settings
from backstretch.core.settings import EMAIL, InvalidSetting, check_setting

HOST = {"BACKSTRETCH_SMTP_HOST": "smtp.clinic.example.org"}
SENDER = {"BACKSTRETCH_SMTP_FROM": "backstretch@clinic.example.org"}


def test_the_port_is_587_and_starttls_is_on_unless_set() -> None:
    assert smtp_settings({**HOST, **SENDER}) == SmtpSettings(
        "smtp.clinic.example.org", 587, "backstretch@clinic.example.org", starttls=True
    )
    chosen = smtp_settings(
        {**HOST, **SENDER, "BACKSTRETCH_SMTP_PORT": "25", "BACKSTRETCH_SMTP_STARTTLS": "off"}
    )
    assert (chosen.port, chosen.starttls) == (25, False)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"BACKSTRETCH_SMTP_FROM": ""}, "BACKSTRETCH_SMTP_FROM is not set"),
        ({"BACKSTRETCH_SMTP_PORT": "smtp"}, "BACKSTRETCH_SMTP_PORT must be a port number"),
        ({"BACKSTRETCH_SMTP_STARTTLS": "maybe"}, "BACKSTRETCH_SMTP_STARTTLS must be on or off"),
        ({"BACKSTRETCH_SMTP_USER": "kim"}, "BACKSTRETCH_SMTP_PASSWORD is not"),
    ],
)
def test_a_missing_or_wrong_setting_is_named(extra: dict[str, str], message: str) -> None:
    with pytest.raises(InvalidMailSettings, match=message):
        smtp_settings({**HOST, **SENDER, **extra})


def test_a_password_is_never_sent_without_starttls() -> None:
    environment = {
        **HOST,
        **SENDER,
        "BACKSTRETCH_SMTP_USER": "kim",
        "BACKSTRETCH_SMTP_PASSWORD": "secret",
        "BACKSTRETCH_SMTP_STARTTLS": "off",
    }
    with pytest.raises(InvalidMailSettings, match="the password would cross the network"):
        smtp_settings(environment)


@pytest.mark.parametrize("address", ["kim", "kim@", "kim@clinic", "a b@c.org", "k@c.org\nBcc: x"])
def test_an_address_that_is_not_one_plain_address_is_refused_as_a_setting(address: str) -> None:
    with pytest.raises(InvalidSetting, match="is not one plain address"):
        check_setting(EMAIL, address)
