"""docs/deploy/Caddyfile, run as written: Caddy's own certificate authority in front of a live
`backstretch serve`, reached over HTTPS, and the Host and Origin rules through it."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.test_serve_command import serving

CADDYFILE = Path(__file__).parents[2] / "docs" / "deploy" / "Caddyfile"

needs_caddy = pytest.mark.skipif(
    shutil.which("caddy") is None,
    reason="caddy is not installed (Debian: apt-get install caddy); scripts/test installs it",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def server_database_or_skip(home: Path) -> None:
    """`serve --allow-remote` turns accounts on, which needs the server database."""
    from backstretch.storage.database import open_accounts
    from backstretch.storage.repository import StorageError

    try:
        open_accounts(home).close()
    except StorageError as missing:
        pytest.skip(str(missing))


@pytest.fixture
def backstretch(home: Path, tmp_path: Path) -> Iterator[tuple[int, int]]:
    """(proxy port, backstretch port): backstretch on 127.0.0.1 naming the proxy's address."""
    server_database_or_skip(home)
    proxy_port = free_port()
    proxy = f"127.0.0.1:{proxy_port}"
    with serving(home, "--allow-remote", "--allowed-host", proxy) as (_, port, server):
        assert server.stderr is not None
        assert server.stderr.readline().startswith(f"Warning: serving on {proxy}")
        yield proxy_port, port


@pytest.fixture
def caddy(backstretch: tuple[int, int], tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """(port, root certificate) of Caddy running docs/deploy/Caddyfile on 127.0.0.1."""
    proxy_port, backend_port = backstretch
    environment = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "BACKSTRETCH_SITE": f"https://127.0.0.1:{proxy_port}",
        "BACKSTRETCH_BIND": "127.0.0.1",
        "BACKSTRETCH_BACKEND": f"127.0.0.1:{backend_port}",
    }
    command = ["caddy", "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"]
    log = (tmp_path / "caddy.log").open("w")
    with subprocess.Popen(command, stdout=log, stderr=log, env=environment) as proxy:
        try:
            yield proxy_port, tmp_path / "data/caddy/pki/authorities/local/root.crt"
        finally:
            proxy.terminate()
            proxy.wait(10)
            log.close()


def request(
    port: int, root: Path, method: str = "GET", path: str = "/api/routines", **headers: str
) -> int:
    """The status of a request through Caddy, trusting its root, once it answers."""
    body = json.dumps({}) if method == "POST" else None
    if body is not None:
        headers["Content-Type"] = "application/json"
    for _ in range(100):
        if not root.exists():
            time.sleep(0.1)
            continue
        context = ssl.create_default_context(cafile=str(root))
        connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=10, context=context)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 502:  # Caddy is up before backstretch answers
                return response.status
        except (ConnectionRefusedError, ConnectionResetError, ssl.SSLError):
            pass
        finally:
            connection.close()
        time.sleep(0.1)
    raise AssertionError("Caddy never answered over HTTPS")


def test_the_caddyfile_shown_in_the_docs_is_the_one_tested() -> None:
    shown = (CADDYFILE.parents[1] / "web.md").read_text()
    for line in CADDYFILE.read_text().splitlines():
        if line and not line.startswith("#"):
            assert f"\n  {line}\n" in shown, line


@needs_caddy
def test_the_documented_caddyfile_serves_backstretch_over_https(
    caddy: tuple[int, Path],
) -> None:
    port, root = caddy
    assert request(port, root, path="/healthz") == 200
    assert request(port, root) == 401  # accounts are on: the API asks for a sign-in
    assert request(port, root, path="/") == 303  # and a page sends the browser to /login


@needs_caddy
def test_through_caddy_only_its_own_pages_may_change_anything(caddy: tuple[int, Path]) -> None:
    port, root = caddy
    ours = f"https://127.0.0.1:{port}"
    assert request(port, root, "POST", "/api/sessions", Origin="https://evil.example") == 403
    assert request(port, root, "POST", "/api/sessions", Origin=ours) not in (403, 421)
