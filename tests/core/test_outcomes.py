"""The outcome questionnaires score as Keele and Krebs et al. publish them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from backstretch.core.outcomes import (
    PEG,
    STARTBACK,
    InvalidAnswers,
    QuestionnaireResponse,
    RiskGroup,
    Score,
    due,
    meaning,
    respond,
    score,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
AGREE, DISAGREE = 1, 0
VERY_MUCH, EXTREMELY, MODERATELY = 3, 4, 2


def startback(agreed: set[int], bothersome: int) -> list[int]:
    """Answers with the listed items (1-8) agreed and item 9 at the given level (0-4)."""
    return [AGREE if n in agreed else DISAGREE for n in range(1, 9)] + [bothersome]


def test_agreeing_with_everything_and_extremely_bothered_scores_nine_high_risk() -> None:
    assert score(STARTBACK, startback(set(range(1, 9)), EXTREMELY)) == Score(9, 5, RiskGroup.HIGH)


def test_disagreeing_with_everything_and_not_bothered_scores_zero_low_risk() -> None:
    assert score(STARTBACK, startback(set(), 0)) == Score(0, 0, RiskGroup.LOW)


@pytest.mark.parametrize(
    ("bothersome", "points"), [(0, 0), (1, 0), (MODERATELY, 0), (VERY_MUCH, 1), (EXTREMELY, 1)]
)
def test_only_very_much_and_extremely_bothersome_score_a_point(
    bothersome: int, points: int
) -> None:
    assert score(STARTBACK, startback(set(), bothersome)).total == points


def test_a_total_of_three_is_low_risk_whatever_the_subscale() -> None:
    result = score(STARTBACK, startback({5, 6}, VERY_MUCH))
    assert (result.total, result.subscale, result.risk) == (3, 3, RiskGroup.LOW)


def test_a_total_of_four_with_a_subscale_of_three_is_medium_risk() -> None:
    result = score(STARTBACK, startback({1, 5, 6}, VERY_MUCH))
    assert (result.total, result.subscale, result.risk) == (4, 3, RiskGroup.MEDIUM)


def test_a_total_of_four_with_a_subscale_of_four_is_high_risk() -> None:
    result = score(STARTBACK, startback({5, 6, 7}, VERY_MUCH))
    assert (result.total, result.subscale, result.risk) == (4, 4, RiskGroup.HIGH)


def test_physical_items_alone_give_medium_risk_at_most() -> None:
    result = score(STARTBACK, startback({1, 2, 3, 4}, MODERATELY))
    assert (result.total, result.subscale, result.risk) == (4, 0, RiskGroup.MEDIUM)


def test_the_peg_score_is_the_mean_of_its_three_answers_to_one_decimal() -> None:
    assert score(PEG, [5, 6, 5]).total == 5.3
    assert score(PEG, [1, 2, 2]).total == 1.7
    assert score(PEG, [10, 10, 10]) == Score(10.0)
    assert score(PEG, [0, 0, 0]) == Score(0.0)


def test_answers_for_every_item_are_needed() -> None:
    with pytest.raises(
        InvalidAnswers, match=r"startback: 9 answers are needed, one per item \(got 8\)"
    ):
        score(STARTBACK, [0] * 8)


def test_an_answer_the_item_does_not_offer_is_named_with_what_is_allowed() -> None:
    with pytest.raises(
        InvalidAnswers,
        match=r"startback, item 9: the answer must be 0 \(Not at all\), 1 \(Slightly\), .*"
        r"4 \(Extremely\) \(got 5\)",
    ):
        score(STARTBACK, startback(set(), 5))


def test_a_peg_answer_above_ten_is_refused() -> None:
    with pytest.raises(
        InvalidAnswers,
        match=r"peg, item 2: the answer must be a whole number from 0 to 10 \(got '11'\)",
    ):
        score(PEG, [3, "11", 2])


def test_answers_typed_as_digits_are_accepted() -> None:
    assert score(PEG, ["3", "4", "5"]).total == 4.0


def test_an_unknown_questionnaire_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(InvalidAnswers, match=r"must be one of startback, peg \(got 'oswestry'\)"):
        respond("oswestry", [], "r1", NOW)


def test_a_response_keeps_its_answers_score_and_group() -> None:
    response = respond("startback", startback(set(range(1, 9)), EXTREMELY), "r1", NOW)
    assert response == QuestionnaireResponse(
        "r1", "startback", NOW, (1, 1, 1, 1, 1, 1, 1, 1, 4), 9, 5, RiskGroup.HIGH
    )


def test_a_high_risk_result_suggests_talking_to_a_clinician() -> None:
    response = respond("startback", startback(set(range(1, 9)), EXTREMELY), "r1", NOW)
    assert "talk to a clinician" in meaning(response)


def test_a_peg_result_says_lower_is_better() -> None:
    assert "5.3 out of 10" in meaning(respond("peg", [5, 6, 5], "r1", NOW))


def day_of(moment: datetime) -> date:
    return moment.date()


def test_both_questionnaires_are_due_at_the_start() -> None:
    assert [q.id for q in due([], NOW.date(), day_of)] == ["startback", "peg"]


def test_a_questionnaire_is_due_again_fourteen_days_after_its_last_response() -> None:
    answered = respond("peg", [1, 1, 1], "r1", NOW)
    assert [q.id for q in due([answered], NOW.date() + timedelta(days=13), day_of)] == ["startback"]
    assert [q.id for q in due([answered], NOW.date() + timedelta(days=14), day_of)] == [
        "startback",
        "peg",
    ]


def test_the_last_response_counts_not_the_first() -> None:
    first = respond("peg", [1, 1, 1], "r1", NOW - timedelta(days=30))
    last = respond("peg", [1, 1, 1], "r2", NOW - timedelta(days=3))
    assert "peg" not in [q.id for q in due([last, first], NOW.date(), day_of)]
