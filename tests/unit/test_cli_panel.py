"""CLI: the IGF-1 + IGFBP-3 panel (--igfbp3), one IGFBP-3 result (--analyte igfbp3), references by analyte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import igflab
from igflab.text.zones import ZONE_PLAIN
from tests.support import one_error, run_cli

PERSON = ("--age", "45", "--sex", "male")


def test_panel_text_shows_both_results_and_the_pair() -> None:
    run = run_cli("interpret", "150", "ng/mL", "--igfbp3", "4.1", "mg/L", *PERSON)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    panel = igflab.interpret_panel("150 ng/mL", "4.1 mg/L", age=45, sex="male")
    words = " ".join(out.split())
    # The layout of one result: the summaries first (IGF-1's, then IGFBP-3's), then the table.
    assert words.startswith(" ".join(f"{panel.igf1.summary} {panel.igfbp3.summary}".split()))
    assert words.index(str(panel.igfbp3.summary)) < words.index("IGF-1 + IGFBP-3 panel (male, 45 years)")
    expected = [  # each result placed as the one renderer places one result
        "IGF-1 150 ng/mL = 19.6 nmol/L   (male, 45 years)",
        "Position   SDS +0.49, at the 69th centile",
        "IGFBP-3 4.10 mg/L = 143 nmol/L   (male, 45 years)",
        "Position   SDS +0.04, at the 51st centile",
        "Ratio      0.137 (molar), not placed on a reference (see the notes)",
    ]
    assert [line for line in expected if line not in out] == []
    assert "Reference Friedrich 2014 IGFBP-3 (IDS-iSYS): 2.5th-97.5th centile 2.43-5.92 mg/L, median 4.07" in words
    assert out.index("Notes on the pair") < out.index("Notes on IGF-1") < out.index("Notes on IGFBP-3")
    assert "qualified health professional" in out


def test_panel_json_is_the_library_result() -> None:
    run = run_cli("interpret", "150 ng/mL", "--igfbp3", "4.1 mg/L", *PERSON, "--json")
    assert run.returncode == 0, run.stderr
    got = igflab.PanelInterpretation.model_validate_json(run.stdout)
    assert got == igflab.interpret_panel("150 ng/mL", "4.1 mg/L", age=45, sex="male")


def test_panel_life_with_contraceptive_context() -> None:
    run = run_cli(
        "interpret", "150", "ng/mL", "--igfbp3", "4.1", "mg/L", "--age", "25", "--sex", "female",
        "--reference", "life2022", "--context", "combined-contraceptive", "--json",
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["igf1"]["reference"]["id"] == "life2022_igf1_incl_cc"
    assert data["igfbp3"]["reference"]["id"] == "life2022_igfbp3_incl_cc"
    assert data["context"] == ["combined-contraceptive"]


def test_one_igfbp3_result() -> None:
    run = run_cli("interpret", "4.1", "mg/L", "--analyte", "igfbp3", *PERSON)
    assert run.returncode == 0, run.stderr
    words = " ".join(run.stdout.split())
    assert words.startswith("This IGFBP-3 result, 4.10 mg/L (143 nmol/L), is in the middle third of the usual range")
    # in the unit typed (clinical review finding 11)
    assert "Reference Friedrich 2014 IGFBP-3 (IDS-iSYS): 2.5th-97.5th centile 2.43-5.92 mg/L, median 4.07" in words
    expected = [
        "IGFBP-3 4.10 mg/L = 143 nmol/L   (male, 45 years)",
        "Position   SDS +0.04, at the 51st centile",
        "Zone       inside, middle third (N)",
        "  O result   [ ] reference limits",
    ]
    assert [line for line in expected if line not in run.stdout.splitlines()] == []
    assert "120-160" not in run.stdout  # the IGF-1 mid-range is IGF-1's
    assert "1.3 x" not in run.stdout
    assert "IGF-1" not in run.stdout.split("Notes")[0]
    run = run_cli("interpret", "4.1", "mg/L", "--analyte", "igfbp3", *PERSON, "--json")
    r = igflab.Interpretation.model_validate_json(run.stdout)
    assert r == igflab.interpret(4.1, "mg/L", age=45, sex="male", analyte="igfbp3")
    assert json.loads(run.stdout)["summary"]["unit"] == "mg/L"


def test_one_igfbp3_result_brief_unit_and_fhir() -> None:
    brief = run_cli("interpret", "4.1", "mg/L", "--analyte", "igfbp3", *PERSON, "--brief")
    assert brief.returncode == 0, brief.stderr
    assert brief.stdout == str(igflab.interpret(4.1, "mg/L", age=45, sex="male", analyte="igfbp3")) + "\n"
    nmol = run_cli("interpret", "4.1", "mg/L", "--analyte", "igfbp3", *PERSON, "--brief", "--unit", "nmol/L")
    assert nmol.stdout.startswith("This IGFBP-3 result, 143 nmol/L (4.10 mg/L)")
    fhir = json.loads(run_cli("interpret", "4.1", "mg/L", "--analyte", "igfbp3", *PERSON, "--fhir").stdout)
    assert fhir["code"]["coding"][0]["code"] == "2483-6"
    assert fhir["valueQuantity"] == {
        "value": 4.1, "unit": "mg/L", "system": "http://unitsofmeasure.org", "code": "mg/L"
    }  # fmt: skip


def test_one_igfbp3_result_with_sex_unknown_and_on_life() -> None:
    run = run_cli("interpret", "4.1", "mg/L", "--analyte", "igfbp3", "--age", "45", "--sex", "unknown")
    assert run.returncode == 0, run.stderr
    r = igflab.interpret(4.1, "mg/L", age=45, sex="unknown", analyte="igfbp3")
    male = r.reference if r.reference.sex == "male" else r.other_positions[0]
    words = " ".join(run.stdout.split())
    assert f"male: SDS +0.04, at the 51st centile, {ZONE_PLAIN[male.zone]}" in words  # plain words, no zone id
    assert "female: SDS" in run.stdout
    life = run_cli("interpret", "4.1", "mg/L", "--analyte", "igfbp3", *PERSON, "--reference", "life2022", "--json")
    assert json.loads(life.stdout)["reference"]["id"] == "life2022_igfbp3"


def test_igf1_on_life_renders_with_the_one_renderer() -> None:
    run = run_cli("interpret", "150", "ng/mL", *PERSON, "--reference", "life2022")
    assert run.returncode == 0, run.stderr
    assert "IGF-1 150 ng/mL = 19.6 nmol/L   (male, 45 years)" in run.stdout
    assert "Position   SDS +0.28, at the 61st centile" in run.stdout
    assert "# adult 120-160 ng/mL band (context)" in run.stdout


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--previous", "3@40"), "--previous follows IGF-1 results"),
        (("--lab-range", "2-5"), "read for IGF-1 only"),
        (("--unit", "pg/mL"), "figures can be shown in mg/L"),
    ],
)
def test_one_igfbp3_result_refuses_what_is_not_read(extra: tuple[str, ...], message: str) -> None:
    run = run_cli("interpret", "4.1", "mg/L", "--analyte", "igfbp3", *PERSON, *extra)
    assert run.returncode != 0
    assert run.stdout == ""
    assert message in run.stderr


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("150", "ng/mL", "--igfbp3", "4.1", "kg", *PERSON), "igfbp3_unit"),  # IGFBP-3's unit, not IGF-1's
        (("150", "ng/mL", "--igfbp3", "4.1", "mg/L", "--age", "45", "--sex", "unknown"), "sex"),
        (("150", "ng/mL", "--igfbp3", "4.1", "mg/L", "--sex", "male"), "age"),
        (("4.1", "mg/L", "--analyte", "igfbp3", "--age", "95", "--sex", "male"), "age"),
    ],
)
def test_panel_input_errors_are_one_line(args: tuple[str, ...], field: str) -> None:
    one_error(run_cli("interpret", *args), field)


@pytest.mark.parametrize(
    "extra",
    [
        ("--fhir", "--json"),
        ("--lab-range", "2-5"),
        ("--analyte", "igfbp3"),
    ],
)
def test_panel_usage_errors_exit_2(extra: tuple[str, ...]) -> None:
    run = run_cli("interpret", "150", "ng/mL", "--igfbp3", "4.1", "mg/L", *PERSON, *extra)
    assert run.returncode == 2
    assert run.stdout == ""
    assert len(run.stderr.strip().splitlines()) == 1


def test_igfbp3_takes_one_value_and_unit() -> None:
    run = run_cli("interpret", "150", "ng/mL", "--igfbp3", "4.1", "mg/L", "extra", *PERSON)
    assert run.returncode == 2
    assert "a value and its unit" in run.stderr


def test_references_by_analyte() -> None:
    default = run_cli("references", "--json")
    assert [r["id"] for r in json.loads(default.stdout)] == [
        "bidlingmaier2014_idsisys",
        "isojima2012_japan",
        "quest_lcms",
    ]
    bp3 = json.loads(run_cli("references", "--analyte", "igfbp3", "--json").stdout)
    assert [r["id"] for r in bp3] == ["friedrich2014_igfbp3_idsisys", "life2022_igfbp3", "life2022_igfbp3_incl_cc"]
    assert {r["analyte"] for r in bp3} == {"igfbp3"}
    every = json.loads(run_cli("references", "--analyte", "all", "--json").stdout)
    assert len(every) == 9
    text = run_cli("references", "--analyte", "ratio").stdout
    assert "friedrich2014_ratio_idsisys" in text
    assert "the panel gives the molar ratio but does not place it here" in text


def test_json_requests_for_igfbp3_and_the_panel() -> None:
    panel = run_cli(
        "interpret", "--input", "-", stdin='{"value": "150 ng/mL", "igfbp3": "4.1 mg/L", "age": 45, "sex": "m"}'
    )
    assert panel.returncode == 0, panel.stderr
    got = igflab.PanelInterpretation.model_validate_json(panel.stdout)
    assert got == igflab.interpret_panel("150 ng/mL", "4.1 mg/L", age=45, sex="male")
    one = run_cli(
        "interpret",
        "--input",
        "-",
        stdin='{"value": 143, "unit": "nmol/L", "analyte": "igfbp3", "age": 45, "sex": "m"}',
    )
    assert one.returncode == 0, one.stderr
    assert igflab.Interpretation.model_validate_json(one.stdout).value.ng_per_ml == pytest.approx(143 * 28.7)
    lab = run_cli(
        "interpret",
        "--input",
        "-",
        stdin='{"value": 4.1, "unit": "mg/L", "analyte": "igfbp3", "age": 45, "sex": "m", "lab_range": "2-5"}',
    )
    one_error(lab, "lab_range")
    both = run_cli(
        "interpret", "--input", "-", stdin='{"value": 4.1, "analyte": "igfbp3", "igfbp3": 4.1, "age": 45, "sex": "m"}'
    )
    one_error(both, "analyte")


def test_fhir_in_reads_a_panel_bundle_back(tmp_path: Path) -> None:
    out = run_cli("interpret", "150", "ng/mL", "--igfbp3", "4.1", "mg/L", *PERSON, "--fhir")
    assert out.returncode == 0, out.stderr
    bundle = tmp_path / "panel.json"
    bundle.write_text(out.stdout, encoding="utf-8")
    back = run_cli("interpret", "--fhir-in", str(bundle), *PERSON)
    assert back.returncode == 0, back.stderr
    got = igflab.PanelInterpretation.model_validate_json(back.stdout)
    want = igflab.interpret_panel("150 ng/mL", "4.1 mg/L", age=45, sex="male")
    assert (got.igf1.sds, got.igfbp3.sds, got.molar_ratio) == (want.igf1.sds, want.igfbp3.sds, want.molar_ratio)
    again = run_cli("interpret", "--fhir-in", str(bundle), *PERSON, "--fhir")
    assert json.loads(again.stdout)["resourceType"] == "Bundle"
    assert len(json.loads(again.stdout)["entry"]) == 2


def test_analyte_panel_is_for_cohort_files() -> None:
    run = run_cli("interpret", "150", "ng/mL", "--analyte", "panel", *PERSON)
    assert run.returncode == 2
    assert run.stderr.startswith("igflab: error: --analyte panel reads a cohort file (--csv)")
    assert run.stdout == ""
