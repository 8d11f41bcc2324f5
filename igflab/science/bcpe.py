"""The BCPE distribution (Box-Cox power exponential; Rigby & Stasinopoulos 2004), as gamlss defines it.

BCPE adds a kurtosis parameter tau to BCCG: the transformed variable follows a power
exponential distribution PE(0, 1, tau) with

    G(t) = (1 + sign(t) * P(1/tau, |t/c|**tau / 2)) / 2,   c = sqrt(2**(-2/tau) * Gamma(1/tau) / Gamma(3/tau)),

P the regularised lower incomplete gamma function (gamlss.dist ``pBCPE``/``qBCPE``,
cran/gamlss.dist, R/BCPE.R). With tau = 2, c = 1 and G is the standard normal: BCPE is then
BCCG. The truncation where the Box-Cox transform ends is the one of
:mod:`igflab.science.boxcox`; SDS = ``qnorm(pBCPE(...))`` as in the R package childsds.
Parameters are ``(mu, sigma, nu, tau)``; every function takes an optional backend.
"""

from __future__ import annotations

from typing import Any

from igflab.backend import SCALAR, Backend

from . import boxcox
from .special import gamma_tail_inverse, gamma_tails, lgamma

__all__ = ["FAMILY", "centile", "sds", "tails", "value_from_sds"]

_LOG2 = 0.6931471805599453


def _scale(tau: Any, xp: Backend) -> Any:
    """c = sqrt(2**(-2/tau) Gamma(1/tau) / Gamma(3/tau)), the scale that gives PE unit variance."""
    return xp.exp(0.5 * (-(2.0 / tau) * _LOG2 + lgamma(1.0 / tau, xp) - lgamma(3.0 / tau, xp)))


def _pe_tails(t: Any, tau: Any, xp: Backend) -> tuple[Any, Any]:
    """(G(t), 1 - G(t)) of PE(0, 1, tau); the smaller one is Q(1/tau, s) / 2, computed directly."""
    s = 0.5 * (abs(t) / _scale(tau, xp)) ** tau
    _, q = gamma_tails(1.0 / tau, s, xp)
    far = 0.5 * q
    return xp.where(t < 0.0, far, 1.0 - far), xp.where(t < 0.0, 1.0 - far, far)


def _pe_inverse(r: Any, tau: Any, xp: Backend) -> Any:
    """The t <= 0 with G(t) = r (0 <= r <= 0.5): Q(1/tau, s) = 2r, t = -c (2s)**(1/tau)."""
    s = gamma_tail_inverse(1.0 / tau, xp.where(r > 0.0, 2.0 * r, 1e-300), xp)
    return xp.where(r > 0.0, -_scale(tau, xp) * (2.0 * s) ** (1.0 / tau), -float("inf"))


#: The power exponential PE(0, 1, tau) as a :class:`~igflab.science.boxcox.Family`.
FAMILY = boxcox.Family(_pe_tails, _pe_inverse)


def tails(y: Any, params: tuple[Any, ...], xp: Backend = SCALAR) -> tuple[Any, Any]:
    """(F(y), 1 - F(y)) for BCPE(mu, sigma, nu, tau) (gamlss ``pBCPE``)."""
    return boxcox.tails(y, params, FAMILY, xp)


def sds(y: Any, params: tuple[Any, ...], xp: Backend = SCALAR) -> Any:
    """SDS = qnorm(pBCPE(y, mu, sigma, nu, tau))."""
    return boxcox.sds(y, params, FAMILY, xp)


def centile(y: Any, params: tuple[Any, ...], xp: Backend = SCALAR) -> Any:
    """100 * pBCPE(y, mu, sigma, nu, tau)."""
    return boxcox.centile(y, params, FAMILY, xp)


def value_from_sds(z: Any, params: tuple[Any, ...], xp: Backend = SCALAR) -> Any:
    """qBCPE(pnorm(z), mu, sigma, nu, tau)."""
    return boxcox.value_from_sds(z, params, FAMILY, xp)
