"""A small batch (row by row through interpret()) equals the column path, warnings and errors included."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from igflab.core.batch import SMALL_BATCH_ROWS
from tests.strategies import REFS, ROW
from tests.support import run_rows


def _same(a: Any, b: Any) -> bool:
    """Equal; floats within 1e-9 relative (the scalar maths use math.erfc, the columns Cody's erfc)."""
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return bool(a == b)


@given(st.lists(ROW, min_size=1, max_size=SMALL_BATCH_ROWS), st.sampled_from([None, *REFS]))
def test_small_batch_equals_the_column_path(rows: list[tuple[Any, ...]], reference: str | None) -> None:
    small = run_rows(rows, reference)
    # The same rows repeated past the threshold go through the column path.
    big = run_rows(rows * (SMALL_BATCH_ROWS // len(rows) + 1), reference)
    assert len(big) > SMALL_BATCH_ROWS
    for name, col in small.columns().items():
        other = big.columns()[name][: len(rows)].tolist()
        assert all(_same(a, b) for a, b in zip(col.tolist(), other, strict=True)), (name, rows)
    assert small.warning_bits.tolist() == big.warning_bits[: len(rows)].tolist()
