"""Series and people (issue 24, item 7): who a row belongs to, ages against dates, same-day order."""

from __future__ import annotations

import math

import numpy as np
import pytest

import igflab
from igflab.errors import AgeError, InputError
from igflab.io.series_csv import series_by_person, write_series_csv


@pytest.mark.parametrize("missing", [None, float("nan"), "", "  "])
def test_rows_without_a_person_id_are_errors_never_one_person(missing: object) -> None:
    """Issue 24 item 7: rows with no person id were chained as one person and flagged 'U' between them."""
    ids = ["a", missing, missing, "a"]
    sb = igflab.interpret_series_batch(ids, [100, 100, 400, 110], "ng/mL", "male", ages=[40, 41, 42, 43])
    assert list(sb.batch.error_code[1:3]) == ["input_error", "input_error"]
    assert list(sb.batch.error_field[1:3]) == ["person_id", "person_id"]
    assert list(sb.previous) == [-1, -1, -1, 0]  # person a's two rows are joined; the others to no one
    assert list(sb.change_flag) == [None, None, None, None]
    assert math.isnan(sb.change_percent[2])


def test_float_person_ids_with_nan_are_not_chained() -> None:
    """Issue 24 item 7: a NaN in a numeric id column (pandas reads a blank id so) is no person."""
    sb = igflab.interpret_series_batch(
        np.array([1.0, np.nan, np.nan]), [100, 100, 400], "ng/mL", "f", ages=[40, 41, 42]
    )
    assert list(sb.previous) == [-1, -1, -1]
    assert list(sb.batch.error_field[1:]) == ["person_id", "person_id"]


def test_long_form_csv_rows_without_a_person_id() -> None:
    """Issue 24 item 7: the long-form CSV chained every blank person_id into one person ''."""
    text = "person_id,value,unit,sex,age\n,100,ng/mL,male,40\n,400,ng/mL,male,41\np1,150,ng/mL,male,40\n"
    with pytest.raises(InputError, match="line 2: the row has no person id") as err:
        series_by_person(text)
    assert err.value.field == "person_id"
    out = "/tmp/x/rows.csv"
    with open(out, "w", encoding="utf-8") as dst:
        write_series_csv(text, dst)
    with open(out, encoding="utf-8") as src:
        rows = src.read().splitlines()
    head = rows[0].split(",")
    flags = [r.split(",")[head.index("change_flag")] for r in rows[1:]]
    codes = [r.split(",")[head.index("error_code")] for r in rows[1:]]
    assert flags == ["", "", ""]
    assert codes == ["input_error", "input_error", ""]


def test_an_age_that_contradicts_the_dates_is_refused() -> None:
    """Issue 24 item 7: a series accepted age 30 on a sample taken at 45 by the birth date."""
    item = {"value": 100, "unit": "ng/mL", "age": 30, "collected": "2025-01-01"}
    with pytest.raises(AgeError, match="contradicts the birth date") as err:
        igflab.interpret_series([item], sex="male", birth_date="1980-01-01")
    assert err.value.field == "results[0].age"
    with pytest.raises(AgeError):  # interpret() refuses the same pair of inputs
        igflab.interpret(100, "ng/mL", sex="male", age=30, birth_date="1980-01-01", collected="2025-01-01")
    # An age that agrees (completed years, or to the day) is accepted.
    for age in (45, 45.41):
        ok = {**item, "age": age, "collected": "2025-06-01"}
        assert igflab.interpret_series([ok], sex="male", birth_date="1980-01-01").results[0].age == age


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_same_day_results_follow_the_stated_rule_not_the_input_order(order: tuple[int, int]) -> None:
    """Issue 24 item 7: same-day results with equal ng/mL in different units followed the input order."""
    same_day = [("100", "ug/L"), ("100", "ng/mL")]  # 1 ug/L = 1 ng/mL: equal values
    given = [same_day[i] for i in order]
    s = igflab.interpret_series(
        [{"value": v, "unit": u, "age": 40} for v, u in given] + [{"value": 300, "unit": "ng/mL", "age": 41}],
        sex="male",
    )
    units = [r.interpretation.value.input_unit for r in s.results]
    assert units[:2] == sorted(units[:2], key=lambda u: u.replace("\u00b5", "u").lower())  # ng/ml before ug/l
    sb = igflab.interpret_series_batch(
        ["p"] * 3, [v for v, _ in given] + [300], [u for _, u in given] + ["ng/mL"], "male", ages=[40, 40, 41]
    )
    first = next(i for i in range(2) if sb.sequence[i] == 0)
    assert given[first][1] == "ng/mL"
    assert sb.previous[2] == 1 - first  # the later result compares with the last same-day one
