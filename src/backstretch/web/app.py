"""`create_app`: the one place the web app's real implementations are chosen.

    app = create_app()                                   # production: the user's data home
    app = create_app(clock=FakeClock(), repository=MemoryRepository(), settings=...)  # tests
    uvicorn --factory backstretch.web.app:app_from_environment   # each worker process

Every worker process builds the same app from the same settings (WebSettings, read from the
environment by `app_from_environment`) and the same database; nothing about a person is kept in
a process between requests, so any worker may answer any request.

Everything the browser loads comes from this app (no CDN), so it works offline.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, cast

from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Match
from starlette.staticfiles import StaticFiles

from backstretch.coach.accounts import (
    AccountDisabled,
    InvitationNotValid,
    PasswordNotConfirmed,
    Reception,
    SignInRefused,
    SignInThrottled,
)
from backstretch.coach.alerts import AlertNotFound
from backstretch.coach.sharing import HealthDataRefused
from backstretch.core.accounts import AccountNotFound, InvalidAccount
from backstretch.core.clock import Clock, SystemClock
from backstretch.core.errors import BackstretchError, InvalidRoutine, RoutineNotFound
from backstretch.core.history import InvalidRecord
from backstretch.storage.accounts import Accounts
from backstretch.storage.database import default_home
from backstretch.storage.repository import People, Repository, SessionNotFound, StorageError
from backstretch.web import (
    account_routes,
    alert_routes,
    api,
    fhir_routes,
    outcome_routes,
    pages,
    prescription_routes,
    report_routes,
    sharing_pages,
    sharing_routes,
)
from backstretch.web.api import SessionLocked
from backstretch.web.home_paths import HomePaths
from backstretch.web.known_routines import KnownRoutines
from backstretch.web.security import BodyTooLarge, Guard
from backstretch.web.services import NoPerson, Services
from backstretch.web.settings import WebSettings, from_environment
from backstretch.web.sharing_routes import AdminOnly
from backstretch.web.signin import NotSignedIn, SignInGate

HERE = Path(__file__).resolve().parent
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
STATUS = (
    (NotSignedIn, 401),
    (SignInRefused, 401),
    (SignInThrottled, 429),
    (AccountDisabled, 403),
    (HealthDataRefused, 403),
    (PasswordNotConfirmed, 403),
    (AdminOnly, 403),
    (InvitationNotValid, 410),
    (AccountNotFound, 404),
    (InvalidAccount, 422),
    (SessionLocked, 403),
    (RoutineNotFound, 404),
    (SessionNotFound, 404),
    (AlertNotFound, 404),
    (InvalidRecord, 422),
    (InvalidRoutine, 422),
    (StorageError, 503),
    (BackstretchError, 400),
)


class SerializedRepository:
    """One repository call at a time, for a repository on one connection (sqlite3) that the
    worker threads would otherwise use at once."""

    def __init__(self, inner: Repository) -> None:
        self._inner = inner
        self._lock = threading.RLock()

    def __getattr__(self, name: str) -> Any:
        with self._lock:  # a property such as `person` reads the database as it is got
            attribute = getattr(self._inner, name)
        if not callable(attribute):
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                return attribute(*args, **kwargs)

        return call


def create_app(
    clock: Clock | None = None,
    repository: Repository | None = None,
    settings: WebSettings | None = None,
    accounts: Accounts | None = None,
    people: People | None = None,
    hasher: PasswordHasher | None = None,
) -> Guard:
    """The web app, wrapped in its guards. Given nothing, it serves the user's own data; with
    `settings.accounts`, the people of `people` signed in through `accounts` (the server's
    database unless given), each to their own records."""
    settings = settings or WebSettings()
    home = settings.home or default_home()
    clock = clock or SystemClock()
    closing: list[Callable[[], None]] = []
    reception = None
    if settings.accounts:
        if accounts is None or people is None:
            from backstretch.storage.database import open_accounts

            database = open_accounts(home)
            accounts, people = database.accounts, database.people
            closing.append(database.close)
        reception = Reception(accounts, people, clock.now, hasher)
        shared = cast(Repository, NoPerson())
    else:
        if repository is None:
            from backstretch.storage.database import open_repository

            repository = open_repository(home)
            closing.append(repository.close)
        shared = shared_by_threads(repository)
    services = Services(shared, KnownRoutines(home), clock, settings, HomePaths(home))

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        for close in closing:
            close()

    app = FastAPI(
        title="backstretch",
        summary="The coach for a daily back-pain stretching routine, in a browser.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # the interactive pages load scripts from a CDN: not here
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.services = services
    app.state.reception = reception
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(outcome_routes.api)
    app.include_router(fhir_routes.router)
    app.include_router(report_routes.own)
    app.include_router(pages.router)
    app.include_router(outcome_routes.pages)
    install_error_handlers(app)
    if reception is None:
        app.include_router(prescription_routes.own)
        return Guard(app, settings)
    app.include_router(account_routes.api)
    app.include_router(sharing_routes.api)
    app.include_router(report_routes.shared)
    app.include_router(fhir_routes.shared)
    app.include_router(alert_routes.api)
    app.include_router(prescription_routes.shared)
    app.include_router(sharing_pages.pages)
    app.include_router(account_routes.pages)
    return Guard(SignInGate(app, reception), settings)


def app_from_environment() -> Guard:
    """The app of one worker process, from the settings in the environment (BACKSTRETCH_HOST,
    BACKSTRETCH_PORT, BACKSTRETCH_HOME, BACKSTRETCH_ALLOWED_HOSTS; see web/settings.py) and the
    database BACKSTRETCH_DATABASE_URL names. `backstretch serve --workers N` sets them."""
    import os

    return create_app(settings=from_environment(os.environ))


def shared_by_threads(repository: Repository) -> Repository:
    """The repository as the request threads share it: as it is when it takes calls from many
    threads at once (SQLAlchemy's pool gives each call a connection of its own, so requests
    on PostgreSQL never wait for each other here), else one call at a time."""
    if getattr(repository, "takes_concurrent_calls", False):
        return repository
    return cast(Repository, SerializedRepository(repository))


def install_error_handlers(app: FastAPI) -> None:
    """One mapping from errors to answers: {"error": ...} for the API, a page for people."""
    handlers: dict[Any, Callable[[Request, Any], Any]] = {
        BackstretchError: lambda request, error: answer(
            request, status_of(error), str(error), error_headers(error)
        ),
        RequestValidationError: lambda request, error: answer(
            request, 422, validation_message(error)
        ),
        HTTPException: lambda request, error: answer(
            request, error.status_code, error.detail, allowing(request, error)
        ),
        BodyTooLarge: lambda request, error: answer(request, 413, "the request body is too big"),
    }
    for kind, handler in handlers.items():
        app.add_exception_handler(kind, handler)


def allowing(request: Request, error: HTTPException) -> Mapping[str, str] | None:
    """A 405's headers, its `Allow` naming every method some route takes at that path (the
    router names only the first route's, and GET and POST of one path are two routes)."""
    if error.status_code != 405:
        return error.headers
    routes = request.app.router.routes
    methods = [
        method
        for method in METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes
        )
    ]
    return {**(error.headers or {}), "Allow": ", ".join(methods)} if methods else error.headers


def error_headers(error: BackstretchError) -> Mapping[str, str] | None:
    """Throttled sign-ins say when to try again."""
    return {"Retry-After": str(error.seconds)} if isinstance(error, SignInThrottled) else None


def status_of(error: BackstretchError) -> int:
    return next(status for kind, status in STATUS if isinstance(error, kind))


def validation_message(error: RequestValidationError) -> str:
    """`body.level: Input should be less than or equal to 10 (got 11)` and so on, one line."""
    parts = []
    for problem in error.errors():
        where = ".".join(str(part) for part in problem.get("loc", ()))
        got = problem.get("input")
        shown = "" if isinstance(got, dict) or got is None else f" (got {got!r:.40})"
        parts.append(f"{where}: {problem.get('msg', 'invalid')}{shown}")
    return "; ".join(parts) or "the request is not valid"


def answer(
    request: Request, status: int, message: str, headers: Mapping[str, str] | None = None
) -> Response:
    """The error as JSON for the API and scripts, as a page for people, never with the
    absolute path of a home in it; the error's own headers (a 405's `Allow`) go with it."""
    message = request.app.state.services.home_paths.hide(message)
    if request.url.path.startswith("/api/") or not wants_html(request):
        found: Response = JSONResponse({"error": message}, status_code=status)
    else:
        found = pages.error_page(request, status, message)
    found.headers.update(headers or {})
    return found


def wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "") or request.method == "GET"
