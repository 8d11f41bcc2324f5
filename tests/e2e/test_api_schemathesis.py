"""An OpenAPI property-based run (schemathesis) against the JSON API and the CDS service: no 5xx.

Bounded: a small number of examples per operation, derandomised, in process (ASGI), so it
takes seconds. Every answer that is an error must also have the one error shape.
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


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_no_server_error(case: Any) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        response = case.call()
    assert response.status_code < 500, (case.path, response.text)
    if response.status_code >= 400:
        assert set(response.json()) == {"code", "field", "message"}
