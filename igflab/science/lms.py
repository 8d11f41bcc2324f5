"""The LMS method (Cole 1990; Cole & Green 1992), written once for floats and arrays.

* value -> SDS: ``z = ((X/M)**L - 1) / (L*S)``, or ``ln(X/M) / S`` when L = 0;
* SDS -> value: ``X = M * (1 + L*S*z)**(1/L)``, or ``M * exp(S*z)`` when L = 0;
* centile: ``100 * Phi(z)``, Phi the standard normal distribution function.

``expm1``/``log1p`` forms keep the formulas accurate as L approaches 0. L, M and S are
interpolated linearly in age between the reference's knots, as the childsds package
does for the same tables (:mod:`igflab.science.tables`). Every function takes an optional
backend: the default works on Python floats, :func:`igflab.backend.numpy_backend` on
numpy arrays.
"""

from __future__ import annotations

import math
from typing import Any

from igflab.backend import SCALAR, Backend

__all__ = ["Z_975", "centile_from_sds", "interpolate", "sds_from_value", "segment", "value_from_sds"]

#: The 97.5th centile of the standard normal distribution (the 2.5th is its negative).
Z_975 = 1.959963984540054

_L_ZERO = 1e-7
_SQRT_HALF = math.sqrt(0.5)


def sds_from_value(x: Any, lms: tuple[Any, Any, Any], xp: Backend = SCALAR) -> Any:
    """SDS (z-score) of value(s) ``x`` given L, M, S."""
    L, M, S = lms
    if xp is SCALAR and abs(L) >= _L_ZERO:  # speed: one value, the usual L (the same operations as below)
        return math.expm1(L * math.log(x / M)) / (L * S)
    small = abs(L) < _L_ZERO
    log_ratio = xp.log(x / M)
    if not xp.any(small):  # speed: the usual columns (no L near 0): the same operations, one branch
        return xp.expm1(L * log_ratio) / (L * S)
    safe_l = xp.where(small, 1.0, L)
    return xp.where(small, log_ratio / S, xp.expm1(safe_l * log_ratio) / (safe_l * S))


def value_from_sds(z: Any, lms: tuple[Any, Any, Any], xp: Backend = SCALAR) -> Any:
    """Value(s) at SDS ``z`` given L, M, S (``nan`` where ``1 + L*S*z <= 0``)."""
    L, M, S = lms
    if xp is SCALAR and abs(L) >= _L_ZERO:  # speed: one value, the usual L (the same operations as below)
        base = L * S * z
        return M * math.exp(math.log1p(base) / L) if base > -1.0 else math.nan
    small = abs(L) < _L_ZERO
    if not xp.any(small):  # speed: the usual columns (no L near 0): the same operations, one branch
        base = L * S * z
        ok = base > -1.0
        if xp.all(ok):
            return M * xp.exp(xp.log1p(base) / L)
    safe_l = xp.where(small, 1.0, L)
    base = safe_l * S * z
    ok = base > -1.0
    safe_base = xp.where(ok, base, 0.0)
    out = xp.where(small, M * xp.exp(S * z), M * xp.exp(xp.log1p(safe_base) / safe_l))
    return xp.where(ok | small, out, math.nan)


def centile_from_sds(z: Any, xp: Backend = SCALAR) -> Any:
    """Centile in percent (0-100) of SDS ``z``."""
    return 50.0 * xp.erfc(-z * _SQRT_HALF)


def interpolate(age: Any, knots: Any, values: Any, slopes: Any, xp: Backend = SCALAR) -> Any:
    """Piecewise-linear value at ``age``; ``slopes[i]`` is the slope from knot i to i+1.

    ``age`` must already be inside ``[knots[0], knots[-1]]``: callers check the domain
    first and report ages outside it as errors, never as clamped values.
    """
    i, dt = segment(age, knots, xp)
    return xp.take(values, i) + dt * xp.take(slopes, i)


def segment(age: Any, knots: Any, xp: Backend = SCALAR) -> tuple[Any, Any]:
    """Index of the knot interval holding ``age``, and the distance from its left knot.

    Computed once per age, then reused for L, M and S (see :func:`interpolate`).
    """
    i = xp.clip(xp.searchsorted(knots, age) - 1, 0, len(knots) - 2)
    return i, age - xp.take(knots, i)
