"""Series invariants: each result is interpret() alone, the changes are plain arithmetic with the RCV
rule, the input order changes nothing, and the column path equals the series of each person."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import igflab
from igflab.science.rcv import rcv_limits, z_for
from tests.strategies import series_results, series_sexes

UP, DOWN = rcv_limits(0.15, 0.05, z=z_for(0.95, False))


def _expected_flag(a: float, b: float, same_time: bool) -> str | None:
    if same_time:
        return None
    rel = b / a - 1
    return "U" if rel > UP else "D" if rel < DOWN else None


@settings(max_examples=60, deadline=None)
@given(series_results, series_sexes)
def test_series_is_each_result_alone_plus_change_arithmetic(rows: list[tuple[float, float]], sex: str) -> None:
    s = igflab.interpret_series([(v, "ng/mL", a) for v, a in rows], sex=sex)
    ordered = sorted(rows, key=lambda r: (r[1], r[0]))
    assert [(r.interpretation.value.ng_per_ml, r.age) for r in s.results] == ordered
    for r, (v, a) in zip(s.results, ordered, strict=True):
        assert r.interpretation == igflab.interpret(v, "ng/mL", age=a, sex=sex)
        assert r.x_uln == v / r.interpretation.reference.upper_ng_per_ml
    assert len(s.changes) == len(rows) - 1
    for k, c in enumerate(s.changes):
        (a, age_a), (b, age_b) = ordered[k], ordered[k + 1]
        assert c.delta_ng_per_ml == b - a
        assert math.isclose(c.percent, (b / a - 1) * 100, rel_tol=1e-12, abs_tol=1e-9)
        assert math.isclose(c.years, age_b - age_a, abs_tol=1e-12)
        assert c.flag == _expected_flag(a, b, age_a == age_b)
        sa, sb = s.results[k].sds, s.results[k + 1].sds
        assert c.delta_sds == (None if sa is None or sb is None else sb - sa)
    if len(rows) > 1:
        assert s.overall is not None
        assert s.overall.delta_ng_per_ml == ordered[-1][0] - ordered[0][0]


@settings(max_examples=40, deadline=None)
@given(series_results, series_sexes, st.randoms(use_true_random=False))
def test_shuffling_the_input_changes_nothing(rows: list[tuple[float, float]], sex: str, rnd: object) -> None:
    shuffled = list(rows)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    a = igflab.interpret_series([(v, "ng/mL", x) for v, x in rows], sex=sex)
    b = igflab.interpret_series([(v, "ng/mL", x) for v, x in shuffled], sex=sex)
    drop = {"unsorted_input"}  # the only difference: whether the input was in time order
    assert [w for w in a.warnings if w.code not in drop] == [w for w in b.warnings if w.code not in drop]
    assert a.model_copy(update={"warnings": ()}) == b.model_copy(update={"warnings": ()})


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), series_results), min_size=1, max_size=3, unique_by=lambda t: t[0]))
def test_columns_equal_the_series_of_each_person(people: list[tuple[str, list[tuple[float, float]]]]) -> None:
    pid, vals, ages, sexes = [], [], [], []
    for p, rows in people:
        for v, a in rows:
            pid.append(p)
            vals.append(v)
            ages.append(a)
            sexes.append("female" if p == "b" else "male")
    order = np.random.default_rng(len(pid)).permutation(len(pid))  # long form in any order
    cols = [[c[i] for i in order] for c in (pid, vals, ages, sexes)]
    sb = igflab.interpret_series_batch(cols[0], cols[1], "ng/mL", cols[3], ages=cols[2])
    for p, rows in people:
        s = igflab.interpret_series([(v, "ng/mL", a) for v, a in rows], sex="female" if p == "b" else "male")
        mine = [i for i in range(len(order)) if cols[0][i] == p]
        by_seq = sorted(mine, key=lambda i: sb.sequence[i])
        assert [float(sb.batch.ng_per_ml[i]) for i in by_seq] == [r.interpretation.value.ng_per_ml for r in s.results]
        assert sb.previous[by_seq[0]] == -1
        assert math.isnan(sb.change_percent[by_seq[0]])
        for k, c in enumerate(s.changes):
            i = by_seq[k + 1]
            assert sb.previous[i] == by_seq[k]
            assert sb.change_flag[i] == c.flag
            assert math.isclose(sb.change_percent[i], c.percent, rel_tol=1e-12, abs_tol=1e-9)
            assert (math.isnan(sb.significant[i]) and c.significant is None) or sb.significant[i] == c.significant
            assert math.isclose(sb.x_uln[i], s.results[k + 1].x_uln, rel_tol=1e-12)
