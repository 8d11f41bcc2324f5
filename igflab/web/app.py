"""The FastAPI application: the page, the JSON API under ``/api/v1/`` and the CDS Hooks service."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from fastapi import Body, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from igflab._version import __version__

from .api import ERRORS, api_router
from .batch import BATCH_MAX_BYTES
from .cds import SERVICE_ID, cds_cards, discovery
from .docs import add_docs
from .errors import BodyLimit, add_error_handlers
from .page import FormState, render_form, render_result, submit

__all__ = ["build_app"]


def _page(app: FastAPI) -> None:
    async def answer(pairs: list[tuple[str, str]]) -> HTMLResponse:
        form = FormState.read(pairs)
        if not form.values and not form.context:
            return HTMLResponse(render_form(form))
        result = submit(form)
        if result is None:
            return HTMLResponse(render_form(form), status_code=422)
        return HTMLResponse(render_result(result, form))

    @app.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse, include_in_schema=False)
    async def page(request: Request) -> HTMLResponse:
        return await answer(list(request.query_params.multi_items()))

    @app.post("/", response_class=HTMLResponse, include_in_schema=False)
    async def page_post(request: Request) -> HTMLResponse:
        body = (await request.body()).decode("utf-8", errors="replace")
        return await answer(parse_qsl(body, keep_blank_values=True))


def _cds(app: FastAPI) -> None:
    @app.get("/cds-services", tags=["CDS Hooks"])
    def cds_discovery() -> dict[str, Any]:
        """The CDS Hooks discovery document."""
        return discovery()

    @app.post(f"/cds-services/{SERVICE_ID}", tags=["CDS Hooks"], responses=ERRORS)
    def cds_patient_view(request: Request, hook_request: dict[str, Any] = Body(...)) -> JSONResponse:  # noqa: B008
        """The ``patient-view`` service: cards for the patient's latest IGF-1 result."""
        return JSONResponse(cds_cards(hook_request, str(request.base_url)))


def build_app() -> FastAPI:
    """Make the app: page, API and its interactive docs, CDS Hooks, one error shape, 1 MB body limit (batch 10 MB)."""
    app = FastAPI(
        title="igflab",
        version=__version__,
        description="Interpret an IGF-1 result against published, cited references. igflab informs; it does "
        "not diagnose. Every error is {code, field, message}.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # FastAPI's own pages load scripts from elsewhere: igflab.web.docs serves the bundle
        redoc_url=None,
    )
    add_error_handlers(app)
    app.add_middleware(BodyLimit, larger={"/api/v1/batch": BATCH_MAX_BYTES})
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    app.include_router(api_router())
    add_docs(app, "/api/v1/openapi.json")
    _page(app)
    _cds(app)
    return app
