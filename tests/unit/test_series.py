"""interpret_series(): each result alone, the changes, honest comparisons and the monitoring contexts."""

from __future__ import annotations

import json

import pytest

import igflab
from igflab.cli.series_render import render_series
from igflab.errors import AgeError, ContextError, InputError
from igflab.science.rcv import rcv_limits, z_for
from tests.support import ROOT

ACRO = json.loads((ROOT / "examples/series/acromegaly.json").read_text(encoding="utf-8"))
CHILD = json.loads((ROOT / "examples/series/gh_therapy_child.json").read_text(encoding="utf-8"))
UP, DOWN = rcv_limits(0.15, 0.05, z=z_for(0.95, False))


def _series(**kw: object) -> igflab.SeriesInterpretation:
    req = {**ACRO, **kw}
    return igflab.interpret_series(
        req.pop("results"), sex=req.pop("sex"), birth_date=req.pop("birth_date"), context=req.pop("context")
    )


def test_acromegaly_treatment_series_from_2_1_to_0_9_x_uln() -> None:
    s = _series()
    assert [round(r.x_uln, 1) for r in s.results] == [2.1, 1.6, 1.2, 0.9]
    assert [r.collected for r in s.results] == ["2025-01-15", "2025-07-15", "2026-01-15", "2026-07-15"]
    for r, item in zip(s.results, ACRO["results"], strict=True):
        alone = igflab.interpret(
            item["value"], "ng/mL", sex="male", birth_date="1978-04-02", collected=item["collected"]
        )
        assert r.interpretation == alone
        assert r.x_uln == alone.value.ng_per_ml / alone.reference.upper_ng_per_ml
    assert [c.flag for c in s.changes] == [None, None, None]  # each step (-24 to -26 %) is within -35.3 %
    assert s.overall is not None
    assert s.overall.flag == "D"
    assert s.overall.significant
    assert s.overall.percent == pytest.approx((185 / 440 - 1) * 100)
    assert s.overall.days == 546
    (m,) = s.monitoring
    assert m.context == "acromegaly-treatment"
    assert m.latest_within_upper_limit is True
    assert m.latest_x_uln == pytest.approx(s.results[-1].x_uln)
    assert set(m.note.citations) == {"giustina2024", "fleseriu2021"}
    assert "1.2-1.3 x ULN" in m.note.text
    assert "same validated assay" in m.note.text
    assert "2.1 to 0.9 x ULN" in s.summary
    assert {c.id for c in s.citations} >= {"harris1983", "fokkema2006", "nguyen2008", "giustina2024"}
    assert s.guidance.endswith("such as your doctor or an endocrinologist.")
    assert str(s) == s.summary
    assert "0.90 x ULN" in render_series(s)  # the monitoring note, in the command line's table


def test_latest_above_the_upper_limit_is_said_so() -> None:
    results = [*ACRO["results"][:3]]
    s = _series(results=results)
    assert s.monitoring[0].latest_within_upper_limit is False
    assert "above the upper limit" in s.monitoring[0].note.text


def test_child_gh_therapy_series_speaks_of_the_child() -> None:
    s = igflab.interpret_series(
        CHILD["results"], sex=CHILD["sex"], birth_date=CHILD["birth_date"], context=CHILD["context"]
    )
    assert not s.results[-1].interpretation.adult
    (m,) = s.monitoring
    assert m.context == "gh-therapy"
    assert m.latest_sds_band == "within"
    assert m.latest_sds == s.results[-1].sds == s.results[-1].interpretation.sds
    assert m.note.citations == ("grimberg2016",)
    assert "the child's treating team" in m.note.text  # one voice (finding 20), never "your doctors"
    assert "SDS" not in m.note.text
    assert "centile" not in m.note.text
    assert [c.flag for c in s.changes] == ["U", None, None]
    assert s.changes[0].delta_sds == pytest.approx(s.results[1].sds - s.results[0].sds)  # type: ignore[operator]
    assert all(r.interpretation.context == ("gh-therapy",) for r in s.results)
    assert "child's doctor" in s.guidance
    assert s.guidance.endswith("a paediatric endocrinologist.")


def test_a_childs_acromegaly_series_quotes_no_adult_threshold() -> None:
    s = igflab.interpret_series([(700, "ng/mL", 14.0), (520, "ng/mL", 14.5)], sex="m", context="acromegaly-treatment")
    (m,) = s.monitoring
    assert m.note.citations == ("clemmons2011",)
    text = " ".join([m.note.text, s.summary, s.guidance])
    assert "1.2-1.3" not in text
    assert "1.3 times" not in text
    assert "consensus" not in text
    assert "giustina2024" not in {c.id for c in s.citations}
    assert "puberty" in m.note.text


def test_adult_gh_therapy_reads_the_sds_against_minus_two_to_plus_two() -> None:
    s = igflab.interpret_series([(60, "ng/mL", 40), (310, "ng/mL", 40.5)], sex="female", context="gh-therapy")
    (m,) = s.monitoring
    assert m.latest_sds is not None
    assert m.latest_sds > 2
    assert m.latest_sds_band == "above"
    assert "-2 to +2 SDS" in m.note.text
    assert "above that interval" in m.note.text


def test_a_change_just_inside_and_just_outside_the_rcv_flips_u_and_d() -> None:
    def flag(b: float) -> str | None:
        return igflab.interpret_series([(100, "ng/mL", 45), (b, "ng/mL", 46)], sex="m").changes[0].flag

    assert flag(100 * (1 + UP) * 0.999) is None
    assert flag(100 * (1 + UP) * 1.001) == "U"
    assert flag(100 * (1 + DOWN) * 1.001) is None
    assert flag(100 * (1 + DOWN) * 0.999) == "D"


def test_cvs_given_per_call_and_per_assay_change_the_limits() -> None:
    base = [(100, "ng/mL", 45), (140, "ng/mL", 46)]
    assert igflab.interpret_series(base, sex="m").changes[0].flag is None
    tight = igflab.interpret_series(base, sex="m", cv_within=0.08, cv_analytical=0.03)
    assert tight.changes[0].flag == "U"
    assert tight.rule.within_person.uncertain is False
    assert tight.rule.within_person.source == "given by the caller"
    up, _ = rcv_limits(0.08, 0.03, z=1.959963984540054)
    assert tight.rule.rise_percent == pytest.approx(up * 100)
    per_assay = igflab.interpret_series(
        [
            {"value": 100, "unit": "ng/mL", "age": 45, "assay": "idsisys"},
            {"value": 140, "unit": "ng/mL", "age": 46, "assay": "idsisys"},
        ],
        sex="m",
        cv_within=0.08,
        assay_cvs={"IDSISYS": 0.2},
    )
    assert per_assay.changes[0].flag is None
    assert per_assay.rule.assay_cvs == {"idsisys": 0.2}
    one = igflab.interpret_series(base, sex="m", one_sided=True)
    assert one.rule.rise_percent < igflab.interpret_series(base, sex="m").rule.rise_percent


def test_different_assays_get_no_verdict_unless_each_has_its_lab_range() -> None:
    s = igflab.interpret_series(
        [
            {"value": 100, "unit": "ng/mL", "age": 45},
            {"value": 400, "unit": "ng/mL", "age": 46, "reference": "quest_lcms"},
        ],
        sex="m",
    )
    c = s.changes[0]
    assert c.compared_as == "none"
    assert c.significant is None
    assert c.flag is None
    assert "different_methods" in {w.code for w in s.warnings}
    assert any(n.kind == "assay" for n in s.notes)
    labs = igflab.interpret_series(
        [
            {"value": 100, "unit": "ng/mL", "age": 45, "lab_range": "60-200"},
            {"value": 400, "unit": "ng/mL", "age": 46, "reference": "quest_lcms", "lab_range": "50-250"},
        ],
        sex="m",
    )
    c = labs.changes[0]
    assert c.compared_as == "x_uln"
    assert c.flag == "U"
    assert labs.results[0].x_uln == pytest.approx(0.5)
    assert labs.results[1].x_uln == pytest.approx(1.6)


def test_each_result_uses_its_own_lab_range() -> None:
    s = igflab.interpret_series(
        [
            {"value": 150, "unit": "ng/mL", "age": 45, "lab_range": "50-300"},
            {"value": 150, "unit": "ng/mL", "age": 46, "lab_range": "60-200"},
        ],
        sex="f",
    )
    assert [r.upper_ng_per_ml for r in s.results] == [300, 200]
    assert s.changes[0].delta_x_uln == pytest.approx(0.25)
    assert s.changes[0].compared_as == "value"
    assert s.changes[0].flag is None


def test_same_day_duplicates_unsorted_input_and_mixed_units_are_reported() -> None:
    s = igflab.interpret_series(
        [
            {"value": 19.6, "unit": "nmol/L", "collected": "2026-03-02"},
            {"value": 150, "unit": "ng/mL", "collected": "2025-03-02"},
            {"value": 300, "unit": "ng/mL", "collected": "2026-03-02"},
        ],
        sex="f",
        birth_date="1981-03-02",
    )
    codes = {w.code for w in s.warnings}
    assert {"unsorted_input", "same_day", "mixed_units"} <= codes
    assert [r.collected for r in s.results] == ["2025-03-02", "2026-03-02", "2026-03-02"]
    same = s.changes[1]
    assert same.days == 0
    assert same.significant is None
    assert same.flag is None
    first = s.changes[0]
    assert first.delta_ng_per_ml == pytest.approx(s.results[1].interpretation.value.ng_per_ml - 150)


def test_a_date_before_birth_is_an_error_naming_the_result() -> None:
    with pytest.raises(AgeError) as e:
        igflab.interpret_series(
            [
                {"value": 150, "unit": "ng/mL", "collected": "2020-01-01"},
                {"value": 150, "unit": "ng/mL", "collected": "1970-01-01"},
            ],
            sex="m",
            birth_date="1980-01-01",
            ages=None,
        )
    assert e.value.field == "results[1].collected"
    assert "before the birth date" in e.value.message


def test_censored_values_get_no_verdict() -> None:
    s = igflab.interpret_series([("<25", "ng/mL", 60), (140, "ng/mL", 61)], sex="m")
    assert s.changes[0].significant is None
    assert "censored_change" in {w.code for w in s.warnings}


def test_ages_given_beside_the_results() -> None:
    s = igflab.interpret_series(
        [{"value": 150, "unit": "ng/mL"}, {"value": 120, "unit": "ng/mL"}], sex="m", ages=[50, 49]
    )
    assert [r.age for r in s.results] == [49, 50]
    with pytest.raises(InputError, match="ages has 1"):
        igflab.interpret_series([{"value": 150, "unit": "ng/mL"}, {"value": 120, "unit": "ng/mL"}], sex="m", ages=[50])


@pytest.mark.parametrize(
    ("results", "kw", "error", "field"),
    [
        ([], {}, InputError, "results"),
        ([42], {}, InputError, "results[0]"),
        ([{"value": 150, "unit": "ng/mL"}], {}, InputError, "results[0].collected"),
        ([{"value": 150, "unit": "ng/mL", "collected": "2020-01-01"}], {}, InputError, "birth_date"),
        ([{"value": 150, "unit": "ng/mL", "age": 45, "colour": "red"}], {}, InputError, "results[0]"),
        ([(150, "furlongs", 45)], {}, igflab.UnitError, "results[0].unit"),
        ([(150, "ng/mL", 45)], {"context": "acromegaly,space-travel"}, ContextError, "context"),
        ([(150, "ng/mL", 45)], {"cv_within": 15}, InputError, "cv_within"),
        ([(150, "ng/mL", 45)], {"assay_cvs": {"idsisys": 5}}, InputError, "assay_cvs['idsisys']"),
    ],
)
def test_bad_input_is_a_typed_error(results: list[object], kw: dict[str, object], error: type, field: str) -> None:
    with pytest.raises(error) as e:
        igflab.interpret_series(results, sex="m", **kw)  # type: ignore[arg-type]
    assert e.value.field == field


def test_one_result_has_nothing_to_compare() -> None:
    s = igflab.interpret_series([(150, "ng/mL", 45)], sex="m")
    assert s.changes == ()
    assert s.overall is None
    assert s.summary.startswith("One result")
