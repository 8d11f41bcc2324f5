"""One error shape for every route: ``{"code", "field", "message"}``, and never a stack trace.

FastAPI's own validation errors, unknown routes and methods, bodies over the size limit and
unexpected faults are all answered in this shape.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from igflab.errors import IgflabError

__all__ = ["MAX_BODY_BYTES", "ApiError", "BodyLimit", "HttpProblem", "add_error_handlers", "error_response"]

#: The largest request body accepted (1 MB); larger ones get 413.
MAX_BODY_BYTES = 1_000_000

_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "body_too_large", 415: "unsupported_media_type"}


class ApiError(BaseModel):
    """An error: a stable code, the input field it is about (or null) and a message."""

    code: str
    field: str | None
    message: str


def error_response(
    status: int, code: str, field: str | None, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(status_code=status, content={"code": code, "field": field, "message": message}, headers=headers)


class HttpProblem(Exception):
    """An answer other than 200 that a route chooses (CDS Hooks: 400, 401, 412), in the one error shape."""

    def __init__(
        self, status: int, code: str, field: str | None, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.field, self.message, self.headers = status, code, field, message, headers


def _validation(exc: RequestValidationError) -> JSONResponse:
    first: dict[str, Any] = next(iter(exc.errors()), {})
    loc = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path")]
    message = str(first.get("msg", "the request is not valid"))
    if first.get("type") == "json_invalid":
        message = "the body is not valid JSON"
    return error_response(422, "validation_error", ".".join(loc) or None, message)


def add_error_handlers(app: FastAPI) -> None:
    """Answer every error in the one shape."""

    async def igflab_error(_r: Request, exc: Exception) -> JSONResponse:
        e = exc if isinstance(exc, IgflabError) else IgflabError(str(exc))
        return error_response(422, e.code, e.field, e.message)

    async def validation(_r: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return _validation(exc)

    async def http(_r: Request, exc: Exception) -> JSONResponse:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        detail = exc.detail if isinstance(exc, HTTPException) and isinstance(exc.detail, str) else "error"
        return error_response(status, _HTTP_CODES.get(status, f"http_{status}"), None, detail)

    async def problem(_r: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, HttpProblem)
        return error_response(exc.status, exc.code, exc.field, exc.message, exc.headers)

    async def internal(_r: Request, _exc: Exception) -> JSONResponse:
        return error_response(500, "internal_error", None, "an internal error occurred; please report it")

    app.add_exception_handler(HttpProblem, problem)
    app.add_exception_handler(IgflabError, igflab_error)
    app.add_exception_handler(RequestValidationError, validation)
    app.add_exception_handler(HTTPException, http)
    app.add_exception_handler(Exception, internal)


class BodyLimit:
    """ASGI middleware: refuse a request body over ``limit`` bytes with 413 (declared or streamed)."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await self._refuse(scope, receive, send)
            return
        # The body is read here, up to the limit, then handed on: a body sent without a length
        # (chunked) is refused as soon as it passes the limit, before any route reads it.
        chunks: list[bytes] = []
        seen = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            seen += len(chunks[-1])
            if seen > self.limit:
                await self._refuse(scope, receive, send)
                return
            more = message.get("more_body", False)
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = f"the request body is larger than {self.limit:,} bytes"
        await error_response(413, "body_too_large", None, message)(scope, receive, send)
