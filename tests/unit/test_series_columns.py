"""interpret_series_batch(): many persons in long form, rows in input order, the rules of the series."""

from __future__ import annotations

import math

import numpy as np
import pytest

import igflab
from igflab.science.rcv import rcv_limits, z_for


def test_dates_and_birth_dates_give_the_ages_and_the_days() -> None:
    sb = igflab.interpret_series_batch(
        ["a", "a", "b", "b"],
        [440, 185, 100, 100],
        "ng/mL",
        ["m", "m", "f", "f"],
        dates=["2025-01-15", "2026-07-15", "2025-03-01", "2025-03-01"],
        birth_dates=["1978-04-02", "1978-04-02", "1990-05-05", "1990-05-05"],
    )
    s = igflab.interpret_series(
        [(440, "ng/mL", "2025-01-15"), (185, "ng/mL", "2026-07-15")], sex="m", birth_date="1978-04-02"
    )
    assert sb.days[1] == 546
    assert sb.change_flag[1] == "D"
    assert sb.change_percent[1] == pytest.approx(s.changes[0].percent)
    assert sb.x_uln[0] == pytest.approx(s.results[0].x_uln)
    # same day: kept, changed by 0 %, no verdict
    assert sb.days[3] == 0
    assert math.isnan(sb.significant[3])
    assert sb.change_flag[3] is None


def test_a_date_before_birth_is_that_rows_error_and_no_row_is_dropped() -> None:
    sb = igflab.interpret_series_batch(
        ["a", "a", "a"],
        [150, 160, 300],
        "ng/mL",
        "f",
        dates=["2020-01-01", "1970-01-01", "2021-01-01"],
        birth_dates="1980-01-01",
    )
    assert sb.batch.error_code.tolist() == [None, "age_error", None]
    assert "before the birth date" in sb.batch.error_message[1]
    assert sb.previous.tolist() == [-1, -1, 0]  # the error row takes no part in the changes
    assert sb.change_flag[2] == "U"  # 150 -> 300: +100 %


def test_per_assay_cvs_and_censored_values() -> None:
    sb = igflab.interpret_series_batch(
        ["a", "a", "b", "b"],
        [100, 140, "<25", 140],
        "ng/mL",
        "m",
        ages=[45, 46, 60, 61],
        assays=["idsisys", "idsisys", None, None],
        cv_within=0.08,
        assay_cvs={"idsisys": 0.2},
    )
    up, down = rcv_limits(0.08, 0.2, z=z_for(0.95, False))
    assert sb.limit_rise_percent[1] == pytest.approx(up * 100)
    assert sb.limit_fall_percent[1] == pytest.approx(down * 100)
    assert sb.change_flag[1] is None  # +40 % is within +{up} with the assay's 20 % CV
    assert math.isnan(sb.significant[3])  # from a censored value: no verdict
    assert np.isnan(sb.change_percent[[0, 2]]).all()


def test_ages_or_dates_are_needed() -> None:
    with pytest.raises(igflab.InputError):
        igflab.interpret_series_batch(["a"], [150], "ng/mL", "m")


def test_a_pandas_long_form_frame_gives_the_same_columns() -> None:
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(
        {
            "person_id": ["a", "b", "a", "b"],
            "value": [440.0, 48.0, 185.0, 118.0],
            "sex": ["male", "female", "male", "female"],
            "age": [46.8, 8.9, 48.3, 9.2],
        }
    )
    sb = igflab.interpret_series_batch(df["person_id"], df["value"], "ng/mL", df["sex"], ages=df["age"])
    plain = igflab.interpret_series_batch(
        df["person_id"].tolist(), df["value"].tolist(), "ng/mL", df["sex"].tolist(), ages=df["age"].tolist()
    )
    assert sb.change_flag.tolist() == plain.change_flag.tolist() == [None, None, "D", "U"]
    assert sb.previous.tolist() == [-1, -1, 0, 1]
    out = df.assign(change_percent=sb.change_percent, change_flag=sb.change_flag)
    assert out.loc[3, "change_percent"] == pytest.approx((118 / 48 - 1) * 100)
