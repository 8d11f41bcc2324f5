"""The Arrow path's CSV text equals the csv module's, for any floats, labels and delimiter.

The speed tricks of :mod:`igflab.io.csv_text` (orjson's float text with the rows it gets
wrong rewritten by ``repr``, several float columns as one piece, the categorical columns
written once per distinct combination) against ``csv.writer`` on the same cells.
"""

from __future__ import annotations

import csv
import io
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.strategies import CSV_DELIMITERS, CSV_FLOATS, CSV_LABELS

pa = pytest.importorskip("pyarrow")

from igflab.core.batch_columns import Categories  # noqa: E402 - after the pyarrow check
from igflab.io.csv_text import float_cells, lines  # noqa: E402


@st.composite
def float_column(draw: st.DrawFn, n: int) -> list[float]:
    """A column of one of the shapes a result column takes: any floats, all nan, mostly nan, or mostly tiny."""
    kind = draw(st.sampled_from(["any", "nan", "mostly_nan", "mostly_tiny"]))
    if kind == "nan":
        return [math.nan] * n
    xs = draw(st.lists(CSV_FLOATS, min_size=n, max_size=n))
    if kind == "mostly_nan":
        return [x if i % 5 == 0 else math.nan for i, x in enumerate(xs)]
    if kind == "mostly_tiny":
        return [x * 1e-7 if i % 3 else x for i, x in enumerate(xs)]
    return xs


@st.composite
def result_columns(draw: st.DrawFn) -> tuple[int, list[tuple[str, Any]]]:
    """Rows and a sequence of float and categorical columns, in any order."""
    n = draw(st.integers(min_value=1, max_value=40))
    cols: list[tuple[str, Any]] = []
    for kind in draw(st.lists(st.sampled_from(["float", "category"]), min_size=1, max_size=6)):
        if kind == "float":
            cols.append(("float", draw(float_column(n))))
        else:
            labels = draw(CSV_LABELS)
            codes = draw(st.lists(st.integers(-1, len(labels) - 1), min_size=n, max_size=n))
            cols.append(("category", (codes, labels)))
    return n, cols


def _cell(kind: str, col: Any, i: int) -> Any:
    if kind == "float":
        return "" if math.isnan(col[i]) else col[i]
    codes, labels = col
    return labels[codes[i]] if codes[i] >= 0 else ""


@given(result_columns(), CSV_DELIMITERS, st.lists(st.text(max_size=5), min_size=1, max_size=3))
def test_lines_equal_the_csv_module(columns: tuple[int, list[tuple[str, Any]]], delimiter: str, ids: list[str]) -> None:
    n, cols = columns
    inputs = [pa.array([f"{t}{i}" for i in range(n)], pa.string()) for t in ids]
    results: dict[str, Any] = {}
    for k, (kind, col) in enumerate(cols):
        if kind == "float":
            results[f"c{k}"] = np.array(col, dtype=np.float64)
        else:
            results[f"c{k}"] = Categories(np.array(col[0], dtype=np.int32), col[1])
    want = io.StringIO()
    writer = csv.writer(want, delimiter=delimiter, lineterminator="\n")
    for i in range(n):
        writer.writerow([*(f"{t}{i}" for t in ids), *(_cell(kind, col, i) for kind, col in cols)])
    got = lines(inputs, results, delimiter)
    assert "".join(got.to_pylist()) == want.getvalue()
    assert len(got) == n


@given(st.lists(CSV_FLOATS, max_size=60), st.sampled_from([",", ";", "\t", "|"]))
def test_float_cells_are_the_delimiter_and_repr(xs: list[float], lead: str) -> None:
    got = float_cells(np.array(xs, dtype=np.float64), lead)
    cells = [got.as_py()] * len(xs) if isinstance(got, pa.Scalar) else got.to_pylist()
    assert cells == [lead + ("" if math.isnan(x) else repr(x)) for x in xs]
    assert all(float(c[1:]) == x for c, x in zip(cells, xs, strict=True) if not math.isnan(x))  # they read back exactly
