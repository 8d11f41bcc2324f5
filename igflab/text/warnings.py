"""The wording of each warning (the rules that raise them are in :mod:`igflab.core.rules`)."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import NamedTuple

from igflab._model import trusted
from igflab.analytes import IGF1, AnalyteSpec
from igflab.inputs.lab_range import LabRange
from igflab.inputs.units import NG_PER_ML_PER_NMOL_PER_L, unit_info
from igflab.inputs.values import ParsedValue
from igflab.science.assays import ADVISORY_SDS, ASSAY_MAX_NG_PER_ML
from igflab.science.references import get_reference, list_references

from .context import mismatch_text
from .format import age_text, bound_of, number, sds_text, signed
from .words import ResultWarning

__all__ = ["WarningFacts", "decimal_comma_text", "short_name", "warning_list"]


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


@functools.lru_cache(maxsize=64)
def short_name(reference_id: str) -> str:
    """How a sentence names a reference: its short name ("Bidlingmaier 2014 (IDS-iSYS)"), never its id."""
    return get_reference(reference_id).data.short_name


def decimal_comma_text(number: float, typed: str | None = None) -> str:
    """What igflab says when it read a decimal comma as a decimal point (every analyte, every path): the number as
    typed (``typed``, e.g. ``"150,0"``; else ``number`` written with a comma), and as read.

    >>> decimal_comma_text(150.0, "150,0")
    "read the decimal comma in '150,0' as a decimal point (150)"
    >>> decimal_comma_text(4.1)
    "read the decimal comma in '4,1' as a decimal point (4.1)"
    """
    shown = typed if typed is not None else f"{number:g}".replace(".", ",")
    return f"read the decimal comma in {shown!r} as a decimal point ({number:g})"


def _typed(f: WarningFacts) -> str:
    """The value's number as typed (a number given as a number: as Python writes it, shortest)."""
    return f.value.typed if f.value.typed is not None else f"{f.value.number:g}"


def _decimal_comma(f: WarningFacts) -> tuple[str, str]:
    return decimal_comma_text(f.value.number, f.value.typed), "value"


def _lab_decimal_comma(f: WarningFacts) -> tuple[str, str]:
    lab = f.lab
    typed = lab.typed if lab is not None else None
    if lab is None or typed is None:  # pragma: no cover - the rule needs a range typed as text
        return "read a decimal comma in the laboratory range as a decimal point", "lab_range"
    read = f"{lab.lower / lab.factor:g}-{lab.upper / lab.factor:g} {lab.unit}"
    return f"read the decimal comma in the laboratory range {typed!r} as a decimal point ({read})", "lab_range"


def _assay_mismatch(f: WarningFacts) -> tuple[str, str]:
    name = short_name(f.reference_id)
    return f"the {name} reference was built with {f.reference_assay}, not {f.assay!r}", "assay"


def _unavailable(f: WarningFacts) -> tuple[str, str]:
    ref = get_reference(f.reference_id)
    others = [r.data.short_name for r in list_references(ref.analyte) if r.id != ref.id and r.covers(f.age)]
    hint = f" (references that cover it: {', '.join(others)})" if others else ""
    message = (
        f"the age, {age_text(f.age)}, is outside the {ref.data.short_name} reference, which covers "
        f"{ref.coverage_text()}{hint}: only the laboratory's range placed this result"
    )
    return message, "age"


def _assay_limits(f: WarningFacts) -> str:
    """The value as typed, with ng/mL beside it when typed in another unit."""
    pv = f.value
    shown = f"{_typed(f)} {pv.unit.display}"
    return shown if pv.unit.factor == 1.0 else f"{shown} ({number(pv.ng_per_ml)} ng/mL)"


def _above_assay(f: WarningFacts) -> tuple[str, str]:
    message = (
        f"{_assay_limits(f)} is above the upper measuring limit of common {f.spec.words} assays "
        f"(about 900-{ASSAY_MAX_NG_PER_ML:g} ng/mL, depending on the assay); check the value and unit"
    )
    return message, "value"


def _below_assay(f: WarningFacts) -> tuple[str, str]:
    message = (
        f"{_assay_limits(f)} is below the lowest value common {f.spec.words} assays can measure "
        "reliably (about 9-25 ng/mL, depending on the assay); check the value and unit"
    )
    return message, "value"


def _mass_names(spec: AnalyteSpec) -> dict[float, str]:
    """The analyte's report mass units by factor to ng/mL, each named by its first display spelling."""
    out: dict[float, str] = {}
    for u in spec.display_units:
        info = unit_info(u)
        if info.kind == "mass":
            out.setdefault(info.factor, info.display)
    return out


def _unit_mixup(f: WarningFacts) -> tuple[str, str]:
    """``unit_mixup`` (:func:`igflab.core.rules.unit_mixup`): the other unit(s), and which side the value is on."""
    pv, spec = f.value, f.spec
    nmol = spec.ng_per_ml_per_nmol_per_l
    masses = _mass_names(spec)
    # Typed in nmol/L the other units are the report mass units, else nmol/L; with one other unit the side is known.
    others = list(masses.items()) if pv.unit.kind == "amount" else [(nmol, "nmol/L")]
    other = " or ".join(name for _, name in others)
    side = ("below" if others[0][0] > pv.unit.factor else "above") if len(others) == 1 else "outside"
    message = (
        f"{_typed(f)} {pv.unit.display} is {side} the reference, but {_typed(f)} {other} would be inside it: "
        f"check the unit on the report (perhaps {other} was meant)"
    )
    return message, "unit"


def _extreme_sds(f: WarningFacts) -> tuple[str, str]:
    sds, where = f.extreme or (math.nan, "")
    high = sds > 0
    limit = f"{'+' if high else '-'}{ADVISORY_SDS:g}"
    usual = f.spec.usual_unit
    hint = "" if usual == "ng/mL" else f" ({f.spec.words} is usually reported in {usual})"
    what = "SDS" if f.spec.zone_rule == "u_curve" else f"The {f.spec.words} SDS"
    name = f"the {short_name(where)} reference" if where and where != "lab" else "the reference"
    if math.isfinite(sds):
        # Rounded as the summary rounds it, an SDS just beyond the limit may read as the limit itself (+5.00).
        just = "just " if abs(float(signed(sds))) <= ADVISORY_SDS else ""
        said = f"{what} {sds_text(sds, bound_of(f.value.censored))} against {name} is {just}beyond {limit}"
    else:  # a tail beyond what double precision expresses
        said = f"{what} against {name} is far {'above' if high else 'below'} (SDS not computable), beyond {limit}"
    cause = "growth-hormone excess" if high else "severe growth-hormone deficiency"
    if not math.isfinite(sds):  # beyond any measured value: a unit or typing error, not a condition
        return (
            f"{said}: please check the value and unit{hint}; no condition gives values this far from the range",
            "value",
        )
    message = (
        f"{said}: please check the value, unit{hint}, age and sex; values this {'high' if high else 'low'} do "
        f"occur (for example with {cause}), and if the value is correct it needs prompt review"
    )
    return message, "value"


def _context(f: WarningFacts) -> tuple[str, str]:
    said = "; ".join(mismatch_text(m, f.age) for m in f.mismatches)
    return said + ": please check the context, sex and age", "context"


def _sds_floor(f: WarningFacts) -> tuple[str, str]:
    message = (
        f"at this age the {short_name(f.reference_id)} reference's scores cannot go below SDS {signed(f.floor)}, "
        "so they cannot express a very low value precisely: read this result as below the reference rather than by its "
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
    "lab_range_decimal_comma": _lab_decimal_comma,
}


def warning_list(codes: tuple[str, ...], facts: WarningFacts) -> tuple[ResultWarning, ...]:
    """The warnings of ``codes`` (in that order), worded with ``facts``."""
    out = []
    for code in codes:
        message, field = _WORDING[code](facts)
        out.append(_new({"code": code, "message": message, "field": field}))
    return tuple(out)
