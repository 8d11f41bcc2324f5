"""An implementation of the gamlss BCCG and BCPE distribution functions for the tests, written
from the formulas of R package gamlss.dist (cran/gamlss.dist, R/BCCG.R and R/BCPE.R, ``pBCCG``,
``qBCCG``, ``pBCPE``, ``qBCPE``) with scipy's special functions, independently of igflab's own
(:mod:`igflab.science.special`, :mod:`igflab.science.boxcox`). Parameters between knots are
interpolated with ``numpy.interp``, as R's ``stats::approx`` (rule = 1) does in childsds.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import special, stats


def _z(y: Any, mu: Any, sigma: Any, nu: Any) -> Any:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(nu != 0, ((y / mu) ** nu - 1) / (nu * sigma), np.log(y / mu) / sigma)


def _pe_cdf(t: Any, tau: Any) -> Any:
    c = np.sqrt(2 ** (-2 / tau) * special.gamma(1 / tau) / special.gamma(3 / tau))
    s = 0.5 * np.abs(t / c) ** tau
    return 0.5 * (1 + special.gammainc(1 / tau, s) * np.sign(t))


def _pe_quantile(p: Any, tau: Any) -> Any:
    c = np.sqrt(2 ** (-2 / tau) * special.gamma(1 / tau) / special.gamma(3 / tau))
    s = special.gammaincinv(1 / tau, (2 * p - 1) * np.sign(p - 0.5))
    return np.sign(p - 0.5) * (2 * s) ** (1 / tau) * c


def _norm(t: Any, _tau: Any) -> Any:
    return stats.norm.cdf(t)


def _norm_q(p: Any, _tau: Any) -> Any:
    return stats.norm.ppf(p)


def _p(y: Any, mu: Any, sigma: Any, nu: Any, tau: Any, cdf: Any) -> Any:
    nu = np.asarray(nu, dtype=float)
    with np.errstate(divide="ignore"):
        h = 1 / (sigma * np.abs(nu))
    f1 = cdf(_z(y, mu, sigma, nu), tau)
    f2 = np.where(nu > 0, cdf(-h, tau), 0.0)
    f3 = cdf(h, tau)
    return (f1 - f2) / f3


def _q(p: Any, mu: Any, sigma: Any, nu: Any, tau: Any, cdf: Any, quant: Any) -> Any:
    nu = np.asarray(nu, dtype=float)
    with np.errstate(divide="ignore"):
        f3 = cdf(1 / (sigma * np.abs(nu)), tau)
    za = np.where(nu < 0, quant(p * f3, tau), quant(1 - (1 - p) * f3, tau))
    za = np.where(nu == 0, quant(p, tau), za)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(nu != 0, mu * (nu * sigma * za + 1) ** (1 / nu), mu * np.exp(sigma * za))


def p_bccg(y: Any, mu: Any, sigma: Any, nu: Any) -> Any:
    return _p(y, mu, sigma, nu, 2.0, _norm)


def q_bccg(p: Any, mu: Any, sigma: Any, nu: Any) -> Any:
    return _q(p, mu, sigma, nu, 2.0, _norm, _norm_q)


def p_bcpe(y: Any, mu: Any, sigma: Any, nu: Any, tau: Any) -> Any:
    return _p(y, mu, sigma, nu, tau, _pe_cdf)


def q_bcpe(p: Any, mu: Any, sigma: Any, nu: Any, tau: Any) -> Any:
    return _q(p, mu, sigma, nu, tau, _pe_cdf, _pe_quantile)


def params_at(rows: list[dict[str, float]], names: tuple[str, ...], age: Any) -> tuple[Any, ...]:
    """Each parameter linearly interpolated in age (``stats::approx``)."""
    knots = np.array([r["age"] for r in rows])
    return tuple(np.interp(age, knots, np.array([r[n] for r in rows])) for n in names)
