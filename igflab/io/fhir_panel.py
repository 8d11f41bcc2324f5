"""FHIR R4 for the panel: an Observation per AnalyteResult, a Bundle holding both (one result of any analyte is
written by :func:`igflab.to_fhir`).

The IGF-1 Observation keeps LOINC 2484-4, IGFBP-3 has LOINC 2483-6 (see
:data:`igflab.io.fhir_codes.IGFBP3_LOINC`). Values and limits are written in ng/mL (UCUM
``ng/mL``), the SDS as a component in ``{Z-score}`` (no LOINC code is used for an IGFBP-3 SDS:
none was verified).
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any, Unpack

from igflab.core.panel import interpret_panel
from igflab.errors import InputError
from igflab.models import Interpretation
from igflab.panel_models import AnalyteResult, PanelInterpretation
from igflab.text.format import bound_of, number, sds_text
from igflab.text.panel import ANALYTE_WORDS, lab_range_unused_warning
from igflab.text.zones import FLAG_DISPLAY, ZONE_WORDS

from . import fhir_codes as codes
from .fhir_code import codes as code_values
from .fhir_common import age_range, coding, quantity, significant, subject_reference
from .fhir_in import FhirOptions, FhirRead, as_resource, check_status, read_fhir
from .fhir_out import fhir_datetime, note_texts, sds_comparator, to_fhir
from .fhir_ranges import named_and_other
from .fhir_values import effective_date, observation_value

__all__ = ["analyte_observation", "holds_igfbp3", "panel_from_fhir", "panel_to_fhir", "read_panel", "result_to_fhir"]

_SDS_UNIT = "{Z-score}"
_DISPLAY = {codes.IGF1_LOINC: codes.IGF1_DISPLAY, codes.IGFBP3_LOINC: codes.IGFBP3_DISPLAY}


def _range(r: AnalyteResult) -> dict[str, Any]:
    ages, words = age_range(r.age, None)
    return {
        "low": quantity(significant(r.lower_ng_per_ml, 3), "ng/mL"),
        "high": quantity(significant(r.upper_ng_per_ml, 3), "ng/mL"),
        "type": {"coding": [coding(codes.RANGE_MEANING, "normal", "Normal Range")]},
        "appliesTo": [{"text": r.sex}],
        "age": ages,
        "text": f"{codes.PUBLISHED_RANGE_PREFIX}{r.reference_id}: {r.method}, 2.5th-97.5th centile, {r.sex}, {words}",
    }


def analyte_observation(r: AnalyteResult, *, subject: Any = None, effective: Any = None) -> dict[str, Any]:
    """One :class:`~igflab.panel_models.AnalyteResult` as a FHIR R4 ``Observation`` (plain dicts)."""
    if not isinstance(r, AnalyteResult):
        raise InputError("analyte_observation() takes an igflab AnalyteResult", field="interpretation")
    name = ANALYTE_WORDS[r.analyte]
    code: dict[str, Any] = {"text": name}
    if r.loinc is not None:
        code["coding"] = [coding(codes.LOINC, r.loinc, _DISPLAY.get(r.loinc, r.analyte_name))]
    bound = bound_of(r.censored)  # a censored IGF-1: the value is its limit, the SDS a bound
    summary = f"{name} {r.censored or ''}{number(r.value_ng_per_ml)} ng/mL: {ZONE_WORDS[r.zone]}"
    if r.sds is not None:
        summary += f", SDS {sds_text(r.sds, bound)}"
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "text": {
            "status": "generated",
            "div": f'<div xmlns="http://www.w3.org/1999/xhtml"><p>{html.escape(summary)}</p>'
            f"<p>{html.escape(r.guidance)}</p></div>",
        },
        "status": "final",
        "category": [{"coding": [coding(codes.OBSERVATION_CATEGORY, "laboratory", "Laboratory")]}],
        "code": code,
    }
    if subject is not None:
        obs["subject"] = subject_reference(subject)
    if effective is not None:
        obs["effectiveDateTime"] = fhir_datetime(effective)
    obs["valueQuantity"] = quantity(round(r.value_ng_per_ml, 2), "ng/mL", r.censored)
    obs["interpretation"] = [
        {"coding": [coding(codes.V3_INTERPRETATION, r.flag.value, FLAG_DISPLAY[r.flag])], "text": ZONE_WORDS[r.zone]}
    ]
    obs["note"] = note_texts(r.notes, r.warnings, r.guidance, r.citations)
    obs["referenceRange"] = [_range(r)]
    if r.sds is not None:
        obs["component"] = [
            {
                "code": {"text": f"{name} SDS ({r.method}, {r.reference_id})"},
                "valueQuantity": quantity(round(r.sds, 2), _SDS_UNIT, sds_comparator(bound)),
            }
        ]
    return obs


def panel_to_fhir(panel: PanelInterpretation, *, subject: Any = None, effective: Any = None) -> dict[str, Any]:
    """The panel as a FHIR R4 ``Bundle`` (type ``collection``) holding the IGF-1 and IGFBP-3 Observations."""
    if not isinstance(panel, PanelInterpretation):
        raise InputError("panel_to_fhir() takes an igflab PanelInterpretation", field="interpretation")
    entries = [
        {"resource": analyte_observation(r, subject=subject, effective=effective)} for r in (panel.igf1, panel.igfbp3)
    ]
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def panel_from_fhir(bundle: Any, **options: Unpack[FhirOptions]) -> PanelInterpretation:
    """A FHIR R4 Bundle holding an IGF-1 and an IGFBP-3 Observation (and the Patient) -> the panel.

    The IGF-1 Observation is read as :func:`igflab.from_fhir` reads it (value, unit, age and
    sex from the Patient or ``options``); the IGFBP-3 one is the Observation coded LOINC
    2483-6. An igflab range naming a LIFE table on the IGFBP-3 Observation (as
    :func:`panel_to_fhir` writes it) reads both on LIFE again; ``options["reference"]`` chooses
    otherwise. ``panel_from_fhir(panel_to_fhir(p), sex=..., age=...)`` gives back ``p``'s
    positions.
    """
    return read_panel(bundle, **options)[0]


def holds_igfbp3(resource: Any) -> bool:
    """Whether ``resource`` (a dict or JSON text) is a Bundle holding an IGFBP-3 Observation (LOINC 2483-6)."""
    res = as_resource(resource)
    entries = res.get("entry") if res.get("resourceType") == "Bundle" else None
    return isinstance(entries, list) and any(isinstance(e, Mapping) and _is_igfbp3(e.get("resource")) for e in entries)


def read_panel(bundle: Any, **options: Unpack[FhirOptions]) -> tuple[PanelInterpretation, FhirRead]:
    """:func:`panel_from_fhir`, also returning how the IGF-1 Observation was read (its subject and date).

    Both Observations must be usable results of one sample: an IGFBP-3 Observation entered
    in error or cancelled, or one whose subject or collection date differs from the IGF-1
    one's, is refused. What reading the Observations warned of (a result not final, a
    laboratory range the panel does not use) is in the panel's warnings.
    """
    res = as_resource(bundle)
    entries = res.get("entry") if res.get("resourceType") == "Bundle" else None
    if not isinstance(entries, list):
        raise InputError("the panel is read from a FHIR Bundle with both Observations", field="resourceType")
    bp3 = [e for e in entries if isinstance(e, Mapping) and _is_igfbp3(e.get("resource"))]
    if len(bp3) != 1:
        raise InputError(
            f"the Bundle holds {len(bp3)} IGFBP-3 Observations (LOINC {codes.IGFBP3_LOINC}); the panel needs one",
            field="Bundle.entry",
        )
    read = read_fhir({**res, "entry": [e for e in entries if e is not bp3[0]]}, **options)
    obs, r = bp3[0]["resource"], read.interpretation
    warns = [w for w in r.warnings if (w.field or "").startswith("Observation.")]  # what reading the IGF-1 one said
    check_status(obs, warns)
    _same_sample(obs, read)
    named, lab = named_and_other(obs)
    warns += [lab_range_unused_warning(a) for a, used in (("igf1", r.reference.kind == "lab"), ("igfbp3", lab)) if used]
    value, unit, _ = observation_value(obs)
    family = "life2022" if named is not None and named.startswith("life2022") else None
    panel = interpret_panel(
        f"{r.value.censored or ''}{r.value.input_value!r}",
        value,
        igf1_unit=r.value.input_unit,
        igfbp3_unit=unit,
        age=r.age,
        sex=r.sex,
        reference=options.get("reference") or family,
    )
    if warns:
        panel = panel.model_copy(update={"warnings": (*panel.warnings, *warns)})
    return panel, read


def _same_sample(obs: Mapping[str, Any], read: FhirRead) -> None:
    """The IGFBP-3 Observation is of the IGF-1 one's subject and collection date (where both say them)."""
    subject = obs.get("subject")
    if subject is not None and read.subject is not None and subject != read.subject:
        raise InputError(
            "the IGFBP-3 Observation's subject differs from the IGF-1 Observation's; the panel reads one person's "
            "sample",
            field="Observation.subject",
        )
    eff = effective_date(obs)
    if eff is not None and read.effective is not None and eff[0][:10] != read.effective[:10]:
        raise InputError(
            f"the IGFBP-3 sample was taken on {eff[0][:10]} and the IGF-1 sample on {read.effective[:10]}; the panel "
            "reads two results of one sample",
            field=eff[1],
        )


def _is_igfbp3(resource: Any) -> bool:
    return (
        isinstance(resource, Mapping)
        and resource.get("resourceType") == "Observation"
        and codes.IGFBP3_LOINC in code_values(resource.get("code"), codes.LOINC)
    )


def result_to_fhir(result: Interpretation | PanelInterpretation, **options: Any) -> dict[str, Any]:
    """FHIR R4 of any answer: an interpretation of any analyte (an Observation, by :func:`igflab.to_fhir`) or the
    panel (a Bundle).

    ``options`` are ``subject`` and ``effective``, as :func:`igflab.to_fhir` takes them.
    """
    if isinstance(result, Interpretation):
        return dict(to_fhir(result, **options))
    return panel_to_fhir(result, **options)
