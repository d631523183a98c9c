"""Signing in, when accounts are on (`serve --accounts`): the gate in front of every route, and
the one way a route asks who is signed in.

The gate looks up the sign-in cookie's account once per request and puts it in the request's
state. Every path needs one except the few that let a person sign in (OPEN_PATHS): the API
answers 401, a page sends the browser to /login (303) with the page to come back to. So a route
added later is closed until someone opens it on purpose. Which records a signed-in request
reaches is decided once, in services.services_of (the person's own, through People.for_person).
"""

from __future__ import annotations

import json
from http.cookies import SimpleCookie
from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import Depends
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backstretch.coach.accounts import Reception
from backstretch.core.accounts import SIGN_IN_LIFE, Account
from backstretch.core.errors import BackstretchError

COOKIE = "backstretch_session"
ACCOUNT = "account"  # the request state's key for the signed-in account (None when not)
TOKEN = "sign_in_token"
COOKIE_LIFE = int(SIGN_IN_LIFE.total_seconds())
OPEN_PATHS = frozenset(
    {"/login", "/healthz", "/sw.js", "/manifest.webmanifest", "/api/login", "/api/invitation"}
)
OPEN_PREFIXES = ("/static/", "/invite/")
SIGN_IN_FIRST = "sign in first: this server keeps each person's records behind their account"


class NotSignedIn(BackstretchError):
    """A route that needs an account, reached without one (answered 401)."""


def is_open(path: str) -> bool:
    return path in OPEN_PATHS or path.startswith(OPEN_PREFIXES)


def local_path(target: str | None) -> str:
    """`target` if it is a path on this server (where to go after signing in), else "/": an
    address elsewhere (`//evil.example`, `https://...`) is never followed."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else "/"


def cookie_header(token: str, secure: bool, max_age: int = COOKIE_LIFE) -> str:
    """The sign-in cookie: HttpOnly (no script reads it), SameSite=Lax (no other site's form
    sends it), the whole site, Secure when the browser came over HTTPS."""
    flags = f"; Max-Age={max_age}; Path=/; HttpOnly; SameSite=Lax"
    return f"{COOKIE}={token}{flags}{'; Secure' if secure else ''}"


def token_of(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"cookie":
            found = SimpleCookie(value.decode("latin-1")).get(COOKIE)
            if found is not None and found.value:
                return found.value
    return None


class SignInGate:
    """Puts the signed-in account in every request's state; refuses the closed paths without
    one. Each page seen also renews the cookie, whose life slides as the sign-in's does."""

    def __init__(self, app: ASGIApp, reception: Reception) -> None:
        self.app = app
        self.reception = reception

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(OPEN_PREFIXES[0]):
            await self.app(scope, receive, send)
            return
        token = token_of(scope)
        account = await run_in_threadpool(self.reception.signed_in, token) if token else None
        state = scope.setdefault("state", {})
        state[ACCOUNT], state[TOKEN] = account, token if account else None
        if account is None and not is_open(scope["path"]):
            await refuse(scope, send)
            return
        if account is None or scope["path"].startswith("/api/") or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        renewed = cookie_header(token or "", scope["scheme"] == "https").encode("latin-1")

        async def renewing(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(name.lower() == b"set-cookie" for name, _ in headers):
                    headers.append((b"set-cookie", renewed))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, renewing)


async def refuse(scope: Scope, send: Send) -> None:
    """401 with {"error": ...} for the API; for a page, 303 to /login and back afterwards."""
    if scope["path"].startswith("/api/"):
        body = json.dumps({"error": SIGN_IN_FIRST}).encode()
        status, headers = 401, [(b"content-type", b"application/json")]
    else:
        query = scope.get("query_string", b"").decode("latin-1")
        wanted = scope["path"] + (f"?{query}" if query else "")
        body, status = b"", 303
        headers = [(b"location", f"/login?next={quote(wanted, safe='')}".encode())]
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def signed_in_account(request: Request) -> Account | None:
    """The account signed in for this request; None when no one is, or accounts are off."""
    found: Account | None = request.scope.get("state", {}).get(ACCOUNT)
    return found


def sign_in_token(request: Request) -> str:
    """The token of this request's live sign-in ("" when none)."""
    found: str | None = request.scope.get("state", {}).get(TOKEN)
    return found or ""


def account_of(request: Request) -> Account:
    """The signed-in account, for a route that needs one (a FastAPI dependency)."""
    found = signed_in_account(request)
    if found is None:
        raise NotSignedIn(SIGN_IN_FIRST)
    return found


SignedIn = Annotated[Account, Depends(account_of)]
