"""FHIR R4 out: an :class:`~igflab.models.Interpretation` of any analyte as a laboratory ``Observation``.

The code is the analyte's LOINC (:mod:`igflab.analytes`: IGF-1 2484-4, IGFBP-3 2483-6); the SDS
is a component, coded with LOINC 73561-3 for IGF-1 and named in text only for an analyte without a verified
LOINC Z-score code (IGFBP-3).

:func:`to_fhir` builds the Observation as plain, JSON-ready dicts (no FHIR library is
needed at run time). igflab writes the published reference it used as a
``referenceRange`` whose ``text`` starts with ``"igflab published reference <id>"``, so
:func:`~igflab.io.fhir_in.from_fhir` can tell it from the laboratory's own range and pick
the same reference again.

**Rounding for export.** Values and laboratory limits in ng/mL are written to 2 decimals
(a result given in ng/mL to 2 decimals is carried exactly), published limits to 1 decimal,
the SDS to 2 decimals and ages to 2 decimals of a year. The model keeps full precision.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from collections.abc import Sequence
from typing import Any, Literal, NamedTuple

from typing_extensions import TypedDict  # pydantic (FastAPI) needs it for TypedDict fields before Python 3.12

from igflab.analytes import AnalyteSpec, spec_of
from igflab.errors import InputError
from igflab.models import Interpretation, ReferencePosition
from igflab.science.zones import Flag
from igflab.text.citations import citation
from igflab.text.format import SDS_EXPRESSIBLE
from igflab.text.summary import comparison_words
from igflab.text.words import Citation, Note, ResultWarning
from igflab.text.zones import FLAG_DISPLAY, ZONE_LABEL

from .fhir_codes import (
    ADMINISTRATIVE_GENDER,
    LOINC,
    OBSERVATION_CATEGORY,
    PUBLISHED_RANGE_PREFIX,
    RANGE_MEANING,
    SDS_LOINC,
    V3_INTERPRETATION,
    Z_SCORE_UNIT,
)
from .fhir_common import age_range, coding, quantity, rounded, significant, subject_reference

__all__ = ["Observation", "fhir_datetime", "note_texts", "sds_comparator", "to_fhir"]

# FHIR dateTime (R4): a year, year-month, date, or date-time with a time-zone offset.
_FHIR_DATETIME = re.compile(
    r"([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)"
    r"(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])"
    r"(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]{1,9})?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?"
)


class _Unit(NamedTuple):
    """The unit the result was reported in (its UCUM code) and its factor to ng/mL."""

    code: str
    factor: float


def _reported_unit(r: Interpretation) -> _Unit:
    if r.value.input_unit_ucum is not None:
        return _Unit(r.value.input_unit_ucum, r.provenance.unit_factor_to_ng_per_ml)
    return _Unit("ng/mL", 1.0)  # a unit UCUM codes igflab does not list: the value in ng/mL


def _gender(sex: str) -> dict[str, Any]:
    return {"coding": [coding(ADMINISTRATIVE_GENDER, sex, sex.capitalize())]}


def _normal_type() -> dict[str, Any]:
    return {"coding": [coding(RANGE_MEANING, "normal", "Normal Range")]}


def _centiles(p: ReferencePosition) -> str:
    if p.lower_centile is None or p.upper_centile is None:
        return "lower-upper limit"
    return f"{p.lower_centile:g}th-{p.upper_centile:g}th centile"


def _published_range(p: ReferencePosition, age: float, unit: _Unit) -> dict[str, Any]:
    rng: dict[str, Any] = {
        "low": quantity(significant(p.lower_ng_per_ml / unit.factor, 3), unit.code),
        "high": quantity(significant(p.upper_ng_per_ml / unit.factor, 3), unit.code),
        "type": _normal_type(),
    }
    if p.sex != "any":
        rng["appliesTo"] = [_gender(p.sex)]
    rng["age"], where = age_range(age, p.age_band)
    who = "" if p.sex == "any" else f", {p.sex}"
    parts = [f"{PUBLISHED_RANGE_PREFIX}{p.id}: {_centiles(p)} {where}{who}", p.title]
    if p.assay:
        parts.append(f"assay: {p.assay}")
    if p.citation:
        parts.append(f"source: {citation(p.citation).text}")
    rng["text"] = ". ".join(s.rstrip(".") for s in parts) + "."
    return rng


def _lab_range(p: ReferencePosition, unit: _Unit) -> dict[str, Any]:
    return {
        # Six significant digits: a range printed in another unit comes back to within 1e-5.
        "low": quantity(significant(p.lower_ng_per_ml / unit.factor, 6), unit.code),
        "high": quantity(significant(p.upper_ng_per_ml / unit.factor, 6), unit.code),
        "type": _normal_type(),
        "text": "Laboratory's printed reference range, as reported with the result.",
    }


def _sds_component(r: Interpretation, spec: AnalyteSpec) -> dict[str, Any] | None:
    """The SDS: the interpretation's own, or the one published position beside a lab range; coded with the
    analyte's LOINC Z-score code where one was verified (IGF-1), else named in text only (IGFBP-3)."""
    sds_code = SDS_LOINC.get(spec.loinc)
    pos: ReferencePosition | None = None
    if r.sds is not None and r.reference.sds is not None:
        pos = r.reference
    elif r.reference.kind == "lab":
        lms = [p for p in r.other_positions if p.sds is not None]
        if len(lms) == 1:
            pos = lms[0]
    if pos is None or pos.sds is None:
        return None
    comparator, sds = sds_comparator(pos.bound), pos.sds
    if not math.isfinite(sds):  # beyond what double precision expresses: a decimal with its comparator
        comparator, sds = (">" if sds > 0 else "<"), math.copysign(SDS_EXPRESSIBLE, sds)
    code: dict[str, Any] = {"text": f"{spec.words} SDS against the {pos.id} reference"}
    if sds_code is not None:
        code = {"coding": [coding(LOINC, *sds_code)], **code}
    return {
        "code": code,
        "valueQuantity": quantity(rounded(sds, 2), Z_SCORE_UNIT, comparator),
    }


def sds_comparator(bound: str | None) -> str | None:
    """The ``comparator`` of an SDS that is a bound (a censored result's): ``<=`` for an upper bound, ``>=``."""
    return None if bound is None else ("<=" if bound == "upper" else ">=")


def fhir_datetime(value: object, field: str = "effective") -> str:
    """A FHIR ``dateTime``: a real calendar date (or year, year-month), or an aware date-time."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise InputError(
                f"{field} date-time has no time-zone offset; FHIR requires one when a time is given (or pass a date)",
                field=field,
            )
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = value.strip() if isinstance(value, str) else ""
    if _FHIR_DATETIME.fullmatch(text) and _real_date(text):
        return text
    shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
    raise InputError(
        f"{field} {shown} is not a FHIR dateTime (a real date YYYY-MM-DD, or a date-time with a time-zone offset)",
        field=field,
    )


def _real_date(text: str) -> bool:
    if len(text) < 10:
        return True  # a year or year-month
    try:
        dt.datetime.fromisoformat(text) if len(text) > 10 else dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


class Observation(TypedDict, total=False):
    """The FHIR R4 ``Observation`` :func:`to_fhir` writes: JSON-ready dicts and lists (keys as FHIR names them)."""

    resourceType: Literal["Observation"]
    text: dict[str, str]
    status: Literal["final"]
    category: list[dict[str, Any]]
    code: dict[str, Any]
    subject: dict[str, Any]
    effectiveDateTime: str
    valueQuantity: dict[str, Any]
    interpretation: list[dict[str, Any]]
    note: list[dict[str, str]]
    referenceRange: list[dict[str, Any]]
    component: list[dict[str, Any]]


def to_fhir(interpretation: Interpretation, *, subject: Any = None, effective: Any = None) -> Observation:
    """The interpretation as a FHIR R4 ``Observation`` (plain dicts, ready for ``json.dumps``).

    ``subject`` is a reference such as ``"Patient/123"`` (or a Reference dict); ``effective``
    the collection date or date-time (``datetime.date``, an aware ``datetime`` or FHIR text).

    >>> import igflab
    >>> obs = to_fhir(igflab.interpret(150, "ng/mL", age=45, sex="male"), subject="Patient/1")
    >>> obs["valueQuantity"]["value"], obs["interpretation"][0]["coding"][0]["code"]
    (150, 'N')
    """
    if not isinstance(interpretation, Interpretation):
        raise InputError("to_fhir() takes an igflab Interpretation", field="interpretation")
    r, spec = interpretation, spec_of(interpretation.analyte)
    obs: Observation = {
        "resourceType": "Observation",
        "text": _narrative(r),
        "status": "final",
        "category": [{"coding": [coding(OBSERVATION_CATEGORY, "laboratory", "Laboratory")]}],
        "code": {"coding": [coding(LOINC, spec.loinc, spec.loinc_display)], "text": spec.words},
    }
    if subject is not None:
        obs["subject"] = subject_reference(subject)
    if effective is not None:
        obs["effectiveDateTime"] = fhir_datetime(effective)
    unit = _reported_unit(r)
    value = (
        rounded(r.value.input_value, 12)
        if unit.factor != 1.0 or r.value.input_unit_ucum
        else rounded(r.value.ng_per_ml, 2)
    )
    obs["valueQuantity"] = quantity(value, unit.code, r.value.censored)
    obs["interpretation"] = _interpretation(r)
    obs["note"] = _notes(r)
    obs["referenceRange"] = [
        _lab_range(p, unit) if p.kind == "lab" else _published_range(p, r.age, unit)
        for p in (r.reference, *r.other_positions)
    ]
    comp = _sds_component(r, spec)
    if comp is not None:
        obs["component"] = [comp]
    return obs


_OFF_SCALE = {"<": ("<", "Off scale low"), ">": (">", "Off scale high")}


def _interpretation(r: Interpretation) -> list[dict[str, Any]]:
    """The HL7 interpretation: the flag, and for a censored result "off scale" (``<`` or ``>``).

    A censored result that cannot be placed in one zone gets only "off scale": v3 ``IND``
    ("cannot be determined") is kept for results that cannot be placed although measured
    (the sex unknown, and the two sexes' references disagree).
    """
    out = []
    censored = r.value.censored
    if r.flag is not Flag.IND or censored is None:
        out.append(
            {
                "coding": [coding(V3_INTERPRETATION, r.flag.value, FLAG_DISPLAY[r.flag])],
                "text": ZONE_LABEL[r.zone] + (f"; {both}" if (both := comparison_words(r)) else ""),
            }
        )
    if censored is not None:
        code, display = _OFF_SCALE[censored]
        out.append(
            {
                "coding": [coding(V3_INTERPRETATION, code, display)],
                "text": f"reported as {censored}{r.value.input_value:g}",
            }
        )
    return out


def _narrative(r: Interpretation) -> dict[str, str]:
    """The human-readable narrative (``Observation.text``): the summary and the guidance, as XHTML."""
    div = (
        f'<div xmlns="http://www.w3.org/1999/xhtml"><p>{html.escape(str(r))}</p><p>{html.escape(r.guidance)}</p></div>'
    )
    return {"status": "generated", "div": div}


def note_texts(
    notes: Sequence[Note], warnings: Sequence[ResultWarning], guidance: str, citations: Sequence[Citation]
) -> list[dict[str, str]]:
    """``Observation.note``: the notes with their source numbers, the warnings, the guidance, the sources."""
    index = {c.id: i + 1 for i, c in enumerate(citations)}
    out = []
    for n in notes:
        marks = "".join(f"[{index[c]}]" for c in n.citations if c in index)
        out.append({"text": f"{n.text} {marks}".rstrip()})
    out.extend({"text": f"Check: {w.message}."} for w in warnings)
    out.append({"text": f"Guidance: {guidance}"})
    for c in citations:
        link = f" {c.url}" if c.url and c.url not in c.text else ""
        out.append({"text": f"[{index[c.id]}] {c.text}{link}"})
    return out


def _notes(r: Interpretation) -> list[dict[str, str]]:
    out = note_texts(r.notes, r.warnings, r.guidance, r.citations)
    pv = r.provenance
    out.append(
        {
            "text": f"Interpreted with igflab {pv.igflab_version} (result schema {r.schema_version}) against "
            f"{pv.reference_id}; nmol/L from a molar mass of {pv.molar_mass_g_per_mol:g} g/mol "
            f"(1 nmol/L = {pv.ng_per_ml_per_nmol_per_l:g} ng/mL)."
        }
    )
    return out


# ---------------------------------------------------------------------------------------
# In
# ---------------------------------------------------------------------------------------
