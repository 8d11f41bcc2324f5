"""CSV in, CSV out: every input column kept, rows in order, each row as interpret() reads it."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pytest

import igflab
from igflab.core.batch_result import COLUMNS
from igflab.errors import IgflabError, InputError, UnknownReferenceError
from igflab.io.csv import CsvColumns, interpret_csv
from tests.support import CliRun, run_cli

COHORT = """\
id,value,unit,age,sex,site
a1,150,ng/mL,45,male,north
a2,<25,ng/mL,60,m,north
a3,abc,ng/mL,45,f,south
a4,19.6,nmol/L,45,female,south
a5,300,ng/mL,15,F,east
a6,150 ng/mL,,45,unknown,east
a7,150,ng/mL,95,male,west
a8,60,ng/mL,8m,male,west
"""
#: The summary line of COHORT: a1 and a5 middle third, a4 upper, a8 lower, a6 (sex unknown) within.
EXPECTED_SUMMARY = (
    "igflab: 8 rows, 2 errors; below_reference 1, lower_third 1, middle_third 2, upper_third 1, within_reference 1\n"
)


def run_text(text: str, **kw: object) -> tuple[list[dict[str, str]], str]:
    out = io.StringIO()
    summary = interpret_csv(io.StringIO(text), out, **kw)  # type: ignore[arg-type]
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    return rows, summary.line()


def expected(value: str, unit: str, age: str, sex: str) -> igflab.Interpretation | IgflabError:
    try:
        return igflab.interpret(value, unit or None, age=age, sex=sex)
    except IgflabError as exc:
        return exc


def test_rows_keep_their_columns_order_and_match_interpret() -> None:
    rows, line = run_text(COHORT)
    src = list(csv.DictReader(io.StringIO(COHORT)))
    assert [r["id"] for r in rows] == [r["id"] for r in src]
    header = next(csv.reader(io.StringIO(COHORT)))
    out_header = list(rows[0])
    assert out_header == [*header, *COLUMNS]
    for r, s in zip(rows, src, strict=True):
        assert all(r[k] == s[k] for k in header)  # input cells untouched
        want = expected(s["value"], s["unit"], s["age"], s["sex"])
        if isinstance(want, IgflabError):
            assert r["error_code"] == want.code
            assert r["error_message"] == want.message
            assert r["zone"] == r["sds"] == ""
        else:
            assert r["error_code"] == ""
            assert r["zone"] == want.zone.value
            assert r["flag"] == want.flag.value
            assert float(r["ng_per_ml"]) == want.value.ng_per_ml  # full precision survives the text
            if want.sds is None:
                assert r["sds"] == ""
            else:
                assert math.isclose(float(r["sds"]), want.sds, rel_tol=1e-9)
    assert line.startswith("8 rows, 2 errors;")


def test_chunking_does_not_change_the_output() -> None:
    big, small = io.StringIO(), io.StringIO()
    interpret_csv(io.StringIO(COHORT), big)
    interpret_csv(io.StringIO(COHORT), small, chunk_rows=3)
    assert big.getvalue() == small.getvalue()


def test_lab_columns_and_custom_names() -> None:
    text = "v;u;years;gender;lo;hi\n60;ng/mL;45;m;52;328\n60;ng/mL;45;m;;\n"
    cols = CsvColumns(value="v", unit="u", age="years", sex="gender", lab_low="lo", lab_high="hi")
    out = io.StringIO()
    interpret_csv(io.StringIO(text), out, columns=cols, delimiter=";")
    rows = list(csv.DictReader(io.StringIO(out.getvalue()), delimiter=";"))
    # The lab's 52-328 makes 60 ng/mL low-normal; Bidlingmaier's male 45 y lower limit (72) makes it low.
    assert [r["position"] for r in rows] == ["lab", "bidlingmaier2014_idsisys"]
    assert [r["zone"] for r in rows] == ["lower_third", "below_reference"]
    assert igflab.interpret(60, "ng/mL", age=45, sex="m", lab_range=(52, 328)).zone.value == "lower_third"


def test_ragged_and_blank_rows() -> None:
    text = "value,unit,age,sex\n150,ng/mL,45,m\n\n150,ng/mL\n150,ng/mL,45,m,extra\n"
    rows, line = run_text(text)
    assert len(rows) == 3
    assert rows[0]["zone"] == "middle_third"
    assert rows[1]["error_code"] == rows[2]["error_code"] == "input_error"
    assert "2 fields but the header has 4" in rows[1]["error_message"]
    assert line.startswith("3 rows, 2 errors")


@pytest.mark.parametrize(
    ("text", "kw", "match"),
    [
        ("value,unit,sex\n150,ng/mL,m\n", {}, "no age column"),
        ("value,age,sex,zone\n150,45,m,x\n", {}, "already has result column"),
        ("value,age,sex,lab_low\n150,45,m,52\n", {}, "both lab_low and lab_high"),
        ("value,age,sex\n150,45,m\n", {"columns": CsvColumns(unit="units")}, "no unit column named 'units'"),
        ("", {}, "empty"),
    ],
)
def test_file_level_errors(text: str, kw: dict[str, object], match: str) -> None:
    with pytest.raises(InputError, match=match) as info:
        interpret_csv(io.StringIO(text), io.StringIO(), **kw)  # type: ignore[arg-type]
    assert info.value.field == "csv"


def test_unknown_reference_stops_before_output() -> None:
    out = io.StringIO()
    with pytest.raises(UnknownReferenceError):
        interpret_csv(io.StringIO(COHORT), out, reference="nope")
    assert out.getvalue() == ""


def cli(*args: str, stdin: str | None = None) -> CliRun:
    return run_cli("interpret", *args, stdin=stdin)


def test_cli_file_to_file(tmp_path: Path) -> None:
    src = tmp_path / "cohort.csv"
    src.write_text("\ufeff" + COHORT, encoding="utf-8")  # a BOM, as spreadsheets write it
    dst = tmp_path / "results.csv"
    p = cli("--csv", str(src), "-o", str(dst))
    assert p.returncode == 0, p.stderr
    assert p.stdout == ""
    # Not a terminal: no progress bar, just the summary line.
    # a2 <25 at 60 y is below; the others inside, in the third their SDS gives (a6: sex unknown, the sexes' thirds
    # differ, so within_reference).
    assert p.stderr == EXPECTED_SUMMARY
    rows = list(csv.DictReader(io.StringIO(dst.read_text(encoding="utf-8"))))
    assert rows[0]["id"] == "a1"
    assert [r["zone"] for r in rows][:2] == ["middle_third", "below_reference"]


def test_cli_stdin_to_stdout_and_quiet() -> None:
    p = cli("--csv", "-", "-q", stdin=COHORT)
    assert p.returncode == 0, p.stderr
    assert p.stderr == ""
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    assert len(rows) == 8
    assert rows[4]["zone"] == "middle_third"  # female 15 y, 300 ng/mL: inside 127-554


def test_cli_reference_option() -> None:
    p = cli("--csv", "-", "-q", "--reference", "quest_lcms", stdin=COHORT)
    assert p.returncode == 0, p.stderr
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    assert {r["position"] for r in rows if r["position"]} == {"quest_lcms"}
    assert rows[0]["zlog"] != ""
    assert rows[0]["sds"] == ""


@pytest.mark.parametrize(
    "args",
    [
        ["--csv", "-", "--age", "45"],
        ["--csv", "-", "150"],
        ["--csv", "/nonexistent/cohort.csv"],
        ["--csv", "-", "--reference", "nope"],
        ["150", "ng/mL", "--age", "45", "--sex", "m", "-o", "x.csv"],
    ],
)
def test_cli_errors_are_one_line(args: list[str]) -> None:
    p = cli(*args, stdin=COHORT)
    assert p.returncode == 2
    assert p.stderr.count("\n") == 1
    assert p.stderr.startswith("igflab: error:")
    assert "Traceback" not in p.stderr


def test_unreadable_csv_is_an_input_error_from_the_library() -> None:
    long_field = 'value,age,sex\n"' + "1" * 200_000 + '",45,m\n'  # over the csv module's field limit
    with pytest.raises(InputError, match="cannot be read") as info:
        interpret_csv(io.StringIO(long_field), io.StringIO())
    assert info.value.field == "csv"
    latin1 = io.TextIOWrapper(io.BytesIO(b"value,age,sex\n150,45,m\xe4nnlich\n"), encoding="utf-8", newline="")
    with pytest.raises(InputError, match="not UTF-8"):
        interpret_csv(latin1, io.StringIO())


def test_byte_order_mark_read_as_text_is_dropped() -> None:
    rows, _line = run_text("\ufeff" + COHORT)  # a file opened as utf-8, not utf-8-sig
    assert next(iter(rows[0])) == "id"
    assert rows[0]["zone"] == "middle_third"


@pytest.mark.parametrize("chunk_rows", [0, -1, 1.5, True])
def test_chunk_rows_must_be_a_positive_whole_number(chunk_rows: object) -> None:
    with pytest.raises(InputError) as info:
        interpret_csv(io.StringIO(COHORT), io.StringIO(), chunk_rows=chunk_rows)  # type: ignore[arg-type]
    assert info.value.field == "chunk_rows"


def test_the_warnings_column() -> None:
    """Each row's warning codes, as interpret() gives them, joined by ";" (empty when none)."""
    src = 'value,unit,age,sex\n150,ng/mL,45,m\n"150,5",ng/mL,45,m\n19.6,ng/mL,45,m\n5000,ng/mL,45,m\n'
    out = io.StringIO()
    interpret_csv(io.StringIO(src), out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["warnings"] for r in rows] == ["", "decimal_comma", "unit_mixup", "above_assay_range;extreme_sds"]
    assert list(rows[0])[-4:] == ["warnings", "error_code", "error_field", "error_message"]


def test_duplicate_columns_are_refused() -> None:
    with pytest.raises(InputError, match="more than one column named 'age'") as info:
        interpret_csv(io.StringIO("value,unit,age,sex,age\n150,ng/mL,45,m,46\n"), io.StringIO())
    assert info.value.field == "csv"


def test_reference_and_assay_mismatch_in_csv() -> None:
    p = cli("--csv", "-", "-q", "--reference", "bidlingmaier2014_idsisys", "--assay", "lcms", stdin=COHORT)
    assert p.returncode == 0, p.stderr
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    assert rows
    assert all("assay_mismatch" in r["warnings"] for r in rows if not r["error_code"])


def test_a_line_without_end_is_refused() -> None:
    with pytest.raises(InputError, match="longer than"):
        interpret_csv(io.StringIO("value,unit,age,sex\n" + "1" * 2_000_000), io.StringIO())
