"""CDS Hooks 2.0: a discovery document and a ``patient-view`` service for the patient's IGF-1 results.

The EHR sends the Patient and the patient's IGF-1 Observations (FHIR R4) as ``prefetch``, fetched
with the templates the discovery document declares; what the prefetch lacks (a key left out, or
an OperationOutcome in its place) is read from the request's ``fhirServer`` with its
``fhirAuthorization`` token, only when that server is on the service's allow-list
(:class:`~igflab.web.cds_settings.CdsSettings`). Data that can be neither prefetched nor fetched
is answered 412 Precondition Failed, as the specification requires; a malformed request 400.

The card is about the latest valid result (:mod:`igflab.web.cds_select`): summary under 140
characters, ``indicator`` ``warning`` when the result is outside the reference or carries a
warning and ``info`` otherwise (IGF-1 has no panic limits, so never ``critical``), ``detail`` in
Markdown with the warnings first, the change since the previous valid result (igflab's series
rule: the reference change value), the notes, guidance and numbered sources, ``source.label``,
a ``uuid`` for feedback, and a link to this app's page with the result filled in. No IGF-1 result
(a ``null`` prefetch, or a search with none): no card.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from igflab.core.series import series_result
from igflab.core.series_changes import assemble, change_settings
from igflab.errors import IgflabError
from igflab.io.fhir_code import is_igf1
from igflab.io.fhir_codes import IGF1_LOINC, LOINC
from igflab.io.fhir_in import FhirRead, read_fhir
from igflab.series_models import SeriesInterpretation

from .cds_card import CardFacts, card, md_text, result_card
from .cds_fetch import FetchFailed, FhirFetcher
from .cds_request import HookRequest, bad_request, read_hook_request
from .cds_select import Candidate, Selection, select
from .cds_settings import CdsSettings
from .errors import HttpProblem

__all__ = ["HOOK", "PREFETCH", "SERVICE_ID", "cds_cards", "discovery"]

#: The service's id (``POST /cds-services/<id>``) and its hook.
SERVICE_ID = "igflab-igf1"
HOOK = "patient-view"
_SEARCH = {"code": f"{LOINC}|{IGF1_LOINC}", "_sort": "-date", "_count": "10"}

PREFETCH = {
    "patient": "Patient/{{context.patientId}}",
    "igf1": f"Observation?patient={{{{context.patientId}}}}&code={LOINC}|{IGF1_LOINC}&_sort=-date&_count=10",
}


def discovery() -> dict[str, Any]:
    """The discovery document (``GET /cds-services``)."""
    return {
        "services": [
            {
                "hook": HOOK,
                "id": SERVICE_ID,
                "title": "igflab: IGF-1 against published references",
                "description": "Places the patient's most recent IGF-1 result against a published, cited age- and "
                "sex-specific reference, in plain words, with the change since the previous result. It informs; "
                "it does not diagnose.",
                "prefetch": PREFETCH,
            }
        ]
    }


def _unavailable(field: str, what: str, why: str) -> HttpProblem:
    return HttpProblem(412, "precondition_failed", field, f"{what}: not in the prefetch, and not fetched ({why})")


def _igf1_results(hook: HookRequest, fetcher: FhirFetcher) -> list[dict[str, Any]]:
    """The IGF-1 Observations of the prefetch (or fetched): a Bundle's entries, or one Observation."""
    found = hook.prefetch.get("igf1")
    if "igf1" in hook.prefetch and found is None:
        return []  # the client has no data for the template
    if not isinstance(found, Mapping) or found.get("resourceType") not in ("Bundle", "Observation"):
        try:
            found = fetcher.get("Observation", {"patient": hook.patient_id, **_SEARCH}, "Bundle")
        except FetchFailed as exc:
            raise _unavailable("prefetch.igf1", "the patient's IGF-1 results", str(exc)) from None
    if found.get("resourceType") == "Observation":
        resources: list[Any] = [found]
    else:
        entries = found.get("entry")
        resources = [e.get("resource") for e in entries if isinstance(e, Mapping)] if isinstance(entries, list) else []
    return [
        dict(r) for r in resources if isinstance(r, Mapping) and r.get("resourceType") == "Observation" and is_igf1(r)
    ]


def _patient(hook: HookRequest, fetcher: FhirFetcher) -> dict[str, Any]:
    """The Patient of ``context.patientId``, from the prefetch or fetched."""
    given = hook.prefetch.get("patient")
    if isinstance(given, Mapping) and given.get("resourceType") == "Patient":
        if given.get("id") not in (None, hook.patient_id):
            raise bad_request(
                "prefetch.patient.id", "prefetch.patient is another patient than context.patientId; nothing was read"
            )
        return dict(given)
    try:
        fetched = fetcher.get(f"Patient/{hook.patient_id}", None, "Patient")
    except FetchFailed as exc:
        raise _unavailable("prefetch.patient", "the Patient", str(exc)) from None
    if fetched.get("id") != hook.patient_id:
        raise _unavailable("prefetch.patient", "the Patient", "the FHIR server answered with another Patient")
    return fetched


def _read(patient: Mapping[str, Any], obs: Mapping[str, Any], patient_id: str) -> FhirRead:
    """One result read with the Patient (the subject already checked: written relative for the reader)."""
    mine = {**patient, "id": patient_id}
    own = {**obs, "subject": {"reference": f"Patient/{patient_id}"}}
    return read_fhir({"resourceType": "Bundle", "type": "collection", "entry": [{"resource": mine}, {"resource": own}]})


def _day(c: Candidate, read: FhirRead) -> str | None:
    """The day the change is counted from: the instant's UTC date (so two results compare in instant order)."""
    if c.when is not None:
        return c.when.astimezone(dt.UTC).date().isoformat()
    return None if read.effective is None else read.effective[:10]


def _change(
    latest: Candidate, read: FhirRead, older: tuple[Candidate, ...], patient: Mapping[str, Any], patient_id: str
) -> tuple[SeriesInterpretation | None, str | None, int]:
    """The change from the most recent earlier result that reads (igflab's series rule, the two results in
    instant order), the earlier result's date, and how many earlier results did not read."""
    unread = 0
    for c in older:
        try:
            prev = _read(patient, c.obs, patient_id)
        except IgflabError:
            unread += 1
            continue
        if prev.effective is None or read.effective is None:
            unread += 1
            continue
        pair = (
            series_result(prev.interpretation, _day(c, prev), None),
            series_result(read.interpretation, _day(latest, read), None),
        )
        settings = change_settings(None, None, None, 0.95, False)
        return assemble(pair, (), settings, []), prev.effective[:10], unread
    return None, None, unread


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _lines(sel: Selection, unread: int) -> list[str]:
    lines = [
        f"A newer IGF-1 result ({c.day or 'no date'}, {c.obs.get('status')}) is not interpreted until the laboratory "
        "reports it as final."
        for c in sel.newer_not_final
    ]
    if sel.skipped:
        parts = [_plural(n, f"result {why}", f"results {why}") for why, n in sorted(sel.skipped.items())]
        lines.append(f"Not used: {'; '.join(parts)}.")
    if unread:
        lines.append(f"{_plural(unread, 'earlier result', 'earlier results')} could not be read and were not compared.")
    return lines


def _not_final_card(sel: Selection, key: str) -> dict[str, Any]:
    c = sel.not_final[0]
    summary = f"IGF-1 result of {c.day or 'unknown date'} is {c.obs.get('status')}: not interpreted until final"
    detail = md_text(
        f"The patient's IGF-1 result ({c.day or 'no date'}) has the status {c.obs.get('status')!r}; igflab "
        "interprets results the laboratory reports as final, amended or corrected."
    )
    return card(summary, "info", "\n\n".join([detail, *(md_text(x) for x in _lines(sel, 0))]), [], key)


def cds_cards(request: Any, base_url: str, settings: CdsSettings | None = None) -> dict[str, Any]:
    """The CDS Hooks response to a ``patient-view`` request: ``{"cards": [...]}``.

    Raises :class:`~igflab.web.errors.HttpProblem`: 400 for a malformed request, 412 when the
    data can be neither prefetched nor fetched.
    """
    hook = read_hook_request(request, HOOK)
    fetcher = FhirFetcher(settings or CdsSettings(), hook.fhir_server, hook.access_token)
    found = _igf1_results(hook, fetcher)
    sel = select(found, hook.patient_id)
    if not sel.usable:
        return {"cards": [_not_final_card(sel, f"{hook.hook_instance}|not-final")] if sel.not_final else []}
    patient = _patient(hook, fetcher)
    latest, older = sel.usable[0], sel.usable[1:]
    key = f"{hook.hook_instance}|{latest.obs.get('id')}|{latest.when}"
    try:
        read = _read(patient, latest.obs, hook.patient_id)
    except IgflabError as exc:
        text = f"igflab could not read the latest IGF-1 result ({exc.field or 'input'})"
        detail = "\n\n".join([md_text(exc.message), *(md_text(x) for x in _lines(sel, 0))])
        return {"cards": [card(text, "info", detail, [], key)]}
    change, previous_day, unread = _change(latest, read, older, patient, hook.patient_id)
    facts = CardFacts(str(latest.obs.get("status")), change, previous_day, _lines(sel, unread))
    return {"cards": [result_card(read.interpretation, read.effective, patient, facts, base_url, key)]}
