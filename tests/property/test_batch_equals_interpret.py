"""interpret_batch() row i equals interpret() of row i, warnings and errors included, whatever the columns are."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

import igflab
from tests.strategies import CLINICAL, REFS, ROW, UNITS
from tests.support import assert_row_matches, run_rows

ASSAYS = st.sampled_from([None, None, "lcms", "idsisys", "irma"])


@given(st.lists(ROW, min_size=1, max_size=25), st.sampled_from([None, *REFS]), ASSAYS)
def test_each_row_equals_interpret(rows: list[tuple[Any, ...]], reference: str | None, assay: str | None) -> None:
    res = run_rows(rows, reference, assay)
    assert len(res) == len(rows)
    for i, row in enumerate(rows):
        assert_row_matches(res, i, row, reference, assay)


@given(
    st.lists(
        st.tuples(
            st.one_of(CLINICAL, st.floats(min_value=0.5, max_value=2000, allow_nan=False)),
            st.sampled_from(["ng/mL", "nmol/L", "ug/L"]),
            st.one_of(st.integers(0, 1000).map(lambda k: k / 10), st.floats(min_value=0, max_value=100)),
            st.sampled_from(["male", "female", "unknown", "f"]),
        ),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from(REFS),
)
def test_numpy_columns_equal_interpret(rows: list[tuple[Any, ...]], reference: str) -> None:
    """The fast paths: float arrays and fixed-width text arrays."""
    v, u, a, s = zip(*rows, strict=True)
    res = igflab.interpret_batch(np.array(v), np.array(u), np.array(a), np.array(s), reference=reference)
    for i, (value, unit, age, sex) in enumerate(rows):
        assert_row_matches(res, i, (value, unit, age, sex, None), reference)


@given(
    st.lists(
        st.tuples(
            st.one_of(CLINICAL, st.sampled_from(["150,5", "<25", "19.6 nmol/L", "abc", None])),
            st.one_of(UNITS, st.just(math.nan)),
            st.one_of(st.integers(0, 90), st.just(math.nan), st.just(None), st.just("8m")),
            st.sampled_from(["male", "female", "unknown", None, math.nan]),
        ),
        min_size=1,
        max_size=30,
    ),
    st.sampled_from([None, *REFS]),
)
def test_pandas_object_columns_with_missing_cells(rows: list[tuple[Any, ...]], reference: str | None) -> None:
    """A DataFrame's object columns hold nan and None for missing cells: each is an error in its own row."""
    df = pd.DataFrame(rows, columns=["value", "unit", "age", "sex"])
    res = igflab.interpret_batch(df["value"], df["unit"], df["age"], df["sex"], reference=reference)
    for i in range(len(df)):
        row = tuple(df.iloc[i][c] for c in ("value", "unit", "age", "sex"))
        assert_row_matches(res, i, (*row, None), reference)
