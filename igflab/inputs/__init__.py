"""Inputs: each field of a request parsed exactly once, at the edge.

:func:`parse_inputs` reads one result into a frozen :class:`Inputs`;
:func:`igflab.inputs.columns.parse_columns` reads whole columns with the same rules.
Nothing downstream parses again.
"""

from __future__ import annotations

from typing import NamedTuple

from igflab._types import AgeSource, ContextFlagId, Sex
from igflab.analytes import IGF1, AnalyteSpec
from igflab.errors import LabRangeError

from .ages import resolve_age
from .context import normalise_context
from .lab_range import LabRange, parse_lab_range
from .sex import parse_sex
from .values import ParsedValue, censored_error, parse_value

__all__ = ["Inputs", "parse_inputs"]


class Inputs(NamedTuple):
    """One result's inputs, parsed (immutable): the value, the age, the sex, context and the lab's range."""

    value: ParsedValue
    age: float
    age_source: AgeSource
    sex: Sex
    context: tuple[ContextFlagId, ...]
    lab: LabRange | None


def parse_inputs(
    value: object,
    unit: object,
    age: object,
    sex: object,
    lab_range: object = None,
    lab_range_unit: object = None,
    context: object = None,
    birth_date: object = None,
    collected: object = None,
    spec: AnalyteSpec = IGF1,
) -> Inputs:
    """Parse one result's fields, in this order: value and unit, age, sex, context, lab range.

    The first field that cannot be used raises its :class:`~igflab.errors.IgflabError`.
    (Positional parameters: the single-result path passes them without keywords, which is
    measurably cheaper for nine arguments.)
    """
    pv = parse_value(value, unit, spec)
    if pv.censor and not spec.censoring:
        raise censored_error(spec)
    years, source = resolve_age(age, birth_date, collected)
    sx = parse_sex(sex)
    ctx = normalise_context(context)
    lab = None
    if lab_range is not None:
        if not spec.lab_range:
            raise LabRangeError(
                f"a laboratory's range is read for IGF-1 only; {spec.words} is placed on its published table"
            )
        lab = parse_lab_range(lab_range, lab_range_unit, pv.unit.display)
    elif lab_range_unit is not None:
        raise LabRangeError("lab_range_unit was given without a lab range")
    return Inputs(pv, years, source, sx, ctx, lab)
