"""Input checks of the clinical review 2026-12 (findings 1, 4, 16, 17, 18, 22, 23), in every path.

Each test named for a finding fails on the code before the change (said in its docstring);
the expected words are derived from the library (format functions, reference short names)
rather than copied from a sentence.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import igflab
from igflab.analytes import IGF1, IGFBP3, AnalyteSpec
from igflab.core.rules import WARNING_BIT, WARNING_CODES, lab_range_text_warnings, unit_mixup
from igflab.inputs.lab_range import parse_lab_range
from igflab.inputs.values import THOUSANDS_DOT, ambiguous_dot, parse_value
from igflab.io.csv import interpret_csv
from igflab.science.references import list_references
from igflab.text.format import sds_text
from igflab.text.warnings import WarningFacts, warning_list

MAN_45 = {"age": 45, "sex": "male"}


def codes(r: igflab.Interpretation) -> list[str]:
    return [w.code for w in r.warnings]


# -- 1. "1.200": a thousands dot or a decimal point ---------------------------------------------------


def test_a_thousands_dot_below_the_assay_range_is_refused_with_both_readings() -> None:
    """Finding 1: "1.200 ng/mL" was read as 1.2 ng/mL (below every assay) with no doubt in the summary."""
    with pytest.raises(igflab.ValueInputError) as info:
        igflab.interpret("1.200 ng/mL", **MAN_45)
    message = info.value.message
    assert info.value.field == "value"
    assert "ambiguous" in message
    assert "1200 ng/mL with a thousands dot" in message  # both readings ...
    assert "1.2 ng/mL with a decimal point" in message
    assert "write 1200 for the first, or 1.2 for the second" in message  # ... and how to type each
    # The same kind of error as "1,200", which names both readings too.
    with pytest.raises(igflab.ValueInputError) as comma:
        igflab.interpret("1,200 ng/mL", **MAN_45)
    assert "1200 with a thousands comma or as 1.2 with a decimal comma" in comma.value.message


@pytest.mark.parametrize(
    ("text", "unit"),
    [("1.200", "ng/mL"), (">1.600", "ng/mL"), ("<1.000", "ng/mL"), ("8.799", "ng/mL"), ("1.100", "nmol/L")],
)
def test_every_thousands_dot_whose_decimal_reading_no_assay_measures_is_refused(text: str, unit: str) -> None:
    """Finding 1: below 8.8 ng/mL (1.1 nmol/L = 8.41 ng/mL) the two readings differ in meaning."""
    with pytest.raises(igflab.ValueInputError, match="ambiguous"):
        igflab.interpret(text, unit, **MAN_45)


@pytest.mark.parametrize(
    ("text", "unit", "analyte", "ng_per_ml"),
    [
        ("150.000", "ng/mL", "igf1", 150.0),  # the thousands reading, 150,000 ng/mL, is far above every assay
        ("12.500", "ng/mL", "igf1", 12.5),
        ("8.800", "ng/mL", "igf1", 8.8),  # the assays' lowest limit itself
        ("1.200", "nmol/L", "igf1", 1.2 * 7.649),  # 9.18 ng/mL: measurable
        ("1.250", "mg/L", "igfbp3", 1250.0),  # IGFBP-3 in mg/L: a plausible decimal
        ("1.250", "ng/mL", "igfbp3", 1.25),  # IGFBP-3 has no known assay range: never ambiguous
    ],
)
def test_a_dot_whose_decimal_reading_is_measurable_is_a_decimal_point(
    text: str, unit: str, analyte: str, ng_per_ml: float
) -> None:
    r = igflab.interpret(text, unit, analyte=analyte, **MAN_45)
    assert r.value.ng_per_ml == pytest.approx(ng_per_ml)


def test_the_dot_rule_on_numbers_and_columns() -> None:
    assert [bool(THOUSANDS_DOT.fullmatch(t)) for t in ("1.200", "150.000", "0.500", "1.20", "1.2000", "1234.000")] == [
        True,
        True,
        False,
        False,
        False,
        False,
    ]
    numbers = np.array([1.2, 8.8, 8.799, 150.0, 999.999])
    assert ambiguous_dot(numbers, 1.0, IGF1).tolist() == [True, False, True, False, False]
    assert not ambiguous_dot(numbers, 1.0, IGFBP3).any()


def _outcome(text: str) -> tuple[str | None, str | None, float]:
    """(error code, message, ng/mL) of interpret() for a man of 45."""
    try:
        r = igflab.interpret(text, **MAN_45)
    except igflab.IgflabError as exc:
        return exc.code, exc.message, float("nan")
    return None, None, r.value.ng_per_ml


def test_a_thousands_dot_is_a_row_error_in_the_batch_csv_and_frames() -> None:
    """Finding 1: the batch read "1.200" as the plain number 1.2 (a per-row error now, never a dropped row)."""
    values = ["1.200 ng/mL", "150 ng/mL", "150.000 ng/mL", "1.100 nmol/L", "19.6 ng/mL"] * 3  # the column path
    n = len(values)
    b = igflab.interpret_batch(values, None, [45] * n, "male")
    assert len(b) == n
    for i, v in enumerate(values):
        expected = _outcome(v)
        assert (b.error_code[i], b.error_message[i]) == expected[:2]
        assert b.ng_per_ml[i] == pytest.approx(expected[2], nan_ok=True)
    assert b.error_code.tolist().count("value_input_error") == 6
    values, units = [v.split()[0] for v in values], [v.split()[1] for v in values]
    # Fixed-width text arrays and a pandas frame of text, which Arrow would convert to floats.
    arr = igflab.interpret_batch(np.array(values), np.array(units), np.full(n, 45.0), "male")
    assert arr.error_code.tolist() == b.error_code.tolist()
    plain = ["1.200", "150", "19.6"] * 4  # every cell a plain decimal
    frame = pd.DataFrame({"value": pd.array(plain, dtype="string"), "unit": "ng/mL", "age": 45, "sex": "male"})
    framed = igflab.interpret_frame(frame, unit="unit")
    assert framed["error_code"].isna().tolist()[:3] == [False, True, True]
    assert framed["error_code"].iloc[0] == "value_input_error"
    assert "ambiguous" in framed["error_message"].iloc[0]
    sink = io.StringIO()
    interpret_csv(io.StringIO("value,unit,age,sex\n1.200,ng/mL,45,male\n150.000,ng/mL,45,male\n"), sink)
    rows = list(pd.read_csv(io.StringIO(sink.getvalue()), dtype=str, keep_default_na=False).itertuples())
    assert [r.error_code for r in rows] == ["value_input_error", ""]
    assert rows[1].ng_per_ml == "150.0"


def test_a_thousands_dot_is_refused_in_a_series_and_a_fhir_value_string() -> None:
    """Finding 1: every path that reads text reads it with the same rule."""
    with pytest.raises(igflab.ValueInputError, match="ambiguous"):
        igflab.interpret_series([{"value": "1.200 ng/mL", "age": 45}], sex="male")
    obs = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "2484-4"}]},
        "valueString": "1.200 ng/mL",
    }
    with pytest.raises(igflab.ValueInputError, match="ambiguous"):
        igflab.from_fhir(obs, **MAN_45)
    obs["valueString"] = "150.000 ng/mL"
    assert igflab.from_fhir(obs, **MAN_45).value.ng_per_ml == 150.0


# -- 2. decimal commas: quoted as typed, and in a laboratory range -----------------------------------


def test_the_decimal_comma_warning_quotes_the_text_as_typed() -> None:
    """Finding 18: "150,0" warned about '150'."""
    r = igflab.interpret("150,0 ng/mL", **MAN_45)
    (w,) = r.warnings
    assert w.code == "decimal_comma"
    assert "'150,0'" in w.message


def test_a_decimal_comma_in_a_laboratory_range_is_a_warning_quoting_the_range() -> None:
    """Finding 18: "--lab-range 52,5-328" was read as 52.5 with no warning (the rule and its words)."""
    lab = parse_lab_range("52,5-328", default_unit="ng/mL")
    assert (lab.lower, lab.upper, lab.decimal_comma) == (52.5, 328.0, True)
    assert lab_range_text_warnings(lab) == WARNING_BIT["lab_range_decimal_comma"]
    assert lab_range_text_warnings(parse_lab_range("52.5-328", default_unit="ng/mL")) == 0
    assert lab_range_text_warnings(parse_lab_range((52.5, 328), default_unit="ng/mL")) == 0
    facts = WarningFacts(parse_value(60, "ng/mL"), IGF1.default_reference, "", None, None, None, lab=lab)
    (w,) = warning_list(("lab_range_decimal_comma",), facts)
    assert w.field == "lab_range"
    assert "'52,5-328' as a decimal point (52.5-328 ng/mL)" in w.message


def test_interpret_warns_on_a_decimal_comma_in_a_laboratory_range() -> None:
    """Finding 18, end to end."""
    r = igflab.interpret(60, "ng/mL", lab_range="52,5-328", **MAN_45)
    assert "lab_range_decimal_comma" in codes(r)


# -- 3. unit mix-up: outside as typed, inside in the other unit --------------------------------------

REVIEW_TABLE = [(10.7, 65, "female"), (10.1, 85, "female"), (34.7, 15, "female"), (27.7, 45, "male"), (20.0, 8, "male")]


@pytest.mark.parametrize(("value", "age", "sex"), REVIEW_TABLE)
def test_the_review_table_of_missed_mixups_warns(value: float, age: float, sex: str) -> None:
    """Finding 4: nmol/L numbers typed as ng/mL that the old "further outside than the interval is wide"
    rule missed."""
    r = igflab.interpret(value, "ng/mL", age=age, sex=sex)
    assert "unit_mixup" in codes(r)
    b = igflab.interpret_batch([value] * 10, "ng/mL", [age] * 10, sex)
    assert all("unit_mixup" in w for w in b.warnings)
    (w,) = [w for w in r.warnings if w.code == "unit_mixup"]
    assert f"{value:g} ng/mL is below the reference, but {value:g} nmol/L would be inside" in w.message


def test_a_true_low_value_is_not_taken_for_a_mixup() -> None:
    """40 ng/mL at 45 (male): 40 nmol/L = 306 ng/mL is above the interval too."""
    r = igflab.interpret(40, "ng/mL", **MAN_45)
    assert r.value.ng_per_ml < r.reference.lower_ng_per_ml
    assert r.reference.upper_ng_per_ml < 40 * IGF1.ng_per_ml_per_nmol_per_l
    assert "unit_mixup" not in codes(r)


def test_the_mixup_rule_goes_both_ways_and_covers_igfbp3() -> None:
    """Finding 4: 75 nmol/L (574 ng/mL, not "far" above 71.7-212 ng/mL) and IGFBP-3 typed in mg/L were missed."""
    assert "unit_mixup" in codes(igflab.interpret(75, "nmol/L", **MAN_45))
    # IGFBP-3: mg/L <-> nmol/L (142.9 nmol/L = 4.1 mg/L), ng/mL <-> nmol/L, and nmol/L -> mg/L or ng/mL.
    for value, unit in ((142.9, "mg/L"), (142.9, "ng/mL"), (4.1, "nmol/L"), (4100, "nmol/L")):
        r = igflab.interpret(value, unit, analyte="igfbp3", **MAN_45)
        assert "unit_mixup" in codes(r), (value, unit)
    assert "unit_mixup" not in codes(igflab.interpret(4.1, "mg/L", analyte="igfbp3", **MAN_45))
    # A unit nobody mixes up with nmol/L (ng/dL) has no other unit.
    assert not unit_mixup(1000.0, 0.01, 71.66, 211.98)


@settings(max_examples=150, deadline=None)
@given(
    st.floats(min_value=0.001, max_value=0.999),  # strictly inside: on a limit, rounding may fall either side
    st.floats(min_value=0.0, max_value=94.0),
    st.sampled_from(["male", "female"]),
    st.sampled_from([None, "life2022", "isojima2012_japan"]),
    st.sampled_from([IGF1, IGFBP3]),
)
def test_a_nmol_number_labelled_ng_per_ml_always_warns(
    where: float, age: float, sex: str, reference: str | None, spec: AnalyteSpec
) -> None:
    """A value in nmol/L that lies inside the interval, typed with the label ng/mL: whenever that number is
    outside the interval in ng/mL, the result warns of a unit mix-up, in the scalar and the batch paths."""
    if spec is IGFBP3 and reference == "isojima2012_japan":
        reference = None
    try:
        true = igflab.interpret(1.0, "nmol/L", age=age, sex=sex, reference=reference, analyte=spec.key)
    except igflab.OutOfReferenceError:
        assume(False)
        raise
    lower, upper = true.reference.lower_ng_per_ml, true.reference.upper_ng_per_ml
    nmol = spec.ng_per_ml_per_nmol_per_l
    y = (lower + where * (upper - lower)) / nmol  # the nmol/L number, inside the interval
    assume(not lower <= y <= upper)  # outside as typed (else the value is inside: nothing to warn of)
    r = igflab.interpret(y, "ng/mL", age=age, sex=sex, reference=reference, analyte=spec.key)
    assert "unit_mixup" in codes(r), (y, lower, upper)
    b = igflab.interpret_batch([y] * 9, "ng/mL", [age] * 9, sex, reference=reference, analyte=spec.key)
    assert all(w == tuple(codes(r)) for w in b.warnings)


# -- 4. censored results: the plausibility check on their bound ----------------------------------------


def test_a_censored_bound_beyond_the_advisory_sds_warns() -> None:
    """Finding 16: ">1000 ng/mL" at 2 weeks had SDS at least +11.38 and no extreme_sds."""
    r = igflab.interpret(">1000 ng/mL", age="2w", sex="male")
    assert "extreme_sds" in codes(r)
    (w,) = [w for w in r.warnings if w.code == "extreme_sds"]
    assert r.sds is not None
    assert f"SDS {sds_text(r.sds, 'lower')}" in w.message  # "at least": the result is a bound
    b = igflab.interpret_batch([">1000", "<8.8", ">150", "<100"] * 3, "ng/mL", [0.04, 45, 45, 45] * 3, "male")
    assert list(b.warnings[:4]) == [("extreme_sds",), ("extreme_sds",), (), ()]


# -- 5. the words of the warnings ------------------------------------------------------------------------


def test_the_extreme_sds_warning_says_such_values_occur() -> None:
    """Finding 23: 1000 ng/mL at 45 was only "please check the value, unit, age and sex"."""
    r = igflab.interpret(1000, "ng/mL", **MAN_45)
    (w,) = [w for w in r.warnings if w.code == "extreme_sds"]
    assert "check the value, unit, age and sex" in w.message
    assert "values this high do occur (for example with growth-hormone excess)" in w.message
    assert "prompt review" in w.message


def test_the_extreme_sds_is_rounded_as_the_summary_rounds_it() -> None:
    """Finding 22: the warning rounded SDS +6.775 away from zero (+6.78), the summary to +6.77."""
    r = igflab.interpret(500, "ng/mL", **MAN_45)
    assert r.sds is not None
    (w,) = [w for w in r.warnings if w.code == "extreme_sds"]
    figure = sds_text(r.sds)
    assert figure == "+6.77"
    assert f"SDS {figure}" in w.message
    assert f"SDS {figure}" in str(r)


def test_an_sds_that_rounds_onto_the_limit_is_just_beyond_it() -> None:
    """With the summary's rounding, SDS +5.002 reads +5.00: the warning says "just beyond +5", never a figure
    that contradicts its sentence."""
    r = igflab.interpret(378.51, "ng/mL", **MAN_45)
    assert r.sds is not None
    assert 5 < r.sds < 5.005
    (w,) = [w for w in r.warnings if w.code == "extreme_sds"]
    assert "SDS +5.00 against" in w.message
    assert "is just beyond +5" in w.message
    assert "just" not in next(w.message for w in igflab.interpret(500, "ng/mL", **MAN_45).warnings)


def test_an_infinite_sds_is_far_above_not_inf() -> None:
    """Finding 17: 41 mg/dL IGFBP-3 warned "The IGFBP-3 SDS is +inf" (later "beyond +38.4")."""
    r = igflab.interpret("41 mg/dL", analyte="igfbp3", **MAN_45)
    (w,) = [w for w in r.warnings if w.code == "extreme_sds"]
    assert "far above (SDS not computable)" in w.message
    assert "inf" not in w.message.replace("(SDS not computable)", "")


# Inputs that raise every warning code a single result can have.
EVERY_WARNING = [
    ("150,5 ng/mL", {}),
    (150, {"assay": "lcms", "reference": "bidlingmaier2014_idsisys"}),
    (150, {"age": 100, "lab_range": (60, 250)}),
    (5000, {}),
    (5, {}),
    (19.6, {}),
    (1000, {}),
    (150, {"context": "pregnancy"}),
    (3, {"age": 0.0, "reference": "isojima2012_japan"}),
    (12, {"unit": "nmol/L", "lab_range": (70, 230)}),
    (150, {"lab_range": (2000, 5000)}),
    ("41 mg/dL", {"analyte": "igfbp3"}),
    (">1000 ng/mL", {"age": "2w"}),
    (60, {"lab_range": "52,5-328"}),
    (98, {"unit": "ug/L", "age": 16, "lab_range": (84, 270)}),
]
SNAKE = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")


def test_no_warning_shows_an_internal_id_or_snake_case() -> None:
    """Finding 22: warnings read "the bidlingmaier2014_idsisys reference's scores ..."."""
    ids = {r.id for a in ("igf1", "igfbp3") for r in list_references(a)}
    seen: set[str] = set()
    for value, kw in EVERY_WARNING:
        options = {**MAN_45, **kw}
        unit = options.pop("unit", None if isinstance(value, str) else "ng/mL")
        r = igflab.interpret(value, unit, **options)
        for w in r.warnings:
            seen.add(w.code)
            assert w.message
            assert SNAKE.search(w.message) is None, (w.code, w.message)
            assert not any(i in w.message for i in ids), w.message
    assert set(WARNING_CODES) - seen == set()  # every code is checked here


def test_the_warning_codes_are_documented() -> None:
    """Every code a result can carry is in the API page's table."""
    page = (Path(__file__).parents[2] / "docs" / "api.md").read_text(encoding="utf-8")
    for code in WARNING_CODES:
        assert f"`{code}`" in page, code


def test_warnings_keep_code_and_message_in_json() -> None:
    r = igflab.interpret(">1000 ng/mL", age="2w", sex="male")
    data = json.loads(r.model_dump_json())
    assert [set(w) >= {"code", "message"} for w in data["warnings"]] == [True]
