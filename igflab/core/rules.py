"""Warnings: each rule once, over floats or numpy columns, as bits of one integer per result.

A warning says that igflab read or placed something it could not be sure of; it never
stops the interpretation. Both paths compute the same bits with the same functions:
:func:`interpret` turns each set bit into a :class:`~igflab.models.ResultWarning`
(wording in :mod:`igflab.text.warnings`), :func:`interpret_batch` keeps the codes.
The codes are listed in :data:`WARNING_CODES`, in the order results list them.
"""

from __future__ import annotations

from typing import Any, Final

from igflab.inputs.units import NG_PER_ML_PER_NMOL_PER_L
from igflab.inputs.values import CENSOR_NONE
from igflab.science.assays import ADVISORY_SDS, ASSAY_LOQ_NG_PER_ML, ASSAY_MAX_NG_PER_ML
from igflab.science.zones import HU_FACTOR

__all__ = [
    "PUBERTY_CONTEXT_MAX_AGE",
    "WARNING_BIT",
    "WARNING_CODES",
    "context_mismatches",
    "result_warnings",
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
)
#: The bit of each code.
WARNING_BIT: Final[dict[str, int]] = {c: 1 << i for i, c in enumerate(WARNING_CODES)}

_ABOVE, _BELOW, _MIXUP, _EXTREME = (
    WARNING_BIT[c] for c in ("above_assay_range", "below_assay_range", "unit_mixup", "extreme_sds")
)


def result_warnings(x: Any, number: Any, factor: Any, censor: Any, lower: Any, upper: Any, max_abs_sds: Any) -> Any:
    """The warning bits that depend on the value and its position (floats or numpy arrays).

    ``x`` is the value in ng/mL, ``number`` and ``factor`` the value as given and its unit's
    factor to ng/mL, ``lower``/``upper`` the limits of the primary position, ``max_abs_sds``
    the largest |SDS| of any position (nan when none has one). A censored result gets none
    of these warnings: its number is a limit, not a measurement.
    """
    far = (x > HU_FACTOR * upper) | (x < lower / HU_FACTOR)
    if type(x) is float and not (
        far or x > ASSAY_MAX_NG_PER_ML or x < ASSAY_LOQ_NG_PER_ML or max_abs_sds > ADVISORY_SDS
    ):
        return 0  # speed: one value that none of the rules below can flag (the same conditions, checked first)
    measured = censor == CENSOR_NONE
    mixup: Any = False
    if far is True or (far is not False and far.any()):  # speed: columns with no value far out skip this rule
        # A likely ng/mL <-> nmol/L mix-up: far outside as entered, inside if read in the other unit.
        as_amount = abs(factor - NG_PER_ML_PER_NMOL_PER_L) < 1e-12  # entered in nmol/L (or pmol/mL)
        as_mass = factor == 1.0  # entered in ng/mL (or µg/L)
        other = as_amount * number + as_mass * number * NG_PER_ML_PER_NMOL_PER_L  # the value in the other unit
        mixup = measured & far & (as_amount | as_mass) & (lower <= other) & (other <= upper)
    return (
        (measured & (x > ASSAY_MAX_NG_PER_ML)) * _ABOVE
        | (measured & (x < ASSAY_LOQ_NG_PER_ML)) * _BELOW
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


def warning_codes(bits: int) -> tuple[str, ...]:
    """The codes of the set bits, in :data:`WARNING_CODES` order.

    >>> warning_codes(WARNING_BIT["unit_mixup"] | WARNING_BIT["decimal_comma"])
    ('decimal_comma', 'unit_mixup')
    """
    return tuple(c for i, c in enumerate(WARNING_CODES) if bits >> i & 1)
