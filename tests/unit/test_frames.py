"""interpret_frame(): pandas, Polars and Arrow in, the same kind out, rows and index kept."""

from __future__ import annotations

import numpy as np
import pytest

import igflab
from igflab.core.batch_result import COLUMNS
from igflab.errors import InputError

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

ROWS = {
    "value": ["150", "<25", "abc", "19.6", None],
    "unit": ["ng/mL", "ng/mL", "ng/mL", "nmol/L", "ng/mL"],
    "age": [45.0, 60.0, 45.0, 45.0, 45.0],
    "sex": ["male", "m", "f", "female", "male"],
}


def _expected() -> igflab.BatchResult:
    return igflab.interpret_batch(ROWS["value"], ROWS["unit"], ROWS["age"], ROWS["sex"])


def test_pandas_keeps_the_index_and_appends_categorical_columns() -> None:
    df = pd.DataFrame(ROWS, index=[40, 10, 30, 20, 0])
    out = igflab.interpret_frame(df)
    want = _expected()
    assert list(out.columns) == [*ROWS, *COLUMNS]
    assert out.index.tolist() == [40, 10, 30, 20, 0]
    assert out["zone"].tolist()[:2] == want.zone.tolist()[:2] == ["middle_third", "below_reference"]
    assert isinstance(out["zone"].dtype, pd.CategoricalDtype)
    assert out.loc[30, "error_code"] == "value_input_error"
    assert out.loc[0, "error_code"] == want.error_code[4]
    assert np.allclose(out["sds"].to_numpy(), want.sds, equal_nan=True)
    # A filtered frame joins back on its index: every row meets its own result.
    sub = df[df["sex"].isin(["male", "female"])]
    joined = sub.join(igflab.interpret_frame(sub)[["zone"]])
    assert joined.index.tolist() == [40, 20, 0]
    assert joined.loc[40, "zone"] == want.zone[0]
    assert joined.loc[20, "zone"] == want.zone[3]
    assert pd.isna(joined.loc[0, "zone"])  # the row without a value: its error, not another row's zone


def test_to_pandas_index_pairs_rows_on_a_filtered_frame() -> None:
    df = pd.DataFrame(ROWS).iloc[[3, 0]]
    res = igflab.interpret_batch(df["value"].tolist(), df["unit"].tolist(), df["age"].to_numpy(), df["sex"].tolist())
    joined = df.join(res.to_pandas(index=df.index))
    assert joined["zone"].tolist() == ["upper_third", "middle_third"]
    assert joined.index.tolist() == [3, 0]
    assert not joined["sds"].isna().any()


def test_polars_dataframe_and_lazyframe() -> None:
    df = pl.DataFrame(ROWS)
    out = igflab.interpret_frame(df)
    assert isinstance(out, pl.DataFrame)
    assert out.columns == [*ROWS, *COLUMNS]
    assert out["zone"].dtype == pl.Categorical
    assert out["zone"].to_list() == [None if z is None else z for z in _expected().zone.tolist()]
    lazy = igflab.interpret_frame(df.lazy())
    assert isinstance(lazy, pl.LazyFrame)
    assert lazy.collect().equals(out)


def test_arrow_table_and_lab_columns_per_row() -> None:
    t = pa.table({**ROWS, "lab_low": [52.0, None, None, 5.0, None], "lab_high": [328.0, None, None, 10.0, None]})
    out = igflab.interpret_frame(t)
    assert isinstance(out, pa.Table)
    assert out.schema.field("zone").type == pa.dictionary(pa.int32(), pa.string())
    assert out.column("position").to_pylist() == ["lab", "bidlingmaier2014_idsisys", None, "lab", None]
    single = igflab.interpret("150", "ng/mL", age=45, sex="male", lab_range=(52, 328))
    assert out.column("zone").to_pylist()[0] == single.zone.value
    assert single.sds is None
    assert out.column("sds").to_pylist()[0] is None  # no SDS against a laboratory's range
    assert out.column("zlog").to_pylist()[0] == pytest.approx(single.zlog, rel=1e-12)


def test_string_view_columns_read_as_strings() -> None:
    """Arrow string views (Polars exports them at its newest compatibility level): the same rows, nulls missing."""
    rows = {**ROWS, "age": ["45", "60", "45", "45", "45"]}  # text ages: the plain-decimal path
    views = pa.table({k: pa.array(v, pa.string_view()) for k, v in rows.items()})
    out = igflab.interpret_frame(views)
    want = igflab.interpret_batch(rows["value"], rows["unit"], rows["age"], rows["sex"])
    for name, column in want.columns().items():
        got = out.column(name).to_pylist()
        assert got == [None if isinstance(x, float) and np.isnan(x) else x for x in column.tolist()], name
    assert out.column("error_code").to_pylist()[4] == want.error_code[4] is not None  # None, not empty text


def test_clashing_names_and_missing_columns_are_refused() -> None:
    df = pd.DataFrame({**ROWS, "zone": ["x"] * 5})
    with pytest.raises(InputError, match="already has result column"):
        igflab.interpret_frame(df)
    out = igflab.interpret_frame(df, prefix="igf_")
    assert out["zone"].tolist() == ["x"] * 5
    assert out["igf_zone"].tolist()[0] == "middle_third"
    with pytest.raises(InputError, match="no age column named 'years'"):
        igflab.interpret_frame(df, age="years")
    with pytest.raises(InputError, match="pandas DataFrame"):
        igflab.interpret_frame(ROWS)


def test_renamed_columns_categorical_and_nullable_inputs() -> None:
    df = pd.DataFrame(
        {
            "v": pd.array([150, 50, None], dtype="Int64"),
            "u": pd.Categorical(["ng/mL", "ng/mL", None]),
            "a": [45, 45, 45],
            "s": pd.array(["m", None, "f"], dtype="string"),
        }
    )
    out = igflab.interpret_frame(df, value="v", unit="u", age="a", sex="s")
    want = igflab.interpret_batch([150, 50, None], ["ng/mL", "ng/mL", None], [45, 45, 45], ["m", None, "f"])
    assert out["error_code"].tolist()[1:] == want.error_code.tolist()[1:]
    assert out["zone"].tolist()[0] == "middle_third"


def test_empty_frame() -> None:
    out = igflab.interpret_frame(pd.DataFrame({k: pd.Series([], dtype=object) for k in ROWS}))
    assert len(out) == 0
    assert list(out.columns) == [*ROWS, *COLUMNS]


def test_dates_and_context_per_row() -> None:
    """Rows with dates or a context are interpret() with those options; ages may come from dates alone."""
    df = pd.DataFrame(
        {
            "value": [150, 150, 90],
            "unit": "ng/mL",
            "sex": ["female", "male", "female"],
            "born": ["1980-05-01", "2010-02-28", None],
            "drawn": ["2025-05-02", "2025-03-01", None],
            "ctx": [None, "pregnancy", None],
        }
    )
    out = igflab.interpret_frame(df, age=None, birth_date="born", collected="drawn", context="ctx")
    first = igflab.interpret(150, "ng/mL", sex="female", birth_date="1980-05-01", collected="2025-05-02")
    assert out.loc[0, "zone"] == first.zone.value
    assert out.loc[0, "sds"] == pytest.approx(first.sds, rel=1e-12)
    # A pregnant 15-year-old boy: the context contradicts the person, a warning in the row.
    boy = igflab.interpret(
        150, "ng/mL", sex="male", birth_date="2010-02-28", collected="2025-03-01", context="pregnancy"
    )
    assert out.loc[1, "warnings"] == ";".join(w.code for w in boy.warnings)
    assert "context_mismatch" in out.loc[1, "warnings"]
    assert out.loc[2, "error_code"] == "age_error"  # no age and no dates
    with pytest.raises(InputError, match="no column named 'birth'"):
        igflab.interpret_frame(df, age=None, birth_date="birth", collected="drawn")


def test_decimal_columns_read_as_interpret_reads_a_decimal() -> None:
    # SQL and Parquet numeric columns arrive as decimal128: 150.50 ng/mL is 150.5 ng/mL, in every path.
    import decimal

    pa = pytest.importorskip("pyarrow")
    values = [decimal.Decimal("150.50"), None, decimal.Decimal("19.60")]
    table = pa.table(
        {
            "value": pa.array(values, pa.decimal128(10, 2)),
            "unit": ["ng/mL", "ng/mL", "nmol/L"],
            "age": [45.0, 45.0, 45.0],
            "sex": ["male", "male", "male"],
        }
    )
    out = igflab.interpret_frame(table)
    batch = igflab.interpret_batch(values, ["ng/mL", "ng/mL", "nmol/L"], [45.0] * 3, "male")
    assert out.column("sds").to_pylist()[0] == igflab.interpret(150.5, "ng/mL", age=45, sex="male").sds
    assert out.column("sds").to_pylist()[2] == batch.sds[2]
    assert out.column("error_code").to_pylist() == [None, "value_input_error", None] == batch.error_code.tolist()
    assert igflab.interpret(decimal.Decimal("150.50"), "ng/mL", age=45, sex="male").sds == batch.sds[0]
