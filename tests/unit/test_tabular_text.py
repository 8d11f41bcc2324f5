"""The Arrow file path reads text as text: any Arrow string type, numeric-looking units and sexes, a bare header."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

import igflab
from igflab.core.batch_result import COLUMNS
from igflab.io.csv import interpret_csv
from igflab.io.tabular import interpret_table_file
from tests.support import run_cli

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

# Every input column as text: values (plain, censored, with their unit), units (one empty,
# one missing, one all digits), ages, sexes (m/f and 1/2), lab limits and a free-text note.
TEXT_ROWS: dict[str, list[str | None]] = {
    "id": ["a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"],
    "value": ["150", "<25", "19.6 nmol/L", "abc", None, "150", "150", "200"],
    "unit": ["ng/mL", "ng/mL", "", "ng/mL", "ng/mL", "1", None, "ng/mL"],
    "age": ["45", "60", "8m", "45", "45", "45", "45", "45"],
    "sex": ["m", "f", "F", "male", "x", "1", "2", "female"],
    "lab_low": [None, None, "", None, None, None, None, "52"],
    "lab_high": [None, None, "", None, None, None, None, "328"],
    "note": ["a,b", 'say "hi"', None, "two\nlines", "Müller", "", "x", "y"],
}


def string_array(values: list[str | None], kind: str) -> Any:
    """``values`` as an Arrow array of the text type ``kind`` (``dictionary:<type>`` for a dictionary of it)."""
    inner = kind.removeprefix("dictionary:")
    arr = pa.array(values, getattr(pa, inner)())
    return arr.dictionary_encode() if kind.startswith("dictionary:") else arr


def _stdlib(text: str, **kw: Any) -> bytes:
    out = io.StringIO()
    interpret_csv(io.StringIO(text.removeprefix("\ufeff"), newline=""), out, **kw)
    return out.getvalue().encode("utf-8")


def _table_file(src: Path, *, parquet_in: bool, parquet_out: bool) -> bytes:
    out = io.BytesIO()
    interpret_table_file(str(src), out, parquet_in=parquet_in, parquet_out=parquet_out)
    return out.getvalue()


def _results(parquet: bytes) -> dict[str, list[Any]]:
    table = pq.read_table(io.BytesIO(parquet))
    return {c: table.column(c).to_pylist() for c in COLUMNS}


# pyarrow writes no dictionary of string views to Parquet (the frame tests read one).
@pytest.mark.parametrize("kind", ["large_string", "string_view", "dictionary:string", "dictionary:large_string"])
def test_parquet_of_any_arrow_text_type_reads_as_plain_strings(tmp_path: Path, kind: str) -> None:
    """Polars and pandas 3 write large_string; every text type gives the rows that plain strings give."""
    plain = tmp_path / "plain.parquet"
    pq.write_table(pa.table({k: pa.array(v, pa.string()) for k, v in TEXT_ROWS.items()}), plain)
    other = tmp_path / "other.parquet"
    pq.write_table(pa.table({k: string_array(v, kind) for k, v in TEXT_ROWS.items()}), other)
    assert pq.read_schema(other).field("unit").type != pa.string()  # read back as another text type
    want_csv = _table_file(plain, parquet_in=True, parquet_out=False)
    assert _table_file(other, parquet_in=True, parquet_out=False) == want_csv
    rows = list(csv.DictReader(io.StringIO(want_csv.decode())))
    assert [r["id"] for r in rows] == TEXT_ROWS["id"]  # every row, in order
    assert rows[0]["zone"] == "middle_third"
    assert rows[7]["position"] == "lab"
    want = _results(_table_file(plain, parquet_in=True, parquet_out=True))
    got_pq = _table_file(other, parquet_in=True, parquet_out=True)
    assert _results(got_pq) == want
    assert pq.read_table(io.BytesIO(got_pq)).column("id").to_pylist() == TEXT_ROWS["id"]


def test_parquet_written_by_polars(tmp_path: Path) -> None:
    pl = pytest.importorskip("polars")
    rows: dict[str, list[Any]] = {
        "value": ["150", "<25", "19.6"],
        "unit": ["ng/mL", "ng/mL", "nmol/L"],
        "age": [45, 60, 8],
        "sex": ["m", "f", "m"],
    }
    src = tmp_path / "polars.parquet"
    pl.DataFrame(rows).write_parquet(src)
    assert pa.types.is_large_string(pq.read_schema(src).field("unit").type)  # what Polars writes
    ref = tmp_path / "ref.parquet"
    pq.write_table(pa.table(rows), ref)
    for name in ("out.csv", "out.parquet"):
        got, want = tmp_path / f"polars-{name}", tmp_path / f"ref-{name}"
        run = run_cli("interpret", "--csv", str(src), "-o", str(got), "-q")
        assert run.returncode == 0, run.stderr
        assert run_cli("interpret", "--csv", str(ref), "-o", str(want), "-q").returncode == 0
        if name.endswith(".csv"):
            assert got.read_bytes() == want.read_bytes()
            zones = [r["zone"] for r in csv.DictReader(io.StringIO(got.read_text()))]
            each = zip(rows["value"], rows["unit"], rows["age"], rows["sex"], strict=True)
            assert zones == [igflab.interpret(v, u, age=a, sex=x).zone.value for v, u, a, x in each]
        else:
            assert _results(got.read_bytes()) == _results(want.read_bytes())


def _error_messages(out: bytes) -> list[str]:
    return [r["error_message"] for r in csv.DictReader(io.StringIO(out.decode()))]


def _interpret_error(value: str, unit: str, age: str, sex: str) -> str:
    try:
        igflab.interpret(value, unit, age=age, sex=sex)
    except igflab.IgflabError as exc:
        return exc.message
    return ""


@pytest.mark.parametrize(
    "text",
    [
        "id,value,unit,age,sex\nr1,150,1,45,m\nr2,150,1,45,f\n",  # every unit cell is digits
        "id,value,unit,age,sex\nr1,150,ng/mL,45,1\nr2,150,ng/mL,45,2\n",  # every sex cell is digits
        "id,value,unit,age,sex,lab_low,lab_high\nr1,150,1,45,2,52,328\nr2,60,2,45,1,,\n",
    ],
    ids=["unit", "sex", "both"],
)
def test_numeric_looking_units_and_sexes_are_text_on_the_arrow_path(tmp_path: Path, text: str) -> None:
    """A unit column of ``1`` or a sex column of ``1``/``2``: the errors ``interpret()`` gives, on every path."""
    src = tmp_path / "in.csv"
    src.write_text(text, encoding="utf-8")
    plain = _stdlib(text)
    assert _table_file(src, parquet_in=False, parquet_out=False) == plain
    rows = list(csv.DictReader(io.StringIO(text)))
    want = [_interpret_error(r["value"], r["unit"], r["age"], r["sex"]) for r in rows]
    assert _error_messages(plain) == want
    assert all("got float" not in m for m in want)
    assert any(m for m in want)
    as_parquet = _table_file(src, parquet_in=False, parquet_out=True)
    assert [m or "" for m in _results(as_parquet)["error_message"]] == want
    # The command line: a file (the Arrow path) and standard input (the csv module's) give the same bytes.
    out = tmp_path / "out.csv"
    assert run_cli("interpret", "--csv", str(src), "-o", str(out), "-q").returncode == 0
    piped = run_cli("interpret", "--csv", "-", "-o", "-", "-q", stdin=text)
    assert piped.returncode == 0, piped.stderr
    assert out.read_bytes() == piped.stdout.encode("utf-8") == plain


def test_parquet_text_units_and_sexes_of_digits_are_text(tmp_path: Path) -> None:
    src = tmp_path / "in.parquet"
    rows = {"value": ["150", "150"], "unit": ["1", "1"], "age": ["45", "45"], "sex": ["1", "2"]}
    pq.write_table(pa.table(rows), src)
    got = _error_messages(_table_file(src, parquet_in=True, parquet_out=False))
    assert got == [_interpret_error("150", "1", "45", s) for s in rows["sex"]]
    unit_ok = {**rows, "unit": ["ng/mL", "ng/mL"]}
    pq.write_table(pa.table(unit_ok), src)
    got = _error_messages(_table_file(src, parquet_in=True, parquet_out=False))
    assert got == [_interpret_error("150", "ng/mL", "45", s) for s in rows["sex"]]
    assert got[0].startswith("unknown sex '1'")


HEADER = "value,unit,age,sex"


@pytest.mark.parametrize("text", [HEADER, HEADER + "\n", HEADER + "\r\n", "\ufeff" + HEADER, HEADER + "\n\n"])
def test_header_only_csv_gives_a_header_only_output(tmp_path: Path, text: str) -> None:
    src = tmp_path / "empty.csv"
    src.write_bytes(text.encode("utf-8"))
    header = (",".join([HEADER, *COLUMNS]) + "\n").encode()
    assert _stdlib(text) == header
    assert _table_file(src, parquet_in=False, parquet_out=False) == header
    table = pq.read_table(io.BytesIO(_table_file(src, parquet_in=False, parquet_out=True)))
    assert table.num_rows == 0
    assert table.column_names == [*HEADER.split(","), *COLUMNS]
    out_csv, out_pq = tmp_path / "out.csv", tmp_path / "out.parquet"
    for out in (out_csv, out_pq):
        run = run_cli("interpret", "--csv", str(src), "-o", str(out), "-q")
        assert run.returncode == 0, run.stderr
    assert out_csv.read_bytes() == header
    assert pq.read_table(out_pq).column_names == table.column_names
    piped = run_cli("interpret", "--csv", "-", "-o", "-", "-q", stdin=text.removeprefix("\ufeff"))
    assert (piped.returncode, piped.stdout) == (0, header.decode())


@pytest.mark.parametrize("analyte", ["igfbp3", "panel"])
def test_header_only_csv_for_igfbp3_and_the_panel(tmp_path: Path, analyte: str) -> None:
    head = HEADER + (",igfbp3" if analyte == "panel" else "")
    for text in (head, head + "\n"):
        src = tmp_path / "empty.csv"
        src.write_text(text, encoding="utf-8")
        out = tmp_path / "out.csv"
        run = run_cli("interpret", "--csv", str(src), "-o", str(out), "--analyte", analyte, "-q")
        assert run.returncode == 0, run.stderr
        assert out.read_bytes() == _stdlib(text, analyte=analyte)
        assert out.read_text().count("\n") == 1
        assert out.read_text().startswith(head + ",")


def test_a_last_row_without_a_line_break_is_kept(tmp_path: Path) -> None:
    text = HEADER + "\n150,ng/mL,45,male"
    src = tmp_path / "in.csv"
    src.write_text(text, encoding="utf-8")
    got = _table_file(src, parquet_in=False, parquet_out=False)
    assert got == _stdlib(text)
    assert [r["zone"] for r in csv.DictReader(io.StringIO(got.decode()))] == ["middle_third"]
