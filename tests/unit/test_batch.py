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
from igflab.errors import InputError, LabRangeError, UnknownReferenceError
from tests.support import assert_row_matches, load_fixture, run_rows


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
    assert res.zone.tolist() == ["indeterminate", "below_reference", "within_reference"]
    assert np.isnan(res.sds).all()
    for i, v in enumerate([65.0, 40.0, 150.0]):
        assert_row_matches(res, i, (v, "ng/mL", 45, "unknown", None), None)


def test_a_bad_row_stays_in_its_place() -> None:
    res = interpret_batch([150, "oops", 150], "ng/mL", [45, 45, 200], ["m", "m", "m"])
    assert res.error_code.tolist() == [None, "value_input_error", "age_error"]
    assert res.error_field.tolist() == [None, "value", "age"]
    assert res.zone.tolist() == ["middle_third", None, None]
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
    assert res.zone.tolist() == ["lower_third", "below_reference"]  # male 45: lower 72


def test_empty_batch() -> None:
    res = interpret_batch([], [], [], [])
    assert len(res) == 0
    assert res.to_dicts() == []
    assert res.zone_counts()["middle_third"] == 0


def test_conversions() -> None:
    res = interpret_batch([150, 50, "x"], "ng/mL", [45, 45, 45], "male")
    dicts = res.to_dicts()
    assert [d["zone"] for d in dicts] == ["middle_third", "below_reference", None]
    assert dicts[2]["sds"] is None
    assert dicts[2]["error_code"] == "value_input_error"
    assert list(dicts[0]) == list(batch_result.COLUMNS)
    rec = res.to_records()
    assert rec.dtype.names == batch_result.COLUMNS
    assert rec["sds"][0] == res.sds[0]
    assert res.zone_counts() == {**dict.fromkeys(res.zone_counts(), 0), "middle_third": 1, "below_reference": 1}


def test_to_pandas() -> None:
    pd = pytest.importorskip("pandas")
    df = interpret_batch([150, 50], "ng/mL", [45, 45], "male").to_pandas()
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == list(batch_result.COLUMNS)
    assert df["zone"].tolist() == ["middle_third", "below_reference"]


def test_series_inputs() -> None:
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame({"v": [150.0, 19.6], "u": ["ng/mL", "nmol/L"], "a": [45, 45], "s": ["m", "f"]})
    res = interpret_batch(df["v"], df["u"], df["a"], df["s"])
    assert res.zone.tolist() == ["middle_third", "upper_third"]


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


@given(st.lists(st.floats(min_value=-30, max_value=30), min_size=1, max_size=12), st.sampled_from(["0d", "1d", "2d"]))
def test_vectorised_erfc_keeps_the_shape_and_each_value(xs: list[float], shape: str) -> None:
    """Values of both ranges mixed, in any shape: each the erfc it has on its own (ranges computed apart)."""
    from igflab.backend import numpy_backend

    erfc = numpy_backend().erfc
    one = [float(erfc(np.array([x]))[0]) for x in xs]
    if shape == "0d":
        assert float(erfc(np.float64(xs[0]))) == one[0]
        return
    a = np.array(xs if shape == "1d" else [xs, xs[::-1]])
    got = erfc(a)
    assert got.shape == a.shape
    assert got.reshape(-1).tolist() == (one if shape == "1d" else one + one[::-1])


def test_lab_ranges_as_pairs_per_row_or_as_two_columns() -> None:
    """The same lab ranges in every accepted form give the same rows; the 2-row tuple of pairs is refused."""
    import numpy as np

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


# -- warnings: the same codes as interpret(), in every output ------------------------------------


@pytest.mark.parametrize(
    ("row", "codes", "zone"),
    [
        # "150,5" is a decimal comma, read as 150.5 with a warning.
        (("150,5", "ng/mL", 45, "male", None), ("decimal_comma",), "middle_third"),
        # 19.6 ng/mL at 45 y (male): far below the Bidlingmaier 2014 interval 72-212 ng/mL
        # (tests/fixtures/bidlingmaier2014_centiles.json), but 19.6 nmol/L = 150 ng/mL is inside.
        ((19.6, "ng/mL", 45, "male", None), ("unit_mixup",), "below_reference"),
        # 5000 ng/mL is above every common assay's range (1600 ng/mL max) and SDS > +5.
        ((5000, "ng/mL", 45, "male", None), ("above_assay_range", "extreme_sds"), "well_above_reference"),
        # Bidlingmaier 2014 covers 0-94 y: at 100 y only the lab's range can place the value.
        ((80, "ng/mL", 100, "male", (30, 200)), ("published_reference_unavailable",), "middle_third"),
    ],
)
def test_batch_rows_carry_the_warnings_interpret_gives(row: tuple[Any, ...], codes: tuple[str, ...], zone: str) -> None:
    res = run_rows([row, (150, "ng/mL", 45, "male", None)], None)
    assert res.warnings[0] == codes
    assert res.zone[0] == zone
    assert res.warnings[1] == ()
    assert res.columns()["warnings"].tolist() == [";".join(codes), ""]
    assert res.warning_counts()[codes[0]] == 1
    assert_row_matches(res, 0, row, None)


def test_assay_mismatch_is_on_every_row() -> None:
    # The default reference was built with IDS-iSYS; naming LC/MS as well is a mismatch for every row.
    rows = [(150, "ng/mL", 45, "male", None), ("150,5", "ng/mL", 30, "female", None)]
    res = run_rows(rows, "bidlingmaier2014_idsisys", "lcms")
    assert res.warnings.tolist() == [("assay_mismatch",), ("decimal_comma", "assay_mismatch")]
    for i, row in enumerate(rows):
        assert_row_matches(res, i, row, "bidlingmaier2014_idsisys", "lcms")


def test_a_missing_unit_in_a_pandas_column_is_an_error_in_its_row() -> None:
    import pandas as pd

    df = pd.DataFrame({"value": [150.0, 150.0, 60.0], "unit": ["ng/mL", float("nan"), "ng/mL"], "age": [45, 45, 45]})
    res = interpret_batch(df["value"], df["unit"], df["age"], "male")
    assert res.error_code.tolist() == [None, "unit_error", None]
    assert res.error_field.tolist() == [None, "unit", None]
    assert res.zone.tolist() == ["middle_third", None, "below_reference"]
    with pytest.raises(igflab.UnitError) as info:
        igflab.interpret(150.0, float("nan"), age=45, sex="male")
    assert res.error_message[1] == info.value.message
