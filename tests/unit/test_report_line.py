"""A line of a laboratory report, read (igflab.read_report_line) and interpreted from the command line."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

import igflab
from igflab.errors import IgflabError
from tests.support import one_error, run_cli

#: (line, analyte, value, unit, censored, lab range, lab range unit, flag, missing): lines as laboratories print
#: them (the examples of the newcomers' report, docs and lab portals).
LINES = [
    ("IGF-1 23.1 nmol/L (11.3-31.0)", "igf1", "23.1", "nmol/L", None, "11.3-31", None, None, ()),
    ("IGF-1 98 ug/L 84-270", "igf1", "98", "µg/L", None, "84-270", None, None, ()),
    ("<15 ng/mL", None, "<15", "ng/mL", "<", None, None, None, ("analyte", "lab_range")),
    ("IGF-1: 150 ng/mL  Ref: 52-328", "igf1", "150", "ng/mL", None, "52-328", None, None, ()),
    ("IGFBP-3 4.1 mg/L (2.4-5.9)", "igfbp3", "4.1", "mg/L", None, "2.4-5.9", None, None, ()),
    ("IGF-I 98 mcg/L H (<270)", "igf1", "98", "µg/L", None, "<270", None, "H", ()),
    ("Somatomedin C 150 ng/mL [52 to 328 ng/mL]", "igf1", "150", "ng/mL", None, "52-328", "ng/mL", None, ()),
    ("IGF-1 (serum) 23,1 nmol/l (11,3\u201331,0)", "igf1", "23,1", "nmol/L", None, "11.3-31", None, None, ()),
    ("IGF1 >1600 ng/mL", "igf1", ">1600", "ng/mL", ">", None, None, None, ("lab_range",)),
    ("98 (84-270 ug/L)", None, "98", "µg/L", None, "84-270", "µg/L", None, ("analyte",)),
    ("IGF-1 150", "igf1", "150", None, None, None, None, None, ("unit", "lab_range")),
    ("insulin-like growth factor 1 150 ng/mL Reference range: >52", "igf1", "150", "ng/mL", None, ">52", None, None,
     ()),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "analyte", "value", "unit", "censored", "lab", "lab_unit", "flag", "missing"),
    LINES,
    ids=[row[0] for row in LINES],
)
def test_reads_what_laboratories_print(
    text: str,
    analyte: str | None,
    value: str,
    unit: str | None,
    censored: str | None,
    lab: str | None,
    lab_unit: str | None,
    flag: str | None,
    missing: tuple[str, ...],
) -> None:
    line = igflab.read_report_line(text)
    got = (line.analyte, line.value, line.unit, line.censored, line.lab_range, line.lab_range_unit, line.flag)
    assert got == (analyte, value, unit, censored, lab, lab_unit, flag)
    assert line.missing == missing
    assert line.one_sided == (lab is not None and lab[0] in "<>")
    assert line.decimal_comma == ("," in value or "," in text.rsplit("(", maxsplit=1)[-1])


def test_the_value_is_read_as_interpret_reads_it_with_the_same_warnings() -> None:
    line = igflab.read_report_line("IGF-1 23,1 nmol/L (11,3-31,0)")
    assert line.number == 23.1
    direct = igflab.interpret(f"{line.value} {line.unit}", age=52, sex="female")
    assert [w.code for w in direct.warnings] == ["decimal_comma"]
    run = run_cli("interpret", "IGF-1 23,1 nmol/L (11,3-31,0)", "--age", "52", "--sex", "f", "--json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert "decimal_comma" in [w["code"] for w in data["warnings"]]
    assert (data["reference"]["kind"], data["value"]["input_value"]) == ("lab", 23.1)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("IGF-1 1,200 ng/mL", igflab.ValueInputError),  # ambiguous, as interpret() refuses it
        ("IGF-1 150 ng/mL (328-52)", igflab.LabRangeError),
        ("IGF-1 150 ng/mL (52-328", igflab.ValueInputError),
        ("IGF-1 150 kg/m", igflab.UnitError),
        ("hello 150", igflab.ValueInputError),
        ("", igflab.ValueInputError),
        ("IGF-1 150 ng/mL 52-328 and more", igflab.ValueInputError),
    ],
)
def test_what_cannot_be_read_is_an_igflab_error(text: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        igflab.read_report_line(text)


_PIECES = st.sampled_from(
    ["IGF-1", "IGFBP-3", "IGF-I", ":", " ", "  ", "150", "23,1", "1,200", "0", "<", ">", "<=", "ng/mL", "nmol/L",
     "mg/L", "kg/m", "foo/bar", "(", ")", "[", "]", "-", "\u2013", "to", "Ref:", "H", "L", "*", "84", "270", ".", ",",
     "1e400", "9" * 400]
)  # fmt: skip


@given(st.one_of(st.text(max_size=80), st.lists(_PIECES, max_size=12).map("".join), st.integers(), st.none()))
def test_never_raises_anything_but_an_igflab_error(text: object) -> None:
    try:
        line = igflab.read_report_line(text)
    except IgflabError:
        return
    assert line.value.lstrip("<>=\u2264\u2265")[:1].isdigit()
    assert line.number >= 0


def test_cli_reads_a_report_line_and_says_what_it_read() -> None:
    run = run_cli("interpret", "IGF-1 23.1 nmol/L (11.3-31.0)", "--age", "52", "--sex", "f", "--json")
    assert run.returncode == 0, run.stderr
    got = igflab.Interpretation.model_validate_json(run.stdout)
    assert got == igflab.interpret(23.1, "nmol/L", age=52, sex="female", lab_range="11.3-31.0")
    assert run.stderr == "igflab: read IGF-1 23.1 nmol/L, laboratory range 11.3-31 nmol/L\n"
    text = run_cli("interpret", "IGF-1 23.1 nmol/L (11.3-31.0)", "--age", "52", "--sex", "f", "--brief")
    assert text.stdout == got.summary.text + "\n"


def test_cli_reads_an_igfbp3_line_and_a_one_sided_range_without_using_the_range() -> None:
    run = run_cli("interpret", "IGFBP-3 4.1 mg/L (2.4-5.9)", "--age", "45", "--sex", "m", "--json")
    assert run.returncode == 0, run.stderr
    assert igflab.Interpretation.model_validate_json(run.stdout) == igflab.interpret(
        4.1, "mg/L", age=45, sex="male", analyte="igfbp3"
    )
    assert "not used" in run.stderr
    one_sided = run_cli("interpret", "IGF-1 98 ug/L (<270)", "--age", "16", "--sex", "m", "--json")
    assert json.loads(one_sided.stdout)["reference"]["kind"] == "published"
    assert "one-sided" in one_sided.stderr


def test_cli_plain_results_and_errors_are_as_before() -> None:
    plain = run_cli("interpret", "<15 ng/mL", "--age", "70", "--sex", "m", "--json")
    assert plain.returncode == 0
    assert plain.stderr == ""
    one_error(run_cli("interpret", "IGF-1 abc", "--age", "45", "--sex", "m"), "value")
    assert "is not a result" in one_error(run_cli("interpret", "abc", "--age", "45", "--sex", "m"), "value")
    clash = run_cli("interpret", "IGF-1 98 ug/L 84-270", "--age", "16", "--sex", "m", "--lab-range", "80-200")
    assert clash.returncode == 2
    assert "leave out --lab-range" in clash.stderr
    wrong = run_cli("interpret", "IGFBP-3 4.1 mg/L", "--age", "45", "--sex", "m", "--analyte", "igf1")
    assert wrong.returncode == 2
    no_sex = run_cli("interpret", "IGF-1 98 ug/L 84-270", "--age", "16")
    assert one_error(no_sex, "sex")  # one line: what was read is said only with a result
