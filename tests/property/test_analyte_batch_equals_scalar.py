"""interpret_analyte_batch() equals interpret_analyte() row by row, errors included, on every panel table."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import igflab
from igflab.core.analyte_batch import interpret_analyte_batch
from igflab.core.panel import interpret_analyte
from tests.strategies import IGFBP3_ROW

CHOICES = [
    ("igfbp3", None, None),
    ("igfbp3", "life2022", None),
    ("igfbp3", "life2022", ["oral-contraceptive"]),
    ("igf1", "life2022", None),
    ("igf1", "life2022", ["pill"]),
]


def _scalar(value: Any, unit: Any, **kw: Any) -> igflab.AnalyteResult | igflab.IgflabError:
    try:
        return interpret_analyte(value, unit, **kw)
    except igflab.IgflabError as exc:
        return exc


def _same(a: float | None, b: float) -> bool:
    return a is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@given(st.lists(IGFBP3_ROW, min_size=1, max_size=8), st.sampled_from(CHOICES))
def test_every_row_equals_the_scalar_result(rows: list[tuple[Any, ...]], choice: tuple[Any, ...]) -> None:
    analyte, reference, context = choice
    values, units, ages, sexes = (list(c) for c in zip(*rows, strict=True))
    if len(set(map(str, units))) == 1:
        units = units[0]  # one unit for all rows, as a caller may pass it
    batch = interpret_analyte_batch(values, units, ages, sexes, analyte=analyte, reference=reference, context=context)
    assert len(batch) == len(rows)  # no row dropped
    for i, (v, u, a, s) in enumerate(rows):
        r = _scalar(v, u, analyte=analyte, age=a, sex=s, reference=reference, context=context)
        if isinstance(r, igflab.IgflabError):
            got = batch.errors.get(i)
            assert got is not None, (i, r)
            assert (type(got), str(got)) == (type(r), str(r)), i
            assert batch.zone(i) is None
            continue
        assert i not in batch.errors, batch.errors.get(i)
        assert batch.reference_id == r.reference_id
        assert _same(r.sds, float(batch.sds[i]))
        assert _same(r.centile, float(batch.centile[i]))
        assert _same(r.lower_ng_per_ml, float(batch.lower_ng_per_ml[i]))
        assert _same(r.upper_ng_per_ml, float(batch.upper_ng_per_ml[i]))
        assert batch.zone(i) is r.zone
        assert bool(batch.extreme_sds[i]) == any(w.code == "extreme_sds" for w in r.warnings)
