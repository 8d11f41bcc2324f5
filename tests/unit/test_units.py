"""Units: the molar mass, the factor table (checked against pint), parsing, censoring."""

from __future__ import annotations

import ast
import math
import subprocess
import sys

import pint
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from igflab.analytes import IGF1_MOLAR_MASS_G_PER_MOL
from igflab.errors import UnitError, ValueInputError
from igflab.inputs.units import (
    NG_PER_ML_PER_NMOL_PER_L,
    PINT_SPELLINGS,
    _lookup,
    _pint_unit,
    unit_factor,
)
from igflab.inputs.values import parse_value

UREG = pint.UnitRegistry()
MW = UREG.Quantity(IGF1_MOLAR_MASS_G_PER_MOL, "g/mol")


def test_molar_mass_is_the_cited_value() -> None:
    # 7649 g/mol (UniProt P05019 mature chain, average mass 7648.7 Da); 1 nmol/L = 7.649 ng/mL.
    assert IGF1_MOLAR_MASS_G_PER_MOL == 7649.0
    assert pytest.approx(7.649, rel=1e-15) == NG_PER_ML_PER_NMOL_PER_L


@pytest.mark.parametrize(("display", "pint_unit"), sorted(PINT_SPELLINGS.items()))
def test_factor_table_matches_pint(display: str, pint_unit: str) -> None:
    q = UREG.Quantity(1.0, pint_unit)
    expected = q.m_as("ng/mL") if q.check("[mass]/[length]**3") else (q * MW).m_as("ng/mL")
    assert unit_factor(display)[1] == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("text", "factor"),
    [
        ("ng/mL", 1.0),
        ("ng/ml", 1.0),
        ("NG/ML", 1.0),
        (" ng / mL ", 1.0),
        ("ng per mL", 1.0),
        ("\u00b5g/L", 1.0),
        ("\u03bcg/L", 1.0),
        ("ug/L", 1.0),
        ("mcg/L", 1.0),
        ("UG/L", 1.0),
        ("\u00b5g/dL", 10.0),
        ("mg/L", 1000.0),
        ("MG/L", 1000.0),
        ("pg/mL", 0.001),
        ("nmol/L", 7.649),
        ("nmol/l", 7.649),
        ("NMOL/L", 7.649),
        ("pmol/mL", 7.649),
        ("pmol/L", 0.007649),
    ],
)
def test_lab_spellings(text: str, factor: float) -> None:
    assert unit_factor(text)[1] == pytest.approx(factor, rel=1e-12)


def test_uppercase_never_means_mega() -> None:
    # pint alone reads "ML" as megalitre and "MG" as megagauss; lab feeds mean milli.
    assert unit_factor("MG/DL")[1] == pytest.approx(1e4)
    assert unit_factor("NG/ML")[1] == 1.0


@pytest.mark.parametrize(("text", "factor"), [("mg/m**3", 1.0), ("mmol/m**3", 7649.0), ("ng/cL", 0.1)])
def test_other_concentrations_through_pint(text: str, factor: float) -> None:
    assert unit_factor(text)[1] == pytest.approx(factor, rel=1e-12)


@pytest.mark.parametrize("bad", ["kg", "mmol", "abc", "IU/mL", "ng", "mL", "", "   ", "ng/mL/s", "m/s", "%"])
def test_bad_units_are_unit_errors(bad: str) -> None:
    with pytest.raises(UnitError):
        unit_factor(bad)


def test_pint_fallback_is_cached() -> None:
    _lookup.cache_clear()
    _pint_unit.cache_clear()
    unit_factor("ng/cL")
    unit_factor("ng/cL")
    assert _pint_unit.cache_info().misses == 1


def test_both_directions() -> None:
    # 150 ng/mL / 7.649 = 19.6104 nmol/L; 19.6 nmol/L x 7.649 = 149.92 ng/mL.
    assert parse_value(150, "ng/mL").nmol_per_l == pytest.approx(19.6104, abs=5e-5)
    assert parse_value(19.6, "nmol/L").ng_per_ml == pytest.approx(149.9204, abs=5e-5)
    assert parse_value("15 \u00b5g/dL").ng_per_ml == pytest.approx(150.0)


@pytest.mark.parametrize(
    ("text", "number", "censor", "inclusive"),
    [
        ("<25 ng/mL", 25.0, "<", False),
        ("< 25 ng/ml", 25.0, "<", False),
        ("\u226425 ng/mL", 25.0, "<", True),
        ("<=25 ng/mL", 25.0, "<", True),
        (">1200 ng/mL", 1200.0, ">", False),
        (">= 1200 ng/mL", 1200.0, ">", True),
    ],
)
def test_censored_values_stay_censored(text: str, number: float, censor: str, inclusive: bool) -> None:
    pv = parse_value(text)
    assert (pv.number, pv.censored, pv.inclusive) == (number, censor, inclusive)


def test_censored_with_separate_unit() -> None:
    pv = parse_value(">1200", "ng/mL")
    assert pv.censored == ">"
    assert pv.ng_per_ml == 1200.0


def test_decimal_comma_is_read_with_a_warning() -> None:
    pv = parse_value("150,5 ng/mL")
    assert pv.number == 150.5
    assert pv.decimal_comma


@pytest.mark.parametrize("bad", ["1,200 ng/mL", "1,200.5 ng/mL", "1.2.3 ng/mL", "abc", "", "ng/mL", "--5 ng/mL"])
def test_unreadable_numbers(bad: str) -> None:
    with pytest.raises((ValueInputError, UnitError)):
        parse_value(bad)


def test_implausible_concentrations_are_refused() -> None:
    # bounds: 100 x the highest assay range (1600 ng/mL) and 1/1000 of the lowest LOQ (8.8 ng/mL)
    assert parse_value(160_000, "ng/mL").ng_per_ml == 160_000
    with pytest.raises(ValueInputError, match="plausible"):
        parse_value(160_001, "ng/mL")
    with pytest.raises(ValueInputError, match="plausible"):
        parse_value(0.001, "ng/mL")
    with pytest.raises(ValueInputError, match="plausible"):
        parse_value("1e308 g/L")


@pytest.mark.parametrize("bad", [-5.0, 0.0, math.nan, math.inf, -math.inf, True])
def test_bad_numbers(bad: float) -> None:
    with pytest.raises(ValueInputError):
        parse_value(bad, "ng/mL")


def test_unit_required_and_consistent() -> None:
    with pytest.raises(UnitError):
        parse_value(150)
    with pytest.raises(UnitError):
        parse_value("150 ng/mL", "nmol/L")
    assert parse_value("150 ng/mL", "NG/ML").ng_per_ml == 150.0


def test_pint_quantity_input() -> None:
    q = UREG.Quantity(19.6104, "nmol/L")
    assert parse_value(q).ng_per_ml == pytest.approx(150.0, abs=1e-3)


@given(st.floats(min_value=0.01, max_value=1e5, allow_nan=False))
def test_round_trip_ng_nmol(x: float) -> None:
    nmol = parse_value(x, "ng/mL").nmol_per_l
    assert parse_value(nmol, "nmol/L").ng_per_ml == pytest.approx(x, rel=1e-12)


@given(st.floats(min_value=1e-3, max_value=1e5, allow_nan=False), st.sampled_from(sorted(PINT_SPELLINGS)))
def test_every_unit_agrees_with_pint(x: float, display: str) -> None:
    q = UREG.Quantity(x, PINT_SPELLINGS[display])
    assume(0.01 <= unit_factor(display)[1] * x <= 1e5)  # plausible concentrations only
    expected = q.m_as("ng/mL") if q.check("[mass]/[length]**3") else (q * MW).m_as("ng/mL")
    assert parse_value(x, display).ng_per_ml == pytest.approx(expected, rel=1e-12)


def test_first_pint_lookup_is_thread_safe() -> None:
    """Threads that resolve a pint-only unit while pint's registry loads all get the answer."""
    code = """
import threading, igflab
out, go = [], threading.Barrier(4)
def run():
    go.wait()
    try:
        out.append(igflab.interpret(803, "ng/cL", age=30, sex="m").value.ng_per_ml)
    except Exception as exc:
        out.append(repr(exc))
threads = [threading.Thread(target=run) for _ in range(4)]
for t in threads: t.start()
for t in threads: t.join()
print(out)
"""
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    got = ast.literal_eval(p.stdout.strip())
    assert got == [pytest.approx(80.3)] * 4  # 803 ng per centilitre = 80.3 ng/mL
