"""FHIR R4 out: an :class:`~igflab.models.Interpretation` as a laboratory ``Observation``.

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
import re
from collections.abc import Mapping
from typing import Any, Literal, TypedDict

from igflab.errors import InputError
from igflab.models import Interpretation, ReferencePosition
from igflab.text.citations import citation
from igflab.text.format import band_text
from igflab.text.zones import FLAG_DISPLAY, ZONE_LABEL

from .fhir_codes import (
    ADMINISTRATIVE_GENDER,
    IGF1_DISPLAY,
    IGF1_LOINC,
    IGF1_SDS_DISPLAY,
    IGF1_SDS_LOINC,
    LOINC,
    OBSERVATION_CATEGORY,
    PUBLISHED_RANGE_PREFIX,
    RANGE_MEANING,
    UCUM,
    V3_INTERPRETATION,
    Z_SCORE_UNIT,
)

__all__ = ["Observation", "to_fhir"]

# FHIR dateTime (R4): a year, year-month, date, or date-time with a time-zone offset.
_FHIR_DATETIME = re.compile(
    r"([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)"
    r"(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])"
    r"(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]{1,9})?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?"
)


def _dec(x: float, places: int) -> float | int:
    """Round for export; whole numbers are written without a fraction."""
    r = round(float(x), places)
    if r == 0:
        r = 0.0  # no negative zero
    return int(r) if r.is_integer() and abs(r) < 1e15 else r


def _quantity(x: float, places: int, unit: str = "ng/mL", comparator: str | None = None) -> dict[str, Any]:
    q: dict[str, Any] = {"value": _dec(x, places)}
    if comparator is not None:
        q["comparator"] = comparator
    q.update({"unit": unit, "system": UCUM, "code": unit})
    return q


def _coding(system: str, code: str, display: str | None = None) -> dict[str, str]:
    out = {"system": system, "code": code}
    if display is not None:
        out["display"] = display
    return out


def _gender(sex: str) -> dict[str, Any]:
    return {"coding": [_coding(ADMINISTRATIVE_GENDER, sex, sex.capitalize())]}


def _normal_type() -> dict[str, Any]:
    return {"coding": [_coding(RANGE_MEANING, "normal", "Normal Range")]}


def _age_years(x: float) -> dict[str, Any]:
    return _quantity(x, 2, "a")


def _age_text(age: float) -> str:
    return f"{age:g} years" if float(age).is_integer() else f"{age:.2f} years"


def _centiles(p: ReferencePosition) -> str:
    if p.lower_centile is None or p.upper_centile is None:
        return "lower-upper limit"
    return f"{p.lower_centile:g}th-{p.upper_centile:g}th centile"


def _published_range(p: ReferencePosition, age: float) -> dict[str, Any]:
    rng: dict[str, Any] = {
        "low": _quantity(p.lower_ng_per_ml, 1),
        "high": _quantity(p.upper_ng_per_ml, 1),
        "type": _normal_type(),
    }
    if p.sex != "any":
        rng["appliesTo"] = [_gender(p.sex)]
    band = p.age_band
    if band is not None:
        lo, hi = band
        rng["age"] = {"low": _age_years(lo)} if hi is None else {"low": _age_years(lo), "high": _age_years(hi)}
        where = f"age band {band_text(band)}"
    else:
        rng["age"] = {"low": _age_years(age), "high": _age_years(age)}
        where = f"at age {_age_text(age)}"
    who = "" if p.sex == "any" else f", {p.sex}"
    parts = [f"{PUBLISHED_RANGE_PREFIX}{p.id}: {_centiles(p)} {where}{who}", p.title]
    if p.assay:
        parts.append(f"assay: {p.assay}")
    if p.citation:
        parts.append(f"source: {citation(p.citation).text}")
    rng["text"] = ". ".join(s.rstrip(".") for s in parts) + "."
    return rng


def _lab_range(p: ReferencePosition) -> dict[str, Any]:
    return {
        "low": _quantity(p.lower_ng_per_ml, 2),
        "high": _quantity(p.upper_ng_per_ml, 2),
        "type": _normal_type(),
        "text": "Laboratory's printed reference range, as reported with the result.",
    }


def _sds_component(r: Interpretation) -> dict[str, Any] | None:
    """The SDS: the interpretation's own, or the one published LMS position beside a lab range."""
    pos: ReferencePosition | None = None
    if r.sds is not None and r.reference.sds is not None:
        pos = r.reference
    elif r.reference.kind == "lab":
        lms = [p for p in r.other_positions if p.sds is not None]
        if len(lms) == 1:
            pos = lms[0]
    if pos is None or pos.sds is None:
        return None
    comparator = None if pos.bound is None else ("<=" if pos.bound == "upper" else ">=")
    return {
        "code": {
            "coding": [_coding(LOINC, IGF1_SDS_LOINC, IGF1_SDS_DISPLAY)],
            "text": f"IGF-1 SDS against the {pos.id} reference",
        },
        "valueQuantity": _quantity(pos.sds, 2, Z_SCORE_UNIT, comparator),
    }


def _fhir_datetime(value: Any) -> str:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise InputError(
                "effective date-time has no time-zone offset; FHIR requires one when a time is given (or pass a date)",
                field="effective",
            )
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and _FHIR_DATETIME.fullmatch(value.strip()):
        return value.strip()
    raise InputError(
        f"effective {value!r} is not a FHIR dateTime (YYYY-MM-DD, or a date-time with a time-zone offset)",
        field="effective",
    )


def _subject(subject: Any) -> dict[str, Any]:
    if isinstance(subject, str) and subject.strip():
        return {"reference": subject.strip()}
    if isinstance(subject, Mapping):
        return dict(subject)
    raise InputError("subject must be a reference such as 'Patient/123' or a FHIR Reference dict", field="subject")


class Observation(TypedDict, total=False):
    """The FHIR R4 ``Observation`` :func:`to_fhir` writes: JSON-ready dicts and lists (keys as FHIR names them)."""

    resourceType: Literal["Observation"]
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
    r = interpretation
    obs: Observation = {
        "resourceType": "Observation",
        "status": "final",
        "category": [{"coding": [_coding(OBSERVATION_CATEGORY, "laboratory", "Laboratory")]}],
        "code": {"coding": [_coding(LOINC, IGF1_LOINC, IGF1_DISPLAY)], "text": "IGF-1"},
    }
    if subject is not None:
        obs["subject"] = _subject(subject)
    if effective is not None:
        obs["effectiveDateTime"] = _fhir_datetime(effective)
    obs["valueQuantity"] = _quantity(r.value.ng_per_ml, 2, comparator=r.value.censored)
    obs["interpretation"] = [
        {
            "coding": [_coding(V3_INTERPRETATION, r.flag.value, FLAG_DISPLAY[r.flag])],
            "text": ZONE_LABEL[r.zone],
        }
    ]
    obs["note"] = _notes(r)
    ranges = []
    for p in (r.reference, *r.other_positions):
        ranges.append(_lab_range(p) if p.kind == "lab" else _published_range(p, r.age))
    obs["referenceRange"] = ranges
    comp = _sds_component(r)
    if comp is not None:
        obs["component"] = [comp]
    return obs


def _notes(r: Interpretation) -> list[dict[str, str]]:
    index = {c.id: i + 1 for i, c in enumerate(r.citations)}
    out = []
    for n in r.notes:
        marks = "".join(f"[{index[c]}]" for c in n.citations if c in index)
        out.append({"text": f"{n.text} {marks}".rstrip()})
    out.extend({"text": f"Check: {w.message}."} for w in r.warnings)
    out.append({"text": f"Guidance: {r.guidance}"})
    for c in r.citations:
        link = f" {c.url}" if c.url and c.url not in c.text else ""
        out.append({"text": f"[{index[c.id]}] {c.text}{link}"})
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
