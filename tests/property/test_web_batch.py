"""The API's batch never drops or reorders a row: each JSON line or CSV row gets its answer, in place, or its error."""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("fastapi")

import igflab
from tests.strategies import CLINICAL
from tests.support import shared_web_client


def _client() -> Any:
    return shared_web_client()


good = st.fixed_dictionaries(
    {
        "value": st.one_of(CLINICAL, st.sampled_from(["<25", "150 ng/mL", "19.6 nmol/L", "150,5", "abc", ""])),
        "unit": st.sampled_from(["ng/mL", "nmol/L", "ug/L", "kg", None]),
        "age": st.one_of(st.integers(min_value=0, max_value=100), st.sampled_from(["8m", "x", -1])),
        "sex": st.sampled_from(["male", "f", "unknown", "robot"]),
    }
)
line = st.one_of(
    good.map(json.dumps),
    st.sampled_from(["not json", "[1]", '{"value": 1, "colour": 2}', '{"value": {"a": 1}}', "   ", "", "null"]),
)


def _expected(data: dict[str, Any]) -> tuple[Any, ...]:
    r = igflab.interpret_batch([data["value"]], data["unit"], [data["age"]], [data["sex"]]).to_dicts()[0]
    return r["zone"], r["sds"], r["error_code"], r["error_field"]


@settings(max_examples=40)
@given(lines=st.lists(line, max_size=12))
def test_every_json_line_has_its_answer_in_place(lines: list[str]) -> None:
    answer = _client().post("/api/v1/batch", content="\n".join(lines), headers={"content-type": "application/x-ndjson"})
    assert answer.status_code == 200, answer.text
    rows = [json.loads(x) for x in answer.text.splitlines()]
    assert [r["line"] for r in rows] == [n for n, t in enumerate(lines, start=1) if t.strip()]
    for r in rows:
        given_line = lines[r["line"] - 1]
        try:
            data = json.loads(given_line)
        except ValueError:
            data = None
        if isinstance(data, dict) and set(data) == {"value", "unit", "age", "sex"}:
            zone, sds, code, field = _expected(data)
            assert (r["zone"], r["error_code"], r["error_field"]) == (zone, code, field)
            assert r["sds"] == sds or (r["sds"] is not None and math.isclose(r["sds"], sds))
        else:
            assert r["error_code"] == "input_error", r
            assert r["zone"] is None


@settings(max_examples=30)
@given(rows=st.lists(good, max_size=12), ragged=st.sets(st.integers(min_value=0, max_value=11)))
def test_every_csv_row_has_its_answer_in_place(rows: list[dict[str, Any]], ragged: set[int]) -> None:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["id", "value", "unit", "age", "sex"])
    for i, d in enumerate(rows):
        cells = [i, d["value"], d["unit"] or "", d["age"], d["sex"]]
        w.writerow(cells[:3] if i in ragged else cells)
    answer = _client().post("/api/v1/batch", content=out.getvalue(), headers={"content-type": "text/csv"})
    assert answer.status_code == 200, answer.text
    got = list(csv.DictReader(io.StringIO(answer.text)))
    assert [int(r["id"]) for r in got] == list(range(len(rows)))
    for i, (r, d) in enumerate(zip(got, rows, strict=True)):
        if i in ragged:
            assert (r["error_code"], r["error_field"]) == ("input_error", "csv")
            continue
        zone, _, code, field = _expected({**d, "unit": d["unit"] or None, "value": str(d["value"])})
        assert (r["zone"] or None, r["error_code"] or None, r["error_field"] or None) == (zone, code, field)
