"""interpret(): real cases end to end, the output contract, notes, censored values, errors."""

from __future__ import annotations

import pytest

import igflab
from igflab import Flag, Zone
from igflab.errors import AgeError, IgflabError, OutOfReferenceError, SexError, UnknownReferenceError
from igflab.science.references import get_reference
from igflab.text.citations import catalog

CONSULT = "qualified health professional"


def test_adult_mid_range_case() -> None:
    r = igflab.interpret(150, "ng/mL", age=45, sex="male")
    # Bidlingmaier 2014, male 45 y: P2.5 72, P50 132, P97.5 212 ng/mL (derived centile table).
    assert (r.zone, r.flag) == (Zone.MIDDLE_THIRD, Flag.N)
    assert r.reference.lower_ng_per_ml == pytest.approx(72, abs=0.5)
    assert r.reference.median_ng_per_ml == pytest.approx(132, abs=0.5)
    assert r.reference.upper_ng_per_ml == pytest.approx(212, abs=0.5)
    assert 0 < r.sds < 1
    assert 50 < r.centile < 84
    assert r.value.nmol_per_l == pytest.approx(150 / 7.649)


@pytest.mark.parametrize(
    ("value", "age", "sex", "zone", "flag"),
    [
        (50, 45, "male", Zone.BELOW_REFERENCE, Flag.L),  # male 45: lower 72
        (100, 45, "male", Zone.LOWER_THIRD, Flag.N),  # SDS -0.95
        (190, 45, "female", Zone.UPPER_THIRD, Flag.N),  # female 45: upper 200
        (230, 45, "female", Zone.ABOVE_REFERENCE, Flag.H),
        (300, 45, "female", Zone.WELL_ABOVE_REFERENCE, Flag.HU),  # > 1.3 x 200
        (300, 15, "female", Zone.MIDDLE_THIRD, Flag.N),  # female 15: 127-554
        (100, 15, "female", Zone.BELOW_REFERENCE, Flag.L),
    ],
)
def test_zone_cases(value: float, age: float, sex: str, zone: Zone, flag: Flag) -> None:
    r = igflab.interpret(value, "ng/mL", age=age, sex=sex)
    assert (r.zone, r.flag) == (zone, flag)


def test_json_dump_has_the_documented_fields() -> None:
    d = igflab.interpret("150 ng/mL", age=45, sex="male").model_dump(mode="json")
    for key in ("age", "sex", "sds", "centile", "zone", "flag", "notes", "citations", "guidance", "warnings"):
        assert key in d
    assert set(d["value"]) >= {"ng_per_ml", "nmol_per_l"}
    assert set(d["reference"]) >= {"id", "lower_ng_per_ml", "upper_ng_per_ml"}
    assert d["reference"]["id"] == "bidlingmaier2014_idsisys"
    assert d["zone"] == "middle_third"
    assert d["adult_band"] == "within"
    assert d["flag"] == "N"
    assert {"text", "kind", "citations"} <= set(d["notes"][0])
    assert {"id", "text"} <= set(d["citations"][0])
    assert d["provenance"]["molar_mass_g_per_mol"] == 7649.0
    assert d["schema_version"] == "2.0"
    assert d["analyte"] == "igf1"  # schema 1.2: the analyte measured
    # What front-ends need is in the result (schema 1.1): the reported unit's UCUM code, the band,
    # and the published reference apart from a lab range.
    assert d["value"]["input_unit_ucum"] == "ng/mL"
    assert d["reference"]["age_band"] is None  # an LMS interval is at the exact age
    assert d["provenance"]["published_reference_id"] == "bidlingmaier2014_idsisys"


@pytest.mark.parametrize(
    "case",
    [
        dict(value=50, age=45, sex="male"),
        dict(value=150, age=45, sex="male"),
        dict(value=400, age=45, sex="male"),
        dict(value=300, age=15, sex="female"),
        dict(value="<25", age=60, sex="m"),
        dict(value=60, age=45, sex="male", lab_range="52-328"),
        dict(value=150, age=45, sex="unknown"),
    ],
)
def test_every_note_is_cited_and_guidance_points_to_a_professional(case: dict[str, object]) -> None:
    r = igflab.interpret(case.pop("value"), "ng/mL", **case)  # type: ignore[arg-type]
    ids = {c.id for c in r.citations}
    for n in r.notes:
        assert n.citations
        assert set(n.citations) <= ids
        assert set(n.citations) <= set(catalog())
    assert CONSULT in r.guidance
    assert "does not diagnose" in r.guidance


def test_low_values_name_factors_without_lifestyle_or_caution_notes() -> None:
    r = igflab.interpret(50, "ng/mL", age=45, sex="male")
    kinds = {n.kind: n for n in r.notes}
    assert "lifestyle" not in kinds
    assert "caution" not in kinds
    assert "ho2007" in kinds["zone"].citations


def test_high_values_mention_what_clinicians_check() -> None:
    r = igflab.interpret(300, "ng/mL", age=45, sex="female")
    zone_note = next(n for n in r.notes if n.kind == "zone")
    assert "acromegaly" in zone_note.text
    assert "giustina2024" in zone_note.citations
    assert all(n.kind != "lifestyle" for n in r.notes)


def test_u_curve_note_for_adults_only() -> None:
    adult = igflab.interpret(150, "ng/mL", age=45, sex="male")
    child = igflab.interpret(300, "ng/mL", age=12, sex="male")
    assert any(n.kind == "u_curve" and "association" in n.text for n in adult.notes)
    assert not any(n.kind == "u_curve" for n in child.notes)


def test_assay_caveat_is_always_there() -> None:
    r = igflab.interpret(150, "ng/mL", age=45, sex="male")
    assert any(n.kind == "assay" and "assay-specific" in n.text for n in r.notes)


class TestCensored:
    def test_below_a_limit_under_the_reference_is_low(self) -> None:
        r = igflab.interpret("<25 ng/mL", age=60, sex="male")  # male 60: lower 52
        assert r.value.censored == "<"
        assert (r.zone, r.flag) == (Zone.BELOW_REFERENCE, Flag.L)
        assert r.reference.bound == "upper"

    def test_below_a_limit_inside_the_reference_is_indeterminate(self) -> None:
        r = igflab.interpret("<100 ng/mL", age=60, sex="male")
        assert (r.zone, r.flag) == (Zone.INDETERMINATE, Flag.IND)

    def test_above_the_measuring_range(self) -> None:
        r = igflab.interpret(">1200", "ng/mL", age=45, sex="male")
        assert (r.zone, r.flag) == (Zone.WELL_ABOVE_REFERENCE, Flag.HU)
        assert r.reference.bound == "lower"
        assert any(n.kind == "method" and "above 1200" in n.text for n in r.notes)

    def test_above_a_limit_between_the_upper_limit_and_1_3_times_it(self) -> None:
        # male 45 y: upper 212 ng/mL, 1.3 x 212 = 276: ">233" is certainly above, perhaps well above.
        r = igflab.interpret(">233 ng/mL", age=45, sex="male")
        assert (r.zone, r.flag) == (Zone.ABOVE_REFERENCE, Flag.H)
        assert igflab.interpret(">150 ng/mL", age=45, sex="male").zone is Zone.INDETERMINATE

    def test_censored_at_the_lower_limit_exactly(self) -> None:
        lower = get_reference().interval(60, "male").lower
        assert igflab.interpret(f"<{lower!r} ng/mL", age=60, sex="male").zone is Zone.BELOW_REFERENCE
        assert igflab.interpret(f"<={lower!r} ng/mL", age=60, sex="male").zone is Zone.INDETERMINATE


def test_nmol_input() -> None:
    r = igflab.interpret(19.6, "nmol/L", age=45, sex="female")
    assert r.value.ng_per_ml == pytest.approx(149.92, abs=0.01)
    assert r.value.input_unit == "nmol/L"


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        (dict(age=45, sex="male", reference="nope"), UnknownReferenceError),
        (dict(age=95, sex="male"), OutOfReferenceError),
        (dict(age=-1, sex="male"), AgeError),
        (dict(age=45, sex="x-men"), SexError),
        (dict(age=45, sex=""), SexError),
        (dict(age=None, sex="male"), AgeError),
    ],
)
def test_errors_are_typed(kwargs: dict[str, object], error: type[IgflabError]) -> None:
    with pytest.raises(error):
        igflab.interpret(150, "ng/mL", **kwargs)  # type: ignore[arg-type]


def test_out_of_reference_error_names_the_domain() -> None:
    with pytest.raises(OutOfReferenceError, match=r"0-94 years") as info:
        igflab.interpret(150, "ng/mL", age=95, sex="male")
    assert info.value.field == "age"
    assert isinstance(info.value, ValueError)


def test_deterministic() -> None:
    a = igflab.interpret(123.4, "ng/mL", age=33.3, sex="female")
    b = igflab.interpret(123.4, "ng/mL", age=33.3, sex="female")
    assert a == b
