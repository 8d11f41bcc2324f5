"""The FastAPI application: the page, the JSON API under ``/api/v1/`` and the CDS Hooks service."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from igflab._version import __version__

from .api import api_router
from .batch import BATCH_MAX_BYTES
from .cds_routes import add_cds, add_cors
from .cds_settings import CdsSettings, cds_settings_from_env
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


def build_app(cds: CdsSettings | None = None) -> FastAPI:
    """Make the app: page, API and its interactive docs, CDS Hooks, one error shape, 1 MB body limit (batch 10 MB),
    CORS.

    ``cds`` sets up the CDS Hooks service (FHIR servers it may fetch from, CORS origins, client
    JWTs); by default it is read from the environment (:func:`cds_settings_from_env`).
    """
    cds = cds if cds is not None else cds_settings_from_env()
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
    add_cors(app, cds)  # outermost: answers preflights, and errors (413 too) carry the CORS headers
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    app.include_router(api_router())
    add_docs(app, "/api/v1/openapi.json")
    _page(app)
    add_cds(app, cds)
    return app
