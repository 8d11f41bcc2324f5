"""What the CDS Hooks tests share: the specification's shapes as checks, requests, and a small FHIR server.

The checks are written from the CDS Hooks 2.0 logical models the FHIR validator uses
(HL7/cds-hooks ``input/fsh/logicals/CDSHooksResponse.fsh``, ``CDSHooksServices.fsh`` and the
invariants ``cds-resp-1`` to ``-7``): :func:`response_problems` and :func:`services_problems` read a
document as the validator does (the FHIR test cases' expected outcomes agree with them), and
:func:`card_problems` adds what the specification's text requires and the validator does not
check (a summary under 140 characters, a link's ``type``), applied to igflab's own cards.

:class:`FhirServer` is a FHIR server on 127.0.0.1 (a thread of :mod:`http.server`): the tests
point every ``fhirServer`` at it, so no test contacts another host.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import jsonschema

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "cds_hooks"
SPEC = FIXTURES / "spec"
VALIDATOR = FIXTURES / "fhir-test-cases" / "validator"

_CODING = {"type": "object", "properties": {"system": {"type": "string"}, "code": {"type": "string"}}}
_UUID = {"type": "string", "pattern": "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"}
_ACTION = {
    "type": "object",
    "required": ["type"],
    "properties": {"type": {"enum": ["create", "update", "delete"]}, "description": {"type": "string"}},
}
CARD_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["summary", "indicator", "source"],
    "properties": {
        "uuid": _UUID,
        "summary": {"type": "string", "minLength": 1},
        "detail": {"type": "string"},
        "indicator": {"enum": ["info", "warning", "critical"]},
        "source": {
            "type": "object",
            "required": ["label"],
            "properties": {"label": {"type": "string"}, "url": {"type": "string"}, "icon": {"type": "string"}},
        },
        "suggestions": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["label"],
                "properties": {"uuid": _UUID, "actions": {"type": "array", "items": _ACTION}},
            },
        },
        "selectionBehavior": {"enum": ["at-most-one", "any"]},
        "overrideReasons": {"type": "array", "items": _CODING},
        "links": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["label", "url"],
                "properties": {
                    "label": {"type": "string"},
                    "url": {"type": "string"},
                    "type": {"enum": ["absolute", "smart"]},
                    "appContext": {"type": "string"},
                    "autolaunchable": {"type": "boolean"},
                },
            },
        },
    },
}
RESPONSE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["cards"],
    "properties": {"cards": {"type": "array", "items": CARD_SCHEMA}, "systemActions": {"type": "array"}},
}
SERVICES_SCHEMA: dict[str, Any] = {
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
                    # No extension definition is known (as for the validator): a named extension is unrecognised.
                    "extension": {"type": "object", "maxProperties": 0},
                },
            },
        }
    },
}


def cds_client(settings: Any = None) -> Any:
    """A client of igflab's web app made with these CDS settings (fastapi's TestClient, in this process)."""
    import warnings

    with warnings.catch_warnings():  # starlette may say it prefers httpx2 to httpx; either works
        warnings.filterwarnings("ignore", message=".*httpx.*")
        from fastapi.testclient import TestClient

    from igflab.web import create_app

    return TestClient(create_app(settings), raise_server_exceptions=False)


def _schema_problems(doc: Any, schema: dict[str, Any]) -> list[str]:
    found = jsonschema.Draft202012Validator(schema).iter_errors(doc)
    return sorted(f"{'.'.join(str(p) for p in e.absolute_path) or '$'}: {e.message}" for e in found)


def response_problems(doc: Any) -> list[str]:
    """What the validator's CDSHooksResponse model finds wrong with ``doc`` (empty: valid)."""
    problems = _schema_problems(doc, RESPONSE_SCHEMA)
    for i, c in enumerate(doc.get("cards") or [] if isinstance(doc, dict) else []):
        if not isinstance(c, dict):
            continue
        if c.get("suggestions") and "selectionBehavior" not in c:
            problems.append(f"cards.{i}: cds-resp-6: suggestions without selectionBehavior")
        recommended = sum(1 for s in c.get("suggestions") or [] if s.get("isRecommended"))
        if c.get("selectionBehavior") == "at-most-one" and recommended > 1:
            problems.append(f"cards.{i}: cds-resp-1: more than one recommended suggestion")
        for k, link in enumerate(c.get("links") or []):
            if isinstance(link, dict) and "appContext" in link and link.get("type") != "smart":
                problems.append(f"cards.{i}.links.{k}: cds-resp-3: appContext on a link that is not smart")
        for k, r in enumerate(c.get("overrideReasons") or []):
            if isinstance(r, dict) and "display" not in r:
                problems.append(f"cards.{i}.overrideReasons.{k}: cds-resp-4: no display")
        for s in c.get("suggestions") or []:
            if any(isinstance(a, dict) and "description" not in a for a in s.get("actions") or []):
                problems.append(f"cards.{i}: cds-resp-5: an action without description")
    return problems


def card_problems(doc: dict[str, Any]) -> list[str]:
    """What the specification's text requires of cards beyond the validator's model (applied to igflab's cards)."""
    problems = []
    for i, c in enumerate(doc.get("cards") or []):
        if len(c.get("summary", "")) >= 140:
            problems.append(f"cards.{i}.summary: {len(c['summary'])} characters, not under 140")
        problems += [
            f"cards.{i}.links.{k}.type: required" for k, x in enumerate(c.get("links") or []) if "type" not in x
        ]
    return problems


def services_problems(doc: Any) -> list[str]:
    """What the validator's CDSHooksServices model finds wrong with ``doc``."""
    return _schema_problems(doc, SERVICES_SCHEMA)


def expected_valid(outcome: dict[str, Any]) -> bool:
    """An OperationOutcome of the FHIR test cases: valid when no issue is an error or fatal."""
    return not any(i.get("severity") in ("error", "fatal") for i in outcome.get("issue", []))


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


# A patient and her IGF-1 results, shaped like the specification's examples.
PATIENT_ID = "1288992"
PATIENT = {"resourceType": "Patient", "id": PATIENT_ID, "gender": "female", "birthDate": "1978-11-20"}


def observation(value: float, unit: str, when: str | None, **extra: Any) -> dict[str, Any]:
    """An IGF-1 Observation of the patient (``when`` as ``effectiveDateTime``; ``extra`` overrides)."""
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "id": f"igf1-{value:g}-{(when or 'none').replace(':', '')}",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "2484-4"}]},
        "subject": {"reference": f"Patient/{PATIENT_ID}"},
        "valueQuantity": {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit},
    }
    if when is not None:
        obs["effectiveDateTime"] = when
    return obs | extra


def search(*observations: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": o} for o in observations]}


def hook_request(prefetch: dict[str, Any] | None, **extra: Any) -> dict[str, Any]:
    """A patient-view request shaped like the specification's example."""
    req: dict[str, Any] = {
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "fhirServer": "http://hooks.smarthealthit.org:9080",
        "hook": "patient-view",
        "context": {"userId": "Practitioner/example", "patientId": PATIENT_ID},
    }
    if prefetch is not None:
        req["prefetch"] = prefetch
    return req | extra


@dataclass
class Seen:
    """One request the FHIR server received."""

    path: str
    query: dict[str, str]
    authorization: str | None


@dataclass
class FhirServer:
    """A FHIR server on 127.0.0.1 answering from ``routes`` (path -> (status, JSON or bytes)); it records requests."""

    routes: dict[str, tuple[int, Any]] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    delay: float = 0.0
    base: str = ""

    def add(self, resource: dict[str, Any], path: str | None = None, status: int = 200) -> None:
        key = path or f"/fhir/{resource['resourceType']}/{resource.get('id', '')}".rstrip("/")
        self.routes[key] = (status, resource)

    def paths(self) -> list[str]:
        return [s.path for s in self.seen]


def _handler(server: FhirServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            server.seen.append(Seen(parts.path, dict(parse_qsl(parts.query)), self.headers.get("Authorization")))
            status, body = server.routes.get(parts.path, (404, {"resourceType": "OperationOutcome"}))
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            if status in (301, 302, 307):
                self.send_header("Location", str(body.decode() if isinstance(body, bytes) else "/"))
            self.send_header("Content-Type", "application/fhir+json")
            self.end_headers()
            if server.delay:
                time.sleep(server.delay)
            self.wfile.write(data)

        def log_message(self, *_args: Any) -> None:
            pass

    return Handler


def run_fhir_server() -> Iterator[FhirServer]:
    """A :class:`FhirServer` on a free port of 127.0.0.1 for one test (a pytest fixture's body)."""
    state = FhirServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}/fhir"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
