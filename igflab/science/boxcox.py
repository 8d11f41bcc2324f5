"""The Box-Cox family as gamlss defines it, written once: BCCG and BCPE differ only in the
symmetric distribution of the transformed variable (:mod:`igflab.science.bccg`,
:mod:`igflab.science.bcpe`).

With mu (M), sigma (S) and nu (L), the Box-Cox transform of a value y > 0 is
``z = ((y/mu)**nu - 1) / (nu*sigma)`` (``log(y/mu)/sigma`` when nu = 0), the LMS z of
:func:`igflab.science.lms.sds_from_value`. Because y > 0, z cannot pass ``-1/(sigma*nu)``
when nu > 0 (nor ``+1/(sigma*|nu|)`` when nu < 0), so gamlss truncates the symmetric
distribution G of z there and renormalises (R package gamlss.dist, ``pBCCG``/``pBCPE``):

    F(y) = (G(z) - G(-h)) / G(h)   (nu > 0),   F(y) = G(z) / G(h)   (nu < 0),   h = 1/(sigma*|nu|)

(for nu = 0 nothing is cut: F(y) = G(z)). The SDS is then ``Phi^-1(F(y))``, as the R package
childsds computes it (``qnorm(p<dist>(...))``); plain LMS takes z itself. Both tails are
carried separately (``lower`` = F(y), ``upper`` = 1 - F(y), each computed directly) so that
an SDS of -6 or +6 keeps its precision.

A family is the pair of functions ``tails(z, extra, xp) -> (G(z), 1 - G(z))`` and
``tail_inverse(r, extra, xp) -> z <= 0 with G(z) = r`` (``extra``: tau for BCPE, unused for
BCCG). Every function takes an optional backend (:mod:`igflab.backend`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, NamedTuple

from igflab.backend import SCALAR, Backend

from . import lms
from .special import normal_tail_quantile

__all__ = ["Family", "centile", "sds", "tails", "value_from_sds"]

_L_ZERO = 1e-7


class Family(NamedTuple):
    """A symmetric distribution of the transformed variable: its two tails and the inverse of the lower one."""

    tails: Callable[[Any, Any, Backend], tuple[Any, Any]]
    tail_inverse: Callable[[Any, Any, Backend], Any]


def _cut(fam: Family, sigma: Any, nu: Any, extra: Any, xp: Backend) -> tuple[Any, Any, Any]:
    """(mass cut off, nu > 0, nu < 0): the mass of G beyond h = 1/(sigma*|nu|), 0 when nu = 0."""
    pos = nu >= _L_ZERO
    neg = nu <= -_L_ZERO
    mag = xp.where(pos | neg, abs(nu), 1.0)
    cut, _ = fam.tails(-1.0 / (sigma * mag), extra, xp)
    return xp.where(pos | neg, cut, 0.0), pos, neg


def tails(y: Any, params: tuple[Any, ...], fam: Family, xp: Backend = SCALAR) -> tuple[Any, Any]:
    """(F(y), 1 - F(y)) of value(s) ``y`` > 0; ``params`` = (mu, sigma, nu, extra)."""
    mu, sigma, nu, extra = params
    z = lms.sds_from_value(y, (nu, mu, sigma), xp)
    g_lo, g_hi = fam.tails(z, extra, xp)
    cut, pos, neg = _cut(fam, sigma, nu, extra, xp)
    kept = 1.0 - cut
    lower = xp.where(pos, (g_lo - cut) / kept, g_lo / kept)
    upper = xp.where(neg, (g_hi - cut) / kept, g_hi / kept)
    # Rounding can leave a tail a hair below 0; nan (an age outside the table) stays nan.
    return xp.where(lower < 0.0, 0.0, lower), xp.where(upper < 0.0, 0.0, upper)


def sds(y: Any, params: tuple[Any, ...], fam: Family, xp: Backend = SCALAR) -> Any:
    """SDS = Phi^-1(F(y)) of value(s) ``y`` (from the smaller tail)."""
    lower, upper = tails(y, params, fam, xp)
    small = xp.where(lower < upper, lower, upper)
    z = normal_tail_quantile(small, xp)
    return xp.where(lower < upper, z, -z)


def centile(y: Any, params: tuple[Any, ...], fam: Family, xp: Backend = SCALAR) -> Any:
    """Centile in percent (0-100): 100 * F(y)."""
    lower, _ = tails(y, params, fam, xp)
    return 100.0 * lower


def value_from_sds(z: Any, params: tuple[Any, ...], fam: Family, xp: Backend = SCALAR) -> Any:
    """The value y with SDS ``z``, i.e. F(y) = Phi(z) (gamlss ``q<dist>(pnorm(z), ...)``)."""
    mu, sigma, nu, extra = params
    p = 0.5 * xp.erfc(-z * math.sqrt(0.5))
    q = 0.5 * xp.erfc(z * math.sqrt(0.5))
    cut, pos, neg = _cut(fam, sigma, nu, extra, xp)
    kept = 1.0 - cut
    g_lo = xp.where(pos, cut + p * kept, p * kept)
    g_hi = xp.where(neg, cut + q * kept, q * kept)
    lower_side = g_lo < g_hi
    t = fam.tail_inverse(xp.where(lower_side, g_lo, g_hi), extra, xp)
    t = xp.where(lower_side, t, -t)
    return lms.value_from_sds(t, (nu, mu, sigma), xp)
