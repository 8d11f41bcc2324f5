"""IGFBP-3 cohort CSV (igflab interpret --csv FILE --analyte igfbp3): each row is interpret(analyte="igfbp3")'s."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

import igflab
from igflab.core.batch_result import COLUMNS
from igflab.io.csv import interpret_csv
from tests.support import one_error, run_cli, write_csv

ROWS = [
    ("1", "4.1", "mg/L", "45", "male"),
    ("2", "900", "mg/L", "45", "male"),
    ("8", "143", "nmol/L", "45", "male"),
    ("3", "<0.5 mg/L", "", "8", "female"),
    ("4", "3900", "ng/mL", "95", "f"),
    ("5", "0.6", "µg/mL", "2", "female"),
    ("6", "4100", "ng/mL", "30", "unknown"),
    ("7", "4.1 ng/mL", "", "45", "male"),
]


def _scalar(value: str, unit: str | None, **kw: str | None) -> igflab.Interpretation | igflab.IgflabError:
    try:
        return igflab.interpret(value, unit, **kw)  # type: ignore[arg-type]
    except igflab.IgflabError as exc:
        return exc


def _write(tmp_path: Path, rows: list[tuple[str, ...]], header: str = "id,value,unit,age,sex") -> Path:
    return write_csv(tmp_path / "cohort.csv", rows, header)


@pytest.mark.parametrize("reference", [None, "life2022"])
def test_each_row_equals_interpret(tmp_path: Path, reference: str | None) -> None:
    dst = io.StringIO()
    with _write(tmp_path, ROWS).open(encoding="utf-8") as src:
        summary = interpret_csv(src, dst, analyte="igfbp3", reference=reference)
    out = list(csv.DictReader(io.StringIO(dst.getvalue())))
    assert len(out) == len(ROWS) == summary.rows  # no row dropped
    assert list(out[0])[5:] == list(COLUMNS)  # the one column set of every analyte
    errors = 0
    for row, cells in zip(ROWS, out, strict=True):
        _, value, unit, age, sex = row
        r = _scalar(value, unit or None, analyte="igfbp3", age=age, sex=sex, reference=reference)
        if isinstance(r, igflab.IgflabError):
            errors += 1
            assert (cells["error_code"], cells["error_message"]) == (r.code, r.message)
            assert cells["sds"] == cells["zone"] == ""
            continue
        assert (cells["sds"] == "") if r.sds is None else float(cells["sds"]) == pytest.approx(r.sds, rel=1e-12)
        assert float(cells["nmol_per_l"]) == pytest.approx(r.value.nmol_per_l, rel=1e-12)
        assert float(cells["upper_ng_per_ml"]) == pytest.approx(r.reference.upper_ng_per_ml, rel=1e-12)
        assert float(cells["median_ng_per_ml"]) == pytest.approx(r.reference.median_ng_per_ml, rel=1e-12)
        assert (cells["zone"], cells["flag"], cells["position"]) == (r.zone.value, r.flag.value, r.reference.id)
        assert cells["warnings"] == ";".join(w.code for w in r.warnings)
    # an implausible value, a censored value, age 95; an unknown sex is read against both sexes, as for IGF-1
    assert summary.errors == errors == 3


def test_ragged_rows_and_lab_columns(tmp_path: Path) -> None:
    dst = io.StringIO()
    with _write(tmp_path, [("1", "4.1", "mg/L", "45", "male", "x")]).open(encoding="utf-8") as src:
        interpret_csv(src, dst, analyte="igfbp3")
    (cells,) = csv.DictReader(io.StringIO(dst.getvalue()))
    assert (cells["error_code"], cells["error_field"]) == ("input_error", "csv")
    with (
        _write(
            tmp_path, [("4.1", "mg/L", "45", "male", "2", "5")], "value,unit,age,sex,lab_low,lab_high"
        ).open() as src,
        pytest.raises(igflab.InputError, match="lab_low"),
    ):
        interpret_csv(src, io.StringIO(), analyte="igfbp3")


def test_the_command_line(tmp_path: Path) -> None:
    path = _write(tmp_path, ROWS[:2])
    run = run_cli("interpret", "--csv", str(path), "--analyte", "igfbp3")
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0].endswith(",".join(COLUMNS))
    assert run.stderr == "igflab: 2 rows, 1 error; middle_third 1\n"
    one_error(run_cli("interpret", "--csv", str(path), "--analyte", "igfbp3", "--reference", "quest_lcms"), "reference")
