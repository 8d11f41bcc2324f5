"""The web page and the JSON API (in-process, fastapi's TestClient): what a person and an app get back."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("jinja2")

import igflab
from tests.support import web_client


@pytest.fixture(scope="module")
def client() -> Any:
    return web_client()


def _form(**fields: str) -> dict[str, str]:
    return {"value": "180", "unit": "ng/mL", "age": "38", "sex": "female", **fields}


def test_form_page_is_self_contained(client: Any) -> None:
    page = client.get("/")
    assert page.status_code == 200
    html = page.text
    assert '<html lang="en">' in html
    assert "Intended use:" in html
    assert "does not diagnose" in html
    for name in ("value", "unit", "age", "birth_date", "collected", "lab_low", "lab_high"):
        assert f'<label for="{name}"' in html or f'for="{name}"' in html, name
    assert "<script" not in html
    # nothing is loaded from elsewhere: every src/href/action is local
    for url in re.findall(r'(?:src|action)="([^"]*)"|<link[^>]*href="([^"]*)"', html):  # nothing loaded from elsewhere
        assert "//" not in "".join(url), url
    sources = html.split('class="sources"')[1] if 'class="sources"' in html else ""
    for url in re.findall(r'href="([^"]*)"', html.replace(sources, "")):  # the only links out are the sources
        assert "//" not in url, url
    css = client.get("/static/style.css").text
    assert "@media print" in css
    assert "url(" not in css
    assert "@import" not in css


def test_result_page_leads_with_the_summary_then_chart_notes_guidance(client: Any) -> None:
    page = client.post("/", data=_form())
    assert page.status_code == 200
    html = page.text
    r = igflab.interpret(180, "ng/mL", age=38, sex="female")
    # Bidlingmaier 2014, females 38 years: 2.5th-97.5th centile 69.0-227 ng/mL (the CLI's ranges command)
    assert "69.0-227 ng/mL (9.02-29.7 nmol/L)" in html
    order = [html.index(x) for x in ('id="summary"', "<svg", 'class="notes"', 'id="guidance"', 'class="sources"')]
    assert order == sorted(order)
    assert r.summary.text.replace("'", "&#39;") in html
    assert 'id="result"' in html
    assert 'data-ng-per-ml="180"' in html
    assert "high_normal" not in html
    assert "(N)" not in html
    # The adult band (and its legend entry) is drawn for a person of its ages only.
    assert ("not a target" in html) == (r.adult_band is not None)
    assert len(re.findall(r'<li id="source-\d+">', html)) == len(r.citations)
    for url in re.findall(r'(?:src|action)="([^"]*)"|<link[^>]*href="([^"]*)"', html):  # nothing loaded from elsewhere
        assert "//" not in "".join(url), url
    sources = html.split('class="sources"')[1] if 'class="sources"' in html else ""
    for url in re.findall(r'href="([^"]*)"', html.replace(sources, "")):  # the only links out are the sources
        assert "//" not in url, url


def test_figures_follow_the_unit_typed(client: Any) -> None:
    html = client.post("/", data=_form(value="19.6", unit="nmol/L", age="45")).text
    # 19.6 nmol/L x 7.649 = 149.9 ng/mL; the typed unit first
    assert "19.6 nmol/L (150 ng/mL)" in html
    assert "IGF-1 (nmol/L)" in html  # the chart's axis


def test_a_child_gets_no_adult_mid_range(client: Any) -> None:
    html = client.post("/", data=_form(value="310", age="12")).text
    assert 'id="adult-mid-range"' not in html
    assert "mid-range" not in html.split('id="summary"')[1].split("</p>")[0]
    assert "girls aged 12 years" in html


def test_bad_input_reshows_the_form_with_the_message_by_the_field(client: Any) -> None:
    page = client.post("/", data=_form(value="150 kg", age="38"))
    assert page.status_code == 422
    html = page.text
    assert 'id="unit-error"' in html
    assert 'value="150 kg"' in html
    assert 'value="38"' in html
    assert 'aria-invalid="true"' in html
    half = client.post("/", data=_form(lab_low="52")).text
    assert 'id="lab_low-error"' in half
    assert 'value="52"' in half
    missing = client.post("/", data={"value": "", "sex": "", "age": ""}).text
    for name in ("value", "sex", "age"):
        assert f'id="{name}-error"' in missing


def test_the_page_takes_its_fields_from_the_query_string(client: Any) -> None:
    html = client.get("/", params={"value": "6.1", "unit": "nmol/L", "age": "47", "sex": "female"}).text
    assert "6.10 nmol/L (46.7 ng/mL)" in html


def test_api_interpret_equals_the_library_and_takes_a_display_unit(client: Any) -> None:
    body = {"value": "150 ng/mL", "age": 45, "sex": "male"}
    answer = client.post("/api/v1/interpret", json=body)
    assert answer.status_code == 200
    assert answer.json() == igflab.interpret("150 ng/mL", age=45, sex="male").model_dump(mode="json")
    nmol = client.post("/api/v1/interpret", json=body, params={"display_unit": "nmol/L"}).json()
    assert nmol["summary"]["unit"] == "nmol/L"
    assert nmol["summary"]["text"].startswith("This IGF-1 result, 19.6 nmol/L (150 ng/mL)")
    fhir = client.post("/api/v1/interpret/fhir", json=body).json()
    assert fhir["resourceType"] == "Observation"


@pytest.mark.parametrize(
    ("send", "status", "code", "field"),
    [
        ({"json": {"value": "150 kg", "age": 45, "sex": "male"}}, 422, "unit_error", "unit"),
        ({"json": {"value": "150 ng/mL", "age": 45}}, 422, "validation_error", "sex"),
        ({"json": {"value": "150 ng/mL", "age": 45, "sex": "m", "extra": 1}}, 422, "validation_error", "extra"),
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 422, "validation_error", "body"),
        ({"json": {"value": 150, "age": 45, "sex": "m"}, "params": {"display_unit": "kg"}}, 422, "unit_error", None),
    ],
)
def test_every_api_error_has_one_shape(client: Any, send: dict[str, Any], status: int, code: str, field: Any) -> None:
    answer = client.post("/api/v1/interpret", **send)
    assert answer.status_code == status
    body = answer.json()
    assert set(body) == {"code", "field", "message"}
    assert body["code"] == code
    if field is not None:
        assert body["field"] == field
    assert "Traceback" not in answer.text


def test_unknown_routes_methods_and_large_bodies_have_the_shape_too(client: Any) -> None:
    for answer, status in (
        (client.get("/no-such-page"), 404),
        (client.get("/api/v1/interpret"), 405),
        (client.post("/api/v1/interpret", content=b"x" * 1_000_001), 413),
        (client.post("/", content=b"value=" + b"1" * 1_000_001), 413),
    ):
        assert answer.status_code == status
        assert set(answer.json()) == {"code", "field", "message"}


def test_a_fault_inside_is_a_500_without_a_stack_trace(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import igflab.web.api as app_module

    def broken(_request: Any) -> Any:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(app_module, "answer_request", broken)
    answer = client.post("/api/v1/interpret", json={"value": 150, "age": 45, "sex": "m"})
    assert answer.status_code == 500
    assert answer.json() == {
        "code": "internal_error",
        "field": None,
        "message": "an internal error occurred; please report it",
    }
    assert "secret detail" not in answer.text
    assert "Traceback" not in answer.text


def test_openapi_document_lists_the_api_and_the_error_shape(client: Any) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/interpret" in doc["paths"]
    assert "/cds-services" in doc["paths"]
    responses = doc["paths"]["/api/v1/interpret"]["post"]["responses"]
    assert responses["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/ApiError")
    assert client.get("/docs").status_code == 404  # the interactive docs would load scripts from elsewhere


def test_the_web_extra_is_imported_only_when_the_app_is_made() -> None:
    import subprocess
    import sys

    code = (
        "import sys, igflab, igflab.web\n"
        "igflab.interpret(150, 'ng/mL', age=45, sex='m')\n"
        "from igflab.cli import main\nimport contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    main(['serve', '--help'])\n"
        "print(sorted(m for m in ('fastapi', 'jinja2', 'uvicorn', 'starlette') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_serve_without_the_extra_says_how_to_install_it() -> None:
    import subprocess
    import sys

    code = "import sys; sys.modules['fastapi'] = None\nfrom igflab.cli import main\nsys.exit(main(['serve']))"
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert p.returncode == 2
    assert "pip install 'igflab[web]'" in p.stderr
    assert "Traceback" not in p.stderr


def test_the_api_answers_igfbp3_and_the_panel(client: Any) -> None:
    body = {"value": "150 ng/mL", "igfbp3": "4.1 mg/L", "age": 45, "sex": "male"}
    answer = client.post("/api/v1/interpret", json=body)
    assert answer.status_code == 200, answer.text
    got = igflab.PanelInterpretation.model_validate(answer.json())
    assert got == igflab.interpret_panel("150 ng/mL", "4.1 mg/L", age=45, sex="male")
    one = client.post(
        "/api/v1/interpret", json={"value": 143, "unit": "nmol/L", "analyte": "igfbp3", "age": 45, "sex": "f"}
    )
    assert one.status_code == 200, one.text
    assert one.json()["analyte"] == "igfbp3"
    assert one.json()["value"]["ng_per_ml"] == pytest.approx(143 * 28.7)
    assert one.json()["summary"]["text"].startswith("This IGFBP-3 result, 143 nmol/L (4.10 mg/L)")
    fhir = client.post("/api/v1/interpret/fhir", json=body)
    assert fhir.json()["resourceType"] == "Bundle"
    assert len(fhir.json()["entry"]) == 2
    unit = client.post("/api/v1/interpret?display_unit=nmol/L", json=body)
    assert unit.status_code == 422
    assert unit.json()["field"] == "display_unit"
