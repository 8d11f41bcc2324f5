"""interpret(): one result of any analyte -> an :class:`~igflab.models.Interpretation`.

One way through, whatever the analyte (:mod:`igflab.analytes`) or the reference's
distribution: parse the inputs (:mod:`igflab.inputs`) -> choose the reference
(:func:`~igflab.science.references.choose_reference`) -> place the value
(:mod:`igflab.core.position`, the same rules the batch applies to columns) -> warnings
(:mod:`igflab.core.rules`) -> notes and guidance (:mod:`igflab.text`) -> the result model.
"""

from __future__ import annotations

import functools
import math
from typing import Literal

from igflab._model import trusted
from igflab._types import AgeIn, ContextIn, DateIn, LabRangeIn, SexIn, UnitIn, ValueIn
from igflab._version import __version__
from igflab.analytes import IGF1, AnalyteSpec, spec_of
from igflab.inputs import Inputs, parse_inputs
from igflab.inputs.context import CONTRACEPTIVE_TABLE_FLAG, NO_HU_FLAGS
from igflab.inputs.values import CENSOR_BELOW, CENSOR_SYMBOL, ParsedValue
from igflab.models import SCHEMA_VERSION, Interpretation, MeasuredValue, Provenance, ReferencePosition
from igflab.science.assays import ADVISORY_SDS
from igflab.science.references import Choice, Reference, choose_reference
from igflab.science.zones import (
    ADULT_AGE_YEARS,
    ADULT_BAND_BY_CODE,
    ADULT_BAND_MIN_AGE,
    ZONE_BY_CODE,
    AdultBand,
    adult_band_code,
    flag_for,
    sides_differ,
)
from igflab.text.guidance import guidance_for
from igflab.text.notes import Placement, Reading, result_notes
from igflab.text.people import child_far_above, life_stage
from igflab.text.warnings import WarningFacts, warning_list
from igflab.text.words import ResultWarning

from .position import (
    Place,
    lab_place,
    published_intervals,
    published_place,
    same_interval,
    unknown_sex_zone,
    zone_adult,
)
from .rules import (
    LAB_RANGE_DOUBT,
    WARNING_BIT,
    context_mismatches,
    doubtful_zone,
    lab_range_text_warnings,
    lab_range_warnings,
    result_warnings,
    sds_floor_warning,
    warning_codes,
)

__all__ = ["interpret", "interpret_inputs"]

SexKey = Literal["male", "female"]

_new_position = trusted(ReferencePosition)
_new_measured = trusted(MeasuredValue)
_new_interpretation = trusted(Interpretation)
_DECIMAL_COMMA, _ASSAY_MISMATCH, _UNAVAILABLE, _EXTREME, _CONTEXT, _FLOOR, _DISAGREE = (
    WARNING_BIT[c]
    for c in (
        "decimal_comma",
        "assay_mismatch",
        "published_reference_unavailable",
        "extreme_sds",
        "context_mismatch",
        "sds_floor",
        "comparisons_disagree",
    )
)


def interpret(
    value: ValueIn,
    unit: UnitIn = None,
    *,
    age: AgeIn | None = None,
    sex: SexIn,
    reference: str | None = None,
    assay: str | None = None,
    lab_range: LabRangeIn | None = None,
    lab_range_unit: str | None = None,
    context: ContextIn | None = None,
    birth_date: DateIn | None = None,
    collected: DateIn | None = None,
    analyte: str = "igf1",
) -> Interpretation:
    """Interpret one result: IGF-1 by default, or another analyte (``analyte="igfbp3"``).

    ``value`` is a number (with ``unit``), text such as ``"150 ng/mL"`` or ``"<25 ng/mL"``, or a
    pint Quantity. ``age`` is in years (or text: ``"8m"``), or give ``birth_date`` and
    ``collected`` (ISO dates) instead. ``sex`` is male/female (m/f) or unknown/other.
    ``reference`` picks a published reference of the analyte by id or family (``"life2022"``),
    ``assay`` by assay; ``lab_range`` (low, high) makes the laboratory's printed range decide
    the flag (IGF-1). ``context`` is a list (or comma-separated text) of clinical-context flags
    (see :data:`igflab.text.context.CONTEXT_FLAGS`).

    IGFBP-3 (mg/L, µg/mL, ng/mL or nmol/L) is placed on Friedrich 2014 (IDS-iSYS) or, with
    ``reference="life2022"``, on the LIFE tables; so is IGF-1 with ``reference="life2022"``.

    Raises a subclass of :class:`~igflab.errors.IgflabError` for any input it cannot use.

    >>> r = interpret(150, "ng/mL", age=45, sex="male")
    >>> r.zone.value, r.flag.value, round(r.sds, 2), r.adult_band
    ('middle_third', 'N', 0.49, 'within')
    >>> interpret("4.1 mg/L", age=45, sex="male", analyte="igfbp3").zone.value
    'middle_third'
    """
    spec = spec_of(analyte)
    choice = choose_reference(reference, assay, spec)
    inp = parse_inputs(value, unit, age, sex, lab_range, lab_range_unit, context, birth_date, collected, spec)
    if CONTRACEPTIVE_TABLE_FLAG in inp.context:
        choice = choose_reference(reference, assay, spec, contraceptive=True)
    return interpret_inputs(inp, choice, assay, spec)


def _published(inp: Inputs, ref: Reference, x: float, adult: bool) -> list[tuple[SexKey, Place]]:
    """The published positions: one, or with the sex unknown both sexes' (one if they share the interval).

    ``adult``: whether the adult zones apply (:func:`~igflab.core.position.zone_adult`)."""
    pv, age = inp.value, inp.age
    if inp.sex != "unknown":
        return [(inp.sex, published_place(ref, x, age, inp.sex == "female", adult, pv.censor, pv.inclusive))]
    male = published_place(ref, x, age, False, adult, pv.censor, pv.inclusive)
    female = published_place(ref, x, age, True, adult, pv.censor, pv.inclusive)
    return [("male", male)] if same_interval(male.bounds, female.bounds) else [("male", male), ("female", female)]


def _published_model(p: Place, ref: Reference, sex: SexKey, age: float, pv: ParsedValue) -> ReferencePosition:
    d, b = ref.data, p.bounds
    lo_c, hi_c = d.interval_centiles or (None, None)
    # A limits reference may print one band for both sexes. (LMS tables differ by sex, a reference
    # data test checks it, so the other sex's interval is not computed for them.)
    limits = ref.distribution == "limits"
    both = limits and same_interval(b, ref.bounds(age, sex == "male"))
    zone = ZONE_BY_CODE[int(p.zone)]
    return _new_position(
        {
            "id": ref.id,
            "kind": "published",
            "title": d.title,
            "assay": d.assay,
            "method": d.distribution,
            "sex": "any" if both else sex,
            "lower_ng_per_ml": b.lower,
            "upper_ng_per_ml": b.upper,
            "median_ng_per_ml": None if math.isnan(b.median) else b.median,
            "lower_centile": lo_c,
            "upper_centile": hi_c,
            "age_band": (b.band_from, None if b.band_to == math.inf else b.band_to) if limits else None,
            "sds": None if math.isnan(p.sds) else p.sds,
            "centile": None if math.isnan(p.centile) else p.centile,
            "zlog": None if math.isnan(p.zlog) else p.zlog,
            "zone": zone,
            "flag": flag_for(zone),
            "bound": _bound(pv),
            "citation": d.citation.id,
        }
    )


def _lab_model(p: Place, inp: Inputs) -> ReferencePosition:
    zone = ZONE_BY_CODE[int(p.zone)]
    return _new_position(
        {
            "id": "lab",
            "kind": "lab",
            "title": "Laboratory's printed reference range",
            "assay": None,
            "method": "limits",
            "sex": "any" if inp.sex == "unknown" else inp.sex,
            "lower_ng_per_ml": p.bounds.lower,
            "upper_ng_per_ml": p.bounds.upper,
            "median_ng_per_ml": None,
            "lower_centile": None,
            "upper_centile": None,
            "age_band": None,
            "sds": None,
            "centile": None,
            "zlog": p.zlog,
            "zone": zone,
            "flag": flag_for(zone),
            "bound": _bound(inp.value),
            "citation": "hoffmann2017",
        }
    )


def _bound(pv: ParsedValue) -> Literal["upper", "lower"] | None:
    return None if pv.censor == 0 else ("upper" if pv.censor == CENSOR_BELOW else "lower")


def _extreme(positions: tuple[ReferencePosition, ...], bits: int) -> tuple[float, str] | None:
    if not bits & _EXTREME:
        return None
    return next((p.sds, p.id) for p in positions if p.sds is not None and abs(p.sds) > ADVISORY_SDS)


def _position_bits(inp: Inputs, pubs: list[tuple[SexKey, Place]], x: float, spec: AnalyteSpec) -> int:
    """The warnings of the SDS floor (each published position) and of the laboratory's range."""
    bits = 0
    for _, p in pubs:
        if p.bounds.lms is not None and x < p.bounds.lower:  # speed: the rule only concerns values below
            bits |= sds_floor_warning(x, p.bounds.lms[0], p.bounds.lms[2], p.bounds.lower)
    if inp.lab is not None:
        intervals = published_intervals(spec, inp.age, inp.sex == "female", inp.sex == "unknown")
        bits |= lab_range_warnings(inp.lab.lower, inp.lab.upper, inp.lab.factor, intervals)
        bits |= lab_range_text_warnings(inp.lab)
    return bits


def _disagree(lab_zone: int | None, pubs: list[tuple[SexKey, Place]], bits: int) -> int:
    """The ``comparisons_disagree`` bit: the laboratory's range and a published position, or the two sexes'
    positions, put the value on different sides of their intervals (not when the range is doubtful: it then
    decides nothing)."""
    if lab_zone is not None:
        differ = not bits & LAB_RANGE_DOUBT and any(sides_differ(lab_zone, int(p.zone)) for _, p in pubs)
    else:
        differ = len(pubs) == 2 and sides_differ(int(pubs[0][1].zone), int(pubs[1][1].zone))
    return _DISAGREE if differ else 0


def _adult_band(x: float, inp: Inputs, spec: AnalyteSpec) -> AdultBand | None:
    """Where the value sits against the adult 120-160 ng/mL band, where it is shown (IGF-1, 40 years and over)."""
    code = adult_band_code(x, inp.age, inp.value.censor, inp.value.inclusive, spec.zone_rule == "u_curve")
    return None if code < 0 else ADULT_BAND_BY_CODE[code]


def _floor(pubs: list[tuple[SexKey, Place]]) -> float:
    """The highest SDS floor -1/(L*S) of the published positions (L > 0)."""
    return float(max(-1 / (p.bounds.lms[0] * p.bounds.lms[2]) for _, p in pubs if p.bounds.lms and p.bounds.lms[0] > 0))


def interpret_inputs(inp: Inputs, choice: Choice, assay: str | None = None, spec: AnalyteSpec = IGF1) -> Interpretation:
    """Interpret parsed inputs of ``spec``'s analyte against the chosen reference; ``assay`` is the caller's
    (an ``assay_mismatch`` warning when the reference was built with another one)."""
    pv, ref = inp.value, choice.reference
    mismatched_assay = assay if choice.assay_mismatch else None
    x = pv.number * pv.unit.factor
    adult = inp.age >= ADULT_AGE_YEARS
    # the adult zones (the 1.3 x upper-limit tier) apply to adults not on a treatment followed with IGF-1
    zones_adult = zone_adult(spec, adult and not NO_HU_FLAGS.intersection(inp.context))
    bits = pv.decimal_comma * _DECIMAL_COMMA | (mismatched_assay is not None) * _ASSAY_MISMATCH
    unavailable = None
    if ref.covers(inp.age):
        pubs = _published(inp, ref, x, zones_adult)
    elif inp.lab is None:
        raise ref.out_of_reference(inp.age)
    else:
        pubs, unavailable = [], ref.out_of_reference(inp.age).message
        bits |= _UNAVAILABLE
    published = tuple([_published_model(p, ref, s, inp.age, pv) for s, p in pubs])
    if inp.lab is not None:
        lab = lab_place(x, inp.lab.lower, inp.lab.upper, zones_adult, pv.censor, pv.inclusive)
        primary, others, zone_code = _lab_model(lab, inp), published, lab.zone
    elif len(pubs) == 1:
        primary, others, zone_code = published[0], (), pubs[0][1].zone
    else:
        primary, others = published[0], published[1:]
        zone_code = unknown_sex_zone(pubs[0][1].zone, pubs[1][1].zone, False)
    sds_abs = math.nan
    for p in published:
        if p.sds is not None and not abs(p.sds) <= sds_abs:
            sds_abs = abs(p.sds)
    bits |= result_warnings(
        x, pv.number, pv.unit.factor, pv.censor, primary.lower_ng_per_ml, primary.upper_ng_per_ml, sds_abs, spec
    )
    bits |= _position_bits(inp, pubs, x, spec)
    bits |= _disagree(zone_code if inp.lab is not None else None, pubs, bits)
    zone = ZONE_BY_CODE[int(doubtful_zone(zone_code, bits) if inp.lab is not None else zone_code)]
    one = inp.lab is None and not others
    mismatches = context_mismatches(inp.context, inp.sex, inp.age) if inp.context else ()
    bits |= bool(mismatches) * _CONTEXT
    warnings: tuple[ResultWarning, ...] = ()
    if bits:
        facts = WarningFacts(
            pv,
            ref.id,
            ref.data.assay,
            mismatched_assay,
            unavailable,
            _extreme((primary, *others), bits),
            mismatches,
            inp.age,
            _floor(pubs) if bits & _FLOOR else math.nan,
            inp.lab,
            spec,
        )
        warnings = warning_list(warning_codes(bits), facts)
    where = Placement(primary, others, ref, inp.age, x, x / spec.ng_per_ml_per_nmol_per_l)
    read = Reading(
        spec,
        zone,
        adult,
        choice.contraceptive_table,
        bool(bits & LAB_RANGE_DOUBT),
        pv.unit.kind == "amount",
        _adult_band(x, inp, spec),
        spec.zone_rule == "u_curve" and inp.age >= ADULT_BAND_MIN_AGE,
    )
    return _result(inp, where, read, one, warnings)


def _result(
    inp: Inputs, where: Placement, read: Reading, one: bool, warnings: tuple[ResultWarning, ...]
) -> Interpretation:
    pv, primary, ref, spec, zone, adult = inp.value, where.primary, where.ref, read.spec, read.zone, read.adult
    censored = CENSOR_SYMBOL[pv.censor]
    text = result_notes(where, read, censored, inp.context, (pv.number, pv.unit.display))
    value = _new_measured(
        {
            "ng_per_ml": where.x,
            "nmol_per_l": where.nmol,
            "input_value": pv.number,
            "input_unit": pv.unit.display,
            "input_unit_ucum": pv.unit.ucum,
            "censored": censored,
        }
    )
    return _new_interpretation(
        {
            "schema_version": SCHEMA_VERSION,
            "analyte": spec.key,
            "value": value,
            "age": inp.age,
            "age_source": inp.age_source,
            "sex": inp.sex,
            "sds": primary.sds if one else None,
            "centile": primary.centile if one else None,
            "zlog": primary.zlog if one or primary.kind == "lab" else None,
            "zone": zone,
            "flag": flag_for(zone),
            "adult": adult,
            "adult_band": read.adult_band,
            "reference": primary,
            "other_positions": where.others,
            "context": inp.context,
            "notes": text.notes,
            "citations": text.citations,
            "guidance": guidance_for(
                zone,
                adult,
                primary.kind == "lab",
                inp.context,
                life_stage(inp.age),
                not adult and child_far_above(zone, (primary, *where.others)),
            ),
            "warnings": warnings,
            "provenance": _provenance(
                primary.id if primary.kind == "published" else f"lab+{ref.id}", ref.id, pv.unit.factor, spec
            ),
        }
    )


@functools.lru_cache(maxsize=256)
def _provenance(reference_id: str, published_id: str, factor: float, spec: AnalyteSpec) -> Provenance:
    """Provenance is immutable and shared between results with the same reference and unit."""
    return Provenance(
        igflab_version=__version__,
        reference_id=reference_id,
        published_reference_id=published_id,
        molar_mass_g_per_mol=spec.molar_mass_g_per_mol,
        ng_per_ml_per_nmol_per_l=spec.ng_per_ml_per_nmol_per_l,
        unit_factor_to_ng_per_ml=factor,
    )
