"""The JSON API's operations (one result, the panel, a series, a batch, the references): each equals the library."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest

pytest.importorskip("fastapi")

import igflab
from igflab.io.csv import interpret_csv
from igflab.web.api_models import (
    BATCH_CSV_EXAMPLE,
    BATCH_JSONL_EXAMPLE,
    INTERPRET_EXAMPLES,
    PANEL_EXAMPLES,
    SERIES_EXAMPLES,
)
from igflab.web.batch import BATCH_MAX_BYTES, CHUNK_ROWS
from igflab.web.errors import MAX_BODY_BYTES
from tests.support import web_client

CSV = {"content-type": "text/csv"}
JSONL = {"content-type": "application/x-ndjson"}


@pytest.fixture(scope="module")
def client() -> Any:
    return web_client()


@pytest.fixture(scope="module")
def openapi(client: Any) -> dict[str, Any]:
    return dict(client.get("/api/v1/openapi.json").json())


def _examples(openapi: dict[str, Any], path: str, media: str = "application/json") -> dict[str, Any]:
    return dict(openapi["paths"][path]["post"]["requestBody"]["content"][media]["examples"])


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_every_operation_is_in_the_openapi_with_example_bodies(openapi: dict[str, Any]) -> None:
    paths = openapi["paths"]
    for path in ("/api/v1/interpret", "/api/v1/interpret/fhir", "/api/v1/panel", "/api/v1/series", "/api/v1/batch"):
        assert "post" in paths[path], path
    assert "get" in paths["/api/v1/references"]
    assert _examples(openapi, "/api/v1/interpret") == INTERPRET_EXAMPLES
    assert _examples(openapi, "/api/v1/panel") == PANEL_EXAMPLES
    assert _examples(openapi, "/api/v1/series") == SERIES_EXAMPLES
    assert _examples(openapi, "/api/v1/batch", "text/csv")["csv"]["value"] == BATCH_CSV_EXAMPLE
    assert _examples(openapi, "/api/v1/batch", "application/x-ndjson")["jsonl"]["value"] == BATCH_JSONL_EXAMPLE
    for path, ops in paths.items():
        for op in ops.values():
            if path.startswith("/api/v1/"):
                assert op["responses"]["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/ApiError")


@pytest.mark.parametrize("name", sorted(INTERPRET_EXAMPLES))
def test_each_interpret_example_is_the_librarys_answer(client: Any, name: str) -> None:
    body = INTERPRET_EXAMPLES[name]["value"]
    answer = client.post("/api/v1/interpret", json=body)
    assert answer.status_code == 200, answer.text
    assert answer.json() == igflab.interpret_request(body).model_dump(mode="json")


@pytest.mark.parametrize("name", sorted(PANEL_EXAMPLES))
def test_each_panel_example_is_interpret_panel(client: Any, name: str) -> None:
    body = dict(PANEL_EXAMPLES[name]["value"])
    answer = client.post("/api/v1/panel", json=body)
    assert answer.status_code == 200, answer.text
    got = igflab.PanelInterpretation.model_validate(answer.json())
    igf1, igfbp3 = body.pop("igf1"), body.pop("igfbp3")
    assert got == igflab.interpret_panel(igf1, igfbp3, **body)
    # 150 ng/mL / 7649 g/mol over 4.1 mg/L / 28,700 g/mol: molar ratio 0.137
    if name == "adult":
        assert got.molar_ratio == pytest.approx((150 / 7649) / (4100 / 28700), rel=1e-3)


@pytest.mark.parametrize("name", sorted(SERIES_EXAMPLES))
def test_each_series_example_is_interpret_series(client: Any, name: str) -> None:
    body = SERIES_EXAMPLES[name]["value"]
    answer = client.post("/api/v1/series", json=body)
    assert answer.status_code == 200, answer.text
    expected = igflab.interpret_series(
        body["results"], sex=body["sex"], birth_date=body.get("birth_date"), context=body.get("context")
    )
    assert answer.json() == expected.model_dump(mode="json")
    assert len(answer.json()["results"]) == len(body["results"])


def test_the_panel_and_series_errors_name_the_field(client: Any) -> None:
    bad_unit = client.post("/api/v1/panel", json={"igf1": "150 ng/mL", "igfbp3": "4.1 kg", "age": 45, "sex": "m"})
    assert bad_unit.status_code == 422
    assert bad_unit.json()["code"] == "unit_error"
    unknown = client.post("/api/v1/panel", json={"igf1": 150, "igfbp3": 4.1, "age": 45, "sex": "m", "lab": 1})
    assert unknown.json() == {"code": "validation_error", "field": "lab", "message": "unknown field 'lab'"}
    nested = client.post("/api/v1/series", json={"sex": "m", "results": [{"value": [1], "age": 40}]})
    assert nested.status_code == 422
    assert nested.json()["field"] == "results[0].value"
    empty = client.post("/api/v1/series", json={"sex": "m", "results": []})
    assert empty.json()["field"] == "results"


def test_the_reference_list_is_list_references(client: Any) -> None:
    listed = client.get("/api/v1/references").json()
    assert [r["id"] for r in listed] == [r.id for r in igflab.list_references(None)]
    defaults = {r["analyte"]: r["id"] for r in listed if r["default"]}
    assert defaults == {"igf1": igflab.list_references("igf1")[0].id, "igfbp3": igflab.list_references("igfbp3")[0].id}
    bidlingmaier = next(r for r in listed if r["id"] == "bidlingmaier2014_idsisys")
    # Bidlingmaier 2014: 15,014 subjects, LMS, 0-94 years (the reference file's age domain)
    assert (bidlingmaier["method"], bidlingmaier["n"], bidlingmaier["age_max"]) == ("LMS", 15014, 94.0)
    assert bidlingmaier["doi"] == "10.1210/jc.2013-3059"
    igfbp3 = client.get("/api/v1/references", params={"analyte": "igfbp3"}).json()
    assert [r["id"] for r in igfbp3] == [r.id for r in igflab.list_references(None) if r.analyte == "igfbp3"]
    assert client.get("/api/v1/references", params={"analyte": "x"}).json()["field"] == "analyte"


def test_a_csv_batch_is_interpret_csv_row_for_row(client: Any) -> None:
    answer = client.post("/api/v1/batch", content=BATCH_CSV_EXAMPLE, headers=CSV)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/csv")
    expected = io.StringIO()
    interpret_csv(io.StringIO(BATCH_CSV_EXAMPLE), expected)
    assert answer.text == expected.getvalue()
    rows = _csv_rows(answer.text)
    assert [r["id"] for r in rows] == ["A1", "A2", "A3", "A4"]
    assert rows[3]["error_code"] == "unit_error"
    assert rows[3]["error_field"] == "unit"
    r = igflab.interpret(19.6, "nmol/L", age=38, sex="f")
    assert rows[1]["zone"] == r.zone.value
    assert float(rows[1]["sds"]) == pytest.approx(r.sds)


def test_a_csv_batch_takes_the_panel_a_delimiter_and_keeps_ragged_rows(client: Any) -> None:
    text = "value;igfbp3;age;sex\n150 ng/mL;4.1 mg/L;45;m\n\n150;4.1\n"
    answer = client.post("/api/v1/batch", content=text, headers=CSV, params={"analyte": "panel", "delimiter": ";"})
    assert answer.status_code == 200, answer.text
    rows = list(csv.DictReader(io.StringIO(answer.text), delimiter=";"))
    assert len(rows) == 2  # the blank line holds no row; the short row is an error row, not dropped
    p = igflab.interpret_panel("150 ng/mL", "4.1 mg/L", age=45, sex="m")
    assert float(rows[0]["molar_ratio"]) == pytest.approx(p.molar_ratio)
    assert rows[1]["igf1_error_message"] == "the row has 2 fields but the header has 4"


def test_a_json_lines_batch_answers_every_line_in_order(client: Any) -> None:
    answer = client.post("/api/v1/batch", content=BATCH_JSONL_EXAMPLE, headers=JSONL)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/x-ndjson")
    rows = [json.loads(line) for line in answer.text.splitlines()]
    assert [r["line"] for r in rows] == [1, 2, 3, 4]
    one = igflab.interpret(150, "ng/mL", age=45, sex="male")
    assert (rows[0]["zone"], rows[0]["sds"]) == (one.zone.value, pytest.approx(one.sds))
    lab = igflab.interpret("98 ug/L", age=52, sex="f", lab_range=(84, 270))
    assert (rows[1]["zone"], rows[1]["flag"], rows[1]["position"]) == (lab.zone.value, lab.flag.value, "lab")
    assert rows[1]["input"] == json.loads(BATCH_JSONL_EXAMPLE.splitlines()[1])
    assert (rows[2]["error_code"], rows[2]["error_field"]) == ("unit_error", "unit")
    assert rows[3]["input"] is None
    assert (rows[3]["error_code"], rows[3]["error_field"]) == ("input_error", "line")
    assert rows[3]["error_message"].startswith("line 4 is not valid JSON")


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        ("[1, 2]", "line", "line 1 must be one JSON object, not list"),
        ('{"value": 150, "age": 45, "sex": "m", "colour": 1}', "colour", "line 1: unknown field 'colour'"),
        ('{"value": [150], "age": 45, "sex": "m"}', "value", "line 1: value must be a number, text or null"),
        ('{"value": true, "age": 45, "sex": "m"}', "value", "line 1: value must be a number, text or null"),
        ('{"value": 1, "value": 2, "age": 45, "sex": "m"}', "line", "line 1 gives the key 'value' twice"),
    ],
)
def test_a_json_line_igflab_cannot_read_is_an_error_row(client: Any, line: str, field: str, message: str) -> None:
    answer = client.post(
        "/api/v1/batch", content=f'{line}\n{{"value": "150 ng/mL", "age": 45, "sex": "m"}}\n', headers=JSONL
    )
    assert answer.status_code == 200
    bad, good = (json.loads(x) for x in answer.text.splitlines())
    assert (bad["error_code"], bad["error_field"]) == ("input_error", field)
    assert bad["error_message"].startswith(message)
    assert (good["line"], good["zone"]) == (2, igflab.interpret(150, "ng/mL", age=45, sex="m").zone.value)


def test_a_large_batch_is_streamed_in_chunks_with_every_row_in_order(client: Any) -> None:
    n = 2 * CHUNK_ROWS + 7
    note = "n" * 250  # a column the answer keeps as it is
    rows_in = [(i, 50 + i % 400, 20 + i % 60, "mf"[i % 2]) for i in range(n)]
    text = "id,value,unit,age,sex,note\n" + "".join(f"{i},{v},ng/mL,{a},{s},{note}\n" for i, v, a, s in rows_in)
    assert MAX_BODY_BYTES < len(text) < BATCH_MAX_BYTES  # the batch takes bodies the other operations refuse
    with client.stream("POST", "/api/v1/batch", content=text, headers=CSV) as answer:
        assert answer.status_code == 200
        pieces = list(answer.iter_text())
    assert len(pieces) > 1
    rows = _csv_rows("".join(pieces))
    assert [r["id"] for r in rows] == [str(i) for i in range(n)]
    assert {r["note"] for r in rows} == {note}
    values, ages, sexes = ([r[k] for r in rows_in] for k in (1, 2, 3))
    assert [r["zone"] for r in rows] == igflab.interpret_batch(values, "ng/mL", ages, sexes).zone.tolist()


def test_the_batch_size_limit_is_stated_and_kept(client: Any, openapi: dict[str, Any]) -> None:
    assert f"{BATCH_MAX_BYTES:,} bytes" in openapi["paths"]["/api/v1/batch"]["post"]["requestBody"]["description"]
    over = client.post("/api/v1/batch", content=b"value,age,sex\n" + b"1" * BATCH_MAX_BYTES, headers=CSV)
    assert over.status_code == 413
    assert over.json() == {
        "code": "body_too_large",
        "field": None,
        "message": f"the request body is larger than {BATCH_MAX_BYTES:,} bytes",
    }
    interpret = client.post("/api/v1/panel", content=b"{" + b" " * MAX_BODY_BYTES + b"}")
    assert interpret.status_code == 413
    assert interpret.json()["message"] == f"the request body is larger than {MAX_BODY_BYTES:,} bytes"


@pytest.mark.parametrize(
    ("body", "headers", "status", "field", "message"),
    [
        (b"value,age,sex\n1,2,m\n", {"content-type": "text/plain"}, 415, None, "send the batch as text/csv"),
        (b"value,age,sex\n\xff,2,m\n", CSV, 422, "body", "the body is not UTF-8 text"),
        (b"", CSV, 422, "body", "the CSV is empty"),
        (b'value,age,sex\n"150,45,m\n' + b"x" * 200_000 + b'"', CSV, 422, "body", "the CSV cannot be read"),
        (b"a,b\n1,2\n", CSV, 422, "csv", "the CSV has no value column named 'value'"),
    ],
)
def test_what_concerns_the_whole_batch_is_one_error(
    client: Any, body: bytes, headers: dict[str, str], status: int, field: Any, message: str
) -> None:
    answer = client.post("/api/v1/batch", content=body, headers=headers)
    assert answer.status_code == status
    assert set(answer.json()) == {"code", "field", "message"}
    assert answer.json()["field"] == field
    assert answer.json()["message"].startswith(message)
    unknown = client.post("/api/v1/batch", content=b"value,age,sex\n1,2,m\n", headers=CSV, params={"reference": "x"})
    assert (unknown.status_code, unknown.json()["code"]) == (422, "unknown_reference_error")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b'{"value": 150,', "the body is not valid JSON: Expecting property name enclosed in double quotes"),
        (b'{"value": 150,\n  "age": }', "the body is not valid JSON: Expecting value (line 2, column 10)"),
        (b"[1, 2]", "the body must be one JSON object"),
        (b"", "the body is missing: send one JSON object"),
    ],
)
def test_a_body_that_is_not_one_json_object_names_the_body_not_an_offset(
    client: Any, text: bytes, message: str
) -> None:
    for path in ("/api/v1/interpret", "/api/v1/panel", "/api/v1/series"):
        answer = client.post(path, content=text, headers={"content-type": "application/json"})
        assert answer.status_code == 422
        body = answer.json()
        assert (body["code"], body["field"]) == ("validation_error", "body")
        assert body["message"].startswith(message)


def test_a_field_is_named_never_numbered_and_union_members_are_not_fields(client: Any) -> None:
    cases = [
        ({"value": [1], "age": 45, "sex": "m"}, "value"),
        ({"value": 150, "age": 45, "sex": "m", "lab_range": [1, "x"]}, "lab_range[1]"),
        ({"value": 150, "age": {"y": 1}, "sex": "m"}, "age"),
        ({"value": 150, "age": 45}, "sex"),
    ]
    for body, field in cases:
        answer = client.post("/api/v1/interpret", json=body).json()
        assert answer["field"] == field, answer
        assert answer["message"].startswith(field)
        assert not re.fullmatch(r"[\d.]+", answer["field"])


def test_the_interactive_docs_are_served_from_here_and_linked_from_the_page(client: Any) -> None:
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    urls = re.findall(r'(?:src|href)="([^"]*)"', docs.text)
    assert urls
    for url in urls:
        assert url.startswith("/api/v1/docs/static/"), url
        assert client.get(url).status_code == 200, url
    assert "url: '/api/v1/openapi.json'" in docs.text
    assert '"validatorUrl": null' in docs.text  # no badge from the validator's site
    assert "http://" not in docs.text
    assert "https://" not in docs.text
    assert 'href="/api/v1/docs"' in client.get("/").text


def test_json_lines_over_several_chunks_keep_each_error_on_its_own_line(client: Any) -> None:
    n = 2 * CHUNK_ROWS + 5
    lines = [
        "oops"
        if i % 7 == 3
        else ""
        if i % 11 == 5
        else json.dumps({"value": 40 + i % 300, "unit": "ng/mL", "age": 30, "sex": "f"})
        for i in range(n)
    ]
    answer = client.post("/api/v1/batch", content="\r\n".join(lines), headers=JSONL)
    assert answer.status_code == 200
    rows = [json.loads(x) for x in answer.text.splitlines()]
    assert [r["line"] for r in rows] == [i + 1 for i in range(n) if lines[i]]
    for r in rows:
        i = r["line"] - 1
        if lines[i] == "oops":
            assert (r["error_field"], r["input"], r["zone"]) == ("line", None, None)
        else:
            assert r["error_code"] is None
            assert r["input"]["value"] == 40 + i % 300
            assert r["ng_per_ml"] == 40 + i % 300
