"""Interpretation.summary of any analyte: named from its spec, figures with its own molar mass, in its units.

IGFBP-3 numbers: Friedrich 2014 (IDS-iSYS) 2.5th-97.5th centiles for men aged 45 years, 2431-5919 ng/mL;
4.1 mg/L is 142.9 nmol/L at 28,700 g/mol (143 nmol/L to three figures), never the 536 nmol/L of IGF-1's 7649.
"""

from __future__ import annotations

import pytest

import igflab
from igflab.analytes import IGF1, IGFBP3
from igflab.errors import UnitError
from igflab.text.figures import display_unit, display_units, figures, range_figures
from igflab.text.summary import summary_of, with_display_unit


def _bp3(value: object, unit: str | None = None, **kw: object) -> igflab.Interpretation:
    kw = {"age": 45, "sex": "male", **kw}
    return igflab.interpret(value, unit, analyte="igfbp3", **kw)  # type: ignore[arg-type]


def test_an_igfbp3_summary_names_igfbp3_and_its_own_molar_figures() -> None:
    r = _bp3(4.1, "mg/L")
    assert r.value.nmol_per_l == pytest.approx(142.857, abs=1e-3)
    assert r.summary.unit == "mg/L"
    assert r.summary.text == (
        "This IGFBP-3 result, 4.10 mg/L (143 nmol/L), is in the middle third of the usual range for men aged 45 years, "
        "2.43-5.92 mg/L (84.7-206 nmol/L), in the Friedrich 2014 IGFBP-3 (IDS-iSYS) reference, at the 51st "
        "centile (SDS +0.04)."
    )
    assert "IGF-1" not in str(r)
    assert "536" not in str(r)


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (4.1, "mg/L", "4.10 mg/L (143 nmol/L)"),
        (4.1, "µg/mL", "4.10 µg/mL (143 nmol/L)"),
        (4100, "ng/mL", "4100 ng/mL (143 nmol/L)"),
        (4100, "µg/L", "4100 µg/L (143 nmol/L)"),
        (142.9, "nmol/L", "143 nmol/L (4.10 mg/L)"),
        (0.41, "mg/dL", "4100 ng/mL (143 nmol/L)"),  # not a display unit: ng/mL
    ],
)
def test_igfbp3_figures_come_in_the_unit_typed(value: float, unit: str, shown: str) -> None:
    assert f"This IGFBP-3 result, {shown}, is in the middle third of" in str(_bp3(value, unit))


@pytest.mark.parametrize(("value", "sex"), [(1.0, "male"), (4.1, "female"), (9.0, "male"), (4.1, "unknown")])
def test_an_igfbp3_summary_never_mentions_the_adult_igf1_band(value: float, sex: str) -> None:
    text = str(_bp3(value, "mg/L", sex=sex))
    assert "mid-range" not in text
    assert "120" not in text
    assert "160" not in text
    assert "This IGFBP-3 result" in text


def test_an_igfbp3_summary_with_sex_unknown_names_both_sexes() -> None:
    r = _bp3(4.1, "mg/L", sex="unknown")
    assert "2.43-5.92 mg/L (84.7-206 nmol/L) for males and" in r.summary.text
    assert "(sex was not given)" in r.summary.text


def test_an_igfbp3_summary_can_be_shown_in_another_of_its_units() -> None:
    r = _bp3(4.1, "mg/L")
    assert summary_of(r, "nmol/L").text.startswith("This IGFBP-3 result, 143 nmol/L (4.10 mg/L)")
    assert with_display_unit(r, "ng/mL").summary.text.startswith("This IGFBP-3 result, 4100 ng/mL (143 nmol/L)")
    with pytest.raises(UnitError, match="figures can be shown in mg/L, µg/mL, ng/mL, µg/L, nmol/L, not 'pg/mL'"):
        summary_of(r, "pg/mL")


def test_igf1_keeps_its_display_units() -> None:
    assert display_units(IGF1) == ("ng/mL", "µg/L", "nmol/L")
    assert display_unit("mg/L") == "ng/mL"  # an IGF-1 typed in mg/L is shown in ng/mL, as before
    with pytest.raises(UnitError, match="figures can be shown in ng/mL, µg/L, nmol/L, not 'mg/L'"):
        display_unit("ng/mL", "mg/L")
    r = igflab.interpret(0.15, "mg/L", age=45, sex="male")
    assert str(r).startswith("This IGF-1 result, 150 ng/mL (19.6 nmol/L)")


def test_figure_helpers_take_the_analyte() -> None:
    assert display_unit("mg/L", None, IGFBP3) == "mg/L"
    assert display_unit("ug/ml", None, IGFBP3) == "µg/mL"
    assert figures(4100, "nmol/L", spec=IGFBP3) == "143 nmol/L (4.10 mg/L)"
    assert range_figures(2431, 5919, "mg/L", IGFBP3) == "2.43-5.92 mg/L (84.7-206 nmol/L)"
    assert figures(180, "nmol/L") == "23.5 nmol/L (180 ng/mL)"  # IGF-1 unchanged
