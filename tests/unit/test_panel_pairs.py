"""What IGF-1 and IGFBP-3 say together: sides of the interval only (clinical review 2026-12, finding 14)."""

from __future__ import annotations

import pytest

import igflab
from igflab.science.zones import Zone
from igflab.text.panel import pair_side
from igflab.text.zones import ZONE_WORDS


def test_igf1_well_above_with_igfbp3_above_is_both_high_not_a_pair_that_disagrees() -> None:
    """Finding 14: 600 ng/mL with IGFBP-3 7.5 mg/L at 25 was 'a pair that disagrees' (well above vs above)."""
    p = igflab.interpret_panel("600 ng/mL", "7.5 mg/L", age=25, sex="male")
    assert p.igf1.zone is Zone.WELL_ABOVE_REFERENCE
    assert p.igfbp3.zone is Zone.ABOVE_REFERENCE
    notes = " ".join(n.text for n in p.notes)
    assert "disagree" not in notes
    assert " while IGFBP-3 is " not in notes
    assert "IGF-1 and IGFBP-3 are both above the reference interval for age and sex" in notes
    b = igflab.interpret_panel_batch([600], [7.5], [25], ["male"], units=("ng/mL", "mg/L"))
    assert not b.discordant[0]
    assert not b.both_low[0]


@pytest.mark.parametrize("zone", list(Zone))
def test_pair_sides_are_below_inside_above(zone: Zone) -> None:
    """Finding 14: the thirds are inside and 'well above' is above; only these three sides are compared."""
    if zone is Zone.INDETERMINATE:
        return
    side = pair_side(zone)
    expected = {Zone.BELOW_REFERENCE: "below", Zone.ABOVE_REFERENCE: "above", Zone.WELL_ABOVE_REFERENCE: "above"}
    assert side == expected.get(zone, "inside")
    assert zone in ZONE_WORDS


def test_a_pair_on_different_sides_still_disagrees() -> None:
    """Finding 14 keeps the real discordance: IGF-1 below with IGFBP-3 inside."""
    p = igflab.interpret_panel("40 ng/mL", "4.1 mg/L", age=45, sex="male")
    assert pair_side(p.igf1.zone) == "below"
    assert pair_side(p.igfbp3.zone) == "inside"
    assert any(" while IGFBP-3 is " in n.text for n in p.notes)
