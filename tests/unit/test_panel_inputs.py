"""The panel and IGFBP-3 against the inputs apps and files send: every bad one a typed error, nothing guessed.

Figures: IGFBP-3 28.7 kDa (IDS, the maker of the IDS-iSYS assay, citation ``ids_igfbp3``), so
1 nmol/L = 28.7 ng/mL; IGF-1 7649 g/mol (``igflab.inputs.units``).
"""

from __future__ import annotations

import copy
import csv
import io
import json
from typing import Any

import pytest

import igflab
from igflab.cli.panel_render import render_panel
from igflab.io.csv import interpret_csv
from igflab.io.fhir_panel import panel_to_fhir, read_panel
from igflab.io.json import answer_request
from tests.support import one_error, run_cli

PERSON: dict[str, Any] = {"age": 45, "sex": "male"}
NG_PER_NMOL_IGFBP3 = 28.7


@pytest.mark.parametrize(
    ("value", "unit"),
    [(142.9, "nmol/L"), (0.1429, "µmol/L"), (0.1429, "umol/L"), (142.9, "pmol/mL"), (142.9, "NMOL/L")],
)
def test_igfbp3_in_molar_units_uses_its_own_molar_mass(value: float, unit: str) -> None:
    r = igflab.interpret(value, unit, analyte="igfbp3", **PERSON)
    assert r.value.ng_per_ml == pytest.approx(142.9 * NG_PER_NMOL_IGFBP3, rel=1e-12)
    assert r.value.nmol_per_l == pytest.approx(142.9, rel=1e-12)


def test_igfbp3_in_mg_per_dl() -> None:
    r = igflab.interpret(0.41, "mg/dL", analyte="igfbp3", **PERSON)
    assert r.value.ng_per_ml == pytest.approx(4100.0, rel=1e-12)


@pytest.mark.parametrize("unit", ["%", "mmol/L"])
def test_a_unit_error_for_igfbp3_does_not_speak_of_igf1_alone(unit: str) -> None:
    with pytest.raises(igflab.UnitError, match="IGFBP-3"):
        igflab.interpret(4.1, unit, analyte="igfbp3", **PERSON)


@pytest.mark.parametrize(
    ("igfbp3", "field"),
    [("", "igfbp3"), ("4.1", "igfbp3_unit"), ("4.1 kg", "igfbp3_unit"), ("<0.5 mg/L", "igfbp3"), (None, "igfbp3")],
)
def test_an_igfbp3_error_in_the_panel_names_the_igfbp3_input(igfbp3: Any, field: str) -> None:
    with pytest.raises(igflab.InputError) as info:
        igflab.interpret_panel("150 ng/mL", igfbp3, **PERSON)
    assert info.value.field == field
    with pytest.raises(igflab.InputError) as info:
        igflab.interpret_panel("", "4.1 mg/L", **PERSON)
    assert info.value.field == "value"  # IGF-1 keeps the request's own name


def test_the_panel_reads_the_values_before_the_person_as_the_batch_does() -> None:
    with pytest.raises(igflab.ValueInputError):  # the value's error, not the age's
        igflab.interpret_panel("abc", "4.1 mg/L", age=None, sex="male")
    b = igflab.interpret_panel_batch(["abc"], ["4.1 mg/L"], [None], ["male"]).columns()
    assert b["igf1_error_code"][0] == "value_input_error"


def test_a_censored_igf1_keeps_its_sign_in_the_panel_the_terminal_and_fhir() -> None:
    p = igflab.interpret_panel("<15 ng/mL", "4.1 mg/L", **PERSON)
    assert p.igf1.value.censored == "<"
    assert p.igfbp3.value.censored is None
    assert p.molar_ratio is None
    assert "Position   SDS at most -5.08, below the 1st centile" in render_panel(p)
    assert "IGF-1 <15 ng/mL = <1.96 nmol/L" in render_panel(p)
    bundle = panel_to_fhir(p)
    obs = bundle["entry"][0]["resource"]
    assert obs["valueQuantity"]["comparator"] == "<"
    assert obs["component"][0]["valueQuantity"]["comparator"] == "<="
    back, _ = read_panel(bundle, **PERSON)
    assert back.igf1.value.censored == "<"
    assert back.molar_ratio is None
    high = igflab.interpret_panel(">1600 ng/mL", "4.1 mg/L", **PERSON)
    assert high.igf1.value.censored == ">"
    assert panel_to_fhir(high)["entry"][0]["resource"]["component"][0]["valueQuantity"]["comparator"] == ">="


BASE = {"value": 150, "unit": "ng/mL", "age": 45, "sex": "male"}


@pytest.mark.parametrize(
    "request_",
    [
        {**BASE, "value": True},
        {**BASE, "age": True},
        {**BASE, "igfbp3": True, "igfbp3_unit": "mg/L"},
        {**BASE, "igfbp3": False, "igfbp3_unit": "mg/L"},
        {**BASE, "lab_range": [True, 300]},
    ],
)
def test_json_true_and_false_are_not_numbers(request_: dict[str, Any]) -> None:
    with pytest.raises(igflab.InputError, match="valid number"):
        answer_request(request_)
    with pytest.raises(igflab.InputError, match="valid number"):
        answer_request(json.dumps(request_))


def test_json_igfbp3_unit_without_igfbp3_is_refused_for_every_analyte() -> None:
    for req in (
        {**BASE, "igfbp3_unit": "mg/L"},
        {**BASE, "value": 4.1, "unit": "mg/L", "analyte": "igfbp3", "igfbp3_unit": "ng/mL"},
    ):
        with pytest.raises(igflab.InputError) as info:
            answer_request(req)
        assert info.value.field == "igfbp3_unit"


def test_json_panel_errors_name_the_igfbp3_field() -> None:
    with pytest.raises(igflab.InputError) as info:
        answer_request({**BASE, "igfbp3": "", "igfbp3_unit": "mg/L"})
    assert info.value.field == "igfbp3"


def test_cli_panel_error_names_igfbp3() -> None:
    line = one_error(
        run_cli("interpret", "150", "ng/mL", "--igfbp3", "", "mg/L", "--age", "45", "--sex", "male"), "igfbp3"
    )
    assert "value is empty" in line


def _bundle() -> dict[str, Any]:
    p = igflab.interpret_panel("150 ng/mL", "4.1 mg/L", **PERSON)
    return panel_to_fhir(p, subject="Patient/7", effective="2026-05-01")


@pytest.mark.parametrize("status", ["entered-in-error", "cancelled"])
def test_a_fhir_igfbp3_observation_without_a_valid_result_is_refused(status: str) -> None:
    b = _bundle()
    b["entry"][1]["resource"]["status"] = status
    with pytest.raises(igflab.InputError, match=status) as info:
        read_panel(b, **PERSON)
    assert info.value.field == "Observation.status"


@pytest.mark.parametrize(
    ("key", "value", "field"),
    [
        ("subject", {"reference": "Patient/8"}, "Observation.subject"),
        ("effectiveDateTime", "2020-01-01", "Observation.effectiveDateTime"),
    ],
)
def test_a_fhir_pair_from_two_people_or_two_samples_is_refused(key: str, value: Any, field: str) -> None:
    b = _bundle()
    b["entry"][1]["resource"][key] = value
    with pytest.raises(igflab.InputError) as info:
        read_panel(b, age=45, sex="male")
    assert info.value.field == field


def test_fhir_reading_warnings_reach_the_panel() -> None:
    b = _bundle()
    b["entry"][0]["resource"]["status"] = "preliminary"
    b["entry"][1]["resource"]["status"] = "registered"
    p, _ = read_panel(b, **PERSON)
    assert [w.code for w in p.warnings].count("not_final") == 2
    b = _bundle()
    rng = {
        "low": {"value": 52, "unit": "ng/mL", "system": "http://unitsofmeasure.org", "code": "ng/mL"},
        "high": {"value": 328, "unit": "ng/mL", "system": "http://unitsofmeasure.org", "code": "ng/mL"},
    }
    b["entry"][0]["resource"]["referenceRange"] = [rng]  # the laboratory's own IGF-1 range
    p, _ = read_panel(copy.deepcopy(b), **PERSON)
    assert [w.message.split(" Observation")[0] for w in p.warnings if w.code == "lab_range_not_used"] == ["The IGF-1"]
    b = _bundle()
    bp3_range = {**rng, "low": {**rng["low"], "value": 2400}, "high": {**rng["high"], "value": 5900}}
    b["entry"][1]["resource"]["referenceRange"].append(bp3_range)  # the laboratory's own IGFBP-3 range, beside igflab's
    p, _ = read_panel(b, **PERSON)
    assert [w.message.split(" Observation")[0] for w in p.warnings if w.code == "lab_range_not_used"] == ["The IGFBP-3"]
    assert p.igfbp3.reference.id == "friedrich2014_igfbp3_idsisys"


pd = pytest.importorskip("pandas")


def _frame() -> Any:
    return pd.DataFrame(
        {"value": [150.0], "unit": "ng/mL", "igfbp3": [4.1], "igfbp3_unit": "mg/L", "age": [45], "sex": "male"}
    )


@pytest.mark.parametrize("name", ["age", "igfbp3", "value"])
def test_a_frame_column_given_twice_is_refused(name: str) -> None:
    df = _frame()
    twice = pd.concat([df, df[[name]]], axis=1)
    with pytest.raises(igflab.InputError, match=f"more than one column named '{name}'"):
        igflab.interpret_panel_frame(twice)


def test_lab_limits_in_a_panel_frame_or_csv_are_refused_not_ignored() -> None:
    with pytest.raises(igflab.InputError, match="lab_low and lab_high are read for IGF-1 alone"):
        igflab.interpret_panel_frame(_frame().assign(lab_low=50.0, lab_high=300.0))
    src = io.StringIO("value,unit,igfbp3,age,sex,lab_low,lab_high\n150,ng/mL,4.1 mg/L,45,male,50,300\n")
    with pytest.raises(igflab.InputError, match="remove them for the panel"):
        interpret_csv(src, io.StringIO(), analyte="panel")


def test_a_panel_csv_summary_adds_up_to_its_rows() -> None:
    text = "value,igfbp3,age,sex\n150 ng/mL,4.1 mg/L,45,male\n150 ng/mL,,45,male\nabc,4.1 mg/L,45,male\n"
    dst = io.StringIO()
    summary = interpret_csv(io.StringIO(text), dst, analyte="panel")
    assert (summary.rows, summary.errors, sum(summary.zones.values())) == (3, 2, 1)
    rows = list(csv.DictReader(io.StringIO(dst.getvalue())))
    assert rows[1]["igf1_zone"] == "middle_third"  # IGF-1 is still placed in a row whose IGFBP-3 is missing


def test_the_ratio_note_speaks_of_adult_studies_only_to_adults() -> None:
    # Kucera 2015 (PMID 25744488): the molar ratio "is an indicator of IGF1 bioavailability", in 1022 adults.
    for igf1, age, adult in (
        ("150 ng/mL", 45, True),
        ("<15 ng/mL", 45, True),
        ("30 ng/mL", 2, False),
        ("<15 ng/mL", 2, False),
    ):
        p = igflab.interpret_panel(igf1, "1.5 mg/L", age=age, sex="female")
        (note,) = [n for n in p.notes if "molar IGF-1/IGFBP-3 ratio" in n.text]
        assert ("In adults the ratio is studied" in note.text) is adult
        assert ("kucera2015" in note.citations) is adult
        assert ("not computed here" in note.text) is igf1.startswith("<")


@pytest.mark.parametrize("units", ["ng/mL", ("ng/mL",), ("ng/mL", "mg/L", "µg/mL"), ["ng/mL", "mg/L"]])
def test_panel_batch_units_must_be_a_pair_never_split(units: Any) -> None:
    # "ng/mL" used to be split into 'n' (IGF-1) and 'g' (IGFBP-3); a 1-tuple raised IndexError.
    with pytest.raises(igflab.InputError) as info:
        igflab.interpret_panel_batch([150], [4.1], [45], ["male"], units=units)
    assert info.value.field == "units"


def test_panel_batch_value_columns_of_different_lengths_name_both() -> None:
    with pytest.raises(igflab.InputError, match="igfbp3_values has 1 rows but igf1_values has 2") as info:
        igflab.interpret_panel_batch([150, 150], [4.1], [45, 45], "male", units=("ng/mL", "mg/L"))
    assert info.value.field == "igfbp3_values"


def test_a_censored_igf1_in_no_single_zone_is_not_called_inside_or_discordant() -> None:
    # <=25 ng/mL at birth (girls): Bidlingmaier 2014's lower limit is about 17.9 ng/mL, so the
    # result may lie below or inside: indeterminate. It used to be called "inside", and the
    # pair "discordant" with a low IGFBP-3, while the batch compared nothing.
    p = igflab.interpret_panel("<=25 ng/mL", "1 mg/L", age=0, sex="female")
    assert (p.igf1.zone, p.igfbp3.zone) == (igflab.Zone.INDETERMINATE, igflab.Zone.BELOW_REFERENCE)
    assert not any(" while IGFBP-3 is " in n.text for n in p.notes)
    b = igflab.interpret_panel_batch(["<=25 ng/mL"], ["1 mg/L"], [0], ["female"]).columns()
    assert not b["discordant"][0]


@pytest.mark.parametrize("reference", [None, "life2022"])
def test_a_decimal_comma_in_igfbp3_is_a_warning_in_every_path(reference: str | None) -> None:
    r = igflab.interpret("4,1 mg/L", analyte="igfbp3", age=45, sex="male", reference=reference)
    assert r.value.ng_per_ml == 4100.0
    assert [(w.code, w.message) for w in r.warnings] == [
        ("decimal_comma", "read the decimal comma in '4,1' as a decimal point (4.1)")
    ]
    p = igflab.interpret_panel("150 ng/mL", "4,1 mg/L", age=45, sex="male", reference=reference)
    assert [w.code for w in p.igfbp3.warnings] == ["decimal_comma"]
    b = igflab.interpret_panel_batch(["150 ng/mL"], ["4,1 mg/L"], [45], ["male"], reference=reference).columns()
    assert b["igfbp3_warnings"][0] == "decimal_comma"
    dst = io.StringIO()
    interpret_csv(
        io.StringIO('value,igfbp3,age,sex\n150 ng/mL,"4,1 mg/L",45,male\n'), dst, analyte="panel", reference=reference
    )
    assert next(csv.DictReader(io.StringIO(dst.getvalue())))["igfbp3_warnings"] == "decimal_comma"


def test_igfbp3_in_a_molar_unit_names_the_molar_mass_and_its_sources() -> None:
    # IDS: "IGFBP-3 has a molecular weight of 28.7 kDa"; Mayo Clinic Laboratories: "MW 29 kD" (29/28.7 = 1.0105).
    (note,) = [n for n in igflab.interpret(142.9, "nmol/L", analyte="igfbp3", **PERSON).notes if n.kind == "method"]
    assert "28,700 g/mol" in note.text
    assert "about 1% higher" in note.text
    assert note.citations == ("ids_igfbp3", "mayo_igfb3")
    assert all(n.kind != "method" for n in igflab.interpret(4.1, "mg/L", analyte="igfbp3", **PERSON).notes)
