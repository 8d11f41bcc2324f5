"""The JSON contract: JSON Schemas of the request and the result, and a JSON request runner.

Apps in any language call igflab with an :class:`~igflab.models.InterpretRequest` as JSON
(``igflab interpret --input request.json``) and get an :class:`~igflab.models.Interpretation`
back as JSON. The schemas of both are generated from the pydantic models and committed
under ``docs/schema/`` (``igflab schema input`` / ``igflab schema output`` print them); each
carries ``schema_version``, which changes when the JSON shape changes in a breaking way.

>>> result_schema()["schema_version"] == SCHEMA_VERSION
True
>>> interpret_request('{"value": "150 ng/mL", "age": 45, "sex": "male"}').zone.value
'middle_third'
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import ValidationError

from igflab.core.interpret import interpret
from igflab.core.panel import interpret_panel
from igflab.errors import InputError
from igflab.models import SCHEMA_VERSION, Interpretation, InterpretRequest
from igflab.panel_models import PanelInterpretation

__all__ = [
    "SCHEMA_FILES",
    "answer_request",
    "interpret_request",
    "load_json",
    "parse_request",
    "request_schema",
    "result_schema",
    "schema_text",
]

SchemaKind = Literal["input", "output"]

#: Where the committed schemas live, relative to the repository root.
SCHEMA_FILES: dict[SchemaKind, str] = {
    "input": "docs/schema/input.schema.json",
    "output": "docs/schema/output.schema.json",
}

_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _wrap(schema: dict[str, Any]) -> dict[str, Any]:
    return {"$schema": _DIALECT, "schema_version": SCHEMA_VERSION, **schema}


def request_schema() -> dict[str, Any]:
    """JSON Schema of a request (:class:`~igflab.models.InterpretRequest`), as apps send it."""
    return _wrap(InterpretRequest.model_json_schema(mode="validation"))


def result_schema() -> dict[str, Any]:
    """JSON Schema of a result (:class:`~igflab.models.Interpretation`), as igflab writes it."""
    return _wrap(Interpretation.model_json_schema(mode="serialization"))


def schema_text(kind: SchemaKind) -> str:
    """The schema as the committed file holds it (2-space JSON, UTF-8, final newline)."""
    if kind == "input":
        data = request_schema()
    elif kind == "output":
        data = result_schema()
    else:
        raise InputError(f"unknown schema {kind!r}; give 'input' or 'output'", field="schema")
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _field_of(err: Mapping[str, Any]) -> str:
    loc = [str(p) for p in err.get("loc", ())]
    if not loc:
        return "request"
    # Union members appear in the location (e.g. ("value", "float")); keep the field and list indexes.
    out = [loc[0]]
    out.extend(f"[{p}]" for p in loc[1:] if p.isdigit())
    return "".join(out)


def _message(exc: ValidationError) -> tuple[str, str]:
    errors = exc.errors(include_url=False)
    first = errors[0]
    field = _field_of(first)
    kind = first.get("type", "")
    if kind == "missing":
        return field, f"{field} is required"
    if kind == "extra_forbidden":
        return field, f"unknown field {field!r} in the request"
    same = [e for e in errors if _field_of(e) == field]
    shown = repr(first.get("input"))
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    why = "; or ".join(dict.fromkeys(str(e.get("msg", "")).rstrip(".") for e in same))
    return field, f"{field} {shown} is invalid: {why}"


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKeyError(key)
        out[key] = value
    return out


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def load_json(text: str | bytes | bytearray, what: str, field: str) -> Any:
    """JSON text (or UTF-8 bytes) as Python values; anything unreadable is an :class:`InputError`.

    Refused, each with its reason: invalid JSON, bytes that are not UTF-8, nesting too deep
    for the parser, a key given twice in one object (JSON leaves the meaning open; igflab
    does not pick one), and numbers too long to convert.
    """
    try:
        return json.loads(text, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        message = f"{what} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
    except UnicodeDecodeError:
        message = f"{what} is not valid JSON: the bytes are not UTF-8 text"
    except RecursionError:
        message = f"{what} is not valid JSON: nested too deeply"
    except _DuplicateKeyError as exc:
        message = f"{what} gives the key {exc.key[:40]!r} twice in one object"
    except ValueError as exc:  # e.g. an integer of thousands of digits
        message = f"{what} is not usable JSON: {str(exc)[:120]}"
    raise InputError(message, field=field)


def parse_request(request: Any) -> InterpretRequest:
    """A validated :class:`~igflab.models.InterpretRequest` from a model, a dict or JSON text.

    A malformed request raises :class:`~igflab.errors.InputError` naming the field.
    """
    if isinstance(request, InterpretRequest):
        return request
    try:
        text = isinstance(request, (str, bytes, bytearray))
        data = load_json(request, "the request", "request") if text else request
        if not isinstance(data, Mapping):
            raise InputError(f"the request must be one JSON object, not {type(data).__name__}", field="request")
        return InterpretRequest.model_validate(dict(data))
    except ValidationError as exc:
        field, message = _message(exc)
        raise InputError(message, field=field) from None


def interpret_request(request: Any) -> Interpretation:
    """Interpret a JSON request for one result of any analyte (``analyte``: IGF-1 by default, or IGFBP-3), given
    as an :class:`~igflab.models.InterpretRequest`, a dict or JSON text; a request for the panel (``igfbp3``) is
    refused here (see :func:`answer_request`).

    >>> interpret_request({"value": "4.1 mg/L", "age": 45, "sex": "male", "analyte": "igfbp3"}).analyte
    'igfbp3'
    """
    fields = parse_request(request).model_dump()  # the request's fields are interpret()'s (a test keeps them so)
    if fields.pop("igfbp3") is not None:
        raise InputError("this endpoint reads one result; leave out igfbp3 (the panel)", field="igfbp3")
    if fields.pop("igfbp3_unit") is not None:  # never a unit silently unused
        raise InputError("igfbp3_unit is given without igfbp3 (the unit of value goes in unit)", field="igfbp3_unit")
    return interpret(**fields)


def answer_request(request: Any) -> Interpretation | PanelInterpretation:
    """Answer any JSON request: one result of any analyte (``analyte``) or the IGF-1 + IGFBP-3 panel (``igfbp3``)."""
    req = parse_request(request)
    if req.igfbp3 is None:
        return interpret_request(req)
    for name in ("lab_range", "lab_range_unit"):
        if getattr(req, name) is not None:
            raise InputError(f"{name} is read for IGF-1 alone; leave it out with igfbp3", field=name)
    person: dict[str, Any] = req.model_dump(include={"age", "birth_date", "collected", "sex", "reference", "assay"})
    person["context"] = req.context
    if req.analyte != "igf1":
        raise InputError("with igfbp3, value is the IGF-1 result: leave out analyte", field="analyte")
    return interpret_panel(req.value, req.igfbp3, igf1_unit=req.unit, igfbp3_unit=req.igfbp3_unit, **person)
