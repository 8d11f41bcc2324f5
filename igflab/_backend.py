"""A tiny numeric backend so one implementation serves floats and numpy arrays.

The scalar path (one result, the CLI) must not import numpy; the batch path works on
whole numpy columns. The maths in :mod:`igflab.lms` and the rules in
:mod:`igflab.zones` are written once against this small interface: ``SCALAR``
implements it with :mod:`math` and plain conditionals, :func:`numpy_backend` with numpy.
"""

from __future__ import annotations

import bisect
import math
from typing import Any, Protocol

__all__ = ["SCALAR", "Backend", "numpy_backend"]


class Backend(Protocol):
    """The operations the shared maths needs."""

    def log(self, x: Any) -> Any: ...
    def exp(self, x: Any) -> Any: ...
    def expm1(self, x: Any) -> Any: ...
    def log1p(self, x: Any) -> Any: ...
    def erfc(self, x: Any) -> Any: ...
    def where(self, cond: Any, a: Any, b: Any) -> Any: ...
    def searchsorted(self, knots: Any, x: Any) -> Any: ...
    def clip(self, x: Any, lo: int, hi: int) -> Any: ...
    def take(self, seq: Any, i: Any) -> Any: ...


class _Scalar:
    log = staticmethod(math.log)
    exp = staticmethod(math.exp)
    expm1 = staticmethod(math.expm1)
    log1p = staticmethod(math.log1p)
    erfc = staticmethod(math.erfc)

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


SCALAR: Backend = _Scalar()


class _Numpy:
    def __init__(self) -> None:
        import numpy as np  # noqa: PLC0415 - only the batch path needs numpy

        self.np = np
        self.log = np.log
        self.exp = np.exp
        self.expm1 = np.expm1
        self.log1p = np.log1p
        self.where = np.where
        self.clip = np.clip
        # numpy has no erfc; math.erfc element-wise keeps batch == scalar to the bit.
        self._erfc = np.frompyfunc(math.erfc, 1, 1)

    def erfc(self, x: Any) -> Any:
        return self._erfc(x).astype(self.np.float64)

    def searchsorted(self, knots: Any, x: Any) -> Any:
        return self.np.searchsorted(knots, x, side="right")

    def take(self, seq: Any, i: Any) -> Any:
        return self.np.take(seq, i)


_NUMPY: list[Backend] = []


def numpy_backend() -> Backend:
    """The numpy backend (created on first use)."""
    if not _NUMPY:
        _NUMPY.append(_Numpy())
    return _NUMPY[0]
