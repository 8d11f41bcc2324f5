"""interpret_frame() and interpret_panel_frame(): any Arrow text type, RecordBatches, digits as text."""

from __future__ import annotations

from typing import Any

import pytest

import igflab
from igflab.core.batch_result import COLUMNS
from tests.unit.test_tabular_text import TEXT_ROWS, string_array

pa = pytest.importorskip("pyarrow")
pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")

KINDS = ["large_string", "string_view", "dictionary:string", "dictionary:large_string", "dictionary:string_view"]

# Per-row options as text: dates (for rows without an age) and contexts (a row with none of
# them takes the columns' path).
OPTIONS: dict[str, list[str | None]] = {
    "age": [None, *TEXT_ROWS["age"][1:7], None],
    "born": ["1980-05-01", None, None, None, None, None, "bad", "1970-01-01"],
    "drawn": ["2025-05-02", None, None, None, None, None, None, "2025-01-01"],
    "ctx": [None, "pregnancy", None, None, None, "fasting", None, "cancer,fasting"],
}

PANEL_ROWS: dict[str, list[str | None]] = {
    "value": ["150", "15", "150", "150", None],
    "unit": ["ng/mL", "ng/mL", "1", "ng/mL", "ng/mL"],
    "igfbp3": ["4.1", "0.6", "4.1", "4.1 mg/L", "3"],
    "igfbp3_unit": ["mg/L", "mg/L", "mg/L", None, "2"],
    "age": ["45", "2", "45", "45", "45"],
    "sex": ["male", "m", "1", "2", "f"],
}


def _table(rows: dict[str, list[str | None]], kind: str) -> Any:
    return pa.table({k: string_array(v, kind) for k, v in rows.items()})


def _results(out: Any, names: tuple[str, ...] | list[str]) -> dict[str, list[Any]]:
    return {c: out.column(c).to_pylist() for c in names}


@pytest.mark.parametrize("kind", KINDS)
def test_every_arrow_text_type_gives_the_rows_plain_strings_give(kind: str) -> None:
    rows = {**TEXT_ROWS, **OPTIONS}
    opts = {"birth_date": "born", "collected": "drawn", "context": "ctx"}
    want = _results(igflab.interpret_frame(_table(rows, "string"), **opts), COLUMNS)
    assert want["zone"][0] is not None
    assert want["error_code"][4] is not None  # a missing value
    assert _results(igflab.interpret_frame(_table(rows, kind), **opts), COLUMNS) == want
    bp3 = {k: TEXT_ROWS[k] for k in ("value", "unit", "age", "sex")}
    want = _results(igflab.interpret_frame(_table(bp3, "string"), analyte="igfbp3"), COLUMNS)
    assert _results(igflab.interpret_frame(_table(bp3, kind), analyte="igfbp3"), COLUMNS) == want
    panel = igflab.interpret_panel_frame(_table(PANEL_ROWS, "string"))
    names = panel.column_names[len(PANEL_ROWS) :]
    assert _results(igflab.interpret_panel_frame(_table(PANEL_ROWS, kind)), names) == _results(panel, names)


def test_a_record_batch_gives_a_record_batch() -> None:
    table = _table({**TEXT_ROWS, **OPTIONS}, "string")
    batch = table.to_batches()[0]
    opts = {"birth_date": "born", "collected": "drawn", "context": "ctx"}
    out = igflab.interpret_frame(batch, **opts)
    assert isinstance(out, pa.RecordBatch)
    assert out.column_names == [*table.column_names, *COLUMNS]
    assert out.column("id").to_pylist() == TEXT_ROWS["id"]
    assert _results(out, COLUMNS) == _results(igflab.interpret_frame(table, **opts), COLUMNS)
    prefixed = igflab.interpret_frame(batch, prefix="igf1_")
    assert isinstance(prefixed, pa.RecordBatch)
    assert prefixed.column_names[-1] == "igf1_error_message"
    empty = igflab.interpret_frame(batch.slice(0, 0))
    assert isinstance(empty, pa.RecordBatch)
    assert (empty.num_rows, empty.num_columns) == (0, table.num_columns + len(COLUMNS))


def test_a_record_batch_for_igfbp3_and_the_panel() -> None:
    bp3 = _table({k: TEXT_ROWS[k] for k in ("value", "unit", "age", "sex")}, "string")
    out = igflab.interpret_frame(bp3.to_batches()[0], analyte="igfbp3")
    assert isinstance(out, pa.RecordBatch)
    assert _results(out, COLUMNS) == _results(igflab.interpret_frame(bp3, analyte="igfbp3"), COLUMNS)
    panel = _table(PANEL_ROWS, "string")
    got = igflab.interpret_panel_frame(panel.to_batches()[0])
    assert isinstance(got, pa.RecordBatch)
    names = got.column_names[len(PANEL_ROWS) :]
    assert _results(got, names) == _results(igflab.interpret_panel_frame(panel), names)


def _error(value: Any, unit: Any, age: Any, sex: Any, **kw: Any) -> str | None:
    try:
        igflab.interpret(value, unit, age=age, sex=sex, **kw)
    except igflab.IgflabError as exc:
        return exc.message
    return None


DIGITS = {"value": ["150", "150", "150"], "unit": ["1", "1", "1"], "age": ["45", "45", "45"], "sex": ["1", "2", "1"]}


def _frames(rows: dict[str, list[str]]) -> list[Any]:
    """The rows as an Arrow table, a pandas frame of strings (pandas 3's default) and a Polars frame."""
    strings = pd.DataFrame({k: pd.array(v, dtype="string") for k, v in rows.items()})
    return [pa.table(rows), strings, pl.DataFrame(rows)]


def _messages(out: Any, column: str = "error_message") -> list[Any]:
    if isinstance(out, pd.DataFrame):
        return [None if pd.isna(x) else x for x in out[column].astype(object).tolist()]
    if isinstance(out, pl.DataFrame):
        return list(out[column].to_list())
    return list(out.column(column).to_pylist())


@pytest.mark.parametrize("which", ["unit", "sex"])
def test_text_of_digits_in_a_unit_or_sex_column_is_text(which: str) -> None:
    """``"1"`` as a unit or ``"1"``/``"2"`` as a sex: the error ``interpret()`` gives for that text."""
    rows = {**DIGITS, "unit": DIGITS["unit"] if which == "unit" else ["ng/mL"] * 3}
    each = list(zip(rows["value"], rows["unit"], rows["age"], rows["sex"], strict=True))
    want = [_error(*r) for r in each]
    assert all(w is not None and "got float" not in w for w in want)
    for frame in _frames(rows):
        assert _messages(igflab.interpret_frame(frame)) == want, type(frame)
        dated = frame if isinstance(frame, pa.Table) else None
        if dated is not None:  # the rows with per-row options take interpret() itself
            with_ctx = dated.append_column("ctx", pa.array(["fasting"] * 3))
            extra = [_error(*r, context="fasting") for r in each]
            assert _messages(igflab.interpret_frame(with_ctx, context="ctx")) == extra
        bp3 = igflab.interpret_frame(frame, analyte="igfbp3")
        assert _messages(bp3) == [_error(*r, analyte="igfbp3") for r in each]


def test_text_of_digits_in_the_panels_unit_and_sex_columns() -> None:
    rows = {**DIGITS, "igfbp3": ["4.1", "4.1", "4.1"], "igfbp3_unit": ["2", "mg/L", "mg/L"]}
    rows["unit"] = ["ng/mL", "1", "ng/mL"]
    igf1 = zip(rows["value"], rows["unit"], rows["age"], rows["sex"], strict=True)
    want_igf1 = [_error(v, u, a, s) for v, u, a, s in igf1]
    bp3 = zip(rows["igfbp3"], rows["igfbp3_unit"], rows["age"], rows["sex"], strict=True)
    want_bp3 = [_error(v, u, a, s, analyte="igfbp3") for v, u, a, s in bp3]
    assert all(w is not None and "got float" not in w for w in [*want_igf1, *want_bp3])
    for frame in _frames(rows):
        out = igflab.interpret_panel_frame(frame)
        assert _messages(out, "igf1_error_message") == want_igf1, type(frame)
        assert _messages(out, "igfbp3_error_message") == want_bp3, type(frame)
