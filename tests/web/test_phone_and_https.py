"""`backstretch serve` for a phone on the same network: the address to open with a QR code,
the Host rules that accept it (and a reverse proxy's), HTTPS with a certificate of one's own."""

from __future__ import annotations

import ipaddress
import ssl
import subprocess
import sys
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from backstretch.cli.web_command import announce, lan_addresses
from backstretch.storage import MemoryRepository
from backstretch.web.app import create_app
from backstretch.web.settings import WebSettings
from tests.web.test_serve_command import get, serving

PHONE_LAN = ["192.168.1.20"]


def test_allow_remote_prints_the_address_to_open_on_a_phone_with_a_qr_code(
    capsys: pytest.CaptureFixture[str],
) -> None:
    announce("0.0.0.0", 8765, True, (), PHONE_LAN, https=False)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "backstretch is serving on http://127.0.0.1:8765/ (Ctrl-C stops it)"
    assert out[1].startswith("Open http://192.168.1.20:8765/ on your phone")
    drawing = out[2:]
    assert len(drawing) >= 10
    assert len({len(row) for row in drawing}) == 1
    assert set("".join(drawing)) <= set("█▀▄ ")


def test_remote_access_warns_that_accounts_are_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    announce("0.0.0.0", 8765, True, (), PHONE_LAN, https=False)
    warning = capsys.readouterr().err
    assert warning.startswith("Warning: serving on 0.0.0.0, reachable from other machines.")
    assert "Accounts are on: every page asks for a sign-in" in warning
    announce("127.0.0.1", 8765, True, ("mat.lan:8443",), [], https=True)
    assert "Warning: serving on mat.lan:8443" in capsys.readouterr().err


def test_a_certificate_makes_every_printed_address_https(
    capsys: pytest.CaptureFixture[str],
) -> None:
    announce("0.0.0.0", 8765, True, (), PHONE_LAN, https=True)
    out = capsys.readouterr().out
    assert "serving on https://127.0.0.1:8765/" in out
    assert "Open https://192.168.1.20:8765/ on your phone" in out


def test_this_machine_only_prints_no_phone_address(capsys: pytest.CaptureFixture[str]) -> None:
    announce("127.0.0.1", 8765, False, (), [], https=False)
    captured = capsys.readouterr()
    assert "phone" not in captured.out
    assert captured.err == ""


def test_the_machines_own_addresses_are_found_and_none_is_loopback() -> None:
    for address in lan_addresses():
        assert not ipaddress.ip_address(address).is_loopback


def status(settings: WebSettings, host: str, origin: str | None = None) -> int:
    client = TestClient(create_app(repository=MemoryRepository(), settings=settings))
    if origin is None:
        return client.get("/api/routines", headers={"Host": host}).status_code
    headers = {"Host": host, "Origin": origin}
    return client.post("/api/sessions", headers=headers, json={}).status_code


def test_a_phone_naming_the_machines_address_is_answered_and_others_are_not() -> None:
    settings = WebSettings(host="0.0.0.0", extra_hosts=frozenset(PHONE_LAN))
    assert status(settings, "192.168.1.20:8765") == 200
    assert status(settings, "192.168.1.20:9999") == 421
    assert status(settings, "192.168.1.99:8765") == 421
    assert status(settings, "evil.example:8765") == 421


def test_a_reverse_proxys_address_is_answered_and_may_change_things() -> None:
    settings = WebSettings(extra_hosts=frozenset({"mat.lan:8443", "coach.lan:443"}))
    assert status(settings, "mat.lan:8443") == 200
    assert status(settings, "coach.lan") == 200  # HTTPS's own port goes unsaid
    assert status(settings, "mat.lan:8765") == 421
    assert status(settings, "mat.lan") == 421
    assert status(settings, "mat.lan:8443", origin="https://mat.lan:8443") != 403
    assert status(settings, "mat.lan:8443", origin="https://evil.example:8443") == 403
    assert status(settings, "mat.lan:8443", origin="https://mat.lan:9999") == 403


def serve_command(home: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "backstretch.cli.main", "--home", str(home), "serve", *options]


def refusal(home: Path, *options: str) -> str:
    """stderr of a serve that must stop before serving (one Error line, exit 1)."""
    result = subprocess.run(
        serve_command(home, "--port", "0", *options),
        capture_output=True,
        text=True,
        timeout=30,  # a server that started would run until then
    )
    assert result.returncode == 1, result.stderr
    assert "serving" not in result.stdout
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    return result.stderr


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    """A throwaway self-signed certificate for 127.0.0.1 and its key."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def test_a_certificate_without_its_key_is_refused_before_serving(
    home: Path, certificate: tuple[Path, Path]
) -> None:
    cert, key = certificate
    assert refusal(home, "--tls-cert", str(cert)).startswith(
        "Error: --tls-cert needs --tls-key too"
    )
    assert refusal(home, "--tls-key", str(key)).startswith("Error: --tls-key needs --tls-cert too")


def test_a_missing_or_wrong_certificate_file_is_named_before_serving(
    home: Path, certificate: tuple[Path, Path], tmp_path: Path
) -> None:
    cert, key = certificate
    missing = tmp_path / "nowhere.pem"
    assert refusal(home, "--tls-cert", str(missing), "--tls-key", str(key)) == (
        f"Error: --tls-cert {missing}: there is no such file\n"
    )
    assert refusal(home, "--tls-cert", str(cert), "--tls-key", str(missing)) == (
        f"Error: --tls-key {missing}: there is no such file\n"
    )
    assert refusal(home, "--tls-cert", str(key), "--tls-key", str(cert)).startswith(
        f"Error: --tls-cert {key} and --tls-key {cert} are not a PEM certificate"
    )


def test_a_malformed_allowed_host_is_refused_before_serving(home: Path) -> None:
    stderr = refusal(home, "--allow-remote", "--allowed-host", "mat.lan:port")
    assert stderr.startswith("Error: --allowed-host mat.lan:port is not a host name")


def test_serve_with_a_certificate_answers_over_https(
    home: Path, certificate: tuple[Path, Path]
) -> None:
    cert, key = certificate
    with serving(home, "--tls-cert", str(cert), "--tls-key", str(key)) as (line, port, _):
        assert "serving on https://127.0.0.1:" in line, line
        context = ssl.create_default_context(cafile=str(cert))
        assert get(port, context=context) == 200
