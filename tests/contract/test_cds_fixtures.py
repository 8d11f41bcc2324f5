"""The official CDS Hooks fixtures (tests/fixtures/cds_hooks/README.md) give the outcome their source expects.

- The FHIR test cases (FHIR/fhir-test-cases, ``validator/manifest.json``, module ``cdshooks``):
  every response and discovery document is valid or invalid as its Java validator outcome says,
  read by the checks igflab's own cards and discovery document are tested with; each
  ``patient-view`` request is accepted or refused (400, naming the field the validator names)
  by the service, and an accepted one is answered after the service fetched what the prefetch
  lacks from the request's ``fhirServer``, pointed at a FHIR server on 127.0.0.1.
- The specification's examples (HL7/cds-hooks v2.0.1): the example request is answered 412 when
  the service may not fetch and with a card when it may; the example discovery, responses and
  feedback pass; igflab's discovery document and cards pass the same checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("jsonschema")

from igflab.web.cds import SERVICE_ID
from igflab.web.cds_request import read_feedback, read_hook_request
from igflab.web.cds_settings import CdsSettings
from igflab.web.errors import HttpProblem
from tests.cds_support import (
    SPEC,
    VALIDATOR,
    FhirServer,
    card_problems,
    cds_client,
    expected_valid,
    load,
    observation,
    response_problems,
    run_fhir_server,
    search,
    services_problems,
)
from tests.support import web_client

MANIFEST = load(VALIDATOR / "manifest-cdshooks.json")["test-cases"]


def _outcome(file: str) -> dict[str, Any]:
    (case,) = [t for t in MANIFEST if t["file"] == file]
    return dict(load(VALIDATOR / "outcomes" / case["logical"]["java"]))


def _cases(kind: str) -> list[Any]:
    return [
        pytest.param(t["file"], expected_valid(_outcome(t["file"])), id=t["name"])
        for t in MANIFEST
        if t["logical"]["format"].endswith(kind)
    ]


def _fields_named(outcome: dict[str, Any], request: dict[str, Any]) -> set[str]:
    """The request fields the validator's issues name, as igflab names them (prefetch by key)."""
    keys = list(request.get("prefetch") or {})
    named = set()
    for issue in outcome["issue"]:
        for expression in issue.get("expression", []):
            path = expression.removeprefix("CDSHooksRequest.")
            if path.startswith("prefetch["):
                path = f"prefetch.{keys[int(path[9 : path.index(']')])]}"
            named.add(path)
    return named


def test_the_manifest_holds_every_fixture_copied() -> None:
    listed = {t["file"] for t in MANIFEST}
    on_disk = {str(p.relative_to(VALIDATOR)) for p in VALIDATOR.rglob("cdshooks*.json") if "outcomes" not in p.parts}
    assert on_disk - listed == {"cdshooks-response-empty-good.json", "cdshooks-response-empty-bad.json"}
    assert len(listed) == 14


@pytest.mark.parametrize(("file", "valid"), _cases("CDSHooksResponse"))
def test_each_response_fixture_is_read_as_its_outcome_says(file: str, valid: bool) -> None:
    assert (response_problems(load(VALIDATOR / file)) == []) is valid


@pytest.mark.parametrize(("name", "valid"), [("good", True), ("bad", False)])
def test_the_two_unlisted_empty_responses_are_what_their_names_say(name: str, valid: bool) -> None:
    assert (response_problems(load(VALIDATOR / f"cdshooks-response-empty-{name}.json")) == []) is valid


def test_the_validator_accepts_a_link_without_type_which_igflabs_own_cards_never_lack() -> None:
    # The specification's Link table makes `type` REQUIRED; the validator's outcome for this fixture has no issue.
    doc = load(VALIDATOR / "cdshooks/cdshooks-response-source-link.json")
    assert response_problems(doc) == []
    assert "cards.0.links.0.type: required" in card_problems(doc)


@pytest.mark.parametrize(("file", "valid"), _cases("CDSHooksServices"))
def test_each_discovery_fixture_is_read_as_its_outcome_says(file: str, valid: bool) -> None:
    assert (services_problems(load(VALIDATOR / file)) == []) is valid


def test_igflabs_discovery_passes_the_same_check() -> None:
    assert services_problems(web_client().get("/cds-services").json()) == []


@pytest.fixture
def fhir() -> Iterator[FhirServer]:
    yield from run_fhir_server()


def _pointed_at(request: dict[str, Any], server: FhirServer) -> dict[str, Any]:
    """The request with its fhirServer (an outside host in every fixture) replaced by the local server."""
    assert request["fhirServer"].startswith(("http://hooks.smarthealthit.org", "http://localhost:8080"))
    return request | {"fhirServer": server.base}


def _client(server: FhirServer | None) -> Any:
    return cds_client(CdsSettings(fhir_servers=(server.base,) if server is not None else ()))


@pytest.mark.parametrize(("file", "valid"), _cases("CDSHooksRequest"))
def test_each_request_fixture_is_accepted_or_refused_as_its_outcome_says(
    file: str, valid: bool, fhir: FhirServer
) -> None:
    request = _pointed_at(load(VALIDATOR / file), fhir)
    patient = request["prefetch"].get("patientToGreet") or request["prefetch"].get("item1")
    if valid:
        fhir.add(patient)
        fhir.add(search(), path="/fhir/Observation")
    answer = _client(fhir).post(f"/cds-services/{SERVICE_ID}", json=request)
    if valid:
        read_hook_request(request, "patient-view")
        assert answer.status_code == 200, answer.text
        assert answer.json() == {"cards": []}  # the FHIR server holds no IGF-1 result for this patient
        assert fhir.paths() == ["/fhir/Observation"]
        assert fhir.seen[0].query["patient"] == request["context"]["patientId"]
    else:
        with pytest.raises(HttpProblem) as refused:
            read_hook_request(request, "patient-view")
        assert answer.status_code == 400
        body = answer.json()
        assert body == {"code": "bad_request", "field": refused.value.field, "message": refused.value.message}
        assert body["field"] in _fields_named(_outcome(file), request)
        assert fhir.seen == []


def test_the_specs_example_request_gets_412_when_the_service_may_not_fetch() -> None:
    # The example's prefetch holds `patientToGreet`, another service's key: the data must be fetched.
    answer = _client(None).post(f"/cds-services/{SERVICE_ID}", json=load(SPEC / "request-patient-view.json"))
    assert answer.status_code == 412
    assert answer.json()["code"] == "precondition_failed"
    assert answer.json()["field"] == "prefetch.igf1"


def test_the_specs_example_request_gets_a_card_from_what_the_service_fetched(fhir: FhirServer) -> None:
    request = _pointed_at(load(SPEC / "request-patient-view.json"), fhir)
    patient = request["prefetch"]["patientToGreet"]  # male, born 1925-12-23
    fhir.add(patient)
    fhir.add(search(observation(95.0, "ng/mL", "1995-02-02")), path="/fhir/Observation")  # at 69
    answer = _client(fhir).post(f"/cds-services/{SERVICE_ID}", json=request)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert response_problems(body) == []
    assert card_problems(body) == []
    (card,) = body["cards"]
    assert "on 1995-02-02" in card["summary"]
    assert fhir.paths() == ["/fhir/Observation", "/fhir/Patient/1288992"]
    # Both fetches carry the example's fhirAuthorization access token as a bearer token.
    assert {s.authorization for s in fhir.seen} == {"Bearer some-opaque-fhir-access-token"}


@pytest.mark.parametrize("name", ["response-cards.json", "response-empty.json", "response-system-actions.json"])
def test_the_specs_example_responses_pass_the_response_checks(name: str) -> None:
    doc = load(SPEC / name)
    assert response_problems(doc) == []
    assert card_problems(doc) == []


def test_the_specs_example_discovery_passes_the_discovery_check() -> None:
    assert services_problems(load(SPEC / "discovery.json")) == []


@pytest.mark.parametrize(
    ("name", "outcome"),
    [
        ("feedback-accepted.json", "accepted"),
        ("feedback-overridden.json", "overridden"),
        ("feedback-override-reason.json", "overridden"),
    ],
)
def test_the_specs_feedback_examples_are_accepted(name: str, outcome: str) -> None:
    body = load(SPEC / name)
    (entry,) = read_feedback(body)
    assert entry.outcome == outcome
    answer = web_client().post(f"/cds-services/{SERVICE_ID}/feedback", json=body)
    assert answer.status_code == 200
    assert answer.json() == {"received": 1}
