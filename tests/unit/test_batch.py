"""interpret_batch(): the same answers as interpret(), row by row, on whole columns."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import igflab
from igflab import interpret_batch
from igflab.core import batch, batch_result
from igflab.errors import IgflabError, InputError, LabRangeError, UnknownReferenceError
from tests.support import load_fixture

REFS = ["bidlingmaier2014_idsisys", "isojima2012_japan", "quest_lcms"]

# Inputs a cohort file really holds: good rows, laboratory spellings, censored results,
# and every kind of bad row interpret() refuses.
# Spread over the clinical range (hypothesis' own floats crowd the bounds).
CLINICAL = st.integers(min_value=50, max_value=8000).map(lambda k: k / 10)
VALUES = st.one_of(
    CLINICAL,
    CLINICAL,
    st.floats(min_value=0.5, max_value=2500, allow_nan=False),
    st.integers(min_value=-5, max_value=2000),
    st.sampled_from([0.0, -3.5, math.nan, math.inf, 1e300, True, None]),
    st.floats(min_value=1, max_value=1500, allow_nan=False).map(lambda v: f"{v:.1f}"),
    st.sampled_from(
        [
            "150",
            " 150 ",
            "1e2",
            "150.",
            ".5e3",
            "<25",
            "< 52",
            "<=60",
            ">1200",
            ">=1000",
            ">300",
            "150 ng/mL",
            "19.6 nmol/L",
            "150,5",
            "1,200",
            "abc",
            "",
            "nan",
            "1_000",
            "-40",
            "0",
        ]
    ),
)
UNITS = st.sampled_from(
    ["ng/mL", "nmol/L", "ug/L", "µg/L", "NG/ML", "mcg/L", "pmol/mL", "ng/dL", "ng/cL", "furlongs", "m", "", None]
)
AGES = st.one_of(
    st.floats(min_value=0, max_value=100, allow_nan=False),
    st.integers(min_value=-2, max_value=125),
    st.sampled_from([math.nan, math.inf, -0.5, 94.0, 77.0, 18.0, None, True]),
    st.sampled_from(["45", "8m", "30w", "18 y", "1e2", "", "old", " 60 ", "-3"]),
)
SEXES = st.sampled_from(["male", "female", "m", "F", "unknown", "other", "x", "", "alien", None, 1])
LABS = st.one_of(
    st.none(),
    st.tuples(st.floats(min_value=5, max_value=150), st.floats(min_value=100, max_value=600)),
    st.sampled_from([(52, 328), (None, 300), (300, 52), (-1, 100), (math.nan, 200), ("52", "328"), ("", "x")]),
)
ROW = st.tuples(VALUES, UNITS, AGES, SEXES, LABS)


def _close(a: float | None, b: float, rel: float = 1e-9) -> bool:
    if a is None:
        return math.isnan(b)
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-12)


def assert_row_matches(res: batch_result.BatchResult, i: int, row: tuple[Any, ...], reference: str | None) -> None:
    value, unit, age, sex, lab = row
    try:
        r = igflab.interpret(value, unit, age=age, sex=sex, reference=reference, lab_range=lab)
    except IgflabError as exc:
        error: IgflabError | None = exc
    else:
        error = None
    if error is not None:
        assert res.error_code[i] == error.code, (row, res.error_message[i], error)
        assert res.error_field[i] == error.field
        assert res.error_message[i] == error.message
        assert res.zone_code[i] == -1
        assert math.isnan(res.ng_per_ml[i])
        return
    assert res.error_code[i] is None, (row, res.error_message[i])
    assert _close(r.value.ng_per_ml, res.ng_per_ml[i], 1e-12)
    assert _close(r.value.nmol_per_l, res.nmol_per_l[i], 1e-12)
    assert _close(r.sds, res.sds[i])
    assert _close(r.centile, res.centile[i])
    assert _close(r.zlog, res.zlog[i])
    assert _close(r.reference.lower_ng_per_ml, res.lower_ng_per_ml[i])
    assert _close(r.reference.upper_ng_per_ml, res.upper_ng_per_ml[i])
    assert res.zone[i] == r.zone.value, row
    assert res.flag[i] == r.flag.value
    assert res.columns()["censored"][i] == r.value.censored
    assert res.position[i] == ("lab" if r.reference.kind == "lab" else r.reference.id)


def run_rows(rows: list[tuple[Any, ...]], reference: str | None) -> batch_result.BatchResult:
    values, units, ages, sexes, labs = (list(c) for c in zip(*rows, strict=True))
    lab = None
    if any(x is not None for x in labs):
        lab = ([x[0] if x else None for x in labs], [x[1] if x else None for x in labs])
    return interpret_batch(values, units, ages, sexes, reference=reference, lab_ranges=lab)


@given(st.lists(ROW, min_size=1, max_size=25), st.sampled_from([None, *REFS]))
def test_each_row_equals_interpret(rows: list[tuple[Any, ...]], reference: str | None) -> None:
    res = run_rows(rows, reference)
    assert len(res) == len(rows)
    for i, row in enumerate(rows):
        assert_row_matches(res, i, row, reference)


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
    res = interpret_batch(np.array(v), np.array(u), np.array(a), np.array(s), reference=reference)
    for i, (value, unit, age, sex) in enumerate(rows):
        assert_row_matches(res, i, (value, unit, age, sex, None), reference)


def test_chunks_keep_rows_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "CHUNK_ROWS", 4)
    rows = [(40 + 10 * k, "ng/mL", 20 + k, "male" if k % 2 else "female", None) for k in range(23)]
    rows[5] = ("<25", "ng/mL", 60, "m", None)
    rows[11] = (150, "furlongs", 45, "m", None)
    rows[17] = (150, "ng/mL", 45, "unknown", (52, 328))
    res = run_rows(rows, None)
    assert len(res) == 23
    for i, row in enumerate(rows):
        assert_row_matches(res, i, row, None)


def test_bidlingmaier_limits_for_all_ages_at_once() -> None:
    """P2.5/P97.5 of Bidlingmaier 2014 at every tabulated age, vs the fixture's independent values.

    Source and tolerance: tests/fixtures/bidlingmaier2014_centiles.json (whole ng/mL, 0.5).
    """
    fx = load_fixture("bidlingmaier2014_centiles.json")
    for sex in ("male", "female"):
        ages = np.array([r["age"] for r in fx["rows"]], dtype=float)
        res = interpret_batch(np.full(ages.size, 100.0), "ng/mL", ages, sex)
        lo = np.array([r[sex][0] for r in fx["rows"]], dtype=float)
        hi = np.array([r[sex][2] for r in fx["rows"]], dtype=float)
        assert np.all(np.abs(res.lower_ng_per_ml - lo) <= 0.5 + 1e-9)
        assert np.all(np.abs(res.upper_ng_per_ml - hi) <= 0.5 + 1e-9)


def test_unknown_sex_needs_both_sexes_to_agree() -> None:
    """Bidlingmaier 2014 at 45 y: lower limit 72 ng/mL for males, 60 for females (tests/fixtures table)."""
    res = interpret_batch([65.0, 40.0, 150.0], "ng/mL", [45, 45, 45], "unknown")
    assert res.zone.tolist() == ["indeterminate", "below_reference", "mid_range"]
    assert np.isnan(res.sds).all()
    for i, v in enumerate([65.0, 40.0, 150.0]):
        assert_row_matches(res, i, (v, "ng/mL", 45, "unknown", None), None)


def test_a_bad_row_stays_in_its_place() -> None:
    res = interpret_batch([150, "oops", 150], "ng/mL", [45, 45, 200], ["m", "m", "m"])
    assert res.error_code.tolist() == [None, "value_input_error", "age_error"]
    assert res.error_field.tolist() == [None, "value", "age"]
    assert res.zone.tolist() == ["mid_range", None, None]
    assert res.ok.tolist() == [True, False, False]
    assert res.n_errors == 2


def test_whole_call_errors() -> None:
    with pytest.raises(UnknownReferenceError):
        interpret_batch([150], "ng/mL", [45], "m", reference="nope")
    with pytest.raises(InputError, match="ages has 2 rows") as info:
        interpret_batch([150], "ng/mL", [45, 46], "m")
    assert info.value.field == "ages"
    with pytest.raises(LabRangeError):
        interpret_batch([150], "ng/mL", [45], "m", lab_ranges=[52, 328])


def test_lab_ranges_as_an_array() -> None:
    res = interpret_batch([60.0, 60.0], "ng/mL", [45, 45], "male", lab_ranges=np.array([[52, 328], [np.nan, np.nan]]))
    assert res.position.tolist() == ["lab", "bidlingmaier2014_idsisys"]
    assert res.zone.tolist() == ["low_normal", "below_reference"]  # male 45: lower 72


def test_empty_batch() -> None:
    res = interpret_batch([], [], [], [])
    assert len(res) == 0
    assert res.to_dicts() == []
    assert res.zone_counts()["mid_range"] == 0


def test_conversions() -> None:
    res = interpret_batch([150, 50, "x"], "ng/mL", [45, 45, 45], "male")
    dicts = res.to_dicts()
    assert [d["zone"] for d in dicts] == ["mid_range", "below_reference", None]
    assert dicts[2]["sds"] is None
    assert dicts[2]["error_code"] == "value_input_error"
    assert list(dicts[0]) == list(batch_result.COLUMNS)
    rec = res.to_records()
    assert rec.dtype.names == batch_result.COLUMNS
    assert rec["sds"][0] == res.sds[0]
    assert res.zone_counts() == {**dict.fromkeys(res.zone_counts(), 0), "mid_range": 1, "below_reference": 1}


def test_to_pandas() -> None:
    pd = pytest.importorskip("pandas")
    df = interpret_batch([150, 50], "ng/mL", [45, 45], "male").to_pandas()
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == list(batch_result.COLUMNS)
    assert df["zone"].tolist() == ["mid_range", "below_reference"]


def test_series_inputs() -> None:
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"v": [150.0, 19.6], "u": ["ng/mL", "nmol/L"], "a": [45, 45], "s": ["m", "f"]})
    res = interpret_batch(df["v"], df["u"], df["a"], df["s"])
    assert res.zone.tolist() == ["mid_range", "mid_range"]


@given(st.floats(min_value=-27.5, max_value=27.5, allow_nan=False))
def test_vectorised_erfc_matches_math_erfc(x: float) -> None:
    """The numpy backend's erfc (Cody 1969) against the C library's, to 1e-12 relative."""
    from igflab.backend import numpy_backend

    got = float(numpy_backend().erfc(np.array([x]))[0])
    want = math.erfc(x)
    if want > 1e-300:
        assert got == pytest.approx(want, rel=1e-12)
    else:
        assert got == pytest.approx(want, abs=1e-300)


def test_vectorised_erfc_on_a_grid() -> None:
    from igflab.backend import numpy_backend

    x = np.concatenate([np.linspace(-30, 30, 120_001), [0.46875, -0.46875, 4.0, -4.0, np.inf, -np.inf]])
    got = numpy_backend().erfc(x)
    want = np.array([math.erfc(v) for v in x.tolist()])
    normal = want > 1e-300
    assert np.all(np.abs(got[normal] - want[normal]) <= 1e-12 * want[normal])
    assert np.all(np.abs(got[~normal] - want[~normal]) <= 1e-300)
    assert np.isnan(numpy_backend().erfc(np.array([np.nan]))[0])


def test_lab_ranges_as_pairs_per_row_or_as_two_columns() -> None:
    """The same lab ranges in every accepted form give the same rows; the 2-row tuple of pairs is refused."""
    import numpy as np

    import igflab
    from igflab.errors import LabRangeError

    values, ages, sexes = [60.0, 400.0], [45.0, 45.0], ["male", "female"]
    pairs = [(52.0, 328.0), (50.0, 317.0)]
    a = igflab.interpret_batch(values, "ng/mL", ages, sexes, lab_ranges=pairs)
    b = igflab.interpret_batch(values, "ng/mL", ages, sexes, lab_ranges=np.array(pairs))
    c = igflab.interpret_batch(
        values, "ng/mL", ages, sexes, lab_ranges=(np.array([52.0, 50.0]), np.array([328.0, 317.0]))
    )
    for r in (a, b, c):
        assert r.lower_ng_per_ml.tolist() == [52.0, 50.0]
        assert r.flag.tolist() == ["N", "H"]  # 400 > 317 but <= 1.3 x 317 = 412
    with pytest.raises(LabRangeError, match="ambiguous"):
        igflab.interpret_batch(values, "ng/mL", ages, sexes, lab_ranges=((52.0, 328.0), (50.0, 317.0)))
