"""The guards in front of every request, as one ASGI middleware.

- Host check: a request must name this server (loopback or the bound address, and its port),
  so a web page on another site cannot reach it through DNS rebinding.
- Same origin: a request that changes something must come from our own pages (its Origin, or
  failing that its Referer, names this server); with neither, only a JSON body is accepted,
  which a browser never sends across sites without asking first (a CORS preflight we refuse).
- Size: bodies over the limit are refused with 413, whether announced or streamed.
- Connection: an answer given before its request's body was read through (a 413, or any
  refusal) closes the connection, so the server never reads on through a body it refused.
- Headers: a strict Content-Security-Policy (no inline script or style; WebAssembly only for
  the camera check's pose model, served here), the camera for our own pages only, no sniffing, no
  referrer leaving the machine, no framing, and nothing but the static files stored in any
  cache (the pages and the API show health data).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backstretch.web.settings import WebSettings

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self'; media-src 'self'; "
    "manifest-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(self), microphone=(), geolocation=()"),
]
# Only these can change anything; every other method (TRACE too) goes to the routes, which
# answer 405 with the methods they allow.
CHANGING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
NO_STORE = (b"cache-control", b"no-store")
CLOSE = (b"connection", b"close")
STORED_PATHS = ("/static/",)  # the stylesheet, scripts and icons: no health data


class BodyTooLarge(Exception):
    pass


class Guard:
    """Refuses foreign hosts, cross-site writes and huge bodies; adds the security headers."""

    def __init__(self, app: ASGIApp, settings: WebSettings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self.refusal(scope["method"], headers)
        if refusal is not None:
            await respond(send, *refusal, close=has_body(headers))
            return
        await self.guarded(scope, receive, send, has_body(headers))

    def refusal(self, method: str, headers: dict[str, str]) -> tuple[int, str] | None:
        if not self.settings.allows(headers.get("host", "")):
            return 421, "this server answers only to its own address (the Host header differs)"
        length = headers.get("content-length", "0")
        if not length.isdigit():
            return 400, "the Content-Length header must be a whole number"
        if int(length) > self.settings.max_body_bytes:
            return 413, f"the request body is over {self.settings.max_body_bytes} bytes"
        if method in CHANGING_METHODS and not self.same_origin(headers):
            return 403, "cross-site requests may not change anything here"
        return None

    def same_origin(self, headers: dict[str, str]) -> bool:
        origin = headers.get("origin") or headers.get("referer")
        if origin is None:
            kind = headers.get("content-type", "").split(";")[0].strip().lower()
            return kind == "application/json"
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            return False
        return self.settings.allows(parts.netloc)

    async def guarded(self, scope: Scope, receive: Receive, send: Send, body: bool) -> None:
        limit = self.settings.max_body_bytes
        stored = scope["path"].startswith(STORED_PATHS)
        received = 0
        unread = body  # part of the request's body is still on its way
        started = refused = False

        async def counted_receive() -> Message:
            # A body streamed without a length is counted as it arrives; past the limit the
            # answer is 413 at once, and whatever the app says after that is dropped.
            nonlocal received, unread, started, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                unread = bool(message.get("more_body", False))
                if received > limit and not refused:
                    refused = True
                    if not started:
                        started = True
                        await respond(send, 413, f"the request body is over {limit} bytes", True)
                    raise BodyTooLarge
            return message

        async def secured_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = answer_headers(message.get("headers", []), stored, unread)
            await send(message)

        with contextlib.suppress(BodyTooLarge):
            await self.app(scope, counted_receive, secured_send)


def has_body(headers: dict[str, str]) -> bool:
    return headers.get("content-length", "0") != "0" or "transfer-encoding" in headers


def answer_headers(
    headers: Iterable[tuple[bytes, bytes]], stored: bool, unread: bool
) -> list[tuple[bytes, bytes]]:
    """The app's headers and ours: security always; `no-store` unless the answer may be kept
    (a static file, or one that says how long itself); `close` if the body is not read through,
    since reading on after answering would let a client stream gigabytes into nothing."""
    found = list(headers)
    names = {name.lower() for name, _ in found}
    found.extend(SECURITY_HEADERS)
    if not stored and b"cache-control" not in names:
        found.append(NO_STORE)
    if unread:
        found.append(CLOSE)
    return found


async def respond(send: Send, status: int, error: str, close: bool = False) -> None:
    body = json.dumps({"error": error}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": answer_headers(headers, stored=False, unread=close),
        }
    )
    await send({"type": "http.response.body", "body": body})
