"""The BCCG/BCPE references (reference_ranges/panel/): knots against the source they were read
from, and SDS, centiles and limits against the gamlss formulas (tests/gamlss_reference.py)."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest
from scipy import stats

from igflab.backend import numpy_backend
from igflab.errors import OutOfReferenceError, UnknownReferenceError
from igflab.science import lms
from igflab.science.references import get_reference, list_references
from tests import gamlss_reference as gref
from tests.support import FIXTURES, ROOT

XP = numpy_backend()
PANEL = sorted(p.stem for p in (ROOT / "reference_ranges" / "panel").glob("*.json"))
COMMIT = "1be6bd4af1cbe30bb90ea56103d7a7c329705f4a"


def raw(ref_id: str) -> dict[str, object]:
    data: dict[str, object] = json.loads((ROOT / "reference_ranges" / "panel" / f"{ref_id}.json").read_text("utf-8"))
    return data


def test_six_panel_references_ship() -> None:
    assert PANEL == [
        "friedrich2014_igfbp3_idsisys",
        "friedrich2014_ratio_idsisys",
        "life2022_igf1",
        "life2022_igf1_incl_cc",
        "life2022_igfbp3",
        "life2022_igfbp3_incl_cc",
    ]
    assert sorted(r.id for r in [r for r in list_references(None) if r.distribution in ("BCCG", "BCPE")]) == PANEL


@pytest.mark.parametrize("ref_id", PANEL)
def test_provenance_is_complete(ref_id: str) -> None:
    d = get_reference(ref_id).data
    assert d.citation.doi in {"10.1210/jc.2013-3060", "10.1210/clinem/dgac157"}
    assert COMMIT in d.transcribed_from
    assert "childsds" in d.transcribed_from
    assert any("GPL-3" in c and "published research data" in c for c in d.caveats)
    assert d.distribution == ("BCPE" if ref_id.startswith("life") else "BCCG")
    assert d.assay
    assert d.population


def test_life_contraceptive_tables_are_labelled() -> None:
    flags = {
        r.id: r.data.includes_contraceptive_users
        for r in [r for r in list_references(None) if r.distribution in ("BCCG", "BCPE")]
        if r.id.startswith("life")
    }
    assert flags == {
        "life2022_igf1": False,
        "life2022_igf1_incl_cc": True,
        "life2022_igfbp3": False,
        "life2022_igfbp3_incl_cc": True,
    }


def test_first_rows_match_the_research_notes() -> None:
    """clinical.md section 9 quotes the first rows as read from childsds (commit above)."""
    bp3 = get_reference("friedrich2014_igfbp3_idsisys").params_at(0.0, False)
    assert bp3 == pytest.approx((2072.6077, 0.2558, 0.719))
    ratio = get_reference("friedrich2014_ratio_idsisys").params_at(0.0, False)
    assert ratio == pytest.approx((9.7254, 0.4194, 0.4072))
    life = get_reference("life2022_igf1").params_at(1 / 6, False)
    assert life == pytest.approx((40.27, 0.4334, 0.3839, 1.9157), abs=5e-5 * 100)
    assert life[1:] == pytest.approx((0.4334, 0.3839, 1.9157), abs=5e-5)


def _clinical_rows() -> list[dict[str, str]]:
    with (FIXTURES / "life2022_igf1_clinical_notes.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def test_life_igf1_knots_and_centiles_match_clinical_notes_table_2_3a() -> None:
    """Table 2.3a of the research notes (clinical.md section 2.3): 35 ages x 2 sexes, rounded as printed."""
    ref = get_reference("life2022_igf1")
    rows = _clinical_rows()
    assert len(rows) == 68
    for row in rows:
        female = row["sex"] == "F"
        sex_rows = ref.data.rows["female" if female else "male"]
        knot = min(sex_rows, key=lambda r: abs(r.age - float(row["age"])))  # the nearest monthly row
        p = ref.params_at(knot.age, female)
        assert p[0] == pytest.approx(float(row["mu"]), abs=0.005 + 1e-9), row
        assert p[1:] == pytest.approx([float(row[k]) for k in ("sigma", "nu", "tau")], abs=5e-5 + 1e-12), row
        b = ref.bounds(knot.age, female)
        lo, med, hi = b.lower, b.median, b.upper
        # whole ng/mL as printed; the notes ignore the truncation term, which moves these by up to 0.01 ng/mL
        assert (lo, med, hi) == pytest.approx([float(row[k]) for k in ("p2_5", "p50", "p97_5")], abs=0.51), row


@pytest.mark.parametrize("ref_id", PANEL)
@pytest.mark.parametrize("sex", ["male", "female"])
def test_sds_centile_and_limits_agree_with_the_gamlss_formulas(ref_id: str, sex: str) -> None:
    """>= 200 random ages per table and sex, to 1e-6 SDS."""
    ref = get_reference(ref_id)
    rng = np.random.default_rng(sum(map(ord, ref_id + sex)))
    ages = rng.uniform(ref.age_min, ref.age_max, 250)
    rows = [r.model_dump() for r in ref.data.rows[sex]]
    female = np.full(ages.shape, sex == "female")
    if ref.family == "BCPE":
        mu, sigma, nu, tau = gref.params_at(rows, ("mu", "sigma", "nu", "tau"), ages)

        def p_of(y: np.ndarray) -> np.ndarray:
            return np.asarray(gref.p_bcpe(y, mu, sigma, nu, tau))

        def q_of(p: float) -> np.ndarray:
            return np.asarray(gref.q_bcpe(p, mu, sigma, nu, tau))
    else:
        mu, sigma, nu = gref.params_at(rows, ("M", "S", "L"), ages)

        def p_of(y: np.ndarray) -> np.ndarray:
            return np.asarray(gref.p_bccg(y, mu, sigma, nu))

        def q_of(p: float) -> np.ndarray:
            return np.asarray(gref.q_bccg(p, mu, sigma, nu))

    values = mu * np.exp(rng.normal(0, 1.5 * sigma))
    p = p_of(values)
    ok = (p > 1e-7) & (p < 1 - 1e-7)  # where the plain formula keeps 1e-6 SDS in both tails
    assert ok.sum() >= 200
    np.testing.assert_allclose(ref.sds(values, ages, female, XP)[ok], stats.norm.ppf(p[ok]), atol=1e-6)
    np.testing.assert_allclose(ref.centile(values, ages, female, XP), 100 * p, atol=1e-6)
    b = ref.bounds(ages, female, XP)
    lower, median, upper = b.lower, b.median, b.upper
    np.testing.assert_allclose(lower, q_of(0.025), rtol=1e-9)
    np.testing.assert_allclose(upper, q_of(0.975), rtol=1e-9)
    np.testing.assert_allclose(stats.norm.ppf(p_of(lower)), -lms.Z_975, atol=1e-6)
    np.testing.assert_allclose(stats.norm.ppf(p_of(upper)), lms.Z_975, atol=1e-6)
    np.testing.assert_allclose(p_of(median), 0.5, atol=1e-9)
    for i in range(0, 250, 25):  # one value gives what the column gives
        assert ref.sds(float(values[i]), float(ages[i]), sex == "female") == pytest.approx(
            ref.sds(values[i : i + 1], ages[i : i + 1], female[i : i + 1], XP)[0], abs=1e-12
        )


def test_ages_outside_the_table_are_refused_or_nan() -> None:
    ref = get_reference("life2022_igf1")
    with pytest.raises(OutOfReferenceError, match=r"0\.166667-80"):
        ref.sds(50.0, 0.1, False)
    out = ref.sds(np.array([50.0, 50.0]), np.array([0.1, 1.0]), np.array([False, True]), XP)
    assert np.isnan(out[0])
    assert np.isfinite(out[1])
    with pytest.raises(UnknownReferenceError):
        get_reference("nope")


def test_the_female_life_igf1_table_jumps_at_14_years_as_the_source_does() -> None:
    ref = get_reference("life2022_igf1")
    before, at = ref.params_at(13.99, True), ref.params_at(14.0, True)
    assert before[2] == pytest.approx(0.7556, abs=0.02)  # child model's nu
    assert at[2] == pytest.approx(0.9474, abs=1e-4)  # adult model's nu (clinical.md Table 2.3a)
