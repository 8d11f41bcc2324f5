"""The findings of the clinical review ("safe for every age"), each pinned: children's wording, the
adult consensus, lab ranges in the wrong unit, the unit mix-up for small children, the cancer caution,
the catalog, centile wording, the adult mid-range and the LMS floor.

Figures come from the Bidlingmaier 2014 (IDS-iSYS) reference shipped in reference_ranges/, and
from Isojima 2012 where the LMS floor is concerned.
"""

from __future__ import annotations

import io

import numpy as np
import pytest

import igflab
from igflab.io.csv import interpret_csv
from igflab.text.citations import catalog
from igflab.text.format import centile_text
from tests.support import run_cli


def _kinds(r: igflab.Interpretation) -> set[str]:
    return {n.kind for n in r.notes}


def _cited(r: igflab.Interpretation) -> set[str]:
    return {c for n in r.notes for c in n.citations}


# 1. A low result in a child: notes for a child, from primary sources.
@pytest.mark.parametrize(("age", "sex"), [(2, "female"), (15, "male")])
def test_a_childs_low_result_has_no_adult_lifestyle_text(age: float, sex: str) -> None:
    r = igflab.interpret(15 if age == 2 else 90, "ng/mL", age=age, sex=sex)
    assert r.zone is igflab.Zone.BELOW_REFERENCE
    assert not _kinds(r) & {"lifestyle", "caution", "u_curve"}
    assert not [c for c in _cited(r) if c.startswith("seed-") or catalog()[c].kind == "secondary"]
    zone_note = next(n for n in r.notes if n.kind == "zone")
    assert "puberty and nutrition" in zone_note.text
    assert {"grimberg2016", "ibba2020", "kouanda2009"} <= set(zone_note.citations)
    assert "children's hormone specialist" in r.guidance


def test_an_adults_low_result_names_common_causes_not_lifestyle() -> None:
    """Clinical review 2026-12, finding 10: no "raise IGF-1" lifestyle or caution notes, no popular articles;
    the cited sentence on common causes of a low IGF-1 stays in the zone note."""
    r = igflab.interpret(40, "ng/mL", age=45, sex="male")
    assert "u_curve" in _kinds(r)
    assert not _kinds(r) & {"lifestyle", "caution"}
    assert not [c for c in _cited(r) if c.startswith("seed-")]
    zone_note = next(n for n in r.notes if n.kind == "zone")
    assert "undernutrition" in zone_note.text
    assert {"aversa2024", "hoerenz2022"} <= set(zone_note.citations)


# 2. An adolescent at 800 ng/mL: no adult consensus; adults: attributed, no verdict.
def test_an_adolescent_far_above_the_reference_gets_no_adult_consensus() -> None:
    r = igflab.interpret(800, "ng/mL", age=15, sex="male")
    assert r.reference.upper_ng_per_ml * 1.3 < 800  # far above: an adult would be well_above_reference
    assert r.zone is igflab.Zone.ABOVE_REFERENCE
    assert r.flag is igflab.Flag.H
    text = " ".join(n.text for n in r.notes)
    assert "1.3 times" not in text
    assert "giustina2024" not in next(n.citations for n in r.notes if n.kind == "zone")
    # SDS above +3: the children's far-above tier (finding 12), not the puberty explanation
    assert "far above" in next(n.text for n in r.notes if n.kind == "zone")
    batch = igflab.interpret_batch([800], ["ng/mL"], [15], ["male"])
    assert batch.to_dicts()[0]["zone"] == "above_reference"


def test_the_adult_consensus_is_attributed_without_a_verdict() -> None:
    r = igflab.interpret(600, "ng/mL", age=45, sex="male")
    assert r.zone is igflab.Zone.WELL_ABOVE_REFERENCE
    note = next(n for n in r.notes if n.kind == "zone")
    assert "consensus uses" in note.text
    assert "typical features" in note.text
    assert "confirm" not in note.text.lower()


# 3. A child's result in range is not called reassuring.
@pytest.mark.parametrize("age", [2, 8, 12, 17])
def test_a_childs_result_in_range_is_not_reassured(age: float) -> None:
    first = igflab.interpret("150 ng/mL", age=age, sex="female")
    middle = (first.reference.lower_ng_per_ml * first.reference.upper_ng_per_ml) ** 0.5
    r = igflab.interpret(middle, "ng/mL", age=age, sex="female")
    assert r.zone is igflab.Zone.MIDDLE_THIRD  # the geometric middle of the limits
    assert "needs no action" not in r.guidance
    assert "does not rule out a growth problem" in r.guidance
    assert "does not rule out growth-hormone deficiency" in next(n.text for n in r.notes if n.kind == "zone")


def test_an_adults_result_in_range_keeps_its_guidance() -> None:
    assert "needs no action on its own" in igflab.interpret(150, "ng/mL", age=45, sex="male").guidance


# 4. A lab range printed in the other unit is a warning in every path.
LAB_CASES = [
    # 12 nmol/L with a range printed in ng/mL (read as 535-1759 ng/mL)
    (12, "nmol/L", 62, "male", (70, 230), "lab_range_unit_mixup"),
    # 180 ng/mL with a range printed in nmol/L (11.5-32 nmol/L = 88-245 ng/mL)
    (180, "ng/mL", 45, "female", (11.5, 32), "lab_range_unit_mixup"),
    # a range near no published reference in either unit
    (150, "ng/mL", 45, "male", (2000, 5000), "lab_range_implausible"),
    # 9-28 (nmol/L) read as ng/mL for a woman of 60: it would have made 150 ng/mL "well above" (HU)
    (150, "ng/mL", 60, "female", (9, 28), "lab_range_unit_mixup"),
]


@pytest.mark.parametrize(("value", "unit", "age", "sex", "lab", "code"), LAB_CASES)
def test_a_doubtful_lab_range_is_warned_everywhere(
    value: float, unit: str, age: float, sex: str, lab: tuple[float, float], code: str
) -> None:
    r = igflab.interpret(value, unit, age=age, sex=sex, lab_range=lab)
    assert [w.code for w in r.warnings] == [code]
    assert r.warnings[0].field == "lab_range"
    assert "does not let this range decide the zone" in r.warnings[0].message
    assert any("does not let it decide the zone" in n.text for n in r.notes if n.kind == "position")
    assert r.zone is igflab.Zone.INDETERMINATE  # a doubtful range decides nothing
    assert r.flag is igflab.Flag.IND
    assert "1.3 times" not in " ".join(n.text for n in r.notes)
    b = igflab.interpret_batch([value], [unit], [age], [sex], lab_ranges=[lab])
    assert b.warnings[0] == (code,)
    assert b.to_dicts()[0]["zone"] == "indeterminate"
    src = io.StringIO(f"value,unit,age,sex,lab_low,lab_high\n{value},{unit},{age},{sex},{lab[0]},{lab[1]}\n")
    out = io.StringIO()
    interpret_csv(src, out)
    assert out.getvalue().splitlines()[1].split(",")[-1 - _warnings_from_end()] == code


def _warnings_from_end() -> int:
    from igflab.core.batch_result import COLUMNS

    return len(COLUMNS) - 1 - COLUMNS.index("warnings")


def test_a_lab_range_in_its_own_unit_is_not_warned() -> None:
    r = igflab.interpret(150, "ng/mL", age=45, sex="male", lab_range=(70, 230))
    assert r.warnings == ()
    r = igflab.interpret(15, "nmol/L", age=45, sex="male", lab_range="9.2-30 nmol/L")
    assert r.warnings == ()


def test_the_cli_shows_the_lab_range_warning() -> None:
    run = run_cli("interpret", "12", "nmol/L", "--lab-range", "70-230", "--age", "62", "--sex", "male")
    assert run.returncode == 0
    assert "lab_range_unit_mixup" in run.stdout or "70-230 nmol/L is far from" in run.stdout


# 5. The unit mix-up: outside the interval as typed, inside it in the other unit (clinical review
# 2026-12, finding 4, replaced the rule "further outside than the interval is wide"). A true low
# value whose other reading is outside the interval too gets no warning.
def test_the_unit_mixup_spares_true_low_values() -> None:
    child = igflab.interpret(25, "ng/mL", age=2, sex="male")  # 25 nmol/L = 191 ng/mL: above 33.9-184 too
    assert child.zone is igflab.Zone.BELOW_REFERENCE
    assert "unit_mixup" not in [w.code for w in child.warnings]
    adult = igflab.interpret(40, "ng/mL", age=45, sex="male")  # 40 nmol/L = 306 ng/mL: above 71.7-212 too
    assert "unit_mixup" not in [w.code for w in adult.warnings]
    mixed = igflab.interpret(19.6, "ng/mL", age=45, sex="male")
    assert [w.code for w in mixed.warnings] == ["unit_mixup"]
    b = igflab.interpret_batch([25, 40, 15, 19.6], ["ng/mL"] * 4, [2, 45, 2, 45], ["male"] * 4)
    assert list(b.warnings) == [(), (), ("unit_mixup",), ("unit_mixup",)]


# 7. Catalog entries named in the review.
def test_the_weak_catalog_entries_are_gone_or_complete() -> None:
    cat = catalog()
    for gone in ("clinnutr2001", "myendoconsult", "labtests_co_in", "vanbunderen2010"):
        assert gone not in cat
    # Rosario 2010 is back, complete: the 20 % repeat bound of a series (clinical review finding 5).
    assert cat["rosario2010"].title.startswith("Normal values of serum IGF-1 in adults")
    # read on SciELO (the article's page, pid S0004-27302010000500008); its DOI was not confirmed, so none is given
    assert cat["rosario2010"].url == "http://www.scielo.br/scielo.php?script=sci_arttext&pid=S0004-27302010000500008"
    # Nguyen 2008 is cited again: the within-person CV behind the reference change value of a series.
    assert cat["nguyen2008"].doi == "10.1373/clinchem.2008.105726"
    assert cat["nguyen2008"].pmid == "18567697"
    assert cat["chanson2016"].doi == "10.1210/jc.2016-1257"
    assert not cat["chanson2016"].title.startswith("[")


# 8. Centiles as people say them; no rounded figure contradicting its sentence.
def test_a_result_below_a_limit_reads_as_a_bound() -> None:
    r = igflab.interpret("<25 ng/mL", age=60, sex="male")
    assert r.centile is not None
    assert r.centile < 1
    summary = str(r)
    assert "below the 1st centile" in summary
    assert "SDS at most" in summary
    assert "0.0" not in summary
    position, censored = r.notes[0].text, next(n.text for n in r.notes if n.kind == "method" and "reported" in n.text)
    assert position.startswith("<25 ng/mL")
    assert "below the 1st centile" in position
    assert "above the reference" not in censored
    assert "at most" in censored


def test_ordinals_and_extremes() -> None:
    assert [centile_text(c) for c in (0.2, 1.4, 2.4, 3.1, 21.0, 99.6)] == [
        "below the 1st centile",
        "at the 1st centile",
        "at the 2nd centile",
        "at the 3rd centile",
        "at the 21st centile",
        "above the 99th centile",
    ]


def test_an_extreme_result_reads_consistently() -> None:
    r = igflab.interpret(1100, "ng/mL", age=45, sex="male")
    assert r.sds is not None
    assert r.sds > 5
    run = run_cli("interpret", "1100", "ng/mL", "--age", "45", "--sex", "male")
    assert "centile 100.0" not in run.stdout
    assert "above the 99th centile" in run.stdout
    (extreme,) = [w for w in r.warnings if w.code == "extreme_sds"]
    shown = float(extreme.message.split()[1])
    assert shown > 5  # "SDS +5.0 ... is beyond +5" cannot happen


# 9. The adult band is context, never a target and never the zone.
def test_the_adult_band_note_says_it_is_not_age_specific() -> None:
    r = igflab.interpret(95, "ng/mL", age=85, sex="female")
    assert r.zone is igflab.Zone.MIDDLE_THIRD
    assert r.adult_band == "below"
    zone = next(n.text for n in r.notes if n.kind == "u_curve")
    assert "not adjusted for age" in zone
    assert "not a target" in zone
    assert "many healthy older people sit below it" in zone


# 10. The LMS floor: -1/(L*S) with L > 0 (Isojima 2012, boys at birth: -2.90).
def test_the_sds_floor_is_warned() -> None:
    r = igflab.interpret(3, "ng/mL", age=0, sex="male", reference="isojima2012_japan")
    assert r.sds is not None
    assert -2.91 < r.sds < -1.96
    codes = [w.code for w in r.warnings]
    assert "sds_floor" in codes
    assert "-2.90" in next(w.message for w in r.warnings if w.code == "sds_floor")
    b = igflab.interpret_batch([3, 60], ["ng/mL"] * 2, [0, 0], ["male"] * 2, reference="isojima2012_japan")
    assert "sds_floor" in b.warnings[0]
    assert "sds_floor" not in b.warnings[1]
    assert np.isfinite(b.sds[0])
    assert "sds_floor" not in [w.code for w in igflab.interpret(3, "ng/mL", age=45, sex="male").warnings]
