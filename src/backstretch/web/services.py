"""What the routes share: the repository, the routines, the clock and the settings."""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from datetime import date

from starlette.requests import Request

from backstretch.catalog.catalog import RoutineEntry
from backstretch.coach import prescriptions
from backstretch.coach.accounts import Reception
from backstretch.coach.prescriptions import Prescribed
from backstretch.coach.recorder import InterruptedSession, SessionRecorder
from backstretch.coach.sharing import Consent, refuse_admin
from backstretch.coach.today import (
    Today,
    prepare_today,
    session_routine,
    status_of,
    stopped_today,
)
from backstretch.core.clock import Clock
from backstretch.core.history import SessionRecord
from backstretch.core.routine import Routine
from backstretch.export.figures import Figure, exercise_figures
from backstretch.storage.repository import Repository, StorageError
from backstretch.web.home_paths import HomePaths
from backstretch.web.known_routines import KnownRoutines
from backstretch.web.settings import WebSettings
from backstretch.web.signin import account_of, signed_in_account


@dataclass(frozen=True)
class Services:
    repository: Repository
    routines: KnownRoutines
    clock: Clock
    settings: WebSettings
    home_paths: HomePaths

    def entries(self) -> list[RoutineEntry]:
        """Every routine, built-in and the person's own, each file named relative to the home
        (a file with a problem says which)."""
        hide = self.home_paths.hide
        return [
            replace(entry, source=hide(entry.source), problem=entry.problem and hide(entry.problem))
            for entry in prescriptions.with_prescribed(self.repository, self.routines.entries())
        ]

    def prescribed(self) -> list[Prescribed]:
        """The routines prescribed for this person (their latest versions)."""
        return prescriptions.current(self.repository)

    def routine(self, routine_id: str) -> Routine:
        """A routine by id only (never a path: a URL must not open files): the one prescribed
        for this person under that id, else the built-in or the home's own."""
        return prescriptions.routine_for(self.repository, routine_id, self.routines.find)

    def today_of(self, routine_id: str, decide: bool = False) -> Today:
        """Today's routine for this home, as `backstretch start` builds it (coach/today.py):
        doses, knee adaptation, the lock, the stretches stopped for today. With `decide`,
        today's progression step is decided and stored first (beginning a session does)."""
        seed = self.routine(routine_id)
        zone = self.repository.person.zone
        return prepare_today(self.repository, seed, self.clock.now(), zone, decide=decide)

    def todays_routine(self, routine_id: str) -> Routine:
        """The routine a session of `routine_id` runs today (reading only)."""
        return self.today_of(routine_id).routine

    def adapt(self, seed: Routine) -> Routine:
        """`seed` with today's doses and the knee adaptation (see `todays_routine`)."""
        zone = self.repository.person.zone
        return prepare_today(self.repository, seed, self.clock.now(), zone).routine

    def session_routine(self, session: SessionRecord) -> Routine:
        """The routine a stored session runs: its own recorded doses with the same adaptations,
        so hold numbers match what the browser was given (coach/today.py)."""
        return session_routine(self.repository, self.routine(session.routine_id), session)

    def lock(self) -> str | None:
        """Why no session may start (the red-flag screening calls for care), or None: the
        same lock as `backstretch start` (docs/safety.md; `backstretch check` sets it)."""
        return status_of(self.repository).refusal() if status_of(self.repository).locked else None

    def stopped_today(self, routine: Routine) -> dict[str, str]:
        """The stretches of `routine` stopped for pain today (id -> the reason), which the
        browser passes over as `backstretch start` does (coach/today.py)."""
        return stopped_today(self.repository, routine, self.today())

    def unfinished_session(self) -> InterruptedSession | None:
        """Today's latest session that did not finish and has holds left, as
        `backstretch start --resume` finds it."""
        return SessionRecorder(self.repository).interrupted_session_today(self.today())

    def today(self) -> date:
        """Today for the person, in their time zone."""
        return self.repository.person.day_of(self.clock.now())


class NoPerson:
    """The app's repository when accounts are on: records are reached only through the
    signed-in person's repository (services_of), so anything else fails closed."""

    def __getattr__(self, name: str) -> object:
        raise StorageError("no one is signed in: records are read only as a signed-in person")


def services_of(request: Request) -> Services:
    """The services of this request: with accounts on, bound to the signed-in person's own
    records (another person's ids are then unknown ids, answered 404); else the local one's."""
    found: Services = request.app.state.services
    reception: Reception | None = request.app.state.reception
    account = signed_in_account(request)
    if reception is None or account is None:
        return found
    refuse_admin(account)
    bound: Services | None = getattr(request.state, "services", None)
    if bound is None:
        bound = replace(found, repository=reception.records_of(account))
        request.state.services = bound
    return bound


def consent_of(request: Request) -> Consent:
    """Sharing and shared reads, for a route that only runs with accounts on."""
    reception: Reception = request.app.state.reception
    return Consent(reception)


def shared_services(request: Request, username: str, what: str) -> Services:
    """The services of `username`'s records for the signed-in clinician to read `what`: the
    read is logged for the person first (coach/sharing.py), and refused as for an unknown name
    when they do not share. The same builders then answer as for the person's own routes."""
    found: Services = request.app.state.services
    records = consent_of(request).records_for(account_of(request), username, what)
    return replace(found, repository=records)


@functools.lru_cache(maxsize=32)
def routine_figures(routine: Routine) -> tuple[Figure, ...]:
    """Drawn once per routine (routines are frozen, so an edited file is a new key)."""
    return tuple(figure for exercise in routine.exercises for figure in exercise_figures(exercise))


def figure_urls(routine: Routine) -> dict[tuple[str, str | None], str]:
    """(exercise id, phase name or None) -> the URL of its picture, for every drawn position."""
    urls: dict[tuple[str, str | None], str] = {}
    for figure in routine_figures(routine):
        url = f"/figures/{routine.id}/{figure.file_name}"
        urls[(figure.exercise, figure.position)] = url
        urls.setdefault((figure.exercise, None), url)
    return urls


def find_figure(routine: Routine, file_name: str) -> Figure | None:
    return next((f for f in routine_figures(routine) if f.file_name == file_name), None)
