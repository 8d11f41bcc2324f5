"""FHIR R4 in and out: an :class:`~igflab.models.Interpretation` as a laboratory Observation, and back.

:func:`to_fhir` builds an R4 ``Observation`` as plain, JSON-ready dicts (no FHIR library is
needed at run time); :func:`from_fhir` reads an Observation, or a Bundle holding a Patient
and an Observation, and interprets it.

Codes used (see ``docs/embedding.md``):

* LOINC ``2484-4`` Insulin-like growth factor-I [Mass/volume] in Serum or Plasma, the result;
  LOINC ``73561-3`` Insulin-like growth factor-I [Z-score] in Serum or Plasma, the SDS component;
* UCUM (``http://unitsofmeasure.org``): ``ng/mL`` for values, ``{Z-score}`` for the SDS, ``a``
  for ages;
* HL7 v3 ObservationInterpretation: ``L``, ``N``, ``H``, ``HU``, ``IND`` (igflab's flags).

**Which referenceRange is the lab's.** :func:`to_fhir` writes the published reference igflab
used as a ``referenceRange`` whose ``text`` starts with ``"igflab published reference <id>"``.
:func:`from_fhir` does not read such a range as the laboratory's range; it uses the id to
pick the same published reference again, so ``from_fhir(to_fhir(x))`` gives back the zone,
flag and SDS of ``x``. Any other ``referenceRange`` (of type ``normal``, or with no type) that
applies to the person is the laboratory's own range and decides the flag, as ``lab_range``
does in :func:`~igflab.interpret`.

**Rounding for export.** Values and laboratory limits in ng/mL are written to 2 decimals
(a result given in ng/mL to 2 decimals is carried exactly), published limits to 1 decimal,
the SDS to 2 decimals and ages to 2 decimals of a year. The model keeps full precision.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping
from typing import Any

from ._display import _ZONE_LABEL
from .ages import age_from_dates
from .citations import citation
from .errors import AgeError, IgflabError, InputError, LabRangeError, SexError, UnitError, ValueInputError
from .interpret import interpret, parse_sex
from .models import Interpretation, ReferencePosition, ResultWarning
from .references import get_reference
from .units import _KNOWN, _normalise, unit_factor
from .zones import Flag

__all__ = [
    "IGF1_LOINC",
    "IGF1_SDS_LOINC",
    "PUBLISHED_RANGE_PREFIX",
    "UCUM_UNITS",
    "from_fhir",
    "observation_of",
    "to_fhir",
]

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
V3_INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ADMINISTRATIVE_GENDER = "http://hl7.org/fhir/administrative-gender"
RANGE_MEANING = "http://terminology.hl7.org/CodeSystem/referencerange-meaning"

#: LOINC code of IGF-1 mass concentration in serum or plasma.
IGF1_LOINC = "2484-4"
IGF1_DISPLAY = "Insulin-like growth factor-I [Mass/volume] in Serum or Plasma"
#: LOINC code of the IGF-1 Z-score (SDS) in serum or plasma.
IGF1_SDS_LOINC = "73561-3"
IGF1_SDS_DISPLAY = "Insulin-like growth factor-I [Z-score] in Serum or Plasma"

#: ``referenceRange.text`` of a published reference written by :func:`to_fhir` starts with this.
PUBLISHED_RANGE_PREFIX = "igflab published reference "

_Z_SCORE = "{Z-score}"

_BASE_UCUM = {
    "ng/mL": "ng/mL",
    "ug/L": "µg/L",
    "ng/dL": "ng/dL",
    "ng/L": "ng/L",
    "pg/mL": "pg/mL",
    "ug/dL": "µg/dL",
    "ug/mL": "µg/mL",
    "mg/L": "mg/L",
    "mg/dL": "mg/dL",
    "g/L": "g/L",
    "nmol/L": "nmol/L",
    "pmol/mL": "pmol/mL",
    "pmol/L": "pmol/L",
    "nmol/mL": "nmol/mL",
    "umol/L": "µmol/L",
}
#: UCUM codes igflab reads (case-sensitive, as UCUM is; ``L`` and ``l`` both mean litre),
#: mapped to igflab's own unit spelling. Read from this table only: UCUM codes are never
#: handed to pint, which does not know UCUM syntax such as annotations.
UCUM_UNITS: dict[str, str] = {**_BASE_UCUM, **{k.replace("L", "l"): v for k, v in _BASE_UCUM.items()}}

_FLAG_DISPLAY = {
    Flag.L: "Low",
    Flag.N: "Normal",
    Flag.H: "High",
    Flag.HU: "Significantly high",
    Flag.IND: "Indeterminate",
}

_COMPARATORS = {"<": "<", "<=": "<=", ">": ">", ">=": ">="}

# FHIR dateTime (R4): a year, year-month, date, or date-time with a time-zone offset.
_FHIR_DATETIME = re.compile(
    r"([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)"
    r"(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])"
    r"(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]{1,9})?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?"
)
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# ---------------------------------------------------------------------------------------
# Out
# ---------------------------------------------------------------------------------------


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
    band = None
    if p.method == "limits":
        band = get_reference(p.id).interval(age, "male" if p.sex == "any" else p.sex).band
    if band is not None:
        lo, hi = band
        rng["age"] = {"low": _age_years(lo)} if hi is None else {"low": _age_years(lo), "high": _age_years(hi)}
        where = f"age band {lo:g} years and over" if hi is None else f"age band {lo:g} to under {hi:g} years"
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
        "valueQuantity": _quantity(pos.sds, 2, _Z_SCORE, comparator),
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


def to_fhir(interpretation: Interpretation, *, subject: Any = None, effective: Any = None) -> dict[str, Any]:
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
    obs: dict[str, Any] = {
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
            "coding": [_coding(V3_INTERPRETATION, r.flag.value, _FLAG_DISPLAY[r.flag])],
            "text": _ZONE_LABEL[r.zone],
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


def _as_dict(resource: Any) -> dict[str, Any]:
    if isinstance(resource, Mapping):
        return dict(resource)
    if isinstance(resource, (str, bytes)):
        try:
            data = json.loads(resource)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", field="resource"
            ) from None
        except UnicodeDecodeError:
            raise InputError("not valid JSON: the bytes are not UTF-8 text", field="resource") from None
        except RecursionError:
            raise InputError("not valid JSON: nested too deeply", field="resource") from None
        if not isinstance(data, dict):
            raise InputError("expected a FHIR resource (a JSON object)", field="resourceType")
        return data
    dump = getattr(resource, "model_dump_json", None)
    if callable(dump):  # a fhir.resources model
        return dict(json.loads(dump()))
    raise InputError(
        f"expected a FHIR resource as a dict or JSON text, got {type(resource).__name__}", field="resourceType"
    )


def _codings(concept: Any) -> list[Mapping[str, Any]]:
    """The Coding objects of a CodeableConcept (none when it or its ``coding`` is malformed)."""
    codings = concept.get("coding") if isinstance(concept, Mapping) else None
    return [c for c in codings if isinstance(c, Mapping)] if isinstance(codings, list) else []


def _codes(concept: Any, system: str) -> list[str]:
    return [str(c.get("code")) for c in _codings(concept) if c.get("system") == system]


def _concept_text(concept: Any) -> str | None:
    if not isinstance(concept, Mapping):
        return None
    if isinstance(concept.get("text"), str):
        return str(concept["text"])
    for c in _codings(concept):
        if c.get("display") or c.get("code"):
            return str(c.get("display") or c.get("code"))
    return None


def _is_igf1(obs: Mapping[str, Any]) -> bool:
    return IGF1_LOINC in _codes(obs.get("code"), LOINC)


def _check_code(obs: Mapping[str, Any], warns: list[ResultWarning]) -> None:
    code = obs.get("code")
    if not isinstance(code, Mapping):
        raise InputError("Observation.code is missing; an IGF-1 result has LOINC 2484-4", field="Observation.code")
    loinc = _codes(code, LOINC)
    if IGF1_LOINC in loinc:
        return
    if IGF1_SDS_LOINC in loinc:
        raise InputError(
            f"Observation.code is LOINC {IGF1_SDS_LOINC}, the IGF-1 Z-score; igflab reads the IGF-1 "
            f"concentration (LOINC {IGF1_LOINC})",
            field="Observation.code",
        )
    if loinc:
        raise InputError(
            f"Observation.code is LOINC {loinc[0]}, not {IGF1_LOINC} (IGF-1 [Mass/volume] in Serum or Plasma)",
            field="Observation.code",
        )
    shown = _concept_text(code)
    warns.append(
        ResultWarning(
            code="no_loinc_code",
            message=f"Observation.code ({shown or 'no text'}) has no LOINC coding; it was read as IGF-1 "
            f"(LOINC {IGF1_LOINC}); check that the result is an IGF-1 concentration",
            field="Observation.code",
        )
    )


def _unit_of(q: Mapping[str, Any], path: str) -> str:
    """igflab's unit for a FHIR Quantity: from its UCUM code, else from its unit text."""
    code, system, text = q.get("code"), q.get("system"), q.get("unit")
    from_code: str | None = None
    if code is not None and system in (None, UCUM):
        if not isinstance(code, str) or code not in UCUM_UNITS:
            known = ", ".join(_BASE_UCUM)
            raise UnitError(
                f"{path}.code {code!r} is not a UCUM concentration unit igflab reads (known: {known})",
                field=f"{path}.code",
            )
        from_code = UCUM_UNITS[code]
    if isinstance(text, str) and text.strip():
        if "{" in text:
            raise UnitError(f"{path}.unit {text!r} is not a concentration unit", field=f"{path}.unit")
        if from_code is not None:
            hit = _KNOWN.get(_normalise(text))
            if hit is not None and not math.isclose(hit[1], unit_factor(from_code)[1], rel_tol=1e-12):
                raise UnitError(
                    f"{path}.unit {text!r} contradicts {path}.code {code!r}; they must name the same unit",
                    field=f"{path}.unit",
                )
            return from_code
        try:
            return unit_factor(text)[0]
        except UnitError as exc:
            raise UnitError(f"{path}.unit: {exc.message}", field=f"{path}.unit") from None
    if from_code is not None:
        return from_code
    if code is not None:
        raise UnitError(
            f"{path}.system {system!r} is not UCUM ({UCUM}) and {path}.unit is missing", field=f"{path}.system"
        )
    raise UnitError(f"{path} has no unit (give the UCUM code, e.g. ng/mL or nmol/L)", field=f"{path}.code")


def _number(q: Mapping[str, Any], path: str) -> float:
    v = q.get("value")
    if v is None:
        raise ValueInputError(f"{path}.value is missing", field=f"{path}.value")
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueInputError(f"{path}.value must be a JSON number, got {v!r}", field=f"{path}.value")
    try:
        return float(v)
    except OverflowError:  # an integer beyond the range of a float
        raise ValueInputError(f"{path}.value is too large", field=f"{path}.value") from None


def _value(obs: Mapping[str, Any]) -> tuple[Any, str | None, str]:
    """``(value, unit, path)`` for :func:`interpret`, from valueQuantity (or valueString)."""
    if obs.get("dataAbsentReason") is not None:
        reason = obs["dataAbsentReason"]
        shown = _concept_text(reason)
        raise ValueInputError(
            f"Observation.dataAbsentReason is set ({shown or 'no value'}); there is no result to interpret",
            field="Observation.dataAbsentReason",
        )
    q = obs.get("valueQuantity")
    if q is None:
        text = obs.get("valueString")
        if isinstance(text, str):
            return text, None, "Observation.valueString"
        other = [k for k, v in obs.items() if str(k).startswith("value") and v is not None]
        what = f"it has {other[0]} instead" if other else "it has no value"
        raise ValueInputError(f"Observation.valueQuantity is missing; {what}", field="Observation.valueQuantity")
    path = "Observation.valueQuantity"
    if not isinstance(q, Mapping):
        raise ValueInputError(f"{path} must be a Quantity object", field=path)
    number = _number(q, path)
    unit = _unit_of(q, path)
    comp = q.get("comparator")
    if comp is None:
        return number, unit, path
    if comp not in _COMPARATORS:
        raise ValueInputError(
            f"{path}.comparator {comp!r} is not one igflab reads (<, <=, >=, >)", field=f"{path}.comparator"
        )
    return f"{_COMPARATORS[comp]}{number!r}", unit, path


def _date_text(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise AgeError(f"{path} must be a date (YYYY-MM-DD)", field=path)
    text = value.strip()
    if not _FULL_DATE.match(text):
        raise AgeError(f"{path} {text!r} is not a full date; the exact age needs year, month and day", field=path)
    return text


def _effective(obs: Mapping[str, Any]) -> tuple[str, str] | None:
    for key in ("effectiveDateTime", "effectiveInstant"):
        if obs.get(key) is not None:
            path = f"Observation.{key}"
            return _date_text(obs[key], path), path
    period = obs.get("effectivePeriod")
    if isinstance(period, Mapping) and period.get("start") is not None:
        path = "Observation.effectivePeriod.start"
        return _date_text(period["start"], path), path
    return None


def _pick(bundle: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
    entries = bundle.get("entry")
    if not isinstance(entries, list) or not entries:
        raise InputError("Bundle.entry is empty; it needs an IGF-1 Observation", field="Bundle.entry")
    patients: dict[str, dict[str, Any]] = {}
    found: list[dict[str, Any]] = []
    for e in entries:
        res = e.get("resource") if isinstance(e, Mapping) else None
        if not isinstance(res, Mapping):
            continue
        if res.get("resourceType") == "Patient":
            keys = [f"Patient/{res.get('id')}"] if res.get("id") else []
            if isinstance(e.get("fullUrl"), str):
                keys.append(e["fullUrl"])
            for k in keys or ["?"]:
                patients[k] = dict(res)
        elif res.get("resourceType") == "Observation" and _is_igf1(res):
            found.append(dict(res))
    if not found:
        raise InputError(f"the Bundle holds no IGF-1 Observation (LOINC {IGF1_LOINC})", field="Bundle.entry")
    if len(found) > 1:
        raise InputError(
            f"the Bundle holds {len(found)} IGF-1 Observations; pass them to from_fhir() one at a time",
            field="Bundle.entry",
        )
    obs = found[0]
    distinct = {id(p): p for p in patients.values()}
    ref = obs.get("subject", {}).get("reference") if isinstance(obs.get("subject"), Mapping) else None
    if ref is not None and patients:
        if isinstance(ref, str) and ref in patients:
            return obs, patients[ref]
        raise InputError(
            f"Observation.subject {ref!r} is not the Patient in the Bundle", field="Observation.subject.reference"
        )
    if len(distinct) > 1:
        raise InputError(
            "the Bundle holds several Patients and Observation.subject does not say which",
            field="Observation.subject",
        )
    return obs, next(iter(distinct.values()), None)


def _sex(patient: Mapping[str, Any] | None, sex: str | None) -> tuple[str, str]:
    gender = patient.get("gender") if patient is not None else None
    if gender is not None:
        if gender not in ("male", "female", "other", "unknown"):
            raise SexError(
                f"Patient.gender {gender!r} is not a FHIR administrative gender (male, female, other, unknown)",
                field="Patient.gender",
            )
        if sex is not None and parse_sex(sex) != parse_sex(gender):
            raise SexError(f"sex={sex!r} contradicts Patient.gender {gender!r}", field="Patient.gender")
        return gender, "Patient.gender"
    if sex is None:
        raise SexError("Patient.gender is missing; pass sex= or a Bundle with the Patient", field="Patient.gender")
    return sex, "sex"


def _birth(patient: Mapping[str, Any] | None, birth_date: Any) -> tuple[Any, str] | None:
    born = patient.get("birthDate") if patient is not None else None
    if born is not None:
        text = _date_text(born, "Patient.birthDate")
        if birth_date is not None:
            given = birth_date.isoformat() if isinstance(birth_date, dt.date) else str(birth_date).strip()
            if given[:10] != text[:10]:
                raise AgeError(
                    f"birth_date={given!r} contradicts Patient.birthDate {text!r}", field="Patient.birthDate"
                )
        return text, "Patient.birthDate"
    if birth_date is None:
        return None
    return birth_date, "birth_date"


def _range_quantity(q: Any, path: str) -> float | None:
    if q is None:
        return None
    if not isinstance(q, Mapping):
        raise LabRangeError(f"{path} must be a Quantity object", field=path)
    number = _number(q, path)
    return number * unit_factor(_unit_of(q, path))[1]


def _applies(rng: Mapping[str, Any], sex: str, age: float | None) -> bool:
    applies = rng.get("appliesTo") or []
    if not isinstance(applies, list):
        raise LabRangeError("Observation.referenceRange.appliesTo must be a list", field="Observation.referenceRange")
    genders = [c for a in applies for c in _codes(a, ADMINISTRATIVE_GENDER)]
    if genders and sex in ("male", "female") and sex not in genders:
        return False
    band = rng.get("age")
    if age is None or not isinstance(band, Mapping):
        return True
    low, high = _age_bound(band.get("low")), _age_bound(band.get("high"))
    return (low is None or age >= low) and (high is None or age <= high)


_YEARS_PER = {"a": 1.0, "mo": 1 / 12, "wk": 7 / 365.25, "d": 1 / 365.25}


def _age_bound(q: Any) -> float | None:
    """An age limit of a referenceRange in years (UCUM a, mo, wk or d), or None when absent."""
    if not isinstance(q, Mapping) or isinstance(q.get("value"), bool) or not isinstance(q.get("value"), (int, float)):
        return None
    value = q["value"]
    try:
        years = float(value)
    except OverflowError:  # an integer beyond the range of a float
        years = math.inf if value > 0 else -math.inf
    return years * _YEARS_PER.get(str(q.get("code", "a")), 1.0)


def _lab_and_reference(
    obs: Mapping[str, Any], sex: str, age: float | None, warns: list[ResultWarning]
) -> tuple[tuple[float, float] | None, str | None, str]:
    """The laboratory's range (ng/mL), the published reference id written by to_fhir, and its path."""
    ranges = obs.get("referenceRange") or []
    if not isinstance(ranges, list):
        raise LabRangeError("Observation.referenceRange must be a list", field="Observation.referenceRange")
    published: str | None = None
    candidates: list[tuple[int, Mapping[str, Any]]] = []
    for i, rng in enumerate(ranges):
        if not isinstance(rng, Mapping):
            continue
        text = rng.get("text")
        if isinstance(text, str) and text.startswith(PUBLISHED_RANGE_PREFIX):
            published = text[len(PUBLISHED_RANGE_PREFIX) :].split(":", 1)[0].strip() or published
            continue
        types = _codes(rng.get("type"), RANGE_MEANING)
        if rng.get("type") is not None and "normal" not in types:
            continue
        if _applies(rng, sex, age):
            candidates.append((i, rng))
    if not candidates:
        return None, published, "Observation.referenceRange"
    if len(candidates) > 1:
        which = ", ".join(f"[{i}]" for i, _ in candidates)
        raise LabRangeError(
            f"Observation.referenceRange {which} all apply to this person; igflab needs one laboratory range",
            field="Observation.referenceRange",
        )
    i, rng = candidates[0]
    path = f"Observation.referenceRange[{i}]"
    lo = _range_quantity(rng.get("low"), f"{path}.low")
    hi = _range_quantity(rng.get("high"), f"{path}.high")
    if lo is not None and hi is not None:
        return (lo, hi), published, path
    if lo is None and hi is None and isinstance(rng.get("text"), str):
        from .interpret import parse_lab_range  # noqa: PLC0415 - only for text-only ranges

        try:
            lo_t, hi_t, _u = parse_lab_range(rng["text"], None)
        except LabRangeError:
            pass
        else:
            return (lo_t, hi_t), published, f"{path}.text"
    missing = "low" if lo is None else "high"
    warns.append(
        ResultWarning(
            code="lab_range_incomplete",
            message=f"{path} has no usable {missing} limit; igflab needs both limits of the laboratory's range, "
            "so the published reference decides the flag",
            field=f"{path}.{missing}",
        )
    )
    return None, published, path


def observation_of(resource: Any) -> dict[str, Any]:
    """The IGF-1 Observation itself: ``resource`` when it is one, else the one in a Bundle."""
    res = _as_dict(resource)
    if res.get("resourceType") == "Bundle":
        return _pick(res)[0]
    return res


def from_fhir(
    observation_or_bundle: Any,
    *,
    birth_date: Any = None,
    sex: str | None = None,
    reference: str | None = None,
) -> Interpretation:
    """Interpret a FHIR IGF-1 Observation, or a Bundle holding a Patient and one IGF-1 Observation.

    The value and unit come from ``valueQuantity`` (UCUM ``ng/mL``, ``ug/L``, ``nmol/L``,
    ``ug/dL`` ...; a ``comparator`` makes the result censored), the age from
    ``Patient.birthDate`` (or ``birth_date``) and the collection date
    (``effectiveDateTime``), the sex from ``Patient.gender`` (or ``sex``), and the
    laboratory's range from ``referenceRange`` (see the module notes for how igflab's own
    published range is told apart). ``reference`` chooses the published reference by id.

    Anything missing or contradictory raises an :class:`~igflab.errors.IgflabError` whose
    ``field`` is the FHIR path, e.g. ``"Observation.valueQuantity.code"``.

    >>> obs = {"resourceType": "Observation", "status": "final",
    ...        "code": {"coding": [{"system": "http://loinc.org", "code": "2484-4"}]},
    ...        "effectiveDateTime": "2026-03-02",
    ...        "valueQuantity": {"value": 19.6, "unit": "nmol/L",
    ...                          "system": "http://unitsofmeasure.org", "code": "nmol/L"}}
    >>> r = from_fhir(obs, birth_date="1981-03-02", sex="female")
    >>> r.age, r.zone.value
    (45.0, 'mid_range')
    """
    res = _as_dict(observation_or_bundle)
    kind = res.get("resourceType")
    patient: dict[str, Any] | None = None
    if kind == "Bundle":
        obs, patient = _pick(res)
    elif kind == "Observation":
        obs = res
    else:
        raise InputError(f"resourceType {kind!r}: from_fhir() reads an Observation or a Bundle", field="resourceType")

    warns: list[ResultWarning] = []
    status = obs.get("status")
    if status in ("entered-in-error", "cancelled"):
        raise InputError(f"Observation.status is {status!r}; there is no valid result", field="Observation.status")
    if status in ("preliminary", "registered", "unknown"):
        warns.append(
            ResultWarning(
                code="not_final",
                message=f"Observation.status is {status!r}; the laboratory may still change the result",
                field="Observation.status",
            )
        )
    _check_code(obs, warns)
    value, unit, value_path = _value(obs)
    sex_value, sex_path = _sex(patient, sex)
    born = _birth(patient, birth_date)
    eff = _effective(obs)
    if born is None:
        raise AgeError(
            "Patient.birthDate is missing; pass birth_date= or a Bundle with the Patient", field="Patient.birthDate"
        )
    if eff is None:
        raise AgeError(
            "Observation.effectiveDateTime is missing; the age needs the date the sample was taken",
            field="Observation.effectiveDateTime",
        )
    (born_value, born_path), (eff_value, eff_path) = born, eff
    paths = {
        "value": value_path if value_path == "Observation.valueString" else f"{value_path}.value",
        "unit": value_path if value_path == "Observation.valueString" else f"{value_path}.code",
        "sex": sex_path,
        "birth_date": born_path,
        "collected": eff_path,
    }
    try:
        years = age_from_dates(born_value, eff_value)
        sx = parse_sex(sex_value)
        lab, published, lab_path = _lab_and_reference(obs, sx, years, warns)
        paths["lab_range"] = lab_path
        result = interpret(
            value,
            unit,
            sex=sex_value,
            birth_date=born_value,
            collected=eff_value,
            reference=reference or _known_reference(published, warns),
            lab_range=lab,
            lab_range_unit=None if lab is None else "ng/mL",
        )
    except IgflabError as exc:
        mapped = paths.get(exc.field or "")
        if mapped is None or mapped == exc.field:
            raise
        raise type(exc)(exc.message, field=mapped) from None
    if warns:
        result = result.model_copy(update={"warnings": (*result.warnings, *warns)})
    return result


def _known_reference(ref_id: str | None, warns: list[ResultWarning]) -> str | None:
    """The published reference named by an igflab range, if this igflab ships it."""
    if ref_id is None:
        return None
    try:
        return get_reference(ref_id).id
    except IgflabError:
        warns.append(
            ResultWarning(
                code="reference_not_shipped",
                message=f"Observation.referenceRange names the published reference {ref_id!r}, which this "
                "igflab does not ship; the default reference was used",
                field="Observation.referenceRange",
            )
        )
        return None
