"""FHIR R4 for a series: a Bundle with several IGF-1 Observations of one Patient in, and out a
Bundle whose Observations carry the HL7 ``U``/``D`` significant-change flag and a ``derivedFrom``
link to the previous one.

Each Observation is read by :func:`igflab.io.fhir_in.read_fhir` (with the Bundle's Patient) and
written by :func:`igflab.io.fhir_out.to_fhir`; this module adds only what a series needs.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from igflab._types import ContextIn
from igflab.core.series import series_of, series_result, split_context
from igflab.core.series_changes import change_settings
from igflab.errors import IgflabError, InputError
from igflab.series_models import SeriesInterpretation, SeriesResult

from .fhir_code import is_igf1
from .fhir_codes import V3_INTERPRETATION
from .fhir_in import read_fhir
from .fhir_out import to_fhir
from .json import load_json

__all__ = ["CHANGE_DISPLAY", "series_from_fhir", "series_to_fhir"]

#: HL7 v3 ObservationInterpretation displays of the change flags.
CHANGE_DISPLAY = {"U": "Significant change up", "D": "Significant change down"}
_NAMESPACE = uuid.UUID("7d4e8f0e-2f6b-5c1e-9a59-0c1f3b1c6a21")


def _entries(bundle: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    data = load_json(bundle, "the FHIR Bundle", "resourceType") if isinstance(bundle, (str, bytes)) else bundle
    if not isinstance(data, Mapping) or data.get("resourceType") != "Bundle":
        raise InputError("a series is read from a FHIR Bundle of IGF-1 Observations", field="resourceType")
    entries = data.get("entry")
    if not isinstance(entries, list) or not entries:
        raise InputError("Bundle.entry is empty; it needs IGF-1 Observations", field="Bundle.entry")
    resources: list[Mapping[str, Any]] = [
        e["resource"] for e in entries if isinstance(e, Mapping) and isinstance(e.get("resource"), Mapping)
    ]
    patients = [dict(r) for r in resources if r.get("resourceType") == "Patient"]
    observations = [dict(r) for r in resources if r.get("resourceType") == "Observation" and is_igf1(r)]
    if not observations:
        raise InputError("the Bundle holds no IGF-1 Observation (LOINC 2484-4)", field="Bundle.entry")
    if len(patients) > 1:
        raise InputError("the Bundle holds several Patients: a series is one person's results", field="Bundle.entry")
    return patients, observations


def series_from_fhir(
    bundle: Any,
    *,
    sex: str | None = None,
    birth_date: str | None = None,
    context: ContextIn | None = None,
    cv_analytical: float | None = None,
    cv_within: float | None = None,
    probability: float = 0.95,
    one_sided: bool = False,
) -> SeriesInterpretation:
    """Interpret a FHIR Bundle holding one Patient and several IGF-1 Observations as a series.

    Every Observation must refer to the same subject; each is read as :func:`igflab.from_fhir`
    reads one (value, unit, collection date, the laboratory's range), with the Patient's
    birth date and gender (or ``birth_date`` and ``sex``).
    """
    patients, observations = _entries(bundle)
    subjects = {
        str((o.get("subject") or {}).get("reference")) for o in observations if isinstance(o.get("subject"), Mapping)
    }
    if len(subjects) > 1:
        raise InputError(
            f"the Observations refer to different subjects ({', '.join(sorted(subjects))}): a series is one person's",
            field="Observation.subject",
        )
    series_ctx, flags = split_context(context)
    settings = change_settings(cv_analytical, cv_within, None, probability, one_sided)
    options: dict[str, Any] = {k: v for k, v in (("sex", sex), ("birth_date", birth_date)) if v is not None}
    rows: list[tuple[SeriesResult, int]] = []
    for i, obs in enumerate(observations):
        one = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": p} for p in (*patients, obs)]}
        try:
            read = read_fhir(one, **options)
        except IgflabError as exc:
            raise type(exc)(f"Observation {i + 1} of the Bundle: {exc.message}", field=exc.field) from None
        # Each result stays exactly what from_fhir() gives; the context applies to the series (monitoring).
        r = read.interpretation
        rows.append((series_result(r, None if read.effective is None else read.effective[:10], None), i))
    return series_of(rows, (*series_ctx, *flags), settings)


def _url(series: SeriesInterpretation, k: int) -> str:
    r = series.results[k]
    key = f"{k}|{r.collected}|{r.age!r}|{r.interpretation.value.ng_per_ml!r}"
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, key)}"


def series_to_fhir(series: SeriesInterpretation, *, subject: Any = None) -> dict[str, Any]:
    """The series as a FHIR R4 Bundle (type ``collection``) of IGF-1 Observations in time order.

    Each Observation after the first carries ``derivedFrom`` the previous one and, for a
    significant change, the HL7 ``U`` or ``D`` interpretation code.
    """
    if not isinstance(series, SeriesInterpretation):
        raise InputError("series_to_fhir() takes an igflab SeriesInterpretation", field="series")
    entries = []
    for k, r in enumerate(series.results):
        obs: dict[str, Any] = dict(to_fhir(r.interpretation, subject=subject, effective=r.collected))
        if k > 0:
            change = series.changes[k - 1]
            obs["derivedFrom"] = [{"reference": _url(series, k - 1), "display": "previous IGF-1 result"}]
            if change.flag is not None:
                coding = {"system": V3_INTERPRETATION, "code": change.flag, "display": CHANGE_DISPLAY[change.flag]}
                obs["interpretation"] = [*obs["interpretation"], {"coding": [coding], "text": change.note}]
        entries.append({"fullUrl": _url(series, k), "resource": obs})
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}
