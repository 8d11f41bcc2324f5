"""For every analyte of the registry and every one of its references: interpret_batch() row i equals
interpret() of row i, warnings, errors and the contraceptive tables included."""

from __future__ import annotations

import csv
import io
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import igflab
from igflab.analytes import ANALYTES
from igflab.io.csv import interpret_csv
from tests.strategies import panel_ages, panel_igf1, panel_igfbp3
from tests.support import assert_row_matches

VALUES = {"igf1": panel_igf1, "igfbp3": panel_igfbp3}
SEXES = st.sampled_from(["male", "female", "F", "unknown", "alien", ""])
CASES = [
    (key, ref.id, context)
    for key in ANALYTES
    for ref in igflab.list_references(key)
    for context in (None, ["combined-contraceptive"], ["pregnancy"], ["gh-therapy", "estrogen-replacement"])
]


def test_every_registered_analyte_and_reference_is_covered() -> None:
    assert set(VALUES) == set(ANALYTES)
    covered = {(a, r) for a, r, _ in CASES}
    assert ("igf1", "life2022_igf1") in covered  # LIFE IGF-1, one result at a time too
    assert ("igfbp3", "friedrich2014_igfbp3_idsisys") in covered


@pytest.mark.parametrize(("analyte", "reference", "context"), CASES)
@settings(max_examples=20)  # 24 cases of analyte, reference and context: the budget spread over them
@given(data=st.data())
def test_every_row_equals_the_scalar_result(
    analyte: str, reference: str, context: list[str] | None, data: st.DataObject
) -> None:
    rows = data.draw(st.lists(st.tuples(VALUES[analyte], panel_ages, SEXES), min_size=9, max_size=20))
    values, ages, sexes = (list(c) for c in zip(*rows, strict=True))
    res = igflab.interpret_batch(values, None, ages, sexes, reference=reference, analyte=analyte, context=context)
    assert len(res) == len(rows)  # no row dropped
    for i, (v, a, s) in enumerate(rows):
        assert_row_matches(res, i, (v, None, a, s, None), reference, analyte=analyte, context=context)


FRAME_CASES = [(key, ref.id) for key in ANALYTES for ref in igflab.list_references(key)]


@pytest.mark.parametrize(("analyte", "reference"), FRAME_CASES)
@settings(max_examples=10)
@given(data=st.data())
def test_frames_and_files_equal_the_batch_for_every_analyte(analyte: str, reference: str, data: st.DataObject) -> None:
    """pandas, Polars and Arrow frames, and the CSV file path, give the batch's rows for every analyte and reference."""
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    pa = pytest.importorskip("pyarrow")
    rows = data.draw(st.lists(st.tuples(VALUES[analyte], panel_ages, SEXES), min_size=1, max_size=12))
    cols = {"value": [str(v) for v, _, _ in rows], "age": [str(a) for _, a, _ in rows], "sex": [s for *_, s in rows]}
    want = igflab.interpret_batch(cols["value"], None, cols["age"], cols["sex"], reference=reference, analyte=analyte)
    frames = {
        "pandas": igflab.interpret_frame(pd.DataFrame(cols, dtype=object), reference=reference, analyte=analyte),
        "polars": igflab.interpret_frame(pl.DataFrame(cols), reference=reference, analyte=analyte),
        "arrow": igflab.interpret_frame(pa.table(cols), reference=reference, analyte=analyte),
    }
    for kind, out in frames.items():
        zones = out["zone"].tolist() if kind == "pandas" else out["zone"].to_list() if kind == "polars" else None
        if zones is None:
            zones = out.column("zone").to_pylist()
        assert [None if z is None or (isinstance(z, float) and math.isnan(z)) else str(z) for z in zones] == list(
            want.zone
        ), kind
        warnings = out["warnings"].tolist() if kind == "pandas" else None
        if warnings is not None:
            assert [w if isinstance(w, str) else "" for w in warnings] == want.warning_text().tolist()
    src = io.StringIO()
    csv.writer(src, lineterminator="\n").writerows([("value", "age", "sex"), *zip(*cols.values(), strict=True)])
    src.seek(0)
    dst = io.StringIO()
    interpret_csv(src, dst, analyte=analyte, reference=reference)
    got = list(csv.DictReader(io.StringIO(dst.getvalue())))
    assert [r["zone"] or None for r in got] == want.zone.tolist()
    assert [r["warnings"] for r in got] == want.warning_text().tolist()
