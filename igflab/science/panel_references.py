"""The BCCG and BCPE references of the IGF axis: IGFBP-3, the IGF-1/IGFBP-3 ratio and LIFE IGF-1.

The files live in ``reference_ranges/panel/`` (one JSON file per reference, validated with
the same model as the others, :class:`~igflab.science.references.ReferenceFile`, on first
use). A reference gives the distribution's parameters at an age, interpolated linearly in
age between its knots as the R package childsds does (``stats::approx``), and from them the
SDS (``qnorm(p<dist>(...))``), the centile, the value at an SDS and the 2.5th-97.5th centile
interval, with :mod:`igflab.science.bccg` or :mod:`igflab.science.bcpe`. Every method takes
an optional backend: floats for one value, :func:`igflab.backend.numpy_backend` for columns
(``female`` then a boolean array; ages outside the domain give nan).
"""

from __future__ import annotations

import functools
import math
from typing import Any, NamedTuple

from igflab.backend import SCALAR, Backend
from igflab.errors import OutOfReferenceError, UnknownReferenceError

from . import bccg, bcpe, lms
from .references import ReferenceFile, data_dir, read_reference_file

__all__ = ["PanelInterval", "PanelReference", "get_panel_reference", "panel_references"]

_FIELDS = {"BCCG": ("M", "S", "L"), "BCPE": ("mu", "sigma", "nu", "tau")}


class PanelInterval(NamedTuple):
    """The 2.5th centile, the median and the 97.5th centile at an age (floats or arrays)."""

    lower: Any
    median: Any
    upper: Any


class _Sex(NamedTuple):
    knots: Any
    values: tuple[Any, ...]  # per parameter
    slopes: tuple[Any, ...]


def _layout(rows: list[Any], fields: tuple[str, ...], array: Any) -> _Sex:
    knots = [float(r.age) for r in rows]
    values, slopes = [], []
    for f in fields:
        v = [float(getattr(r, f)) for r in rows]
        s = [(v[i + 1] - v[i]) / (knots[i + 1] - knots[i]) for i in range(len(v) - 1)] + [0.0]
        values.append(array(v))
        slopes.append(array(s))
    return _Sex(array(knots), tuple(values), tuple(slopes))


class PanelReference:
    """One BCCG or BCPE reference, ready for lookups."""

    def __init__(self, data: ReferenceFile) -> None:
        if data.distribution not in _FIELDS:
            raise ValueError(f"{data.id}: a panel reference is BCCG or BCPE, not {data.distribution}")
        self.data = data
        self.id = data.id
        self.family = data.distribution
        self.age_min, self.age_max = data.age_domain
        self._module = bcpe if self.family == "BCPE" else bccg
        self._tables: dict[str, tuple[_Sex, _Sex]] = {}

    def __repr__(self) -> str:
        return f"<PanelReference {self.id} {self.family} {self.age_min:g}-{self.age_max:g} y>"

    def _sexes(self, xp: Backend) -> tuple[_Sex, _Sex]:
        key = "scalar" if xp is SCALAR else "numpy"
        if key not in self._tables:
            array: Any = tuple
            if xp is not SCALAR:
                import numpy as np  # noqa: PLC0415 - only the column path needs numpy

                array = np.asarray
            fields = _FIELDS[self.family]
            rows = self.data.rows
            self._tables[key] = (_layout(rows["male"], fields, array), _layout(rows["female"], fields, array))
        return self._tables[key]

    def out_of_table(self, age: float) -> OutOfReferenceError:
        """The error for an ``age`` outside the table."""
        return OutOfReferenceError(
            f"age {age:g} years is outside the {self.id} reference, which covers "
            f"{self.age_min:g}-{self.age_max:g} years"
        )

    def params_at(self, age: Any, female: Any, xp: Backend = SCALAR) -> tuple[Any, ...]:
        """The parameters at ``age`` (years): (mu, sigma, nu) for BCCG, (mu, sigma, nu, tau) for BCPE."""
        male_t, female_t = self._sexes(xp)
        if xp is SCALAR:
            if not self.age_min <= age <= self.age_max:
                raise self.out_of_table(age)
            t = female_t if female else male_t
            i, dt = lms.segment(age, t.knots)
            return tuple(v[i] + dt * s[i] for v, s in zip(t.values, t.slopes, strict=True))
        inside = (age >= self.age_min) & (age <= self.age_max)
        safe = xp.where(inside, age, self.age_min)
        out = []
        im, dm = lms.segment(safe, male_t.knots, xp)
        i_f, df = lms.segment(safe, female_t.knots, xp)
        for k in range(len(male_t.values)):
            m = xp.take(male_t.values[k], im) + dm * xp.take(male_t.slopes[k], im)
            f = xp.take(female_t.values[k], i_f) + df * xp.take(female_t.slopes[k], i_f)
            out.append(xp.where(inside, xp.where(female, f, m), math.nan))
        return tuple(out)

    def sds(self, value: Any, age: Any, female: Any, xp: Backend = SCALAR) -> Any:
        """SDS of ``value`` (the reference's unit) at ``age`` for ``female``."""
        return self._module.sds(value, self.params_at(age, female, xp), xp)

    def centile(self, value: Any, age: Any, female: Any, xp: Backend = SCALAR) -> Any:
        """Centile (0-100) of ``value`` at ``age`` for ``female``."""
        return self._module.centile(value, self.params_at(age, female, xp), xp)

    def value_at(self, z: Any, age: Any, female: Any, xp: Backend = SCALAR) -> Any:
        """The value with SDS ``z`` at ``age`` for ``female``."""
        return self._module.value_from_sds(z, self.params_at(age, female, xp), xp)

    def interval(self, age: Any, female: Any, xp: Backend = SCALAR) -> PanelInterval:
        """The 2.5th centile, median and 97.5th centile at ``age`` for ``female``."""
        p = self.params_at(age, female, xp)
        f = self._module.value_from_sds
        return PanelInterval(
            f(-lms.Z_975, p, xp),
            f(0.0, p, xp),
            f(lms.Z_975, p, xp),
        )


@functools.cache
def _panel() -> dict[str, PanelReference]:
    folder = data_dir("reference_ranges") / "panel"
    return {d.id: PanelReference(d) for d in (read_reference_file(p) for p in sorted(folder.glob("*.json")))}


def panel_references() -> list[PanelReference]:
    """The shipped BCCG and BCPE references (IGFBP-3, the ratio, LIFE), by id."""
    return list(_panel().values())


def get_panel_reference(ref: str) -> PanelReference:
    """The panel reference with id ``ref``."""
    refs = _panel()
    if ref not in refs:
        raise UnknownReferenceError(f"unknown reference {ref!r}; known: {', '.join(sorted(refs))}")
    return refs[ref]
