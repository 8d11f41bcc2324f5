"""interpret_panel_frame() equals interpret_panel_batch() row by row, for every kind of frame and index."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import igflab
from igflab.core.batch_result import COLUMNS
from tests.strategies import FRAME_AGES, FRAME_NUMBERS, FRAME_SEXES, IGFBP3_ROW, UNITS

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")


@st.composite
def panel_frames(draw: st.DrawFn) -> dict[str, list[Any]]:
    n = draw(st.integers(min_value=1, max_value=20))
    bp3 = draw(st.lists(IGFBP3_ROW, min_size=n, max_size=n))
    return {
        "value": draw(st.lists(FRAME_NUMBERS, min_size=n, max_size=n)),
        "unit": draw(st.lists(UNITS, min_size=n, max_size=n)),
        "igfbp3": [str(r[0]) for r in bp3],
        "igfbp3_unit": [r[1] for r in bp3],
        "age": draw(st.lists(FRAME_AGES, min_size=n, max_size=n)),
        "sex": draw(st.lists(FRAME_SEXES, min_size=n, max_size=n)),
    }


def _plain(x: Any) -> Any:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    if isinstance(x, (np.bool_, np.floating, np.integer)):
        return x.item()
    return None if x == "" else x


def _rows(cols: dict[str, Any]) -> list[tuple[Any, ...]]:
    return list(zip(*({k: [_plain(x) for x in v] for k, v in cols.items()}).values(), strict=True))


@settings(max_examples=60, deadline=None)
@given(
    cols=panel_frames(),
    kind=st.sampled_from(["pandas", "polars", "arrow"]),
    reference=st.sampled_from([None, "life2022"]),
    seed=st.integers(0, 2**16),
)
def test_panel_frame_equals_panel_batch(
    cols: dict[str, list[Any]], kind: str, reference: str | None, seed: int
) -> None:
    want = igflab.interpret_panel_batch(
        cols["value"],
        cols["igfbp3"],
        cols["age"],
        cols["sex"],
        units=(cols["unit"], cols["igfbp3_unit"]),
        reference=reference,
    ).columns()
    n = len(cols["value"])
    if kind == "pandas":
        index = np.random.default_rng(seed).permutation(n * 3)[:n]  # shuffled, not 0..n-1
        frame: Any = pd.DataFrame({k: pd.Series(v, dtype=object, index=index) for k, v in cols.items()})
        out = igflab.interpret_panel_frame(frame, reference=reference)
        assert out.index.tolist() == index.tolist()
        got = {k: out[k].tolist() for k in want}
    elif kind == "polars":
        frame = pl.DataFrame(cols, schema={k: pl.Float64 if k in ("value", "age") else pl.String for k in cols})
        out = igflab.interpret_panel_frame(frame, reference=reference)
        got = {k: out[k].to_list() for k in want}
    else:
        types = {k: pa.float64() if k in ("value", "age") else pa.string() for k in cols}
        frame = pa.table({k: pa.array(v, types[k]) for k, v in cols.items()})
        out = igflab.interpret_panel_frame(frame, reference=reference)
        got = {k: out.column(k).to_pylist() for k in want}
    assert list(got) == list(want)
    assert _rows(got) == _rows(want)


def test_a_clashing_column_is_refused_and_a_filtered_frame_keeps_its_rows() -> None:
    df = pd.DataFrame(
        {
            "value": [150, 15, 60],
            "igfbp3": ["4.1 mg/L", "0.6 mg/L", "4.1 mg/L"],
            "unit": "ng/mL",
            "age": [45, 2, 45],
            "sex": "male",
        }
    )
    part = df[df["age"] > 10]
    out = igflab.interpret_panel_frame(part)
    assert out.index.tolist() == [0, 2]
    assert out["discordant"].tolist() == [False, True]  # 60 ng/mL at 45: below; IGFBP-3 inside
    with pytest.raises(igflab.InputError, match="igf1_sds"):
        igflab.interpret_panel_frame(df.assign(igf1_sds=1.0))
    with pytest.raises(igflab.InputError, match="no IGFBP-3 column named 'bp3'"):
        igflab.interpret_panel_frame(df, igfbp3="bp3")


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(IGFBP3_ROW, min_size=1, max_size=15),
    kind=st.sampled_from(["pandas", "polars", "arrow"]),
    reference=st.sampled_from([None, "life2022"]),
)
def test_igfbp3_frame_equals_the_batch(rows: list[tuple[Any, ...]], kind: str, reference: str | None) -> None:
    # Friedrich 2014 / LIFE: interpret_frame(analyte="igfbp3") is interpret_batch(analyte="igfbp3") of its columns.
    cols = {
        "value": [str(r[0]) for r in rows],
        "unit": [r[1] for r in rows],
        "age": [str(r[2]) for r in rows],
        "sex": [r[3] for r in rows],
    }
    want = igflab.interpret_batch(
        cols["value"], cols["unit"], cols["age"], cols["sex"], reference=reference, analyte="igfbp3"
    )
    if kind == "pandas":
        frame: Any = pd.DataFrame(cols, index=list(range(len(rows)))[::-1], dtype=object)
        out = igflab.interpret_frame(frame, analyte="igfbp3", reference=reference)
        assert out.index.tolist() == frame.index.tolist()
        got = {k: out[k].tolist() for k in COLUMNS}
    elif kind == "polars":
        out = igflab.interpret_frame(
            pl.DataFrame(cols, schema=dict.fromkeys(cols, pl.String)), analyte="igfbp3", reference=reference
        )
        got = {k: out[k].to_list() for k in COLUMNS}
    else:
        table = pa.table({k: pa.array(v, pa.string()) for k, v in cols.items()})
        out = igflab.interpret_frame(table, analyte="igfbp3", reference=reference)
        got = {k: out.column(k).to_pylist() for k in COLUMNS}
    assert _rows(got) == _rows(want.columns())


def test_igfbp3_frame_refuses_what_is_igf1s() -> None:
    df = pd.DataFrame({"value": [4.1], "unit": "mg/L", "age": [45], "sex": "male", "lab_low": [2.0], "lab_high": [5.0]})
    with pytest.raises(igflab.InputError, match="lab_low and lab_high are read for IGF-1 alone"):
        igflab.interpret_frame(df, analyte="igfbp3")
    # per-row contexts are read for every analyte, as interpret(..., analyte="igfbp3", context=...) reads them
    out = igflab.interpret_frame(
        df.drop(columns=["lab_low", "lab_high"]).assign(ctx="pregnancy"), analyte="igfbp3", context="ctx"
    )
    one = igflab.interpret(4.1, "mg/L", age=45, sex="male", analyte="igfbp3", context="pregnancy")
    assert out.loc[0, "warnings"] == ";".join(w.code for w in one.warnings) == "context_mismatch"
    with pytest.raises(igflab.InputError, match="a frame must be a pandas DataFrame"):
        igflab.interpret_panel_frame([1, 2, 3])
