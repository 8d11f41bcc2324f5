"""The reverse look-up: the value at an SDS or centile (igflab.value_at, igflab ranges --sds/--centile)."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import igflab
from igflab.analytes import IGFBP3
from tests.support import load_fixture, one_error, run_cli

CENTILES = {0: 2.5, 1: 50.0, 2: 97.5}


def test_centiles_match_the_published_lms_table() -> None:
    # Bidlingmaier 2014 IDS-iSYS: P2.5/P50/P97.5 from the published L, M, S (tests/fixtures, whole ng/mL).
    fx = load_fixture("bidlingmaier2014_centiles.json")
    for row in fx["rows"]:
        for sex in ("male", "female"):
            for k, centile in CENTILES.items():
                got = igflab.value_at(centile=centile, age=row["age"], sex=sex)
                assert got == pytest.approx(row[sex][k], abs=fx["tolerance_ng_per_ml"]), (row["age"], sex, centile)


@pytest.mark.parametrize(
    ("reference", "analyte"),
    [
        ("bidlingmaier2014_idsisys", "igf1"),  # LMS
        ("friedrich2014_igfbp3_idsisys", "igfbp3"),  # BCCG
        ("life2022_igf1", "igf1"),  # BCPE
        ("isojima2012_japan", "igf1"),
    ],
)
def test_sds_limits_and_median_are_the_reference_interval(reference: str, analyte: str) -> None:
    iv = igflab.get_reference(reference).interval(45, "female")
    kw = {"age": 45, "sex": "female", "reference": reference, "analyte": analyte}
    assert igflab.value_at(-1.959963984540054, **kw) == pytest.approx(iv.lower, rel=1e-6)
    assert igflab.value_at(0, **kw) == pytest.approx(iv.median, rel=1e-6)
    assert igflab.value_at(centile=97.5, **kw) == pytest.approx(iv.upper, rel=1e-6)


@given(
    z=st.floats(min_value=-4, max_value=4),
    age=st.floats(min_value=0, max_value=94),
    sex=st.sampled_from(["male", "female"]),
)
def test_value_at_an_sds_has_that_sds(z: float, age: float, sex: str) -> None:
    value = igflab.value_at(z, age=age, sex=sex)
    r = igflab.interpret(value, "ng/mL", age=age, sex=sex)
    assert r.sds == pytest.approx(z, abs=1e-6)
    assert igflab.value_at(centile=r.centile, age=age, sex=sex) == pytest.approx(value, rel=1e-6)


def test_units_use_the_analytes_molar_mass() -> None:
    ng = igflab.value_at(0, age=45, sex="male", analyte="igfbp3")
    assert igflab.value_at(0, age=45, sex="male", analyte="igfbp3", unit="mg/L") == pytest.approx(ng / 1000)
    nmol = igflab.value_at(0, age=45, sex="male", analyte="igfbp3", unit="nmol/L")
    assert nmol == pytest.approx(ng / 28.7)  # IGFBP-3: 28,700 g/mol
    igf1 = igflab.value_at(0, age=45, sex="male")
    assert igflab.value_at(0, age=45, sex="male", unit="nmol/L") == pytest.approx(igf1 / 7.649)  # IGF-1: 7649 g/mol


def test_ages_in_years_and_months() -> None:
    assert igflab.value_at(-2, age="8y6m", sex="female") == igflab.value_at(-2, age=8.5, sex="female")


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"age": 45, "sex": "male", "reference": "quest_lcms"}, igflab.ReferenceUnavailableError, "not centiles"),
        ({"age": 45, "sex": "unknown"}, igflab.SexError, "male or female"),
        ({"age": 200, "sex": "male"}, igflab.AgeError, "above"),
        ({"age": 100, "sex": "male"}, igflab.OutOfReferenceError, "outside"),
    ],
)
def test_value_at_refuses_clearly(kwargs: dict[str, object], error: type[Exception], words: str) -> None:
    with pytest.raises(error, match=words):
        igflab.value_at(-2, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("sds", "centile"), [(None, None), (-2, 3), (math.nan, None), (7, None), (None, 0), (None, 100), (None, -3)]
)
def test_value_at_needs_one_usable_sds_or_centile(sds: float | None, centile: float | None) -> None:
    with pytest.raises(igflab.InputError):
        igflab.value_at(sds, centile=centile, age=45, sex="male")


def test_ranges_sds_at_an_age_is_value_at() -> None:
    run = run_cli("ranges", "--sds", "-2", "--age", "8", "--sex", "f", "--json")
    assert run.returncode == 0, run.stderr
    (row,) = json.loads(run.stdout)
    assert row["value_ng_per_ml"] == pytest.approx(igflab.value_at(-2, age=8, sex="female"))
    assert row["value_nmol_per_l"] == pytest.approx(row["value_ng_per_ml"] / 7.649)
    text = run_cli("ranges", "--centile", "3", "--age", "8", "--sex", "f").stdout
    assert f"{igflab.value_at(centile=3, age=8, sex='female'):.1f}" in text


def test_ranges_over_the_references_ages_for_both_sexes() -> None:
    run = run_cli("ranges", "--centile", "3", "--sex", "unknown", "--json")
    assert run.returncode == 0, run.stderr
    rows = json.loads(run.stdout)
    ref = igflab.get_reference(None)
    ages = sorted({r["age"] for r in rows})
    assert ages[0] == ref.age_min
    assert ages[-1] == ref.age_max
    assert {r["sex"] for r in rows} == {"male", "female"}
    for r in rows:
        assert r["value_ng_per_ml"] == pytest.approx(igflab.value_at(centile=3, age=r["age"], sex=r["sex"]))
    text = run_cli("ranges", "--centile", "3", "--sex", "unknown").stdout
    assert len(text.splitlines()) == len(ages) + 2  # the title, the header, a row per age


def test_ranges_refuse_a_reverse_look_up_on_limits_only() -> None:
    run = run_cli("ranges", "--sds", "-2", "--sex", "m", "--reference", "quest_lcms")
    assert "publishes only lower and upper limits" in one_error(run, "reference")
    assert "needs --age" in run_cli("ranges", "--sex", "m").stderr
    assert run_cli("ranges", "--sds", "-2", "--centile", "3", "--age", "8", "--sex", "m").returncode == 2


def test_ranges_use_the_analytes_molar_mass() -> None:
    # Friedrich 2014 IGFBP-3 (IDS-iSYS), male 45 years: converted with IGFBP-3's 28,700 g/mol, not IGF-1's.
    run = run_cli("ranges", "--age", "45", "--sex", "m", "--analyte", "igfbp3", "--json")
    assert run.returncode == 0, run.stderr
    (row,) = json.loads(run.stdout)
    assert row["reference"] == IGFBP3.default_reference
    assert row["lower_nmol_per_l"] == pytest.approx(row["lower_ng_per_ml"] / 28.7)
    assert row["upper_nmol_per_l"] == pytest.approx(row["upper_ng_per_ml"] / 28.7)
    igf1 = json.loads(run_cli("ranges", "--age", "45", "--sex", "m", "--json").stdout)[0]
    assert igf1["upper_nmol_per_l"] == pytest.approx(igf1["upper_ng_per_ml"] / 7.649)
