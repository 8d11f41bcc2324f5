"""CDS Hooks 2.0: the discovery document and the card response validate against the specification's shapes.

The JSON Schemas below are written from the CDS Hooks 2.0 specification (cds-hooks.hl7.org/2.0,
"Discovery" and "CDS Service Response": required fields, the indicator values, summary under
140 characters, source.label required, link type absolute or smart). The requests are shaped
like the specification's examples (hookInstance, fhirServer, hook, context.userId/patientId,
prefetch keyed by the discovery document's template names).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("fastapi")
jsonschema = pytest.importorskip("jsonschema")

import igflab  # noqa: E402
from igflab.web.cds import SERVICE_ID, cds_cards  # noqa: E402
from tests.support import web_client  # noqa: E402

DISCOVERY_SCHEMA = {
    "type": "object",
    "required": ["services"],
    "properties": {
        "services": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["hook", "description", "id"],
                "properties": {
                    "hook": {"type": "string"},
                    "title": {"type": "string"},
                    "description": {"type": "string"},
                    "id": {"type": "string", "pattern": "^[^/]+$"},
                    "prefetch": {"type": "object", "additionalProperties": {"type": "string"}},
                    "usageRequirements": {"type": "string"},
                },
            },
        }
    },
}

CARD_SCHEMA = {
    "type": "object",
    "required": ["summary", "indicator", "source"],
    "properties": {
        "uuid": {"type": "string"},
        "summary": {"type": "string", "maxLength": 139},
        "detail": {"type": "string"},
        "indicator": {"enum": ["info", "warning", "critical"]},
        "source": {
            "type": "object",
            "required": ["label"],
            "properties": {"label": {"type": "string"}, "url": {"type": "string"}, "icon": {"type": "string"}},
        },
        "suggestions": {"type": "array"},
        "selectionBehavior": {"enum": ["at-most-one", "any"]},
        "overrideReasons": {"type": "array"},
        "links": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["label", "url", "type"],
                "properties": {
                    "label": {"type": "string"},
                    "url": {"type": "string"},
                    "type": {"enum": ["absolute", "smart"]},
                    "appContext": {"type": "string"},
                },
            },
        },
    },
}
RESPONSE_SCHEMA = {
    "type": "object",
    "required": ["cards"],
    "properties": {"cards": {"type": "array", "items": CARD_SCHEMA}, "systemActions": {"type": "array"}},
}

PATIENT = {"resourceType": "Patient", "id": "1288992", "gender": "female", "birthDate": "1978-11-20"}


def _observation(value: float, unit: str, date: str, **extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "id": f"igf1-{date}",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "2484-4"}]},
        "subject": {"reference": "Patient/1288992"},
        "effectiveDateTime": date,
        "valueQuantity": {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit},
        **extra,
    }


def _request(prefetch: dict[str, Any] | None) -> dict[str, Any]:
    """A patient-view request shaped like the specification's example."""
    req: dict[str, Any] = {
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "fhirServer": "http://hooks.smarthealthit.org:9080",
        "hook": "patient-view",
        "context": {"userId": "Practitioner/example", "patientId": "1288992"},
    }
    if prefetch is not None:
        req["prefetch"] = prefetch
    return req


def _search(*observations: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": o} for o in observations]}


@pytest.fixture(scope="module")
def client() -> Any:
    return web_client()


def test_discovery_validates_and_declares_the_prefetch_templates(client: Any) -> None:
    doc = client.get("/cds-services").json()
    jsonschema.validate(doc, DISCOVERY_SCHEMA)
    (service,) = doc["services"]
    assert service["hook"] == "patient-view"
    assert service["id"] == SERVICE_ID
    assert service["prefetch"]["patient"] == "Patient/{{context.patientId}}"
    assert "code=http://loinc.org|2484-4" in service["prefetch"]["igf1"]


@pytest.mark.parametrize(
    "prefetch",
    [None, {}, {"patient": PATIENT}, {"patient": PATIENT, "igf1": _search()}, {"igf1": None}],
)
def test_no_prefetch_or_no_igf1_gives_no_card(client: Any, prefetch: Any) -> None:
    answer = client.post(f"/cds-services/{SERVICE_ID}", json=_request(prefetch))
    assert answer.status_code == 200
    assert answer.json() == {"cards": []}
    jsonschema.validate(answer.json(), RESPONSE_SCHEMA)


def test_the_latest_result_gives_one_card(client: Any) -> None:
    # 6.1 nmol/L = 46.7 ng/mL, female aged 47 on 2026-01-15: below Bidlingmaier 2014's 2.5th centile
    older = _observation(25.0, "nmol/L", "2025-03-01")
    latest = _observation(6.1, "nmol/L", "2026-01-15")
    answer = client.post(
        f"/cds-services/{SERVICE_ID}", json=_request({"patient": PATIENT, "igf1": _search(older, latest)})
    )
    body = answer.json()
    jsonschema.validate(body, RESPONSE_SCHEMA)
    (card,) = body["cards"]
    assert card["indicator"] == "warning"
    assert card["summary"] == "IGF-1 6.10 nmol/L (46.7 ng/mL) on 2026-01-15: below the usual range"
    r = igflab.interpret(6.1, "nmol/L", birth_date="1978-11-20", collected="2026-01-15", sex="female")
    assert r.summary.text in card["detail"]
    assert "**Sources**" in card["detail"]
    assert "Bidlingmaier M" in card["detail"]
    assert card["source"]["label"].startswith("igflab")
    (link,) = card["links"]
    assert link["type"] == "absolute"
    page = client.get(link["url"].replace("http://testserver", ""))
    assert "6.10 nmol/L (46.7 ng/mL)" in page.text


def test_inside_the_reference_is_info(client: Any) -> None:
    obs = _observation(150.0, "ng/mL", "2026-01-15")
    (card,) = client.post(f"/cds-services/{SERVICE_ID}", json=_request({"patient": PATIENT, "igf1": obs})).json()[
        "cards"
    ]
    assert card["indicator"] == "info"
    assert "inside the usual range" in card["summary"]


def test_a_result_that_cannot_be_read_is_an_info_card_not_an_error(client: Any) -> None:
    obs = _observation(150.0, "kg", "2026-01-15")
    answer = client.post(f"/cds-services/{SERVICE_ID}", json=_request({"patient": PATIENT, "igf1": _search(obs)}))
    assert answer.status_code == 200
    jsonschema.validate(answer.json(), RESPONSE_SCHEMA)
    assert answer.json()["cards"][0]["indicator"] == "info"


@given(
    value=st.floats(min_value=1.0, max_value=2000.0),
    unit=st.sampled_from(["ng/mL", "ug/L", "nmol/L"]),
    year=st.integers(min_value=1981, max_value=2025),
    comparator=st.sampled_from([None, "<", ">"]),
    sex=st.sampled_from(["male", "female", "unknown"]),
)
def test_every_card_fits_the_specification(value: float, unit: str, year: int, comparator: Any, sex: str) -> None:
    obs = _observation(round(value, 1), unit, "2026-06-01")
    if comparator:
        obs["valueQuantity"]["comparator"] = comparator
    patient = copy.deepcopy(PATIENT) | {"gender": sex, "birthDate": f"{year}-01-01"}
    body = cds_cards(_request({"patient": patient, "igf1": _search(obs)}), "http://127.0.0.1:8000/")
    jsonschema.validate(body, RESPONSE_SCHEMA)
    (card,) = body["cards"]
    assert len(card["summary"]) < 140
