"""What the web app is told at start: where it is served, and from where it may be reached."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})
MAX_BODY_BYTES = 64 * 1024  # a hold or a pain rating is a few hundred bytes


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
