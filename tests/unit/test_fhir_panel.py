"""FHIR R4 out for IGFBP-3 and the panel (igflab.io.fhir_panel): valid resources, the right codes and values."""

from __future__ import annotations

import json

import pytest
from fhir.resources.bundle import Bundle
from fhir.resources.observation import Observation

import igflab
from igflab.io.fhir_codes import IGF1_LOINC, IGFBP3_LOINC
from igflab.io.fhir_panel import panel_from_fhir, panel_to_fhir
from igflab.science.references import list_references
from tests.support import run_cli


def test_the_igfbp3_loinc_code_is_the_one_the_tables_carry() -> None:
    codes = {
        r.data.analyte.loinc
        for r in [r for r in list_references(None) if r.distribution in ("BCCG", "BCPE")]
        if r.data.analyte.key == "igfbp3"
    }
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
    assert (bp3["valueQuantity"]["value"], bp3["valueQuantity"]["code"]) == (4.1, "mg/L")  # as reported
    assert bp3["interpretation"][0]["coding"][0]["code"] == "N"
    rng = bp3["referenceRange"][0]
    assert rng["low"]["value"] == pytest.approx(
        p.igfbp3.reference.lower_ng_per_ml / 1000, rel=5e-3
    )  # mg/L, as reported
    assert rng["high"]["value"] == pytest.approx(p.igfbp3.reference.upper_ng_per_ml / 1000, rel=5e-3)
    assert rng["text"].startswith("igflab published reference friedrich2014_igfbp3_idsisys: 2.5th-97.5th centile")
    assert bp3["component"][0]["valueQuantity"]["value"] == round(p.igfbp3.sds or 0.0, 2)
    assert all(o["subject"] == {"reference": "Patient/7"} for o in (igf1, bp3))
    assert all(o["effectiveDateTime"] == "2026-05-01" for o in (igf1, bp3))
    assert any(n["text"].startswith("Guidance:") for n in bp3["note"])


def test_low_igfbp3_is_flagged_low() -> None:
    r = igflab.interpret(0.6, "mg/L", age=2, sex="female", analyte="igfbp3")
    obs = igflab.to_fhir(r)
    Observation.model_validate(obs)
    assert obs["interpretation"][0]["coding"][0]["code"] == "L"
    assert obs["code"]["coding"][0]["code"] == "2483-6"


def test_wrong_types_are_input_errors() -> None:
    r = igflab.interpret(150, "ng/mL", age=45, sex="male")
    with pytest.raises(igflab.InputError):
        panel_to_fhir(r)  # type: ignore[arg-type]
    with pytest.raises(igflab.InputError):
        igflab.to_fhir(igflab.interpret_panel("150 ng/mL", "4.1 mg/L", age=45, sex="male"))  # type: ignore[arg-type]
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


@pytest.mark.parametrize(
    ("age", "sex", "reference"), [(45, "male", None), (2, "female", None), (25, "female", "life2022")]
)
def test_the_bundle_reads_back_to_the_same_panel(age: float, sex: str, reference: str | None) -> None:
    p = igflab.interpret_panel("150 ng/mL", "4.1 mg/L", age=age, sex=sex, reference=reference)
    back = panel_from_fhir(json.dumps(panel_to_fhir(p)), age=age, sex=sex)
    assert (back.igf1.reference.id, back.igfbp3.reference.id) == (p.igf1.reference.id, p.igfbp3.reference.id)
    assert back.igf1.sds == pytest.approx(p.igf1.sds, rel=1e-9)
    assert back.igfbp3.sds == pytest.approx(p.igfbp3.sds, rel=1e-9)
    assert (back.igf1.zone, back.igfbp3.zone) == (p.igf1.zone, p.igfbp3.zone)


def test_the_context_is_not_in_the_bundle() -> None:
    """FHIR carries no context flags: the LIFE tables with contraceptive users are chosen again only by options."""
    p = igflab.interpret_panel("150 ng/mL", "4.1 mg/L", age=25, sex="female", reference="life2022", context="coc")
    back = panel_from_fhir(panel_to_fhir(p), age=25, sex="female")
    assert p.igfbp3.reference.id == "life2022_igfbp3_incl_cc"
    assert back.igfbp3.reference.id == "life2022_igfbp3"


def test_a_bundle_with_a_patient_and_both_observations() -> None:
    """A lab's Bundle: Patient (gender, birthDate), IGF-1 in nmol/L and IGFBP-3 in ug/mL, collected on a date."""

    def obs(code: str, value: float, unit: str) -> dict[str, object]:
        return {
            "resourceType": "Observation",
            "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": code}]},
            "subject": {"reference": "Patient/p1"},
            "effectiveDateTime": "2026-05-01",
            "valueQuantity": {"value": value, "unit": unit, "system": "http://unitsofmeasure.org", "code": unit},
        }

    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"resource": {"resourceType": "Patient", "id": "p1", "gender": "male", "birthDate": "1981-03-02"}},
            {"resource": obs("2484-4", 19.6, "nmol/L")},
            {"resource": obs("2483-6", 4.1, "ug/mL")},
        ],
    }
    Bundle.model_validate(bundle)
    p = panel_from_fhir(bundle)
    assert p.sex == "male"
    assert p.age == pytest.approx(45.16, abs=0.01)
    assert p.igf1.value.ng_per_ml == pytest.approx(19.6 * 7.649)
    assert p.igfbp3.reference.id == "friedrich2014_igfbp3_idsisys"
    assert p.igfbp3.value.ng_per_ml == pytest.approx(4100.0)


def test_a_bundle_without_igfbp3_is_an_input_error() -> None:
    p = igflab.interpret_panel("150 ng/mL", "4.1 mg/L", age=45, sex="male")
    b = panel_to_fhir(p)
    b["entry"] = b["entry"][:1]
    with pytest.raises(igflab.InputError, match="IGFBP-3 Observations") as info:
        panel_from_fhir(b, age=45, sex="male")
    assert info.value.field == "Bundle.entry"
    with pytest.raises(igflab.InputError, match="Bundle"):
        panel_from_fhir(b["entry"][0]["resource"], age=45, sex="male")
