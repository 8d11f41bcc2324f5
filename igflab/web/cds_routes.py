"""The CDS Hooks routes: discovery, the ``patient-view`` service, its feedback endpoint, and CORS.

CORS follows the specification's security section and the CDS Hooks reference services:
``GET``, ``POST`` and ``OPTIONS`` from the configured origins (any, by default) with the
``Content-Type`` and ``Authorization`` headers, no credentials; a browser's preflight ``OPTIONS``
is answered by the middleware. Feedback entries are checked and logged (card, outcome, override
reason code: never the user's comment) on the ``igflab.cds`` logger.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from .cds import SERVICE_ID, cds_cards, discovery
from .cds_auth import ClientJwt
from .cds_request import bad_request, read_feedback
from .cds_settings import CdsSettings
from .errors import ApiError

__all__ = ["add_cds", "add_cors"]

LOG = logging.getLogger("igflab.cds")
_OBJECT_BODY = {"requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}}}
_ANSWERS: dict[int | str, dict[str, Any]] = {
    400: {"model": ApiError, "description": "The request is not a CDS Hooks request this service reads."},
    401: {"model": ApiError, "description": "A client JWT is required (when configured) and this one is not valid."},
    413: {"model": ApiError, "description": "The body is larger than 1 MB."},
}


async def _json_body(request: Request) -> Any:
    try:
        return json.loads(await request.body())
    except ValueError:
        raise bad_request(None, "the body is not valid JSON") from None


def add_cors(app: FastAPI, settings: CdsSettings) -> None:
    """CORS for browser-based CDS clients (none when no origin is configured)."""
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Content-Type", "Authorization"],
            allow_credentials=False,
            max_age=600,
        )


def add_cds(app: FastAPI, settings: CdsSettings) -> None:
    """The CDS Hooks routes, with the client JWT checked on each when ``settings.jwt`` is set."""
    guard = ClientJwt(settings.jwt) if settings.jwt is not None else None

    def authorise(request: Request) -> None:
        if guard is None:
            return
        base = (guard.settings.public_url or str(request.base_url)).rstrip("/")
        path = request.url.path
        audiences = [base + path]
        if path.endswith("/feedback"):
            audiences.append(base + path.removesuffix("/feedback"))
        guard.verify(request.headers.get("authorization"), audiences)

    checked = [Depends(authorise)]

    @app.get("/cds-services", tags=["CDS Hooks"], dependencies=checked, responses={401: _ANSWERS[401]})
    def cds_discovery() -> dict[str, Any]:
        """The CDS Hooks discovery document."""
        return discovery()

    @app.post(
        f"/cds-services/{SERVICE_ID}",
        tags=["CDS Hooks"],
        dependencies=checked,
        openapi_extra=_OBJECT_BODY,
        responses={
            **_ANSWERS,
            412: {"model": ApiError, "description": "The patient's data can be neither prefetched nor fetched."},
        },
    )
    async def cds_patient_view(request: Request) -> JSONResponse:
        """The ``patient-view`` service: a card for the patient's latest IGF-1 result."""
        body = await _json_body(request)
        answer = await run_in_threadpool(cds_cards, body, str(request.base_url), settings)
        return JSONResponse(answer)

    @app.post(
        f"/cds-services/{SERVICE_ID}/feedback",
        tags=["CDS Hooks"],
        dependencies=checked,
        openapi_extra=_OBJECT_BODY,
        responses=_ANSWERS,
    )
    async def cds_feedback(request: Request) -> JSONResponse:
        """Feedback on the service's cards (CDS Hooks 2.0 "Feedback"): accepted or overridden."""
        entries = read_feedback(await _json_body(request))
        for e in entries:
            LOG.info(
                "feedback card=%r outcome=%s at=%r override_reason=%r",
                e.card,
                e.outcome,
                e.outcome_timestamp,
                e.override_code,
            )
        return JSONResponse({"received": len(entries)})
