"""What every request to the page must pass before the page sees it, and what every answer carries.

- The Host header names this machine: a web page elsewhere cannot point a name of its own at
  127.0.0.1 and read the page through it (DNS rebinding).
- The token `handouts serve` printed: in the address once (`?token=`), then in a cookie the page
  sets (HttpOnly, SameSite=Strict, so another site's page never sends it along).
- A post comes from the page itself (its Origin, or Sec-Fetch-Site), never from another site.
- A request body is at most MAX_BODY bytes: under the size at which the form parser would spill
  an upload to a temporary file, so an uploaded roster stays in memory.
- Every answer: not to be cached (patient data must not land in the browser's disk cache), no
  scripts or styles but the page's own, never inside another site's frame.
- A bug is reported on stderr by its kind and place only: its message could hold patient data.
"""

from __future__ import annotations

import hmac
import ipaddress
import sys
import traceback
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from starlette.exceptions import HTTPException

MAX_BODY = 1_000_000  # bytes; a plan file's limit too (yamlsource.MAX_BYTES)
SAFE_METHODS = ("GET", "HEAD")
HEADERS = [
    (b"cache-control", b"no-store"),
    (b"content-security-policy", (b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                 b"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class TooLarge(HTTPException):
    """A body that grows past MAX_BODY while it is read (chunked, or longer than it said)."""

    def __init__(self):
        super().__init__(413, f"Too large: the page takes files of up to {MAX_BODY // 1000} KB.")


class Guard:
    """ASGI middleware around the page's app (see the module's docstring)."""

    def __init__(self, app, *, token: str, port: int, loopback_only: bool, names: tuple[str, ...] = ()):
        self.app = app
        self.token = token
        self.cookie = f"handouts_token_{port}"  # one per port: two pages on one machine keep their own
        self.loopback_only = loopback_only
        self.names = {"localhost", *(name.lower() for name in names)}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":  # lifespan: start-up and shut-down
            return await self.app(scope, receive, send)
        headers = {key.decode("latin-1"): value.decode("latin-1") for key, value in scope["headers"]}
        host = headers.get("host", "")
        if not self.host_allowed(host):
            return await _plain(send, 421, "This page answers only to this computer's own address.")
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if self._valid(query.get("token")) and scope["method"] in SAFE_METHODS:
            return await self._keep_token(scope, query, send)
        if not self._valid(_cookies(headers).get(self.cookie)):
            return await _plain(send, 403, "Open the page with the address 'handouts serve' printed: it carries "
                                           "the token that lets you in.")
        if scope["method"] not in SAFE_METHODS and not _same_origin(headers, host):
            return await _plain(send, 403, "A form from another site cannot post to this page.")
        if int(headers.get("content-length") or 0) > MAX_BODY:
            return await _plain(send, 413, TooLarge().detail)
        await self._run(scope, _limited(receive), _with_headers(send))

    def host_allowed(self, host: str) -> bool:
        """Whether a Host header ('127.0.0.1:8765', '[::1]:8765', 'localhost:8765') names this machine."""
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        name = name.strip("[]").lower()
        if name in self.names:
            return True
        try:
            address = ipaddress.ip_address(name)
        except ValueError:
            return False  # a name we were not told of: a rebinding page's, or a typo
        # An address is no rebinding risk (its origin is the address itself): any of ours is fine when the
        # page listens beyond this machine, only the loopback when it does not.
        return address.is_loopback or not self.loopback_only

    def _valid(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())

    async def _keep_token(self, scope, query: dict, send) -> None:
        """Put the token in a cookie and send the browser back to the address without it (out of its
        history and of any link the user copies)."""
        rest = urlencode({key: value for key, value in query.items() if key != "token"})
        location = scope.get("root_path", "") + scope["path"] + (f"?{rest}" if rest else "")
        cookie = f"{self.cookie}={self.token}; HttpOnly; SameSite=Strict; Path=/"
        await send({"type": "http.response.start", "status": 303,
                    "headers": [(b"location", location.encode()), (b"set-cookie", cookie.encode()), *HEADERS]})
        await send({"type": "http.response.body", "body": b""})

    async def _run(self, scope, receive, send) -> None:
        started = False

        async def tracking_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:  # noqa: BLE001 (a bug) say where, never what (the message may quote the patient's plan)
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            print(f"handouts serve: internal error ({type(exc).__name__} at {Path(frame.filename).name}:"
                  f"{frame.lineno}); this is a bug, please report it", file=sys.stderr)
            if not started:
                await _plain(send, 500, "Something went wrong on the page's side (a bug); the terminal running "
                                        "'handouts serve' says where.")


def _same_origin(headers: dict, host: str) -> bool:
    """A browser names where a post comes from (Origin; Sec-Fetch-Site in older cases); a program with the
    token (curl, a script) names nothing and is let through, as it is not riding on a user's browser."""
    origin = headers.get("origin")
    if origin is not None:
        return origin in (f"http://{host}", f"https://{host}")
    site = headers.get("sec-fetch-site")
    return site is None or site == "same-origin"


def _cookies(headers: dict) -> dict[str, str]:
    jar = SimpleCookie()
    try:
        jar.load(headers.get("cookie", ""))
    except CookieError:  # a malformed header: treat it as no cookie
        return {}
    return {key: morsel.value for key, morsel in jar.items()}


def _limited(receive):
    """`receive` that stops a body (chunked, or lying about its length) once it passes MAX_BODY."""
    seen = 0

    async def limited():
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > MAX_BODY:
            raise TooLarge
        return message

    return limited


def _with_headers(send):
    async def sending(message):
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), *HEADERS]}
        await send(message)

    return sending


async def _plain(send, status: int, text: str) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), *HEADERS]})
    await send({"type": "http.response.body", "body": text.encode()})
