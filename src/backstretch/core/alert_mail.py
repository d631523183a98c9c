"""Alert e-mail, the pure part: a clinician's address, the SMTP settings read from the
environment, and the words of one alert's message.

E-mail is not a safe channel for health details (it crosses servers the clinic does not run,
and sits in mailboxes), so a message names the person and the kind of alert and nothing of what
the records say: the clinician signs in to read it (docs/safety.md, "Alert e-mail").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from backstretch.core.alerts import KIND_TITLES, Alert
from backstretch.core.errors import BackstretchError
from backstretch.core.settings import InvalidSetting

PREFIX = "BACKSTRETCH_SMTP_"
DEFAULT_PORT = 587  # the submission port, with STARTTLS
ADDRESS_LIMIT = 254  # RFC 5321's longest path, less its angle brackets
# One address, local@domain: no spaces, no second @, no header-breaking characters.
ADDRESS = re.compile(r"[^@\s<>()\[\],;:\"\\]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")
SWITCHES = {"1": True, "yes": True, "on": True, "true": True}
SWITCHES |= {"0": False, "no": False, "off": False, "false": False}


class InvalidMailSettings(BackstretchError):
    """An SMTP setting in the environment that is missing or cannot be used."""


def check_email_address(text: str) -> str:
    """The address, trimmed, if it is one plain address (name@example.org)."""
    address = text.strip()
    if len(address) > ADDRESS_LIMIT or not ADDRESS.fullmatch(address):
        raise InvalidSetting(
            f"e-mail address {text[:80]!r} is not one plain address: write it as name@example.org"
        )
    return address


@dataclass(frozen=True)
class SmtpSettings:
    """How to reach the clinic's SMTP server (BACKSTRETCH_SMTP_*)."""

    host: str
    port: int = DEFAULT_PORT
    sender: str = ""
    starttls: bool = True
    user: str = ""
    password: str = ""

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


def smtp_settings(environment: Mapping[str, str]) -> SmtpSettings:
    """The SMTP settings of BACKSTRETCH_SMTP_HOST, _PORT (587), _FROM, _STARTTLS (on), _USER
    and _PASSWORD; InvalidMailSettings naming the variable when one is missing or wrong."""
    value = {name: environment.get(PREFIX + name, "").strip() for name in NAMES}
    if not value["HOST"]:
        raise InvalidMailSettings(
            f"{PREFIX}HOST is not set: set it to the clinic's SMTP server (and {PREFIX}FROM to "
            "the address mail is sent from) to send alert e-mail"
        )
    settings = SmtpSettings(
        host=value["HOST"],
        port=parse_port(value["PORT"]),
        sender=parse_sender(value["FROM"]),
        starttls=parse_switch(value["STARTTLS"]),
        user=value["USER"],
        password=environment.get(PREFIX + "PASSWORD", ""),
    )
    check_sign_in(settings)
    return settings


NAMES = ("HOST", "PORT", "FROM", "STARTTLS", "USER")


def parse_port(text: str) -> int:
    if not text:
        return DEFAULT_PORT
    number = int(text) if text.isdigit() else 0
    if not 1 <= number <= 65535:
        raise InvalidMailSettings(
            f"{PREFIX}PORT must be a port number from 1 to 65535 (got {text!r}); "
            f"unset, it is {DEFAULT_PORT}"
        )
    return number


def parse_sender(text: str) -> str:
    if not text:
        raise InvalidMailSettings(
            f"{PREFIX}FROM is not set: set it to the address alert e-mail is sent from "
            "(for example backstretch@clinic.example.org)"
        )
    try:
        return check_email_address(text)
    except BackstretchError:
        raise InvalidMailSettings(
            f"{PREFIX}FROM {text[:80]!r} is not one plain address: write it as name@example.org"
        ) from None


def parse_switch(text: str) -> bool:
    if not text:
        return True
    if text.lower() not in SWITCHES:
        raise InvalidMailSettings(
            f"{PREFIX}STARTTLS must be on or off (got {text!r}); unset, it is on"
        )
    return SWITCHES[text.lower()]


def check_sign_in(settings: SmtpSettings) -> None:
    """A user needs a password, and a password needs STARTTLS: it is never sent in the clear."""
    if settings.user and not settings.password:
        raise InvalidMailSettings(f"{PREFIX}USER is set but {PREFIX}PASSWORD is not: set both")
    if settings.user and not settings.starttls:
        raise InvalidMailSettings(
            f"{PREFIX}USER is set but {PREFIX}STARTTLS is off: the password would cross the "
            f"network unencrypted; turn {PREFIX}STARTTLS on"
        )


# -- the message --------------------------------------------------------------------------------
@dataclass(frozen=True)
class AlertLetter:
    """One alert's message to one clinician, in words that hold no health details."""

    alert: Alert
    clinician: str
    address: str
    subject: str
    body: str


def alert_letter(alert: Alert, clinician: str, address: str, url: str) -> AlertLetter:
    """The message telling `clinician` at `address` of `alert`: who and what kind, with a link
    to sign in; never the alert's words (levels, answers, stretches)."""
    kind = KIND_TITLES[alert.kind]
    subject = f"backstretch: a new alert about {alert.person} ({kind})"
    body = (
        f"Hello {clinician},\n\n"
        f"backstretch raised a new alert about {alert.person}: {kind}, "
        f"at {alert.at.isoformat(timespec='minutes')}.\n\n"
        "E-mail is not a safe place for health details, so they are not in this message: "
        "sign in to read it.\n"
        f"  {url}/people/{alert.person}\n\n"
        "You are sent one message per alert. Ask whoever runs the server to change the address "
        "(backstretch accounts email).\n"
    )
    return AlertLetter(alert, clinician, address, subject, body)
