"""The guards in front of every request, as one ASGI middleware.

- Host check: a request must name this server (loopback or the bound address, and its port),
  so a web page on another site cannot reach it through DNS rebinding.
- Same origin: a request that changes something must come from our own pages (its Origin, or
  failing that its Referer, names this server); with neither, only a JSON body is accepted,
  which a browser never sends across sites without asking first (a CORS preflight we refuse).
- Size: bodies over the limit are refused with 413, whether announced or streamed.
- Headers: a strict Content-Security-Policy (no inline script or style), no sniffing, no
  referrer leaving the machine, no framing.
"""

from __future__ import annotations

import contextlib
import json
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backstretch.web.settings import WebSettings

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; media-src 'self'; manifest-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


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
            await respond(send, *refusal)
            return
        await self.guarded(scope, receive, send)

    def refusal(self, method: str, headers: dict[str, str]) -> tuple[int, str] | None:
        if not self.settings.allows(headers.get("host", "")):
            return 421, "this server answers only to its own address (the Host header differs)"
        length = headers.get("content-length", "0")
        if not length.isdigit():
            return 400, "the Content-Length header must be a whole number"
        if int(length) > self.settings.max_body_bytes:
            return 413, f"the request body is over {self.settings.max_body_bytes} bytes"
        if method not in SAFE_METHODS and not self.same_origin(headers):
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

    async def guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = self.settings.max_body_bytes
        received = 0
        started = refused = False

        async def counted_receive() -> Message:
            # A body streamed without a length is counted as it arrives; past the limit the
            # answer is 413 at once, and whatever the app says after that is dropped.
            nonlocal received, started, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit and not refused:
                    refused = True
                    if not started:
                        started = True
                        await respond(send, 413, f"the request body is over {limit} bytes")
                    raise BodyTooLarge
            return message

        async def secured_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        with contextlib.suppress(BodyTooLarge):
            await self.app(scope, counted_receive, secured_send)


async def respond(send: Send, status: int, error: str) -> None:
    body = json.dumps({"error": error}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *SECURITY_HEADERS,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
