"""FHIR R4 for the panel: a Bundle holding the IGF-1 and the IGFBP-3 Observation, each written by
:func:`igflab.to_fhir` as one result of its analyte is (LOINC 2484-4 and 2483-6), and read back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Unpack

from igflab.core.panel import interpret_panel
from igflab.errors import InputError
from igflab.models import Interpretation
from igflab.panel_models import PanelInterpretation
from igflab.text.panel import lab_range_unused_warning

from . import fhir_codes as codes
from .fhir_code import codes as code_values
from .fhir_in import FhirOptions, FhirRead, as_resource, check_status, read_fhir
from .fhir_out import to_fhir
from .fhir_ranges import named_and_other
from .fhir_values import effective_date, observation_value

__all__ = ["holds_igfbp3", "panel_from_fhir", "panel_to_fhir", "read_panel", "result_to_fhir"]


def panel_to_fhir(panel: PanelInterpretation, *, subject: Any = None, effective: Any = None) -> dict[str, Any]:
    """The panel as a FHIR R4 ``Bundle`` (type ``collection``) holding the IGF-1 and IGFBP-3 Observations, each
    written by :func:`igflab.to_fhir` as one result of its analyte is."""
    if not isinstance(panel, PanelInterpretation):
        raise InputError("panel_to_fhir() takes an igflab PanelInterpretation", field="interpretation")
    entries = [{"resource": dict(to_fhir(r, subject=subject, effective=effective))} for r in (panel.igf1, panel.igfbp3)]
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
