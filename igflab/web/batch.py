"""``POST /api/v1/batch``: many results in one request, CSV or JSON lines, the answer streamed row by row.

The body is read whole (at most :data:`BATCH_MAX_BYTES`) and checked before the answer starts,
so what concerns every row (text that is not UTF-8 or not CSV, a header without a value
column, an unknown reference) is one error in the one shape, with its status; then the rows
are interpreted a chunk at a time (:func:`igflab.io.csv.interpret_records`, the rules of
:func:`igflab.interpret_batch`) and written as they are done. One answer row per input row,
in the input's order: a row igflab cannot read gets its error in its own row (``error_code``,
``error_field``, ``error_message``), never dropped. Blank lines hold no row.
"""

from __future__ import annotations

import collections
import csv
import io
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from igflab.errors import IgflabError, InputError
from igflab.io.csv import PANEL, cells, interpret_records
from igflab.io.json import load_json

from .api_models import BATCH_CSV_EXAMPLE, BATCH_JSONL_EXAMPLE
from .errors import ApiError, error_response

__all__ = ["BATCH_MAX_BYTES", "CSV_TYPE", "JSONL_TYPE", "JSONL_TYPES", "add_batch"]

#: The largest batch body accepted (10 MB, about 200,000 short rows); larger ones get 413.
BATCH_MAX_BYTES = 10_000_000
CSV_TYPE = "text/csv"
JSONL_TYPE = "application/x-ndjson"
#: The media types read as JSON lines (one JSON object a line); the answer is ``application/x-ndjson``.
JSONL_TYPES = (JSONL_TYPE, "application/jsonl", "application/json-lines", "application/x-jsonlines")
#: Rows interpreted and written at a time.
CHUNK_ROWS = 2048

Analyte = Literal["igf1", "igfbp3", "panel"]
Delimiter = Literal[",", ";", "\t", "|"]


def _columns(analyte: str) -> tuple[str, ...]:
    """The fields a JSON line may give (besides ``id``), by analyte: the CSV columns of the same names."""
    extra = ("lab_low", "lab_high") if analyte == "igf1" else ("igfbp3", "igfbp3_unit") if analyte == PANEL else ()
    return ("value", "unit", "age", "sex", *extra)


@dataclass(frozen=True, slots=True)
class _Line:
    data: Any  # the line as JSON (None when it is not JSON)
    cells: list[str]
    error: IgflabError | None


def _cell(key: str, v: Any, number: int) -> str:
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v):
        return json.dumps(v)
    raise InputError(f"line {number}: {key} must be a number, text or null, not {json.dumps(v)[:40]}", field=key)


def _read_line(text: str, number: int, names: tuple[str, ...]) -> _Line:
    blank = [""] * len(names)
    try:
        data = load_json(text, f"line {number}", "line")
    except InputError as exc:
        return _Line(None, blank, InputError(exc.message.replace("(line 1, column", "(column"), field="line"))
    try:
        if not isinstance(data, dict):
            raise InputError(f"line {number} must be one JSON object, not {type(data).__name__}", field="line")
        for key in data:
            if key not in names and key != "id":
                known = ", ".join((*names, "id"))
                raise InputError(f"line {number}: unknown field {key[:40]!r} (known: {known})", field=key[:40])
        return _Line(data, [_cell(k, data.get(k), number) for k in names], None)
    except InputError as exc:
        return _Line(data, blank, exc)


def _csv_check(text: str, delimiter: str) -> list[str]:
    """The header, after a first pass that reads every record: text that is not CSV is refused before the answer."""
    try:
        records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = next(records, None)
        for _ in records:
            pass
    except csv.Error as exc:
        raise InputError(f"the CSV cannot be read: {exc}", field="body") from None
    if not header:
        raise InputError("the CSV is empty: it needs a header row", field="body")
    return header


def _plain(v: Any) -> Any:
    return None if isinstance(v, float) and math.isnan(v) else v


def _rows(res: Any) -> Iterator[dict[str, Any]]:
    cols = {k: a.tolist() for k, a in res.columns().items()}
    for row in zip(*cols.values(), strict=True):
        yield {k: _plain(v) for k, v in zip(cols, row, strict=True)}


def _csv_answer(text: str, delimiter: str, choice: dict[str, Any]) -> Iterator[str]:
    header = _csv_check(text, delimiter)
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    next(records)
    names, chunks = interpret_records(header, records, chunk_rows=CHUNK_ROWS, **choice)

    def stream() -> Iterator[str]:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
        writer.writerow(names)
        for incols, res in chunks:
            writer.writerows(zip(*incols, *(cells(a) for a in res.columns().values()), strict=True))
            yield out.getvalue()
            out.seek(0)
            out.truncate()
        yield out.getvalue()

    return stream()


def _jsonl_answer(text: str, choice: dict[str, Any]) -> Iterator[str]:
    """JSON lines, read as the rows are interpreted (memory stays at a chunk's lines, not the whole body's)."""
    names = _columns(choice["analyte"])
    errors: dict[int, IgflabError] = {}  # filled as the lines are read, before their chunk is interpreted
    pending: collections.deque[tuple[int, Any]] = collections.deque()  # each row's line number and input

    def records() -> Iterator[list[str]]:
        k = 0
        for number, text_line in enumerate(io.StringIO(text, newline="\n"), start=1):
            if not text_line.strip():
                continue  # a blank line holds no row
            line = _read_line(text_line, number, names)
            pending.append((number, line.data))
            if line.error is not None:
                errors[k] = line.error
            k += 1
            yield line.cells

    _, chunks = interpret_records(list(names), records(), chunk_rows=CHUNK_ROWS, errors=errors, **choice)

    def stream() -> Iterator[str]:
        for _, res in chunks:
            out = []
            for row in _rows(res):
                number, data = pending.popleft()
                out.append(json.dumps({"line": number, "input": data, **row}, ensure_ascii=False) + "\n")
            yield "".join(out)

    return stream()


def _prepare(body: bytes, jsonl: bool, delimiter: str, choice: dict[str, Any]) -> Iterator[str]:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("the body is not UTF-8 text; send it as UTF-8", field="body") from None
    return _jsonl_answer(text, choice) if jsonl else _csv_answer(text, delimiter, choice)


_BODY = {
    "required": True,
    "description": f"CSV (a header row, then one result a row) or JSON lines (one object a line), up to "
    f"{BATCH_MAX_BYTES:,} bytes. Columns or fields: value, unit, age, sex; lab_low and lab_high (IGF-1); igfbp3 "
    "and igfbp3_unit (the panel); a CSV may have any other columns (kept), a JSON line may have an id.",
    "content": {
        CSV_TYPE: {
            "schema": {"type": "string"},
            "examples": {"csv": {"summary": "Four rows", "value": BATCH_CSV_EXAMPLE}},
        },
        JSONL_TYPE: {
            "schema": {"type": "string"},
            "examples": {"jsonl": {"summary": "Four lines, two of them errors", "value": BATCH_JSONL_EXAMPLE}},
        },
    },
}
_ANSWERS: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "One row per input row, in order: the CSV with the result columns appended, or one JSON object "
        "a line (`line`, `input`, then the result fields). A row igflab cannot read has its error in its own row.",
        "content": {CSV_TYPE: {"schema": {"type": "string"}}, JSONL_TYPE: {"schema": {"type": "string"}}},
    },
    413: {"model": ApiError, "description": f"The body is larger than {BATCH_MAX_BYTES:,} bytes."},
    415: {"model": ApiError, "description": "The body is neither text/csv nor JSON lines."},
}


def add_batch(api: APIRouter) -> None:
    """Add ``POST /batch`` to the router."""

    @api.post(
        "/batch",
        tags=["batch"],
        response_class=StreamingResponse,
        responses=_ANSWERS,
        openapi_extra={"requestBody": _BODY},
    )
    async def batch(
        request: Request,
        analyte: Annotated[
            Analyte, Query(description="What the value column measures; panel: IGF-1 and IGFBP-3.")
        ] = "igf1",
        reference: Annotated[str | None, Query(description="A reference id (GET /api/v1/references).")] = None,
        assay: Annotated[str | None, Query(description="An assay id: chooses its reference.")] = None,
        delimiter: Annotated[Delimiter, Query(description="The CSV's delimiter (the answer's too).")] = ",",
    ) -> Any:
        """Interpret many results: CSV or JSON lines in, the same rows with their results out, streamed."""
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind not in (CSV_TYPE, *JSONL_TYPES):
            message = f"send the batch as {CSV_TYPE} or {JSONL_TYPE}, not {kind or 'no content type'}"
            return error_response(415, "unsupported_media_type", None, message)
        choice = {"analyte": analyte, "reference": reference, "assay": assay}
        jsonl = kind in JSONL_TYPES
        stream = await run_in_threadpool(_prepare, await request.body(), jsonl, delimiter, choice)
        media = JSONL_TYPE if jsonl else f"{CSV_TYPE}; charset=utf-8"
        return StreamingResponse(stream, media_type=media)
