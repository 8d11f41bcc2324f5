"""Where a value sits: against a published reference, against the laboratory's range, and
when the sex is unknown. Each rule is one function over floats or numpy columns; the
single-result and the batch path call the same functions.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

from igflab.analytes import AnalyteSpec
from igflab.backend import SCALAR, Backend
from igflab.science.references import Reference, list_references
from igflab.science.tables import Bounds
from igflab.science.zlog import zlog
from igflab.science.zones import ZoneCode, inside, zone_code

__all__ = [
    "INDETERMINATE",
    "Place",
    "lab_place",
    "published_intervals",
    "published_place",
    "same_interval",
    "unknown_sex_zone",
    "zone_adult",
]

INDETERMINATE = int(ZoneCode.INDETERMINATE)
WITHIN = int(ZoneCode.WITHIN_REFERENCE)


class Place(NamedTuple):
    """One position (floats or arrays; nan where a score does not apply)."""

    bounds: Bounds
    sds: Any
    centile: Any
    zlog: Any
    zone: Any  # ZoneCode value(s)


def published_place(
    ref: Reference, x: Any, age: Any, female: Any, adult: Any, censor: Any, inclusive: Any, xp: Backend = SCALAR
) -> Place:
    """The position against a published reference of any distribution: its SDS and centile (LMS, BCCG, BCPE),
    or the zlog of its limits. ``adult`` is where the adult zones apply (see :func:`zone_adult`)."""
    b = ref.bounds(age, female, xp)
    if b.lms is None and b.params is None:
        z = zlog(x, b.lower, b.upper, xp)
        return Place(b, math.nan, math.nan, z, zone_code(x, b.lower, b.upper, z, adult, censor, inclusive, xp))
    sds, centile = ref.scores(x, b, xp)
    return Place(b, sds, centile, math.nan, zone_code(x, b.lower, b.upper, sds, adult, censor, inclusive, xp))


def zone_adult(spec: AnalyteSpec, adult: Any) -> Any:
    """Where the adult zones (the U-curve band, 1.3 x the upper limit) apply: adults, for an analyte whose zone
    rule is ``u_curve``; nowhere for a ``position`` analyte, whose zones are below, within or above only."""
    return adult if spec.zone_rule == "u_curve" else adult & False


def lab_place(x: Any, lower: Any, upper: Any, adult: Any, censor: Any, inclusive: Any, xp: Backend = SCALAR) -> Place:
    """The position against the laboratory's printed range (ng/mL): its zone and zlog."""
    z = zlog(x, lower, upper, xp)
    bounds = Bounds(lower, upper, math.nan, None, math.nan, math.nan)
    return Place(bounds, math.nan, math.nan, z, zone_code(x, lower, upper, z, adult, censor, inclusive, xp))


def same_interval(a: Bounds, b: Bounds) -> Any:
    """Whether two positions of one reference share their interval (L, M and S, or the limits and band)."""
    if a.lms is not None and b.lms is not None:
        return (a.lms[0] == b.lms[0]) & (a.lms[1] == b.lms[1]) & (a.lms[2] == b.lms[2])
    return (a.lower == b.lower) & (a.upper == b.upper) & (a.band_from == b.band_from) & (a.band_to == b.band_to)


def unknown_sex_zone(male: Any, female: Any, same: Any, xp: Backend = SCALAR) -> Any:
    """With the sex unknown, the zone both sexes give; ``within_reference`` when both place the value inside but in
    different thirds; else ``indeterminate`` (igflab does not choose)."""
    both_inside = xp.where(inside(male) & inside(female), WITHIN, INDETERMINATE)
    return xp.where(same | (male == female), male, both_inside)


def published_intervals(
    spec: AnalyteSpec, age: Any, female: Any, unknown: Any, xp: Backend = SCALAR
) -> list[tuple[Any, Any, Any]]:
    """``(covers, lower, upper)`` of every shipped reference of the analyte for the person (floats or numpy
    columns).

    With the sex unknown (``unknown`` true) both sexes' intervals count. ``covers`` is false
    where a reference does not cover the age (its interval is then that of its first age).
    """
    out = []
    for ref in list_references(spec.key):
        covers = (age >= ref.age_min) & (age <= ref.age_max)
        if covers is False:
            continue
        at = xp.where(covers, age, ref.age_min)
        for sex, rows in ((female, covers), (unknown | female, covers & unknown)):
            if rows is not False and xp.any(rows):
                b = ref.bounds(at, sex, xp)
                out.append((rows, b.lower, b.upper))
    return out
