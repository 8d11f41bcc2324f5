"""Zones of the IGF-1 U-curve and HL7 interpretation flags.

The rules, applied to a value in ng/mL and the reference limits for the person:

=====================================  ==========================  ====
condition                              zone                        flag
=====================================  ==========================  ====
below the lower limit                  ``below_reference``         L
inside, adult (18 y+), < 120 ng/mL     ``low_normal``              N
inside, adult, 120-160 ng/mL (incl.)   ``mid_range``               N
inside, adult, > 160 ng/mL             ``high_normal``             N
inside, under 18 years                 ``within_reference``        N
above the upper limit, <= 1.3 x upper  ``above_reference``         H
  (under 18: any value above it)
above 1.3 x the upper limit, adult     ``well_above_reference``    HU
cannot be placed in one zone           ``indeterminate``           IND
=====================================  ==========================  ====

The limits themselves belong to the reference (inside includes both limits). The
120-160 ng/mL band is the range associated with the lowest all-cause mortality in a
meta-analysis of adult cohorts (Rahmani 2022); it refines a result only inside the
reference and only for adults. 1.3 x the upper limit is the threshold of the 2024
acromegaly consensus (Giustina 2024), which concerns adults, so it splits the zone above
the reference only from 18 years on. IGF-1 has no panic limits, so no LL/HH.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Any

from igflab.backend import SCALAR, Backend
from igflab.inputs.values import CENSOR_BELOW

__all__ = [
    "ADULT_AGE_YEARS",
    "HU_FACTOR",
    "MID_RANGE_HIGH_NG_PER_ML",
    "MID_RANGE_LOW_NG_PER_ML",
    "Flag",
    "Zone",
    "ZoneCode",
    "classify",
    "classify_censored",
    "flag_for",
    "zone_code",
]

#: Lower edge of the adult mid-range, ng/mL (Rahmani 2022, citation ``rahmani2022``).
MID_RANGE_LOW_NG_PER_ML = 120.0
#: Upper edge of the adult mid-range, ng/mL (Rahmani 2022).
MID_RANGE_HIGH_NG_PER_ML = 160.0
#: Multiple of the upper limit above which a result is ``well_above_reference``
#: (Giustina 2024, citation ``giustina2024``).
HU_FACTOR = 1.3
#: Age from which the adult mid-range applies, in years.
ADULT_AGE_YEARS = 18.0


class Zone(StrEnum):
    """Where a result sits, low to high."""

    BELOW_REFERENCE = "below_reference"
    LOW_NORMAL = "low_normal"
    MID_RANGE = "mid_range"
    HIGH_NORMAL = "high_normal"
    WITHIN_REFERENCE = "within_reference"
    ABOVE_REFERENCE = "above_reference"
    WELL_ABOVE_REFERENCE = "well_above_reference"
    INDETERMINATE = "indeterminate"


class ZoneCode(IntEnum):
    """Integer codes of :class:`Zone`, for numpy columns.

    Adult codes (0, 1, 2, 3, 5, 6) and child codes (0, 4, 5, 6) each rise with the value;
    ``WITHIN_REFERENCE`` (4) is the child's whole interval, not a step above ``HIGH_NORMAL``.
    """

    BELOW_REFERENCE = 0
    LOW_NORMAL = 1
    MID_RANGE = 2
    HIGH_NORMAL = 3
    WITHIN_REFERENCE = 4
    ABOVE_REFERENCE = 5
    WELL_ABOVE_REFERENCE = 6
    INDETERMINATE = 7

    @property
    def zone(self) -> Zone:
        return Zone[self.name]


class Flag(StrEnum):
    """HL7 v3 ObservationInterpretation codes igflab emits."""

    L = "L"
    N = "N"
    H = "H"
    HU = "HU"
    IND = "IND"


_FLAGS = {
    Zone.BELOW_REFERENCE: Flag.L,
    Zone.LOW_NORMAL: Flag.N,
    Zone.MID_RANGE: Flag.N,
    Zone.HIGH_NORMAL: Flag.N,
    Zone.WITHIN_REFERENCE: Flag.N,
    Zone.ABOVE_REFERENCE: Flag.H,
    Zone.WELL_ABOVE_REFERENCE: Flag.HU,
    Zone.INDETERMINATE: Flag.IND,
}

#: Zone of each zone code (index = ZoneCode); a tuple lookup is much cheaper than an Enum call.
ZONE_BY_CODE: tuple[Zone, ...] = tuple(Zone[c.name] for c in ZoneCode)

#: Flag code of each zone code (index = ZoneCode), for numpy columns.
FLAG_BY_CODE: tuple[str, ...] = tuple(_FLAGS[c.zone].value for c in ZoneCode)


def flag_for(zone: Zone) -> Flag:
    """The HL7 flag of a zone."""
    return _FLAGS[zone]


# The codes as plain ints: looking up an enum member costs more than the comparisons here.
_BELOW, _LOW_NORMAL, _WITHIN, _ABOVE, _WELL_ABOVE, _INDETERMINATE = (
    int(c)
    for c in (
        ZoneCode.BELOW_REFERENCE,
        ZoneCode.LOW_NORMAL,
        ZoneCode.WITHIN_REFERENCE,
        ZoneCode.ABOVE_REFERENCE,
        ZoneCode.WELL_ABOVE_REFERENCE,
        ZoneCode.INDETERMINATE,
    )
)


def classify(x: Any, lower: Any, upper: Any, adult: Any, xp: Backend = SCALAR) -> Any:
    """Zone code(s) of value(s) ``x`` (ng/mL) against ``[lower, upper]`` (ng/mL).

    Works on floats (returns an ``int``) and on numpy arrays (returns an int array).
    """
    band = (x >= MID_RANGE_LOW_NG_PER_ML) * 1 + (x > MID_RANGE_HIGH_NG_PER_ML) * 1
    inside = xp.where(adult, _LOW_NORMAL + band, _WITHIN)
    above = xp.where((x > HU_FACTOR * upper) & adult, _WELL_ABOVE, _ABOVE)
    return xp.where(x < lower, _BELOW, xp.where(x <= upper, inside, above))


def classify_censored(
    x: Any, lower: Any, upper: Any, censor: Any, inclusive: Any, adult: Any = True, xp: Backend = SCALAR
) -> Any:
    """Zone code(s) of censored result(s): ``"<x"`` (``censor`` 1) or ``">x"`` (2).

    A censored result gets a zone only when every value it may stand for lies outside the
    reference on that side: ``"<x"`` is ``below_reference`` when x is under the lower limit
    (or on it, for a strict ``<``). ``">x"`` is ``well_above_reference`` when x is over
    1.3 x the upper limit (adults only), and otherwise ``above_reference`` -- "at least
    above the reference" -- when x is over the upper limit (each "or on it" for a strict ``>``).
    Anything else is ``indeterminate``. ``inclusive`` is true for ``<=`` and ``>=``.
    Censoring codes are those of :mod:`igflab.inputs.values`.
    """
    low = (x < lower) | xp.where(inclusive, False, x == lower)
    top = HU_FACTOR * upper
    high = ((x > top) | xp.where(inclusive, False, x == top)) & adult
    above = (x > upper) | xp.where(inclusive, False, x == upper)
    return xp.where(
        censor == CENSOR_BELOW,
        xp.where(low, _BELOW, _INDETERMINATE),
        xp.where(high, _WELL_ABOVE, xp.where(above, _ABOVE, _INDETERMINATE)),
    )


def zone_code(x: Any, lower: Any, upper: Any, adult: Any, censor: Any, inclusive: Any, xp: Backend = SCALAR) -> Any:
    """Zone code(s) of value(s) against ``[lower, upper]``: :func:`classify`, or
    :func:`classify_censored` where ``censor`` is not 0 (the one rule for every path)."""
    plain = classify(x, lower, upper, adult, xp)
    if not xp.any(censor):
        return plain
    return xp.where(censor > 0, classify_censored(x, lower, upper, censor, inclusive, adult, xp), plain)
