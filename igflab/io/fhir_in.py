"""FHIR R4 in: read an IGF-1 ``Observation`` (or a Bundle holding a Patient and one) and interpret it.

The value and unit come from ``valueQuantity``, the age from ``Patient.birthDate`` and
the collection date, the sex from ``Patient.gender``, the laboratory's range from
``referenceRange``. A ``referenceRange`` whose ``text`` starts with
:data:`~igflab.io.fhir_codes.PUBLISHED_RANGE_PREFIX` is igflab's own published range
(written by :func:`~igflab.io.fhir_out.to_fhir`), not the laboratory's: its id picks the
same published reference again, so ``from_fhir(to_fhir(x))`` gives back the zone, flag
and SDS of ``x``. Any other ``referenceRange`` (of type ``normal``, or with no type) that
applies to the person is the laboratory's own range and decides the flag.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping
from typing import Any, NamedTuple

from igflab.core.interpret import interpret
from igflab.errors import AgeError, IgflabError, InputError, LabRangeError, SexError, UnitError, ValueInputError
from igflab.inputs.ages import age_from_dates
from igflab.inputs.lab_range import parse_lab_range
from igflab.inputs.sex import parse_sex
from igflab.inputs.units import UCUM_CODES, known_unit, unit_factor
from igflab.models import Interpretation, ResultWarning
from igflab.science.references import get_reference

from .fhir_codes import (
    ADMINISTRATIVE_GENDER,
    FULL_DATE,
    IGF1_LOINC,
    IGF1_SDS_LOINC,
    LOINC,
    PUBLISHED_RANGE_PREFIX,
    RANGE_MEANING,
    UCUM,
)

__all__ = ["FhirRead", "from_fhir", "observation_of", "read_fhir"]

_COMPARATORS = {"<": "<", "<=": "<=", ">": ">", ">=": ">="}


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
        if not isinstance(code, str) or code not in UCUM_CODES:
            known = ", ".join(c for c in UCUM_CODES if not c.endswith("l"))
            raise UnitError(
                f"{path}.code {code!r} is not a UCUM concentration unit igflab reads (known: {known})",
                field=f"{path}.code",
            )
        from_code = UCUM_CODES[code]
    if isinstance(text, str) and text.strip():
        if "{" in text:
            raise UnitError(f"{path}.unit {text!r} is not a concentration unit", field=f"{path}.unit")
        if from_code is not None:
            hit = known_unit(text)
            if hit is not None and not math.isclose(hit.factor, unit_factor(from_code)[1], rel_tol=1e-12):
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
    if not FULL_DATE.match(text):
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


class FhirRead(NamedTuple):
    """What :func:`read_fhir` read: the interpretation, and the Observation's subject and collection date."""

    interpretation: Interpretation
    subject: Any
    effective: str | None


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
    return read_fhir(observation_or_bundle, birth_date=birth_date, sex=sex, reference=reference).interpretation


def _resource(observation_or_bundle: Any) -> tuple[dict[str, Any], dict[str, Any] | None]:
    res = _as_dict(observation_or_bundle)
    kind = res.get("resourceType")
    if kind == "Bundle":
        return _pick(res)
    if kind == "Observation":
        return res, None
    raise InputError(f"resourceType {kind!r}: from_fhir() reads an Observation or a Bundle", field="resourceType")


def _status(obs: Mapping[str, Any], warns: list[ResultWarning]) -> None:
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


def _dates(
    patient: Mapping[str, Any] | None, obs: Mapping[str, Any], birth_date: Any
) -> tuple[tuple[Any, str], tuple[str, str]]:
    born = _birth(patient, birth_date)
    if born is None:
        raise AgeError(
            "Patient.birthDate is missing; pass birth_date= or a Bundle with the Patient", field="Patient.birthDate"
        )
    eff = _effective(obs)
    if eff is None:
        raise AgeError(
            "Observation.effectiveDateTime is missing; the age needs the date the sample was taken",
            field="Observation.effectiveDateTime",
        )
    return born, eff


def read_fhir(
    resource: Any, *, birth_date: Any = None, sex: str | None = None, reference: str | None = None
) -> FhirRead:
    """:func:`from_fhir`, also returning the Observation's ``subject`` and collection date (read once)."""
    obs, patient = _resource(resource)
    warns: list[ResultWarning] = []
    _status(obs, warns)
    _check_code(obs, warns)
    value, unit, value_path = _value(obs)
    sex_value, sex_path = _sex(patient, sex)
    (born_value, born_path), (eff_value, eff_path) = _dates(patient, obs, birth_date)
    text = value_path == "Observation.valueString"
    paths = {
        "value": value_path if text else f"{value_path}.value",
        "unit": value_path if text else f"{value_path}.code",
        "sex": sex_path,
        "birth_date": born_path,
        "collected": eff_path,
    }
    try:
        years = age_from_dates(born_value, eff_value)
        lab, published, paths["lab_range"] = _lab_and_reference(obs, parse_sex(sex_value), years, warns)
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
    return FhirRead(result, obs.get("subject"), eff_value)


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
