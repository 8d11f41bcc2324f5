"""The Arrow file path of ``igflab interpret --csv``: the same CSV as the csv module's path, and Parquet."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pytest

from igflab.cli.cohort import Progress
from igflab.core.batch_result import COLUMNS
from igflab.io.csv import interpret_csv
from igflab.io.tabular import interpret_table_file
from tests.support import one_error, run_cli

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

# Cells a laboratory export holds: quotes, delimiters and line breaks inside cells, a
# byte-order mark, CRLF endings, blank lines, non-ASCII text, empty units and lab limits,
# censored values, months, and rows igflab refuses.
EDGES = (
    "\ufeffid,value,unit,age,sex,lab_low,lab_high,note\r\n"
    'a1,150,ng/mL,45,male,,,"plain, with comma"\r\n'
    'a2,"<25",ng/mL,60,m,,,"say ""hi"""\r\n'
    "\r\n"
    'a3,19.6,nmol/L,8m,F,,,"two\nlines"\r\n'
    "a4,150 ng/mL,,45,unknown,,,Müller\r\n"
    "a5,1e3,ng/mL,45,robot,52,328,\r\n"
    "a6,150,ng/mL,45,male,abc,,\r\n"
    "a7,200,ng/mL,45,male,52,328,x\r\n"
    "a8, 150 ,NG/ML,95,male,,,\r\n"
    "a9,0.00001,ng/mL,45,female,,,tiny\r\n"
    "a10,150,ng/mL,-1,female,,,\r\n"
)


def _stdlib(text: str, **kw: object) -> bytes:
    out = io.StringIO()
    interpret_csv(io.StringIO(text.removeprefix("\ufeff"), newline=""), out, **kw)  # type: ignore[arg-type]
    return out.getvalue().encode("utf-8")


def _arrow(path: Path, **kw: object) -> bytes:
    out = io.BytesIO()
    interpret_table_file(str(path), out, parquet_in=False, parquet_out=False, **kw)  # type: ignore[arg-type]
    return out.getvalue()


def test_arrow_csv_equals_the_csv_module(tmp_path: Path) -> None:
    src = tmp_path / "edges.csv"
    src.write_bytes(EDGES.encode("utf-8"))
    got = _arrow(src)
    assert got == _stdlib(EDGES)
    rows = list(csv.reader(io.StringIO(got.decode())))
    assert rows[0][:8] == ["id", "value", "unit", "age", "sex", "lab_low", "lab_high", "note"]
    assert [r[0] for r in rows[1:]] == [f"a{k}" for k in range(1, 11)]  # every row, in order
    assert rows[3][7] == "two\nlines"


def test_arrow_csv_other_delimiter_and_many_batches(tmp_path: Path) -> None:
    body = "".join(f"{k};{50 + k % 700};ng/mL;{k % 90};{'mf'[k % 2]}\n" for k in range(60_000))
    text = "id;value;unit;age;sex\n" + body
    src = tmp_path / "semi.csv"
    src.write_text(text)
    assert _arrow(src, delimiter=";") == _stdlib(text, delimiter=";")


def test_a_delimiter_outside_ascii_takes_the_csv_modules_path(tmp_path: Path) -> None:
    """pyarrow reads CSV with an ASCII delimiter only: the command writes the csv module's file instead."""
    text = 'value§unit§age§sex§note\n150§ng/mL§45§male§"a§b"\n19.6§nmol/L§8m§F§"x\ry"\n'
    src = tmp_path / "in.csv"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "out.csv"
    assert run_cli("interpret", "--csv", str(src), "-o", str(out), "--delimiter", "§", "-q").returncode == 0
    assert out.read_bytes() == _stdlib(text, delimiter="§")
    refused = run_cli("interpret", "--csv", str(src), "-o", str(tmp_path / "o.parquet"), "--delimiter", "§")
    assert "ASCII" in one_error(refused, "delimiter")


def test_cli_writes_the_same_file_with_and_without_pyarrow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "in.csv"
    src.write_bytes(EDGES.encode("utf-8"))
    fast, plain = tmp_path / "fast.csv", tmp_path / "plain.csv"
    assert run_cli("interpret", "--csv", str(src), "-o", str(fast), "-q").returncode == 0
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # a plain install: no pyarrow
    assert run_cli("interpret", "--csv", str(src), "-o", str(plain), "-q").returncode == 0
    assert fast.read_bytes() == plain.read_bytes()
    parquet = run_cli("interpret", "--csv", str(src), "-o", str(tmp_path / "out.parquet"))
    assert "pip install 'igflab[cohort]'" in one_error(parquet, "output")


def test_ragged_rows_fall_back_to_the_csv_module(tmp_path: Path) -> None:
    text = "value,unit,age,sex\n150,ng/mL,45,male\n150,ng/mL\n60,ng/mL,45,male,extra\n50,ng/mL,45,f\n"
    src, dst = tmp_path / "ragged.csv", tmp_path / "out.csv"
    src.write_text(text)
    run = run_cli("interpret", "--csv", str(src), "-o", str(dst))
    assert run.returncode == 0, run.stderr
    assert dst.read_bytes() == _stdlib(text)
    rows = list(csv.DictReader(io.StringIO(dst.read_text())))
    assert [r["error_code"] for r in rows] == ["", "input_error", "input_error", ""]
    to_parquet = run_cli("interpret", "--csv", str(src), "-o", str(tmp_path / "out.parquet"))
    assert "more or fewer fields than its header" in one_error(to_parquet, "csv")


def test_parquet_out_and_back(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_bytes(EDGES.encode("utf-8"))
    out_pq, out_csv = tmp_path / "out.parquet", tmp_path / "out.csv"
    assert run_cli("interpret", "--csv", str(src), "-o", str(out_pq), "-q").returncode == 0
    assert run_cli("interpret", "--csv", str(src), "-o", str(out_csv), "-q").returncode == 0
    table = pq.read_table(out_pq)
    assert table.column_names == ["id", "value", "unit", "age", "sex", "lab_low", "lab_high", "note", *COLUMNS]
    rows = list(csv.DictReader(io.StringIO(out_csv.read_text())))
    assert table.column("id").to_pylist() == [r["id"] for r in rows]
    assert table.column("zone").to_pylist() == [r["zone"] or None for r in rows]
    assert table.column("error_message").to_pylist() == [r["error_message"] or None for r in rows]
    sds = table.column("sds").to_pylist()
    assert [repr(x) if x is not None else "" for x in sds] == [r["sds"] for r in rows]
    # Parquet in (recognised by its first bytes, whatever its name), CSV out: the same rows.
    inputs = tmp_path / "inputs.data"
    pq.write_table(
        pa.table({"value": ["150", "<25"], "unit": ["ng/mL", "ng/mL"], "age": [45, 60], "sex": ["m", "f"]}), inputs
    )
    back = tmp_path / "back.csv"
    assert run_cli("interpret", "--csv", str(inputs), "-o", str(back), "-q").returncode == 0
    got = list(csv.DictReader(io.StringIO(back.read_text())))
    assert [(r["value"], r["age"], r["zone"]) for r in got] == [
        ("150", "45", "middle_third"),
        ("<25", "60", "below_reference"),
    ]


def test_format_option_and_bad_parquet(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("value,unit,age,sex\n150,ng/mL,45,male\n")
    dst = tmp_path / "results.bin"
    assert run_cli("interpret", "--csv", str(src), "-o", str(dst), "--format", "parquet", "-q").returncode == 0
    assert pq.read_table(dst).column("zone").to_pylist() == ["middle_third"]
    fake = tmp_path / "fake.parquet"
    fake.write_text("value,unit\n")
    assert one_error(run_cli("interpret", "--csv", str(fake), "-o", str(tmp_path / "o.csv")), "csv")
    assert run_cli("interpret", "150", "ng/mL", "--age", "45", "--sex", "m", "--format", "csv").returncode == 2


def test_header_only_and_not_utf8(tmp_path: Path) -> None:
    src = tmp_path / "empty.csv"
    src.write_text("value,unit,age,sex\n")
    assert _arrow(src) == _stdlib("value,unit,age,sex\n")
    out = tmp_path / "empty.parquet"
    assert run_cli("interpret", "--csv", str(src), "-o", str(out), "-q").returncode == 0
    assert pq.read_table(out).num_rows == 0
    latin = tmp_path / "latin.csv"
    latin.write_bytes("value,unit,age,sex,note\n150,ng/mL,45,male,M\xfcller\n".encode("latin-1"))
    run = run_cli("interpret", "--csv", str(latin), "-o", str(tmp_path / "o.csv"))
    assert "not UTF-8" in one_error(run, "csv")


def test_progress_line_shows_rows_rate_and_eta(capsys: pytest.CaptureFixture[str]) -> None:
    p = Progress()
    p(50_000, 0.25)
    p(60_000, 0.3)  # within half a second: not redrawn
    p(200_000, 1.0)
    err = capsys.readouterr().err
    first, last = err.split("\r")[1:]
    for part in ("25%", "50,000 rows", "rows/s", "ETA "):
        assert part in first
    for part in ("100%", "200,000 rows", "ETA 0:00"):
        assert part in last
    assert last.endswith("\n")


def test_progress_follows_the_file(tmp_path: Path) -> None:
    src = tmp_path / "big.csv"
    src.write_text("value,unit,age,sex\n" + "".join(f"{50 + k % 700},ng/mL,{k % 90},m\n" for k in range(80_000)))
    calls: list[tuple[int, float]] = []
    out = io.BytesIO()
    interpret_table_file(str(src), out, parquet_in=False, parquet_out=False, progress=lambda r, f: calls.append((r, f)))
    assert len(calls) >= 3  # several batches, then the end
    assert [r for r, _ in calls] == sorted(r for r, _ in calls)
    assert [f for _, f in calls] == sorted(f for _, f in calls)
    assert calls[-1] == (80_000, 1.0)


@pytest.mark.parametrize("cell", ["a\rb", "x\x00y"])
def test_odd_characters_give_the_csv_modules_output(tmp_path: Path, cell: str) -> None:
    """A bare carriage return (a line end for Arrow, not for the csv module) or a NUL in a cell."""
    text = f"value,unit,age,sex,note\n150,ng/mL,45,male,{cell}\n60,ng/mL,45,f,\n"
    src, dst = tmp_path / "odd.csv", tmp_path / "out.csv"
    src.write_bytes(text.encode())
    run = run_cli("interpret", "--csv", str(src), "-o", str(dst), "-q")
    assert run.returncode == 0, run.stderr
    assert dst.read_bytes() == _stdlib(text)


def test_igfbp3_files_take_the_arrow_path_too(tmp_path: Path) -> None:
    """The Arrow path interprets any analyte: an IGFBP-3 file gives the csv module's bytes, and Parquet out and in."""
    src = tmp_path / "bp3.csv"
    src.write_text("value,unit,age,sex\n3.5,mg/L,45,male\n")
    dst = tmp_path / "out.csv"
    run = run_cli("interpret", "--csv", str(src), "-o", str(dst), "--analyte", "igfbp3", "-q")
    assert run.returncode == 0, run.stderr
    plain = io.StringIO()
    interpret_csv(io.StringIO(src.read_text(), newline=""), plain, analyte="igfbp3")
    assert dst.read_text() == plain.getvalue()
    parquet = run_cli("interpret", "--csv", str(src), "-o", str(tmp_path / "o.parquet"), "--analyte", "igfbp3", "-q")
    assert parquet.returncode == 0, parquet.stderr
    back = pq.read_table(tmp_path / "o.parquet")
    assert back.column("zone").to_pylist() == ["middle_third"]
    assert back.column("position").to_pylist() == ["friedrich2014_igfbp3_idsisys"]
    panel = run_cli("interpret", "--csv", str(src), "-o", str(tmp_path / "p.parquet"), "--analyte", "panel")
    assert "use CSV for the panel" in one_error(panel, "csv")
