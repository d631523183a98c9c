"""`backstretch serve`: the coach in a browser, served from this machine."""

from __future__ import annotations

import socket

import click

from backstretch.cli.app import App
from backstretch.core.errors import BackstretchError

REMOTE_WARNING = (
    "Warning: serving on {host}, reachable from other machines. backstretch has no accounts "
    "yet: anyone who can reach this address can read and change your history."
)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to serve on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Allow an address other than this machine's own (there are no accounts yet).",
)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="Another host name browsers may use to reach the server (with --allow-remote).",
)
@click.pass_obj
def serve(
    app: App, host: str, port: int, allow_remote: bool, allowed_hosts: tuple[str, ...]
) -> None:
    """Serve the coach in a browser: today's routine, the session, your history.

    Open the address it prints. It serves this machine only (127.0.0.1)
    unless --allow-remote is given; every page, script and picture comes
    from here, so it works offline.

    \b
    Examples:
      backstretch serve
      backstretch serve --port 9000
    """
    import uvicorn

    from backstretch.web.app import create_app
    from backstretch.web.settings import WebSettings, is_loopback

    if not is_loopback(host) and not allow_remote:
        raise BackstretchError(
            f"--host {host} would let other machines reach your history; "
            "add --allow-remote to do that on purpose (there are no accounts yet)"
        )
    if allowed_hosts and not allow_remote:
        raise BackstretchError(
            f"--allowed-host {allowed_hosts[0]} names a host other machines would use, but "
            "this server answers only this machine; add --allow-remote (with --host) to let "
            "them reach it on purpose, or leave --allowed-host out"
        )
    listener = bind(host, port)
    bound_port = listener.getsockname()[1]
    settings = WebSettings(
        host=host, port=bound_port, home=app.data_home, extra_hosts=frozenset(allowed_hosts)
    )
    if not is_loopback(host):
        click.echo(REMOTE_WARNING.format(host=host), err=True)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    shown = f"[{shown.strip('[]')}]" if ":" in shown else shown
    click.echo(f"backstretch is serving on http://{shown}:{bound_port}/ (Ctrl-C stops it)")
    config = uvicorn.Config(create_app(settings=settings), log_level="warning", lifespan="on")
    uvicorn.Server(config).run(sockets=[listener])


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
