"""Panel cohort CSV (igflab interpret --csv FILE --analyte panel): each row equals interpret_panel() of it."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pytest

import igflab
from igflab.core.batch_result import COLUMNS
from igflab.core.panel_batch import panel_columns
from igflab.io.csv import CsvColumns, interpret_csv
from tests.support import run_cli, write_csv

HEADER = "id,value,unit,igfbp3,igfbp3_unit,age,sex"
ROWS = [
    ("1", "150", "ng/mL", "4.1", "mg/L", "45", "male"),  # both inside
    ("2", "15", "ng/mL", "0.6", "mg/L", "2", "male"),  # both below (a 2-year-old)
    ("3", "60", "ng/mL", "4.1", "mg/L", "45", "male"),  # discordant
    ("4", "<25", "ng/mL", "143", "nmol/L", "45", "male"),  # censored IGF-1: no ratio
    ("5", "19.6", "nmol/L", "4100", "ng/mL", "25", "female"),
    ("6", "abc", "ng/mL", "4.1", "mg/L", "45", "female"),  # an IGF-1 error; IGFBP-3 still placed
    ("7", "150", "ng/mL", "900", "mg/L", "45", "male"),  # an IGFBP-3 error; IGF-1 still placed
    ("8", "150", "ng/mL", "4.1", "mg/L", "95", "male"),  # beyond the IGFBP-3 table
]


def _write(tmp_path: Path, rows: list[tuple[str, ...]], header: str = HEADER) -> Path:
    return write_csv(tmp_path / "panel.csv", rows, header)


def _one(analyte: str, value: str, unit: str, age: str, sex: str, reference: str | None) -> object:
    try:
        return igflab.interpret(value, unit, analyte=analyte, age=age, sex=sex, reference=reference)
    except igflab.IgflabError as exc:
        return exc


@pytest.mark.parametrize("reference", [None, "life2022"])
def test_each_row_equals_the_one_sample_functions(tmp_path: Path, reference: str | None) -> None:
    dst = io.StringIO()
    with _write(tmp_path, ROWS).open(encoding="utf-8") as src:
        summary = interpret_csv(src, dst, analyte="panel", reference=reference)
    out = list(csv.DictReader(io.StringIO(dst.getvalue())))
    assert len(out) == len(ROWS) == summary.rows  # no row dropped
    assert tuple(list(out[0])[7:]) == panel_columns()
    assert panel_columns()[: len(COLUMNS)] == tuple(f"igf1_{c}" for c in COLUMNS)  # one column set per analyte
    for (_, v1, u1, v2, u2, age, sex), cells in zip(ROWS, out, strict=True):
        one, two = _one("igf1", v1, u1, age, sex, reference), _one("igfbp3", v2, u2, age, sex, reference)
        for prefix, r in (("igf1_", one), ("igfbp3_", two)):
            if isinstance(r, igflab.IgflabError):
                assert (cells[prefix + "error_code"], cells[prefix + "error_message"]) == (r.code, r.message)
                assert cells[prefix + "sds"] == ""
            else:
                assert cells[prefix + "zone"] == r.zone.value  # type: ignore[attr-defined]
                if r.sds is not None:  # type: ignore[attr-defined]
                    assert float(cells[prefix + "sds"]) == pytest.approx(r.sds, rel=1e-12)  # type: ignore[attr-defined]
        pair_ok = not any(isinstance(r, igflab.IgflabError) for r in (one, two))
        if pair_ok:
            p = igflab.interpret_panel(f"{v1} {u1}", f"{v2} {u2}", age=age, sex=sex, reference=reference)
            kinds = " ".join(n.text for n in p.notes)
            assert (cells["both_low"] == "True") == ("both below" in kinds)
            assert (cells["discordant"] == "True") == (" while IGFBP-3 is " in kinds)
            if p.molar_ratio is None:
                assert cells["molar_ratio"] == ""
            else:
                assert float(cells["molar_ratio"]) == pytest.approx(p.molar_ratio, rel=1e-12)
        else:
            assert (cells["molar_ratio"], cells["both_low"], cells["discordant"]) == ("", "False", "False")
    # A row is an error row when either result is; a censored IGF-1 ('<25') is placed on LIFE too (as a bound).
    assert summary.errors == 3


def test_the_ratio_uses_both_molar_masses(tmp_path: Path) -> None:
    # 150 ng/mL / 7649 g/mol over 4.1 mg/L / 28,700 g/mol (IDS: IGFBP-3 is 28.7 kDa).
    dst = io.StringIO()
    with _write(tmp_path, ROWS[:1]).open(encoding="utf-8") as src:
        interpret_csv(src, dst, analyte="panel")
    (cells,) = csv.DictReader(io.StringIO(dst.getvalue()))
    assert math.isclose(float(cells["molar_ratio"]), (150 / 7649) / (4100 / 28700), rel_tol=1e-12)
    assert math.isclose(float(cells["igfbp3_nmol_per_l"]), 4100 / 28.7, rel_tol=1e-12)


def test_ragged_rows_are_errors_in_both_results(tmp_path: Path) -> None:
    dst = io.StringIO()
    with _write(tmp_path, [("1", "150", "ng/mL", "4.1", "mg/L", "45", "male", "x")]).open() as src:
        interpret_csv(src, dst, analyte="panel")
    (cells,) = csv.DictReader(io.StringIO(dst.getvalue()))
    assert cells["igf1_error_code"] == cells["igfbp3_error_code"] == "input_error"
    assert (cells["molar_ratio"], cells["both_low"]) == ("", "False")


def test_named_columns_and_a_missing_igfbp3_column(tmp_path: Path) -> None:
    path = _write(tmp_path, [("1", "150", "ng/mL", "4.1", "mg/L", "45", "male")], "id,v,u,bp3,bp3u,age,sex")
    dst = io.StringIO()
    cols = CsvColumns(value="v", unit="u", igfbp3="bp3", igfbp3_unit="bp3u")
    with path.open() as src:
        interpret_csv(src, dst, analyte="panel", columns=cols)
    (cells,) = csv.DictReader(io.StringIO(dst.getvalue()))
    assert cells["igfbp3_zone"] == "middle_third"
    with path.open() as src, pytest.raises(igflab.InputError, match="no IGFBP-3 column named 'igfbp3'"):
        interpret_csv(src, io.StringIO(), analyte="panel", columns=CsvColumns(value="v", unit="u"))


def test_command_line_panel_csv(tmp_path: Path) -> None:
    src, dst = _write(tmp_path, ROWS), tmp_path / "out.csv"
    run = run_cli("interpret", "--csv", str(src), "--analyte", "panel", "-o", str(dst), "--quiet")
    assert run.returncode == 0, run.stderr
    with dst.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["id"] for r in rows] == [r[0] for r in ROWS]
    assert rows[1]["both_low"] == "True"
    parquet = run_cli("interpret", "--csv", str(src), "--analyte", "panel", "-o", str(tmp_path / "o.parquet"))
    assert parquet.returncode == 2
