"""interpret_frame() equals interpret_batch() row by row, warnings and errors included, for every kind of frame.

And the speed trick of the Arrow CSV writer: a float's text equals Python's ``repr``.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import igflab
from igflab.core.batch_result import COLUMNS
from tests.strategies import (
    AGE_TEXTS,
    CLINICAL,
    FRAME_AGE_TEXTS,
    FRAME_AGES,
    FRAME_LABS,
    FRAME_NUMBERS,
    FRAME_SEXES,
    FRAME_TEXT_VALUES,
    REFS,
    SEX_TEXTS,
    UNITS,
    VALUE_TEXTS,
)

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")


@st.composite
def frames(draw: st.DrawFn) -> dict[str, list[Any]]:
    """Columns of one type each: values as text or numbers, ages as numbers or text, lab limits or none."""
    n = draw(st.integers(min_value=1, max_value=25))
    value = FRAME_NUMBERS if draw(st.booleans()) else FRAME_TEXT_VALUES
    age = FRAME_AGES if draw(st.booleans()) else FRAME_AGE_TEXTS
    cols = {
        "value": draw(st.lists(value, min_size=n, max_size=n)),
        "unit": draw(st.lists(UNITS, min_size=n, max_size=n)),
        "age": draw(st.lists(age, min_size=n, max_size=n)),
        "sex": draw(st.lists(FRAME_SEXES, min_size=n, max_size=n)),
    }
    if draw(st.booleans()):
        labs = draw(st.lists(FRAME_LABS, min_size=n, max_size=n))
        cols["lab_low"], cols["lab_high"] = [x[0] for x in labs], [x[1] for x in labs]
    return cols


def _plain(x: Any) -> Any:
    """A cell as a comparable Python value (null, NaN and None alike)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    return x


def _pandas_column(values: list[Any]) -> Any:
    if all(v is None or isinstance(v, float) for v in values):
        return pd.array(values, dtype="Float64")  # nullable: a missing number stays missing
    return pd.array(values, dtype="string")


def _rows_of(out: Any, kind: str) -> dict[str, list[Any]]:
    if kind == "pandas":
        return {c: [_plain(x) for x in out[c].astype(object).tolist()] for c in COLUMNS}
    if kind == "polars":
        return {c: [_plain(x) for x in out[c].to_list()] for c in COLUMNS}
    return {c: [_plain(x) for x in out.column(c).to_pylist()] for c in COLUMNS}


@given(frames(), st.sampled_from(["pandas", "polars", "arrow"]), st.sampled_from([None, *REFS]), st.randoms())
def test_frame_equals_batch(cols: dict[str, list[Any]], kind: str, reference: str | None, rnd: Any) -> None:
    n = len(cols["value"])
    lab = (cols["lab_low"], cols["lab_high"]) if "lab_low" in cols else None
    want = igflab.interpret_batch(
        cols["value"], cols["unit"], cols["age"], cols["sex"], reference=reference, lab_ranges=lab
    )
    if kind == "pandas":
        index = rnd.sample(range(3 * n), n)  # shuffled, with gaps: a filtered frame
        frame: Any = pd.DataFrame({k: _pandas_column(v) for k, v in cols.items()}, index=index)
    elif kind == "polars":
        frame = pl.DataFrame(cols, strict=False)
    else:
        frame = pa.table(cols)
    out = igflab.interpret_frame(frame, reference=reference)
    if kind == "pandas":
        assert out.index.tolist() == index
    got = _rows_of(out, kind)
    for name, column in want.columns().items():
        expected = [_plain(x) for x in column.tolist()]
        assert got[name] == expected, (name, cols)
    assert len(got["zone"]) == n


@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=1, max_size=50))
def test_arrow_float_text_equals_repr(xs: list[float]) -> None:
    from igflab.io.tabular import float_text

    got = float_text(np.array(xs, dtype=np.float64)).to_pylist()
    assert got == [None if math.isnan(x) else repr(x) for x in xs]


DATES = st.one_of(st.none(), st.dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(2025, 12, 31)), st.just("bad"))
CONTEXTS = st.one_of(
    st.none(), st.sampled_from(["pregnancy", "puberty", "cancer,fasting", "combined-contraceptive", "bogus"])
)


@given(
    st.lists(
        st.tuples(FRAME_TEXT_VALUES, UNITS, FRAME_AGES, FRAME_SEXES, DATES, DATES, CONTEXTS), min_size=1, max_size=12
    ),
    st.sampled_from(["pandas", "polars", "arrow"]),
)
def test_option_columns_equal_interpret(rows: list[tuple[Any, ...]], kind: str) -> None:
    """Per-row dates and contexts: each row is what interpret() gives with those options (or its error)."""
    names = ["value", "unit", "age", "sex", "born", "drawn", "ctx"]
    cols = {k: [r[i] if not isinstance(r[i], dt.date) else r[i].isoformat() for r in rows] for i, k in enumerate(names)}
    if kind == "pandas":
        frame: Any = pd.DataFrame({k: _pandas_column(v) for k, v in cols.items()})
    elif kind == "polars":
        frame = pl.DataFrame(cols, strict=False)
    else:
        frame = pa.table(cols)
    out = _rows_of(igflab.interpret_frame(frame, birth_date="born", collected="drawn", context="ctx"), kind)
    for i, (value, unit, age, sex, born, drawn, ctx) in enumerate(rows):
        dates = {"birth_date": born, "collected": drawn, "context": ctx}
        extra = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in dates.items()}
        if all(v is None for v in extra.values()):
            extra = {}
        try:
            r = igflab.interpret(value, unit, age=age, sex=sex, **extra)
        except igflab.IgflabError as exc:
            error: igflab.IgflabError | None = exc
        else:
            error = None
        if error is not None:
            assert (out["error_code"][i], out["error_message"][i]) == (error.code, error.message), rows[i]
            continue
        assert out["error_code"][i] is None, (rows[i], out["error_message"][i])
        assert out["zone"][i] == r.zone.value
        assert out["warnings"][i] == ";".join(w.code for w in r.warnings)
        assert (out["sds"][i] is None) == (r.sds is None)


@given(
    st.lists(st.from_regex(r"[0-9]{1,15}(\.[0-9]{1,15})?", fullmatch=True), min_size=1, max_size=30),
)
def test_plain_decimal_text_reads_as_float_reads_it(texts: list[str]) -> None:
    """The Arrow fast path for text columns of plain decimals gives the numbers float() gives; a column holding a
    number typed with a thousands dot ("1.200") goes to the parsers, which may refuse it."""
    from igflab.inputs.values import THOUSANDS_DOT
    from igflab.io.frames import arrow_column

    got = arrow_column(pa.array(texts))
    if any(THOUSANDS_DOT.fullmatch(t) for t in texts):
        assert not isinstance(got, np.ndarray)
        return
    assert isinstance(got, np.ndarray)
    assert got.tolist() == [float(t) for t in texts]
    assert not isinstance(arrow_column(pa.array([*texts, "1e5"])), np.ndarray)  # anything else: the parsers


# No bare carriage return: the csv module leaves it unquoted and Arrow ends a line there, so
# such a file goes to the csv module's path (test_ragged_rows_fall_back_to_the_csv_module).
CELL = st.text(alphabet=st.sampled_from(list('ab ,"\n\t;<>.0123456789éµ-')), max_size=8)


@given(
    st.lists(
        st.tuples(
            st.one_of(st.sampled_from(VALUE_TEXTS), CLINICAL.map(str), CELL),
            st.sampled_from(["ng/mL", "nmol/L", "", "furlongs", "ug/L"]),
            st.one_of(st.sampled_from(AGE_TEXTS), st.integers(0, 90).map(str), CELL),
            st.sampled_from([*SEX_TEXTS, "f"]),
            CELL,
        ),
        min_size=1,
        max_size=20,
    )
)
def test_arrow_csv_file_equals_the_csv_module(tmp_path_factory: Any, rows: list[tuple[str, ...]]) -> None:
    """Any CSV the csv module writes: the Arrow path writes the same bytes as the csv module's path."""
    import csv
    import io

    from igflab.io.csv import interpret_csv
    from igflab.io.tabular import interpret_table_file

    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows([("value", "unit", "age", "sex", "note"), *rows])
    path = tmp_path_factory.mktemp("csv") / "in.csv"
    path.write_text(text.getvalue(), encoding="utf-8", newline="")
    plain = io.StringIO()
    interpret_csv(io.StringIO(text.getvalue(), newline=""), plain)
    fast = io.BytesIO()
    interpret_table_file(str(path), fast, parquet_in=False, parquet_out=False)
    assert fast.getvalue().decode("utf-8") == plain.getvalue()
