"""The short plain-language summary of a result: one or two sentences, cited like the notes.

``Interpretation.summary`` leads the web page, the CDS Hooks card, ``str(result)`` and
``igflab interpret --brief``. Its figures are in the unit the result was typed in, with
the other unit beside them (:mod:`igflab.text.figures`). It says where the result sits,
in words (no zone codes); it never gives a verdict. It names the analyte from its spec
(:mod:`igflab.analytes`). For an adult's IGF-1 (an analyte whose zones follow the U-curve)
it names the 120-160 ng/mL mid-range as context, not as a target; under 18, and for any
other analyte, it does not mention the adult mid-range.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TypeVar

from igflab._model import trusted
from igflab.analytes import AnalyteSpec, spec_of
from igflab.science.references import get_reference
from igflab.science.zones import MID_RANGE_HIGH_NG_PER_ML as MID_HIGH
from igflab.science.zones import MID_RANGE_LOW_NG_PER_ML as MID_LOW
from igflab.science.zones import Zone

from .figures import DisplayUnit, display_unit, figures, range_figures
from .format import age_text, centile_text, sds_text
from .notes import shown_value
from .shapes import Measured, Position, Result
from .words import Note, Summary
from .zones import relation

__all__ = ["result_summary", "summary_of", "with_display_unit"]

_R = TypeVar("_R", bound=Result)

_ADULTS = {"male": "men", "female": "women", "unknown": "adults"}
_CHILDREN = {"male": "boys", "female": "girls", "unknown": "children"}

_MID = {
    Zone.LOW_NORMAL: "below",
    Zone.MID_RANGE: "within",
    Zone.HIGH_NORMAL: "above",
}


def _who(sex: str, age: float, adult: bool) -> str:
    return f"{(_ADULTS if adult else _CHILDREN)[sex]} aged {age_text(age)}"


# Where the result sits against the range, for each zone (a table: looked up, not computed per result).
_WHERE = {z: relation(z) for z in Zone} | {
    Zone.WELL_ABOVE_REFERENCE: "well above (more than 1.3 times the upper limit of)",
}


def _position(p: Position, others: Sequence[Position], who: str, unit: DisplayUnit, spec: AnalyteSpec) -> str:
    """What the result was compared with, with its limits."""
    limits = range_figures(p.lower_ng_per_ml, p.upper_ng_per_ml, unit, spec)
    if p.kind == "lab":
        return f"the laboratory's printed range, {limits}"
    name = _short_name(p.id)
    if any(o.kind == "published" and o.sex != p.sex for o in others):  # sex not given: both sexes' ranges
        return f"the usual ranges for {who}, of either sex (sex was not given), in the {name} reference"
    where = f"the usual range for {who}, {limits}, in the {name} reference"
    if p.sds is not None and p.centile is not None and not others:  # one LMS position: its centile and SDS
        where += f", {centile_text(p.centile, p.bound)} (SDS {sds_text(p.sds, p.bound)})"
    return where


@functools.lru_cache(maxsize=64)
def _short_name(reference_id: str) -> str:
    return get_reference(reference_id).data.short_name


@functools.lru_cache(maxsize=8)
def _mid_range(unit: DisplayUnit) -> str:
    """The adult mid-range in ``unit`` (the same text for every result: formatted once per unit)."""
    return range_figures(MID_LOW, MID_HIGH, unit)


# Speed: results build their summary without re-validation (``trusted``: ~2 µs of 20 saved).
_new_summary = trusted(Summary)


def _cites(notes: Sequence[Note], kind: str) -> tuple[str, ...]:
    return next((n.citations for n in notes if n.kind == kind), ())


def result_summary(
    value: Measured,
    age: float,
    sex: str,
    adult: bool,
    primary: Position,
    others: Sequence[Position],
    zone: Zone,
    notes: Sequence[Note],
    unit: DisplayUnit,
    spec: AnalyteSpec,
) -> Summary:
    """The summary of a result of ``spec``'s analyte from its parts."""
    shown = figures(value.ng_per_ml, unit, value.censored, shown_value(value.ng_per_ml, primary), spec)
    who = _who(sex, age, adult)
    if zone is Zone.INDETERMINATE:  # not placed: say so, and where to look, never a position it does not have
        first = f"This {spec.words} result, {shown}, could not be placed in one zone with the information given."
        second = " The notes say why and what would settle it."
        ids = tuple(dict.fromkeys([*_cites(notes, "position"), *_cites(notes, "zone")]))
        return _new_summary({"text": first + second, "citations": ids, "unit": unit})
    first = f"This {spec.words} result, {shown}, is {_WHERE[zone]} {_position(primary, others, who, unit, spec)}."
    cites = list(_cites(notes, "position"))
    second = ""
    if zone in _MID and spec.zone_rule == "u_curve":  # the adult band is IGF-1's (its U-curve zones) alone
        second = (
            f" It is {_MID[zone]} the adult mid-range of {_mid_range(unit)}"
            " from pooled studies, which is context, not a target."
        )
    elif zone is not Zone.WITHIN_REFERENCE:
        whom = "the professional who ordered the test" if adult else "the child's doctor"
        second = f" A result outside the usual range is worth discussing with {whom}."
    if second:
        cites += [c for c in _cites(notes, "zone") if c not in cites]
    return _new_summary({"text": first + second, "citations": tuple(cites), "unit": unit})


def summary_of(r: Result, unit: str | None = None) -> Summary:
    """The summary of ``r``, with figures in ``unit`` (default: the unit the result was typed in).

    >>> import igflab
    >>> print(summary_of(igflab.interpret(19.6, "nmol/L", age=45, sex="female")).text)
    This IGF-1 result, 19.6 nmol/L (150 ng/mL), is inside the usual range for women aged 45 years,
    7.79-26.2 nmol/L (59.6-200 ng/mL), in the Bidlingmaier 2014 (IDS-iSYS) reference, at the 79th
    centile (SDS +0.81). It is within the adult mid-range of 15.7-20.9 nmol/L (120-160 ng/mL) from
    pooled studies, which is context, not a target.
    >>> print(summary_of(igflab.interpret(4.1, "mg/L", age=45, sex="male", analyte="igfbp3")).text)
    This IGFBP-3 result, 4.10 mg/L (143 nmol/L), is inside the usual range for men aged 45 years, 2.43-5.92 mg/L
    (84.7-206 nmol/L), in the Friedrich 2014 IGFBP-3 (IDS-iSYS) reference, at the 51st centile (SDS +0.04).
    """
    spec = spec_of(r.analyte)
    shown = display_unit(r.value.input_unit, unit, spec)
    parts = (r.value, r.age, r.sex, r.adult, r.reference, r.other_positions, r.zone, r.notes)
    return result_summary(*parts, shown, spec)


def with_display_unit(r: _R, unit: str | None) -> _R:
    """``r`` with its summary's figures in ``unit`` (``r`` itself when ``unit`` is None)."""
    if unit is None:
        return r
    copy = r.model_copy()
    # The summary is a cached property of the result: the copy's cache holds the one in ``unit``.
    copy.__dict__["summary"] = summary_of(r, unit)
    return copy
