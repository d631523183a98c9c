"""`backstretch outcomes`: answer the STarT Back or PEG questionnaire at the terminal, or list
the scores over time (docs/outcomes.md).

Interactive: one item at a time, its answers numbered; `b` goes back to the item before; Ctrl-C
stops and stores nothing (the response is stored only once every item is answered). Scripted
(standard input not a terminal): one answer a line, the item's number for the choice, in item
order; a missing or bad answer stores nothing.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence

import click

from backstretch.cli.app import App, opened
from backstretch.cli.terminal import is_terminal
from backstretch.coach.outcomes import due_now, record_response, responses_of
from backstretch.core.errors import BackstretchError
from backstretch.core.outcomes import (
    DUE_EVERY_DAYS,
    QUESTIONNAIRES,
    InvalidAnswers,
    Item,
    Questionnaire,
    QuestionnaireResponse,
    check_item_answer,
    meaning,
    score_text,
)
from backstretch.core.record_data import questionnaire_response_data

BACK = "b"
Read = Callable[[str], str]


def stdin_is_terminal() -> bool:
    return is_terminal(sys.stdin)


def item_prompt(chosen: Questionnaire, item: Item) -> str:
    """An item as the terminal asks it: its number of how many, its words, its answers."""
    if len(item.choices) > 5:
        first, last = item.choices[0], item.choices[-1]
        offered = f"   {first.label}  ...  {last.label}"
    else:
        offered = "\n".join(f"   {c.value}  {c.label}" for c in item.choices)
    return f"\n{chosen.name}, {item.number} of {len(chosen.items)}\n{item.text}\n{offered}"


def ask_items(chosen: Questionnaire, read: Read, say: Callable[[str], None]) -> list[int]:
    """Ask every item in turn until each has an answer it offers; `b` goes back one item."""
    answers: list[int] = []
    while len(answers) < len(chosen.items):
        item = chosen.items[len(answers)]
        say(item_prompt(chosen, item))
        hint = "your answer" + (", or b to go back" if answers else "")
        typed = read(hint).strip()
        if typed.lower() == BACK:
            answers = answers[:-1]
            continue
        try:
            answers.append(check_item_answer(chosen, item, typed))
        except InvalidAnswers as error:
            say(f"{error}.")
    return answers


def scripted_answers(chosen: Questionnaire, lines: Iterator[str]) -> list[str]:
    """One answer a line, for every item; BackstretchError (nothing stored) if one is missing."""
    count = len(chosen.items)
    answers = []
    for item in chosen.items:
        line = next(lines, None)
        if line is None:
            raise BackstretchError(
                f"{chosen.id}, item {item.number}: the answer is missing; give {count} answers, "
                "one per line; nothing was stored"
            )
        answers.append(line.strip())
    return answers


def result_lines(response: QuestionnaireResponse) -> list[str]:
    """The score, the group and what it means, in plain words."""
    lines = [f"Score: {score_text(response)}"]
    if response.risk is not None:
        lines[0] += f" of 9 (psychosocial subscale {response.subscale} of 5)"
        lines.append(f"Group: {response.risk.value} risk")
    else:
        lines[0] += " of 10"
    lines.append(meaning(response))
    lines.append(f"Saved. The questionnaire is due again in {DUE_EVERY_DAYS} days.")
    return lines


def history_lines(
    responses: Sequence[QuestionnaireResponse], day_of: Callable[..., object]
) -> list[str]:
    if not responses:
        return ["No questionnaire answered yet: run `backstretch outcomes`."]
    lines = []
    for response in reversed(responses):
        name = QUESTIONNAIRES[response.questionnaire].name
        group = f"  {response.risk.value} risk" if response.risk else ""
        lines.append(f"{day_of(response.answered_at)}  {name}: {score_text(response)}{group}")
    return lines


def answer(app: App, chosen: Questionnaire) -> None:
    interactive = stdin_is_terminal()
    if interactive:
        click.echo(chosen.introduction)
        typed: Sequence[object] = ask_items(
            chosen, lambda hint: click.prompt(hint, prompt_suffix=": "), click.echo
        )
    else:
        typed = scripted_answers(chosen, iter(sys.stdin))
    with opened(app) as repository:
        response = record_response(repository, chosen.id, typed, app.wall_clock())
    click.echo("")
    for line in result_lines(response):
        click.echo(line)


@click.command()
@click.argument("questionnaire", required=False, type=click.Choice(list(QUESTIONNAIRES)))
@click.option("--history", "show_history", is_flag=True, help="List your scores over time.")
@click.option(
    "--json", "as_json", is_flag=True, help="With --history: print the responses as JSON."
)
@click.pass_obj
def outcomes(app: App, questionnaire: str | None, show_history: bool, as_json: bool) -> None:
    """Answer a questionnaire about your back: STarT Back or PEG.

    Without QUESTIONNAIRE, asks the ones that are due: both at the start, then
    each every 14 days. One item at a time: type the number of your answer,
    b to go back; Ctrl-C stops and saves nothing. Then it shows your score
    and what it means (not a diagnosis).

    \b
    Examples:
      backstretch outcomes
      backstretch outcomes peg
      backstretch outcomes --history
      backstretch outcomes --history --json
    """
    if show_history or as_json:
        with opened(app) as repository:
            responses = responses_of(repository, questionnaire)
            day_of = repository.person.day_of
        if as_json:
            data = [questionnaire_response_data(r) for r in reversed(responses)]
            click.echo(json.dumps(data, indent=1))
        else:
            click.echo("\n".join(history_lines(responses, day_of)))
        return
    if questionnaire is not None:
        answer(app, QUESTIONNAIRES[questionnaire])
        return
    with opened(app) as repository:
        chosen = due_now(repository, app.wall_clock())
    if not chosen:
        click.echo(
            "No questionnaire is due: each is due every "
            f"{DUE_EVERY_DAYS} days. Answer one anyway with `backstretch outcomes startback` "
            "or `backstretch outcomes peg`."
        )
    for due_one in chosen:
        answer(app, due_one)
