"""interpret_panel_frame(): IGF-1 and IGFBP-3 columns of a pandas, Polars or Arrow table -> the same kind, with results.

The columns are read as :func:`igflab.interpret_frame` reads them and handed to
:func:`igflab.interpret_panel_batch`; its result columns (:meth:`PanelBatch.columns`:
IGF-1's prefixed ``igf1_``, IGFBP-3's prefixed ``igfbp3_``, then ``molar_ratio``,
``both_low`` and ``discordant``) are appended, rows and a pandas index kept.

>>> import pandas as pd
>>> df = pd.DataFrame({"value": [150, 15], "unit": "ng/mL", "igfbp3": [4.1, 0.6], "igfbp3_unit": "mg/L",
...                    "age": [45, 2], "sex": "male"}, index=[7, 3])
>>> out = interpret_panel_frame(df)
>>> out.loc[3, "igf1_zone"], out.loc[3, "igfbp3_zone"], bool(out.loc[3, "both_low"]), out.index.tolist()
('below_reference', 'below_reference', True, [7, 3])
"""

from __future__ import annotations

from typing import Any, Unpack

import numpy as np

from igflab.core.panel_batch import TableChoice, interpret_panel_batch, panel_columns

from .csv import CsvColumns, analyte_layout
from .frames import frame_accessors, frame_kind, frame_names

__all__ = ["interpret_panel_frame"]


def interpret_panel_frame(
    frame: Any,
    *,
    value: str = "value",
    unit: str | None = None,
    igfbp3: str = "igfbp3",
    igfbp3_unit: str | None = None,
    age: str = "age",
    sex: str = "sex",
    **choice: Unpack[TableChoice],
) -> Any:
    """IGF-1 (``value``) and IGFBP-3 (``igfbp3``) from the same rows; the frame with the panel's columns appended.

    ``unit`` and ``igfbp3_unit`` name the unit columns (used, when not named, if the frame
    has columns ``unit`` and ``igfbp3_unit``; else the values carry their units, e.g.
    ``"4.1 mg/L"``). ``reference``, ``assay`` and ``context`` are
    :func:`igflab.interpret_panel_batch`'s, for every row. Row ``i`` says what
    :func:`igflab.interpret_panel` says of row ``i``; a row with an error keeps it in its
    ``igf1_error_*`` or ``igfbp3_error_*`` columns; a frame that already has a result
    column's name is refused, never overwritten.
    """
    kind = frame_kind(frame)
    if kind == "lazy":
        frame = frame.collect()
    names = frame_names(frame, kind)
    column, _ = frame_accessors(frame, kind)
    # The CSV's column rules: a name given twice, a missing column, a result column's name or
    # laboratory limits (IGF-1's alone) are refused, never guessed around.
    results = panel_columns()
    cols = CsvColumns(value, unit, age, sex, igfbp3=igfbp3, igfbp3_unit=igfbp3_unit)
    at, bp3 = analyte_layout(names, cols, results, "panel", source="frame")
    assert bp3 is not None  # the panel's layout has the IGFBP-3 columns

    def unit_col(i: int | None) -> Any:
        return None if i is None else column(i, text=True)

    assert at.age is not None  # an age column is always named here
    units = (unit_col(at.unit), unit_col(bp3[1]))
    sexes = column(at.sex, text=True)
    res = interpret_panel_batch(column(at.value), column(bp3[0]), column(at.age), sexes, units=units, **choice)
    return _appended(frame, kind, res.columns())


def _appended(frame: Any, kind: str, results: dict[str, Any]) -> Any:
    """``frame`` with ``results`` (numpy columns: floats nan where n/a, text, booleans) appended.

    Empty text (a result that does not apply) becomes null, as in :func:`igflab.interpret_frame`.
    """
    results = {k: _nulls(v) if v.dtype == object else v for k, v in results.items()}
    if kind == "pandas":
        import pandas as pd  # noqa: PLC0415 - the input is a pandas frame

        return pd.concat([frame, pd.DataFrame(results, index=frame.index)], axis=1)
    if kind in ("polars", "lazy"):
        import polars as pl  # noqa: PLC0415 - the input is a Polars frame

        series = [pl.Series(k, v.tolist() if v.dtype == object else v) for k, v in results.items()]
        out = frame.hstack([s.fill_nan(None) if s.dtype.is_float() else s for s in series])
        return out.lazy() if kind == "lazy" else out
    import pyarrow as pa  # noqa: PLC0415 - the input is an Arrow table

    arrays = [pa.array(v, from_pandas=True) if v.dtype != np.bool_ else pa.array(v) for v in results.values()]
    cls = type(frame)
    return cls.from_arrays([*frame.columns, *arrays], names=[*frame.column_names, *results])


def _nulls(v: Any) -> Any:
    """An object column with its empty texts as None."""
    out = v.copy()
    out[out == ""] = None
    return out
