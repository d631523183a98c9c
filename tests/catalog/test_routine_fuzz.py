"""Hundreds of broken routines made from the built-in one: each loads or gets one-line messages.

Every mutated file must either load or raise `InvalidRoutine` whose problems all read
`<file>[, line N][, exercise ID]: message` on a single line; any other exception is a bug. The
same mutations, kept to what JSON can say, check that the JSON Schema and the validator agree.
"""

from __future__ import annotations

import copy
import re
from typing import Any

import jsonschema
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backstretch.catalog.catalog import BUILT_IN
from backstretch.catalog.files import parse_routine_bytes
from backstretch.core.errors import InvalidRoutine
from backstretch.core.routine import Routine
from backstretch.core.schema import routine_schema
from backstretch.core.validation import build_routine

SOURCE = "fuzzed.yaml"
PROBLEM = re.compile(r"fuzzed\.yaml(, line \d+)?(, exercise \S+)?: [^\n]+")
TEXT = (BUILT_IN / "daily-back.yaml").read_bytes()
DOCUMENT = yaml.safe_load(TEXT)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Near misses a person might type, and values just outside the limits.
NEAR_MISS_KEYS = ["hold_second", "exercices", "rep", "side", "phase", "step", "Name", "timing "]
EDGE_VALUES = [0, -1, 0.5, 601, 101, 2.5, 1e9, "", "   ", "ten", "both", "Daily Back", "x" * 81]

# What YAML gives meaning to, so damage is often still YAML, only wrong.
YAML_CHARACTERS = ":-[]{},\"'#&*!|>%@`?\n\t ~0123456789.eé"
Location = tuple[str | int, ...]


def scalars(finite: bool) -> st.SearchStrategy[Any]:
    # Python's `$` also matches before a final newline, where JSON Schema's does not, so
    # text ending in one is left out when the two are compared.
    text = st.text(max_size=30)
    return st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(10**12), 10**12),
        st.floats(allow_nan=not finite, allow_infinity=not finite),
        text.filter(lambda value: not value.endswith("\n")) if finite else text,
        st.sampled_from(EDGE_VALUES),
    )


def values(finite: bool = False) -> st.SearchStrategy[Any]:
    return st.recursive(
        scalars(finite),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
        ),
        max_leaves=6,
    )


def locations(value: Any, here: Location = ()) -> list[Location]:
    """Where every value in a document sits: the keys and indexes that lead to it."""
    found = [here]
    if isinstance(value, dict):
        for key, item in value.items():
            found += locations(item, (*here, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += locations(item, (*here, index))
    return found


def container_at(document: Any, location: Location) -> Any:
    for step in location:
        document = document[step]
    return document


@st.composite
def broken_documents(draw: st.DrawFn, finite: bool = False) -> Any:
    """The built-in document with one to three random mutations."""
    document: Any = copy.deepcopy(DOCUMENT)
    for _ in range(draw(st.integers(1, 3))):
        location = draw(st.sampled_from(locations(document)))
        kind = draw(st.sampled_from(["drop", "replace", "add"]))
        if not location:
            document = draw(values(finite)) if kind == "replace" else document
            continue
        parent, last = container_at(document, location[:-1]), location[-1]
        if kind == "drop":
            del parent[last]
        elif kind == "replace":
            parent[last] = draw(values(finite))
        elif isinstance(parent, dict):
            key = draw(st.sampled_from(NEAR_MISS_KEYS) | st.text(min_size=1, max_size=12))
            parent[key] = draw(values(finite))
    return document


@st.composite
def broken_texts(draw: st.DrawFn) -> bytes:
    """The built-in file cut short, or with random bytes put in or written over."""
    at = draw(st.integers(0, len(TEXT)))
    kind = draw(st.sampled_from(["truncate", "insert", "overwrite"]))
    if kind == "truncate":
        return TEXT[:at]
    yaml_like = st.text(YAML_CHARACTERS, min_size=1, max_size=16).map(str.encode)
    junk = draw(st.binary(min_size=1, max_size=16) | yaml_like)
    return TEXT[:at] + junk + TEXT[at + (len(junk) if kind == "overwrite" else 0) :]


def load_or_problems(raw: bytes) -> Routine | list[str]:
    """Load the file; if it is refused, check that each problem is one well-formed line."""
    try:
        return parse_routine_bytes(raw, SOURCE)
    except InvalidRoutine as error:
        found = [str(problem) for problem in error.problems]
        assert found, "a refused file must say why"
        for problem in found:
            assert PROBLEM.fullmatch(problem), problem
            assert "object at 0x" not in problem, problem
        lines = [problem.line or 0 for problem in error.problems]
        assert lines == sorted(lines), found
        assert str(error).splitlines() == found
        return found


@FUZZ
@given(broken_documents())
def test_a_mutated_routine_loads_or_gets_one_line_per_problem(document: Any) -> None:
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=1000)
    load_or_problems(text.encode("utf-8"))


@FUZZ
@given(broken_texts())
def test_a_damaged_routine_file_loads_or_gets_one_line_per_problem(raw: bytes) -> None:
    load_or_problems(raw)


SCHEMA = routine_schema()
# Checks the validator makes that JSON Schema cannot express.
VALIDATOR_ONLY = ("is already used by exercise", "phase names must differ")


@FUZZ
@given(broken_documents(finite=True))
def test_the_json_schema_and_the_validator_agree(document: Any) -> None:
    checker = jsonschema.Draft202012Validator(SCHEMA)
    schema_errors = [error.message for error in checker.iter_errors(document)]
    try:
        build_routine(document, SOURCE)
    except InvalidRoutine as error:
        if not schema_errors:
            messages = [problem.message for problem in error.problems]
            assert all(any(o in m for o in VALIDATOR_ONLY) for m in messages), messages
        return
    assert schema_errors == [], f"the validator accepts what the schema refuses: {schema_errors}"


def test_the_unmutated_document_is_valid_for_both() -> None:
    assert isinstance(build_routine(DOCUMENT, SOURCE), Routine)
    jsonschema.validate(DOCUMENT, SCHEMA, cls=jsonschema.Draft202012Validator)
