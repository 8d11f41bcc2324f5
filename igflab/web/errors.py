"""One error shape for every route: ``{"code", "field", "message"}``, and never a stack trace.

FastAPI's own validation errors, unknown routes and methods, bodies over the size limit and
unexpected faults are all answered in this shape.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from igflab.errors import IgflabError

__all__ = [
    "MAX_BODY_BYTES",
    "ApiError",
    "BodyLimit",
    "HttpProblem",
    "add_error_handlers",
    "error_response",
    "field_path",
]

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


#: A union member's name in a pydantic error location (``("value", "float")``): a type, not a field.
_TYPE_TAGS = frozenset({"float", "int", "str", "bool", "bytes", "none", "dict", "list", "tuple", "set", "date"})


def _is_field(part: object) -> bool:
    return isinstance(part, int) or (
        isinstance(part, str) and part not in _TYPE_TAGS and "[" not in part and "-" not in part
    )


def field_path(loc: Sequence[object]) -> str | None:
    """The field an error location is about, as the request names it: ``results[0].value``, ``lab_range[1]``.

    The part saying where (``body``, ``query``) and union members' type names are left out, and
    so is a JSON parser's character offset: a field is always named, never numbered.

    >>> field_path(("body", "results", 0, "value", "float")), field_path(("body", 12)), field_path(("query", "x"))
    ('results[0].value', None, 'x')
    """
    parts = [p for p in loc[1:] if _is_field(p)] if loc and loc[0] in ("body", "query", "path", "header") else []
    if parts and isinstance(parts[0], int):  # a body that is not an object: the offset or index is no field
        return None
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in parts).lstrip(".") or None


def _line_column(doc: object, pos: int) -> str:
    text = doc.decode("utf-8", "replace") if isinstance(doc, (bytes, bytearray)) else doc
    if not isinstance(text, str):
        return ""
    line = text.count("\n", 0, pos) + 1
    return f" (line {line}, column {pos - (text.rfind(chr(10), 0, pos) + 1) + 1})"


def _body_message(first: Mapping[str, Any], doc: object) -> str:
    kind = first.get("type")
    if kind == "json_invalid":
        loc = first.get("loc", ())
        where = _line_column(doc, loc[1]) if len(loc) > 1 and isinstance(loc[1], int) else ""
        why = str((first.get("ctx") or {}).get("error", "it cannot be read"))
        return f"the body is not valid JSON: {why}{where}"
    if kind == "missing":
        return "the body is missing: send one JSON object"
    return "the body must be one JSON object"


def _validation(exc: RequestValidationError) -> JSONResponse:
    errors: list[dict[str, Any]] = list(exc.errors())
    first: dict[str, Any] = next(iter(errors), {})
    loc = tuple(first.get("loc", ()))
    field = field_path(loc)
    if field is None and loc[:1] == ("body",):
        return error_response(422, "validation_error", "body", _body_message(first, exc.body))
    if field is None:
        return error_response(422, "validation_error", None, str(first.get("msg", "the request is not valid")))
    if first.get("type") == "missing":
        return error_response(422, "validation_error", field, f"{field} is required")
    if first.get("type") == "extra_forbidden":
        return error_response(422, "validation_error", field, f"unknown field {field!r}")
    # A union's members each give a reason (number, or text): all are said, once each.
    why = dict.fromkeys(str(e.get("msg", "")).rstrip(".") for e in errors if field_path(e.get("loc", ())) == field)
    return error_response(422, "validation_error", field, f"{field}: {'; or '.join(why)}")


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
    """ASGI middleware: refuse a request body over ``limit`` bytes with 413 (declared or streamed).

    ``larger`` gives some paths a larger limit (the batch).
    """

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES, larger: Mapping[str, int] | None = None) -> None:
        self.app, self.default, self.larger = app, limit, dict(larger or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.larger.get(scope.get("path", ""), self.default)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._refuse(limit, scope, receive, send)
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
            if seen > limit:
                await self._refuse(limit, scope, receive, send)
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

    async def _refuse(self, limit: int, scope: Scope, receive: Receive, send: Send) -> None:
        message = f"the request body is larger than {limit:,} bytes"
        await error_response(413, "body_too_large", None, message)(scope, receive, send)
