"""The short plain-language summary of a result: a doubt first, then where it sits, cited like the notes.

``Interpretation.summary`` leads the web page, the CDS Hooks card, ``str(result)``, the FHIR
narrative and ``igflab interpret --brief``. Its figures are in the unit the result was typed
in, with the other unit beside them (:mod:`igflab.text.figures`). In this order:

1. **A doubt goes first.** When the result has warnings, one "Please check ..." sentence
   quotes them before anything else (the comparison warning is said by the headline itself).
2. **The headline** says where the result sits, from the same zone as every other channel:
   below / in the lower, middle or upper third of / above / well above the range it was
   placed on. When two comparisons disagree (the laboratory's range and the published
   reference, or the two sexes when the sex is unknown) it says both, and what to ask.
3. Outside the range, who to discuss it with. (The adult 120-160 ng/mL band is not in the
   summary: it is population context, in its own field and note, never the verdict.)

It never gives a verdict beyond the position.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TypeVar

from igflab._model import trusted
from igflab.analytes import AnalyteSpec, spec_of
from igflab.science.references import get_reference
from igflab.science.zones import Zone, side

from .figures import DisplayUnit, display_unit, figure, figures, range_figures
from .format import age_text, centile_text, sds_text
from .notes import shown_value
from .shapes import Position, Result, Warned
from .words import Note, Summary
from .zones import ZONE_PLAIN, relation

__all__ = [
    "DISAGREE",
    "check_sentence",
    "comparison_words",
    "result_summary",
    "summary_of",
    "where_words",
    "with_display_unit",
]

_R = TypeVar("_R", bound=Result)

#: The warning code the headline itself words (two comparisons on different sides).
DISAGREE = "comparisons_disagree"

_ADULTS = {"male": "men", "female": "women", "unknown": "adults", "any": "adults"}
_CHILDREN = {"male": "boys", "female": "girls", "unknown": "children", "any": "children"}

# Where the result sits against the range, for each zone (a table: looked up, not computed per result).
_WHERE = {z: relation(z) for z in Zone} | {
    Zone.LOWER_THIRD: "in the lower third of",
    Zone.MIDDLE_THIRD: "in the middle third of",
    Zone.UPPER_THIRD: "in the upper third of",
    Zone.WELL_ABOVE_REFERENCE: "well above (more than 1.3 times the upper limit of)",
}
#: The side of a zone in words (sides as :func:`igflab.science.zones.side` numbers them).
_SIDE = {0: "below", 1: "inside", 2: "above"}
_GROUP = {"male": "males", "female": "females"}
#: The zone code of each zone (the headline compares sides with the rule the zones use).
_CODE = {z: i for i, z in enumerate(Zone)}


def _who(sex: str, age: float, adult: bool, with_age: bool = True) -> str:
    group = (_ADULTS if adult else _CHILDREN)[sex]
    return f"{group} aged {age_text(age)}" if with_age else group


def _scores(p: Position) -> str:
    """The centile and SDS of a published position with scores, else its zlog; empty when it has none."""
    if p.sds is not None and p.centile is not None:
        return f", {centile_text(p.centile, p.bound)} (SDS {sds_text(p.sds, p.bound)})"
    return ""


def _position(p: Position, others: Sequence[Position], who: str, unit: DisplayUnit, spec: AnalyteSpec) -> str:
    """What the result was compared with, with its limits."""
    limits = range_figures(p.lower_ng_per_ml, p.upper_ng_per_ml, unit, spec)
    if p.kind == "lab":
        return f"the laboratory's printed range, {limits}"
    name = _short_name(p.id)
    both = [o for o in others if o.kind == "published" and o.sex != p.sex]
    if both:  # sex not given: both sexes' ranges
        each = " and ".join(
            f"{range_figures(q.lower_ng_per_ml, q.upper_ng_per_ml, unit, spec)} for {_GROUP[q.sex]}"
            for q in (p, both[0])
        )
        return f"the usual ranges for {who} in the {name} reference, {each} (sex was not given)"
    where = f"the usual range for {who}, {limits}, in the {name} reference"
    return where + (_scores(p) if not others else "")


def _disagreeing(primary: Position, others: Sequence[Position]) -> tuple[int, Position, int] | None:
    """The first published position that puts the value on another side than ``primary`` does: (primary's side,
    that position, its side), sides as :func:`igflab.science.zones.side` numbers them; None when all agree."""
    first = side(_CODE[primary.zone])
    for o in others:
        other = side(_CODE[o.zone])
        if o.kind == "published" and first >= 0 and other >= 0 and first != other:
            return first, o, other
    return None


def _disagreement(
    primary: Position, others: Sequence[Position], age: float, adult: bool, unit: DisplayUnit, spec: AnalyteSpec
) -> str | None:
    """The headline's second half when two comparisons put the value on different sides, else None."""
    found = _disagreeing(primary, others)
    if found is None:
        return None
    _, o, other = found
    limits = range_figures(o.lower_ng_per_ml, o.upper_ng_per_ml, unit, spec)
    where = f"the published range for {_who(o.sex, age, adult)}, {limits}, in the {_short_name(o.id)} reference"
    if primary.kind == "lab":
        return f"but {_SIDE[other]} {where}{_scores(o)}: ask whether the laboratory's range is for this age"
    return f"but {_SIDE[other]} {where}; sex was not given, so it could not be placed in one zone"


@functools.lru_cache(maxsize=64)
def _short_name(reference_id: str) -> str:
    return get_reference(reference_id).data.short_name


# Speed: results build their summary without re-validation (``trusted``: ~2 µs of 20 saved).
_new_summary = trusted(Summary)


def _cites(notes: Sequence[Note], kind: str) -> tuple[str, ...]:
    return next((n.citations for n in notes if n.kind == kind), ())


def check_sentence(warnings: Sequence[Warned]) -> str | None:
    """The "Please check ..." sentence of a result's warnings (None without any the headline does not word)."""
    said = [w.message for w in warnings if w.code != DISAGREE]
    if not said:
        return None
    return "Please check the input first: " + "; ".join(said) + "."


def result_summary(
    r: Result,
    unit: DisplayUnit,
    spec: AnalyteSpec,
) -> Summary:
    """The summary of a result of ``spec``'s analyte."""
    value, primary, others, zone, notes = r.value, r.reference, r.other_positions, r.zone, r.notes
    shown = figures(value.ng_per_ml, unit, value.censored, shown_value(value.ng_per_ml, primary), spec)
    check = check_sentence(r.warnings)
    lead = f"{check} " if check else ""
    cites = list(_cites(notes, "position"))
    said = any(w.code == DISAGREE for w in r.warnings)
    differ = _disagreement(primary, others, r.age, r.adult, unit, spec) if said else None
    if differ is not None:
        who = _who(primary.sex if primary.kind == "published" else r.sex, r.age, r.adult)
        where = _position(primary, (), who, unit, spec)
        text = f"{lead}This {spec.words} result, {shown}, is {relation(primary.zone)} {where}, {differ}."
        cites = list(dict.fromkeys(c for n in notes if n.kind == "position" for c in n.citations))
        return _new_summary({"text": text, "citations": tuple(cites), "unit": unit, "check": check})
    if zone is Zone.INDETERMINATE and value.censored is not None and not others:  # a bound on either side
        where = _position(primary, (), _who(r.sex, r.age, r.adult), unit, spec)
        sides = "below or inside" if value.censored == "<" else "inside or above"
        told = "below" if value.censored == "<" else "above"
        text = (
            f"{lead}This {spec.words} result, {shown}, could be {sides} {where}: the laboratory reported only that "
            f"it is {told} {figure(value.ng_per_ml, unit, spec=spec)}."
        )
        return _new_summary({"text": text, "citations": tuple(cites), "unit": unit, "check": check})
    if zone is Zone.INDETERMINATE:  # not placed: say so, and where to look, never a position it does not have
        first = f"This {spec.words} result, {shown}, could not be placed in one zone with the information given."
        text = f"{lead}{first} The notes say why and what would settle it."
        ids = tuple(dict.fromkeys([*cites, *_cites(notes, "zone")]))
        return _new_summary({"text": text, "citations": ids, "unit": unit, "check": check})
    where = _position(primary, others, _who(r.sex, r.age, r.adult), unit, spec)
    first = f"This {spec.words} result, {shown}, is {_WHERE[zone]} {where}."
    second = ""
    if side(_CODE[zone]) != 1:
        whom = "the professional who ordered the test" if r.adult else "the child's doctor"
        second = f" A result outside the usual range is worth discussing with {whom}."
        cites += [c for c in _cites(notes, "zone") if c not in cites]
    return _new_summary({"text": lead + first + second, "citations": tuple(cites), "unit": unit, "check": check})


def summary_of(r: Result, unit: str | None = None) -> Summary:
    """The summary of ``r``, with figures in ``unit`` (default: the unit the result was typed in).

    >>> import igflab
    >>> print(summary_of(igflab.interpret(19.6, "nmol/L", age=45, sex="female")).text)
    This IGF-1 result, 19.6 nmol/L (150 ng/mL), is in the upper third of the usual range for women aged 45 years,
    7.79-26.2 nmol/L (59.6-200 ng/mL), in the Bidlingmaier 2014 (IDS-iSYS) reference, at the 79th centile (SDS
    +0.81).
    >>> print(summary_of(igflab.interpret(4.1, "mg/L", age=45, sex="male", analyte="igfbp3")).text)
    This IGFBP-3 result, 4.10 mg/L (143 nmol/L), is in the middle third of the usual range for men aged 45 years,
    2.43-5.92 mg/L (84.7-206 nmol/L), in the Friedrich 2014 IGFBP-3 (IDS-iSYS) reference, at the 51st centile (SDS
    +0.04).
    """
    spec = spec_of(r.analyte)
    return result_summary(r, display_unit(r.value.input_unit, unit, spec), spec)


def comparison_words(r: Result, with_age: bool = True) -> str | None:
    """Both comparisons in plain words when they put the result on different sides (the laboratory's range and the
    published reference, or the two sexes), else None; ``with_age=False`` leaves out the age (a short label).

    >>> import igflab
    >>> r = igflab.interpret(98, "ug/L", age=16, sex="male", lab_range=(84, 270))
    >>> comparison_words(r)
    "inside the laboratory's printed range, but below the published range for boys aged 16 years (SDS -2.88)"
    >>> comparison_words(r, with_age=False)
    "inside the laboratory's printed range, but below the published range for boys (SDS -2.88)"
    """
    if not any(w.code == DISAGREE for w in r.warnings):  # a doubtful laboratory range decides nothing
        return None
    found = _disagreeing(r.reference, r.other_positions)
    if found is None:
        return None
    first, o, other = found
    who = _who(o.sex, r.age, r.adult, with_age)
    if r.reference.kind == "lab":
        score = f" (SDS {sds_text(o.sds, o.bound)})" if o.sds is not None else ""
        return f"{_SIDE[first]} the laboratory's printed range, but {_SIDE[other]} the published range for {who}{score}"
    mine = _who(r.reference.sex, r.age, r.adult, with_age)
    return f"{_SIDE[first]} the usual range for {mine}, but {_SIDE[other]} the one for {who} (sex not given)"


def where_words(r: Result, with_age: bool = True) -> str:
    """Where the result sits in plain words, for a label (the page's "Where it sits", a chart's legend, a card): both
    comparisons when they disagree (:func:`comparison_words`), else the zone's words."""
    return comparison_words(r, with_age) or ZONE_PLAIN[r.zone]


def with_display_unit(r: _R, unit: str | None) -> _R:
    """``r`` with its summary's figures in ``unit`` (``r`` itself when ``unit`` is None)."""
    if unit is None:
        return r
    copy = r.model_copy()
    # The summary is a cached property of the result: the copy's cache holds the one in ``unit``.
    copy.__dict__["summary"] = summary_of(r, unit)
    return copy
