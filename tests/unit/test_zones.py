"""Zone rules at every boundary, adult vs child, and monotonicity."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import igflab
from igflab.science.references import get_reference
from igflab.science.zlog import zlog
from igflab.science.zones import THIRD_Z, Flag, Zone, ZoneCode, classify, flag_for

below = math.nextafter


def zone(x: float, lo: float, hi: float, adult: bool, z: float = math.nan) -> Zone:
    return ZoneCode(classify(x, lo, hi, z, adult)).zone


@pytest.mark.parametrize(
    ("x", "z", "expected"),
    [
        (below(70, 0), -1.97, Zone.BELOW_REFERENCE),
        (70, -1.96, Zone.LOWER_THIRD),
        (100, below(-THIRD_Z, -9), Zone.LOWER_THIRD),
        (110, -THIRD_Z, Zone.MIDDLE_THIRD),
        (130, THIRD_Z, Zone.MIDDLE_THIRD),
        (150, math.nextafter(THIRD_Z, 9), Zone.UPPER_THIRD),
        (200, 1.96, Zone.UPPER_THIRD),
        (150, math.nan, Zone.WITHIN_REFERENCE),  # inside, no score: the third is not known
        (math.nextafter(200, 1e9), 1.97, Zone.ABOVE_REFERENCE),
        (1.3 * 200, 3.0, Zone.ABOVE_REFERENCE),
        (math.nextafter(1.3 * 200, 1e9), 3.0, Zone.WELL_ABOVE_REFERENCE),
    ],
)
def test_adult_boundaries_both_sides(x: float, z: float, expected: Zone) -> None:
    assert zone(x, 70, 200, True, z) is expected


def test_thirds_are_the_interval_in_three_equal_parts() -> None:
    # -1.96 .. +1.96 (the central 95%, Cole 1990; the zlog limits, Hoffmann 2017) in three equal parts
    assert pytest.approx(1.959964 / 3) == THIRD_Z
    assert pytest.approx(1.959964 - THIRD_Z) == 2 * THIRD_Z


@pytest.mark.parametrize(
    ("x", "expected"),
    [
        (below(150, 0), Zone.BELOW_REFERENCE),
        (150, Zone.LOWER_THIRD),
        (130, Zone.BELOW_REFERENCE),
        (550, Zone.UPPER_THIRD),
        (551, Zone.ABOVE_REFERENCE),
        (715, Zone.ABOVE_REFERENCE),
        # The 1.3 x upper-limit threshold is the adult acromegaly consensus's (Giustina 2024): under 18 it
        # does not split the zone above the reference.
        (715.0001, Zone.ABOVE_REFERENCE),
        (5000, Zone.ABOVE_REFERENCE),
    ],
)
def test_child_boundaries(x: float, expected: Zone) -> None:
    z = zlog(x, 150, 550)
    assert zone(x, 150, 550, False, z) is expected


@given(st.floats(1, 2000), st.floats(0.1, 94), st.sampled_from(["male", "female"]))
def test_zone_follows_the_position_for_age(x: float, age: float, sex: str) -> None:
    """Clinical review finding 2: the zone names the position for age, never the pooled 120-160 band."""
    r = igflab.interpret(x, "ng/mL", age=age, sex=sex)
    assert r.sds is not None
    lo, hi = r.reference.lower_ng_per_ml, r.reference.upper_ng_per_ml
    if lo <= x <= hi:
        expected = [Zone.LOWER_THIRD, Zone.MIDDLE_THIRD, Zone.UPPER_THIRD][(r.sds >= -THIRD_Z) + (r.sds > THIRD_Z)]
        assert r.zone is expected


def test_review_finding_2_examples() -> None:
    """A man of 18 at the 3rd centile is in the lower third (was "mid-range"); a woman of 85 at her median is in the
    middle third (was "low-normal"); the band is its own field."""
    man = igflab.interpret(150, "ng/mL", age=18, sex="male")
    assert round(man.centile) == 3
    assert man.zone is Zone.LOWER_THIRD
    assert man.adult_band is None
    woman = igflab.interpret(90, "ng/mL", age=85, sex="female")
    assert abs(woman.sds or 9) < 0.05
    assert woman.zone is Zone.MIDDLE_THIRD
    assert woman.adult_band == "below"
    older = igflab.interpret(166, "ng/mL", age=85, sex="female")
    assert older.zone is Zone.UPPER_THIRD
    assert older.adult_band == "above"
    assert not any("under about 30" in n.text for n in older.notes)


def test_adult_band_only_from_the_cohort_ages() -> None:
    young = igflab.interpret(150, "ng/mL", age=25, sex="female")
    assert young.adult_band is None
    assert not any("120-160" in n.text or "mortality" in n.text for n in young.notes)
    assert igflab.interpret(150, "ng/mL", age=40, sex="female").adult_band == "within"
    assert igflab.interpret("4.1 mg/L", age=45, sex="male", analyte="igfbp3").adult_band is None


def test_step_at_18_keeps_the_position() -> None:
    # 17.99 y vs 18.0 y, same value: the same part of the interval; no adult band before 40
    child = igflab.interpret(250, "ng/mL", age=17.99, sex="female")
    adult = igflab.interpret(250, "ng/mL", age=18.0, sex="female")
    assert child.zone is Zone.MIDDLE_THIRD  # SDS -0.22 at both ages
    assert not child.adult
    assert adult.zone is Zone.MIDDLE_THIRD
    assert adult.adult
    # a child's result is compared with children only: no adult band, no mortality text
    assert not any("120-160" in n.text or "mortality" in n.text for n in child.notes)
    assert any("compared only with children of the same age and sex" in n.text for n in child.notes)


def test_reference_limits_decide_against_interpret() -> None:
    iv = get_reference().interval(45, "male")
    assert igflab.interpret(iv.lower, "ng/mL", age=45, sex="male").zone is Zone.LOWER_THIRD
    assert igflab.interpret(below(iv.lower, 0), "ng/mL", age=45, sex="male").zone is Zone.BELOW_REFERENCE
    assert igflab.interpret(iv.upper, "ng/mL", age=45, sex="male").zone is Zone.UPPER_THIRD
    up = math.nextafter(iv.upper, 1e9)
    assert igflab.interpret(up, "ng/mL", age=45, sex="male").flag is Flag.H
    hu = math.nextafter(1.3 * iv.upper, 1e9)
    assert igflab.interpret(hu, "ng/mL", age=45, sex="male").flag is Flag.HU


def test_flags() -> None:
    assert [flag_for(z).value for z in Zone] == ["L", "N", "N", "N", "N", "H", "HU", "IND"]


ORDER = {
    Zone.BELOW_REFERENCE: 0,
    Zone.LOWER_THIRD: 1,
    Zone.MIDDLE_THIRD: 2,
    Zone.UPPER_THIRD: 3,
    Zone.WITHIN_REFERENCE: 2,
    Zone.ABOVE_REFERENCE: 4,
    Zone.WELL_ABOVE_REFERENCE: 5,
}


@given(
    st.floats(min_value=1, max_value=3000),
    st.floats(min_value=1, max_value=3000),
    st.floats(min_value=0, max_value=94),
    st.sampled_from(["male", "female"]),
)
def test_zones_never_go_down_as_value_goes_up(a: float, b: float, age: float, sex: str) -> None:
    lo, hi = sorted((a, b))
    za = igflab.interpret(lo, "ng/mL", age=age, sex=sex).zone
    zb = igflab.interpret(hi, "ng/mL", age=age, sex=sex).zone
    assert ORDER[za] <= ORDER[zb]
