"""CDS Hooks 2.0: a discovery document and a ``patient-view`` service that reads IGF-1 from prefetch.

The EHR sends the Patient and the patient's IGF-1 Observations (FHIR R4) as ``prefetch``,
fetched with the templates the discovery document declares. The service interprets the
most recent IGF-1 result and answers one card: ``summary`` under 140 characters,
``indicator`` ``warning`` when the result is outside the reference and ``info`` otherwise
(IGF-1 has no panic limits, so never ``critical``), ``detail`` in Markdown with the notes,
guidance and numbered sources, ``source.label``, and a link to this app's page with the
result filled in. No prefetch, or no IGF-1 result in it: no card (an empty list).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from igflab._version import __version__
from igflab.errors import IgflabError
from igflab.io.fhir_code import is_igf1
from igflab.io.fhir_codes import IGF1_LOINC, LOINC
from igflab.io.fhir_in import read_fhir
from igflab.models import Interpretation
from igflab.science.zones import Zone
from igflab.text.figures import display_unit, figures
from igflab.text.summary import where_words

__all__ = ["SERVICE_ID", "cds_cards", "discovery"]

#: The service's id (``POST /cds-services/<id>``).
SERVICE_ID = "igflab-igf1"
#: Cards' ``summary`` is shorter than this many characters (CDS Hooks 2.0: "<140 char").
SUMMARY_LIMIT = 140
_WARNING_ZONES = (Zone.BELOW_REFERENCE, Zone.ABOVE_REFERENCE, Zone.WELL_ABOVE_REFERENCE)

PREFETCH = {
    "patient": "Patient/{{context.patientId}}",
    "igf1": f"Observation?patient={{{{context.patientId}}}}&code={LOINC}|{IGF1_LOINC}&_sort=-date&_count=10",
}


def discovery() -> dict[str, Any]:
    """The discovery document (``GET /cds-services``)."""
    return {
        "services": [
            {
                "hook": "patient-view",
                "id": SERVICE_ID,
                "title": "igflab: IGF-1 against published references",
                "description": "Places the patient's most recent IGF-1 result against a published, cited age- and "
                "sex-specific reference, in plain words. It informs; it does not diagnose.",
                "prefetch": PREFETCH,
            }
        ]
    }


def _observations(found: Any) -> list[dict[str, Any]]:
    """The IGF-1 Observations of a prefetched search Bundle (or a single Observation), latest first."""
    if not isinstance(found, Mapping):
        return []
    if found.get("resourceType") == "Bundle":
        entries = found.get("entry") or []
        resources = [e.get("resource") for e in entries if isinstance(e, Mapping)]
    else:
        resources = [found]
    igf1 = [
        dict(r) for r in resources if isinstance(r, Mapping) and r.get("resourceType") == "Observation" and is_igf1(r)
    ]
    return sorted(igf1, key=lambda r: str(r.get("effectiveDateTime") or ""), reverse=True)


def _summary(r: Interpretation, when: str | None) -> str:
    shown = figures(r.value.ng_per_ml, display_unit(r.value.input_unit), r.value.censored)
    text = f"IGF-1 {shown}{f' on {when[:10]}' if when else ''}: {where_words(r)}"
    return text if len(text) < SUMMARY_LIMIT else text[: SUMMARY_LIMIT - 2].rstrip() + "…"


def _detail(r: Interpretation) -> str:
    number_of = {c.id: i for i, c in enumerate(r.citations, start=1)}

    def cites(ids: tuple[str, ...]) -> str:
        return "".join(f"[{number_of[i]}]" for i in ids if i in number_of)

    lines = [f"{r.summary.text} {cites(r.summary.citations)}", ""]
    lines += [f"- {n.text} {cites(n.citations)}" for n in r.notes]
    lines += ["", f"**Guidance.** {r.guidance}", "", "**Sources**", ""]
    lines += [f"{number_of[c.id]}. {c.text}" for c in r.citations]
    return "\n".join(lines)


def _link(r: Interpretation, obs_date: str | None, birth: str | None, base_url: str) -> dict[str, str]:
    params = {"value": f"{r.value.censored or ''}{r.value.input_value:g}", "unit": r.value.input_unit}
    if birth and obs_date:
        params |= {"birth_date": birth[:10], "collected": obs_date[:10]}
    else:
        params["age"] = f"{r.age:g}"
    params["sex"] = r.sex
    if r.reference.kind == "lab":
        params |= {
            "lab_low": f"{r.reference.lower_ng_per_ml / r.provenance.unit_factor_to_ng_per_ml:g}",
            "lab_high": f"{r.reference.upper_ng_per_ml / r.provenance.unit_factor_to_ng_per_ml:g}",
        }
    url = f"{base_url.rstrip('/')}/?{urlencode(params)}"
    return {"label": "Open the full result: chart, notes and sources", "url": url, "type": "absolute"}


def _card(summary: str, indicator: str, detail: str, links: list[dict[str, str]]) -> dict[str, Any]:
    card: dict[str, Any] = {
        "summary": summary,
        "indicator": indicator,
        "detail": detail,
        "source": {"label": f"igflab {__version__} (published IGF-1 reference ranges)"},
    }
    if links:
        card["links"] = links
    return card


def cds_cards(request: Mapping[str, Any], base_url: str) -> dict[str, Any]:
    """The CDS Hooks response to a ``patient-view`` request: ``{"cards": [...]}``."""
    prefetch = request.get("prefetch")
    if not isinstance(prefetch, Mapping):
        return {"cards": []}
    found = _observations(prefetch.get("igf1"))
    if not found:
        return {"cards": []}
    obs = found[0]
    patient = prefetch.get("patient") if isinstance(prefetch.get("patient"), Mapping) else None
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": obs}]}
    if patient is not None:
        bundle["entry"] = [{"resource": dict(patient)}, *bundle["entry"]]
    try:
        read = read_fhir(bundle)
    except IgflabError as exc:
        text = f"igflab could not read the latest IGF-1 result ({exc.field or 'input'})"
        return {"cards": [_card(text[: SUMMARY_LIMIT - 1], "info", exc.message, [])]}
    r = read.interpretation
    indicator = "warning" if r.zone in _WARNING_ZONES else "info"
    birth = str(patient.get("birthDate")) if patient is not None and patient.get("birthDate") else None
    link = _link(r, read.effective, birth, base_url)
    return {"cards": [_card(_summary(r, read.effective), indicator, _detail(r), [link])]}
