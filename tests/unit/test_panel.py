"""IGFBP-3 through interpret(analyte="igfbp3") and the IGF-1 + IGFBP-3 panel (interpret_panel)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

import igflab
from igflab.analytes import spec_of
from igflab.science.references import get_reference
from tests import gamlss_reference as gref
from tests.contract.test_safety import BANNED, CAUSAL


def _independent_sds(ref_id: str, value: float, age: float, sex: str) -> float:
    """SDS from the gamlss formulas (tests/gamlss_reference.py), parameters interpolated with numpy."""
    ref = get_reference(ref_id)
    rows = [r.model_dump() for r in ref.data.rows[sex]]
    if ref.distribution == "BCPE":
        p = gref.params_at(rows, ("mu", "sigma", "nu", "tau"), np.array([age]))
        return float(stats.norm.ppf(gref.p_bcpe(value, *p))[0])
    p = gref.params_at(rows, ("M", "S", "L"), np.array([age]))
    return float(stats.norm.ppf(gref.p_bccg(value, *p))[0])


def test_igfbp3_is_placed_on_friedrich_2014_by_default() -> None:
    r = igflab.interpret(4.1, "mg/L", age=45, sex="male", analyte="igfbp3")
    assert isinstance(r, igflab.Interpretation)
    assert r.analyte == "igfbp3"
    assert r.reference.id == "friedrich2014_igfbp3_idsisys"
    assert r.reference.method == "BCCG"
    assert r.value.ng_per_ml == pytest.approx(4100.0)
    assert r.sds == pytest.approx(_independent_sds(r.reference.id, 4100.0, 45, "male"), abs=1e-9)
    assert r.zone is igflab.Zone.MIDDLE_THIRD
    assert r.flag.value == "N"
    assert spec_of(r.analyte).loinc == "2483-6"  # LOINC IGFBP-3 [Mass/volume] in Serum or Plasma
    assert {n.kind for n in r.notes} == {"position"}
    assert "IGFBP-3 4.10 mg/L (143 nmol/L)" in r.notes[0].text  # in the unit typed, nmol/L beside it
    assert "friedrich2014" in {c.id for c in r.citations}


@pytest.mark.parametrize(("value", "unit"), [(4100, "ng/mL"), (4.1, "µg/mL"), ("4.1 mg/L", None), (4100, "µg/L")])
def test_igfbp3_mass_units_agree(value: object, unit: str | None) -> None:
    r = igflab.interpret(value, unit, age=45, sex="female", analyte="igfbp3")  # type: ignore[arg-type]
    assert r.value.ng_per_ml == pytest.approx(4100.0)


def test_igfbp3_zones_are_the_reference_position_only() -> None:
    ref = get_reference("friedrich2014_igfbp3_idsisys")
    b = ref.bounds(30.0, True)
    lower, upper = b.lower, b.upper
    zones = [
        igflab.interpret(x, "ng/mL", age=30, sex="female", analyte="igfbp3").zone
        for x in (lower * 0.99, lower * 1.01, upper * 0.99, upper * 1.01, upper * 1.5)
    ]
    assert [z.value for z in zones] == [
        "below_reference",
        "lower_third",
        "upper_third",
        "above_reference",
        "above_reference",
    ]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"value": 900, "unit": "mg/L"}, igflab.ValueInputError),
        ({"value": 5, "unit": "kg"}, igflab.UnitError),
        ({"value": "<500 ng/mL"}, igflab.ValueInputError),
        ({"lab_range": (2.0, 5.0)}, igflab.LabRangeError),
        ({"age": 95}, igflab.OutOfReferenceError),
        ({"assay": "lcms"}, igflab.UnknownReferenceError),
        ({"reference": "quest_lcms"}, igflab.UnknownReferenceError),
    ],
)
def test_igfbp3_refuses_what_it_cannot_place(kwargs: dict[str, object], error: type[Exception]) -> None:
    call: dict[str, object] = {"value": 4.1, "unit": "mg/L", "age": 45, "sex": "male", **kwargs}
    if isinstance(call["value"], str):
        call["unit"] = None
    with pytest.raises(error) as info:
        igflab.interpret(analyte="igfbp3", **call)  # type: ignore[call-overload]
    assert str(info.value)


def test_igfbp3_with_sex_unknown_is_read_on_both_sexes_tables() -> None:
    r = igflab.interpret(4.1, "mg/L", age=45, sex="unknown", analyte="igfbp3")
    assert r.sex == "unknown"
    assert [p.sex for p in (r.reference, *r.other_positions)] == ["male", "female"]
    assert r.zone is igflab.Zone.MIDDLE_THIRD  # in the middle third of both sexes' intervals
    assert r.sds is None  # no single position
    edge = get_reference("friedrich2014_igfbp3_idsisys")
    lo_m, lo_f = edge.bounds(45.0, False).lower, edge.bounds(45.0, True).lower
    between = igflab.interpret((lo_m + lo_f) / 2, "ng/mL", age=45, sex="unknown", analyte="igfbp3")
    assert between.zone is igflab.Zone.INDETERMINATE  # the sexes' tables disagree: not placed in one zone


def test_unknown_analyte_is_an_input_error() -> None:
    with pytest.raises(igflab.InputError, match="unknown analyte") as info:
        igflab.interpret(4.1, "mg/L", age=45, sex="male", analyte="ferritin")  # type: ignore[call-overload]
    assert info.value.field == "analyte"


def test_igfbp3_in_the_wrong_unit_is_a_warning() -> None:
    r = igflab.interpret(4.1, "ng/mL", age=45, sex="male", analyte="igfbp3")
    assert [w.code for w in r.warnings] == ["extreme_sds"]
    assert "mg/L" in r.warnings[0].message


def test_life_and_the_contraceptive_tables() -> None:
    plain = igflab.interpret(4.1, "mg/L", age=25, sex="female", analyte="igfbp3", reference="life2022")
    assert plain.reference.id == "life2022_igfbp3"
    assert plain.reference.method == "BCPE"
    by_assay = igflab.interpret(4.1, "mg/L", age=25, sex="female", analyte="igfbp3", assay="life-eclia")
    assert by_assay.reference.id == "life2022_igfbp3"
    cc = igflab.interpret(
        4.1, "mg/L", age=25, sex="female", analyte="igfbp3", reference="life2022", context=["combined-contraceptive"]
    )
    assert cc.reference.id == "life2022_igfbp3_incl_cc"
    assert cc.sds == pytest.approx(_independent_sds(cc.reference.id, 4100.0, 25, "female"), abs=1e-9)
    (note,) = [n for n in cc.notes if n.kind == "context"]
    assert "contraceptive users included" in note.text
    assert note.citations == ("hoerenz2022",)
    other = igflab.interpret(4.1, "mg/L", age=25, sex="female", analyte="igfbp3", context="coc")
    (note,) = [n for n in other.notes if n.kind == "context"]
    assert "has no table that includes contraceptive users" in note.text


def test_panel_two_year_old_both_low() -> None:
    p = igflab.interpret_panel("15 ng/mL", "0.6 mg/L", age=2, sex="male")
    assert p.igf1.zone is igflab.Zone.BELOW_REFERENCE
    assert p.igfbp3.zone is igflab.Zone.BELOW_REFERENCE
    assert p.igf1.reference.id == "bidlingmaier2014_idsisys"
    both = p.notes[0]
    assert "both below" in both.text
    assert "child's growth" in both.text
    assert "ratio" not in type(p).model_fields  # schema 2.0: the ratio is not placed on a reference
    assert "does not place the ratio" in p.notes[-1].text
    assert p.molar_ratio == pytest.approx((15 / 7649) / (600 / 28700), rel=1e-12)
    assert p.guidance == igflab.interpret(15, "ng/mL", age=2, sex="male").guidance


def test_panel_igf1_part_equals_interpret() -> None:
    p = igflab.interpret_panel(150, 4.1, igf1_unit="ng/mL", igfbp3_unit="mg/L", age=45, sex="male")
    r = igflab.interpret(150, "ng/mL", age=45, sex="male")
    assert (p.igf1.sds, p.igf1.centile, p.igf1.zone, p.igf1.notes) == (r.sds, r.centile, r.zone, r.notes)
    assert p.igf1 == r  # the panel's IGF-1 is interpret()'s result: the same type and JSON shape
    assert [n.kind for n in p.notes] == ["method"]  # concordant: only the ratio note


def test_panel_discordant_adult() -> None:
    p = igflab.interpret_panel("150 ng/mL", "1.5 mg/L", age=45, sex="male")
    assert p.igfbp3.zone is igflab.Zone.BELOW_REFERENCE
    assert "IGF-1 is inside the reference interval while IGFBP-3 is below the reference interval" in p.notes[0].text
    ids = {c.id for c in p.citations}
    for n in (*p.notes, *p.igf1.notes, *p.igfbp3.notes):
        assert n.citations
        assert set(n.citations) <= ids


def test_panel_adult_both_low_is_worded_for_adults() -> None:
    p = igflab.interpret_panel("40 ng/mL", "1.0 mg/L", age=45, sex="female")
    assert "clinical picture" in p.notes[0].text


def test_panel_life_with_combined_contraceptive() -> None:
    p = igflab.interpret_panel(
        "150 ng/mL", "4.1 mg/L", age=25, sex="female", reference="life2022", context=["combined-contraceptive"]
    )
    assert (p.igf1.reference.id, p.igfbp3.reference.id) == ("life2022_igf1_incl_cc", "life2022_igfbp3_incl_cc")
    assert p.igf1.sds == pytest.approx(_independent_sds("life2022_igf1_incl_cc", 150.0, 25, "female"), abs=1e-9)
    assert p.context == ("combined-contraceptive",)


def test_panel_needs_the_sex_and_gives_typed_errors() -> None:
    with pytest.raises(igflab.SexError):
        igflab.interpret_panel("150 ng/mL", "4.1 mg/L", age=45, sex="unknown")
    with pytest.raises(igflab.UnitError):
        igflab.interpret_panel("150 ng/mL", "4.1", age=45, sex="male")


@pytest.mark.parametrize("age", [0.5, 2, 9, 15, 30, 70])
@pytest.mark.parametrize(("igf1", "bp3"), [(15, 500), (150, 4000), (900, 9000), (150, 1000)])
def test_panel_wording_is_calm_at_every_age(age: float, igf1: float, bp3: float) -> None:
    p = igflab.interpret_panel(igf1, bp3, igf1_unit="ng/mL", igfbp3_unit="ng/mL", age=age, sex="female")
    texts = [p.guidance, *(n.text for n in (*p.notes, *p.igf1.notes, *p.igfbp3.notes))]
    texts += [w.message for w in (*p.warnings,)]
    for t in texts:
        assert not any(b in t.lower() for b in BANNED), t
        assert not CAUSAL.search(t), t
    assert "qualified health professional" in p.guidance
    if age < 18:
        assert all("clinical picture" not in t for t in texts)


def test_obesity_context_is_a_cited_note_for_both_analytes() -> None:
    """Hoerenz 2022 (abstract): up to +1 SDS IGF-1 in obese infants, up to -0.5 SDS at 20-40 years."""
    r = igflab.interpret(150, "ng/mL", age=30, sex="female", context="obese")
    (note,) = [n for n in r.notes if n.kind == "context"]
    assert "up to 1 SDS higher" in note.text
    assert "up to 0.5 SDS lower" in note.text
    assert note.citations == ("hoerenz2022",)
    bp3 = igflab.interpret(4.1, "mg/L", age=30, sex="female", analyte="igfbp3", context=["obesity"])
    assert [n.text for n in bp3.notes if n.kind == "context"] == [note.text]
    plain = igflab.interpret(4.1, "mg/L", age=30, sex="female", analyte="igfbp3", context=["pregnancy"])
    assert [n for n in plain.notes if n.kind == "context"] == []  # IGF-1's context notes stay IGF-1's


def test_igfbp3_in_nmol_per_l_uses_its_own_cited_molar_mass() -> None:
    # IDS (maker of the IDS-iSYS IGFBP-3 assay): 28.7 kDa, so 1 nmol/L = 28.7 ng/mL; 143 nmol/L = 4104.1 ng/mL.
    molar = igflab.interpret(143, "nmol/L", analyte="igfbp3", age=45, sex="male")
    mass = igflab.interpret(4104.1, "ng/mL", analyte="igfbp3", age=45, sex="male")
    assert molar.value.ng_per_ml == pytest.approx(4104.1, rel=1e-12)
    assert molar.sds == pytest.approx(mass.sds, abs=1e-12)
    assert mass.value.nmol_per_l == pytest.approx(143.0, rel=1e-12)
    # IGF-1 on the LIFE table in nmol/L keeps IGF-1's molar mass (7649 g/mol): 19.6 nmol/L = 149.92 ng/mL.
    life = igflab.interpret_panel("19.6 nmol/L", "4.1 mg/L", age=45, sex="male", reference="life2022")
    assert life.igf1.value.ng_per_ml == pytest.approx(19.6 * 7.649, rel=1e-12)


def test_the_molar_ratio_is_computed_from_the_two_values_and_not_placed() -> None:
    # 150 ng/mL / 7649 g/mol = 19.61 nmol/L; 4.1 mg/L / 28,700 g/mol = 142.86 nmol/L; ratio 0.1373.
    p = igflab.interpret_panel("150 ng/mL", "4.1 mg/L", age=45, sex="male")
    assert p.molar_ratio == pytest.approx((150 / 7649) / (4100 / 28700), rel=1e-12)
    assert "ratio" not in type(p).model_fields  # schema 2.0: the ratio is not placed on a reference
    note = p.notes[-1]
    assert "is 0.137 (IGF-1 19.6 nmol/L over IGFBP-3 143 nmol/L" in note.text
    assert "does not place the ratio" in note.text
    assert {"friedrich2014", "ids_igfbp3", "uniprot_p05019"} <= set(note.citations)
    censored = igflab.interpret_panel("<25 ng/mL", "4.1 mg/L", age=45, sex="male")
    assert censored.molar_ratio is None
    assert "censored" in censored.notes[-1].text
