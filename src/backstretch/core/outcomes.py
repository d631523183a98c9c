"""Outcome questionnaires (docs/outcomes.md): the Keele STarT Back Screening Tool and the PEG
three-item pain scale, as data, with their scoring, their validation and when each is due.

The STarT Back item texts are Keele University's (free for non-commercial use); the scoring and
risk groups are Keele's: total 0-3 low; total 4 or more with a psychosocial subscale (items 5-9)
of 3 or less medium; subscale 4 or more high. PEG is Krebs et al. 2009 (J Gen Intern Med 24:733):
the mean of three 0-10 ratings. What a group means is said in plain words, never as a diagnosis.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from backstretch.core.history import InvalidRecord, shown_value, whole_number

DUE_EVERY_DAYS = 14  # at the start, then every two weeks (STarT Back asks about "the last 2 weeks")


class InvalidAnswers(InvalidRecord):
    """Answers that do not fit a questionnaire: a missing item, or a value it does not offer."""


class RiskGroup(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True)
class Choice:
    """One answer an item offers: its value (what is stored), its words and its points."""

    value: int
    label: str
    points: int


@dataclass(frozen=True)
class Item:
    number: int
    text: str
    choices: tuple[Choice, ...]

    def choice(self, value: int) -> Choice | None:
        return next((choice for choice in self.choices if choice.value == value), None)


@dataclass(frozen=True)
class Questionnaire:
    id: str
    name: str
    introduction: str
    items: tuple[Item, ...]
    scale: str  # what the score means, in a few words
    credit: str


@dataclass(frozen=True)
class Score:
    """A questionnaire's score; `subscale` and `risk` only for STarT Back."""

    total: float
    subscale: int | None = None
    risk: RiskGroup | None = None


@dataclass(frozen=True)
class QuestionnaireResponse:
    """One completed questionnaire, with its score as computed when it was answered."""

    id: str
    questionnaire: str
    answered_at: datetime
    answers: tuple[int, ...]
    score: float
    subscale: int | None = None
    risk: RiskGroup | None = None


def _agreement() -> tuple[Choice, ...]:
    return (Choice(0, "Disagree", 0), Choice(1, "Agree", 1))


def _zero_to_ten(low: str, high: str) -> tuple[Choice, ...]:
    labels = {0: f"0 - {low}", 10: f"10 - {high}"}
    return tuple(Choice(n, labels.get(n, str(n)), n) for n in range(11))


STARTBACK = Questionnaire(
    id="startback",
    name="Keele STarT Back Screening Tool",
    introduction="Thinking about the last 2 weeks, tick your response to the following questions.",
    items=(
        Item(1, "My back pain has spread down my leg(s) at some time in the last 2 weeks.",
             _agreement()),
        Item(2, "I have had pain in the shoulder or neck at some time in the last 2 weeks.",
             _agreement()),
        Item(3, "I have only walked short distances because of my back pain.", _agreement()),
        Item(4, "In the last 2 weeks, I have dressed more slowly than usual because of back pain.",
             _agreement()),
        Item(5, "It's not really safe for a person with a condition like mine to be physically "
             "active.", _agreement()),
        Item(6, "Worrying thoughts have been going through my mind a lot of the time.",
             _agreement()),
        Item(7, "I feel that my back pain is terrible and it's never going to get any better.",
             _agreement()),
        Item(8, "In general I have not enjoyed all the things I used to enjoy.", _agreement()),
        Item(9, "Overall, how bothersome has your back pain been in the last 2 weeks?", (
            Choice(0, "Not at all", 0), Choice(1, "Slightly", 0), Choice(2, "Moderately", 0),
            Choice(3, "Very much", 1), Choice(4, "Extremely", 1),
        )),
    ),
    scale="0 to 9; the psychosocial subscale (items 5-9) 0 to 5",
    credit="STarT Back Screening Tool, Keele University (free for non-commercial use)",
)  # fmt: skip
PEG = Questionnaire(
    id="peg",
    name="PEG pain scale",
    introduction="Answer each question with a number from 0 to 10.",
    items=(
        Item(1, "What number best describes your pain on average in the past week?",
             _zero_to_ten("no pain", "pain as bad as you can imagine")),
        Item(2, "What number best describes how, during the past week, pain has interfered "
             "with your enjoyment of life?",
             _zero_to_ten("does not interfere", "completely interferes")),
        Item(3, "What number best describes how, during the past week, pain has interfered "
             "with your general activity?",
             _zero_to_ten("does not interfere", "completely interferes")),
    ),
    scale="0 to 10, the mean of the three answers; lower is better",
    credit="PEG scale, Krebs et al. 2009, J Gen Intern Med 24(6):733-738",
)  # fmt: skip
QUESTIONNAIRES = {questionnaire.id: questionnaire for questionnaire in (STARTBACK, PEG)}
PSYCHOSOCIAL_ITEMS = range(5, 10)  # STarT Back items 5-9
MEANINGS = {
    RiskGroup.LOW: (
        "Low risk: back pain like yours usually settles with self-care. Keep active and keep "
        "doing your routine."
    ),
    RiskGroup.MEDIUM: (
        "Medium risk: physical symptoms are holding back your recovery. Keep doing your "
        "routine; if your back is not getting better, a physiotherapist can help."
    ),
    RiskGroup.HIGH: (
        "High risk: worries and low mood may be slowing your recovery as much as the pain "
        "itself. Please talk to a clinician (a GP or physiotherapist) about support that "
        "looks at both."
    ),
}


def questionnaire(questionnaire_id: object) -> Questionnaire:
    """The questionnaire with this id, or InvalidAnswers naming the ones there are."""
    found = QUESTIONNAIRES.get(questionnaire_id) if isinstance(questionnaire_id, str) else None
    if found is None:
        raise InvalidAnswers(
            f"questionnaire must be one of {', '.join(QUESTIONNAIRES)} "
            f"(got {_shown(questionnaire_id)})"
        )
    return found


def check_answers(chosen: Questionnaire, answers: Sequence[object]) -> tuple[int, ...]:
    """The answers as whole numbers, one per item in order; InvalidAnswers names the first
    that does not fit (the item, the bad value and the values it offers)."""
    if len(answers) != len(chosen.items):
        raise InvalidAnswers(
            f"{chosen.id}: {len(chosen.items)} answers are needed, one per item "
            f"(got {len(answers)})"
        )
    return tuple(
        check_item_answer(chosen, item, value)
        for item, value in zip(chosen.items, answers, strict=True)
    )


def check_item_answer(chosen: Questionnaire, item: Item, value: object) -> int:
    """One item's answer as a whole number; InvalidAnswers naming the item and what it offers."""
    number = whole_number(value)
    if number is None or item.choice(number) is None:
        offered = ", ".join(f"{c.value} ({c.label})" for c in item.choices)
        if len(item.choices) > 5:
            offered = f"a whole number from {item.choices[0].value} to {item.choices[-1].value}"
        raise InvalidAnswers(
            f"{chosen.id}, item {item.number}: the answer must be {offered} (got {_shown(value)})"
        )
    return number


def _shown(value: object) -> str:
    """A bad value as typed: text quoted, a number as it is."""
    return repr(shown_value(value)) if isinstance(value, str) else shown_value(value)


def startback_risk(total: int, subscale: int) -> RiskGroup:
    """Keele's groups: total 0-3 low; otherwise subscale 0-3 medium, 4-5 high."""
    if total <= 3:
        return RiskGroup.LOW
    return RiskGroup.HIGH if subscale >= 4 else RiskGroup.MEDIUM


def score(chosen: Questionnaire, answers: Sequence[object]) -> Score:
    """The score of checked answers: STarT Back's total, subscale and risk group, or PEG's mean
    of three to one decimal."""
    values = check_answers(chosen, answers)
    points = {
        item.number: choice.points
        for item, value in zip(chosen.items, values, strict=True)
        if (choice := item.choice(value)) is not None
    }
    if chosen.id == PEG.id:
        return Score(round(sum(points.values()) / len(points), 1))
    total = sum(points.values())
    subscale = sum(points[number] for number in PSYCHOSOCIAL_ITEMS)
    return Score(total, subscale, startback_risk(total, subscale))


def respond(
    questionnaire_id: object, answers: Sequence[object], response_id: str, now: datetime
) -> QuestionnaireResponse:
    """A scored response, ready to store; InvalidAnswers if the answers do not fit."""
    chosen = questionnaire(questionnaire_id)
    values = check_answers(chosen, answers)
    result = score(chosen, values)
    return QuestionnaireResponse(
        response_id, chosen.id, now, values, result.total, result.subscale, result.risk
    )


def meaning(response: QuestionnaireResponse) -> str:
    """What the result means, in plain words (no diagnosis)."""
    if response.risk is not None:
        return MEANINGS[response.risk]
    return (
        f"{score_text(response)} out of 10: the higher, the more pain gets in the way of "
        "your life. Compare it with your earlier scores: lower is better."
    )


def score_text(response: QuestionnaireResponse) -> str:
    """The score as people read it: 7 for STarT Back, 5.3 for PEG."""
    return f"{response.score:g}" if response.risk is not None else f"{response.score:.1f}"


def due(
    responses: Sequence[QuestionnaireResponse],
    today: date,
    day_of: Callable[[datetime], date],
) -> list[Questionnaire]:
    """The questionnaires due today: never answered, or last answered 14 days ago or more
    (by the person's calendar days, `day_of`)."""
    last: dict[str, date] = {}
    for response in responses:
        day = day_of(response.answered_at)
        last[response.questionnaire] = max(day, last.get(response.questionnaire, day))
    return [
        chosen
        for chosen in QUESTIONNAIRES.values()
        if chosen.id not in last or today >= last[chosen.id] + timedelta(days=DUE_EVERY_DAYS)
    ]
