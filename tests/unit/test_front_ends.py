"""Every front-end keeps the contract: FHIR that validators and lab systems accept, typed errors only,
and a command line whose messages speak to a command-line user."""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
from typing import Any

import pytest
from fhir.resources.R4B.observation import Observation

import igflab
from igflab.io.fhir_out import to_fhir
from tests.support import FIXTURES, load_fixture, run_cli

V3 = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
LOINC = "http://loinc.org"


def validate(obs: Any) -> None:
    Observation.model_validate(json.loads(json.dumps(obs)))


def igf1(code: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "status": "final",
        "code": code,
        "effectiveDateTime": "2026-03-02",
        "valueQuantity": {"value": 150, "unit": "ng/mL", "system": "http://unitsofmeasure.org", "code": "ng/mL"},
        **extra,
    }


# -- FHIR in: an Observation is IGF-1 only when its code says so -------------------------------------


@pytest.mark.parametrize("name", ["hl7_example_f204_creatinine.json", "snomed_ferritin.json", "local_vitamin_b12.json"])
def test_other_analytes_are_refused(name: str) -> None:
    """The HL7 example creatinine Observation (local code), a SNOMED ferritin, a local vitamin B12."""
    with pytest.raises(igflab.InputError, match="does not name IGF-1") as info:
        igflab.from_fhir(load_fixture(f"fhir/{name}"), birth_date="1980-01-01", sex="male")
    assert info.value.field == "Observation.code"


def test_igf1_and_another_analyte_in_one_code_is_refused() -> None:
    # LOINC 2484-4 (IGF-1) together with LOINC 2276-4 (ferritin).
    code = {"coding": [{"system": LOINC, "code": "2484-4"}, {"system": LOINC, "code": "2276-4"}]}
    with pytest.raises(igflab.InputError, match="also LOINC 2276-4") as info:
        igflab.from_fhir(igf1(code), birth_date="1981-03-02", sex="male")
    assert info.value.field == "Observation.code"
    code = {"coding": [{"system": LOINC, "code": "2484-4"}, {"system": "urn:lab", "code": "F", "display": "Ferritin"}]}
    with pytest.raises(igflab.InputError, match="one analyte"):
        igflab.from_fhir(igf1(code), birth_date="1981-03-02", sex="male")


@pytest.mark.parametrize(
    "display", ["IGF-1", "IGF-I", "igf1 (LC/MS)", "Insulin-like growth factor 1", "Somatomedin C", "SOMATOMEDIN-C"]
)
def test_a_local_code_naming_igf1_is_read_with_a_warning(display: str) -> None:
    code = {"coding": [{"system": "urn:lab", "code": "X1", "display": display}]}
    r = igflab.from_fhir(igf1(code), birth_date="1981-03-02", sex="male")
    assert r.zone.value == "middle_third"
    assert [w.code for w in r.warnings] == ["no_loinc_code"]


@pytest.mark.parametrize(
    "display", ["IGF-I/IGFBP-3 ratio", "IGFBP-3", "IGF-1 Z-score", "IGF-II", "Insulin-like growth factor 2", "ALS"]
)
def test_texts_about_something_else_than_igf1_are_refused(display: str) -> None:
    code = {"coding": [{"system": "urn:lab", "code": "X1", "display": display}], "text": display}
    with pytest.raises(igflab.InputError) as info:
        igflab.from_fhir(igf1(code), birth_date="1981-03-02", sex="male")
    assert info.value.field == "Observation.code"


# -- FHIR out: what validators and lab systems accept -------------------------------------------------

SHAPES: dict[str, dict[str, Any]] = {
    "ng/mL": dict(value=150, unit="ng/mL", age=45, sex="male"),
    "nmol/L": dict(value=15, unit="nmol/L", age="8m", sex="female"),
    "ug/L": dict(value=310, unit="ug/L", age=15, sex="female"),
    "ng/cL (no UCUM code listed)": dict(value=15, unit="ng/cL", age=45, sex="male"),
    "censored below": dict(value="<25 ng/mL", age=60, sex="male"),
    "censored in range": dict(value="<100 ng/mL", age=45, sex="male"),
    "censored above": dict(value=">1200 ng/mL", age=45, sex="male"),
    "lab range": dict(value=60, unit="ng/mL", age=45, sex="male", lab_range="52-328"),
    "lab range in nmol/L": dict(value=6.1, unit="nmol/L", age=47, sex="female", lab_range="6.8-42.9"),
    "lab range beyond the reference": dict(value=80, unit="ng/mL", age=100, sex="male", lab_range="30-200"),
    "unknown sex, zones differ": dict(value=65, unit="ng/mL", age=45, sex="unknown"),
    "unknown sex, zones agree": dict(value=150, unit="ng/mL", age=45, sex="unknown"),
    "newborn": dict(value=40, unit="ng/mL", age="10d", sex="male"),
    "limits reference": dict(value=150, unit="ng/mL", age=45, sex="female", reference="quest_lcms"),
    "contexts": dict(value=90, unit="ng/mL", age=30, sex="female", context=["pregnancy", "combined-contraceptive"]),
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_every_observation_validates_and_comes_back_through_the_cli(name: str, tmp_path: Any) -> None:
    kw = SHAPES[name]
    r = igflab.interpret(**kw)
    obs = to_fhir(r, subject="Patient/p1", effective="2026-03-02")
    validate(obs)
    assert obs["text"]["status"] == "generated"
    assert obs["text"]["div"].startswith('<div xmlns="http://www.w3.org/1999/xhtml">')
    assert "qualified health professional" in obs["text"]["div"]
    # Written by the command line and read back by it.
    args = ["interpret", str(kw["value"]), *([kw["unit"]] if "unit" in kw else []), "--sex", kw["sex"]]
    args += ["--age", str(kw["age"])]
    for opt in ("reference", "lab_range"):
        if opt in kw:
            args += [f"--{opt.replace('_', '-')}", kw[opt]]
    if "context" in kw:
        args += ["--context", ",".join(kw["context"])]
    out = run_cli(*args, "--fhir", "--subject", "Patient/p1")
    assert out.returncode == 0, out.stderr
    validate(json.loads(out.stdout))
    path = tmp_path / "obs.json"
    path.write_text(out.stdout, encoding="utf-8")
    back = run_cli("interpret", "--fhir-in", str(path), "--sex", kw["sex"], "--age", str(kw["age"]), "--json")
    assert back.returncode == 0, back.stderr
    again = json.loads(back.stdout)
    assert (again["zone"], again["flag"]) == (r.zone.value, r.flag.value)
    assert again["value"]["input_unit"] == r.value.input_unit or r.value.input_unit_ucum is None


def test_the_reported_unit_is_kept_and_the_age_range_holds_the_age() -> None:
    """15 nmol/L at 8 months: value and ranges in nmol/L; the age range contains 0.667 years."""
    r = igflab.interpret(15, "nmol/L", age="8m", sex="female")
    obs = to_fhir(r)
    assert obs["valueQuantity"] == {
        "value": 15,
        "unit": "nmol/L",
        "system": "http://unitsofmeasure.org",
        "code": "nmol/L",
    }
    (rng,) = obs["referenceRange"]
    assert rng["low"]["code"] == rng["high"]["code"] == "nmol/L"
    assert rng["age"]["low"]["value"] <= r.age <= rng["age"]["high"]["value"]
    assert (rng["age"]["low"]["value"], rng["age"]["high"]["value"]) == (0.66, 0.67)


def test_censored_results_are_off_scale_not_indeterminate() -> None:
    # <100 ng/mL at 45 y (male interval 72-212): the zone cannot be decided, the result is off scale low.
    inside = to_fhir(igflab.interpret("<100 ng/mL", age=45, sex="male"))
    codes = [c["coding"][0]["code"] for c in inside["interpretation"]]
    assert codes == ["<"]
    # <25 ng/mL: below the interval whatever it stands for: L, and off scale low.
    below = to_fhir(igflab.interpret("<25 ng/mL", age=60, sex="male"))
    assert [c["coding"][0]["code"] for c in below["interpretation"]] == ["L", "<"]
    # IND stays for what cannot be determined although measured: sex unknown, references disagree
    # (Bidlingmaier 2014 lower limits at 45 y: 72 ng/mL male, 60 female).
    ind = to_fhir(igflab.interpret(65, "ng/mL", age=45, sex="unknown"))
    assert [c["coding"][0]["code"] for c in ind["interpretation"]] == ["IND"]
    for obs in (inside, below, ind):
        for c in obs["interpretation"]:
            assert c["coding"][0]["system"] == V3


@pytest.mark.parametrize("effective", ["2020-02-31", "2020-13-01", "2021-02-29", "yesterday", "2020-01-01T10:00:00"])
def test_invalid_dates_are_typed_errors(effective: str) -> None:
    r = igflab.interpret(150, "ng/mL", age=45, sex="male")
    with pytest.raises(igflab.InputError) as info:
        to_fhir(r, effective=effective)
    assert info.value.field == "effective"


def test_valid_dates_pass() -> None:
    r = igflab.interpret(150, "ng/mL", age=45, sex="male")
    for ok in ("2024", "2024-02", "2024-02-29", "2024-02-29T10:00:00+01:00", dt.date(2024, 2, 29)):
        validate(to_fhir(r, effective=ok))


@pytest.mark.parametrize(
    "subject",
    [
        {"reference": 5},
        {"foo": "bar"},
        {"reference": "not a reference"},
        {},
        "  ",
        {"display": ""},
        {"identifier": "x"},
    ],
)
def test_unchecked_subjects_are_refused(subject: Any) -> None:
    with pytest.raises(igflab.InputError) as info:
        to_fhir(igflab.interpret(150, "ng/mL", age=45, sex="male"), subject=subject)
    assert info.value.field == "subject"


def test_good_subjects_validate() -> None:
    r = igflab.interpret(150, "ng/mL", age=45, sex="male")
    for subject in (
        "Patient/123",
        "urn:uuid:9a2e1a2c-0000-4000-8000-000000000001",
        {"reference": "Patient/p1", "display": "P. One"},
        {"identifier": {"system": "urn:mrn", "value": "42"}},
    ):
        validate(to_fhir(r, subject=subject))


# -- typed errors only, from every input ----------------------------------------------------------------


@pytest.mark.parametrize("unit", [5, b"ng/mL", ["ng/mL"], 1.5])
def test_non_text_units_are_unit_errors(unit: Any) -> None:
    with pytest.raises(igflab.UnitError):
        igflab.interpret("150 ng/mL", unit, age=45, sex="male")
    with pytest.raises(igflab.UnitError):
        igflab.interpret(150, unit, age=45, sex="male")


def test_a_nan_unit_is_a_missing_unit() -> None:
    assert igflab.interpret("150 ng/mL", math.nan, age=45, sex="male").zone.value == "middle_third"
    with pytest.raises(igflab.UnitError, match="missing"):
        igflab.interpret(150, math.nan, age=45, sex="male")


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ('{"value": 150, "value": 160, "unit": "ng/mL", "age": 45, "sex": "m"}', "twice"),
        ('{"value": ' + "1" * 5000 + ', "unit": "ng/mL", "age": 45, "sex": "m"}', "not usable JSON"),
        ("[" * 100_000, "nested too deeply"),
        (b'{"value": "150 \xff"}', "not UTF-8"),
    ],
)
def test_json_that_cannot_be_read_without_a_guess_is_refused(text: Any, match: str) -> None:
    with pytest.raises(igflab.InputError, match=match) as info:
        igflab.interpret_request(text)
    assert info.value.field == "request"
    fhir = text if isinstance(text, bytes) else text.replace('"value": 150', '"resourceType": "Observation"', 1)
    with pytest.raises(igflab.InputError):
        igflab.from_fhir(fhir)


def test_unknown_from_fhir_options_are_typed_errors() -> None:
    with pytest.raises(igflab.InputError, match="no option 'colour'"):
        igflab.from_fhir(load_fixture("fhir/observation_nmol_no_range.json"), colour="red")  # type: ignore[call-arg]


def test_minus_zero_age_is_zero() -> None:
    r = igflab.interpret(40, "ng/mL", age="-0", sex="male")
    assert r.age == 0.0
    assert math.copysign(1.0, r.age) == 1.0
    assert "-0" not in r.notes[0].text
    assert "aged under 1 month" in r.notes[0].text


def test_kilograms_per_cubic_metre_are_grams_per_litre() -> None:
    # 1 kg/m3 = 1 g/L = 1e6 ng/mL: 0.00015 kg/m3 is 150 ng/mL.
    r = igflab.interpret(0.00015, "kg/m**3", age=45, sex="male")
    assert r.value.ng_per_ml == pytest.approx(150.0, rel=1e-9)
    assert igflab.interpret(0.00015, "g/L", age=45, sex="male").value.ng_per_ml == pytest.approx(150.0, rel=1e-12)


@pytest.mark.parametrize(
    ("born", "collected", "field"),
    [
        ("2990-01-01", "3000-01-01", "birth_date"),
        ("1980-01-01", "2999-01-01", "collected"),
        ("2000-01-02", "2000-01-01", "collected"),
    ],
)
def test_impossible_collection_dates_are_errors(born: str, collected: str, field: str) -> None:
    with pytest.raises(igflab.AgeError) as info:
        igflab.interpret(150, "ng/mL", birth_date=born, collected=collected, sex="male")
    assert info.value.field == field


@pytest.mark.parametrize(
    ("sex", "age", "context"),
    [("male", 45, "pregnancy"), ("female", 75, "puberty"), ("male", 30, "puberty,pregnancy")],
)
def test_a_context_that_contradicts_the_person_is_a_warning(sex: str, age: int, context: str) -> None:
    r = igflab.interpret(150, "ng/mL", age=age, sex=sex, context=context)
    (w,) = [w for w in r.warnings if w.code == "context_mismatch"]
    assert w.field == "context"
    for flag in context.split(","):
        assert flag in w.message or (flag == "puberty" and age < 25)


def test_a_context_that_fits_is_no_warning() -> None:
    for sex, age, context in (("female", 30, "pregnancy"), ("male", 13, "puberty"), ("unknown", 14, "puberty")):
        r = igflab.interpret(150, "ng/mL", age=age, sex=sex, context=context)
        assert "context_mismatch" not in [w.code for w in r.warnings]


def test_plot_with_a_wrong_axes_is_a_typed_error() -> None:
    pytest.importorskip("matplotlib")
    r = igflab.interpret(150, "ng/mL", age=45, sex="male")
    with pytest.raises(igflab.InputError) as info:
        igflab.plot(r, 5)  # type: ignore[arg-type]
    assert info.value.field == "ax"


# -- the command line --------------------------------------------------------------------------------------


def test_conflicting_options_are_refused() -> None:
    p = run_cli("interpret", "150", "ng/mL", "--age", "45", "--sex", "m", "--json", "--fhir")
    assert p.returncode == 2
    assert json.loads(p.stderr) == {
        "code": "usage_error",
        "field": None,
        "message": "--json and --fhir both choose the output: give one (see igflab --help)",
    }
    p = run_cli("interpret", "--csv", "-", "-o", "", stdin="value,unit,age,sex\n150,ng/mL,45,m\n")
    assert p.returncode == 2
    assert "needs a file name" in p.stderr
    p = run_cli("interpret", "150", "ng/mL", "--age", "45", "--sex", "m", "--subject", "Patient/1")
    assert p.returncode == 2
    assert "--subject goes with --fhir" in p.stderr


def test_usage_shows_age_and_sex_as_needed() -> None:
    p = run_cli("interpret", "--help")
    assert p.returncode == 0
    usage = p.stdout.split("\n\n")[0]
    assert "--age AGE" in usage
    assert "--sex SEX" in usage
    assert "[--age" not in usage
    assert "[--sex" not in usage


def test_messages_speak_to_a_command_line_user() -> None:
    """No Python syntax (keyword=, repr of a call) in what the command line says."""
    for args in (
        ["interpret", "150", "--age", "45", "--sex", "m"],
        ["interpret", "150 ng/mL", "nmol/L", "--age", "45", "--sex", "m"],
        ["interpret", "150", "ng/mL", "--sex", "m"],
    ):
        p = run_cli(*args)
        assert p.returncode == 2
        assert "=" not in p.stderr.split(":", 2)[-1], p.stderr


def test_json_errors_are_one_object() -> None:
    p = run_cli("interpret", "150", "furlongs", "--age", "45", "--sex", "m", "--json")
    assert p.returncode == 2
    err = json.loads(p.stderr)
    assert err["code"] == "unit_error"
    assert err["field"] == "unit"
    assert "furlongs" in err["message"]
    p = run_cli("interpret", "--input", "-", stdin='{"value": 150, "unit": "ng/mL", "age": 45}')
    assert json.loads(p.stderr)["field"] == "sex"


def test_the_fhir_output_reads_back_with_the_person_given_on_the_command_line(tmp_path: Any) -> None:
    out = run_cli("interpret", "150", "ng/mL", "--age", "45", "--sex", "male", "--fhir", "--collected", "2026-03-02")
    assert out.returncode == 0, out.stderr
    path = tmp_path / "o.json"
    path.write_text(out.stdout, encoding="utf-8")
    back = run_cli("interpret", "--fhir-in", str(path), "--sex", "male", "--birth-date", "1981-03-02", "--json")
    assert back.returncode == 0, back.stderr
    assert json.loads(back.stdout)["age"] == 45.0
    # A value the resource holds cannot also be given.
    clash = run_cli("interpret", "--fhir-in", str(path), "--sex", "m", "--age", "45", "--collected", "2026-01-01")
    assert clash.returncode == 2
    assert "contradicts" in clash.stderr


def test_help_for_one_command_is_the_same_built_alone() -> None:
    from igflab.cli.commands import COMMANDS
    from igflab.cli.parser import build_parser

    full = build_parser()
    sub = next(a for a in full._actions if a.__class__.__name__ == "_SubParsersAction")
    for name in COMMANDS:
        alone = build_parser(name, everything=False)
        sub_alone = next(a for a in alone._actions if a.__class__.__name__ == "_SubParsersAction")
        assert sub_alone.choices[name].format_help() == sub.choices[name].format_help()
    assert build_parser(None, everything=False).format_help() == full.format_help()


def test_fixtures_are_untouched_by_reading() -> None:
    data = load_fixture("fhir/observation_ngml_lab_range.json")
    before = copy.deepcopy(data)
    igflab.from_fhir(data, birth_date="1980-06-15", sex="female")
    assert data == before
    assert (FIXTURES / "fhir" / "hl7_example_f204_creatinine.json").exists()


def test_the_written_out_help_is_the_parsers(monkeypatch: pytest.MonkeyPatch) -> None:
    """``igflab --help`` prints a written-out text (no argparse import): it must be what the parser prints."""
    from igflab.cli.help_text import TOP_HELP
    from igflab.cli.parser import build_parser

    monkeypatch.setenv("COLUMNS", "80")
    assert build_parser(None, everything=False).format_help() == TOP_HELP
    run = run_cli("--help")
    assert run.returncode == 0
    assert run.stdout == TOP_HELP
