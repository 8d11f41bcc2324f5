"""The BCCG distribution (Box-Cox Cole-Green; Cole & Green 1992), as gamlss defines it.

BCCG is the LMS method's distribution (nu = L, mu = M, sigma = S) with a standard normal
transformed variable, truncated where the Box-Cox transform ends (see
:mod:`igflab.science.boxcox`). gamlss.dist ``pBCCG``/``qBCCG`` (cran/gamlss.dist, R/BCCG.R)
are the reference definitions; the R package childsds reports SDS = ``qnorm(pBCCG(...))``.
Where the cut-off mass is negligible (``Phi(-1/(S*|L|))`` below about 1e-16, true of the
IGF-1 tables shipped before), the SDS equals the plain LMS z of :mod:`igflab.science.lms`.
Parameters are ``(mu, sigma, nu)``; every function takes an optional backend.
"""

from __future__ import annotations

import math
from typing import Any

from igflab.backend import SCALAR, Backend

from . import boxcox
from .special import normal_tail_quantile

__all__ = ["FAMILY", "centile", "sds", "tails", "value_from_sds"]

_SQRT_HALF = math.sqrt(0.5)


def _normal_tails(z: Any, _extra: Any, xp: Backend) -> tuple[Any, Any]:
    return 0.5 * xp.erfc(-z * _SQRT_HALF), 0.5 * xp.erfc(z * _SQRT_HALF)


def _normal_inverse(r: Any, _extra: Any, xp: Backend) -> Any:
    return normal_tail_quantile(r, xp)


#: The standard normal as a :class:`~igflab.science.boxcox.Family`.
FAMILY = boxcox.Family(_normal_tails, _normal_inverse)


def tails(y: Any, params: tuple[Any, ...], xp: Backend = SCALAR) -> tuple[Any, Any]:
    """(F(y), 1 - F(y)) for BCCG(mu, sigma, nu) (gamlss ``pBCCG``)."""
    return boxcox.tails(y, (*params, None), FAMILY, xp)


def sds(y: Any, params: tuple[Any, ...], xp: Backend = SCALAR) -> Any:
    """SDS = qnorm(pBCCG(y, mu, sigma, nu))."""
    return boxcox.sds(y, (*params, None), FAMILY, xp)


def centile(y: Any, params: tuple[Any, ...], xp: Backend = SCALAR) -> Any:
    """100 * pBCCG(y, mu, sigma, nu)."""
    return boxcox.centile(y, (*params, None), FAMILY, xp)


def value_from_sds(z: Any, params: tuple[Any, ...], xp: Backend = SCALAR) -> Any:
    """qBCCG(pnorm(z), mu, sigma, nu)."""
    return boxcox.value_from_sds(z, (*params, None), FAMILY, xp)
