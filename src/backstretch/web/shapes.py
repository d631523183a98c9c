"""What the API takes and answers: the request bodies, and the one shape of every error.

Whole numbers may be written 2.0 (JSON has one kind of number); every other check is
pydantic's, and the app turns its findings into one line naming the field (app.py).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from backstretch.core.history import PainContext
from backstretch.core.pain_rules import PainKind
from backstretch.web.settings import MAX_BODY_BYTES


class ErrorAnswer(BaseModel):
    """Every error answer: one line for people (where, what is wrong, the bad value)."""

    error: str = Field(description="what is wrong, and what is allowed")


ERROR_ANSWERS = {
    400: "A header or value backstretch cannot use (a Content-Length that is not a number)",
    401: "Not signed in (accounts on), or a wrong username or password (one message for both)",
    403: "A cross-site request that would change something, or a session the red-flag "
    "screening does not allow yet",
    404: "No routine or session has that id",
    410: "An invitation link that has expired, was used or was replaced by a newer one",
    413: f"A request body over {MAX_BODY_BYTES // 1024} KB, announced or streamed",
    421: "The Host header names another server than this one",
    422: "A value that is not allowed: the field, what is wrong and the value given",
    429: "Too many failed sign-ins for that username or from that address; see Retry-After",
    503: "The history database cannot be read or written just now",
}


def error_answers(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI declaration of these error answers, all in the shape `{"error": ...}`."""
    return {
        status: {"model": ErrorAnswer, "description": ERROR_ANSWERS[status]} for status in statuses
    }


def whole_number(value: Any) -> int:
    """JSON has one kind of number, and some clients write every one with a point: 2.0 is the
    whole number 2. 2.5, "2" and true are not."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticCustomError("whole_number", "must be a whole number")
    return value


def seconds_or_none(value: Any) -> float | None:
    """A number of seconds, or null; its bounds depend on the hold and are the use case's to
    check (coach/recorder.py, `checked_in_position`), in backstretch's words."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("seconds", "must be a number of seconds, or null")
    return float(value)


Whole = BeforeValidator(whole_number)  # last, so that it runs before the bounds are checked
PainLevel = Annotated[int, Field(ge=0, le=10, description="0 none, 10 worst"), Whole]
HoldNumber = Annotated[int, Field(ge=1, le=100_000), Whole]
Identifier = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.-]+$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


class SessionStart(Strict):
    id: str | None = Field(
        None,
        pattern=UUID_PATTERN,
        description="chosen by the page (a UUID), so a begin sent again or later is stored once",
    )
    routine: Identifier = "daily-back"
    pain_before: PainLevel | None = None
    speed: float = Field(1.0, ge=0.01, le=1000, description="1 is real time")


class HoldDone(Strict):
    hold_number: HoldNumber
    completed: bool = Field(strict=True)
    held_seconds: float | None = Field(None, ge=0, le=100_000, description="at speed 1")
    in_position_seconds: Annotated[float | None, BeforeValidator(seconds_or_none)] = Field(
        None,
        description="of that hold, at speed 1, held in position as the camera check counted "
        "them: from 0 to the hold's own length and 1 s more; absent or null with the camera off",
    )


class SessionEnd(Strict):
    status: Literal["completed", "partial"]
    pain_after: PainLevel | None = None


class PainIn(Strict):
    level: PainLevel
    context: PainContext = PainContext.USUAL
    note: str = Field("", max_length=500)


class PainDuring(Strict):
    id: str | None = Field(
        None,
        pattern=UUID_PATTERN,
        description="chosen by the page (a UUID), so a report sent again or later is stored once",
    )
    exercise: Identifier = Field(description="the id of the stretch under way")
    level: PainLevel
    kind: PainKind = PainKind.NEITHER
    hold_number: HoldNumber | None = Field(None, description="the hold under way")
    held_seconds: float | None = Field(None, ge=0, le=100_000, description="of that hold, at 1")
