"""`backstretch serve`: the coach in a browser, served from this machine."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import TYPE_CHECKING

import click

from backstretch.cli.app import App
from backstretch.core.errors import BackstretchError

if TYPE_CHECKING:
    from backstretch.web.settings import WebSettings

REMOTE_WARNING = (
    "Warning: serving on {host}, reachable from other machines. Accounts are on: every page "
    "asks for a sign-in (add people with backstretch accounts add USERNAME). Serve over HTTPS "
    "so passwords never cross the network in the clear."
)
# Where this machine would send a packet for each private network from: connecting a UDP
# socket only picks a route, it sends nothing.
PRIVATE_PROBES = ("10.254.254.254", "172.31.254.254", "192.168.254.254")
APP_FACTORY = "backstretch.web.app:app_from_environment"


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to serve on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Allow other machines (a phone) to reach it; turns accounts on.",
)
@click.option(
    "--accounts",
    "accounts",
    is_flag=True,
    help="Turn accounts on: every page needs a sign-in (see backstretch accounts).",
)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME[:PORT]",
    help="Another name browsers may use to reach the server (with --allow-remote); "
    "with a port, the address of a reverse proxy in front of it.",
)
@click.option(
    "--tls-cert",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Serve HTTPS: the certificate (PEM).",
)
@click.option(
    "--tls-key", type=click.Path(path_type=Path), metavar="FILE", help="Its private key (PEM)."
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes answering on the one address. More than one is for PostgreSQL "
    "(BACKSTRETCH_DATABASE_URL); on SQLite each opens the file for itself.",
)
@click.pass_obj
def serve(
    app: App,
    host: str,
    port: int,
    allow_remote: bool,
    accounts: bool,
    allowed_hosts: tuple[str, ...],
    tls_cert: Path | None,
    tls_key: Path | None,
    workers: int,
) -> None:
    """Serve the coach in a browser: today's routine, the session, your history.

    Open the address it prints. It serves this machine only (127.0.0.1)
    unless --allow-remote is given; then it prints the address to open on
    a phone, with a QR code, and accounts are on. Every page, script and
    picture comes from here, so it works offline.

    With accounts on (--accounts, or --allow-remote), each person signs in
    and sees only their own records; add them with backstretch accounts add.

    \b
    Examples:
      backstretch serve
      backstretch serve --port 9000
      backstretch serve --accounts
      backstretch serve --host 0.0.0.0 --allow-remote
      backstretch serve --host 0.0.0.0 --allow-remote --tls-cert cert.pem --tls-key key.pem
      BACKSTRETCH_DATABASE_URL=postgresql+psycopg://backstretch@/backstretch \\
        backstretch serve --workers 2
    """
    from backstretch.web.settings import WebSettings, is_wildcard

    check_remote(host, allow_remote, allowed_hosts)
    tls = check_tls(tls_cert, tls_key)
    listener = bind(host, port)
    bound_port = listener.getsockname()[1]
    lan = lan_addresses() if allow_remote and is_wildcard(host) else []
    settings = WebSettings(
        host=host,
        port=bound_port,
        home=app.data_home,
        extra_hosts=frozenset(allowed_hosts) | set(lan),
        accounts=accounts or allow_remote,
    )
    try:
        open_database(settings)  # before announcing: opening may fail
    except BackstretchError:
        listener.close()
        raise
    announce(host, bound_port, allow_remote, allowed_hosts, lan, https=tls is not None)
    run_workers(settings, listener, workers, tls)


def open_database(settings: WebSettings) -> None:
    """Create or migrate the database once, before any worker opens it: the server's (accounts)
    or the person's own."""
    from backstretch.storage.database import default_home, open_accounts, open_repository

    home = settings.home or default_home()
    if settings.accounts:
        open_accounts(home).close()
    else:
        open_repository(home).close()


def run_workers(
    settings: WebSettings, listener: socket.socket, workers: int, tls: tuple[str, str] | None
) -> None:
    """uvicorn's worker processes on `listener`, each building the app from the settings it
    finds in the environment (web/app.py, `app_from_environment`), until Ctrl-C or SIGTERM."""
    import os

    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from backstretch.web.settings import to_environment

    os.environ.update(to_environment(settings))  # read by this process and the spawned workers
    certificate, key = tls if tls else (None, None)
    config = uvicorn.Config(
        APP_FACTORY,
        factory=True,
        workers=workers,
        log_level="warning",
        lifespan="on",
        ssl_certfile=certificate,
        ssl_keyfile=key,
    )
    if workers == 1:
        uvicorn.Server(config).run(sockets=[listener])
    else:
        Multiprocess(config, sockets=[listener]).run()


def announce(
    host: str,
    port: int,
    allow_remote: bool,
    allowed_hosts: tuple[str, ...],
    lan: list[str],
    https: bool,
) -> None:
    """Where to open the coach: this machine's address, a phone's (with a QR code), and the
    warning that goes with other machines reaching it."""
    from backstretch.web.settings import is_loopback, is_wildcard

    if allow_remote and (not is_loopback(host) or allowed_hosts):
        reached = host if not is_loopback(host) else ", ".join(allowed_hosts)
        click.echo(REMOTE_WARNING.format(host=reached), err=True)
    scheme = "https" if https else "http"
    shown = "127.0.0.1" if is_wildcard(host) else host
    click.echo(f"backstretch is serving on {url(scheme, shown, port)} (Ctrl-C stops it)")
    phone = phone_addresses(host, lan) if allow_remote else []
    if phone:
        address = url(scheme, phone[0], port)
        click.echo(f"Open {address} on your phone (it answers there as long as this runs):")
        click.echo(qr_code(address))
        for other in phone[1:]:
            click.echo(f"It also answers on {url(scheme, other, port)}")


def check_remote(host: str, allow_remote: bool, allowed_hosts: tuple[str, ...]) -> None:
    """Reaching the history from other machines is done on purpose, with well-formed names."""
    from backstretch.web.settings import is_loopback, split_host

    if not is_loopback(host) and not allow_remote:
        raise BackstretchError(
            f"--host {host} would let other machines reach your history; "
            "add --allow-remote to do that on purpose (it turns accounts on)"
        )
    if allowed_hosts and not allow_remote:
        raise BackstretchError(
            f"--allowed-host {allowed_hosts[0]} names a host other machines would use, but "
            "this server answers only this machine; add --allow-remote (with --host) to let "
            "them reach it on purpose, or leave --allowed-host out"
        )
    for name in allowed_hosts:
        found, port = split_host(name, default_port=1)
        if not found or port is None or not 0 < port < 65536:
            raise BackstretchError(
                f"--allowed-host {name} is not a host name with an optional port; "
                "write NAME or NAME:PORT, like mat.lan or mat.lan:8443"
            )


def check_tls(certificate: Path | None, key: Path | None) -> tuple[str, str] | None:
    """Both files for HTTPS, readable and matching, or neither for plain HTTP."""
    if certificate is None and key is None:
        return None
    if certificate is None or key is None:
        given, missing = ("--tls-cert", "--tls-key") if certificate else ("--tls-key", "--tls-cert")
        raise BackstretchError(
            f"{given} needs {missing} too: HTTPS takes a certificate and its private key "
            "(give both, or neither to serve plain HTTP)"
        )
    for option, path in (("--tls-cert", certificate), ("--tls-key", key)):
        try:
            path.read_bytes()
        except FileNotFoundError:
            raise BackstretchError(f"{option} {path}: there is no such file") from None
        except OSError as error:
            raise BackstretchError(f"{option} {path}: cannot be read ({error.strerror})") from None
    import ssl

    try:
        ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(certificate, key)
    except ssl.SSLError:
        raise BackstretchError(
            f"--tls-cert {certificate} and --tls-key {key} are not a PEM certificate and its "
            "private key"
        ) from None
    return str(certificate), str(key)


def lan_addresses() -> list[str]:
    """This machine's addresses on its networks, found without sending anything."""
    found: list[str] = []
    for probe in PRIVATE_PROBES:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            try:
                udp.connect((probe, 9))
            except OSError:
                continue
            address = udp.getsockname()[0]
        if address not in found and not address.startswith(("127.", "0.", "169.254.")):
            found.append(address)
    return found


def phone_addresses(host: str, lan: list[str]) -> list[str]:
    """The addresses another machine can open: the one served on, or on every address, the
    machine's own; none for loopback (a reverse proxy in front is reached at its own)."""
    from backstretch.web.settings import is_loopback, is_wildcard

    if is_wildcard(host):
        return lan
    return [] if is_loopback(host) else [host]


def url(scheme: str, host: str, port: int) -> str:
    shown = f"[{host.strip('[]')}]" if ":" in host else host
    return f"{scheme}://{shown}:{port}/"


def qr_code(text: str) -> str:
    """`text` as a QR code drawn with block characters, for a phone's camera."""
    import io

    import segno

    drawing = io.StringIO()
    segno.make(text, error="m").terminal(out=drawing, compact=True)
    return drawing.getvalue().rstrip("\n")


def bind(host: str, port: int) -> socket.socket:
    """A listening socket, bound before the server starts so port 0 picks a free port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host.strip("[]"), port))
    except OSError as error:
        listener.close()
        raise BackstretchError(f"cannot serve on {host}:{port} ({error.strerror})") from None
    listener.listen(128)
    return listener
