"""The JSON contract: the committed schemas match the models, and real JSON validates against them."""

from __future__ import annotations

import inspect
import json
from typing import Any

import pytest

import igflab
from igflab.io.json import SCHEMA_FILES, parse_request, request_schema, result_schema, schema_text
from igflab.models import SCHEMA_VERSION
from tests.support import ROOT


@pytest.mark.parametrize("kind", ["input", "output"])
def test_committed_schema_is_up_to_date(kind: str) -> None:
    path = ROOT / SCHEMA_FILES[kind]
    regenerate = f"regenerate it with:  igflab schema {kind} > {SCHEMA_FILES[kind]}"
    assert path.is_file(), f"{SCHEMA_FILES[kind]} is missing; {regenerate}"
    committed = path.read_text(encoding="utf-8")
    assert committed == schema_text(kind), (
        f"{SCHEMA_FILES[kind]} no longer matches the pydantic models; if the change is intended, "
        f"{regenerate} (and bump SCHEMA_VERSION in igflab/models.py for a breaking change)"
    )


def test_schemas_carry_the_schema_version() -> None:
    for schema in (request_schema(), result_schema()):
        assert schema["schema_version"] == SCHEMA_VERSION
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    out = result_schema()
    assert out["title"] == "Interpretation"
    assert out["properties"]["schema_version"]["default"] == SCHEMA_VERSION
    assert "igflab_version" in out["$defs"]["Provenance"]["properties"]
    assert request_schema()["title"] == "InterpretRequest"


def test_request_fields_are_the_interpret_parameters() -> None:
    """Every request field is a parameter of interpret() or, for the panel, of interpret_panel(): the same call."""
    params = set(inspect.signature(igflab.interpret).parameters)
    panel = {"igfbp3", "igfbp3_unit"}
    assert set(request_schema()["properties"]) == params | panel
    assert panel <= set(inspect.signature(igflab.interpret_panel).parameters)


_jsonschema = pytest.importorskip("jsonschema")


def _validator(schema: dict[str, Any]) -> Any:
    cls = _jsonschema.Draft202012Validator
    cls.check_schema(schema)
    return cls(schema)


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(value="150 ng/mL", age=45, sex="male"),
        dict(value="<25 ng/mL", age=60, sex="m"),
        dict(value=60, unit="ng/mL", age=45, sex="male", lab_range="52-328"),
        dict(value=150, unit="ng/mL", age=45, sex="unknown"),
        dict(value=150, unit="ng/mL", age=45, sex="male", reference="quest_lcms"),
        dict(value=1900, unit="ng/mL", age=45, sex="male", context=["pregnancy"]),
    ],
)
def test_real_results_validate_against_the_output_schema(kwargs: dict[str, Any]) -> None:
    """An independent JSON Schema implementation accepts what igflab writes."""
    validator = _validator(json.loads((ROOT / SCHEMA_FILES["output"]).read_text(encoding="utf-8")))
    data = json.loads(igflab.interpret(**kwargs).model_dump_json())
    validator.validate(data)
    broken = {**data, "zone": "fine"}
    assert not validator.is_valid(broken)


@pytest.mark.parametrize(
    ("request_", "valid"),
    [
        ({"value": "150 ng/mL", "age": 45, "sex": "male"}, True),
        ({"value": 19.6, "unit": "nmol/L", "birth_date": "1981-03-02", "collected": "2026-03-02", "sex": "f"}, True),
        (
            {"value": 60, "unit": "ng/mL", "age": "45", "sex": "m", "lab_range": [52, 328], "context": ["pregnancy"]},
            True,
        ),
        ({"value": "150 ng/mL", "age": 45}, False),  # sex is required
        ({"value": "150 ng/mL", "age": 45, "sex": "male", "colour": "red"}, False),  # unknown field
        ({"value": [150], "age": 45, "sex": "male"}, False),
        ({"value": 150, "age": 45, "sex": "male", "lab_range": [52, 328, 400]}, False),
    ],
)
def test_input_schema_and_model_agree(request_: dict[str, Any], valid: bool) -> None:
    validator = _validator(json.loads((ROOT / SCHEMA_FILES["input"]).read_text(encoding="utf-8")))
    assert validator.is_valid(request_) is valid
    if valid:
        parse_request(request_)
    else:
        with pytest.raises(igflab.InputError):
            parse_request(request_)


def test_unknown_schema_kind() -> None:
    with pytest.raises(igflab.InputError) as info:
        schema_text("both")
    assert info.value.field == "schema"


@pytest.mark.parametrize("request_", [b"\xff{}", "[" * 100_000])
def test_unreadable_json_request_is_an_input_error(request_: str | bytes) -> None:
    with pytest.raises(igflab.InputError, match="not valid JSON") as info:
        parse_request(request_)
    assert info.value.field == "request"
