"""Properties over the whole public API and the CLI: any input gives an Interpretation or an IgflabError."""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

import igflab
from igflab.cli import main
from igflab.text.citations import catalog
from tests.strategies import ages, contexts, lab_ranges, references, sexes, units, values


def _call(value: Any, unit: Any, age: Any, sex: Any, lab: Any, ctx: Any, ref: Any) -> igflab.Interpretation | None:
    try:
        return igflab.interpret(value, unit, age=age, sex=sex, lab_range=lab, context=ctx, reference=ref)
    except igflab.IgflabError as exc:
        if not str(exc):
            raise AssertionError("an IgflabError must say what is wrong") from exc
        return None


@given(values, units, ages, sexes, lab_ranges, contexts, references)
def test_any_input_gives_an_interpretation_or_an_igflab_error(
    value: Any, unit: Any, age: Any, sex: Any, lab: Any, ctx: Any, ref: Any
) -> None:
    r = _call(value, unit, age, sex, lab, ctx, ref)
    if r is None:
        return
    assert isinstance(r, igflab.Interpretation)
    assert math.isfinite(r.value.ng_per_ml)
    assert r.value.ng_per_ml > 0
    assert "qualified health professional" in r.guidance
    ids = {c.id for c in r.citations}
    for n in r.notes:
        assert set(n.citations) <= ids <= set(catalog())
    # deterministic
    assert _call(value, unit, age, sex, lab, ctx, ref) == r
    _assert_revalidates(r)


def _assert_revalidates(r: igflab.Interpretation) -> None:
    """Results are built without re-validation (igflab._model.trusted): they must still pass it."""
    again = igflab.Interpretation.model_validate_json(r.model_dump_json())
    assert again.model_dump_json() == r.model_dump_json()
    _assert_same(r, again)


def _assert_same(ours: Any, validated: Any) -> None:
    """Equal, of the same Python types, every model field present in definition order."""
    assert type(ours) is type(validated), (ours, validated)
    if isinstance(ours, BaseModel):
        cached = type(ours).model_computed_fields  # computed on first use and kept in __dict__ (the summary)
        assert [k for k in ours.__dict__ if k not in cached] == list(type(ours).model_fields), type(ours).__name__
        for name in [*type(ours).model_fields, *cached]:
            _assert_same(getattr(ours, name), getattr(validated, name))
    elif isinstance(ours, tuple):
        assert len(ours) == len(validated)
        for a, b in zip(ours, validated, strict=True):
            _assert_same(a, b)
    else:
        assert ours == validated


valid_values = st.one_of(
    st.floats(min_value=0.5, max_value=3000),
    st.builds(
        lambda c, n: f"{c}{n:g} ng/mL",
        st.sampled_from(["<", ">", "<=", ">="]),
        st.floats(min_value=1, max_value=3000),
    ),
)


@given(
    valid_values,
    st.floats(min_value=0, max_value=100),
    st.sampled_from(["male", "female", "unknown"]),
    st.one_of(st.none(), st.tuples(st.floats(1, 200), st.floats(201, 900)), st.just("5-40 nmol/L")),
    st.lists(st.sampled_from(["cancer", "pregnancy", "fasting", "liver-disease", "puberty"]), max_size=3),
    st.sampled_from([None, "bidlingmaier2014_idsisys", "isojima2012_japan", "quest_lcms"]),
)
def test_results_pass_the_models_validation(
    value: Any, age: float, sex: str, lab: Any, ctx: list[str], ref: str | None
) -> None:
    r = _call(value, "ng/mL" if isinstance(value, float) else None, age, sex, lab, ctx, ref)
    if r is not None:
        _assert_revalidates(r)


@given(
    st.floats(min_value=1, max_value=3000),
    st.sampled_from(["ng/mL", "nmol/L", "µg/dL"]),
    st.floats(min_value=0, max_value=94),
    st.sampled_from(["male", "female", "unknown"]),
)
def test_valid_inputs_always_interpret(x: float, unit: str, age: float, sex: str) -> None:
    r = igflab.interpret(x, unit, age=age, sex=sex)
    assert r.flag.value in {"L", "N", "H", "HU", "IND"}
    assert r.adult is (age >= 18)
    if sex != "unknown":
        assert r.sds is not None
        assert r.centile is not None
        assert 0 <= r.centile <= 100


cli_tokens = st.one_of(
    st.sampled_from(
        [
            "150",
            "ng/mL",
            "--age",
            "45",
            "--sex",
            "male",
            "--json",
            "--lab-range",
            "52-328",
            "<25",
            "--context",
            "pregnancy",
            "--reference",
            "quest_lcms",
            "nmol/L",
            "-5",
            "--",
            "abc",
            "8m",
        ]
    ),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12),
)


@given(st.lists(cli_tokens, max_size=10))
def test_cli_never_crashes(tokens: list[str]) -> None:
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["interpret", *tokens])
        except SystemExit as exc:  # --help/--version exit through argparse
            code = int(exc.code or 0)
    assert code in (0, 2), err.getvalue()
    if code == 2:
        lines = err.getvalue().splitlines()
        assert len(lines) == 1
        if "--json" in tokens:  # the error is one JSON object
            assert set(json.loads(lines[0])) == {"code", "field", "message"}
        else:
            assert lines[0].startswith("igflab: error:")
    assert "Traceback" not in err.getvalue()


@given(
    value=st.floats(min_value=1.0, max_value=3000.0),
    unit=st.sampled_from(["ng/mL", "µg/L", "nmol/L"]),
    age=st.floats(min_value=0.1, max_value=90.0),
    sex=st.sampled_from(["male", "female", "unknown"]),
)
def test_summary_is_short_cited_and_in_the_unit_typed(value: float, unit: str, age: float, sex: str) -> None:
    import re

    r = igflab.interpret(value, unit, age=age, sex=sex)
    s = r.summary
    assert set(s.citations) <= {c.id for c in r.citations}
    # a doubt first (one "Please check" sentence), then one or two sentences on where the result sits
    check = s.check or ""
    assert s.text.startswith(check)
    text = s.text[len(check) :].lstrip()
    assert text.count(". ") <= 1
    # the value first in the unit typed, the other unit beside it (the digits may show more precision
    # beside a limit, so that a value is never rounded onto a limit it is not on)
    other = "ng/mL" if unit == "nmol/L" else "nmol/L"
    # the sex unknown: maybe not placed, or the two sexes on different sides (said as both)
    placed = "(could (not be placed|be)|is )" if r.zone is igflab.Zone.INDETERMINATE else "is "
    assert re.match(rf"This IGF-1 result, [\d.]+ {re.escape(unit)} \([\d.]+ {other}\), {placed}", text), text
    assert s.unit == unit
    if not r.adult:
        assert "mid-range" not in s.text
        assert "needs no action" not in s.text
