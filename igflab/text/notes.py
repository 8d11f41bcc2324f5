"""A result's notes and sources, from its positions (the models) and the reference used.

The position notes say where the value sits; the notes after them depend only on the
zone, adulthood, the context flags and the reference, so each combination is built
once (speed: about half of a single interpretation's notes come from that cache).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import NamedTuple

from igflab._types import ContextFlagId
from igflab.analytes import IGF1, AnalyteSpec
from igflab.inputs.context import CONTRACEPTIVE_TABLE_FLAG
from igflab.science.references import Reference
from igflab.science.zones import (
    ADULT_BAND_HIGH_NG_PER_ML,
    ADULT_BAND_LOW_NG_PER_ML,
    HU_FACTOR,
    AdultBand,
    Zone,
    flag_for,
)

from .citations import citations
from .context import context_note
from .figures import DisplayUnit, display_unit, figure, figures, range_figures
from .format import age_text, band_text, centile_text, group_text, number, number_beside, score_text, sds_text
from .panel import contraceptive_table_note, igfbp3_molar_mass_note, position_note
from .people import Stage, child_far_above, life_stage, treatment_of
from .render import note, render, renderer
from .shapes import Position
from .words import Citation, Note
from .zones import ZONE_WORDS, relation

__all__ = ["Placement", "Reading", "ResultNotes", "result_notes", "shown_value"]


#: The sign shown before a censored result's figures, by the bound its scores are.
_CENSOR_SIGN = {None: "", "upper": "<", "lower": ">"}


def shown_value(x: float, p: Position) -> str:
    """The value as a sentence beside ``p``'s limits shows it: never rounded onto a limit or a band edge it is
    not on."""
    lo, hi = p.lower_ng_per_ml, p.upper_ng_per_ml
    top = HU_FACTOR * hi
    # speed: the usual case, no edge within rounding of the value (the edges of number_beside below)
    near_band = abs(x - ADULT_BAND_LOW_NG_PER_ML) < 0.5 or abs(x - ADULT_BAND_HIGH_NG_PER_ML) < 0.5
    if abs(x - lo) >= 0.5 and abs(x - hi) >= 0.5 and abs(x - top) >= 0.5 and not near_band:
        return number(x)
    return number_beside(x, (lo, hi, ADULT_BAND_LOW_NG_PER_ML, ADULT_BAND_HIGH_NG_PER_ML, top))


def _figures(p: Position, x: float, unit: DisplayUnit, spec: AnalyteSpec) -> dict[str, str]:
    """The figures every position sentence shows: the value and the two limits in the unit typed, the other unit
    beside them."""
    sign = _CENSOR_SIGN[p.bound] or None
    return {
        "value": figures(x, unit, sign, shown_value(x, p), spec),
        "limits": range_figures(p.lower_ng_per_ml, p.upper_ng_per_ml, unit, spec),
    }


def _published_note(p: Position, ref: Reference, age: float, x: float, unit: DisplayUnit, spec: AnalyteSpec) -> Note:
    d = ref.data
    if d.distribution in ("BCCG", "BCPE") and p.sds is not None and p.centile is not None and p.median_ng_per_ml:
        shown = _figures(p, x, unit, spec)
        return position_note(
            spec.words,
            shown["value"],
            p.sds,
            p.centile,
            (shown["limits"], figure(p.median_ng_per_ml, unit, spec=spec)),
            (p.sex, age),
            (d.short_name, d.distribution, d.citation.id),
        )
    if p.sds is not None and p.centile is not None and p.median_ng_per_ml is not None:
        text = renderer("position_lms")(  # the usual note: its fields given directly (speed: no dict)
            **_figures(p, x, unit, spec),
            centile_text=centile_text(p.centile, p.bound),
            sds=sds_text(p.sds, p.bound),
            group=group_text(p.sex),
            age=age_text(age),
            ref_title=d.short_name,
            median=figure(p.median_ng_per_ml, unit, spec=spec),
        )
        return note("position_lms", d.citation.id, text)
    return render(
        "position_limits",
        d.citation.id,
        **_figures(p, x, unit, spec),
        relation=relation(p.zone),
        ref_title=d.short_name,
        group=group_text(p.sex),
        band=band_text(p.age_band),
        zlog=score_text(p.zlog),
    )


def _lab_notes(
    lab: Position,
    published: Sequence[Position],
    ref: Reference,
    x: float,
    unit: DisplayUnit,
    doubtful: bool,
    spec: AnalyteSpec,
) -> list[Note]:
    """The laboratory range's note, then each published position beside it. A doubtful range (see
    :data:`igflab.core.rules.LAB_RANGE_DOUBT`) decides nothing, so it is not compared as a guide."""
    shown = _figures(lab, x, unit, spec)
    key = "position_lab_doubtful" if doubtful else "position_lab"
    out = [render(key, None, **shown, relation=relation(lab.zone), zlog=score_text(lab.zlog))]
    d = ref.data
    for p in published:
        if doubtful:
            key = "published_beside_doubtful_lab"
        else:
            key = "lab_and_published_agree" if flag_for(p.zone) == flag_for(lab.zone) else "lab_vs_published"
        out.append(
            render(
                key,
                d.citation.id,
                ref_title=d.short_name if len(published) == 1 else f"{d.short_name} ({p.sex})",
                assay=d.assay,
                other_zone=ZONE_WORDS[p.zone],
                lab_zone=ZONE_WORDS[lab.zone],
                sds=score_text(p.sds if p.sds is not None else p.zlog),
            )
        )
    return out


def _position_notes(where: Placement, read: Reading, unit: DisplayUnit) -> list[Note]:
    primary, others, ref, age, x, _ = where
    if primary.kind == "lab":
        return _lab_notes(primary, others, ref, x, unit, read.doubtful_lab, read.spec)
    if not others:
        return [_published_note(primary, ref, age, x, unit, read.spec)]
    male, female = primary, others[0]  # sex unknown: both positions
    out = [_published_note(p, ref, age, x, unit, read.spec) for p in (male, female)]
    if male.zone == female.zone:
        out.append(render("sex_unknown_same", ref.data.citation.id))
    else:
        out.append(
            render(
                "sex_unknown_differ",
                ref.data.citation.id,
                male_zone=ZONE_WORDS[male.zone],
                female_zone=ZONE_WORDS[female.zone],
                outcome="both place it inside, so no third is named"
                if read.zone is Zone.WITHIN_REFERENCE
                else "the zone is indeterminate",
            )
        )
    return out


class Placement(NamedTuple):
    """Where a result was placed: the primary position, the others, the reference, age and value (both units)."""

    primary: Position
    others: Sequence[Position]
    ref: Reference
    age: float
    x: float
    nmol: float


class Reading(NamedTuple):
    """How a placed result is read: its analyte, zone, adulthood, whether the reference's table includes
    contraceptive users, and whether a laboratory range drew a warning (it then decides no zone)."""

    spec: AnalyteSpec
    zone: Zone
    adult: bool
    contraceptive_table: bool = False
    doubtful_lab: bool = False
    amount_unit: bool = False  # the value was given in a molar unit (nmol/L)
    adult_band: AdultBand | None = None  # against the adult 120-160 ng/mL band, where it is shown
    cohort_age: bool = False  # an age the adult mortality cohorts covered (the U-curve notes are shown)


class ResultNotes:
    """A result's notes and its citation list."""

    __slots__ = ("citations", "notes")

    def __init__(self, notes: tuple[Note, ...], citations: tuple[Citation, ...]) -> None:
        self.notes = notes
        self.citations = citations


def result_notes(
    where: Placement, read: Reading, censored: str | None, context: tuple[ContextFlagId, ...], given: tuple[float, str]
) -> ResultNotes:
    """Every note of one result, in reading order, with the sources they cite; ``given`` is the value as reported
    and its unit."""
    ref, x = where.ref, where.x
    unit = display_unit(given[1], None, read.spec)
    head = _position_notes(where, read, unit)
    if censored is not None:
        shown = figure(x, unit, spec=read.spec)
        head.append(
            render("censored_below" if censored == "<" else "censored_above", ref.data.citation.id, value=shown)
        )
    if read.spec.zone_rule == "u_curve":
        band = (read.adult_band, unit) if read.adult_band is not None else None
        lab = where.primary.kind == "lab"
        far = not read.adult and child_far_above(read.zone, (where.primary, *where.others))
        who = (life_stage(where.age), far)
        tail = _fixed_notes(
            read.zone, read.adult, context, ref, read.contraceptive_table, band, read.cohort_age, lab, who
        )
        if "acromegaly-treatment" in context:  # the multiple of the upper limit first, as the treating team reads it
            head.append(_x_uln_note(where, unit, read.spec))
    else:
        tail = _position_rule_notes(read.spec, context, ref, read.contraceptive_table, given[1], read.amount_unit)
    ids = head[0].citations if len(head) == 1 else tuple(c for n in head for c in n.citations)
    return ResultNotes((*head, *tail.notes), _citations_with(ids, tail))


class _Fixed:
    """The notes after the position notes, and their citation ids (hashed by identity)."""

    __slots__ = ("ids", "notes")

    def __init__(self, notes: tuple[Note, ...]) -> None:
        self.notes = notes
        self.ids = tuple(c for n in notes for c in n.citations)


#: The zones whose note is written differently for a child's result (under 18 years).
_CHILD_ZONE_NOTE = {
    Zone.BELOW_REFERENCE: "zone_below_reference_child",
    Zone.ABOVE_REFERENCE: "zone_above_reference_child",
}
#: The part of the interval each inside zone names (``within_reference``: inside, its third not known).
_PART = {
    Zone.LOWER_THIRD: ", in its lower third",
    Zone.MIDDLE_THIRD: ", in its middle third",
    Zone.UPPER_THIRD: ", in its upper third",
    Zone.WITHIN_REFERENCE: "",
}


def _zone_key(zone: Zone, adult: bool, ctx: tuple[ContextFlagId, ...], who: tuple[Stage, bool]) -> str:
    """The key of the note on what an outside zone means: a treatment's, pregnancy's or a child's own where one
    exists."""
    treatment = treatment_of(ctx)
    if zone is Zone.ABOVE_REFERENCE and treatment is not None:  # a monitoring finding, not a diagnosis
        return f"zone_above_{treatment.replace('-', '_')}" + ("" if adult or treatment == "gh-therapy" else "_child")
    if zone is Zone.BELOW_REFERENCE and treatment == "gh-therapy":
        return "zone_below_gh_therapy"
    if zone is Zone.WELL_ABOVE_REFERENCE and "pregnancy" in ctx:
        return "zone_well_above_pregnancy"
    if zone is Zone.WELL_ABOVE_REFERENCE and treatment == "acromegaly-treatment":
        return "zone_well_above_acromegaly_treatment"
    if adult:
        return f"zone_{zone.value}"
    if zone is Zone.ABOVE_REFERENCE and who[1]:
        return "zone_far_above_child"
    if zone is Zone.ABOVE_REFERENCE and who[0] in ("infant", "young_child"):
        return "zone_above_reference_young_child"
    if zone is Zone.ABOVE_REFERENCE and who[0] == "late_teen":
        return "zone_above_reference_late_teen"
    return _CHILD_ZONE_NOTE.get(zone, f"zone_{zone.value}")


def _zone_note(zone: Zone, adult: bool, ref_cite: str, lab: bool, key: str) -> Note:
    """The note on what the zone means (``lab``: the laboratory's range placed it; ``key``: an outside zone's note)."""
    what = "the laboratory's printed range" if lab else "the reference interval for this age and sex"
    if zone in _PART:
        where = f"inside {what}{_PART[zone]}"
        return render("zone_inside" if adult else "zone_inside_child", ref_cite, where=where)
    if zone is Zone.INDETERMINATE:
        return render("zone_indeterminate", ref_cite)
    return render(
        key, ref_cite, against="the laboratory's printed range" if lab else "the reference for this age and sex"
    )


def _x_uln_note(where: Placement, unit: DisplayUnit, spec: AnalyteSpec) -> Note:
    """The result as a multiple of the upper limit it was placed against (acromegaly under treatment)."""
    upper = where.primary.upper_ng_per_ml
    return render(
        "x_uln",
        None,
        x_uln=f"{where.x / upper:.2f}",
        limit=figure(upper, unit, spec=spec),
    )


@functools.lru_cache(maxsize=1024)
def _fixed_notes(
    zone: Zone,
    adult: bool,
    ctx: tuple[ContextFlagId, ...],
    ref: Reference,
    contraceptive_table: bool,
    band: tuple[AdultBand, str] | None,
    cohort_age: bool,
    lab: bool = False,
    who: tuple[Stage, bool] = ("adult", False),
) -> _Fixed:
    """The notes after the position notes (built once per zone, adulthood, context, reference, adult band and its
    unit, life stage and the children's far-above tier) of an analyte with the U-curve zone rule (IGF-1)."""
    out = [_zone_note(zone, adult, ref.data.citation.id, lab, _zone_key(zone, adult, ctx, who))]
    if who[0] == "infant":  # the first year: the reference cannot show the fall after birth
        out.append(render("infant"))
    elif who[0] == "young_adult":  # the transition years: compared with people of the same age
        out.append(render("young_adult"))
    if band is not None and zone is not Zone.WELL_ABOVE_REFERENCE:  # the adult band, from the ages its cohorts
        # covered: context beside the zone (nothing to add far above the range)
        shown = range_figures(ADULT_BAND_LOW_NG_PER_ML, ADULT_BAND_HIGH_NG_PER_ML, display_unit(band[1]))
        out.append(render("adult_band", None, band=band[0], band_range=shown))
    if cohort_age and zone is not Zone.WELL_ABOVE_REFERENCE:  # the U-curve note rests on cohorts of middle-aged
        # and older adults (far above the range it adds nothing)
        out.append(render("u_curve"))
    for c in ctx:  # a table fitted with contraceptive users says so in place of the flag's own note
        table = contraceptive_table and c == CONTRACEPTIVE_TABLE_FLAG
        out.append(contraceptive_table_note(IGF1.words, True, ref.data.short_name) if table else context_note(c))
    immuno = "immunoassay" in ref.data.assay.lower() or "immunoradiometric" in ref.data.assay.lower()
    key = "assay_specific_immunoassay" if immuno else "assay_specific"  # with the biotin line (Labcorp, Mayo)
    out.append(render(key, None, ref_short=ref.data.short_name, assay=ref.data.assay))
    out.append(render("units"))
    return _Fixed(tuple(out))


@functools.lru_cache(maxsize=256)
def _position_rule_notes(
    spec: AnalyteSpec,
    ctx: tuple[ContextFlagId, ...],
    ref: Reference,
    contraceptive_table: bool,
    unit: str,
    amount: bool,
) -> _Fixed:
    """The notes after the position notes of an analyte whose zones are the reference position only (IGFBP-3):
    the molar mass a molar unit was converted with, the contraceptive table, and obesity (a LIFE finding that
    names both analytes; the other context notes are about IGF-1)."""
    out = []
    if amount:  # converted with the analyte's own molar mass: say which
        out.append(igfbp3_molar_mass_note(unit))
    if CONTRACEPTIVE_TABLE_FLAG in ctx:
        out.append(contraceptive_table_note(spec.words, contraceptive_table, ref.data.short_name))
    if "obesity" in ctx:
        out.append(context_note("obesity"))
    return _Fixed(tuple(out))


@functools.lru_cache(maxsize=4096)
def _citations_with(head: tuple[str, ...], tail: _Fixed) -> tuple[Citation, ...]:
    """The citation list of the position notes' ids followed by the fixed notes' ids."""
    return citations(head + tail.ids)
