"""The page never fails: any form a person can send gets the answer (200) or the form again (422)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("fastapi")

from tests.strategies import ages, sexes, units, values
from tests.support import assert_page_or_form, shared_web_client


def _client() -> Any:
    return shared_web_client()


def _text(x: Any) -> str:
    return "" if x is None else str(x)


@settings(max_examples=60)
@given(
    value=values,
    unit=units,
    age=ages,
    sex=sexes,
    lab=st.sampled_from([("", ""), ("52", "328"), ("328", "52"), ("x", "1"), ("6.8", "")]),
    full=st.booleans(),
)
def test_any_form_gets_the_answer_or_the_form_again(
    value: Any, unit: Any, age: Any, sex: Any, lab: Any, full: bool
) -> None:
    form = {"value": _text(value), "unit": _text(unit), "age": _text(age), "sex": _text(sex)}
    form |= {"lab_low": lab[0], "lab_high": lab[1]} | ({"full_range": "1"} if full else {})
    answer = _client().post("/", data=form)
    assert_page_or_form(answer)
    if answer.status_code == 200:
        assert 'id="summary"' in answer.text
