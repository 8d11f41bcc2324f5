"""The local web page, its JSON API and a CDS Hooks service (optional extra: ``pip install 'igflab[web]'``).

``igflab serve`` runs :func:`create_app` with uvicorn on this machine. Nothing here is
imported by ``import igflab``; FastAPI, Jinja2 and uvicorn are imported when the app is made.

* ``GET /``: a form; its answer leads with a plain-language summary, then a chart, the
  notes with numbered sources and the guidance. No script, and no file from elsewhere.
* ``/api/v1/``: ``POST interpret`` (JSON request -> interpretation), ``POST interpret/fhir``
  (-> FHIR R4 Observation), ``POST panel``, ``POST series``, ``POST batch`` (CSV or JSON lines,
  streamed) and ``GET references``; the OpenAPI document at ``/api/v1/openapi.json``, the
  interactive documentation at ``/api/v1/docs`` (Swagger UI from the packaged bundle).
* ``GET /cds-services``, ``POST /cds-services/igflab-igf1`` and its ``/feedback``: CDS Hooks 2.0,
  ``patient-view`` (settings: :class:`~igflab.web.cds_settings.CdsSettings`, from the environment
  by default).

Every error, of any route, is one JSON object ``{"code", "field", "message"}``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from fastapi import FastAPI

    from .cds_settings import CdsSettings

__all__ = ["INSTALL_HINT", "create_app", "serve"]

#: The message of the ImportError raised when the web extra is missing.
INSTALL_HINT = "the web page needs FastAPI, uvicorn and Jinja2, an optional extra: pip install 'igflab[web]'"


def create_app(cds: CdsSettings | None = None) -> FastAPI:
    """The web app (a FastAPI application); ``cds`` sets up the CDS Hooks service (default: the environment's)."""
    try:
        from .app import build_app  # noqa: PLC0415 - optional extra, imported when the app is made
    except ImportError as exc:
        raise ImportError(INSTALL_HINT) from exc
    return build_app(cds)


def serve(host: str = "127.0.0.1", port: int = 8000, announce: Callable[[str], object] | None = None) -> None:
    """Run the app with uvicorn until interrupted; ``announce`` is called with its address once it can start."""
    app = create_app()
    try:
        import uvicorn  # noqa: PLC0415
    except ImportError as exc:
        raise ImportError(INSTALL_HINT) from exc
    if announce is not None:
        announce(f"http://{host}:{port}/")
    uvicorn.run(app, host=host, port=port, log_level="info")
