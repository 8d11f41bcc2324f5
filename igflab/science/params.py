"""The parameter tables of a BCCG or BCPE reference: the distribution's parameters at an age.

Parameters are interpolated linearly in age between the knots, as the R package childsds
does (``stats::approx``). One implementation for one value (tuples of floats) and for
numpy columns (``female`` then a boolean array; ages outside the domain give nan).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from igflab.backend import SCALAR, Backend

from . import lms

__all__ = ["PARAMETER_NAMES", "ParamTables", "build_params", "params_at"]

#: The row fields of each distribution's parameters, in the order the distribution functions take them.
PARAMETER_NAMES: dict[str, tuple[str, ...]] = {"BCCG": ("M", "S", "L"), "BCPE": ("mu", "sigma", "nu", "tau")}


class _Sex(NamedTuple):
    knots: Any
    values: tuple[Any, ...]  # per parameter
    slopes: tuple[Any, ...]


class ParamTables(NamedTuple):
    """Both sexes' knots, parameter values and slopes, for one backend, and the age domain."""

    male: _Sex
    female: _Sex
    age_min: float
    age_max: float


def _layout(rows: Sequence[Any], fields: tuple[str, ...], array: Any) -> _Sex:
    knots = [float(r.age) for r in rows]
    values, slopes = [], []
    for f in fields:
        v = [float(getattr(r, f)) for r in rows]
        s = [(v[i + 1] - v[i]) / (knots[i + 1] - knots[i]) for i in range(len(v) - 1)] + [0.0]
        values.append(array(v))
        slopes.append(array(s))
    return _Sex(array(knots), tuple(values), tuple(slopes))


def build_params(
    distribution: str, rows: Mapping[Any, Sequence[Any]], domain: tuple[float, float], array: Any = tuple
) -> ParamTables:
    """The parameter tables of a BCCG/BCPE reference's ``rows``, as ``array`` (``tuple`` or ``numpy.asarray``)."""
    fields = PARAMETER_NAMES[distribution]
    return ParamTables(_layout(rows["male"], fields, array), _layout(rows["female"], fields, array), *domain)


def params_at(pt: ParamTables, age: Any, female: Any, xp: Backend = SCALAR) -> tuple[Any, ...]:
    """The parameters at ``age`` (years; one age inside the domain, or columns: nan outside it)."""
    if xp is SCALAR:
        t = pt.female if female else pt.male
        i, dt = lms.segment(age, t.knots)
        return tuple(v[i] + dt * s[i] for v, s in zip(t.values, t.slopes, strict=True))
    inside = (age >= pt.age_min) & (age <= pt.age_max)
    safe = xp.where(inside, age, pt.age_min)
    out = []
    im, dm = lms.segment(safe, pt.male.knots, xp)
    i_f, df = lms.segment(safe, pt.female.knots, xp)
    for k in range(len(pt.male.values)):
        m = xp.take(pt.male.values[k], im) + dm * xp.take(pt.male.slopes[k], im)
        f = xp.take(pt.female.values[k], i_f) + df * xp.take(pt.female.slopes[k], i_f)
        out.append(xp.where(inside, xp.where(female, f, m), math.nan))
    return tuple(out)
