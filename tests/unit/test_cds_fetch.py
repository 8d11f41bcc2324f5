"""CDS Hooks: what the prefetch lacks is fetched from an allow-listed fhirServer, or the answer is 412.

Every fhirServer here is a FHIR server this test starts on 127.0.0.1, and a guard refuses any
connection to another address while these tests run: no test ever contacts another host.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from igflab.errors import InputError
from igflab.web.cds import SERVICE_ID
from igflab.web.cds_settings import CdsSettings, cds_settings_from_env, normalise_base
from tests.cds_support import (
    PATIENT,
    PATIENT_ID,
    FhirServer,
    cds_client,
    hook_request,
    observation,
    response_problems,
    run_fhir_server,
    search,
)

TOKEN = {
    "access_token": "some-opaque-fhir-access-token",
    "token_type": "Bearer",
    "expires_in": 300,
    "scope": "user/Patient.read user/Observation.read",
    "subject": "cds-service4",
}


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse every connection to an address other than this computer's own."""
    connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if host not in ("127.0.0.1", "::1", "localhost"):
            raise AssertionError(f"a test tried to contact {host!r}")
        return connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def fhir() -> Iterator[FhirServer]:
    yield from run_fhir_server()


@pytest.fixture
def other() -> Iterator[FhirServer]:
    """A second FHIR server, never on the allow-list."""
    yield from run_fhir_server()


def _post(settings: CdsSettings, request: dict[str, Any]) -> Any:
    return cds_client(settings).post(f"/cds-services/{SERVICE_ID}", json=request)


def _filled(fhir: FhirServer) -> None:
    fhir.add(PATIENT)
    fhir.add(
        search(observation(25.0, "nmol/L", "2025-03-01"), observation(6.1, "nmol/L", "2026-01-15")), "/fhir/Observation"
    )


def test_without_prefetch_both_resources_are_fetched_with_the_bearer_token(fhir: FhirServer) -> None:
    _filled(fhir)
    answer = _post(
        CdsSettings(fhir_servers=(fhir.base,)), hook_request(None, fhirServer=fhir.base, fhirAuthorization=TOKEN)
    )
    assert answer.status_code == 200, answer.text
    assert response_problems(answer.json()) == []
    (card,) = answer.json()["cards"]
    assert "on 2026-01-15" in card["summary"]
    assert "**Since the previous result** (2025-03-01," in card["detail"]
    assert fhir.paths() == ["/fhir/Observation", f"/fhir/Patient/{PATIENT_ID}"]
    assert fhir.seen[0].query == {
        "patient": PATIENT_ID,
        "code": "http://loinc.org|2484-4",
        "_sort": "-date",
        "_count": "10",
    }
    assert {s.authorization for s in fhir.seen} == {"Bearer some-opaque-fhir-access-token"}


def test_the_prefetch_is_used_first_and_only_the_missing_key_is_fetched(fhir: FhirServer) -> None:
    _filled(fhir)
    request = hook_request({"igf1": search(observation(150.0, "ng/mL", "2026-02-01"))}, fhirServer=fhir.base)
    answer = _post(CdsSettings(fhir_servers=(fhir.base + "/",)), request)
    assert answer.status_code == 200
    assert fhir.paths() == [f"/fhir/Patient/{PATIENT_ID}"]
    assert fhir.seen[0].authorization is None  # no fhirAuthorization: no token


def test_an_operation_outcome_in_the_prefetch_is_fetched_again(fhir: FhirServer) -> None:
    _filled(fhir)
    failed = {"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "timeout"}]}
    answer = _post(
        CdsSettings(fhir_servers=(fhir.base,)), hook_request({"patient": PATIENT, "igf1": failed}, fhirServer=fhir.base)
    )
    assert answer.status_code == 200
    assert fhir.paths() == ["/fhir/Observation"]


def test_a_server_off_the_allow_list_is_never_called(fhir: FhirServer, other: FhirServer) -> None:
    _filled(other)
    answer = _post(
        CdsSettings(fhir_servers=(fhir.base,)), hook_request(None, fhirServer=other.base, fhirAuthorization=TOKEN)
    )
    assert answer.status_code == 412
    assert answer.json() == {
        "code": "precondition_failed",
        "field": "prefetch.igf1",
        "message": "the patient's IGF-1 results: not in the prefetch, and not fetched (this service fetches only "
        "from the FHIR servers it is configured for)",
    }
    assert other.seen == []
    assert fhir.seen == []


def test_by_default_nothing_is_fetched(fhir: FhirServer) -> None:
    _filled(fhir)
    answer = _post(CdsSettings(), hook_request({}, fhirServer=fhir.base))
    assert answer.status_code == 412
    assert fhir.seen == []


def test_results_but_no_patient_is_412_naming_the_patient() -> None:
    request = hook_request({"igf1": search(observation(150.0, "ng/mL", "2026-02-01"))})
    request.pop("fhirServer")
    answer = _post(CdsSettings(), request)
    assert answer.status_code == 412
    assert answer.json()["field"] == "prefetch.patient"
    assert "the request gives no fhirServer" in answer.json()["message"]


@pytest.mark.parametrize(
    ("route", "why"),
    [
        ((401, {"resourceType": "OperationOutcome"}), "answered HTTP 401"),
        ((404, {"resourceType": "OperationOutcome"}), "answered HTTP 404"),
        ((200, b"<html>not JSON</html>"), "is not JSON"),
        ((200, {"resourceType": "OperationOutcome"}), "is not a Patient"),
        ((200, PATIENT | {"id": "someone-else"}), "answered with another Patient"),
        ((302, b"http://127.0.0.1:9/fhir/Patient/1288992"), "answered HTTP 302"),
    ],
    ids=["401", "404", "not JSON", "wrong type", "another patient", "redirect not followed"],
)
def test_a_patient_that_cannot_be_fetched_is_412(fhir: FhirServer, route: tuple[int, Any], why: str) -> None:
    fhir.routes[f"/fhir/Patient/{PATIENT_ID}"] = route
    request = hook_request({"igf1": search(observation(150.0, "ng/mL", "2026-02-01"))}, fhirServer=fhir.base)
    answer = _post(CdsSettings(fhir_servers=(fhir.base,)), request)
    assert answer.status_code == 412
    assert answer.json()["field"] == "prefetch.patient"
    assert why in answer.json()["message"]
    assert len(fhir.seen) == 1


def test_an_answer_over_the_size_limit_is_not_read(fhir: FhirServer) -> None:
    many = [observation(100.0 + k, "ng/mL", f"2025-01-{k + 1:02d}") for k in range(20)]
    fhir.add(search(*many), "/fhir/Observation")
    answer = _post(
        CdsSettings(fhir_servers=(fhir.base,), fetch_limit=2_000),
        hook_request({"patient": PATIENT}, fhirServer=fhir.base),
    )
    assert answer.status_code == 412
    assert "larger than 2,000 bytes" in answer.json()["message"]


def test_a_slow_server_is_given_up_after_the_timeout(fhir: FhirServer) -> None:
    _filled(fhir)
    fhir.delay = 2.0
    answer = _post(
        CdsSettings(fhir_servers=(fhir.base,), fetch_timeout=0.3),
        hook_request({"patient": PATIENT}, fhirServer=fhir.base),
    )
    assert answer.status_code == 412
    assert "took longer than 0.3 s" in answer.json()["message"]


@pytest.mark.parametrize(
    ("given", "base"),
    [
        ("HTTPS://EHR.example.org:443/fhir/", "https://ehr.example.org/fhir"),
        ("http://127.0.0.1:8080/fhir", "http://127.0.0.1:8080/fhir"),
        ("https://user:pw@ehr.example.org/fhir", None),
        ("ftp://ehr.example.org/fhir", None),
        ("https://ehr.example.org/fhir?x=1", None),
        ("not a url", None),
    ],
)
def test_fhir_server_addresses_compare_as_written_less_case_default_port_and_final_slash(
    given: str, base: str | None
) -> None:
    assert normalise_base(given) == base


def test_a_lookalike_address_is_not_on_the_allow_list() -> None:
    settings = CdsSettings(fhir_servers=("https://ehr.example.org/fhir",))
    assert settings.may_fetch("https://ehr.example.org/fhir/") == "https://ehr.example.org/fhir"
    for lookalike in (
        "https://ehr.example.org/fhir2",
        "https://ehr.example.org.evil.example/fhir",
        "https://ehr.example.org",
    ):
        assert settings.may_fetch(lookalike) is None


def test_settings_from_the_environment(tmp_path: Any) -> None:
    keys = tmp_path / "issuers.json"
    keys.write_text('{"https://ehr.example.org/": {"keys": []}}', encoding="utf-8")
    settings = cds_settings_from_env(
        {
            "IGFLAB_CDS_FHIR_SERVERS": "https://a.example/fhir, https://b.example/r4",
            "IGFLAB_CDS_FETCH_TIMEOUT": "2.5",
            "IGFLAB_CDS_FETCH_LIMIT": "500000",
            "IGFLAB_CDS_CORS_ORIGINS": "https://sandbox.cds-hooks.org",
            "IGFLAB_CDS_JWT_ISSUERS": str(keys),
            "IGFLAB_CDS_PUBLIC_URL": "https://cds.example.org",
        }
    )
    assert settings.allowed == {"https://a.example/fhir", "https://b.example/r4"}
    assert (settings.fetch_timeout, settings.fetch_limit) == (2.5, 500_000)
    assert settings.cors_origins == ("https://sandbox.cds-hooks.org",)
    assert settings.jwt is not None
    assert settings.jwt.public_url == "https://cds.example.org"
    default = cds_settings_from_env({})
    assert (default.allowed, default.cors_origins, default.jwt) == (frozenset(), ("*",), None)
    for name, value in (
        ("IGFLAB_CDS_FHIR_SERVERS", "ftp://x.example"),
        ("IGFLAB_CDS_FETCH_TIMEOUT", "soon"),
        ("IGFLAB_CDS_FETCH_LIMIT", "-1"),
        ("IGFLAB_CDS_JWT_ISSUERS", str(tmp_path / "missing.json")),
    ):
        with pytest.raises(InputError) as bad:
            cds_settings_from_env({name: value})
        assert bad.value.field == name


def test_every_setting_of_the_environment_is_documented() -> None:
    import re

    from igflab.web import cds_settings
    from tests.support import ROOT

    names = set(re.findall(r"IGFLAB_CDS_[A-Z_]+", Path(cds_settings.__file__).read_text(encoding="utf-8")))
    page = (ROOT / "docs" / "web.md").read_text(encoding="utf-8")
    assert len(names) == 7
    assert {n for n in names if f"`{n}`" not in page} == set()
