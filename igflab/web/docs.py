"""The interactive API documentation (Swagger UI), served from the packaged bundle: no file from elsewhere.

The Swagger UI files come from the ``swagger-ui-bundle-v2`` package (part of the ``web`` extra)
and are served under ``/api/v1/docs/static``; ``GET /api/v1/docs`` is the page, which reads
``/api/v1/openapi.json``. Without the package the page says how to install it (404).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from .errors import error_response

__all__ = ["DOCS_URL", "add_docs", "swagger_ui_files"]

DOCS_URL = "/api/v1/docs"
_STATIC = f"{DOCS_URL}/static"
#: What the page says when the bundle is missing.
_MISSING = "the interactive docs need the swagger-ui-bundle-v2 package: pip install 'igflab[web]'"


def swagger_ui_files() -> Path | None:
    """The folder of the packaged Swagger UI files, or None when the package is not installed."""
    try:
        import swagger_ui_bundle  # noqa: PLC0415 - optional: the docs page alone needs it
    except ImportError:
        return None
    folder = Path(str(swagger_ui_bundle.swagger_ui_path))
    return folder if (folder / "swagger-ui-bundle.js").is_file() else None


def add_docs(app: FastAPI, openapi_url: str) -> None:
    """``GET /api/v1/docs``: Swagger UI over the app's OpenAPI document, every file served from here."""
    files = swagger_ui_files()
    if files is not None:
        app.mount(_STATIC, StaticFiles(directory=files), name="swagger-ui")

    @app.get(DOCS_URL, include_in_schema=False, response_model=None)
    def docs() -> HTMLResponse:
        if files is None:
            return error_response(404, "not_found", None, _MISSING)  # type: ignore[return-value]
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{app.title} {app.version} - API",
            swagger_js_url=f"{_STATIC}/swagger-ui-bundle.js",
            swagger_css_url=f"{_STATIC}/swagger-ui.css",
            swagger_favicon_url=f"{_STATIC}/favicon-32x32.png",
            # validatorUrl: no badge fetched from the validator's site; the page stays on this machine.
            swagger_ui_parameters={"validatorUrl": None, "tryItOutEnabled": True, "defaultModelsExpandDepth": 0},
        )
