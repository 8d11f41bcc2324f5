"""A minimal web service that exposes igflab over HTTP, with FastAPI.

    pip install 'igflab[web]'
    uvicorn web_service:app          (from the examples/ folder)

(``igflab serve`` runs igflab's own app: a page, ``/api/v1/`` and CDS Hooks; see docs/web.md.)

Endpoints:

* ``POST /interpret``       body: an InterpretRequest (``igflab schema input``);
                            answer: the Interpretation (``igflab schema output``)
* ``POST /interpret/fhir``  same body; answer: a FHIR R4 Observation
  (query parameters ``subject`` and ``effective`` fill Observation.subject and effectiveDateTime)
* ``POST /fhir/interpret``  body: a FHIR Observation, or a Bundle with Patient and Observation;
                            answer: the Interpretation

Bad input is answered with HTTP 422 and ``{"field": ..., "message": ..., "code": ...}``,
the same field igflab names on the command line.

    curl -s localhost:8000/interpret -H 'content-type: application/json' \\
         -d '{"value": "150 ng/mL", "age": 45, "sex": "male"}'
"""

from __future__ import annotations

from typing import Any

from fastapi import Body, FastAPI, Request
from fastapi.responses import JSONResponse

import igflab
from igflab import interpret_request
from igflab.io.fhir_out import Observation


def create_app() -> FastAPI:
    app = FastAPI(
        title="igflab",
        version=igflab.__version__,
        description="Interpret an IGF-1 result against published, cited references. "
        "igflab informs; it does not diagnose.",
    )

    @app.exception_handler(igflab.IgflabError)
    async def igflab_error(_request: Request, exc: Exception) -> JSONResponse:
        err = exc if isinstance(exc, igflab.IgflabError) else igflab.IgflabError(str(exc))
        return JSONResponse(status_code=422, content={"field": err.field, "message": err.message, "code": err.code})

    @app.post("/interpret", response_model=igflab.Interpretation)
    def interpret(request: igflab.InterpretRequest) -> igflab.Interpretation:
        return interpret_request(request)

    @app.post("/interpret/fhir")
    def interpret_fhir(
        request: igflab.InterpretRequest, subject: str | None = None, effective: str | None = None
    ) -> Observation:
        return igflab.to_fhir(interpret_request(request), subject=subject, effective=effective)

    @app.post("/fhir/interpret", response_model=igflab.Interpretation)
    def fhir_interpret(
        resource: dict[str, Any] = Body(...),  # noqa: B008 - FastAPI's way to take a raw JSON body
        sex: str | None = None,
        birth_date: str | None = None,
    ) -> igflab.Interpretation:
        return igflab.from_fhir(resource, sex=sex, birth_date=birth_date)

    return app


app = create_app()


def make_client() -> Any:
    """fastapi's TestClient (starlette may warn that it prefers httpx2 to httpx; either works)."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*httpx.*", category=UserWarning)
        from fastapi.testclient import TestClient

    return TestClient(app)


if __name__ == "__main__":
    client = make_client()
    answer = client.post("/interpret", json={"value": "150 ng/mL", "age": 45, "sex": "male"})
    body = answer.json()
    print(answer.status_code, body["zone"], body["flag"], round(body["sds"], 2))
    answer = client.post("/interpret", json={"value": "150 kg", "age": 45, "sex": "male"})
    print(answer.status_code, answer.json())
