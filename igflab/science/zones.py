"""Zones by position for age, the adult 120-160 ng/mL band as its own field, and HL7 flags.

The zone names the position against the age- and sex-specific reference (or the
laboratory's range); nothing else moves it. The rules, applied to a value and the
reference limits for the person, with ``z`` the position's score (the SDS of an LMS,
BCCG or BCPE reference, else the zlog of the two limits, Hoffmann 2017):

=========================================  ==========================  ====
condition                                  zone                        flag
=========================================  ==========================  ====
below the lower limit                      ``below_reference``         L
inside, z < -1.96/3 (lower third)          ``lower_third``             N
inside, -1.96/3 <= z <= +1.96/3            ``middle_third``            N
inside, z > +1.96/3 (upper third)          ``upper_third``             N
inside, the third not known (see below)    ``within_reference``        N
above the upper limit, <= 1.3 x upper      ``above_reference``         H
  (under 18: any value above it)
above 1.3 x the upper limit, adult         ``well_above_reference``    HU
cannot be placed in one zone               ``indeterminate``           IND
=========================================  ==========================  ====

The thirds are igflab's convention: the interval (z from -1.96 to +1.96, the central 95%
of an LMS reference and the limits of a zlog) split into three equal parts on the score's
scale, so the middle third is centred on the median (SDS -0.65 to +0.65, about the 26th
to the 74th centile). ``within_reference`` is used where the value is inside but its third
cannot be told: with the sex unknown when the two sexes give different thirds, or without
a score. The limits themselves belong to the reference (inside includes both limits).

1.3 x the upper limit is the threshold of the 2024 acromegaly consensus (Giustina 2024),
which concerns adults, so it splits the zone above the reference only from 18 years on.
IGF-1 has no panic limits, so no LL/HH.

The 120-160 ng/mL band (Rahmani 2022: the band a meta-analysis of adult cohorts associated
with the lowest all-cause mortality) is not a zone: :func:`adult_band_code` places a value
below, within or above it, for ages the cohorts behind it covered (40 years and over, see
:data:`ADULT_BAND_MIN_AGE`), as population context beside the zone.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import Any, Literal

from igflab.backend import SCALAR, Backend
from igflab.inputs.values import CENSOR_ABOVE, CENSOR_BELOW
from igflab.science.lms import Z_975

__all__ = [
    "ADULT_AGE_YEARS",
    "ADULT_BAND_BY_CODE",
    "ADULT_BAND_HIGH_NG_PER_ML",
    "ADULT_BAND_LOW_NG_PER_ML",
    "ADULT_BAND_MIN_AGE",
    "HU_FACTOR",
    "THIRD_Z",
    "AdultBand",
    "Flag",
    "Zone",
    "ZoneCode",
    "adult_band_code",
    "classify",
    "classify_censored",
    "flag_for",
    "inside",
    "side",
    "sides_differ",
    "zone_code",
]

#: Lower edge of the adult band, ng/mL (Rahmani 2022, citation ``rahmani2022``).
ADULT_BAND_LOW_NG_PER_ML = 120.0
#: Upper edge of the adult band, ng/mL (Rahmani 2022).
ADULT_BAND_HIGH_NG_PER_ML = 160.0
#: Age from which the adult band is shown, in years: the large cohorts behind the U-shaped association were
#: middle-aged and older (UK Biobank about 40-69, MrOS Sweden 69-81, LASA and the Cardiovascular Health Study
#: 65 and over; SHIP 20-79 the one that began younger), and in UK Biobank high IGF-1 went with lower risk in
#: younger people (Zhang 2021). See docs/method.md.
ADULT_BAND_MIN_AGE = 40.0
#: Multiple of the upper limit above which a result is ``well_above_reference``
#: (Giustina 2024, citation ``giustina2024``).
HU_FACTOR = 1.3
#: Age from which the adult zones (1.3 x the upper limit) apply, in years.
ADULT_AGE_YEARS = 18.0
#: Half the width of the middle third on the score's scale: the interval (-1.96 to +1.96) in three equal parts.
THIRD_Z = Z_975 / 3


class Zone(StrEnum):
    """Where a result sits against the reference for age and sex (or the laboratory's range), low to high."""

    BELOW_REFERENCE = "below_reference"
    LOWER_THIRD = "lower_third"
    MIDDLE_THIRD = "middle_third"
    UPPER_THIRD = "upper_third"
    WITHIN_REFERENCE = "within_reference"
    ABOVE_REFERENCE = "above_reference"
    WELL_ABOVE_REFERENCE = "well_above_reference"
    INDETERMINATE = "indeterminate"


class ZoneCode(IntEnum):
    """Integer codes of :class:`Zone`, for numpy columns.

    Codes 0, 1, 2, 3, 5, 6 rise with the value; ``WITHIN_REFERENCE`` (4) is "inside, third not known", not a
    step above ``UPPER_THIRD``.
    """

    BELOW_REFERENCE = 0
    LOWER_THIRD = 1
    MIDDLE_THIRD = 2
    UPPER_THIRD = 3
    WITHIN_REFERENCE = 4
    ABOVE_REFERENCE = 5
    WELL_ABOVE_REFERENCE = 6
    INDETERMINATE = 7

    @property
    def zone(self) -> Zone:
        return Zone[self.name]


#: Where a value sits against the adult 120-160 ng/mL band (population context, never the zone).
AdultBand = Literal["below", "within", "above"]
#: The band word of each band code (index = code; -1, no band, is ``None``).
ADULT_BAND_BY_CODE: tuple[AdultBand, ...] = ("below", "within", "above")


class Flag(StrEnum):
    """HL7 v3 ObservationInterpretation codes igflab emits."""

    L = "L"
    N = "N"
    H = "H"
    HU = "HU"
    IND = "IND"


_FLAGS = {
    Zone.BELOW_REFERENCE: Flag.L,
    Zone.LOWER_THIRD: Flag.N,
    Zone.MIDDLE_THIRD: Flag.N,
    Zone.UPPER_THIRD: Flag.N,
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
_BELOW, _LOWER, _WITHIN, _ABOVE, _WELL_ABOVE, _INDETERMINATE = (
    int(c)
    for c in (
        ZoneCode.BELOW_REFERENCE,
        ZoneCode.LOWER_THIRD,
        ZoneCode.WITHIN_REFERENCE,
        ZoneCode.ABOVE_REFERENCE,
        ZoneCode.WELL_ABOVE_REFERENCE,
        ZoneCode.INDETERMINATE,
    )
)


def inside(code: Any) -> Any:
    """Whether zone code(s) place the value inside the interval (a third, or ``within_reference``)."""
    return (code >= _LOWER) & (code <= _WITHIN)


def side(code: Any, xp: Backend = SCALAR) -> Any:
    """The side of the interval zone code(s) give: 0 below, 1 inside, 2 above, -1 not placed (indeterminate)."""
    return xp.where(code == _BELOW, 0, xp.where(inside(code), 1, xp.where(code == _INDETERMINATE, -1, 2)))


def sides_differ(a: Any, b: Any, xp: Backend = SCALAR) -> Any:
    """Whether two placements put the value on different sides of their intervals (both placed)."""
    sa, sb = side(a, xp), side(b, xp)
    return (sa != sb) & (sa >= 0) & (sb >= 0)


def classify(x: Any, lower: Any, upper: Any, z: Any, adult: Any, xp: Backend = SCALAR) -> Any:
    """Zone code(s) of value(s) ``x`` against ``[lower, upper]`` (one unit), ``z`` the position's score there
    (SDS or zlog; nan: the third is not known).

    Works on floats (returns an ``int``) and on numpy arrays (returns an int array).

    >>> classify(150.0, 71.7, 212.0, 0.49, True), classify(80.0, 71.7, 212.0, -1.6, True)
    (2, 1)
    >>> classify(290.0, 71.7, 212.0, 3.0, True), classify(290.0, 71.7, 212.0, 3.0, False)
    (6, 5)
    """
    third = (z >= -THIRD_Z) * 1 + (z > THIRD_Z) * 1
    part = xp.where(xp.isnan(z), _WITHIN, _LOWER + third)  # nan: no score, the third is not known
    above = xp.where((x > HU_FACTOR * upper) & adult, _WELL_ABOVE, _ABOVE)
    return xp.where(x < lower, _BELOW, xp.where(x <= upper, part, above))


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


def zone_code(
    x: Any, lower: Any, upper: Any, z: Any, adult: Any, censor: Any, inclusive: Any, xp: Backend = SCALAR
) -> Any:
    """Zone code(s) of value(s) against ``[lower, upper]``: :func:`classify`, or
    :func:`classify_censored` where ``censor`` is not 0 (the one rule for every path)."""
    plain = classify(x, lower, upper, z, adult, xp)
    if not xp.any(censor):
        return plain
    return xp.where(censor > 0, classify_censored(x, lower, upper, censor, inclusive, adult, xp), plain)


def adult_band_code(x_ng_per_ml: Any, age: Any, censor: Any, inclusive: Any, applies: Any, xp: Backend = SCALAR) -> Any:
    """Where value(s) in ng/mL sit against the adult 120-160 ng/mL band: 0 below, 1 within, 2 above, or -1 where
    the band is not shown (``applies`` false: an analyte without the U-curve; under :data:`ADULT_BAND_MIN_AGE`;
    or a censored value that could be on either side of an edge).

    >>> adult_band_code(150.0, 45.0, 0, False, True), adult_band_code(90.0, 85.0, 0, False, True)
    (1, 0)
    >>> adult_band_code(150.0, 30.0, 0, False, True), adult_band_code(150.0, 45.0, 1, False, True)
    (-1, -1)
    """
    x = x_ng_per_ml
    code = (x >= ADULT_BAND_LOW_NG_PER_ML) * 1 + (x > ADULT_BAND_HIGH_NG_PER_ML) * 1
    # "<x" is below when x is under the band (or on its edge, for a strict "<"); ">x" above likewise
    strict = xp.where(inclusive, False, True)
    below = (x < ADULT_BAND_LOW_NG_PER_ML) | ((x == ADULT_BAND_LOW_NG_PER_ML) & strict)
    above = (x > ADULT_BAND_HIGH_NG_PER_ML) | ((x == ADULT_BAND_HIGH_NG_PER_ML) & strict)
    censored = xp.where(
        censor == CENSOR_BELOW, xp.where(below, 0, -1), xp.where((censor == CENSOR_ABOVE) & above, 2, -1)
    )
    code = xp.where(censor > 0, censored, code)
    return xp.where(applies & (age >= ADULT_BAND_MIN_AGE), code, -1)
