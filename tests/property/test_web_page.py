"""The page never answers 5xx: every value igflab accepts, in every unit, with any laboratory range, renders.

IGF-1's accepted values are 0.0088-160,000 ng/mL (:data:`igflab.analytes.IGF1`); the sweep
covers them in each unit the page offers or keeps, and the property test adds any age, sex,
range and context a link or a form can carry. Each answer is the result (200) or the form
again with its messages (422).
"""

from __future__ import annotations

import functools
import math
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("fastapi")

from igflab.analytes import IGF1
from igflab.errors import IgflabError
from igflab.inputs.units import known_units
from igflab.inputs.values import parse_value
from tests.support import assert_page_or_form, shared_web_client

LOW, HIGH = IGF1.min_ng_per_ml, IGF1.max_ng_per_ml
UNITS = [*known_units(), "ug/L", "mcg/L", "NG/ML"]


def _client() -> Any:
    return shared_web_client()


@functools.cache
def _per_ng(unit: str) -> float:
    """How many of ``unit`` one ng/mL of IGF-1 is."""
    for x in (1.0, 1e-3, 1e3, 1e-6, 1e6):
        try:
            return x / parse_value(f"{x:g}", unit).ng_per_ml
        except IgflabError:
            continue
    raise AssertionError(unit)


def _text(x: float) -> str:
    """A number as a person types it: six significant digits, no exponent."""
    return format(Decimal(f"{x:.6g}"), "f")


def _check(answer: Any) -> None:
    assert_page_or_form(answer)
    if answer.status_code == 200:
        assert "<svg" in answer.text


@pytest.mark.parametrize("unit", ["ng/mL", "µg/L", "nmol/L", "ng/dL", "mcg/L"])
def test_every_accepted_value_renders_in_each_unit(unit: str) -> None:
    k = _per_ng(unit)
    for i in range(13):
        ng = math.exp(math.log(LOW * 1.01) + i / 12 * math.log(HIGH * 0.99 / (LOW * 1.01)))
        for age, sex in (("2", "female"), ("16", "male"), ("45", "unknown"), ("88", "f")):
            form = {"value": _text(ng * k), "unit": unit, "age": age, "sex": sex}
            lab = {"lab_low": _text(ng * k / 2), "lab_high": _text(max(ng, 30_000) * k)} if i % 2 else {}
            answer = _client().get("/", params=form | lab)
            assert answer.status_code == 200, (form, lab, answer.text[-400:])
            assert "<svg" in answer.text


positive = st.floats(min_value=1e-4, max_value=2 * HIGH).map(_text)


@settings(max_examples=200)
@given(
    ng=st.floats(min_value=LOW, max_value=HIGH),
    unit=st.sampled_from(UNITS),
    age=st.one_of(
        st.floats(min_value=0, max_value=120).map(lambda x: f"{x:.4g}"), st.sampled_from(["8m", "30w", "", "x"])
    ),
    sex=st.sampled_from(["female", "male", "unknown", "m", "F", "other", "", "robot"]),
    lab=st.one_of(st.just(("", "")), st.tuples(positive, positive), st.tuples(positive, st.just(""))),
    context=st.lists(st.sampled_from(["pregnancy", "pregnant", "pill", "ckd", "obesity", "bogus", ""]), max_size=3),
    full=st.booleans(),
    post=st.booleans(),
)
def test_any_accepted_value_unit_and_lab_range_answers_200_or_the_form(
    ng: float, unit: str, age: str, sex: str, lab: tuple[str, str], context: list[str], full: bool, post: bool
) -> None:
    pairs = [("value", _text(ng * _per_ng(unit))), ("unit", unit), ("age", age), ("sex", sex)]
    pairs += [("lab_low", lab[0]), ("lab_high", lab[1]), *(("context", c) for c in context)]
    pairs += [("full_range", "1")] if full else []
    if post:
        form = {"content-type": "application/x-www-form-urlencoded"}
        answer = _client().post("/", content=urlencode(pairs), headers=form)
    else:
        answer = _client().get("/", params=pairs)
    _check(answer)


_line_parts = st.sampled_from(
    [
        "IGF-1",
        "IGF-I:",
        "IGFBP-3",
        "Ref:",
        "(",
        ")",
        "[",
        "]",
        "-",
        "<",
        ">",
        "H",
        "*",
        "ng/mL",
        "nmol/L",
        "ug/L",
        "mg/L",
    ]
)
_line_numbers = st.one_of(positive, st.sampled_from(["0", "23,1", "1,200", "1e9", "nan", "-5"]))


@settings(max_examples=150)
@given(
    line=st.one_of(
        st.lists(st.one_of(_line_parts, _line_numbers), max_size=7).map(" ".join),
        st.text(max_size=60),
    ),
    age=st.sampled_from(["", "45", "8m", "x"]),
    sex=st.sampled_from(["", "female", "m"]),
    value=st.sampled_from(["", "150"]),
    igfbp3=st.tuples(
        st.one_of(positive, st.sampled_from(["", "x", "<0.5", "0"])), st.sampled_from(["mg/L", "ng/mL", "nmol/L", "kg"])
    ),
)
def test_any_pasted_line_and_igfbp3_answer_200_or_the_form(
    line: str, age: str, sex: str, value: str, igfbp3: tuple[str, str]
) -> None:
    pairs = [("report_line", line), ("age", age), ("sex", sex), ("value", value), ("unit", "ng/mL")]
    pairs += [("igfbp3_value", igfbp3[0]), ("igfbp3_unit", igfbp3[1])]
    answer = _client().post(
        "/", content=urlencode(pairs), headers={"content-type": "application/x-www-form-urlencoded"}
    )
    _check(answer)
