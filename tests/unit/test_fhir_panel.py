"""FHIR R4 out for IGFBP-3 and the panel (igflab.io.fhir_panel): valid resources, the right codes and values."""

from __future__ import annotations

import json

import pytest
from fhir.resources.bundle import Bundle
from fhir.resources.observation import Observation

import igflab
from igflab.io.fhir_codes import IGF1_LOINC, IGFBP3_LOINC
from igflab.io.fhir_panel import analyte_observation, panel_to_fhir
from igflab.science.panel_references import panel_references
from tests.support import run_cli


def test_the_igfbp3_loinc_code_is_the_one_the_tables_carry() -> None:
    codes = {r.data.analyte.loinc for r in panel_references() if r.data.analyte.key == "igfbp3"}
    assert codes == {IGFBP3_LOINC} == {"2483-6"}


def test_panel_bundle_validates_and_holds_both_observations() -> None:
    p = igflab.interpret_panel("150 ng/mL", "4.1 mg/L", age=45, sex="male")
    b = panel_to_fhir(p, subject="Patient/7", effective="2026-05-01")
    Bundle.model_validate(b)
    assert b["type"] == "collection"
    igf1, bp3 = (e["resource"] for e in b["entry"])
    assert [o["code"]["coding"][0]["code"] for o in (igf1, bp3)] == [IGF1_LOINC, IGFBP3_LOINC]
    assert igf1["valueQuantity"] == {
        "value": 150.0,
        "unit": "ng/mL",
        "system": "http://unitsofmeasure.org",
        "code": "ng/mL",
    }
    assert bp3["valueQuantity"]["value"] == 4100.0
    assert bp3["interpretation"][0]["coding"][0]["code"] == "N"
    rng = bp3["referenceRange"][0]
    assert rng["low"]["value"] == pytest.approx(p.igfbp3.lower_ng_per_ml, rel=5e-3)
    assert rng["high"]["value"] == pytest.approx(p.igfbp3.upper_ng_per_ml, rel=5e-3)
    assert rng["text"].startswith("igflab published reference friedrich2014_igfbp3_idsisys (BCCG)")
    assert bp3["component"][0]["valueQuantity"]["value"] == round(p.igfbp3.sds or 0.0, 2)
    assert all(o["subject"] == {"reference": "Patient/7"} for o in (igf1, bp3))
    assert all(o["effectiveDateTime"] == "2026-05-01" for o in (igf1, bp3))
    assert any(n["text"].startswith("Guidance:") for n in bp3["note"])


def test_low_igfbp3_is_flagged_low() -> None:
    r = igflab.interpret(0.6, "mg/L", age=2, sex="female", analyte="igfbp3")
    obs = analyte_observation(r)
    Observation.model_validate(obs)
    assert obs["interpretation"][0]["coding"][0]["code"] == "L"


def test_wrong_types_are_input_errors() -> None:
    r = igflab.interpret(150, "ng/mL", age=45, sex="male")
    with pytest.raises(igflab.InputError):
        panel_to_fhir(r)  # type: ignore[arg-type]
    with pytest.raises(igflab.InputError):
        analyte_observation(r)  # type: ignore[arg-type]
    p = igflab.interpret_panel("150 ng/mL", "4.1 mg/L", age=45, sex="male")
    with pytest.raises(igflab.InputError, match="subject"):
        panel_to_fhir(p, subject="not a reference")


def test_cli_writes_the_bundle_and_the_observation() -> None:
    run = run_cli("interpret", "150", "ng/mL", "--igfbp3", "4.1", "mg/L", "--age", "45", "--sex", "male", "--fhir")
    assert run.returncode == 0, run.stderr
    Bundle.model_validate(json.loads(run.stdout))
    run = run_cli("interpret", "4.1", "mg/L", "--analyte", "igfbp3", "--age", "45", "--sex", "male", "--fhir")
    Observation.model_validate(json.loads(run.stdout))
    run = run_cli(
        "interpret", "150", "ng/mL", "--igfbp3", "4.1", "mg/L", "--age", "45", "--sex", "male", "--subject", "Patient/1"
    )
    assert run.returncode == 2
