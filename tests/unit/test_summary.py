"""Interpretation.summary: where the result sits in one or two plain sentences, cited, in the unit typed.

Reference numbers are Bidlingmaier 2014 (IDS-iSYS) 2.5th-97.5th centiles, as ``igflab ranges`` prints
them: females 38 years 69.0-227 ng/mL, males 45 years 71.7-212 ng/mL (9.37-27.7 nmol/L).
"""

from __future__ import annotations

import re

import pytest

import igflab
from igflab.text.figures import display_unit, figures, range_figures
from igflab.text.summary import summary_of, with_display_unit
from tests.support import run_cli


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[a-z)])\. ", text) if s]


def test_adult_inside_the_range_names_the_part_of_the_range_for_age() -> None:
    r = igflab.interpret(180, "ng/mL", age=38, sex="female")
    assert r.summary.text == (
        "This IGF-1 result, 180 ng/mL (23.5 nmol/L), is in the upper third of the usual range for women aged 38 "
        "years, 69.0-227 ng/mL (9.02-29.7 nmol/L), in the Bidlingmaier 2014 (IDS-iSYS) reference, at the 85th "
        "centile (SDS +1.02)."
    )
    assert r.summary.citations == ("bidlingmaier2014", "cole1990")  # the position note's sources
    assert r.adult_band is None  # the adult band is context from 40 years, and never in the summary
    assert str(r) == r.summary.text
    assert r.summary.unit == "ng/mL"


def test_figures_come_in_the_unit_typed_with_the_other_beside() -> None:
    r = igflab.interpret(19.6, "nmol/L", age=45, sex="male")
    assert r.summary.unit == "nmol/L"
    assert r.summary.text.startswith(
        "This IGF-1 result, 19.6 nmol/L (150 ng/mL), is in the middle third of the usual range"
    )
    assert "9.37-27.7 nmol/L (71.7-212 ng/mL)" in r.summary.text
    ug = igflab.interpret(150, "µg/L", age=45, sex="male")
    assert ug.summary.text.startswith("This IGF-1 result, 150 µg/L (19.6 nmol/L)")


def test_the_display_unit_can_be_chosen() -> None:
    r = igflab.interpret(150, "ng/mL", age=45, sex="male")
    nmol = with_display_unit(r, "nmol/L")
    assert nmol.summary.text.startswith("This IGF-1 result, 19.6 nmol/L (150 ng/mL)")
    assert nmol.model_dump(exclude={"summary"}) == r.model_dump(exclude={"summary"})
    assert with_display_unit(r, None) is r
    with pytest.raises(igflab.UnitError):
        summary_of(r, "kg")


def test_below_and_well_above_point_to_a_professional() -> None:
    low = igflab.interpret("<25", "ng/mL", age=60, sex="m")
    assert low.summary.text.startswith("This IGF-1 result, <25 ng/mL (<3.27 nmol/L), is below the usual range")
    assert "worth discussing with the professional who ordered the test" in low.summary.text
    high = igflab.interpret(500, "ng/mL", age=50, sex="unknown")
    assert "well above" in high.summary.text
    assert "64.3-203 ng/mL (8.41-26.6 nmol/L) for males and 55.3-193 ng/mL (7.22-25.2 nmol/L) for females" in (
        high.summary.text
    )
    assert high.summary.text.startswith("Please check the input first: SDS +6.84")  # the doubt goes first


@pytest.mark.parametrize(("value", "age", "sex"), [(310, 12, "female"), (20, 0.5, "f"), (900, 15, "m"), (30, 9, "m")])
def test_a_childs_summary_has_no_adult_mid_range_and_no_reassurance(value: float, age: float, sex: str) -> None:
    r = igflab.interpret(value, "ng/mL", age=age, sex=sex)
    text = r.summary.text
    assert "mid-range" not in text
    assert "120-160" not in text
    assert "needs no action" not in text
    assert re.search(r"\b(girls|boys) aged ", text)
    if r.flag.value != "N":
        assert "the child's doctor" in text


def test_a_lab_range_is_named_as_the_laboratory_s() -> None:
    r = igflab.interpret(60, "ng/mL", age=45, sex="male", lab_range="52-328")
    # inside the laboratory's range, below the published one: the headline says both (clinical review finding 2)
    assert "inside the laboratory's printed range, 52-328 ng/mL (6.80-42.9 nmol/L), but below the published" in (
        r.summary.text
    )
    assert r.summary.citations[0] == "hoffmann2017"
    assert "bidlingmaier2014" in r.summary.citations


def test_figure_helpers() -> None:
    assert display_unit("pg/mL") == "ng/mL"
    assert figures(7.649, "nmol/L") == "1 nmol/L (7.65 ng/mL)"
    assert range_figures(52, 328, "nmol/L") == "6.80-42.9 nmol/L (52-328 ng/mL)"


def test_cli_brief_and_unit() -> None:
    brief = run_cli("interpret", "19.6", "nmol/L", "--age", "45", "--sex", "male", "--brief")
    assert brief.returncode == 0
    assert brief.stdout == igflab.interpret(19.6, "nmol/L", age=45, sex="male").summary.text + "\n"
    text = run_cli("interpret", "150", "ng/mL", "--age", "45", "--sex", "male", "--unit", "nmol/L")
    assert text.stdout.startswith("This IGF-1 result, 19.6 nmol/L (150 ng/mL)")
    assert "IGF-1 19.6 nmol/L = 150 ng/mL" in text.stdout
    bad = run_cli("interpret", "150", "ng/mL", "--age", "45", "--sex", "male", "--unit", "kg")
    assert bad.returncode == 2
    assert bad.stderr.startswith("igflab: error: display_unit:")
    port = run_cli("serve", "--port", "0")
    assert port.returncode == 2
    assert "--port must be 1 to 65535" in port.stderr
