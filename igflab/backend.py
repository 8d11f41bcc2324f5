"""A tiny numeric backend so one implementation serves floats and numpy arrays.

The scalar path (one result, the CLI) must not import numpy; the batch path works on
whole numpy columns. The maths (:mod:`igflab.science.lms`), the zone rules
(:mod:`igflab.science.zones`), the input checks (:mod:`igflab.inputs`) and the warning
rules (:mod:`igflab.core.rules`) are written once against this small interface:
``SCALAR`` implements it with :mod:`math` and plain conditionals, :func:`numpy_backend`
with numpy. Boolean expressions in those rules use ``&``, ``|`` and comparisons only
(never ``~``, which is not a logical "not" on Python bools).
"""

from __future__ import annotations

import bisect
import math
from typing import Any, Protocol

__all__ = ["SCALAR", "Backend", "first_code", "numpy_backend"]


class Backend(Protocol):
    """The operations the shared maths needs."""

    def log(self, x: Any) -> Any: ...
    def exp(self, x: Any) -> Any: ...
    def expm1(self, x: Any) -> Any: ...
    def log1p(self, x: Any) -> Any: ...
    def erfc(self, x: Any) -> Any: ...
    def isnan(self, x: Any) -> Any: ...
    def where(self, cond: Any, a: Any, b: Any) -> Any: ...
    def searchsorted(self, knots: Any, x: Any) -> Any: ...
    def clip(self, x: Any, lo: int, hi: int) -> Any: ...
    def take(self, seq: Any, i: Any) -> Any: ...
    def any(self, x: Any) -> bool: ...
    def all(self, x: Any) -> bool: ...
    def index(self, x: Any) -> Any:
        """``x`` (non-negative) truncated to an integer index."""
        ...


class _Scalar:
    log = staticmethod(math.log)
    exp = staticmethod(math.exp)
    expm1 = staticmethod(math.expm1)
    log1p = staticmethod(math.log1p)
    erfc = staticmethod(math.erfc)
    isnan = staticmethod(math.isnan)

    @staticmethod
    def where(cond: Any, a: Any, b: Any) -> Any:
        return a if cond else b

    @staticmethod
    def searchsorted(knots: Any, x: Any) -> Any:
        return bisect.bisect_right(knots, x)

    @staticmethod
    def clip(x: Any, lo: int, hi: int) -> Any:
        return lo if x < lo else hi if x > hi else x

    @staticmethod
    def take(seq: Any, i: Any) -> Any:
        return seq[i]

    @staticmethod
    def any(x: Any) -> bool:
        return bool(x)

    @staticmethod
    def all(x: Any) -> bool:
        return bool(x)

    @staticmethod
    def index(x: Any) -> Any:
        return int(x)


SCALAR: Backend = _Scalar()


class _Numpy:
    def __init__(self) -> None:
        import numpy as np  # noqa: PLC0415 - only the batch path needs numpy

        self.np = np
        self.log = np.log
        self.exp = np.exp
        self.expm1 = np.expm1
        self.log1p = np.log1p
        self.isnan = np.isnan
        self.where = np.where
        self.clip = np.clip

    def erfc(self, x: Any) -> Any:
        # numpy has no erfc: W. J. Cody's rational Chebyshev approximations (see _cody_erfc).
        return _cody_erfc(self.np, x)

    def searchsorted(self, knots: Any, x: Any) -> Any:
        return self.np.searchsorted(knots, x, side="right")

    def take(self, seq: Any, i: Any) -> Any:
        return self.np.take(seq, i)

    def any(self, x: Any) -> bool:
        return bool(self.np.any(x))

    def all(self, x: Any) -> bool:
        return bool(self.np.all(x))

    def index(self, x: Any) -> Any:
        return self.np.asarray(x).astype(self.np.intp)


def first_code(xp: Backend, cases: tuple[tuple[Any, int], ...], default: int) -> Any:
    """The code of the first condition in ``cases`` that holds, else ``default`` (floats or arrays).

    The input checks are written as such a list: their first failing check names the problem.
    """
    out: Any = default
    for cond, code in reversed(cases):
        out = xp.where(cond, code, out)
    return out


_NUMPY: list[Backend] = []


def numpy_backend() -> Backend:
    """The numpy backend (created on first use)."""
    if not _NUMPY:
        _NUMPY.append(_Numpy())
    return _NUMPY[0]


# W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23
# (1969) 631-638; coefficients and the range split as in his SPECFUN routine CALERF
# (netlib.org/specfun/erf). Relative error ~1e-15 against math.erfc (checked in tests/test_batch.py).
_A = (
    3.16112374387056560e00,
    1.13864154151050156e02,
    3.77485237685302021e02,
    3.20937758913846947e03,
    1.85777706184603153e-1,
)
_B = (2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03)
_C = (
    5.64188496988670089e-1,
    8.88314979438837594e00,
    6.61191906371416295e01,
    2.98635138197400131e02,
    8.81952221241769090e02,
    1.71204761263407058e03,
    2.05107837782607147e03,
    1.23033935479799725e03,
    2.15311535474403846e-8,
)
_D = (
    1.57449261107098347e01,
    1.17693950891312499e02,
    5.37181101862009858e02,
    1.62138957456669019e03,
    3.29079923573345963e03,
    4.36261909014324716e03,
    3.43936767414372164e03,
    1.23033935480374942e03,
)
_P = (
    3.05326634961232344e-1,
    3.60344899949804439e-1,
    1.25781726111229246e-1,
    1.60837851487422766e-2,
    6.58749161529837803e-4,
    1.63153871373020978e-2,
)
_Q = (
    2.56852019228982242e00,
    1.87295284992346047e00,
    5.27905102951428412e-01,
    6.05183413124413191e-02,
    2.33520497626869185e-03,
)
_SQRPI = 5.6418958354775628695e-1  # 1/sqrt(pi)
_THRESH = 0.46875
_XBIG = 27.3  # erfc(x) < 1e-324: 0.0 in double precision


def _cody_erfc(np: Any, x: Any) -> Any:
    """erfc of a float array, vectorised."""
    with np.errstate(all="ignore"):
        return _cody(np, np.asarray(x, dtype=np.float64))


def _cody(np: Any, x: Any) -> Any:
    """Speed: each value goes through its own range's rational only (and Horner's rule in place),
    with the same operations in the same order as computing every range for every value."""
    flat = x.reshape(-1)
    out = np.empty_like(flat)
    small = np.abs(flat) <= _THRESH
    rows = np.flatnonzero(small)
    if rows.size:
        out[rows] = _cody_small(np, flat[rows])
    rows = np.flatnonzero(~small)
    if rows.size:
        out[rows] = _cody_tail(np, flat[rows])
    return out.reshape(x.shape)


def _horner(t: Any, top: float, nums: tuple[float, ...], dens: tuple[float, ...]) -> tuple[Any, Any]:
    """The numerator and the (monic) denominator of a rational in ``t``, by Horner's rule in place,
    before their last coefficients: ``(((top*t + n0)*t + n1)*t ...)*t`` and ``((t + d0)*t + d1)*t ...``."""
    num, den = top * t, t.copy()
    for a, b in zip(nums, dens, strict=True):
        num += a
        num *= t
        den += b
        den *= t
    return num, den


def _cody_small(np: Any, x: Any) -> Any:
    """|x| <= 0.46875: erfc = 1 - erf, erf from the A/B rational in x**2."""
    z = x * x
    num, den = _horner(z, _A[4], _A[:3], _B[:3])
    num += _A[3]
    num *= x
    den += _B[3]
    num /= den
    return 1.0 - num


def _cody_tail(np: Any, x: Any) -> Any:
    """|x| > 0.46875 (or nan): the C/D rational in |x| up to 4, the P/Q rational in 1/x**2 beyond."""
    y = np.abs(x)
    num, den = _horner(y, _C[8], _C[:7], _D[:7])
    num += _C[7]
    den += _D[7]
    tail = num / den
    far = y > 4.0
    if far.any():
        w = 1.0 / (y * y)
        num, den = _P[5] * w, w
        for p, q in zip(_P[:4], _Q[:4], strict=True):
            num = (num + p) * w
            den = (den + q) * w
        tail = np.where(far, (_SQRPI - w * (num + _P[4]) / (den + _Q[4])) / y, tail)
    # exp(-x**2) in two parts, as CALERF does, so that rounding x**2 loses no accuracy.
    ysq = np.trunc(y * 16.0) / 16.0
    tail = np.exp(-ysq * ysq) * np.exp(-(y - ysq) * (y + ysq)) * tail
    tail[y > _XBIG] = 0.0
    neg = x < 0.0
    tail[neg] = 2.0 - tail[neg]
    return tail
