"""The special functions and the BCCG/BCPE distributions against scipy and the gamlss formulas."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import special as sp
from scipy import stats

from igflab.backend import SCALAR, numpy_backend
from igflab.science import bccg, bcpe, lms, special
from tests import gamlss_reference as ref

XP = numpy_backend()


def test_normal_tail_quantile_matches_scipy_down_to_1e_300() -> None:
    r = np.concatenate([np.geomspace(1e-300, 0.5, 400), np.linspace(0.01, 0.5, 100)])
    np.testing.assert_allclose(special.normal_tail_quantile(r, XP), stats.norm.ppf(r), rtol=1e-14, atol=1e-14)
    assert special.normal_tail_quantile(0.0) == -math.inf
    assert special.normal_tail_quantile(0.025) == pytest.approx(-lms.Z_975, abs=1e-14)


def test_lgamma_matches_math_lgamma() -> None:
    for x in np.linspace(0.05, 10, 200):
        assert special.lgamma(float(x)) == pytest.approx(math.lgamma(float(x)), rel=1e-13, abs=1e-14)


def test_incomplete_gamma_tails_match_scipy() -> None:
    a = np.repeat([0.3, 0.36, 0.5, 0.7, 1.0, 1.5, 2.2, 3.0], 60)
    s = np.tile(np.geomspace(1e-8, 80, 60), 8)
    p, q = special.gamma_tails(a, s, XP)
    np.testing.assert_allclose(p, sp.gammainc(a, s), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(q, sp.gammaincc(a, s), rtol=1e-11, atol=1e-300)
    assert special.gamma_tails(0.5, 0.0) == (0.0, 1.0)


def test_incomplete_gamma_inverse_matches_scipy() -> None:
    a = np.repeat([0.3, 0.5, 0.7, 1.0, 1.5, 2.2], 50)
    r = np.tile(np.geomspace(1e-14, 1.0, 50), 6)
    np.testing.assert_allclose(special.gamma_tail_inverse(a, r, XP), sp.gammainccinv(a, r), rtol=1e-10, atol=1e-300)


# (mu, sigma, nu, tau): LIFE IGF-1 at 2 months and 45 years (male), a negative nu (female 45 y),
# nu = 0, and two strongly skewed cases where the truncation matters.
CASES = [
    (40.27, 0.4334, 0.3839, 1.9157),
    (141.68, 0.2301, 0.4947, 1.5804),
    (139.66, 0.2346, -0.0317, 1.7291),
    (100.0, 0.3, 0.0, 2.4),
    (60.0, 0.6, 2.5, 1.3),
    (300.0, 0.5, -2.0, 2.8),
]


FAMILIES = {"BCPE": (bcpe, ref.p_bcpe, ref.q_bcpe, 4), "BCCG": (bccg, ref.p_bccg, ref.q_bccg, 3)}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("family", list(FAMILIES))
def test_sds_centile_and_quantile_agree_with_the_gamlss_formulas(family: str, case: tuple[float, ...]) -> None:
    module, p_of, q_of, n = FAMILIES[family]
    params = case[:n]
    y = np.geomspace(case[0] / 4, case[0] * 2.5, 300)
    p = p_of(y, *params)
    ok = (p > 1e-8) & (p < 1 - 1e-8)  # where the plain formula still has 8 digits of each tail
    np.testing.assert_allclose(module.sds(y, params, XP)[ok], stats.norm.ppf(p[ok]), atol=1e-9)
    np.testing.assert_allclose(module.centile(y, params, XP), 100 * p, atol=1e-10)
    z = np.linspace(-3.5, 3.5, 71)
    np.testing.assert_allclose(module.value_from_sds(z, params, XP), q_of(stats.norm.cdf(z), *params), rtol=1e-9)


def test_one_value_gives_what_a_column_gives() -> None:
    for case in CASES:
        for y in (case[0] * 0.5, case[0], case[0] * 1.7):
            col = bcpe.sds(np.array([y]), case, XP)[0]
            assert bcpe.sds(y, case, SCALAR) == pytest.approx(col, abs=1e-13)
            assert bccg.sds(y, case[:3], SCALAR) == pytest.approx(bccg.sds(np.array([y]), case[:3], XP)[0], abs=1e-13)


def test_bccg_equals_plain_lms_where_nothing_is_cut_and_differs_where_it_is() -> None:
    # Bidlingmaier 2014 male, 45 y: Phi(-1/(S*L)) ~ 1e-20, so the SDS is the LMS z.
    p = (131.72, 0.27116, 0.4568)
    for x in (60.0, 131.72, 250.0):
        assert bccg.sds(x, p) == pytest.approx(lms.sds_from_value(x, (p[2], p[0], p[1])), abs=1e-12)
    # Isojima 2012 male newborn (L 0.658, M 67, S 0.524): 0.19 % of the normal lies beyond the cut,
    # so the BCCG 2.5th centile is well above the LMS one (clinical.md section 9: 4.9 % at P2.5).
    iso = (67.0, 0.524, 0.658)
    lms_low = lms.value_from_sds(-lms.Z_975, (iso[2], iso[0], iso[1]))
    bccg_low = bccg.value_from_sds(-lms.Z_975, iso)
    assert bccg_low / lms_low - 1 == pytest.approx(0.049, abs=0.001)
    assert bccg_low == pytest.approx(ref.q_bccg(0.025, *iso), rel=1e-12)


def test_values_beyond_the_normal_range_keep_their_precision() -> None:
    # At -14.7 SDS scipy's plain formula gives p = 0 (SDS -inf); the tails carried apart do not.
    case = (300.0, 0.3, -1.2, 2.7)
    z = bcpe.sds(90.0, case)
    assert -16 < z < -13
    assert bcpe.value_from_sds(z, case) == pytest.approx(90.0, rel=1e-12)
