"""Special functions the BCCG and BCPE distributions need, written once for floats and numpy arrays.

* :func:`normal_tail_quantile`: the standard normal quantile of a lower-tail probability
  (Wichura's algorithm AS 241, PPND16, Appl. Statist. 37 (1988) 477-484; relative accuracy
  about 1e-16);
* :func:`lgamma`: log Gamma(x) for x > 0 (Lanczos' approximation with g = 7 and nine
  coefficients, relative accuracy about 1e-15);
* :func:`gamma_tails`: the regularised incomplete gamma functions P(a, s) and Q(a, s) =
  1 - P(a, s), each computed directly (the series for P when s < a + 1, Lentz's continued
  fraction for Q otherwise, as in Numerical Recipes, 3rd ed., section 6.2), so that a tail
  near 0 keeps its precision;
* :func:`gamma_tail_inverse`: the s with Q(a, s) = r (Halley's iteration on the smaller tail).

The series and the fraction stop when every value has converged (at most 80 terms, enough
for the shapes the references use: a = 1/tau with tau between about 1 and 3, and a = 3/tau);
the unit tests check them against scipy. Every function
takes an optional backend (see :mod:`igflab.backend`); arguments of ``where`` are made safe
first, because both branches are evaluated.
"""

from __future__ import annotations

import math
from typing import Any

from igflab.backend import SCALAR, Backend

__all__ = ["gamma_tail_inverse", "gamma_tails", "lgamma", "normal_tail_quantile"]

_TINY = 1e-300

# AS 241 (PPND16) coefficients: central region |p - 0.5| <= 0.425 (A/B), tail r <= 5 (C/D), r > 5 (E/F).
_A = (
    3.3871328727963666080e0,
    1.3314166789178437745e2,
    1.9715909503065514427e3,
    1.3731693765509461125e4,
    4.5921953931549871457e4,
    6.7265770927008700853e4,
    3.3430575583588128105e4,
    2.5090809287301226727e3,
)
_B = (
    1.0,
    4.2313330701600911252e1,
    6.8718700749205790830e2,
    5.3941960214247511077e3,
    2.1213794301586595867e4,
    3.9307895800092710610e4,
    2.8729085735721942674e4,
    5.2264952788528545610e3,
)
_C = (
    1.42343711074968357734e0,
    4.63033784615654529590e0,
    5.76949722146069140550e0,
    3.64784832476320460504e0,
    1.27045825245236838258e0,
    2.41780725177450611770e-1,
    2.27238449892691845833e-2,
    7.74545014278341407640e-4,
)
_D = (
    1.0,
    2.05319162663775882187e0,
    1.67638483018380384940e0,
    6.89767334985100004550e-1,
    1.48103976427480074590e-1,
    1.51986665636164571966e-2,
    5.47593808499534494600e-4,
    1.05075007164441684324e-9,
)
_E = (
    6.65790464350110377720e0,
    5.46378491116411436990e0,
    1.78482653991729133580e0,
    2.96560571828504891230e-1,
    2.65321895265761230930e-2,
    1.24266094738807843860e-3,
    2.71155556874348757815e-5,
    2.01033439929228813265e-7,
)
_F = (
    1.0,
    5.99832206555887937690e-1,
    1.36929880922735805310e-1,
    1.48753612908506148525e-2,
    7.86869131145613259100e-4,
    1.84631831751005468180e-5,
    1.42151175831644588870e-7,
    2.04426310338993978564e-15,
)


def _poly(coef: tuple[float, ...], x: Any) -> Any:
    out: Any = coef[-1]
    for c in reversed(coef[:-1]):
        out = out * x + c
    return out


def normal_tail_quantile(r: Any, xp: Backend = SCALAR) -> Any:
    """The z <= 0 with Phi(z) = r, for a lower-tail probability 0 <= r <= 0.5 (-inf at r = 0).

    Callers pass the smaller of the two tails, computed directly, and flip the sign for
    the upper one: near 0 a tail probability keeps its precision, near 1 it would not.
    """
    q = r - 0.5
    central = q * _poly(_A, 0.180625 - q * q) / _poly(_B, 0.180625 - q * q)
    safe = xp.where(r > 0.0, r, 0.5)
    t = (-xp.log(safe)) ** 0.5
    near = -_poly(_C, t - 1.6) / _poly(_D, t - 1.6)
    far = -_poly(_E, t - 5.0) / _poly(_F, t - 5.0)
    tail = xp.where(t <= 5.0, near, far)
    return xp.where(r <= 0.0, -math.inf, xp.where(q >= -0.425, central, xp.where(r > 0.0, tail, math.nan)))


_LANCZOS_G = 7.0
_LANCZOS = (
    0.99999999999980993,
    676.5203681218851,
    -1259.1392167224028,
    771.32342877765313,
    -176.61502916214059,
    12.507343278686905,
    -0.13857109526572012,
    9.9843695780195716e-6,
    1.5056327351493116e-7,
)
_HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)


def lgamma(x: Any, xp: Backend = SCALAR) -> Any:
    """log Gamma(x) for x > 0, as log Gamma(x + 1) - log(x) with Lanczos' formula for Gamma(x + 1)."""
    series: Any = _LANCZOS[0]
    for i, c in enumerate(_LANCZOS[1:], start=1):
        series = series + c / (x + i)
    t = x + _LANCZOS_G + 0.5
    return _HALF_LOG_2PI + (x + 0.5) * xp.log(t) - t + xp.log(series) - xp.log(x)


_SERIES_TERMS = 80
_FRACTION_TERMS = 80


def gamma_tails(a: Any, s: Any, xp: Backend = SCALAR) -> tuple[Any, Any]:
    """The regularised incomplete gamma functions (P(a, s), Q(a, s)) for a > 0, s >= 0."""
    use_series = s < a + 1.0
    pos = xp.where(s > 0.0, s, 1.0)
    front = xp.exp(a * xp.log(pos) - pos - lgamma(a, xp))  # s**a e**-s / Gamma(a)
    # Series: P = front * sum_n s**n / (a (a+1) ... (a+n)).
    ss = xp.where(use_series, pos, 0.0)
    term = 1.0 / a
    total = term
    for n in range(1, _SERIES_TERMS):
        term = term * ss / (a + n)
        total = total + term
        if xp.all(term <= total * 1e-17):  # speed: every series has converged (the next terms add nothing)
            break
    p_series = front * total
    # Continued fraction (modified Lentz): Q = front * 1 / (s + 1 - a - 1(1-a)/(s + 3 - a - ...)).
    sf = xp.where(use_series, 1e6, pos)  # rows the series serves: a value the fraction settles at once
    b = sf + 1.0 - a
    c = 1.0 / _TINY
    d = 1.0 / b
    h = d
    for i in range(1, _FRACTION_TERMS):
        an = -i * (i - a)
        b = b + 2.0
        d = an * d + b
        d = xp.where(abs(d) < _TINY, _TINY, d)
        c = b + an / c
        c = xp.where(abs(c) < _TINY, _TINY, c)
        d = 1.0 / d
        step = d * c
        h = h * step
        if xp.all(abs(step - 1.0) <= 4e-16):  # speed: every fraction has converged (to 2 ulp)
            break
    q_fraction = front * h
    zero = s <= 0.0
    p = xp.where(zero, 0.0, xp.where(use_series, p_series, 1.0 - q_fraction))
    q = xp.where(zero, 1.0, xp.where(use_series, 1.0 - p_series, q_fraction))
    return p, q


_HALLEY_STEPS = 16


def gamma_tail_inverse(a: Any, r: Any, xp: Backend = SCALAR) -> Any:
    """The s >= 0 with Q(a, s) = r, for 0 < r <= 1 (the gamma quantile at 1 - r).

    Starts from Numerical Recipes' initial guess (``invgammp``) and takes Halley steps on
    whichever tail is the smaller, so that both ends keep their precision.
    """
    p = 1.0 - r
    lg = lgamma(a, xp)
    # Initial guess (NR 3rd ed. eq. 6.2.8 ff. for a <= 1; a Wilson-Hilferty start above).
    t0 = 1.0 - a * (0.253 + a * 0.12)
    t0 = xp.where(t0 > 0.1, t0, 0.1)  # only used for a <= 1, where t0 >= 0.627
    below = (xp.where(p > 0.0, p, _TINY) / t0) ** (1.0 / a)
    above = 1.0 - xp.log(xp.where(r > 0.0, r, _TINY) / (1.0 - t0))  # log(1 - (p - t0)/(1 - t0)), from r = 1 - p
    small_a = xp.where(p < t0, below, above)
    zn = -normal_tail_quantile(xp.where(r < 0.5, r, xp.where(r < 1.0, 1.0 - r, 0.5)), xp)
    zn = xp.where(r < 0.5, zn, -zn)
    wh = a * (1.0 - 1.0 / (9.0 * a) + zn / (3.0 * a**0.5)) ** 3
    x = xp.where(a <= 1.0, small_a, xp.where(wh > 0.01, wh, 0.01))
    x = xp.where(x > 0.0, x, _TINY)
    upper = r < 0.5
    for _ in range(_HALLEY_STEPS):
        pp, qq = gamma_tails(a, x, xp)
        err = xp.where(upper, r - qq, pp - p)  # dP/ds = -dQ/ds = s**(a-1) e**-s / Gamma(a)
        dens = xp.exp((a - 1.0) * xp.log(x) - x - lg)
        dens = xp.where(dens > _TINY, dens, _TINY)
        u = err / dens
        corr = u * ((a - 1.0) / x - 1.0)
        corr = xp.where(corr < 1.0, corr, 1.0)
        step = u / (1.0 - 0.5 * corr)
        nx = x - step
        x = xp.where(nx > 0.0, nx, 0.5 * x)
    return xp.where(r >= 1.0, 0.0, x)
