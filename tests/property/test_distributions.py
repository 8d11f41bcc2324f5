"""Invariants of the BCCG and BCPE distributions (igflab.science.bccg, igflab.science.bcpe)."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from igflab.backend import numpy_backend
from igflab.science import bccg, bcpe
from tests.strategies import box_cox_params

XP = numpy_backend()
ratios = st.floats(min_value=0.2, max_value=4.0)


@given(box_cox_params, ratios, ratios)
def test_the_distribution_function_rises_with_the_value(p: tuple[float, ...], a: float, b: float) -> None:
    lo, hi = sorted((a * p[0], b * p[0]))
    assert bcpe.centile(lo, p) <= bcpe.centile(hi, p)
    assert bcpe.sds(lo, p) <= bcpe.sds(hi, p)
    assert bccg.sds(lo, p[:3]) <= bccg.sds(hi, p[:3])


@given(box_cox_params, ratios)
def test_the_quantile_of_the_distribution_function_is_the_value(p: tuple[float, ...], r: float) -> None:
    x = r * p[0]
    z = bcpe.sds(x, p)
    if abs(z) < 8:  # beyond, the value sits where a double cannot tell its neighbours' SDS apart
        assert math.isclose(bcpe.value_from_sds(z, p), x, rel_tol=1e-9)
    z = bccg.sds(x, p[:3])
    if abs(z) < 8:
        assert math.isclose(bccg.value_from_sds(z, p[:3]), x, rel_tol=1e-9)


@given(box_cox_params, ratios)
def test_bcpe_with_tau_2_is_bccg(p: tuple[float, ...], r: float) -> None:
    mu, sigma, nu, _ = p
    x = r * mu
    assert math.isclose(bcpe.sds(x, (mu, sigma, nu, 2.0)), bccg.sds(x, (mu, sigma, nu)), rel_tol=1e-10, abs_tol=1e-10)
    z = bccg.sds(x, (mu, sigma, nu))
    if abs(z) < 8:
        assert math.isclose(bcpe.value_from_sds(z, (mu, sigma, nu, 2.0)), x, rel_tol=1e-9)


@given(box_cox_params, st.lists(ratios, min_size=1, max_size=5))
def test_one_value_equals_the_column(p: tuple[float, ...], rs: list[float]) -> None:
    xs = np.array(rs) * p[0]
    col = bcpe.sds(xs, p, XP)
    for x, c in zip(xs, col, strict=True):
        assert math.isclose(bcpe.sds(float(x), p), float(c), rel_tol=1e-12, abs_tol=1e-12)
