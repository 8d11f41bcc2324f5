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
from igflab.inputs.lab_range import LabRange
from igflab.inputs.units import NG_PER_ML_PER_NMOL_PER_L, mass_factors
from igflab.inputs.values import CENSOR_ABOVE, CENSOR_BELOW, CENSOR_NONE
from igflab.science.assays import ADVISORY_SDS
from igflab.science.zones import ZoneCode

__all__ = [
    "CHILD_CONTEXT_MIN_AGE",
    "CONTEXT_RULES",
    "LAB_RANGE_DOUBT",
    "PUBERTY_CONTEXT_MAX_AGE",
    "WARNING_BIT",
    "WARNING_CODES",
    "context_mismatch_rows",
    "context_mismatches",
    "doubtful_zone",
    "lab_range_text_warnings",
    "lab_range_warnings",
    "result_warnings",
    "sds_floor_warning",
    "unit_mixup",
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
    "lab_range_decimal_comma",
)
#: The bit of each code.
WARNING_BIT: Final[dict[str, int]] = {c: 1 << i for i, c in enumerate(WARNING_CODES)}

_ABOVE, _BELOW, _MIXUP, _EXTREME, _FLOOR, _LAB_MIXUP, _LAB_FAR, _LAB_COMMA = (
    WARNING_BIT[c]
    for c in (
        "above_assay_range",
        "below_assay_range",
        "unit_mixup",
        "extreme_sds",
        "sds_floor",
        "lab_range_unit_mixup",
        "lab_range_implausible",
        "lab_range_decimal_comma",
    )
)
#: The bits that make a laboratory's range doubtful (the zone it decides is then indeterminate).
LAB_RANGE_DOUBT: Final[int] = _LAB_MIXUP | _LAB_FAR
_INDETERMINATE = int(ZoneCode.INDETERMINATE)


def unit_mixup(number: Any, factor: Any, lower: Any, upper: Any, spec: AnalyteSpec = IGF1) -> Any:
    """Whether a value is outside ``[lower, upper]`` (ng/mL) in the unit typed and inside it in the other unit.

    ``number`` is the value as typed and ``factor`` its unit's factor to ng/mL. The other unit of
    a mass unit the analyte is reported in (its display units: ng/mL or µg/L for IGF-1; mg/L,
    µg/mL, ng/mL or µg/L for IGFBP-3) is nmol/L; the other unit of nmol/L (or pmol/mL) is each of
    those mass units. Any other unit (ng/dL, pmol/L ...) has none. Both directions, floats or
    numpy columns. A woman of 65 (IGF-1 interval 40.6-166 ng/mL): 10.7 ng/mL is below it,
    10.7 nmol/L = 82 ng/mL inside it; a man of 45 (71.7-212 ng/mL): 40 ng/mL is below it, but
    40 nmol/L = 306 ng/mL is above it too, so a true low value is not taken for a mix-up.

    >>> unit_mixup(10.7, 1.0, 40.59, 166.44), unit_mixup(40.0, 1.0, 71.66, 211.98)
    (True, False)
    >>> unit_mixup(150.0, NG_PER_ML_PER_NMOL_PER_L, 71.66, 211.98)  # 150 nmol/L: 150 ng/mL was meant
    True
    """
    nmol = spec.ng_per_ml_per_nmol_per_l
    typed = number * factor
    as_amount = abs(factor - nmol) < 1e-12 * nmol  # typed in nmol/L (or pmol/mL)
    inside_other: Any = False
    for mass in mass_factors(spec):
        as_nmol, as_mass = number * nmol, number * mass  # the number in nmol/L, and in this mass unit
        inside_other = inside_other | ((factor == mass) & (lower <= as_nmol) & (as_nmol <= upper))
        inside_other = inside_other | (as_amount & (lower <= as_mass) & (as_mass <= upper))
    return ((typed < lower) | (typed > upper)) & inside_other


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


def lab_range_text_warnings(lab: LabRange | None) -> int:
    """The warning bits of a laboratory's range typed as text: ``lab_range_decimal_comma`` when a limit was
    written with a decimal comma ("52,5-328", read as 52.5). (Columns of limits are numbers: no bits.)"""
    return _LAB_COMMA if lab is not None and lab.decimal_comma else 0


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
    the largest |SDS| of any position (nan when none has one). The assay range and the molar
    mass of the unit mix-up are ``spec``'s (an analyte without a known assay range gets no assay warning).

    A censored result's number is a limit, not a measurement: it gets no assay or unit warning,
    and ``extreme_sds`` only when its bound lies beyond the interval on the side the result
    does (">x" above the upper limit, "<x" below the lower one) with an SDS beyond the
    advisory limit: the result itself is then at least as extreme.
    """
    outside = (x < lower) | (x > upper)
    loq, top = spec.assay_range_ng_per_ml or (0.0, math.inf)
    if type(x) is float and not (outside or x > top or x < loq or max_abs_sds > ADVISORY_SDS):
        return 0  # speed: one value that none of the rules below can flag (the same conditions, checked first)
    measured = censor == CENSOR_NONE
    mixup: Any = False
    if outside is True or (outside is not False and outside.any()):  # speed: columns with no value outside skip it
        mixup = measured & unit_mixup(number, factor, lower, upper, spec)
    toward = ((censor == CENSOR_ABOVE) & (x > upper)) | ((censor == CENSOR_BELOW) & (x < lower))
    return (
        (measured & (x > top)) * _ABOVE
        | (measured & (x < loq)) * _BELOW
        | mixup * _MIXUP
        | ((measured | toward) & (max_abs_sds > ADVISORY_SDS)) * _EXTREME
    )


#: From this age a puberty context contradicts the person: puberty typically begins at 8-13 years
#: in girls and 9-14 in boys (NICHD, "About Puberty and Precocious Puberty") and takes some years;
#: 25 leaves a wide margin for late puberty.
PUBERTY_CONTEXT_MAX_AGE = 25.0
#: Under this age pregnancy, a contraceptive or hormone replacement contradicts the person: puberty, and
#: with it fertility, typically begins at 8 years at the earliest (NICHD, as above); 10 leaves a margin.
CHILD_CONTEXT_MIN_AGE = 10.0

#: The one rule of both paths: ``(flag, code, test, age)`` -- the flag contradicts a male (``"male"``), a
#: person under ``age`` (``"under"``) or from ``age`` (``"from"``). Each hit is a ``context_mismatch`` warning.
CONTEXT_RULES: Final[tuple[tuple[str, str, str, float], ...]] = (
    ("pregnancy", "pregnancy_male", "male", 0.0),
    ("pregnancy", "pregnancy_child", "under", CHILD_CONTEXT_MIN_AGE),
    ("puberty", "puberty_adult", "from", PUBERTY_CONTEXT_MAX_AGE),
    ("combined-contraceptive", "contraceptive_male", "male", 0.0),
    ("combined-contraceptive", "contraceptive_child", "under", CHILD_CONTEXT_MIN_AGE),
    ("progestin-contraceptive", "contraceptive_male", "male", 0.0),
    ("progestin-contraceptive", "contraceptive_child", "under", CHILD_CONTEXT_MIN_AGE),
    ("estrogen-replacement", "estrogen_replacement_male", "male", 0.0),
    ("estrogen-replacement", "estrogen_replacement_child", "under", CHILD_CONTEXT_MIN_AGE),
)


def _hits(test: str, limit: float, male: Any, age: Any) -> Any:
    """Whether a rule's test holds (floats or numpy columns)."""
    if test == "male":
        return male
    return age < limit if test == "under" else age >= limit


def context_mismatches(context: tuple[str, ...], sex: str, age: float) -> tuple[str, ...]:
    """The codes of the context flags that contradict the person (:data:`CONTEXT_RULES`), each once.

    Each is a ``context_mismatch`` warning (igflab keeps the flag's note; it does not guess which input is wrong).

    >>> context_mismatches(("pregnancy",), "male", 8.0)
    ('pregnancy_male', 'pregnancy_child')
    """
    male = sex == "male"
    out = [code for flag, code, test, limit in CONTEXT_RULES if flag in context and _hits(test, limit, male, age)]
    return tuple(dict.fromkeys(out))


def context_mismatch_rows(context: tuple[str, ...], male: Any, age: Any) -> Any:
    """Where the context flags contradict the person (columns): the rows :func:`context_mismatches` names."""
    out: Any = False
    for flag, _, test, limit in CONTEXT_RULES:
        if flag in context:
            out = out | _hits(test, limit, male, age)
    return out


def warning_codes(bits: int) -> tuple[str, ...]:
    """The codes of the set bits, in :data:`WARNING_CODES` order.

    >>> warning_codes(WARNING_BIT["unit_mixup"] | WARNING_BIT["decimal_comma"])
    ('decimal_comma', 'unit_mixup')
    """
    return tuple(c for i, c in enumerate(WARNING_CODES) if bits >> i & 1)
