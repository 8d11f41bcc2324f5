"""The wording of each warning (the rules that raise them are in :mod:`igflab.core.rules`)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import NamedTuple

from igflab._model import trusted
from igflab.analytes import IGF1, AnalyteSpec
from igflab.inputs.lab_range import LabRange
from igflab.inputs.units import NG_PER_ML_PER_NMOL_PER_L
from igflab.inputs.values import ParsedValue
from igflab.science.assays import ADVISORY_SDS, ASSAY_MAX_NG_PER_ML

from .format import age_text, beyond, number, signed
from .words import ResultWarning

__all__ = ["WarningFacts", "decimal_comma_text", "warning_list"]


class WarningFacts(NamedTuple):
    """What the warning sentences of one result mention."""

    value: ParsedValue
    reference_id: str
    reference_assay: str
    assay: str | None  # the assay the caller named
    unavailable: str | None  # why the published reference could not place the value
    extreme: tuple[float, str] | None  # the first |SDS| beyond the advisory limit, and its position's id
    mismatches: tuple[str, ...] = ()  # the context flags that contradict the person (core.rules.context_mismatches)
    age: float = 0.0
    floor: float = math.nan  # the SDS floor -1/(L*S) of the published position (sds_floor)
    lab: LabRange | None = None  # the laboratory's range (lab_range_unit_mixup, lab_range_implausible)
    spec: AnalyteSpec = IGF1  # the analyte


_new = trusted(ResultWarning)


def decimal_comma_text(number: float) -> str:
    """What igflab says when it read a decimal comma as a decimal point (every analyte, every path)."""
    shown = f"{number:g}".replace(".", ",")
    return f"read the decimal comma in {shown!r} as a decimal point ({number:g})"


def _decimal_comma(f: WarningFacts) -> tuple[str, str]:
    return decimal_comma_text(f.value.number), "value"


def _assay_mismatch(f: WarningFacts) -> tuple[str, str]:
    return f"the {f.reference_id} reference was built with {f.reference_assay}, not {f.assay!r}", "assay"


def _unavailable(f: WarningFacts) -> tuple[str, str]:
    return f.unavailable or "the published reference does not cover this result", "age"


def _above_assay(f: WarningFacts) -> tuple[str, str]:
    message = (
        f"{number(f.value.ng_per_ml)} ng/mL is above the upper measuring limit of common IGF-1 assays "
        f"(about 900-{ASSAY_MAX_NG_PER_ML:g} ng/mL, depending on the assay); check the value and unit"
    )
    return message, "value"


def _below_assay(f: WarningFacts) -> tuple[str, str]:
    message = (
        f"{number(f.value.ng_per_ml)} ng/mL is below the lowest value common IGF-1 assays can measure "
        "reliably (about 9-25 ng/mL, depending on the assay); check the value and unit"
    )
    return message, "value"


def _unit_mixup(f: WarningFacts) -> tuple[str, str]:
    pv = f.value
    other = "ng/mL" if pv.unit.kind == "amount" else "nmol/L"
    message = (
        f"{pv.number:g} {pv.unit.display} is far outside the reference, but {pv.number:g} {other} would be inside "
        f"it: check the unit on the report (probably {other} was meant)"
    )
    return message, "unit"


def _extreme_sds(f: WarningFacts) -> tuple[str, str]:
    sds, where = f.extreme or (float("nan"), "the reference")
    limit = f"{'+' if sds > 0 else '-'}{ADVISORY_SDS:g}"
    usual = f.spec.usual_unit
    hint = "" if usual == "ng/mL" else f" ({f.spec.words} is usually reported in {usual})"
    what = "SDS" if f.spec.zone_rule == "u_curve" else f"The {f.spec.words} SDS"
    return (
        f"{what} {beyond(sds)} against {where} is beyond {limit}; please check the value, unit{hint}, age and sex",
        "value",
    )


def _context(f: WarningFacts) -> tuple[str, str]:
    said = {
        "pregnancy_male": "pregnancy was given as context for a male",
        "puberty_adult": f"puberty was given as context at {age_text(f.age)}, an age at which puberty is not under way "
        "(it typically begins at 8-13 years in girls and 9-14 in boys; NICHD)",
    }
    return "; ".join(said[m] for m in f.mismatches) + ": please check the context, sex and age", "context"


def _sds_floor(f: WarningFacts) -> tuple[str, str]:
    message = (
        f"at this age the {f.reference_id} reference's scores cannot go below SDS {signed(f.floor)}, so they "
        "cannot express a very low value precisely: read this result as below the reference rather than by its "
        "exact SDS or centile"
    )
    return message, "value"


def _lab_figures(f: WarningFacts) -> tuple[str, str]:
    """The range as printed, and the unit it would be in if the other unit was meant."""
    lab = f.lab
    if lab is None:  # pragma: no cover - the rule needs a range
        return "the laboratory range", "ng/mL"
    shown = f"{lab.lower / lab.factor:g}-{lab.upper / lab.factor:g} {lab.unit}"
    return shown, "ng/mL" if abs(lab.factor - NG_PER_ML_PER_NMOL_PER_L) < 1e-12 else "nmol/L"


def _lab_range(f: WarningFacts, mixup: bool) -> tuple[str, str]:
    """``lab_range_unit_mixup`` (``mixup``: near a reference in the other unit) or ``lab_range_implausible``."""
    shown, other = _lab_figures(f)
    why = (
        f", but the same numbers in {other} would be close to them: check the range's unit"
        if mixup
        else (": check the range and its unit")
    )
    message = (
        f"the laboratory range {shown} is far from every published IGF-1 reference for this age and sex{why} on "
        "the report; igflab does not let this range decide the zone (indeterminate)"
    )
    return message, "lab_range"


def _disagree(f: WarningFacts) -> tuple[str, str]:
    """``comparisons_disagree``: the laboratory's range and the published reference, or the two sexes' references,
    place the result on different sides."""
    if f.lab is not None:
        said = (
            "the laboratory's range and the published reference place the result on different sides of their "
            "ranges: ask whether the laboratory's range is for this age and sex"
        )
        return said, "lab_range"
    return "the male and the female reference place the result on different sides: give the sex to place it", "sex"


_WORDING: dict[str, Callable[[WarningFacts], tuple[str, str]]] = {
    "decimal_comma": _decimal_comma,
    "assay_mismatch": _assay_mismatch,
    "published_reference_unavailable": _unavailable,
    "above_assay_range": _above_assay,
    "below_assay_range": _below_assay,
    "unit_mixup": _unit_mixup,
    "extreme_sds": _extreme_sds,
    "context_mismatch": _context,
    "sds_floor": _sds_floor,
    "lab_range_unit_mixup": lambda f: _lab_range(f, mixup=True),
    "lab_range_implausible": lambda f: _lab_range(f, mixup=False),
    "comparisons_disagree": _disagree,
}


def warning_list(codes: tuple[str, ...], facts: WarningFacts) -> tuple[ResultWarning, ...]:
    """The warnings of ``codes`` (in that order), worded with ``facts``."""
    out = []
    for code in codes:
        message, field = _WORDING[code](facts)
        out.append(_new({"code": code, "message": message, "field": field}))
    return tuple(out)
