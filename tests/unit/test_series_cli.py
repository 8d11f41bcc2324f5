"""The command line for results over time: igflab series (JSON, FHIR, CSV), --previous, chart --series."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import igflab
from tests.support import ROOT, one_error, run_cli

ACRO = ROOT / "examples/series/acromegaly.json"
CHILD = ROOT / "examples/series/gh_therapy_child.json"

LONG_FORM = """person_id,date,birth_date,value,unit,sex
a,2025-01-15,1978-04-02,440,ng/mL,m
b,2025-02-03,2016-03-10,48,ng/mL,f
a,2025-07-15,1978-04-02,330,ng/mL,m
b,2025-05-12,2016-03-10,118,ng/mL,f
a,2026-07-15,1978-04-02,185,ng/mL,m
b,2025-11-17,2016-03-10,furlongs,ng/mL,f
"""


def test_series_prints_the_human_summary() -> None:
    run = run_cli("series", str(ACRO))
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert out.startswith("IGF-1 over time: 4 results, male")
    assert "2.1 to 0.9 x ULN" in out
    assert "0.90 x ULN, within the upper limit" in out
    assert "+54.7% / -35.3%" in out
    assert "Giustina 2024" in out  # its sources named short; --sources gives them in full
    assert "[giustina2024]" not in out
    full = run_cli("series", str(ACRO), "--sources").stdout
    assert "Giustina A, Biermasz N, Casanueva FF, et al. (2024)" in full
    assert len(full.splitlines()) > len(out.splitlines())
    assert out.rstrip().endswith("an endocrinologist.")


def test_series_json_and_fhir_outputs() -> None:
    run = run_cli("series", str(ACRO), "--json")
    data = json.loads(run.stdout)
    assert data["overall"]["flag"] == "D"
    assert len(data["results"]) == 4
    fhir = json.loads(run_cli("series", str(ACRO), "--fhir", "--subject", "Patient/1").stdout)
    assert fhir["resourceType"] == "Bundle"
    assert len(fhir["entry"]) == 4
    assert fhir["entry"][1]["resource"]["derivedFrom"][0]["reference"] == fhir["entry"][0]["fullUrl"]


def test_series_reads_a_fhir_bundle(tmp_path: Path) -> None:
    s = igflab.interpret_series(
        json.loads(ACRO.read_text(encoding="utf-8"))["results"], sex="male", birth_date="1978-04-02"
    )
    bundle = igflab.series_to_fhir(s)
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    run = run_cli("series", str(path), "--birth-date", "1978-04-02", "--sex", "male", "--context", "acromegaly")
    assert run.returncode == 0, run.stderr
    assert "within the upper limit" in run.stdout


def test_series_csv_long_form_per_person_and_rows(tmp_path: Path) -> None:
    src = tmp_path / "long.csv"
    src.write_text(
        LONG_FORM.replace("b,2025-11-17,2016-03-10,furlongs", "b,2025-11-17,2016-03-10,165"), encoding="utf-8"
    )
    run = run_cli("series", str(src))
    assert run.returncode == 0, run.stderr
    assert "person a\nIGF-1 over time: 3 results, male" in run.stdout
    assert "person b\nIGF-1 over time: 3 results, female" in run.stdout
    src.write_text(LONG_FORM, encoding="utf-8")
    out = tmp_path / "out.csv"
    run = run_cli("series", str(src), "-o", str(out))
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["person_id"] for r in rows] == ["a", "b", "a", "b", "a", "b"]  # input order, no row dropped
    assert [r["sequence"] for r in rows] == ["0", "0", "1", "1", "2", ""]
    assert rows[5]["error_code"] == "value_input_error"
    assert rows[3]["change_flag"] == "U"  # 48 -> 118 ng/mL: +146 %
    assert float(rows[2]["change_percent"]) == pytest.approx(-25.0)
    assert rows[2]["change_flag"] == ""
    assert rows[4]["change_flag"] == "D"


def test_interpret_with_previous() -> None:
    args = ("interpret", "185", "ng/mL", "--birth-date", "1978-04-02", "--collected", "2026-07-15", "--sex", "m")
    run = run_cli(*args, "--previous", "440@2025-01-15")
    assert run.returncode == 0, run.stderr
    words = " ".join(run.stdout.split())
    assert "Change from the previous result: IGF-1 fell 58% (from 440 to 185 ng/mL) over 18 months" in words
    data = json.loads(run_cli(*args, "--previous", "440@2025-01-15", "--json").stdout)
    assert data["changes"][0]["flag"] == "D"
    by_age = run_cli("interpret", "150", "ng/mL", "--age", "45", "--sex", "f", "--previous", "100@44")
    assert "IGF-1 rose 50%" in " ".join(by_age.stdout.split())


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        (("--previous", "440"), "previous"),
        (("--previous", "440@2025-01-15"), "previous"),  # a date needs --birth-date and --collected
    ],
)
def test_previous_needs_a_when(extra: tuple[str, ...], field: str) -> None:
    run = run_cli("interpret", "150", "ng/mL", "--age", "45", "--sex", "f", *extra)
    assert run.returncode == 2
    assert one_error(run, field)


def test_series_errors_are_one_line_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"sex": "m", "results": [{"value": 150, "unit": "ng/mL"}]}), encoding="utf-8")
    run = run_cli("series", str(bad))
    assert run.returncode == 2
    assert run.stdout == ""
    assert one_error(run, "results[0].collected")


def test_schema_prints_the_series_schemas() -> None:
    assert json.loads(run_cli("schema", "series-input").stdout)["title"] == "SeriesRequest"
    assert json.loads(run_cli("schema", "series-output").stdout)["title"] == "SeriesInterpretation"


def test_chart_series_writes_png_and_svg(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    for name in ("trend.png", "trend.svg"):
        out = tmp_path / name
        run = run_cli("chart", "--series", str(ACRO), "-o", str(out))
        assert run.returncode == 0, run.stderr
        assert out.stat().st_size > 1000
    svg = (tmp_path / "trend.svg").read_text(encoding="utf-8")
    assert "x upper limit for age" in svg or "x ULN" in svg
    child = run_cli("chart", "--series", str(CHILD), "-o", str(tmp_path / "child.png"))
    assert child.returncode == 0
    assert "significant changes: U" in child.stdout
