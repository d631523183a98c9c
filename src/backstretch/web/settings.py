"""What the web app is told at start: where it is served, and from where it may be reached.

Several worker processes each build the app from the same settings, so the settings also travel
as environment variables (`to_environment`, `from_environment`): `backstretch serve --workers N`
sets them, and a self-hoster running uvicorn or gunicorn directly sets them in the service's
environment file (docs/deploy/README.md).
"""

from __future__ import annotations

import dataclasses
import ipaddress
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from backstretch.core.errors import BackstretchError

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})
MAX_BODY_BYTES = 64 * 1024  # a hold or a pain rating is a few hundred bytes
PREFIX = "BACKSTRETCH_"
# A field's variable is PREFIX + its name in capitals, except where the command's own option
# reads better (`--allowed-host` gives BACKSTRETCH_ALLOWED_HOSTS).
VARIABLE_NAMES = {"extra_hosts": "BACKSTRETCH_ALLOWED_HOSTS"}
TRUE_WORDS, FALSE_WORDS = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")


@dataclass(frozen=True)
class WebSettings:
    """Chosen once by `backstretch serve` (or a test) and handed to `create_app`."""

    host: str = "127.0.0.1"
    port: int = 8765
    home: Path | None = None  # the data home; None means the platform's user data folder
    extra_hosts: frozenset[str] = field(default_factory=frozenset)
    max_body_bytes: int = MAX_BODY_BYTES
    accounts: bool = False  # a shared server: every page and route needs a signed-in account

    @property
    def allowed_addresses(self) -> frozenset[tuple[str, int | None]]:
        """(name, port) pairs a request may name: loopback and the bound address on the served
        port, and the extra ones: `mat.lan` on the served port, `mat.lan:8443` on its own port
        (the address a reverse proxy in front of this server is reached at)."""
        names = set(LOOPBACK_NAMES)
        if not is_wildcard(self.host):
            names.add(self.host.lower())
        addresses: set[tuple[str, int | None]] = {(name, self.port) for name in names}
        addresses.update(split_host(extra, default_port=self.port) for extra in self.extra_hosts)
        return frozenset(addresses)

    def allows(self, host_header: str) -> bool:
        """True if a Host header names this server (DNS rebinding defence). A Host without a
        port means 80 or 443: behind a proxy the scheme the browser used is not known here."""
        addresses = self.allowed_addresses
        return any(split_host(host_header, default) in addresses for default in (80, 443))


def is_wildcard(host: str) -> bool:
    return host in ("0.0.0.0", "::", "")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def split_host(host_header: str, default_port: int = 80) -> tuple[str, int | None]:
    """`127.0.0.1:8765` -> ("127.0.0.1", 8765); `[::1]:80` -> ("[::1]", 80); no port -> 80
    (or `default_port`); a port that is not a number -> None."""
    text = host_header.strip().lower()
    if text.startswith("["):
        name, _, rest = text.partition("]")
        name += "]"
        port_text = rest[1:] if rest.startswith(":") else ""
    else:
        name, _, port_text = text.partition(":")
    if not port_text:
        return name, default_port
    return (name, int(port_text)) if port_text.isdigit() else (name, None)


def variable_of(name: str) -> str:
    """The environment variable that carries the setting `name`."""
    return VARIABLE_NAMES.get(name, PREFIX + name.upper())


def to_environment(settings: WebSettings) -> dict[str, str]:
    """Every setting as an environment variable, for worker processes to read back."""
    found = {}
    for item in dataclasses.fields(settings):
        value = getattr(settings, item.name)
        if isinstance(value, bool):
            text = "1" if value else "0"
        elif isinstance(value, frozenset):
            text = ",".join(sorted(value))
        else:
            text = "" if value is None else str(value)
        found[variable_of(item.name)] = text
    return found


def from_environment(environ: Mapping[str, str]) -> WebSettings:
    """The settings `to_environment` wrote (an unset variable leaves the default); a value that
    cannot be read is an error naming the variable."""
    kinds = typing.get_type_hints(WebSettings)
    given: dict[str, object] = {}
    for item in dataclasses.fields(WebSettings):
        variable = variable_of(item.name)
        if variable in environ:
            given[item.name] = parse_value(variable, environ[variable].strip(), kinds[item.name])
    return WebSettings(**given)  # type: ignore[arg-type]


def parse_value(variable: str, text: str, kind: object) -> object:
    """`text` read as a value of the field type `kind` (str, int, bool, a path, names)."""
    if kind is bool:
        if text.lower() not in TRUE_WORDS + FALSE_WORDS:
            raise BackstretchError(
                f"{variable}: {text!r} is not a yes or no; write 1 or 0 (or true or false)"
            )
        return text.lower() in TRUE_WORDS
    if kind is int:
        if not text.isdigit():
            raise BackstretchError(
                f"{variable}: {text!r} is not a whole number; write one, like 8765"
            )
        return int(text)
    if kind == Path | None:
        return Path(text).expanduser() if text else None
    if kind == frozenset[str]:
        return frozenset(name.strip() for name in text.split(",") if name.strip())
    return text
