"""JSON for a series: the request (:class:`~igflab.series_models.SeriesRequest`) and both schemas."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import ValidationError

from igflab.core.series import interpret_series
from igflab.errors import InputError
from igflab.models import SCHEMA_VERSION
from igflab.series_models import SeriesInterpretation, SeriesRequest

from .json import load_json

__all__ = ["SERIES_SCHEMA_FILES", "parse_series_request", "series_request", "series_schema_text"]

SeriesSchemaKind = Literal["series-input", "series-output"]

#: Where the committed series schemas live, relative to the repository root.
SERIES_SCHEMA_FILES: dict[SeriesSchemaKind, str] = {
    "series-input": "docs/schema/series-input.schema.json",
    "series-output": "docs/schema/series-output.schema.json",
}


def parse_series_request(request: Any) -> SeriesRequest:
    """A validated :class:`SeriesRequest` from a model, a dict or JSON text (errors name the field)."""
    if isinstance(request, SeriesRequest):
        return request
    text = isinstance(request, (str, bytes, bytearray))
    data = load_json(request, "the series request", "request") if text else request
    if not isinstance(data, Mapping):
        raise InputError(f"the series request must be one JSON object, not {type(data).__name__}", field="request")
    try:
        return SeriesRequest.model_validate(dict(data))
    except ValidationError as exc:
        e = exc.errors(include_url=False)[0]
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in e["loc"]).lstrip(".") or "request"
        raise InputError(f"{where}: {e['msg']}", field=where) from None


def series_request(request: Any) -> SeriesInterpretation:
    """Interpret a JSON series request (a :class:`SeriesRequest`, a dict or JSON text)."""
    req = parse_series_request(request)
    return interpret_series(
        [item.model_dump() for item in req.results],
        sex=req.sex,
        birth_date=req.birth_date,
        reference=req.reference,
        assay=req.assay,
        context=req.context or None,
        cv_analytical=req.cv_analytical,
        cv_within=req.cv_within,
        assay_cvs=req.assay_cvs,
        probability=req.probability,
        one_sided=req.one_sided,
    )


def series_schema_text(kind: SeriesSchemaKind) -> str:
    """The series schema as the committed file holds it (2-space JSON, UTF-8, final newline)."""
    if kind == "series-input":
        schema = SeriesRequest.model_json_schema(mode="validation")
    elif kind == "series-output":
        schema = SeriesInterpretation.model_json_schema(mode="serialization")
    else:
        raise InputError(f"unknown schema {kind!r}", field="schema")
    data = {"$schema": "https://json-schema.org/draft/2020-12/schema", "schema_version": SCHEMA_VERSION, **schema}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
