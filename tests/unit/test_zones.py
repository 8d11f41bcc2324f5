"""Zone rules at every boundary, adult vs child, and monotonicity."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import igflab
from igflab.science.references import get_reference
from igflab.science.zones import Flag, Zone, ZoneCode, classify, flag_for

below = math.nextafter


def zone(x: float, lo: float, hi: float, adult: bool) -> Zone:
    return ZoneCode(classify(x, lo, hi, adult)).zone


@pytest.mark.parametrize(
    ("x", "expected"),
    [
        (below(70, 0), Zone.BELOW_REFERENCE),
        (70, Zone.LOW_NORMAL),
        (below(120, 0), Zone.LOW_NORMAL),
        (120, Zone.MID_RANGE),
        (160, Zone.MID_RANGE),
        (math.nextafter(160, 1e9), Zone.HIGH_NORMAL),
        (200, Zone.HIGH_NORMAL),
        (math.nextafter(200, 1e9), Zone.ABOVE_REFERENCE),
        (1.3 * 200, Zone.ABOVE_REFERENCE),
        (math.nextafter(1.3 * 200, 1e9), Zone.WELL_ABOVE_REFERENCE),
    ],
)
def test_adult_boundaries_both_sides(x: float, expected: Zone) -> None:
    assert zone(x, 70, 200, adult=True) is expected


@pytest.mark.parametrize(
    ("x", "expected"),
    [
        (below(150, 0), Zone.BELOW_REFERENCE),
        (150, Zone.WITHIN_REFERENCE),
        (130, Zone.BELOW_REFERENCE),
        (550, Zone.WITHIN_REFERENCE),
        (551, Zone.ABOVE_REFERENCE),
        (715, Zone.ABOVE_REFERENCE),
        # The 1.3 x upper-limit threshold is the adult acromegaly consensus's (Giustina 2024): under 18 it
        # does not split the zone above the reference.
        (715.0001, Zone.ABOVE_REFERENCE),
        (5000, Zone.ABOVE_REFERENCE),
    ],
)
def test_child_boundaries(x: float, expected: Zone) -> None:
    # A child has no mid-range: 130 ng/mL is below a 150-550 reference although adults call it mid-range.
    assert zone(x, 150, 550, adult=False) is expected


def test_mid_range_only_for_adults_via_interpret() -> None:
    # 17.99 y vs 18.0 y, same value inside both references.
    child = igflab.interpret(250, "ng/mL", age=17.99, sex="female")
    adult = igflab.interpret(250, "ng/mL", age=18.0, sex="female")
    assert child.zone is Zone.WITHIN_REFERENCE
    assert not child.adult
    assert adult.zone is Zone.HIGH_NORMAL
    assert adult.adult
    # a child's result is compared with children only: no adult band, no mortality text
    assert not any("120-160" in n.text or "mortality" in n.text for n in child.notes)
    assert any("compared only with children of the same age and sex" in n.text for n in child.notes)


def test_reference_limits_decide_against_interpret() -> None:
    iv = get_reference().interval(45, "male")
    assert igflab.interpret(iv.lower, "ng/mL", age=45, sex="male").zone is Zone.LOW_NORMAL
    assert igflab.interpret(below(iv.lower, 0), "ng/mL", age=45, sex="male").zone is Zone.BELOW_REFERENCE
    assert igflab.interpret(iv.upper, "ng/mL", age=45, sex="male").zone is Zone.HIGH_NORMAL
    up = math.nextafter(iv.upper, 1e9)
    assert igflab.interpret(up, "ng/mL", age=45, sex="male").flag is Flag.H
    hu = math.nextafter(1.3 * iv.upper, 1e9)
    assert igflab.interpret(hu, "ng/mL", age=45, sex="male").flag is Flag.HU


def test_flags() -> None:
    assert [flag_for(z).value for z in Zone] == ["L", "N", "N", "N", "N", "H", "HU", "IND"]


ORDER = {
    Zone.BELOW_REFERENCE: 0,
    Zone.LOW_NORMAL: 1,
    Zone.MID_RANGE: 2,
    Zone.HIGH_NORMAL: 3,
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
