"""The FastAPI application: the page, the JSON API under ``/api/v1/`` and the CDS Hooks service."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from igflab._version import __version__
from igflab.errors import InputError
from igflab.io.fhir_panel import result_to_fhir
from igflab.io.json import answer_request
from igflab.models import Interpretation, InterpretRequest
from igflab.panel_models import PanelInterpretation
from igflab.text.summary import with_display_unit

from .cds_routes import add_cds, add_cors
from .cds_settings import CdsSettings, cds_settings_from_env
from .errors import ApiError, BodyLimit, add_error_handlers
from .page import FormState, render_form, render_result, submit

__all__ = ["build_app"]

_ERRORS: dict[int | str, dict[str, Any]] = {
    413: {"model": ApiError, "description": "The body is larger than 1 MB."},
    422: {"model": ApiError, "description": "Bad input: the field it is about and why."},
}
_DISPLAY_UNIT = Query(
    None, description="Show the summary's figures in this unit: ng/mL, µg/L or nmol/L (IGFBP-3 also mg/L, µg/mL)."
)


def _api() -> APIRouter:
    api = APIRouter(prefix="/api/v1", responses=_ERRORS)

    @api.post("/interpret", response_model=Interpretation | PanelInterpretation, tags=["interpret"])
    def interpret(
        request: InterpretRequest, display_unit: str | None = _DISPLAY_UNIT
    ) -> Interpretation | PanelInterpretation:
        """Interpret one result of any analyte (IGF-1, or IGFBP-3 with ``analyte``) or the two as a panel (``igfbp3``).

        The body is igflab's JSON request (see ``igflab schema input``).
        """
        result = answer_request(request)
        if isinstance(result, Interpretation):
            return with_display_unit(result, display_unit)
        if display_unit is not None:
            raise InputError("display_unit is for one result, not the panel", field="display_unit")
        return result

    @api.post("/interpret/fhir", tags=["interpret"])
    def interpret_fhir(
        request: InterpretRequest, subject: str | None = None, effective: str | None = None
    ) -> dict[str, Any]:
        """Interpret a request and answer FHIR R4: an Observation, or a Bundle with both for the panel."""
        return result_to_fhir(answer_request(request), subject=subject, effective=effective)

    return api


def _page(app: FastAPI) -> None:
    async def answer(pairs: list[tuple[str, str]]) -> HTMLResponse:
        form = FormState.read(pairs)
        if not form.values and not form.context:
            return HTMLResponse(render_form(form))
        result = submit(form)
        if result is None:
            return HTMLResponse(render_form(form), status_code=422)
        return HTMLResponse(render_result(result, form))

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def page(request: Request) -> HTMLResponse:
        return await answer(list(request.query_params.multi_items()))

    @app.post("/", response_class=HTMLResponse, include_in_schema=False)
    async def page_post(request: Request) -> HTMLResponse:
        body = (await request.body()).decode("utf-8", errors="replace")
        return await answer(parse_qsl(body, keep_blank_values=True))


def build_app(cds: CdsSettings | None = None) -> FastAPI:
    """Make the app: page, API, CDS Hooks, one error shape, 1 MB body limit, CORS.

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
        docs_url=None,  # the interactive pages load scripts from elsewhere; the page must work offline
        redoc_url=None,
    )
    add_error_handlers(app)
    app.add_middleware(BodyLimit)
    add_cors(app, cds)  # outermost: answers preflights, and errors (413 too) carry the CORS headers
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    app.include_router(_api())
    _page(app)
    add_cds(app, cds)
    return app
