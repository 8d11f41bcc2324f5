"""An OpenAPI property-based run (schemathesis) against the JSON API and the CDS service: no 5xx.

Bounded: a small number of examples per operation, derandomised, in process (ASGI), so it
takes seconds. Every answer that is an error must also have the one error shape. Every
operation of the API is in the run (one result, the panel, a series, the batch, the references).
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest

pytest.importorskip("fastapi")
schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402

from igflab.web import create_app  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", create_app())


@schemathesis.serializer("application/x-ndjson")
def _json_lines(_ctx: Any, value: Any) -> bytes:
    """The batch's JSON lines body is text (the schema says a string): sent as UTF-8."""
    return value.encode("utf-8") if isinstance(value, str) else str(value).encode("utf-8")


def test_the_run_covers_every_operation() -> None:
    operations = {(op.ok().method.upper(), op.ok().path) for op in schema.get_all_operations()}
    for expected in (
        ("POST", "/api/v1/interpret"),
        ("POST", "/api/v1/interpret/fhir"),
        ("POST", "/api/v1/panel"),
        ("POST", "/api/v1/series"),
        ("POST", "/api/v1/batch"),
        ("GET", "/api/v1/references"),
        ("POST", "/cds-services/igflab-igf1"),
    ):
        assert expected in operations


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_server_error(case: Any) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        response = case.call()
    assert response.status_code < 500, (case.path, response.text)
    if response.status_code >= 400:
        assert set(response.json()) == {"code", "field", "message"}
