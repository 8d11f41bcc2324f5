"""FHIR R4 out (to_fhir) and in (from_fhir), validated with an independent FHIR implementation.

Every Observation igflab writes is validated with the R4B models of ``fhir.resources``
(Observation is the same in R4 and R4B for the fields used here). Codes checked here:
LOINC 2484-4 and 73561-3 (loinc.org), UCUM (unitsofmeasure.org), and the HL7 v3
ObservationInterpretation code system (terminology.hl7.org).

The hand-written Observations in tests/fixtures/fhir/ are shaped as laboratories send them.
Their laboratory ranges are the Quest LC/MS intervals shipped in reference_ranges/quest_lcms.json
(adults 40-49 y: 52-328 ng/mL; 60-69 y: 41-279; girls 12 y: 178-636; boys 12 y: 146-541),
some written in nmol/L (52/7.649 = 6.8 and 328/7.649 = 42.9 nmol/L).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import igflab
from igflab.inputs.units import UCUM_CODES as UCUM_UNITS
from igflab.inputs.units import unit_factor
from igflab.io.fhir_codes import IGF1_SDS_LOINC, PUBLISHED_RANGE_PREFIX
from igflab.io.fhir_in import observation_of
from tests.support import FIXTURES

UCUM = "http://unitsofmeasure.org"
V3 = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
#: IGF-1 molar mass 7649 g/mol (UniProt P05019): 1 nmol/L = 7.649 ng/mL.
NG_PER_NMOL = 7.649


def fixture(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "fhir" / name).read_text(encoding="utf-8"))
    return data


def validate(obs: dict[str, Any]) -> None:
    """Validate with fhir.resources (R4B); raises on any invalid element."""
    r4b = pytest.importorskip("fhir.resources.R4B.observation")
    model = r4b.Observation.model_validate(obs)
    assert model.status == "final"


def exact_age(born: dt.date, when: dt.date) -> float:
    """Whole years plus the elapsed fraction of the current year of life (no 29 February here)."""
    years = when.year - born.year - ((when.month, when.day) < (born.month, born.day))
    last = born.replace(year=born.year + years)
    nxt = born.replace(year=born.year + years + 1)
    return years + (when - last).days / (nxt - last).days


def zlog(x: float, lo: float, hi: float) -> float:
    """Hoffmann 2017 zlog: (ln x - (ln lo + ln hi)/2) * 3.92 / (ln hi - ln lo)."""
    return (math.log(x) - (math.log(lo) + math.log(hi)) / 2) * 3.92 / (math.log(hi) - math.log(lo))


# --------------------------------------------------------------------------------------
# Out
# --------------------------------------------------------------------------------------

CASES = {
    "adult_mid": dict(value="150 ng/mL", age=45, sex="male"),
    "nmol": dict(value=19.6, unit="nmol/L", age=45, sex="female"),
    "censored_low": dict(value="<25 ng/mL", age=60, sex="m"),
    "censored_high": dict(value=">1000 ng/mL", age=30, sex="f"),
    "lab_range": dict(value=60, unit="ng/mL", age=45, sex="male", lab_range="52-328"),
    "lab_range_nmol": dict(value=6.1, unit="nmol/L", age=47, sex="female", lab_range="6.8-42.9"),
    "sex_unknown": dict(value=150, unit="ng/mL", age=45, sex="unknown"),
    "child": dict(value=310, unit="ng/mL", age=14.2, sex="female"),
    "infant_months": dict(value=40, unit="ng/mL", age="8m", sex="male"),
    "limits_reference": dict(value=150, unit="ng/mL", age=45, sex="male", reference="quest_lcms"),
    "limits_reference_child": dict(value=150, unit="ng/mL", age=12.5, sex="female", reference="quest_lcms"),
    "isojima": dict(value=150, unit="ng/mL", age=45, sex="male", reference="isojima2012_japan"),
    "well_above": dict(value=700, unit="ng/mL", age=45, sex="male"),
    "context": dict(value=90, unit="ng/mL", age=55, sex="female", context="combined-contraceptive"),
    "dates": dict(value=310, unit="ng/mL", birth_date="2011-03-02", collected="2026-05-01", sex="f"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_emitted_observation_is_valid_r4(name: str) -> None:
    r = igflab.interpret(**CASES[name])
    obs = igflab.to_fhir(r, subject="Patient/example", effective="2026-05-01")
    validate(obs)
    json.dumps(obs)  # plain JSON-ready dicts
    # The codes every IGF-1 Observation carries.
    assert obs["code"]["coding"][0] == {
        "system": "http://loinc.org",
        "code": "2484-4",
        "display": "Insulin-like growth factor-I [Mass/volume] in Serum or Plasma",
    }
    assert obs["category"][0]["coding"][0]["code"] == "laboratory"
    assert obs["valueQuantity"]["system"] == UCUM
    # The value as reported: its number and UCUM unit; every range in that unit too.
    assert obs["valueQuantity"]["code"] == r.value.input_unit_ucum
    assert obs["valueQuantity"]["value"] == pytest.approx(r.value.input_value, rel=1e-12)
    assert {q["code"] for rng in obs["referenceRange"] for q in (rng["low"], rng["high"])} == {r.value.input_unit_ucum}
    assert obs["interpretation"][0]["coding"][0]["system"] == V3
    assert obs["interpretation"][0]["coding"][0]["code"] == r.flag.value
    # Every note and the guidance are in `note`; every citation is listed there too.
    texts = [n["text"] for n in obs["note"]]
    assert any(r.guidance in t for t in texts)
    for n in r.notes:
        assert any(t.startswith(n.text) for t in texts)
    for i, c in enumerate(r.citations, start=1):
        assert f"[{i}] {c.text}" in "\n".join(texts)


def test_adult_observation_content() -> None:
    # 150 ng/mL, male 45 y: Bidlingmaier 2014 interval 72-212 ng/mL, median 132 at 45 y
    # (tests/fixtures/bidlingmaier2014_centiles.json), so inside, mid-range, SDS > 0.
    r = igflab.interpret(150, "ng/mL", age=45, sex="male")
    obs = igflab.to_fhir(r, subject="Patient/123", effective=dt.date(2026, 3, 2))
    assert obs["subject"] == {"reference": "Patient/123"}
    assert obs["effectiveDateTime"] == "2026-03-02"
    assert obs["valueQuantity"] == {"value": 150, "unit": "ng/mL", "system": UCUM, "code": "ng/mL"}
    assert obs["interpretation"][0]["coding"][0]["display"] == "Normal"
    (rng,) = obs["referenceRange"]
    assert rng["low"]["value"] == pytest.approx(72, abs=0.5)
    assert rng["high"]["value"] == pytest.approx(212, abs=0.5)
    assert rng["low"]["code"] == rng["high"]["code"] == "ng/mL"
    assert rng["age"]["low"] == {"value": 45, "unit": "a", "system": UCUM, "code": "a"}
    assert rng["appliesTo"][0]["coding"][0] == {
        "system": "http://hl7.org/fhir/administrative-gender",
        "code": "male",
        "display": "Male",
    }
    assert rng["text"].startswith(PUBLISHED_RANGE_PREFIX + "bidlingmaier2014_idsisys: 2.5th-97.5th centile")
    assert "IDS-iSYS" in rng["text"]  # the assay
    assert "doi:10.1210/jc.2013-3059" in rng["text"]  # the citation (Bidlingmaier 2014)
    (comp,) = obs["component"]
    assert comp["code"]["coding"][0]["code"] == IGF1_SDS_LOINC == "73561-3"
    assert comp["code"]["coding"][0]["display"] == "Insulin-like growth factor-I [Z-score] in Serum or Plasma"
    assert comp["valueQuantity"]["unit"] == comp["valueQuantity"]["code"] == "{Z-score}"
    assert comp["valueQuantity"]["value"] == round(r.sds or math.nan, 2)
    assert 0 < comp["valueQuantity"]["value"] < 1.96


def test_the_reported_value_and_unit_are_kept() -> None:
    # 19.6 nmol/L is written as reported (not as 149.92 ng/mL); the limits in nmol/L: the
    # Bidlingmaier 2014 female interval at 45 y, 60-200 ng/mL (tests/fixtures), is 7.8-26 nmol/L.
    r = igflab.interpret(19.6, "nmol/L", age=45, sex="female")
    obs = igflab.to_fhir(r)
    assert obs["valueQuantity"] == {"value": 19.6, "unit": "nmol/L", "system": UCUM, "code": "nmol/L"}
    (rng,) = obs["referenceRange"]
    assert rng["low"]["value"] == pytest.approx(r.reference.lower_ng_per_ml / NG_PER_NMOL, rel=5e-3)
    assert rng["high"]["value"] == pytest.approx(r.reference.upper_ng_per_ml / NG_PER_NMOL, rel=5e-3)
    assert 7.6 < rng["low"]["value"] < 8.0
    assert 25.5 < rng["high"]["value"] < 26.5
    assert r.value.ng_per_ml == pytest.approx(19.6 * NG_PER_NMOL, rel=1e-12)
    sds = obs["component"][0]["valueQuantity"]["value"]
    assert sds == round(r.sds or math.nan, 2)
    assert len(str(sds).split(".")[-1]) <= 2
    assert "subject" not in obs
    assert "effectiveDateTime" not in obs


@pytest.mark.parametrize(
    ("kwargs", "comparator", "sds_comparator"),
    [
        (dict(value="<25 ng/mL", age=60, sex="m"), "<", "<="),
        (dict(value=">1000 ng/mL", age=30, sex="f"), ">", ">="),
    ],
)
def test_censored_results_keep_their_comparator(kwargs: dict[str, Any], comparator: str, sds_comparator: str) -> None:
    r = igflab.interpret(**kwargs)
    obs = igflab.to_fhir(r)
    assert obs["valueQuantity"]["comparator"] == comparator
    # The SDS of a censored result is a bound, not a value.
    assert obs["component"][0]["valueQuantity"]["comparator"] == sds_comparator


def test_flags_map_to_v3_codes() -> None:
    # Bidlingmaier 2014, male 45 y: 72-212 ng/mL; 1.3 x 212 = 276 (Giustina 2024 threshold).
    expected = {30: ("L", "Low"), 150: ("N", "Normal"), 240: ("H", "High"), 400: ("HU", "Significantly high")}
    for value, (code, display) in expected.items():
        obs = igflab.to_fhir(igflab.interpret(value, "ng/mL", age=45, sex="male"))
        coding = obs["interpretation"][0]["coding"][0]
        assert (coding["code"], coding["display"]) == (code, display), value


def test_sex_unknown_gives_two_ranges_and_no_sds() -> None:
    r = igflab.interpret(150, "ng/mL", age=45, sex="unknown")
    obs = igflab.to_fhir(r)
    sexes = [rng["appliesTo"][0]["coding"][0]["code"] for rng in obs["referenceRange"]]
    assert sexes == ["male", "female"]
    assert "component" not in obs  # no single SDS without a sex


def test_lab_range_comes_first_and_is_not_marked() -> None:
    r = igflab.interpret(60, "ng/mL", age=45, sex="male", lab_range="52-328")
    obs = igflab.to_fhir(r)
    lab, published = obs["referenceRange"]
    assert (lab["low"]["value"], lab["high"]["value"]) == (52, 328)
    assert not lab["text"].startswith(PUBLISHED_RANGE_PREFIX)
    assert "appliesTo" not in lab
    assert "age" not in lab
    assert published["text"].startswith(PUBLISHED_RANGE_PREFIX)
    # The SDS against the published reference is still given, and says which reference.
    assert "bidlingmaier2014_idsisys" in obs["component"][0]["code"]["text"]


def test_limits_reference_uses_the_age_band() -> None:
    # Quest LC/MS: adults 40-49 y share 52-328 ng/mL for both sexes (reference_ranges/quest_lcms.json).
    obs = igflab.to_fhir(igflab.interpret(150, "ng/mL", age=45, sex="male", reference="quest_lcms"))
    (rng,) = obs["referenceRange"]
    assert (rng["low"]["value"], rng["high"]["value"]) == (52, 328)
    # FHIR ranges include both ends: the band "40 to under 50" must not claim 50 (49.999 a).
    assert (rng["age"]["low"]["value"], rng["age"]["high"]["value"]) == (40, 49.999)
    assert "appliesTo" not in rng
    assert "component" not in obs  # a limits reference gives no SDS


def test_warnings_and_provenance_are_in_notes() -> None:
    r = igflab.interpret(1900, "ng/mL", age=45, sex="male")
    obs = igflab.to_fhir(r)
    texts = [n["text"] for n in obs["note"]]
    assert r.warnings
    for w in r.warnings:
        assert f"Check: {w.message}." in texts
    assert any(f"igflab {igflab.__version__}" in t and "7649 g/mol" in t for t in texts)


@pytest.mark.parametrize(
    "effective",
    ["2026-05-01T08:30:00+02:00", "2026-05", dt.datetime(2026, 5, 1, 8, 30, tzinfo=dt.UTC), dt.date(2026, 5, 1)],
)
def test_effective_forms(effective: Any) -> None:
    obs = igflab.to_fhir(igflab.interpret(150, "ng/mL", age=45, sex="male"), effective=effective)
    validate(obs)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        (dict(effective=dt.datetime(2026, 5, 1, 8, 30)), "effective"),  # FHIR needs a time zone with a time
        (dict(effective="01/05/2026"), "effective"),
        (dict(subject=42), "subject"),
    ],
)
def test_to_fhir_bad_arguments(kwargs: dict[str, Any], field: str) -> None:
    r = igflab.interpret(150, "ng/mL", age=45, sex="male")
    with pytest.raises(igflab.IgflabError) as info:
        igflab.to_fhir(r, **kwargs)
    assert info.value.field == field


def test_to_fhir_needs_an_interpretation() -> None:
    with pytest.raises(igflab.IgflabError):
        igflab.to_fhir({"value": 150})  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------
# In: hand-written laboratory Observations
# --------------------------------------------------------------------------------------


def test_ngml_observation_with_lab_range() -> None:
    obs = fixture("observation_ngml_lab_range.json")
    r = igflab.from_fhir(obs, birth_date="1980-06-15", sex="female")
    assert r.value.ng_per_ml == 98
    assert r.age_source == "dates"
    assert r.age == pytest.approx(exact_age(dt.date(1980, 6, 15), dt.date(2026, 2, 10)), abs=1e-12)
    assert r.sex == "female"
    assert r.reference.kind == "lab"
    assert (r.reference.lower_ng_per_ml, r.reference.upper_ng_per_ml) == (52, 328)
    # 52 <= 98 <= 328: inside the lab's range, in its middle third (zlog).
    assert (r.zone, r.flag) == (igflab.Zone.MIDDLE_THIRD, igflab.Flag.N)
    assert r.zlog == pytest.approx(zlog(98, 52, 328), abs=1e-12)
    assert r.warnings == ()


def test_nmol_observation_without_range_uses_the_published_reference() -> None:
    obs = fixture("observation_nmol_no_range.json")
    r = igflab.from_fhir(obs, birth_date="1981-03-02", sex="male")
    assert r.age == 45.0
    assert r.value.ng_per_ml == pytest.approx(19.6 * NG_PER_NMOL, rel=1e-12)  # 149.9204
    assert r.value.input_unit == "nmol/L"
    assert r.reference.id == "bidlingmaier2014_idsisys"
    # Bidlingmaier 2014 at 45 y, male: 72-212 ng/mL (tests/fixtures/bidlingmaier2014_centiles.json, +-0.5).
    assert r.reference.lower_ng_per_ml == pytest.approx(72, abs=0.5)
    assert r.reference.upper_ng_per_ml == pytest.approx(212, abs=0.5)
    assert r.zone is igflab.Zone.MIDDLE_THIRD
    assert r.sds == pytest.approx(igflab.interpret(19.6, "nmol/L", age=45, sex="male").sds, abs=1e-12)


def test_bundle_with_patient_and_nmol_range() -> None:
    r = igflab.from_fhir(fixture("bundle_patient_observation_nmol.json"))
    assert r.sex == "female"  # Patient.gender
    assert r.age == pytest.approx(exact_age(dt.date(1978, 11, 20), dt.date(2026, 1, 15)), abs=1e-12)
    # The lab's 6.8-42.9 nmol/L range, in ng/mL with 7.649 ng/mL per nmol/L.
    assert r.reference.kind == "lab"
    assert r.reference.lower_ng_per_ml == pytest.approx(6.8 * NG_PER_NMOL, rel=1e-12)
    assert r.reference.upper_ng_per_ml == pytest.approx(42.9 * NG_PER_NMOL, rel=1e-12)
    # 6.1 nmol/L = 46.66 ng/mL < 52.01 ng/mL: below the lab's range.
    assert r.value.ng_per_ml == pytest.approx(6.1 * NG_PER_NMOL, rel=1e-12)
    assert (r.zone, r.flag) == (igflab.Zone.BELOW_REFERENCE, igflab.Flag.L)


def test_censored_ugl_observation() -> None:
    r = igflab.from_fhir(fixture("observation_censored_ugl.json"), birth_date="1965-02-01", sex="male")
    assert r.value.censored == "<"
    assert r.value.input_unit == "µg/L"
    # "<25 µg/L" (= ng/mL) is certainly below the lab's lower limit of 41.
    assert (r.reference.lower_ng_per_ml, r.reference.upper_ng_per_ml) == (41, 279)
    assert (r.zone, r.flag) == (igflab.Zone.BELOW_REFERENCE, igflab.Flag.L)
    assert r.reference.bound == "upper"


def test_ranges_by_sex_and_age_pick_the_person_s_own() -> None:
    bundle = fixture("bundle_child_ranges_by_sex.json")
    girl = igflab.from_fhir(bundle)
    # Girl aged 12.6 y: the 12-13 y female range 178-636 applies; 160 is below it.
    assert girl.age == pytest.approx(exact_age(dt.date(2013, 9, 1), dt.date(2026, 4, 20)), abs=1e-12)
    assert (girl.reference.lower_ng_per_ml, girl.reference.upper_ng_per_ml) == (178, 636)
    assert (girl.zone, girl.flag) == (igflab.Zone.BELOW_REFERENCE, igflab.Flag.L)
    boy_bundle = copy.deepcopy(bundle)
    boy_bundle["entry"][0]["resource"]["gender"] = "male"
    boy = igflab.from_fhir(boy_bundle)
    # Boy aged 12.6 y: 146-541 applies; 160 is inside, in the lower third.
    assert (boy.reference.lower_ng_per_ml, boy.reference.upper_ng_per_ml) == (146, 541)
    assert (boy.zone, boy.flag) == (igflab.Zone.LOWER_THIRD, igflab.Flag.N)


def test_patient_gender_other_is_read_as_unknown() -> None:
    bundle = fixture("bundle_patient_observation_nmol.json")
    bundle["entry"][0]["resource"]["gender"] = "other"
    assert igflab.from_fhir(bundle).sex == "unknown"


def test_observation_of_and_json_text() -> None:
    bundle = fixture("bundle_patient_observation_nmol.json")
    assert observation_of(json.dumps(bundle))["id"] == "igf1-nmol-range"
    r = igflab.from_fhir(json.dumps(bundle))
    assert r.flag is igflab.Flag.L


def test_value_string_is_read() -> None:
    obs = fixture("observation_nmol_no_range.json")
    del obs["valueQuantity"]
    obs["valueString"] = "<3.3 nmol/L"
    r = igflab.from_fhir(obs, birth_date="1981-03-02", sex="male")
    assert r.value.censored == "<"
    assert r.value.ng_per_ml == pytest.approx(3.3 * NG_PER_NMOL, rel=1e-12)


def test_local_code_only_is_read_with_a_warning() -> None:
    obs = fixture("observation_ngml_lab_range.json")
    obs["code"] = {"coding": [{"system": "http://example.org/lab", "code": "IGF1"}], "text": "IGF-1"}
    r = igflab.from_fhir(obs, birth_date="1980-06-15", sex="female")
    assert [w.code for w in r.warnings] == ["no_loinc_code"]
    assert r.warnings[0].field == "Observation.code"


def test_preliminary_status_and_half_open_range_are_warnings() -> None:
    obs = fixture("observation_ngml_lab_range.json")
    obs["status"] = "preliminary"
    del obs["referenceRange"][0]["low"]
    obs["referenceRange"][0].pop("text")
    r = igflab.from_fhir(obs, birth_date="1980-06-15", sex="female")
    assert {w.code for w in r.warnings} == {"not_final", "lab_range_incomplete"}
    assert r.reference.kind == "published"


def test_text_only_range_is_read() -> None:
    obs = fixture("observation_ngml_lab_range.json")
    rng = obs["referenceRange"][0]
    del rng["low"], rng["high"]
    r = igflab.from_fhir(obs, birth_date="1980-06-15", sex="female")
    assert (r.reference.lower_ng_per_ml, r.reference.upper_ng_per_ml) == (52, 328)


def _set(path: str, value: Any) -> Any:
    def edit(d: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = d
        for p in parents:
            node = node[int(p)] if p.isdigit() else node[p]
        if value is _DELETE:
            del node[last]
        else:
            node[last] = value

    return edit


_DELETE = object()
_BASE = "observation_ngml_lab_range.json"
_BUNDLE = "bundle_patient_observation_nmol.json"


@pytest.mark.parametrize(
    ("name", "edit", "kwargs", "field"),
    [
        (_BASE, _set("valueQuantity", _DELETE), {}, "Observation.valueQuantity"),
        (_BASE, _set("valueQuantity.code", "mg"), {}, "Observation.valueQuantity.code"),
        (_BASE, _set("valueQuantity.code", "NG/ML"), {}, "Observation.valueQuantity.code"),
        (_BASE, _set("valueQuantity.code", "{Z-score}"), {}, "Observation.valueQuantity.code"),
        (_BASE, _set("valueQuantity.unit", "nmol/L"), {}, "Observation.valueQuantity.unit"),
        (_BASE, _set("valueQuantity.comparator", "ad"), {}, "Observation.valueQuantity.comparator"),
        (_BASE, _set("valueQuantity.value", "98"), {}, "Observation.valueQuantity.value"),
        (_BASE, _set("valueQuantity.value", -5), {}, "Observation.valueQuantity.value"),
        (_BASE, _set("code", {"coding": [{"system": "http://loinc.org", "code": "73561-3"}]}), {}, "Observation.code"),
        (_BASE, _set("code", {"coding": [{"system": "http://loinc.org", "code": "2345-7"}]}), {}, "Observation.code"),
        (_BASE, _set("effectiveDateTime", _DELETE), {}, "Observation.effectiveDateTime"),
        (_BASE, _set("effectiveDateTime", "2026"), {}, "Observation.effectiveDateTime"),
        (_BASE, _set("effectiveDateTime", "1970-01-01"), {}, "Observation.effectiveDateTime"),
        (_BASE, _set("status", "entered-in-error"), {}, "Observation.status"),
        (_BASE, _set("dataAbsentReason", {"text": "sample haemolysed"}), {}, "Observation.dataAbsentReason"),
        (_BASE, _set("referenceRange.0.low.code", "kg"), {}, "Observation.referenceRange[0].low.code"),
        (_BASE, _set("resourceType", "Patient"), {}, "resourceType"),
        (_BASE, None, {"sex": None}, "Patient.gender"),
        (_BASE, None, {"birth_date": None}, "Patient.birthDate"),
        (_BUNDLE, None, {"sex": "male"}, "Patient.gender"),
        (_BUNDLE, None, {"birth_date": "1978-11-21"}, "Patient.birthDate"),
        (_BUNDLE, _set("entry.0.resource.birthDate", "1978"), {}, "Patient.birthDate"),
        (_BUNDLE, _set("entry.0.resource.gender", "robot"), {}, "Patient.gender"),
        (_BUNDLE, _set("entry.2.resource.subject.reference", "Patient/zz"), {}, "Observation.subject.reference"),
        (_BUNDLE, _set("entry.1.resource.code.coding.0.code", "2484-4"), {}, "Bundle.entry"),
        (_BUNDLE, _set("entry", []), {}, "Bundle.entry"),
    ],
)
def test_missing_or_contradictory_input_names_the_fhir_path(
    name: str, edit: Any, kwargs: dict[str, Any], field: str
) -> None:
    data = fixture(name)
    if edit is not None:
        edit(data)
    if name == _BASE:
        kwargs = {"birth_date": "1980-06-15", "sex": "female", **kwargs}
    with pytest.raises(igflab.IgflabError) as info:
        igflab.from_fhir(data, **kwargs)
    assert info.value.field == field, info.value


def test_two_lab_ranges_for_the_same_person_are_refused() -> None:
    obs = fixture(_BASE)
    obs["referenceRange"].append(copy.deepcopy(obs["referenceRange"][0]))
    with pytest.raises(igflab.LabRangeError) as info:
        igflab.from_fhir(obs, birth_date="1980-06-15", sex="female")
    assert info.value.field == "Observation.referenceRange"


@pytest.mark.parametrize("code", sorted(UCUM_UNITS))
def test_every_ucum_code_maps_to_the_right_factor(code: str) -> None:
    # Factors to ng/mL from the SI prefixes (1 L = 10 dL = 1000 mL; g/mg/ug/ng/pg = 1e9/1e6/1e3/1/1e-3 ng)
    # and, for amounts, 1 nmol/L = 7.649 ng/mL (molar mass 7649 g/mol). UCUM: L and l are both litre.
    per_ng = {
        "ng/mL": 1.0, "ug/L": 1.0, "ng/dL": 1e-2, "ng/L": 1e-3, "pg/mL": 1e-3, "ug/dL": 10.0, "ug/mL": 1e3,
        "mg/L": 1e3, "mg/dL": 1e4, "g/L": 1e6, "nmol/L": NG_PER_NMOL, "pmol/mL": NG_PER_NMOL,
        "pmol/L": NG_PER_NMOL * 1e-3, "nmol/mL": NG_PER_NMOL * 1e3, "umol/L": NG_PER_NMOL * 1e3,
    }  # fmt: skip
    num, den = code.split("/")
    factor = per_ng[f"{num}/{den.replace('l', 'L')}"]
    obs = fixture("observation_nmol_no_range.json")
    obs["valueQuantity"] = {"value": 150 / factor, "unit": code, "system": UCUM, "code": code}
    r = igflab.from_fhir(obs, birth_date="1981-03-02", sex="male")
    assert r.value.ng_per_ml == pytest.approx(150, rel=1e-12)
    assert unit_factor(UCUM_UNITS[code])[1] == pytest.approx(factor, rel=1e-12)


def test_reading_fhir_does_not_import_pint() -> None:
    """UCUM codes are read from igflab's table; pint never sees them."""
    path = FIXTURES / "fhir" / "bundle_patient_observation_nmol.json"
    code = f"import sys, json, igflab; igflab.from_fhir(json.load(open({str(path)!r}))); print('pint' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# --------------------------------------------------------------------------------------
# Round trip: from_fhir(to_fhir(x)) has the zone, flag and SDS of x
# --------------------------------------------------------------------------------------

_REFS = {"bidlingmaier2014_idsisys": 94.0, "isojima2012_japan": 77.0, "quest_lcms": 100.0}


@st.composite
def requests(draw: st.DrawFn, unit: str) -> dict[str, Any]:
    ref = draw(st.sampled_from(sorted(_REFS)))
    born = draw(st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2025, 1, 1)))
    days = draw(st.integers(min_value=30, max_value=int(_REFS[ref] * 365)))
    collected = born + dt.timedelta(days=days)
    assume(collected <= dt.date.today())  # a collection date in the future is an error
    if unit == "ng/mL":
        value = draw(st.integers(min_value=500, max_value=150_000)) / 100  # 5.00-1500.00, 2 decimals
    else:
        value = draw(st.integers(min_value=10, max_value=2000)) / 10  # 1.0-200.0 nmol/L, 1 decimal
    censor = draw(st.sampled_from(["", "", "", "<", ">"]))
    req: dict[str, Any] = {
        "value": f"{censor}{value}",
        "unit": unit,
        "birth_date": born.isoformat(),
        "collected": collected.isoformat(),
        "sex": draw(st.sampled_from(["male", "female", "unknown"])),
        "reference": ref,
    }
    if draw(st.booleans()):
        lo = draw(st.integers(min_value=20, max_value=200))
        hi = draw(st.integers(min_value=lo + 20, max_value=900))
        req["lab_range"] = (lo, hi)
        req["lab_range_unit"] = "ng/mL"
    return req


def _round_trip(req: dict[str, Any]) -> tuple[igflab.Interpretation, igflab.Interpretation]:
    x = igflab.interpret(**req)
    obs = igflab.to_fhir(x, subject="Patient/p", effective=req["collected"])
    validate(obs)
    y = igflab.from_fhir(obs, birth_date=req["birth_date"], sex=x.sex)
    return x, y


def _same_positions(x: igflab.Interpretation, y: igflab.Interpretation) -> None:
    assert y.zone == x.zone
    assert y.flag == x.flag
    assert y.reference.id == x.reference.id
    assert y.reference.kind == x.reference.kind
    assert [p.id for p in y.other_positions] == [p.id for p in x.other_positions]
    assert y.value.censored == x.value.censored
    assert y.age == x.age


@given(requests("ng/mL"))
def test_round_trip_ng_per_ml(req: dict[str, Any]) -> None:
    """A result given to 2 decimals in ng/mL is carried exactly, so everything matches."""
    x, y = _round_trip(req)
    _same_positions(x, y)
    assert y.value.ng_per_ml == x.value.ng_per_ml
    assert (y.sds is None) == (x.sds is None)
    if x.sds is not None:
        assert y.sds == pytest.approx(x.sds, abs=1e-12)
    assert (y.reference.lower_ng_per_ml, y.reference.upper_ng_per_ml) == pytest.approx(
        (x.reference.lower_ng_per_ml, x.reference.upper_ng_per_ml), abs=1e-12
    )


@given(requests("nmol/L"))
def test_round_trip_nmol_per_l(req: dict[str, Any]) -> None:
    """nmol/L results are exported in nmol/L as reported, so the value comes back exactly; a lab
    range given in ng/mL is re-expressed in nmol/L to six significant digits (1e-5 relative)."""
    x, y = _round_trip(req)
    v = x.value.ng_per_ml
    if x.reference.kind == "lab":
        limits = [
            120.0,
            160.0,
            x.reference.lower_ng_per_ml,
            x.reference.upper_ng_per_ml,
            1.3 * x.reference.upper_ng_per_ml,
        ]
        assume(all(abs(v - b) > 1e-3 * b for b in limits))
    _same_positions(x, y)
    assert y.value == x.value
    assert (y.sds is None) == (x.sds is None)
    if x.sds is not None:
        assert y.sds == pytest.approx(x.sds, abs=1e-12)
    assert (y.reference.lower_ng_per_ml, y.reference.upper_ng_per_ml) == pytest.approx(
        (x.reference.lower_ng_per_ml, x.reference.upper_ng_per_ml), rel=1e-5
    )


def test_round_trip_keeps_a_non_default_reference() -> None:
    x = igflab.interpret(150, "ng/mL", age=45, sex="female", reference="isojima2012_japan")
    obs = igflab.to_fhir(x, effective="2026-03-02")
    y = igflab.from_fhir(obs, birth_date="1981-03-02", sex="female")
    assert y.reference.id == "isojima2012_japan"
    assert y.sds == pytest.approx(x.sds, abs=1e-12)
    # The caller's choice wins over the one written in the Observation.
    z = igflab.from_fhir(obs, birth_date="1981-03-02", sex="female", reference="bidlingmaier2014_idsisys")
    assert z.reference.id == "bidlingmaier2014_idsisys"


def test_published_range_of_an_unknown_reference_gives_a_warning() -> None:
    x = igflab.interpret(150, "ng/mL", age=45, sex="male")
    obs = igflab.to_fhir(x, effective="2026-03-02")
    obs["referenceRange"][0]["text"] = PUBLISHED_RANGE_PREFIX + "someone2030: 2.5th-97.5th centile."
    y = igflab.from_fhir(obs, birth_date="1981-03-02", sex="male")
    assert y.reference.id == "bidlingmaier2014_idsisys"
    assert [w.code for w in y.warnings] == ["reference_not_shipped"]


def test_fhir_resources_model_is_accepted() -> None:
    r4b = pytest.importorskip("fhir.resources.R4B.observation")
    model = r4b.Observation.model_validate(fixture(_BASE))
    r = igflab.from_fhir(model, birth_date="1980-06-15", sex="female")
    assert r.zone is igflab.Zone.MIDDLE_THIRD


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        # Malformed shapes are refused or ignored as FHIR data, never a Python error.
        (_set("valueQuantity.value", 10**400), "Observation.valueQuantity.value"),
        (_set("referenceRange.0.low.value", 10**400), "Observation.referenceRange[0].low.value"),
        (_set("referenceRange.0.appliesTo", 5), "Observation.referenceRange"),
    ],
)
def test_malformed_values_are_input_errors(edit: Any, field: str) -> None:
    obs = fixture(_BASE)
    edit(obs)
    with pytest.raises(igflab.IgflabError) as info:
        igflab.from_fhir(obs, birth_date="1980-06-15", sex="female")
    assert info.value.field == field, info.value


def test_malformed_codings_and_age_limits_are_ignored() -> None:
    obs = fixture(_BASE)
    obs["referenceRange"][0]["appliesTo"] = [{"coding": 5}]
    r = igflab.from_fhir(obs, birth_date="1980-06-15", sex="female")
    assert r.reference.kind == "lab"
    typed = copy.deepcopy(obs)
    typed["referenceRange"][0]["type"] = {"coding": 5}  # not a "normal" range: not the lab's
    assert igflab.from_fhir(typed, birth_date="1980-06-15", sex="female").reference.kind == "published"
    obs["referenceRange"][0]["age"] = {"low": {"value": 10**400, "code": "a"}}  # applies to nobody
    assert igflab.from_fhir(obs, birth_date="1980-06-15", sex="female").reference.kind == "published"
    obs["code"] = {"coding": 5, "text": "IGF-1"}
    r = igflab.from_fhir(obs, birth_date="1980-06-15", sex="female")
    assert "no_loinc_code" in [w.code for w in r.warnings]


@pytest.mark.parametrize("reference", [["Patient/1"], {"reference": "Patient/1"}])
def test_subject_reference_that_is_not_text_is_refused(reference: Any) -> None:
    bundle = fixture(_BUNDLE)
    bundle["entry"][2]["resource"]["subject"]["reference"] = reference
    with pytest.raises(igflab.InputError) as info:
        igflab.from_fhir(bundle)
    assert info.value.field == "Observation.subject.reference"


@pytest.mark.parametrize("text", [b"\xff{}", "[" * 100_000])
def test_unreadable_json_is_an_input_error(text: str | bytes) -> None:
    with pytest.raises(igflab.InputError, match="not valid JSON") as info:
        igflab.from_fhir(text)
    assert info.value.field == "resource"


def test_cli_fhir_out_keeps_the_collection_period(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from igflab.cli import main

    obs = fixture("observation_nmol_no_range.json")
    when = obs.pop("effectiveDateTime")
    obs["effectivePeriod"] = {"start": when}
    path = tmp_path / "obs.json"
    path.write_text("\ufeff" + json.dumps(obs), encoding="utf-8")  # with a BOM, as Windows editors save it
    assert main(["interpret", "--fhir-in", str(path), "--birth-date", "1981-03-02", "--sex", "m", "--fhir"]) == 0
    assert json.loads(capsys.readouterr().out)["effectiveDateTime"] == when
