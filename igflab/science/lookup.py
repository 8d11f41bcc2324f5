"""The reverse look-up: the value at an SDS or a centile, for an age and sex, on a published reference.

What online calculators call "which value is SDS -2 at 8.5 years?". Built on
:meth:`igflab.science.references.Reference.value_at` (LMS, BCCG and BCPE references); a reference that
publishes only lower and upper limits has no centiles, and says so.
"""

from __future__ import annotations

import math
from statistics import NormalDist

from igflab.analytes import spec_of
from igflab.errors import InputError, ReferenceUnavailableError, SexError
from igflab.inputs.ages import parse_age
from igflab.inputs.sex import parse_sex
from igflab.inputs.units import analyte_unit, unit_info

from .references import Reference, choose_reference, list_references

__all__ = ["MAX_ABS_SDS", "sds_of", "value_at", "with_centiles"]

#: The SDS (and the centiles, 0.00003rd to 99.99997th) a reverse look-up reaches: beyond, a reference's tails
#: are extrapolation.
MAX_ABS_SDS = 5.0


def sds_of(sds: object = None, centile: object = None) -> float:
    """The SDS asked for: ``sds`` itself, or the SDS of ``centile`` (0-100, exclusive); exactly one is given."""
    if (sds is None) == (centile is None):
        raise InputError("give either an SDS or a centile", field="sds")
    field = "sds" if sds is not None else "centile"
    given = sds if sds is not None else centile
    if isinstance(given, bool) or not isinstance(given, (int, float, str)):
        raise InputError(f"{field} must be a number, got {type(given).__name__}", field=field)
    try:
        number = float(given)
    except ValueError:
        raise InputError(f"{field} {given!r} is not a number", field=field) from None
    if not math.isfinite(number):
        raise InputError(f"{field} must be a finite number", field=field)
    if centile is not None:
        if not 0.0 < number < 100.0:
            raise InputError(f"centile {number:g} is not between 0 and 100 (exclusive)", field="centile")
        number = NormalDist().inv_cdf(number / 100.0)
    if abs(number) > MAX_ABS_SDS + 1e-9:
        raise InputError(
            f"{field} {given} is beyond SDS ±{MAX_ABS_SDS:g}, where a reference's tails are extrapolation", field=field
        )
    return number


def with_centiles(ref: Reference) -> Reference:
    """``ref``, if it has centiles; a limits-only reference raises, naming those of its analyte that have."""
    if ref.distribution != "limits":
        return ref
    others = [r.id for r in list_references(ref.analyte) if r.distribution != "limits"]
    raise ReferenceUnavailableError(
        f"the {ref.id} reference publishes only lower and upper limits by age, not centiles: it has no value "
        f"at an SDS or a centile; references with centiles: {', '.join(others)}"
    )


def value_at(
    sds: object = None,
    *,
    centile: object = None,
    age: object,
    sex: object,
    unit: str = "ng/mL",
    reference: object = None,
    assay: object = None,
    analyte: str = "igf1",
) -> float:
    """The value at ``sds`` (or at ``centile``) for ``age`` and ``sex`` on a published reference, in ``unit``.

    The reference is chosen as :func:`igflab.interpret` chooses it (``reference``, else ``assay``, else the
    analyte's default). The 2.5th centile of IGF-1 at 45 years for a man is the reference's lower limit
    (Bidlingmaier 2014, 71.7 ng/mL):

    >>> round(value_at(centile=2.5, age=45, sex="male"), 1)
    71.7
    >>> round(value_at(-2, age="8y6m", sex="female", unit="nmol/L"), 2)
    7.9

    Raises :class:`~igflab.errors.IgflabError`: for both or neither of ``sds`` and ``centile``, an SDS beyond
    ±5, a sex other than male or female, an age outside the reference, and a reference with only limits.
    """
    spec = spec_of(analyte)
    z = sds_of(sds, centile)
    years = parse_age(age)[0]
    who = parse_sex(sex)
    if who == "unknown":
        raise SexError("a value at an SDS or centile needs the sex (male or female): the tables differ by sex")
    info = analyte_unit(unit_info(unit), spec)
    ref = with_centiles(choose_reference(reference, assay, spec).reference)
    return float(ref.value_at(z, years, who == "female")) / info.factor
