"""For every analyte of the registry and every one of its references: interpret_batch() row i equals
interpret() of row i, warnings, errors and the contraceptive tables included."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import igflab
from igflab.analytes import ANALYTES
from tests.strategies import panel_ages, panel_igf1, panel_igfbp3
from tests.support import assert_row_matches

VALUES = {"igf1": panel_igf1, "igfbp3": panel_igfbp3}
SEXES = st.sampled_from(["male", "female", "F", "unknown", "alien", ""])
CASES = [
    (key, ref.id, context)
    for key in ANALYTES
    for ref in igflab.list_references(key)
    for context in (None, ["oral-contraceptive"], ["pregnancy"])
]


def test_every_registered_analyte_and_reference_is_covered() -> None:
    assert set(VALUES) == set(ANALYTES)
    covered = {(a, r) for a, r, _ in CASES}
    assert ("igf1", "life2022_igf1") in covered  # LIFE IGF-1, one result at a time too
    assert ("igfbp3", "friedrich2014_igfbp3_idsisys") in covered


@pytest.mark.parametrize(("analyte", "reference", "context"), CASES)
@settings(max_examples=20)  # 18 cases of analyte, reference and context: the budget spread over them
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
