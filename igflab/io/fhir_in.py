"""FHIR R4 in: read an ``Observation`` of any registered analyte (or a Bundle holding a Patient and one) and
interpret it: IGF-1 (LOINC 2484-4) or IGFBP-3 (LOINC 2483-6), told by its code (:mod:`igflab.io.fhir_code`).

The value and unit come from ``valueQuantity``, the age from ``Patient.birthDate`` and
the collection date, the sex from ``Patient.gender``, the laboratory's range from
``referenceRange``. A ``referenceRange`` whose ``text`` starts with
:data:`~igflab.io.fhir_codes.PUBLISHED_RANGE_PREFIX` is igflab's own published range
(written by :func:`~igflab.io.fhir_out.to_fhir`), not the laboratory's: its id picks the
same published reference again, so ``from_fhir(to_fhir(x))`` gives back the zone, flag
and SDS of ``x``. Any other ``referenceRange`` (of type ``normal``, or with no type) that
applies to the person is the laboratory's own range and decides the flag, for an analyte whose
laboratory ranges igflab reads (IGF-1); on another (IGFBP-3) it gives the ``lab_range_not_used``
warning and the published reference decides.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any, NamedTuple, TypedDict, Unpack, cast

from igflab._types import AgeIn, DateIn, SexIn
from igflab.analytes import AnalyteSpec, all_specs
from igflab.core.interpret import interpret
from igflab.errors import AgeError, IgflabError, InputError, SexError
from igflab.inputs.ages import age_from_dates, parse_age
from igflab.inputs.sex import parse_sex
from igflab.models import Interpretation
from igflab.science.references import get_reference
from igflab.text.panel import lab_range_unused_warning
from igflab.text.words import ResultWarning

from .fhir_code import analyte_of, check_code
from .fhir_codes import IGF1_LOINC
from .fhir_ranges import lab_and_reference, named_and_other
from .fhir_values import date_text, effective_date, observation_value
from .json import load_json

__all__ = ["FhirOptions", "FhirRead", "as_resource", "check_status", "from_fhir", "observation_of", "read_fhir"]


def as_resource(resource: Any) -> dict[str, Any]:
    """A FHIR resource given as a dict, JSON text or a fhir.resources model, as a dict."""
    if isinstance(resource, Mapping):
        return dict(resource)
    if isinstance(resource, (str, bytes)):
        data = load_json(resource, "the FHIR resource", "resource")
        if not isinstance(data, dict):
            raise InputError("expected a FHIR resource (a JSON object)", field="resourceType")
        return data
    dump = getattr(resource, "model_dump_json", None)
    if callable(dump):  # a fhir.resources model
        return dict(json.loads(dump()))
    raise InputError(
        f"expected a FHIR resource as a dict or JSON text, got {type(resource).__name__}", field="resourceType"
    )


def _pick(bundle: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
    entries = bundle.get("entry")
    if not isinstance(entries, list) or not entries:
        raise InputError("Bundle.entry is empty; it needs an IGF-1 Observation", field="Bundle.entry")
    patients: dict[str, dict[str, Any]] = {}
    by_analyte: dict[str, list[dict[str, Any]]] = {}
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
        elif res.get("resourceType") == "Observation" and (spec := analyte_of(res)) is not None:
            by_analyte.setdefault(spec.key, []).append(dict(res))
    if not by_analyte:
        raise InputError(
            f"the Bundle holds no IGF-1 Observation (LOINC {IGF1_LOINC}) nor another analyte's igflab reads",
            field="Bundle.entry",
        )
    # The first registered analyte the Bundle holds (IGF-1 beside IGFBP-3: the panel reads both, see fhir_panel).
    name, found = next((s.words, by_analyte[s.key]) for s in all_specs() if s.key in by_analyte)
    if len(found) > 1:
        raise InputError(
            f"the Bundle holds {len(found)} {name} Observations; read them as a series with "
            "igflab.series_from_fhir() (igflab series FILE), or pass them to from_fhir() one at a time",
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
        text = date_text(born, "Patient.birthDate")
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


def observation_of(resource: Any) -> dict[str, Any]:
    """The Observation itself: ``resource`` when it is one, else the one in a Bundle."""
    res = as_resource(resource)
    if res.get("resourceType") == "Bundle":
        return _pick(res)[0]
    return res


class FhirRead(NamedTuple):
    """What :func:`read_fhir` read: the interpretation, and the Observation's subject and collection date."""

    interpretation: Interpretation
    subject: Any
    effective: str | None


class FhirOptions(TypedDict, total=False):
    """What the caller may add to a FHIR resource (each only where the resource does not say it)."""

    birth_date: DateIn | None
    collected: DateIn | None
    age: AgeIn | None
    sex: SexIn | None
    reference: str | None


def _options(options: dict[str, Any]) -> FhirOptions:
    unknown = sorted(set(options) - set(FhirOptions.__annotations__))
    if unknown:
        known = ", ".join(FhirOptions.__annotations__)
        raise InputError(f"from_fhir() has no option {unknown[0]!r}; the options are {known}", field=unknown[0])
    return cast(FhirOptions, options)


def from_fhir(observation_or_bundle: Any, **options: Unpack[FhirOptions]) -> Interpretation:
    """Interpret a FHIR Observation of an analyte igflab reads (IGF-1, IGFBP-3: by its LOINC code), or a Bundle
    holding a Patient and one such Observation; the result is :func:`igflab.interpret` of that analyte.

    The value and unit come from ``valueQuantity`` (UCUM ``ng/mL``, ``ug/L``, ``nmol/L``,
    ``ug/dL`` ...; a ``comparator`` makes the result censored), the age from
    ``Patient.birthDate`` (or ``birth_date``) and the collection date
    (``effectiveDateTime``, or ``collected``), or from ``age`` when the resource does not hold
    both dates; the sex from ``Patient.gender`` (or ``sex``), and the
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
    (45.0, 'upper_third')
    """
    return read_fhir(observation_or_bundle, **options).interpretation


def _resource(observation_or_bundle: Any) -> tuple[dict[str, Any], dict[str, Any] | None]:
    res = as_resource(observation_or_bundle)
    kind = res.get("resourceType")
    if kind == "Bundle":
        return _pick(res)
    if kind == "Observation":
        return res, None
    raise InputError(f"resourceType {kind!r}: from_fhir() reads an Observation or a Bundle", field="resourceType")


def check_status(obs: Mapping[str, Any], warns: list[ResultWarning]) -> None:
    """Refuse an Observation entered in error or cancelled; warn on one not final (into ``warns``)."""
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


class _When(NamedTuple):
    """How the age is known: the keyword arguments for interpret(), their FHIR paths, the collection date."""

    kwargs: dict[str, Any]
    paths: dict[str, str]
    effective: str | None


def _collected(obs: Mapping[str, Any], collected: Any) -> tuple[Any, str] | None:
    eff = effective_date(obs)
    if eff is not None and collected is not None:
        given = collected.isoformat() if isinstance(collected, dt.date) else str(collected).strip()
        if given[:10] != eff[0][:10]:
            raise AgeError(f"collected={given!r} contradicts {eff[1]} {eff[0]!r}", field=eff[1])
    if eff is not None:
        return eff
    return None if collected is None else (collected, "collected")


def _when(
    patient: Mapping[str, Any] | None, obs: Mapping[str, Any], birth_date: Any, collected: Any, age: Any
) -> _When:
    born, eff = _birth(patient, birth_date), _collected(obs, collected)
    effective = None if eff is None else str(eff[0])
    if born is not None and eff is not None:
        if age is not None:
            raise AgeError(f"the age comes from {born[1]} and {eff[1]}; leave out age", field="age")
        return _When(
            {"birth_date": born[0], "collected": eff[0]}, {"birth_date": born[1], "collected": eff[1]}, effective
        )
    if age is not None:
        return _When({"age": age}, {"age": "age"}, effective)
    if born is None:
        raise AgeError(
            "Patient.birthDate is missing; give the birth date or the age, or a Bundle with the Patient",
            field="Patient.birthDate",
        )
    raise AgeError(
        "Observation.effectiveDateTime is missing; the age needs the date the sample was taken (or give the age)",
        field="Observation.effectiveDateTime",
    )


def read_fhir(resource: Any, **options: Unpack[FhirOptions]) -> FhirRead:
    """:func:`from_fhir`, also returning the Observation's ``subject`` and collection date (read once)."""
    opts = _options(dict(options))
    sex, age, reference = opts.get("sex"), opts.get("age"), opts.get("reference")
    obs, patient = _resource(resource)
    warns: list[ResultWarning] = []
    check_status(obs, warns)
    spec = check_code(obs, warns)
    value, unit, value_path = observation_value(obs)
    sex_value, sex_path = _sex(patient, sex)
    when = _when(patient, obs, opts.get("birth_date"), opts.get("collected"), age)
    text = value_path == "Observation.valueString"
    paths = {
        "value": value_path if text else f"{value_path}.value",
        "unit": value_path if text else f"{value_path}.code",
        "sex": sex_path,
        **when.paths,
    }
    try:
        years = age_from_dates(**when.kwargs) if "age" not in when.kwargs else parse_age(age)[0]
        lab, published, paths["lab_range"] = _ranges(obs, spec, parse_sex(sex_value), years, warns)
        result = interpret(
            value,
            unit,
            sex=sex_value,
            reference=reference or _known_reference(published, warns),
            lab_range=lab,
            lab_range_unit=None if lab is None else "ng/mL",
            analyte=spec.key,
            **when.kwargs,
        )
    except IgflabError as exc:
        mapped = paths.get(exc.field or "")
        if mapped is None or mapped == exc.field:
            raise
        raise type(exc)(exc.message, field=mapped) from None
    if warns:
        result = result.model_copy(update={"warnings": (*result.warnings, *warns)})
    return FhirRead(result, obs.get("subject"), when.effective)


def _ranges(
    obs: Mapping[str, Any], spec: AnalyteSpec, sex: str, age: float, warns: list[ResultWarning]
) -> tuple[tuple[float, float] | None, str | None, str]:
    """The laboratory's range and the published reference named, as :func:`lab_and_reference` reads them; for an
    analyte whose laboratory ranges igflab does not read, the range is not read and a warning says so."""
    if spec.lab_range:
        return lab_and_reference(obs, sex, age, warns)
    published, other = named_and_other(obs)
    if other:
        warns.append(lab_range_unused_warning(spec.key, "igflab"))
    return None, published, "Observation.referenceRange"


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
