"""interpret(): one IGF-1 result -> an :class:`~igflab.models.Interpretation`.

The data flow is one way: parse the value -> ng/mL -> the person's reference interval
-> position (SDS/centile or zlog) -> zone and flag -> notes, guidance and warnings.
The maths (:mod:`igflab.lms`) and the zone rules (:mod:`igflab.zones`) are the same
functions the batch path calls on numpy columns.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from typing import Any, Literal

from . import lms, notes
from ._format import number, signed
from ._version import __version__
from .ages import resolve_age
from .citations import citations
from .errors import IgflabError, LabRangeError, OutOfReferenceError, SexError, UnknownReferenceError
from .models import (
    SCHEMA_VERSION,
    Citation,
    Interpretation,
    MeasuredValue,
    Note,
    Provenance,
    ReferencePosition,
    ResultWarning,
    trusted,
)
from .references import Interval, Reference, get_reference, reference_for_assay
from .units import (
    IGF1_MOLAR_MASS_G_PER_MOL,
    NG_PER_ML_PER_NMOL_PER_L,
    ParsedValue,
    _read_number,
    parse_value,
    unit_factor,
)
from .zones import (
    ADULT_AGE_YEARS,
    CENSOR_ABOVE,
    CENSOR_BELOW,
    HU_FACTOR,
    ZONE_BY_CODE,
    Zone,
    classify,
    classify_censored,
    flag_for,
)

__all__ = ["choose_reference", "interpret", "parse_lab_range", "parse_sex", "zlog"]

SexIn = Literal["male", "female", "unknown"]

_SEX = {
    "male": "male",
    "m": "male",
    "man": "male",
    "boy": "male",
    "female": "female",
    "f": "female",
    "woman": "female",
    "girl": "female",
    "unknown": "unknown",
    "u": "unknown",
    "other": "unknown",
    "o": "unknown",
    "x": "unknown",
    "unspecified": "unknown",
    "not known": "unknown",
}

#: Values above this (ng/mL) exceed the measuring range of the common assays
#: (900-1600 ng/mL; Chanson 2016, Sabbah 2021).
ASSAY_MAX_NG_PER_ML = 1600.0
#: Values below this (ng/mL) are under the lowest limit of quantitation of common assays
#: (8.8-25 ng/mL; same sources).
ASSAY_LOQ_NG_PER_ML = 8.8
#: |SDS| above this gets an advisory warning to check the entry.
ADVISORY_SDS = 5.0


def parse_sex(sex: Any) -> SexIn:
    """``"male"``, ``"female"`` or ``"unknown"`` from the usual spellings (m/F, other, ...)."""
    if not isinstance(sex, str):
        raise SexError(f"sex must be text such as 'male' or 'female', got {type(sex).__name__}")
    key = sex.strip().lower()
    if not key:
        raise SexError("sex is empty; give male, female or unknown")
    if key not in _SEX:
        shown = sex.strip() if len(sex) <= 40 else sex.strip()[:40] + "..."
        raise SexError(f"unknown sex {shown!r}; give male (m), female (f) or unknown (other)")
    return _SEX[key]  # type: ignore[return-value]


_RANGE = re.compile(
    r"\s*(?P<lo>\d+(?:[.,]\d+)?)\s*(?:-|\u2013|\u2014|to|\.\.)\s*(?P<hi>\d+(?:[.,]\d+)?)\s*(?P<unit>[^\d\s].*?)?\s*",
    re.IGNORECASE | re.ASCII,
)


def parse_lab_range(
    lab_range: Any, unit: str | None = None, default_unit: str | None = None
) -> tuple[float, float, str]:
    """``(lower, upper, unit)`` in ng/mL from ``(52, 328)`` or text such as ``"52-328 ng/mL"``.

    The unit is the one written in the text, else ``unit`` (``lab_range_unit``), else
    ``default_unit`` (the result's own unit, as laboratories print both in one unit).
    Numbers are read as results are: "52,5" is a decimal comma, "1,200" is refused.
    """
    text_unit = None
    if isinstance(lab_range, str):
        m = _RANGE.fullmatch(lab_range)
        if m is None:
            raise LabRangeError(f"lab range {lab_range.strip()[:60]!r} is not of the form LOW-HIGH, e.g. 52-328")
        try:
            lo, hi = (_read_number(m[k], []) for k in ("lo", "hi"))
        except IgflabError as exc:
            raise LabRangeError(f"lab range: {exc.message}") from None
        text_unit = m["unit"]
    elif isinstance(lab_range, (tuple, list)) and len(lab_range) == 2:
        if any(isinstance(v, bool) for v in lab_range):
            raise LabRangeError("lab range must be two numbers (low, high)")
        try:
            lo, hi = (float(v) for v in lab_range)
        except (TypeError, ValueError, OverflowError):
            raise LabRangeError("lab range must be two finite numbers (low, high)") from None
    else:
        raise LabRangeError("lab range must be two numbers (low, high) or text such as '52-328'")
    if text_unit and unit and _unit_or_none(text_unit) != _unit_or_none(unit):
        raise LabRangeError(f"the lab range says {text_unit!r} but lab_range_unit says {unit!r}")
    chosen = text_unit or unit or default_unit
    if not all(math.isfinite(v) for v in (lo, hi)):
        raise LabRangeError("lab range limits must be finite numbers")
    if lo <= 0 or hi <= 0:
        raise LabRangeError(f"lab range limits must be positive, got {lo:g}-{hi:g}")
    if lo >= hi:
        raise LabRangeError(f"lab range low ({lo:g}) must be below high ({hi:g})")
    if chosen is None:
        raise LabRangeError("the lab range needs a unit")
    try:
        display, factor = unit_factor(chosen)
    except IgflabError as exc:
        raise LabRangeError(f"lab range unit: {exc.message}") from None
    return lo * factor, hi * factor, display


def _unit_or_none(unit: str) -> tuple[str, float] | None:
    try:
        return unit_factor(unit)
    except IgflabError:
        return None


def zlog(x: Any, lower: Any, upper: Any, xp: Any = None) -> Any:
    """zlog score (Hoffmann 2017): ``(ln x - (ln LL + ln UL)/2) * 3.92 / (ln UL - ln LL)``.

    -1.96 at the lower limit and +1.96 at the upper, on a log scale; 3.92 as published.
    """
    log = math.log if xp is None else xp.log
    ll, lu = log(lower), log(upper)
    return (log(x) - (ll + lu) / 2.0) * 3.92 / (lu - ll)


def choose_reference(reference: str | None, assay: str | None) -> tuple[Reference, list[ResultWarning]]:
    """The published reference: chosen by id, else by assay, else the default."""
    warns: list[ResultWarning] = []
    if reference is not None:
        ref = get_reference(reference)
        if assay is not None and reference_for_assay(assay).id != ref.id:  # raises for an unknown assay
            warns.append(
                ResultWarning(
                    code="assay_mismatch",
                    message=f"the {ref.id} reference was built with {ref.data.assay}, not {assay!r}",
                    field="assay",
                )
            )
        return ref, warns
    if assay is not None:
        try:
            return reference_for_assay(assay), warns
        except UnknownReferenceError as exc:
            raise UnknownReferenceError(
                f"{exc.message}. Without a reference for your assay, give your laboratory's printed range "
                "(lab_range / --lab-range), or leave out the assay to use the default reference",
                field="assay",
            ) from None
    return get_reference(None), warns


_new_position = trusted(ReferencePosition)
_new_measured = trusted(MeasuredValue)
_new_interpretation = trusted(Interpretation)


@dataclass(slots=True)
class _Pos:
    """One position, before it becomes a model (cheap to compare for unknown sex)."""

    zone: Zone
    interval: Interval
    sds: float | None
    centile: float | None
    zlog: float | None


def _zone_of(x: float, pv: ParsedValue, lower: float, upper: float, adult: bool) -> Zone:
    if pv.censored is not None:
        censor = CENSOR_BELOW if pv.censored == "<" else CENSOR_ABOVE
        return ZONE_BY_CODE[int(classify_censored(x, lower, upper, censor, pv.inclusive))]
    return ZONE_BY_CODE[int(classify(x, lower, upper, adult))]


def _position(x: float, pv: ParsedValue, ref: Reference, age: float, sex: str, adult: bool) -> _Pos:
    iv = ref.interval(age, sex)
    zone = _zone_of(x, pv, iv.lower, iv.upper, adult)
    if iv.lms is not None:
        sds = lms.sds_from_value(x, iv.lms)
        return _Pos(zone, iv, sds, lms.centile_from_sds(sds), None)
    return _Pos(zone, iv, None, None, zlog(x, iv.lower, iv.upper))


def _bound(pv: ParsedValue) -> Literal["upper", "lower"] | None:
    return None if pv.censored is None else ("upper" if pv.censored == "<" else "lower")


def _published_model(p: _Pos, ref: Reference, sex: Literal["male", "female"], pv: ParsedValue) -> ReferencePosition:
    d = ref.data
    lo_c, hi_c = d.interval_centiles or (None, None)
    return _new_position(
        {
            "id": ref.id,
            "kind": "published",
            "title": d.title,
            "assay": d.assay,
            "method": d.distribution,
            "sex": "any" if not ref.is_lms and _same_both(ref, p) else sex,
            "lower_ng_per_ml": p.interval.lower,
            "upper_ng_per_ml": p.interval.upper,
            "median_ng_per_ml": p.interval.median,
            "lower_centile": lo_c,
            "upper_centile": hi_c,
            "sds": p.sds,
            "centile": p.centile,
            "zlog": p.zlog,
            "zone": p.zone,
            "flag": flag_for(p.zone),
            "bound": _bound(pv),
            "citation": d.citation.id,
        }
    )


def _same_both(ref: Reference, p: _Pos) -> bool:
    band = p.interval.band
    if band is None:
        return False
    rows = ref.data.rows
    pick = [next((r for r in rows[s] if getattr(r, "age_from", None) == band[0]), None) for s in ("male", "female")]
    return pick[0] == pick[1] and pick[0] is not None


_SUFFIX = {1: "st", 2: "nd", 3: "rd"}


def _centile_text(c: float) -> str:
    """ "at the 69th centile"; whole centiles from 1 to 99, one decimal outside them."""
    if 1 <= c <= 99:
        n = round(c)
    elif c < 0.1:
        return "below the 0.1st centile"
    elif c > 99.9:
        return "above the 99.9th centile"
    else:
        v = round(c, 1)
        if not v.is_integer():
            return f"at the {v}th centile"
        n = int(v)
    suffix = "th" if 10 <= n % 100 <= 20 else _SUFFIX.get(n % 10, "th")
    return f"at the {n}{suffix} centile"


def _age_text(age: float) -> str:
    if age < 2:
        months = age * 12
        return f"{months:.0f} months" if abs(months - round(months)) < 0.05 else f"{months:.1f} months"
    return f"{age:g} years" if float(age).is_integer() else f"{age:.1f} years"


_GROUP = {"male": "males", "female": "females"}


def _group(sex: str) -> str:
    return _GROUP.get(sex, "people")


def _relation(zone: Zone) -> str:
    if zone is Zone.BELOW_REFERENCE:
        return "below"
    if zone in (Zone.ABOVE_REFERENCE, Zone.WELL_ABOVE_REFERENCE):
        return "above"
    if zone is Zone.INDETERMINATE:
        return "at the limit of"
    return "inside"


_ZONE_WORDS = {
    Zone.BELOW_REFERENCE: "below the reference interval",
    Zone.LOW_NORMAL: "inside the interval, below the adult mid-range",
    Zone.MID_RANGE: "inside the interval, in the adult mid-range",
    Zone.HIGH_NORMAL: "inside the interval, above the adult mid-range",
    Zone.WITHIN_REFERENCE: "inside the reference interval",
    Zone.ABOVE_REFERENCE: "above the reference interval",
    Zone.WELL_ABOVE_REFERENCE: "more than 1.3 times the upper limit",
    Zone.INDETERMINATE: "not placeable in one zone",
}


def _band_text(band: tuple[float, float | None] | None) -> str:
    if band is None:
        return ""
    lo, hi = band
    return f"{lo:g} years and over" if hi is None else f"{lo:g} to under {hi:g} years"


def _sds_text(s: float | None) -> str:
    return "n/a" if s is None else signed(s)


def _position_note(p: _Pos, ref: Reference, sex: str, age: float, x: float, nmol: float) -> Note:
    d = ref.data
    iv = p.interval
    if p.sds is not None and p.centile is not None and iv.median is not None:
        text = notes.renderer("position_lms")(
            value=number(x),
            nmol=number(nmol),
            lower=number(iv.lower),
            upper=number(iv.upper),
            centile_text=_centile_text(p.centile),
            sds=signed(p.sds),
            group=_group(sex),
            age=_age_text(age),
            ref_title=d.short_name,
            median=number(iv.median),
        )
        return notes.note("position_lms", d.citation.id, text)
    return notes.render(
        "position_limits",
        d.citation.id,
        value=number(x),
        nmol=number(nmol),
        lower=number(iv.lower),
        upper=number(iv.upper),
        relation=_relation(p.zone),
        ref_title=d.short_name,
        group="males and females" if sex == "any" else _group(sex),
        band=_band_text(iv.band),
        zlog=_sds_text(p.zlog),
    )


def _unit_mixup(pv: ParsedValue, x: float, lower: float, upper: float) -> ResultWarning | None:
    """A likely ng/mL <-> nmol/L mix-up: far outside as entered, inside in the other unit."""
    far = x > HU_FACTOR * upper or x < lower / HU_FACTOR
    if not far or pv.censored is not None:
        return None
    amount = abs(pv.factor - NG_PER_ML_PER_NMOL_PER_L) < 1e-12
    mass = pv.factor == 1.0
    if amount:
        alt, alt_unit, meant = pv.number, "ng/mL", "ng/mL"
    elif mass:
        alt, alt_unit, meant = pv.number * NG_PER_ML_PER_NMOL_PER_L, "nmol/L", "nmol/L"
    else:
        return None
    if lower <= alt <= upper:
        return ResultWarning(
            code="unit_mixup",
            message=(
                f"{pv.number:g} {pv.unit} is far outside the reference, but {pv.number:g} {alt_unit} would be "
                f"inside it: check the unit on the report (probably {meant} was meant)"
            ),
            field="unit",
        )
    return None


def interpret(
    value: Any,
    unit: str | None = None,
    *,
    age: float | str | None = None,
    sex: str,
    reference: str | None = None,
    assay: str | None = None,
    lab_range: tuple[float, float] | str | None = None,
    lab_range_unit: str | None = None,
    context: Any = None,
    birth_date: Any = None,
    collected: Any = None,
) -> Interpretation:
    """Interpret one IGF-1 result.

    ``value`` is a number (with ``unit``), text such as ``"150 ng/mL"`` or ``"<25 ng/mL"``, or a
    pint Quantity. ``age`` is in years (or text: ``"8m"``), or give ``birth_date`` and
    ``collected`` (ISO dates) instead. ``sex`` is male/female (m/f) or unknown/other.
    ``reference`` picks a published reference by id, ``assay`` by assay; ``lab_range``
    (low, high) makes the laboratory's printed range decide the flag. ``context`` is a
    list (or comma-separated text) of clinical-context flags (see
    :data:`igflab.notes.CONTEXT_FLAGS`).

    Raises a subclass of :class:`~igflab.errors.IgflabError` for any input it cannot use.

    >>> r = interpret(150, "ng/mL", age=45, sex="male")
    >>> r.zone.value, r.flag.value, round(r.sds, 2)
    ('mid_range', 'N', 0.49)
    """
    pv = parse_value(value, unit)
    years, age_source = resolve_age(age, birth_date, collected)
    sx = parse_sex(sex)
    ctx = notes.normalise_context(context)
    ref, warns = choose_reference(reference, assay)
    if pv.warnings:
        warns = [ResultWarning(code=c, message=m, field="value") for c, m in pv.warnings] + warns
    lab = None
    if lab_range is not None:
        lab = parse_lab_range(lab_range, lab_range_unit, pv.unit)
    elif lab_range_unit is not None:
        raise LabRangeError("lab_range_unit was given without a lab range")

    x = pv.ng_per_ml
    nmol = x / NG_PER_ML_PER_NMOL_PER_L
    adult = years >= ADULT_AGE_YEARS

    # Published positions (primary without a lab range, secondary with one).
    pub: list[tuple[Literal["male", "female"], _Pos]]
    try:
        if sx == "unknown":
            pub = [("male", _position(x, pv, ref, years, "male", adult))]
            female = _position(x, pv, ref, years, "female", adult)
            if female.interval != pub[0][1].interval:  # else one interval for both sexes: nothing to compare
                pub.append(("female", female))
        else:
            pub = [(sx, _position(x, pv, ref, years, sx, adult))]
    except OutOfReferenceError as exc:
        if lab is None:
            raise
        pub = []
        warns.append(ResultWarning(code="published_reference_unavailable", message=exc.message, field="age"))
    pub_models = [_published_model(p, ref, s, pv) for s, p in pub]
    ref_cite = ref.data.citation.id

    note_list: list[Note] = []
    if lab is not None:
        lo, hi, _lab_unit = lab
        zone = _zone_of(x, pv, lo, hi, adult)
        z_lab = zlog(x, lo, hi)
        primary = _new_position(
            {
                "id": "lab",
                "kind": "lab",
                "title": "Laboratory's printed reference range",
                "assay": None,
                "method": "limits",
                "sex": "any" if sx == "unknown" else sx,
                "lower_ng_per_ml": lo,
                "upper_ng_per_ml": hi,
                "median_ng_per_ml": None,
                "lower_centile": None,
                "upper_centile": None,
                "sds": None,
                "centile": None,
                "zlog": z_lab,
                "zone": zone,
                "flag": flag_for(zone),
                "bound": _bound(pv),
                "citation": "hoffmann2017",
            }
        )
        others = tuple(pub_models)
        sds = centile = None
        top_zlog: float | None = z_lab
        note_list.append(
            notes.render(
                "position_lab",
                None,
                value=number(x),
                nmol=number(nmol),
                relation=_relation(zone),
                lower=number(lo),
                upper=number(hi),
                zlog=_sds_text(z_lab),
            )
        )
        for s, p in pub:
            agree = flag_for(p.zone) == flag_for(zone)
            key = "lab_and_published_agree" if agree else "lab_vs_published"
            sds_shown = p.sds if p.sds is not None else p.zlog
            note_list.append(
                notes.render(
                    key,
                    ref_cite,
                    ref_title=ref.data.short_name if len(pub) == 1 else f"{ref.data.short_name} ({s})",
                    assay=ref.data.assay,
                    other_zone=_ZONE_WORDS[p.zone],
                    lab_zone=_ZONE_WORDS[zone],
                    sds=_sds_text(sds_shown),
                )
            )
    elif len(pub) == 1:
        ((s, p),) = pub
        zone = p.zone
        primary, others = pub_models[0], ()
        sds, centile, top_zlog = p.sds, p.centile, p.zlog
        note_list.append(_position_note(p, ref, "any" if primary.sex == "any" else s, years, x, nmol))
    else:
        (_, pm), (_, pf) = pub
        primary, others = pub_models[0], (pub_models[1],)
        sds = centile = top_zlog = None
        for s, p in pub:
            note_list.append(_position_note(p, ref, s, years, x, nmol))
        if pm.zone == pf.zone:
            zone = pm.zone
            note_list.append(notes.render("sex_unknown_same", ref_cite))
        else:
            zone = Zone.INDETERMINATE
            note_list.append(
                notes.render(
                    "sex_unknown_differ",
                    ref_cite,
                    male_zone=_ZONE_WORDS[pm.zone],
                    female_zone=_ZONE_WORDS[pf.zone],
                )
            )
    flag = flag_for(zone)

    if pv.censored is not None:
        note_list.append(
            notes.render(
                "censored",
                ref_cite,
                censor_word="below" if pv.censored == "<" else "above",
                value=number(x),
                bound=_bound(pv) or "",
            )
        )
    tail = _fixed_notes(zone, adult, ctx, ref)
    head = tuple(note_list)
    cite_ids = head[0].citations if len(head) == 1 else tuple(c for n in head for c in n.citations)

    # Plausibility warnings.
    if pv.censored is None:
        if x > ASSAY_MAX_NG_PER_ML:
            warns.append(
                ResultWarning(
                    code="above_assay_range",
                    message=f"{number(x)} ng/mL is above the measuring range of common IGF-1 assays "
                    "(900-1600 ng/mL); check the value and unit",
                    field="value",
                )
            )
        elif x < ASSAY_LOQ_NG_PER_ML:
            warns.append(
                ResultWarning(
                    code="below_assay_range",
                    message=f"{number(x)} ng/mL is below the lowest limit of quantitation of common IGF-1 assays "
                    "(about 9-25 ng/mL); check the value and unit",
                    field="value",
                )
            )
        mix = _unit_mixup(pv, x, primary.lower_ng_per_ml, primary.upper_ng_per_ml)
        if mix is not None:
            warns.append(mix)
        for m in (primary, *others):
            if m.sds is not None and abs(m.sds) > ADVISORY_SDS:
                warns.append(
                    ResultWarning(
                        code="extreme_sds",
                        message=f"SDS {m.sds:+.1f} against {m.id} is beyond +/-{ADVISORY_SDS:g}; "
                        "please check the value, unit, age and sex",
                        field="value",
                    )
                )
                break

    return _new_interpretation(
        {
            "schema_version": SCHEMA_VERSION,
            "value": _new_measured(
                {
                    "ng_per_ml": x,
                    "nmol_per_l": nmol,
                    "input_value": pv.number,
                    "input_unit": pv.unit,
                    "censored": pv.censored,
                }
            ),
            "age": years,
            "age_source": age_source,
            "sex": sx,
            "sds": sds,
            "centile": centile,
            "zlog": top_zlog,
            "zone": zone,
            "flag": flag,
            "adult": adult,
            "reference": primary,
            "other_positions": others,
            "context": ctx,
            "notes": head + tail.notes,
            "citations": _citations_with(cite_ids, tail),
            "guidance": notes.guidance_for(zone),
            "warnings": tuple(warns),
            "provenance": _provenance(primary.id if lab is None else f"lab+{ref.id}", pv.factor),
        }
    )


class _FixedNotes:
    """The notes after the position notes, and their citation ids (hashed by identity)."""

    __slots__ = ("citations", "notes")

    def __init__(self, notes: tuple[Note, ...]) -> None:
        self.notes = notes
        self.citations = tuple(c for n in notes for c in n.citations)


@functools.lru_cache(maxsize=1024)
def _fixed_notes(zone: Zone, adult: bool, ctx: tuple[str, ...], ref: Reference) -> _FixedNotes:
    """The notes after the position notes.

    They depend only on the zone, adulthood, the context flags and the reference, so each
    combination is built once.
    """
    ref_cite = ref.data.citation.id
    out = [notes.render(f"zone_{zone.value}", ref_cite)]
    if adult:
        out.append(notes.render("u_curve"))
    if zone is Zone.BELOW_REFERENCE:
        out.append(notes.render("lifestyle_withheld" if "cancer" in ctx else "lifestyle_low"))
        out.append(notes.render("caution_growth_axis"))
    elif "cancer" in ctx:
        out.append(notes.render("caution_growth_axis"))
    out.extend(notes.context_note(c) for c in ctx)
    out.append(_assay_note(ref))
    out.append(notes.render("units"))
    return _FixedNotes(tuple(out))


@functools.lru_cache(maxsize=4096)
def _citations_with(head: tuple[str, ...], tail: _FixedNotes) -> tuple[Citation, ...]:
    """The citation list of the position notes' ids followed by the fixed notes' ids."""
    return citations(head + tail.citations)


@functools.lru_cache(maxsize=64)
def _assay_note(ref: Reference) -> Note:
    """The assay caveat depends only on the reference, so it is built once per reference."""
    return notes.render("assay_specific", None, ref_short=ref.data.short_name, assay=ref.data.assay)


@functools.lru_cache(maxsize=256)
def _provenance(reference_id: str, factor: float) -> Provenance:
    """Provenance is immutable and shared between results with the same reference and unit."""
    return Provenance(
        igflab_version=__version__,
        reference_id=reference_id,
        molar_mass_g_per_mol=IGF1_MOLAR_MASS_G_PER_MOL,
        ng_per_ml_per_nmol_per_l=NG_PER_ML_PER_NMOL_PER_L,
        unit_factor_to_ng_per_ml=factor,
    )
