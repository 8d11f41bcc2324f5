"""The reference change value against the figures in the project's clinical notes (section 6),
computed here independently of igflab's code."""

from __future__ import annotations

import math

import pytest

from igflab.errors import InputError
from igflab.science.rcv import CHANGE_DOWN, CHANGE_NONE, CHANGE_UP, DEFAULT_CV, change_code, check_cv, rcv_limits, z_for


def _lognormal(cva: float, cvi: float, z: float) -> tuple[float, float]:
    """clinical.md section 6: sigma = sqrt(ln(1+CVi^2) + ln(1+CVa^2)); RCV = exp(+-sqrt(2) z sigma) - 1."""
    sigma = math.sqrt(math.log(1 + cvi**2) + math.log(1 + cva**2))
    return math.exp(math.sqrt(2) * z * sigma) - 1, math.exp(-math.sqrt(2) * z * sigma) - 1


def test_clinical_notes_example_cva5_cvi15() -> None:
    up, down = rcv_limits(0.15, 0.05, z=z_for(0.95, one_sided=False))
    assert round(up * 100, 1) == 54.7  # clinical.md section 6: +54.7 %
    assert round(down * 100, 1) == -35.3  # and -35.3 %
    ref_up, ref_down = _lognormal(0.05, 0.15, 1.96)
    assert up == pytest.approx(ref_up, abs=2e-5)
    assert down == pytest.approx(ref_down, abs=2e-5)


@pytest.mark.parametrize("cva", [0.03, 0.05, 0.08])
@pytest.mark.parametrize("cvi", [0.11, 0.15, 0.21])
@pytest.mark.parametrize("one_sided", [False, True])
def test_log_normal_form_over_the_ranges_in_the_notes(cva: float, cvi: float, one_sided: bool) -> None:
    z = 1.6448536269514722 if one_sided else 1.959963984540054
    assert z_for(0.95, one_sided) == pytest.approx(z, rel=1e-12)
    up, down = rcv_limits(cvi, cva, z=z)
    assert (up, down) == pytest.approx(_lognormal(cva, cvi, z), rel=1e-12)
    assert up > -down > 0  # asymmetric: a rise needs a larger percent change than a fall
    assert (1 + up) * (1 + down) == pytest.approx(1.0)


def test_symmetric_figures_of_the_notes_are_the_first_order_of_the_log_normal_form() -> None:
    """The notes' symmetric RCVs (sqrt(2) z sqrt(CVa^2 + CVi^2)): 33.5 / 43.8 / 59.8 % for CVa 5 %."""
    for cvi, printed in ((0.11, 33.5), (0.15, 43.8), (0.21, 59.8)):
        symmetric = math.sqrt(2) * 1.96 * math.sqrt(0.05**2 + cvi**2) * 100
        assert round(symmetric, 1) == printed
        up, down = rcv_limits(cvi, 0.05, z=1.96)
        assert -down * 100 < printed < up * 100  # the log-normal limits bracket the symmetric one


def test_two_assays_combine_their_analytical_variances() -> None:
    up, down = rcv_limits(0.15, 0.03, 0.08, z=1.96)
    sigma2 = 2 * math.log(1 + 0.15**2) + math.log(1 + 0.03**2) + math.log(1 + 0.08**2)
    assert up == pytest.approx(math.exp(1.96 * math.sqrt(sigma2)) - 1)
    assert down == pytest.approx(math.exp(-1.96 * math.sqrt(sigma2)) - 1)


def test_change_code_at_and_beyond_the_limits() -> None:
    up, down = 0.5, -1 / 3
    assert change_code(1.5, up, down) == CHANGE_NONE  # exactly at the limit: not beyond it
    assert change_code(1.5 + 1e-9, up, down) == CHANGE_UP
    assert change_code(1 + down - 1e-9, up, down) == CHANGE_DOWN
    assert change_code(1.2, up, down) == CHANGE_NONE


def test_defaults_are_cited_and_marked_uncertain() -> None:
    assert DEFAULT_CV["analytical"].cv == 0.05
    assert DEFAULT_CV["within_person"].cv == 0.15
    assert all(c.uncertain and c.citations for c in DEFAULT_CV.values())
    assert "nguyen2008" in DEFAULT_CV["within_person"].citations


@pytest.mark.parametrize("bad", [5, 0, -0.1, 1.5, float("nan"), True, "0.05", None])
def test_a_cv_is_a_fraction(bad: object) -> None:
    with pytest.raises(InputError) as e:
        check_cv(bad, "cv_within")
    assert e.value.field == "cv_within"


@pytest.mark.parametrize("bad", [0.3, 1.0, 2, "0.95", True])
def test_a_probability_is_refused_outside_half_to_one(bad: object) -> None:
    with pytest.raises(InputError):
        z_for(bad, False)
