"""Warnings: each rule once, over floats or numpy columns, as bits of one integer per result.

A warning says that igflab read or placed something it could not be sure of; it never
stops the interpretation. Both paths compute the same bits with the same functions:
:func:`interpret` turns each set bit into a :class:`~igflab.models.ResultWarning`
(wording in :mod:`igflab.text.warnings`), :func:`interpret_batch` keeps the codes.
The codes are listed in :data:`WARNING_CODES`, in the order results list them.
"""

from __future__ import annotations

import math
from typing import Any, Final

from igflab.analytes import IGF1, AnalyteSpec
from igflab.backend import SCALAR, Backend
from igflab.inputs.units import NG_PER_ML_PER_NMOL_PER_L
from igflab.inputs.values import CENSOR_NONE
from igflab.science.assays import ADVISORY_SDS
from igflab.science.zones import ZoneCode

__all__ = [
    "LAB_RANGE_DOUBT",
    "PUBERTY_CONTEXT_MAX_AGE",
    "WARNING_BIT",
    "WARNING_CODES",
    "context_mismatch_rows",
    "context_mismatches",
    "doubtful_zone",
    "far_outside",
    "lab_range_warnings",
    "result_warnings",
    "sds_floor_warning",
    "warning_codes",
]

#: The warning codes, in the order results list them; code ``WARNING_CODES[i]`` is bit ``1 << i``.
WARNING_CODES: Final[tuple[str, ...]] = (
    "decimal_comma",
    "assay_mismatch",
    "published_reference_unavailable",
    "above_assay_range",
    "below_assay_range",
    "unit_mixup",
    "extreme_sds",
    "context_mismatch",
    "sds_floor",
    "lab_range_unit_mixup",
    "lab_range_implausible",
    "comparisons_disagree",
)
#: The bit of each code.
WARNING_BIT: Final[dict[str, int]] = {c: 1 << i for i, c in enumerate(WARNING_CODES)}

_ABOVE, _BELOW, _MIXUP, _EXTREME, _FLOOR, _LAB_MIXUP, _LAB_FAR = (
    WARNING_BIT[c]
    for c in (
        "above_assay_range",
        "below_assay_range",
        "unit_mixup",
        "extreme_sds",
        "sds_floor",
        "lab_range_unit_mixup",
        "lab_range_implausible",
    )
)
#: The bits that make a laboratory's range doubtful (the zone it decides is then indeterminate).
LAB_RANGE_DOUBT: Final[int] = _LAB_MIXUP | _LAB_FAR
_INDETERMINATE = int(ZoneCode.INDETERMINATE)


def far_outside(x: Any, lower: Any, upper: Any) -> Any:
    """Whether ``x`` lies further outside ``[lower, upper]`` than the interval is wide, on a log scale.

    ``x < lower / (upper / lower)`` or ``x > upper * (upper / lower)``: the distance is the
    interval's own, so it follows the reference's spread at each age (wide in infancy, narrow
    in adults) instead of a fixed factor. 19.6 ng/mL is far below the interval for a man of
    45 (71.7-212 ng/mL), 15 ng/mL is not for a boy of 2 (33.9-184 ng/mL).

    >>> far_outside(19.6, 71.66, 211.98), far_outside(15.0, 33.88, 183.95)
    (True, False)
    """
    return (x * upper < lower * lower) | (x * lower > upper * upper)


def _near(lo: Any, hi: Any, lower: Any, upper: Any) -> Any:
    """Whether the range ``[lo, hi]`` overlaps ``[lower, upper]`` and is centred (log scale) within one
    interval width of its centre."""
    c2 = lo * hi
    return (lo <= upper) & (hi >= lower) & (c2 * upper >= lower * lower * lower) & (c2 * lower <= upper * upper * upper)


def lab_range_warnings(lower: Any, upper: Any, factor: Any, intervals: Any) -> Any:
    """Warning bits of a laboratory's range (ng/mL), printed in a unit with ``factor`` to ng/mL.

    ``intervals`` are ``(covers, lower, upper)`` of every published reference interval for
    the person (``covers`` false where a reference does not cover the age). A range is near
    an interval when the two overlap and the range's centre lies within one interval width
    (log scale) of the interval's centre. A range near none is doubtful:
    ``lab_range_unit_mixup`` when it is near one if read in the other unit (ng/mL <->
    nmol/L), else ``lab_range_implausible``. Floats or numpy columns.

    >>> k = NG_PER_ML_PER_NMOL_PER_L
    >>> adult = [(True, 44.2, 171.1), (True, 41.0, 279.0)]  # a woman of 60: two references
    >>> lab_range_warnings(9.0, 28.0, 1.0, adult) == WARNING_BIT["lab_range_unit_mixup"]  # 9-28 printed in nmol/L
    True
    >>> lab_range_warnings(70.0 * k, 230.0 * k, k, adult) == WARNING_BIT["lab_range_unit_mixup"]
    True
    >>> lab_range_warnings(60.0, 250.0, 1.0, adult), lab_range_warnings(2000.0, 5000.0, 1.0, adult) == _LAB_FAR
    (0, True)
    """
    as_amount = abs(factor - NG_PER_ML_PER_NMOL_PER_L) < 1e-12  # printed in nmol/L: read the numbers as ng/mL
    as_mass = factor == 1.0  # printed in ng/mL: read the numbers as nmol/L
    swap = as_amount / NG_PER_ML_PER_NMOL_PER_L + as_mass * NG_PER_ML_PER_NMOL_PER_L  # 0 for other units
    known: Any = False
    near: Any = False
    near_other: Any = False
    for covers, lo, hi in intervals:
        known = known | covers
        near = near | (covers & _near(lower, upper, lo, hi))
        near_other = near_other | (covers & _near(lower * swap, upper * swap, lo, hi))
    doubtful = known & (near ^ True)
    return (doubtful & near_other) * _LAB_MIXUP | (doubtful & (near_other ^ True)) * _LAB_FAR


def doubtful_zone(zone: Any, bits: Any, xp: Backend = SCALAR) -> Any:
    """The zone code(s) once the warnings are known: ``indeterminate`` where the laboratory's range that
    decides the zone is doubtful (:data:`LAB_RANGE_DOUBT`), else the zone as placed."""
    return xp.where(bits & LAB_RANGE_DOUBT, _INDETERMINATE, zone)


def sds_floor_warning(x: Any, lms_l: Any, lms_s: Any, lower: Any) -> Any:
    """The ``sds_floor`` bit: with L > 0 an LMS SDS cannot fall below ``-1/(L*S)``; where that floor is
    within the advisory limit (Isojima 2012, boys at birth: -2.90), a value below the interval gets an
    SDS squeezed towards it. ``lms_l``/``lms_s`` are nan for a limits reference (no bit)."""
    return ((lms_l > 0) & (lms_l * lms_s * ADVISORY_SDS > 1) & (x < lower)) * _FLOOR


def result_warnings(
    x: Any, number: Any, factor: Any, censor: Any, lower: Any, upper: Any, max_abs_sds: Any, spec: AnalyteSpec = IGF1
) -> Any:
    """The warning bits that depend on the value and its position (floats or numpy arrays).

    ``x`` is the value in ng/mL, ``number`` and ``factor`` the value as given and its unit's
    factor to ng/mL, ``lower``/``upper`` the limits of the primary position, ``max_abs_sds``
    the largest |SDS| of any position (nan when none has one). A censored result gets none
    of these warnings: its number is a limit, not a measurement. The assay range and the molar
    mass of the unit mix-up are ``spec``'s (an analyte without a known assay range gets no assay warning).
    """
    far = far_outside(x, lower, upper)
    loq, top = spec.assay_range_ng_per_ml or (0.0, math.inf)
    nmol = spec.ng_per_ml_per_nmol_per_l
    if type(x) is float and not (far or x > top or x < loq or max_abs_sds > ADVISORY_SDS):
        return 0  # speed: one value that none of the rules below can flag (the same conditions, checked first)
    measured = censor == CENSOR_NONE
    mixup: Any = False
    if far is True or (far is not False and far.any()):  # speed: columns with no value far out skip this rule
        # A likely ng/mL <-> nmol/L mix-up: far outside as entered, inside if read in the other unit.
        as_amount = abs(factor - nmol) < 1e-12  # entered in nmol/L (or pmol/mL)
        as_mass = factor == 1.0  # entered in ng/mL (or µg/L)
        other = as_amount * number + as_mass * number * nmol  # the value in the other unit
        mixup = measured & far & (as_amount | as_mass) & (lower <= other) & (other <= upper)
    return (
        (measured & (x > top)) * _ABOVE
        | (measured & (x < loq)) * _BELOW
        | mixup * _MIXUP
        | (measured & (max_abs_sds > ADVISORY_SDS)) * _EXTREME
    )


#: From this age a puberty context contradicts the person: puberty typically begins at 8-13 years
#: in girls and 9-14 in boys (NICHD, "About Puberty and Precocious Puberty") and takes some years;
#: 25 leaves a wide margin for late puberty.
PUBERTY_CONTEXT_MAX_AGE = 25.0


def context_mismatches(context: tuple[str, ...], sex: str, age: float) -> tuple[str, ...]:
    """The context flags that contradict the person: ``pregnancy`` with male sex, ``puberty`` in adulthood.

    Each is a ``context_mismatch`` warning (igflab keeps the flag's note; it does not guess which input is wrong).
    """
    out = []
    if "pregnancy" in context and sex == "male":
        out.append("pregnancy_male")
    if "puberty" in context and age >= PUBERTY_CONTEXT_MAX_AGE:
        out.append("puberty_adult")
    return tuple(out)


def context_mismatch_rows(context: tuple[str, ...], male: Any, age: Any) -> Any:
    """Where the context flags contradict the person (columns): the rows :func:`context_mismatches` names."""
    out: Any = False
    if "pregnancy" in context:
        out = out | male
    if "puberty" in context:
        out = out | (age >= PUBERTY_CONTEXT_MAX_AGE)
    return out


def warning_codes(bits: int) -> tuple[str, ...]:
    """The codes of the set bits, in :data:`WARNING_CODES` order.

    >>> warning_codes(WARNING_BIT["unit_mixup"] | WARNING_BIT["decimal_comma"])
    ('decimal_comma', 'unit_mixup')
    """
    return tuple(c for i, c in enumerate(WARNING_CODES) if bits >> i & 1)
