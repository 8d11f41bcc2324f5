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
from igflab.science.references import Reference
from igflab.science.zones import HU_FACTOR, MID_RANGE_HIGH_NG_PER_ML, MID_RANGE_LOW_NG_PER_ML, Zone, flag_for

from .citations import citations
from .context import context_note
from .format import age_text, band_text, centile_text, group_text, number, number_beside, score_text, sds_text
from .render import note, render, renderer
from .shapes import Position as ReferencePosition
from .words import Citation, Note
from .zones import ZONE_WORDS, relation

__all__ = ["Placement", "ResultNotes", "result_notes", "shown_value"]


#: The sign shown before a censored result's figures, by the bound its scores are.
_CENSOR_SIGN = {None: "", "upper": "<", "lower": ">"}


def shown_value(x: float, p: ReferencePosition) -> str:
    """The value as a sentence beside ``p``'s limits shows it: never rounded onto a limit or a band edge it is
    not on."""
    lo, hi = p.lower_ng_per_ml, p.upper_ng_per_ml
    top = HU_FACTOR * hi
    # speed: the usual case, no edge within rounding of the value (the edges of number_beside below)
    near_band = abs(x - MID_RANGE_LOW_NG_PER_ML) < 0.5 or abs(x - MID_RANGE_HIGH_NG_PER_ML) < 0.5
    if abs(x - lo) >= 0.5 and abs(x - hi) >= 0.5 and abs(x - top) >= 0.5 and not near_band:
        return number(x)
    return number_beside(x, (lo, hi, MID_RANGE_LOW_NG_PER_ML, MID_RANGE_HIGH_NG_PER_ML, top))


def _figures(p: ReferencePosition, x: float, nmol: float) -> dict[str, str]:
    """The figures every position sentence shows: the value in both units and the two limits."""
    sign = _CENSOR_SIGN[p.bound]
    return {
        "value": sign + shown_value(x, p),
        "nmol": sign + number(nmol),
        "lower": number(p.lower_ng_per_ml),
        "upper": number(p.upper_ng_per_ml),
    }


def _published_note(p: ReferencePosition, ref: Reference, age: float, x: float, nmol: float) -> Note:
    d = ref.data
    if p.sds is not None and p.centile is not None and p.median_ng_per_ml is not None:
        sign = _CENSOR_SIGN[p.bound]
        text = renderer("position_lms")(  # the usual note: its fields given directly (speed: no dict)
            value=sign + shown_value(x, p),
            nmol=sign + number(nmol),
            lower=number(p.lower_ng_per_ml),
            upper=number(p.upper_ng_per_ml),
            centile_text=centile_text(p.centile, p.bound),
            sds=sds_text(p.sds, p.bound),
            group=group_text(p.sex),
            age=age_text(age),
            ref_title=d.short_name,
            median=number(p.median_ng_per_ml),
        )
        return note("position_lms", d.citation.id, text)
    return render(
        "position_limits",
        d.citation.id,
        **_figures(p, x, nmol),
        relation=relation(p.zone),
        ref_title=d.short_name,
        group=group_text(p.sex),
        band=band_text(p.age_band),
        zlog=score_text(p.zlog),
    )


def _lab_notes(
    lab: ReferencePosition,
    published: Sequence[ReferencePosition],
    ref: Reference,
    x: float,
    nmol: float,
    doubtful: bool,
) -> list[Note]:
    """The laboratory range's note, then each published position beside it. A doubtful range (see
    :data:`igflab.core.rules.LAB_RANGE_DOUBT`) decides nothing, so it is not compared as a guide."""
    figures = _figures(lab, x, nmol)
    key = "position_lab_doubtful" if doubtful else "position_lab"
    out = [render(key, None, **figures, relation=relation(lab.zone), zlog=score_text(lab.zlog))]
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


def _position_notes(where: Placement, doubtful_lab: bool) -> list[Note]:
    primary, others, ref, age, x, nmol = where
    if primary.kind == "lab":
        return _lab_notes(primary, others, ref, x, nmol, doubtful_lab)
    if not others:
        return [_published_note(primary, ref, age, x, nmol)]
    male, female = primary, others[0]  # sex unknown: both positions
    out = [_published_note(p, ref, age, x, nmol) for p in (male, female)]
    if male.zone == female.zone:
        out.append(render("sex_unknown_same", ref.data.citation.id))
    else:
        out.append(
            render(
                "sex_unknown_differ",
                ref.data.citation.id,
                male_zone=ZONE_WORDS[male.zone],
                female_zone=ZONE_WORDS[female.zone],
            )
        )
    return out


class Placement(NamedTuple):
    """Where a result was placed: the primary position, the others, the reference, age and value (both units)."""

    primary: ReferencePosition
    others: Sequence[ReferencePosition]
    ref: Reference
    age: float
    x: float
    nmol: float


class ResultNotes:
    """A result's notes and its citation list."""

    __slots__ = ("citations", "notes")

    def __init__(self, notes: tuple[Note, ...], citations: tuple[Citation, ...]) -> None:
        self.notes = notes
        self.citations = citations


def result_notes(
    where: Placement,
    zone: Zone,
    adult: bool,
    censored: str | None,
    context: tuple[ContextFlagId, ...],
    doubtful_lab: bool = False,
) -> ResultNotes:
    """Every note of one result, in reading order, with the sources they cite.

    ``doubtful_lab``: the laboratory's range drew a warning, so it decides no zone.
    """
    ref, x = where.ref, where.x
    head = _position_notes(where, doubtful_lab)
    if censored is not None:
        head.append(
            render("censored_below" if censored == "<" else "censored_above", ref.data.citation.id, value=number(x))
        )
    tail = _fixed_notes(zone, adult, context, ref)
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


def _zone_key(zone: Zone, adult: bool) -> str:
    """The note template of a zone: children's own where one exists."""
    return f"zone_{zone.value}" if adult else _CHILD_ZONE_NOTE.get(zone, f"zone_{zone.value}")


@functools.lru_cache(maxsize=1024)
def _fixed_notes(zone: Zone, adult: bool, ctx: tuple[ContextFlagId, ...], ref: Reference) -> _Fixed:
    """The notes after the position notes (built once per zone, adulthood, context and reference)."""
    ref_cite = ref.data.citation.id
    out = [render(_zone_key(zone, adult), ref_cite)]
    if adult:  # the U-curve, lifestyle and cancer notes rest on adult cohorts and adult articles
        out.append(render("u_curve"))
        if zone is Zone.BELOW_REFERENCE and "cancer" in ctx:
            out.append(render("lifestyle_withheld"))  # it carries the cancer caution itself
        elif zone is Zone.BELOW_REFERENCE:
            out.extend((render("lifestyle_low"), render("caution_growth_axis")))
        elif "cancer" in ctx:
            out.append(render("caution_growth_axis"))
    out.extend(context_note(c) for c in ctx)
    out.append(render("assay_specific", None, ref_short=ref.data.short_name, assay=ref.data.assay))
    out.append(render("units"))
    return _Fixed(tuple(out))


@functools.lru_cache(maxsize=4096)
def _citations_with(head: tuple[str, ...], tail: _Fixed) -> tuple[Citation, ...]:
    """The citation list of the position notes' ids followed by the fixed notes' ids."""
    return citations(head + tail.ids)
