"""FHIR R4 of one result of any analyte: to_fhir writes its LOINC, from_fhir reads it back by that code."""

from __future__ import annotations

import json

import pytest

import igflab
from igflab.io.fhir_panel import result_to_fhir

PERSON = {"age": 45, "sex": "male"}


@pytest.mark.parametrize(
    "kw",
    [
        {"value": 4.1, "unit": "mg/L", "analyte": "igfbp3"},
        {"value": 142.9, "unit": "nmol/L", "analyte": "igfbp3"},
        {"value": 1.0, "unit": "mg/L", "analyte": "igfbp3", "reference": "life2022"},
        {"value": 4.1, "unit": "mg/L", "analyte": "igfbp3", "sex": "unknown"},
        {"value": 150, "unit": "ng/mL", "reference": "life2022"},
        {"value": 150, "unit": "ng/mL"},
    ],
)
def test_from_fhir_of_to_fhir_round_trips(kw: dict[str, object]) -> None:
    kw = {**PERSON, **kw}
    r = igflab.interpret(**kw)  # type: ignore[arg-type]
    back = igflab.from_fhir(igflab.to_fhir(r), age=45, sex=kw["sex"])  # type: ignore[arg-type]
    assert back.analyte == r.analyte
    assert (back.zone, back.flag, back.sds, back.reference.id) == (r.zone, r.flag, r.sds, r.reference.id)
    assert back.value.ng_per_ml == pytest.approx(r.value.ng_per_ml)
    assert back.value.nmol_per_l == pytest.approx(r.value.nmol_per_l)
    assert back.warnings == ()


def test_an_igfbp3_observation_has_its_loinc_and_no_igf1_z_score() -> None:
    r = igflab.interpret(4.1, "mg/L", analyte="igfbp3", **PERSON)  # type: ignore[arg-type]
    obs = igflab.to_fhir(r)
    assert obs["code"] == {
        "coding": [
            {
                "system": "http://loinc.org",
                "code": "2483-6",
                "display": "Insulin-like growth factor binding protein 3 [Mass/volume] in Serum or Plasma",
            }
        ],
        "text": "IGFBP-3",
    }
    # LOINC 73561-3 is IGF-1's Z-score: IGFBP-3's SDS is named in text only, never under another analyte's code
    (comp,) = obs["component"]
    assert "coding" not in comp["code"]
    assert comp["code"]["text"].startswith("IGFBP-3 SDS against the ")
    assert obs["valueQuantity"]["value"] == 4.1
    assert obs["valueQuantity"]["code"] == "mg/L"
    assert "IGFBP-3 result, 4.10 mg/L (143 nmol/L)" in obs["text"]["div"]
    assert any("molar mass of 28700 g/mol" in n["text"] for n in obs["note"])
    assert result_to_fhir(r) == dict(obs)
    igf1 = igflab.to_fhir(igflab.interpret(150, "ng/mL", **PERSON))  # type: ignore[arg-type]
    assert igf1["component"][0]["code"]["coding"][0]["code"] == "73561-3"


def test_a_laboratory_igfbp3_range_is_not_read_and_says_so() -> None:
    obs = dict(igflab.to_fhir(igflab.interpret(4.1, "mg/L", analyte="igfbp3", **PERSON)))  # type: ignore[arg-type]
    lab = {"low": {"value": 4.5, "unit": "mg/L", "system": "http://unitsofmeasure.org", "code": "mg/L"},
           "high": {"value": 9, "unit": "mg/L", "system": "http://unitsofmeasure.org", "code": "mg/L"}}  # fmt: skip
    obs["referenceRange"] = [*obs["referenceRange"], lab]
    r = igflab.from_fhir(obs, age=45, sex="male")
    assert r.zone.value == "middle_third"  # the published reference decides, not the lab's 4.5-9 mg/L
    assert r.reference.kind == "published"
    assert [w.code for w in r.warnings] == ["lab_range_not_used"]
    assert "igflab does not use it" in r.warnings[0].message
    assert r.warnings[0].field == "Observation.referenceRange"


def test_an_igfbp3_observation_in_a_bundle_with_its_patient() -> None:
    obs = dict(igflab.to_fhir(igflab.interpret(4.1, "mg/L", analyte="igfbp3", **PERSON), subject="Patient/1",  # type: ignore[arg-type]
                              effective="2026-03-02"))  # fmt: skip
    patient = {"resourceType": "Patient", "id": "1", "gender": "male", "birthDate": "1981-03-02"}
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": patient}, {"resource": obs}]}
    r = igflab.from_fhir(bundle)
    assert (r.analyte, r.age, r.sex, r.zone.value) == ("igfbp3", 45.0, "male", "middle_third")


def test_unknown_and_mixed_codes_are_refused() -> None:
    obs = dict(igflab.to_fhir(igflab.interpret(4.1, "mg/L", analyte="igfbp3", **PERSON)))  # type: ignore[arg-type]
    obs["code"] = {"coding": [{"system": "http://loinc.org", "code": "2483-6"},
                              {"system": "http://loinc.org", "code": "2484-4"}]}  # fmt: skip
    with pytest.raises(igflab.InputError, match=r"lists LOINC 2484-4 \(IGF-1\) and also LOINC 2483-6") as info:
        igflab.from_fhir(obs, age=45, sex="male")
    assert info.value.field == "Observation.code"
    obs["code"] = {"coding": [{"system": "http://loinc.org", "code": "2276-4"}]}
    with pytest.raises(igflab.InputError, match="LOINC 2276-4, not 2484-4") as info:
        igflab.from_fhir(obs, age=45, sex="male")
    assert "2483-6 (IGFBP-3)" in info.value.message


def test_an_sds_beyond_double_precision_is_said_and_exchanged_as_such() -> None:
    # 423 nmol/L (3236 ng/mL) at 2 months on LIFE: the BCPE tail underflows to 0, so the SDS is infinite
    r = igflab.interpret("423 nmol/L", age=0.167, sex="female", reference="life2022")
    assert r.sds == float("inf")
    assert "(SDS beyond +38.4)" in r.notes[0].text
    (extreme,) = [w for w in r.warnings if w.code == "extreme_sds"]
    assert "far above (SDS not computable)" in extreme.message  # never "+inf" (review finding 17)
    assert json.loads(r.model_dump_json())["sds"] is None  # strict JSON: no Infinity
    obs = igflab.to_fhir(r)
    json.dumps(obs, allow_nan=False)
    assert obs["component"][0]["valueQuantity"]["value"] == 38.4
    assert obs["component"][0]["valueQuantity"]["comparator"] == ">"
