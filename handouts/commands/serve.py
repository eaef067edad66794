"""`handouts serve`: the page for picking, previewing and printing, on this computer."""

from __future__ import annotations

import ipaddress
import secrets
import socket
import sys
from pathlib import Path

import click

from handouts.commands.brand import brand_dir_option
from handouts.errors import UserError

MIN_TOKEN = 16


@click.command("serve")
@brand_dir_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on. Only this computer can reach 127.0.0.1; any other address lets "
                   "other computers in (with the token).")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="The port to listen on (0: any free port).")
@click.option("--token", envvar="HANDOUTS_TOKEN",
              help=f"The secret every request must carry (at least {MIN_TOKEN} characters; default: a new one, "
                   "printed in the address). HANDOUTS_TOKEN works too, and other users of the computer cannot "
                   "see it in the list of running programs as they can an option.")
@click.option("--allow-host", "names", multiple=True, metavar="NAME",
              help="Another name this computer is reached by (besides its addresses and localhost).")
@click.option("--folder", type=click.Path(path_type=Path, file_okay=False, exists=True), default=Path("."),
              help="The folder the page's plans are taken to live in: a layout or photo named by a path is "
                   "looked for there.  [default: the current folder]")
def command(host: str, port: int, token: str | None, names: tuple[str, ...], folder: Path) -> None:
    """Open a page to pick exercises by picture, adjust the dosage, preview and print.

    Patient data stays in memory: it is never written to a file, a log or a cache. A brand folder's
    templates/ (plan files without a patient) are offered as starting points.
    Stop it with Ctrl-C.
    """
    try:
        import uvicorn

        from handouts.web.app import create_app
    except ImportError as exc:
        raise UserError(f"'handouts serve' needs the page's extras ({exc.name} is missing); install them with: "
                        "pip install 'handouts[serve]'") from None
    if token is not None and len(token) < MIN_TOKEN:
        raise UserError(f"--token must be at least {MIN_TOKEN} characters; leave it out for a new one")
    loopback = _is_loopback(host)
    token = token or secrets.token_urlsafe(24)
    listener = _listen(host, port)
    bound = listener.getsockname()[1]
    # Beyond this computer, it is also reached by its own name.
    known = names if loopback else (*names, socket.gethostname())
    app = create_app(folder.resolve(), token=token, port=bound, loopback_only=loopback, names=known)
    # Listening on every network (0.0.0.0, ::), the page is reached by this computer's name.
    shown = socket.gethostname() if ipaddress.ip_address(_address(host)).is_unspecified else host
    shown = f"[{shown}]" if ":" in shown else shown
    click.echo(f"handouts: the page is at http://{shown}:{bound}/?token={token}")
    if not loopback:
        click.echo("handouts: other computers can reach this page; anyone with the address above can see the "
                   "patients' data typed into it, and the connection is not encrypted", err=True)
    click.echo("handouts: press Ctrl-C to stop", err=True)
    sys.stdout.flush()
    # No access log: the first request's line carries the token, and a log is no place for anything from
    # the page (patient data travels only in request bodies, never in a path). Warnings and errors only.
    config = uvicorn.Config(app, access_log=False, log_level="warning", server_header=False,
                            lifespan="off")
    uvicorn.Server(config).run(sockets=[listener])


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(_address(host)).is_loopback
    except ValueError:
        raise UserError(f"--host {host}: give an address, e.g. 127.0.0.1 (this computer only) or 0.0.0.0 "
                        "(every network it is on)") from None


def _address(host: str) -> str:
    return "127.0.0.1" if host == "localhost" else host


def _listen(host: str, port: int) -> socket.socket:
    """A socket bound now, so the address printed is the one in use (port 0 picks a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((_address(host), port))
    except OSError as exc:
        listener.close()
        raise UserError(f"cannot listen on {host}:{port} ({exc.strerror}); is another page already running there? "
                        "Pick another --port") from None
    listener.listen(64)
    return listener
