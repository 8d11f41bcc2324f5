"""The zlog score (Hoffmann 2017): a value's position between two reference limits, on a log scale."""

from __future__ import annotations

from typing import Any

from igflab.backend import SCALAR, Backend

__all__ = ["ZLOG_AT_LIMIT", "zlog"]

#: The zlog score at the upper limit (-1.96 at the lower), as published.
ZLOG_AT_LIMIT = 1.96


def zlog(x: Any, lower: Any, upper: Any, xp: Backend = SCALAR) -> Any:
    """``(ln x - (ln LL + ln UL)/2) * 3.92 / (ln UL - ln LL)`` on floats or numpy arrays.

    >>> round(zlog(52.0, 52.0, 328.0), 2), round(zlog(328.0, 52.0, 328.0), 2)
    (-1.96, 1.96)
    """
    ll, lu = xp.log(lower), xp.log(upper)
    return (xp.log(x) - (ll + lu) / 2.0) * (2 * ZLOG_AT_LIMIT) / (lu - ll)
