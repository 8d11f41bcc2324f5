"""JSON requests in, JSON and FHIR out: the command line as other programs call it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import igflab
from igflab.io.json import SCHEMA_FILES, answer_request, interpret_request
from tests.support import FIXTURES, ROOT, CliRun, one_error, run_cli


def run(*args: str, stdin: str | None = None) -> CliRun:
    return run_cli(*args, stdin=stdin)


def one_line_error(p: CliRun, field: str) -> str:
    return one_error(p, field)


REQUEST = {
    "value": 19.6,
    "unit": "nmol/L",
    "birth_date": "1981-03-02",
    "collected": "2026-03-02",
    "sex": "female",
    "lab_range": "6.8-42.9",
    "context": ["combined-contraceptive"],
}


def test_input_file_gives_the_json_result(tmp_path: Path) -> None:
    path = tmp_path / "request.json"
    path.write_text(json.dumps(REQUEST), encoding="utf-8")
    p = run("interpret", "--input", str(path))
    assert p.returncode == 0, p.stderr
    expected = igflab.interpret(
        19.6,
        "nmol/L",
        birth_date="1981-03-02",
        collected="2026-03-02",
        sex="female",
        lab_range="6.8-42.9",
        context=["combined-contraceptive"],
    )
    assert json.loads(p.stdout) == expected.model_dump(mode="json")
    assert json.loads(p.stdout)["age"] == 45.0  # from the dates


def test_input_from_stdin() -> None:
    p = run("interpret", "--input", "-", stdin='{"value": "150 ng/mL", "age": 45, "sex": "male"}')
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    assert data["schema_version"] == "2.0"
    assert (data["zone"], data["flag"]) == ("middle_third", "N")
    assert data["provenance"]["igflab_version"] == igflab.__version__


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ('{"value": "150 ng/mL", "age": 45}', "sex"),
        ('{"value": "150 ng/mL", "age": 45, "sex": "male", "colour": "red"}', "colour"),
        ('{"value": [150], "age": 45, "sex": "male"}', "value"),
        ('{"value": 150, "unit": "kg", "age": 45, "sex": "male"}', "unit"),
        ('{"value": 150, "unit": "ng/mL", "age": 45, "sex": "robot"}', "sex"),
        ('{"value": 150, "unit": "ng/mL", "age": 45, "sex": "m", "context": ["nope"]}', "context"),
        ('{"value": 150, "unit": "ng/mL", "age": 45, "sex": "m", "lab_range": [52, "x"]}', "lab_range[1]"),
        ('{"value": 150,', "request"),
        ("[1, 2]", "request"),
        ("", "request"),
    ],
)
def test_bad_request_is_one_line_naming_the_field(body: str, field: str) -> None:
    one_line_error(run("interpret", "--input", "-", stdin=body), field)


def test_input_cannot_be_mixed_with_value_or_flags(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps(REQUEST), encoding="utf-8")
    one_line_error(run("interpret", "150", "--input", str(path)), "input")
    one_line_error(run("interpret", "--input", str(path), "--age", "45"), "input")
    one_line_error(run("interpret", "--input", str(path), "--fhir-in", str(path)), "input")
    one_line_error(run("interpret", "--input", str(tmp_path / "missing.json")), "input")


def test_value_is_still_needed_without_a_file() -> None:
    one_line_error(run("interpret", "--age", "45", "--sex", "m"), "value")


def test_single_value_behaviour_is_unchanged() -> None:
    p = run("interpret", "150", "ng/mL", "--age", "45", "--sex", "male", "--json")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout) == igflab.interpret(150, "ng/mL", age=45, sex="male").model_dump(mode="json")


def test_fhir_output_is_to_fhir() -> None:
    p = run(
        "interpret", "150", "ng/mL", "--birth-date", "1981-03-02", "--collected", "2026-03-02", "--sex", "m", "--fhir"
    )
    assert p.returncode == 0, p.stderr
    obs = json.loads(p.stdout)
    r = igflab.interpret(150, "ng/mL", birth_date="1981-03-02", collected="2026-03-02", sex="m")
    assert obs == igflab.to_fhir(r, effective="2026-03-02")
    assert obs["effectiveDateTime"] == "2026-03-02"
    r4b = pytest.importorskip("fhir.resources.R4B.observation")
    r4b.Observation.model_validate(obs)


def test_fhir_in_bundle() -> None:
    path = FIXTURES / "fhir" / "bundle_patient_observation_nmol.json"
    p = run("interpret", "--fhir-in", str(path))
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    assert data == igflab.from_fhir(json.loads(path.read_text(encoding="utf-8"))).model_dump(mode="json")
    assert (data["flag"], data["sex"]) == ("L", "female")


def test_fhir_in_observation_with_flags_and_fhir_out() -> None:
    path = FIXTURES / "fhir" / "observation_ngml_lab_range.json"
    args = ["interpret", "--fhir-in", str(path), "--sex", "female", "--birth-date", "1980-06-15", "--fhir"]
    p = run(*args)
    assert p.returncode == 0, p.stderr
    obs = json.loads(p.stdout)
    # Subject and collection time are carried over from the Observation that was read.
    assert obs["subject"] == {"reference": "Patient/p1"}
    assert obs["effectiveDateTime"] == "2026-02-10T08:30:00+01:00"
    assert obs["interpretation"][0]["coding"][0]["code"] == "N"
    assert (obs["referenceRange"][0]["low"]["value"], obs["referenceRange"][0]["high"]["value"]) == (52, 328)


def test_fhir_in_errors_name_the_fhir_path(tmp_path: Path) -> None:
    path = FIXTURES / "fhir" / "observation_ngml_lab_range.json"
    one_line_error(run("interpret", "--fhir-in", str(path), "--birth-date", "1980-06-15"), "Patient.gender")
    one_line_error(run("interpret", "150", "--fhir-in", str(path), "--sex", "f"), "fhir_in")
    # The resource gives the collection date and --birth-date the birth date: the age comes from them.
    args = ["interpret", "--fhir-in", str(path), "--age", "45", "--birth-date", "1980-06-15", "--sex", "f"]
    one_line_error(run(*args), "age")
    bad: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    bad["valueQuantity"]["code"] = "mmol"
    (tmp_path / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
    args = ["interpret", "--fhir-in", str(tmp_path / "bad.json"), "--sex", "f", "--birth-date", "1980-06-15"]
    one_line_error(run(*args), "Observation.valueQuantity.code")


@pytest.mark.parametrize("kind", ["input", "output"])
def test_schema_command_prints_the_committed_schema(kind: str) -> None:
    p = run("schema", kind)
    assert p.returncode == 0, p.stderr
    assert p.stdout == (ROOT / SCHEMA_FILES[kind]).read_text(encoding="utf-8")


def test_schema_command_rejects_other_kinds() -> None:
    p = run("schema", "everything")
    assert p.returncode == 2
    assert "Traceback" not in p.stderr


def test_interpret_request_accepts_model_dict_and_text() -> None:
    req = igflab.InterpretRequest(value="150 ng/mL", age=45, sex="male")
    expected = igflab.interpret("150 ng/mL", age=45, sex="male")
    for form in (req, req.model_dump(), req.model_dump_json()):
        assert interpret_request(form) == expected


def test_an_igfbp3_request_answers_an_interpretation() -> None:
    body = {"value": "4.1 mg/L", "age": 45, "sex": "male", "analyte": "igfbp3"}
    r = answer_request(body)
    assert isinstance(r, igflab.Interpretation)
    assert r == igflab.interpret("4.1 mg/L", age=45, sex="male", analyte="igfbp3")
    assert (r.analyte, r.zone.value, r.flag.value) == ("igfbp3", "middle_third", "N")
    assert r.value.nmol_per_l == pytest.approx(4100 / 28.7)
    assert r.provenance.molar_mass_g_per_mol == 28_700.0
    assert interpret_request(json.dumps(body)) == r
    back = igflab.Interpretation.model_validate_json(r.model_dump_json())
    assert back == r
    assert back.summary == r.summary  # recomputed from the fields: IGFBP-3, in mg/L


def test_an_igfbp3_request_on_life_and_its_errors() -> None:
    life = answer_request(
        {"value": 143, "unit": "nmol/L", "age": 45, "sex": "f", "analyte": "igfbp3", "reference": "life2022"}
    )
    assert isinstance(life, igflab.Interpretation)
    assert life.reference.id == "life2022_igfbp3"
    assert life.reference.method in ("BCCG", "BCPE")
    assert life.value.ng_per_ml == pytest.approx(143 * 28.7)
    with pytest.raises(igflab.LabRangeError, match="read for IGF-1 only"):
        answer_request({"value": "4.1 mg/L", "age": 45, "sex": "m", "analyte": "igfbp3", "lab_range": "3-5"})
    with pytest.raises(igflab.InputError, match="igfbp3_unit is given without igfbp3") as info:
        answer_request({"value": "4.1", "igfbp3_unit": "mg/L", "age": 45, "sex": "m", "analyte": "igfbp3"})
    assert info.value.field == "igfbp3_unit"
    with pytest.raises(igflab.InputError, match="leave out igfbp3"):
        interpret_request({"value": "150", "unit": "ng/mL", "igfbp3": "4.1 mg/L", "age": 45, "sex": "m"})


def test_cli_input_reads_an_igfbp3_request() -> None:
    body = '{"value": "4.1 mg/L", "age": 45, "sex": "male", "analyte": "igfbp3"}'
    p = run("interpret", "--input", "-", stdin=body)
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    assert (data["analyte"], data["zone"], data["schema_version"]) == ("igfbp3", "middle_third", "2.0")
    assert data["summary"]["text"].startswith("This IGFBP-3 result, 4.10 mg/L (143 nmol/L)")
