"""A reference's tables, and its interval at an age: one implementation for floats and numpy columns.

:func:`build_tables` lays a reference's rows out once per backend (tuples of floats for
one result, numpy arrays for columns), both sexes stacked, male rows first.
:func:`interval_at` is the lookup every path uses: the knot interval holding the age, L, M
and S interpolated linearly, and the 2.5th and 97.5th centiles (LMS references), or the
limits of the age band (limits references).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from igflab.backend import SCALAR, Backend

from . import lms

__all__ = ["Bounds", "Tables", "build_tables", "interval_at"]


@dataclass(frozen=True, slots=True)
class Tables:
    """A reference's rows laid out for one backend (both sexes stacked, male rows first)."""

    is_lms: bool
    knots: tuple[Any, Any]  # LMS knots, or the starts of the limit bands, per sex
    offset: int  # rows of the male block
    cols: tuple[Any, ...]  # LMS: L, L slope, M, M slope, S, S slope; limits: lower, upper, age from, age to
    same_knots: bool  # both sexes share their knots
    # Speed (batch and single alike): when both sexes share knots that are all whole years,
    # the knot interval of every whole year of age, so that an age finds its interval by
    # arithmetic instead of a binary search. It is the index lms.segment() gives, which the
    # unit tests check at every age of the grid.
    yearly: Any | None


class Bounds(NamedTuple):
    """The interval at an age: limits, median, L/M/S or the distribution's parameters, and the age band (floats or
    arrays; nan where n/a)."""

    lower: Any
    upper: Any
    median: Any
    lms: tuple[Any, Any, Any] | None
    band_from: Any
    band_to: Any  # inf for an open last band
    params: tuple[Any, ...] | None = None  # a BCCG/BCPE reference's parameters at the age


def _pad(values: Sequence[float], n: int) -> list[float]:
    return [*values, *([0.0] * (n - len(values)))]


def build_tables(is_lms: bool, rows: Mapping[Any, Sequence[Any]], xp: Backend = SCALAR, array: Any = tuple) -> Tables:
    """The tables of a reference's ``rows`` (male and female), as ``array`` (``tuple`` or ``numpy.asarray``)."""
    per_sex = [rows["male"], rows["female"]]
    n = max(len(r) for r in per_sex)
    cols: list[Any] = []
    if is_lms:
        knots = [[float(r.age) for r in rs] for rs in per_sex]
        for name in ("L", "M", "S"):
            values, slopes = [], []
            for k, rs in zip(knots, per_sex, strict=True):
                v = [float(getattr(r, name)) for r in rs]
                values.append(_pad(v, n))
                slopes.append(_pad([(v[i + 1] - v[i]) / (k[i + 1] - k[i]) for i in range(len(v) - 1)], n))
            cols += [array([*values[0], *values[1]]), array([*slopes[0], *slopes[1]])]
    else:
        knots = [[float(b.age_from) for b in rs] for rs in per_sex]
        for name in ("lower", "upper", "age_from", "age_to"):
            stacked = [
                math.inf if getattr(b, name) is None else float(getattr(b, name))
                for rs in per_sex
                for b in _padded(rs, n)
            ]
            cols.append(array(stacked))
    same = knots[0] == knots[1]
    yearly = None
    if is_lms and same and knots[0][0] == 0 and all(k.is_integer() for k in knots[0]) and knots[0][-1] <= 1000:
        yearly = array([int(lms.segment(float(y), knots[0])[0]) for y in range(int(knots[0][-1]) + 1)])
    return Tables(is_lms, (array(knots[0]), array(knots[1])), n, tuple(cols), same, yearly)


def _padded(rows: Sequence[Any], n: int) -> list[Any]:
    return [*rows, *([rows[-1]] * (n - len(rows)))]


def interval_at(tb: Tables, age: Any, female: Any, xp: Backend = SCALAR) -> Bounds:
    """The interval at ``age`` (years, inside the reference's domain) for ``female`` (bool or bool array)."""
    km, kf = tb.knots
    if tb.is_lms:
        if xp is SCALAR and tb.yearly is not None:
            # Speed: one age, by plain indexing (the operations of the general case below).
            i = tb.yearly[int(age)]
            j, dt = i + tb.offset * female, age - km[i]
            lv, ls, mv, ms, sv, ss = tb.cols
            p = (lv[j] + dt * ls[j], mv[j] + dt * ms[j], sv[j] + dt * ss[j])
            return Bounds(
                lms.value_from_sds(-lms.Z_975, p), lms.value_from_sds(lms.Z_975, p), p[1], p, math.nan, math.nan
            )
        if tb.yearly is not None:
            i = xp.take(tb.yearly, xp.index(age))
            j, dt = i + tb.offset * female, age - xp.take(km, i)
        elif tb.same_knots:
            i, dt = lms.segment(age, km, xp)
            j = i + tb.offset * female
        else:
            im, dtm = lms.segment(age, km, xp)
            i_f, dtf = lms.segment(age, kf, xp)
            j, dt = xp.where(female, i_f + tb.offset, im), xp.where(female, dtf, dtm)
        lv, ls, mv, ms, sv, ss = tb.cols
        p = (
            xp.take(lv, j) + dt * xp.take(ls, j),
            xp.take(mv, j) + dt * xp.take(ms, j),
            xp.take(sv, j) + dt * xp.take(ss, j),
        )
        lower = lms.value_from_sds(-lms.Z_975, p, xp)
        upper = lms.value_from_sds(lms.Z_975, p, xp)
        return Bounds(lower, upper, p[1], p, math.nan, math.nan)
    band = xp.where(female, xp.searchsorted(kf, age) - 1 + tb.offset, xp.searchsorted(km, age) - 1)
    lo, hi, start, end = (xp.take(c, band) for c in tb.cols)
    return Bounds(lo, hi, math.nan, None, start, end)
