"""The routes of signing in, served only with accounts on: /api/login, /api/logout, /api/me,
/api/invitation, and the pages /login and /invite/{token}. The decisions are the use cases'
(coach/accounts.py); these only carry the cookie and show the words."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from backstretch.coach.accounts import ASK_FOR_A_LINK, Reception
from backstretch.core.accounts import MIN_PASSWORD_LENGTH
from backstretch.web.pages import render
from backstretch.web.shapes import error_answers
from backstretch.web.signin import (
    SignedIn,
    cookie_header,
    local_path,
    sign_in_token,
    signed_in_account,
)

api = APIRouter(
    prefix="/api", tags=["accounts"], responses=error_answers(400, 403, 413, 421, 422, 503)
)
pages = APIRouter(include_in_schema=False)


class SignInIn(BaseModel):
    username: str = Field(max_length=200)
    password: str = Field(max_length=4096)


class InvitationIn(BaseModel):
    token: str = Field(max_length=200)
    password: str = Field(max_length=4096)


def reception_of(request: Request) -> Reception:
    found: Reception = request.app.state.reception
    return found


def address_of(request: Request) -> str:
    """Where the request came from (behind a proxy, the address it forwarded: uvicorn's proxy
    headers), for throttling by address."""
    return request.client.host if request.client else ""


def signed_in_answer(request: Request, token: str) -> Response:
    answer = Response(status_code=204)
    answer.headers["set-cookie"] = cookie_header(token, request.url.scheme == "https")
    return answer


@api.post("/login", status_code=204, responses=error_answers(401, 403, 429))
def sign_in(body: SignInIn, request: Request) -> Response:
    """Sign in: 204 and the sign-in cookie; 401 for a wrong username or password (one message
    for both); 429 with Retry-After after 10 failures for a username or an address in 15
    minutes."""
    reception = reception_of(request)
    token = reception.sign_in(body.username, body.password, address_of(request))
    return signed_in_answer(request, token)


@api.post("/logout", status_code=204, responses=error_answers(401))
def sign_out(request: Request, account: SignedIn) -> Response:
    """End this sign-in; the browser drops the cookie and its cached copies of pages."""
    reception_of(request).sign_out(sign_in_token(request))
    answer = Response(status_code=204)
    answer.headers["set-cookie"] = cookie_header("", request.url.scheme == "https", max_age=0)
    answer.headers["clear-site-data"] = '"cache"'
    return answer


@api.get("/me", responses=error_answers(401))
def me(request: Request, account: SignedIn) -> dict[str, Any]:
    """Who is signed in: username, role and time zone ("" for the server's)."""
    person = reception_of(request).records_of(account).person
    return {"username": account.username, "role": account.role.value, "time_zone": person.time_zone}


@api.post("/invitation", status_code=204, responses=error_answers(404, 410, 429))
def accept_invitation(body: InvitationIn, request: Request) -> Response:
    """Choose a password through an invitation link (once; 72 hours), and be signed in."""
    reception = reception_of(request)
    account = reception.accept(body.token, body.password)
    token = reception.sign_in(account.username, body.password, address_of(request))
    return signed_in_answer(request, token)


@pages.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next_path: Annotated[str, Query(alias="next")] = "/") -> Response:
    target = local_path(next_path)
    if signed_in_account(request) is not None:
        return RedirectResponse(target, status_code=303)
    return render(request, "login.html", page="login", next_path=target)


@pages.get("/invite/{token}", response_class=HTMLResponse)
def invitation_page(request: Request, token: str) -> Response:
    username = reception_of(request).invited(token)
    return render(
        request,
        "invite.html",
        200 if username else 410,
        page="invite",
        username=username,
        token=token,
        min_length=MIN_PASSWORD_LENGTH,
        ask=ASK_FOR_A_LINK,
    )
