"""`backstretch serve`: this machine only unless told otherwise, and a light start for others."""

from __future__ import annotations

import http.client
import os
import shutil
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from click.testing import CliRunner

from backstretch.cli.main import cli
from backstretch.cli.web_command import lan_addresses


def test_serving_beyond_this_machine_needs_allow_remote(home: Path) -> None:
    result = CliRunner().invoke(
        cli, ["--home", str(home), "serve", "--host", "0.0.0.0"], standalone_mode=False
    )
    assert isinstance(result.exception, Exception)
    assert "--allow-remote" in str(result.exception)


def test_the_help_lists_serve_without_loading_the_web_stack() -> None:
    probe = (
        "import sys\n"
        "from backstretch.cli.main import main\n"
        "sys.argv = ['backstretch', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ('fastapi', 'starlette', 'uvicorn', 'jinja2', 'segno')\n"
        "loaded = [n for n in heavy if n in sys.modules]\n"
        "print(','.join(loaded), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert "serve" in result.stdout
    assert result.stderr.strip() == ""


LIFETIME_SECONDS = 60  # a server left behind by a failing test stops by itself after this


@contextmanager
def serving(home: Path, *options: str) -> Iterator[tuple[str, int, subprocess.Popen[str]]]:
    """`backstretch serve --port 0 OPTIONS` running: its first line, its port and the process
    (to read its stderr); stopped afterwards, and by `timeout` whatever happens to the test."""
    limit = [shutil.which("timeout") or "timeout", str(LIFETIME_SECONDS)]
    command = [*limit, sys.executable, "-m", "backstretch.cli.main", "--home", str(home), "serve"]
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(
        [*command, "--port", "0", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    ) as server:
        try:
            assert server.stdout is not None
            line = server.stdout.readline()
            assert "serving on " in line, line
            yield line, int(line.split("127.0.0.1:")[1].split("/")[0]), server
        finally:
            server.terminate()
            server.wait(10)


def test_serve_answers_on_the_port_it_prints_and_refuses_other_hosts(home: Path) -> None:
    with serving(home) as (line, port, _):
        assert "serving on http://127.0.0.1:" in line, line
        assert get(port, "127.0.0.1") == 200
        assert get(port, "evil.example") == 421


def get(
    port: int,
    host: str = "127.0.0.1",
    context: ssl.SSLContext | None = None,
    path: str = "/api/routines",
    address: str = "127.0.0.1",
) -> int:
    """The status of GET `path` from `address`, naming `host` (over HTTPS with a `context`),
    waiting for the server to listen."""
    for _ in range(100):
        if context is None:
            connection = http.client.HTTPConnection(address, port, timeout=10)
        else:
            connection = http.client.HTTPSConnection(address, port, timeout=10, context=context)
        try:
            connection.request("GET", path, headers={"Host": f"{host}:{port}"})
            response = connection.getresponse()
            response.read()
            return response.status
        except ConnectionRefusedError:
            time.sleep(0.1)
        finally:
            connection.close()
    raise AssertionError("the server never listened")


def test_allowed_host_without_allow_remote_is_refused_before_serving(home: Path) -> None:
    command = [sys.executable, "-m", "backstretch.cli.main", "--home", str(home), "serve"]
    result = subprocess.run(
        [*command, "--port", "0", "--allowed-host", "mat.lan"],
        capture_output=True,
        text=True,
        timeout=30,  # a server that started would run until then
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("Error: --allowed-host mat.lan")
    assert "--allow-remote" in result.stderr
    assert "serving" not in result.stdout


def test_serving_with_accounts_on_a_damaged_database_says_so_before_serving(
    home: Path,
) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "backstretch.db").write_bytes(b"not a database" * 100)
    command = [sys.executable, "-m", "backstretch.cli.main", "--home", str(home), "serve"]
    result = subprocess.run(
        [*command, "--port", "0", "--accounts"], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("Error: ")
    assert "the history database is damaged" in result.stderr
    assert "serving" not in result.stdout


def test_serving_every_address_answers_the_phone_address_it_prints_and_warns(home: Path) -> None:
    with serving(home, "--host", "0.0.0.0", "--allow-remote") as (line, port, server):
        assert server.stdout is not None
        assert "serving on http://127.0.0.1:" in line, line
        printed = "127.0.0.1"
        if lan_addresses():  # a machine on a network prints where a phone opens it
            phone = server.stdout.readline()
            assert phone.startswith("Open http://"), phone
            printed = phone.split("http://")[1].split(":")[0]
        assert get(port, printed, path="/login", address=printed) == 200
        assert get(port, printed, path="/", address=printed) == 303  # accounts are on
        assert get(port, "mat.example", path="/", address=printed) == 421
        server.terminate()
        _, errors = server.communicate(timeout=10)
    assert "Warning: serving on 0.0.0.0, reachable from other machines." in errors
