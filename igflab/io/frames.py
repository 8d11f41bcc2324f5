"""interpret_frame(): a pandas, Polars or Arrow table in, the same kind of table out.

One implementation for every kind: the input columns are handed to
:func:`igflab.interpret_batch` as numpy arrays (numbers) or as :class:`~igflab.inputs.column.Coded`
columns (text: Arrow's dictionary encoding, done in C, so the parsers see each distinct
text once and no Python object is made per row); the results come back as float and
categorical columns (:mod:`igflab.core.batch_columns`) and are appended to the input,
whose rows, order and index are kept. The files of ``igflab interpret --csv`` go through
:func:`interpret_arrow` too, a batch of rows at a time.

>>> import pandas as pd
>>> df = pd.DataFrame({"value": [150, 50], "unit": "ng/mL", "age": [45, 45], "sex": "male"}, index=[7, 3])
>>> out = interpret_frame(df)
>>> out.loc[3, "zone"], out.index.tolist()
('below_reference', [7, 3])
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from igflab.analytes import spec_of
from igflab.core.batch import BatchResult, interpret_batch
from igflab.core.batch_columns import to_arrow, to_pandas, to_polars
from igflab.core.batch_result import COLUMNS
from igflab.core.batch_rows import interpret_rows, none_if_missing
from igflab.errors import InputError
from igflab.inputs.column import Coded, Column, pick
from igflab.inputs.values import THOUSANDS_DOT

from .csv import CsvColumns, Layout, analyte_layout

__all__ = [
    "ColumnAt",
    "arrow_column",
    "frame_accessors",
    "frame_kind",
    "frame_names",
    "interpret_arrow",
    "interpret_frame",
]


class ColumnAt(Protocol):
    """An input column by its place, as a batch column.

    ``text=True`` for a column that is text by meaning (unit, sex): its text is kept as
    text, never read as numbers (a sex column of ``1`` and ``2`` is text, as ``interpret()``
    reads it); a column of numbers stays numbers.
    """

    def __call__(self, i: int, /, *, text: bool = False) -> Column: ...


def arrow_column(arr: Any, *, text: bool = False) -> Column:
    """An Arrow array as a batch column: numbers as numpy, text (and nulls) dictionary-encoded.

    Any Arrow text type is read alike: string, large_string, string_view, or a dictionary
    of any of them. A text column of plain decimals (values, ages) is read as numbers
    unless ``text`` (a column that is text by meaning: see :class:`ColumnAt`).
    """
    import pyarrow as pa  # noqa: PLC0415 - optional dependency
    import pyarrow.compute as pc  # noqa: PLC0415

    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if pa.types.is_string_view(arr.type):
        # Arrow's regular expressions take no string views, and its dictionary encoding turns
        # their nulls into empty text: read them as plain strings.
        arr = arr.cast(pa.large_string())
    t = arr.type
    if pa.types.is_decimal(t):  # SQL and Parquet numeric columns: read as interpret() reads a Decimal
        arr, t = pc.cast(arr, pa.float64()), pa.float64()
    if pa.types.is_dictionary(t):
        uniq = arr.dictionary.to_pylist()
        idx = arr.indices
        if idx.null_count:
            idx = pc.fill_null(idx, len(uniq))
            uniq.append(None)
        return Coded(uniq, idx.to_numpy(zero_copy_only=False))
    numeric = pa.types.is_integer(t) or pa.types.is_floating(t)
    if numeric and arr.null_count == 0:
        return np.asarray(arr.to_numpy(zero_copy_only=False), dtype=np.float64)
    is_text = pa.types.is_string(t) or pa.types.is_large_string(t)
    if is_text and not text and _decimals(arr):
        return np.asarray(pc.cast(arr, pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64)
    if numeric or is_text:
        return arrow_column(pc.dictionary_encode(arr, null_encoding="encode"))
    return list(arr.to_pylist())  # other types (booleans, dates ...): each row on its own, as interpret() reads it


# Digits with an optional fraction: text that Python's float() and Arrow's cast read as the
# same (correctly rounded) number (a property test checks it).
PLAIN_DECIMAL = r"^[0-9]{1,15}(\.[0-9]{1,15})?$"
# A number typed with a thousands dot ("1.200"): read by the single-result parser, which may refuse it.
_DOT = f"^{THOUSANDS_DOT.pattern}$"


def _decimals(arr: Any) -> bool:
    """Whether every cell of a text column is a plain decimal number (values or ages read from a file).

    Speed: such a column is converted by Arrow in C, with no Python object per distinct text.
    """
    import pyarrow.compute as pc  # noqa: PLC0415

    if arr.null_count or not len(arr) or re.fullmatch(PLAIN_DECIMAL[1:-1], arr[0].as_py()) is None:
        return False
    if not pc.all(pc.match_substring_regex(arr, PLAIN_DECIMAL)).as_py():
        return False
    return not pc.any(pc.match_substring_regex(arr, _DOT)).as_py()


def interpret_arrow(
    column: ColumnAt,
    n: int,
    at: Layout,
    *,
    reference: str | None,
    assay: str | None,
    blank_unit_is_none: bool = False,
    analyte: str = "igf1",
) -> BatchResult:
    """Interpret ``n`` rows of ``analyte`` whose input columns ``column(i)`` returns by place (``at``)."""
    units: Any = None
    if at.unit is not None:
        units = column(at.unit, text=True)
        if blank_unit_is_none and isinstance(units, Coded):  # a file's empty unit cell: no unit given
            units = Coded([None if u == "" else u for u in units.uniq], units.codes)
    lab = None if at.lab_low is None or at.lab_high is None else (column(at.lab_low), column(at.lab_high))
    if n == 0:
        return interpret_batch([], None, [], [], reference=reference, assay=assay, analyte=analyte)
    ages = Coded([None], np.zeros(n, dtype=np.intp)) if at.age is None else column(at.age)
    sexes = column(at.sex, text=True)
    return interpret_batch(
        column(at.value), units, ages, sexes, reference=reference, assay=assay, lab_ranges=lab, analyte=analyte
    )


def frame_kind(frame: object) -> str:
    """``"pandas"``, ``"polars"``, ``"lazy"``, ``"arrow"`` or ``"batch"``; anything else is an InputError."""
    cls = type(frame)
    kind = {
        ("pandas", "DataFrame"): "pandas",
        ("polars", "DataFrame"): "polars",
        ("polars", "LazyFrame"): "lazy",
        ("pyarrow", "Table"): "arrow",
        ("pyarrow", "RecordBatch"): "batch",
    }.get((cls.__module__.split(".")[0], cls.__name__))
    if kind is None:
        raise InputError(
            "a frame must be a pandas DataFrame, a Polars DataFrame or LazyFrame, or a pyarrow Table or "
            f"RecordBatch; got {cls.__name__}",
            field="frame",
        )
    return kind


def _pandas_column(s: Any, text: bool = False) -> Column:
    import pandas as pd  # noqa: PLC0415 - only for pandas input

    dt = s.dtype
    if isinstance(dt, pd.CategoricalDtype):
        return arrow_column(_pa().array(s), text=text) if _pa() else s.to_numpy(dtype=object, na_value=None)
    if isinstance(dt, np.dtype) and dt.kind in "iufO":
        col: NDArray[Any] = s.to_numpy()
        return col
    pa = _pa()
    return arrow_column(pa.array(s), text=text) if pa else s.to_numpy(dtype=object, na_value=None)


def _pa() -> Any:
    try:
        import pyarrow as pa  # noqa: PLC0415 - optional dependency
    except ImportError:  # pragma: no cover - pyarrow is in the dev extra
        return None
    return pa


def _polars_column(s: Any, text: bool = False) -> Column:
    if s.dtype.is_numeric() and s.null_count() == 0:
        return np.asarray(s.to_numpy(), dtype=np.float64)
    return arrow_column(s.to_arrow(), text=text)


def interpret_frame(
    frame: Any,
    *,
    value: str = "value",
    unit: str | None = None,
    age: str | None = "age",
    sex: str = "sex",
    lab_low: str | None = None,
    lab_high: str | None = None,
    birth_date: str | None = None,
    collected: str | None = None,
    context: str | None = None,
    reference: str | None = None,
    assay: str | None = None,
    prefix: str = "",
    analyte: str = "igf1",
) -> Any:
    """Interpret every row of a DataFrame; the same kind of frame, with the result columns appended.

    ``frame``: a pandas DataFrame, a Polars DataFrame or LazyFrame, or a pyarrow Table
    (or RecordBatch). ``value``, ``age`` and ``sex`` name the input columns; ``unit``,
    ``lab_low`` and ``lab_high`` are used when named, or when the frame has columns of
    those names (one unit per row; the laboratory's printed limits, per row, in the row's
    unit; a row with both limits missing has no lab range). ``birth_date``, ``collected``
    and ``context`` name columns of per-row options, as ``interpret()`` takes them (dates;
    clinical-context flags, a list or comma-separated text); a row with any of them goes
    through ``interpret()`` on its own (about 20 µs a row), the others through the columns.
    ``age=None``: no age column (every row's age from its dates). ``reference`` and
    ``assay`` are as for :func:`~igflab.interpret_batch`, for every row.

    The result columns are those of :data:`igflab.core.batch_result.COLUMNS` (the CSV's
    columns), each name preceded by ``prefix``; a frame that already has a column of one
    of those names is refused (:class:`~igflab.errors.InputError`), never overwritten.
    Text results are categorical (pandas ``Categorical``, Polars ``Categorical``, Arrow
    dictionary); numbers that do not apply are null (pandas: ``NaN``). Rows keep their
    order and a pandas frame its index, so ``out.loc[i]`` is the row ``df.loc[i]``; a row
    igflab cannot interpret carries its error in ``error_code``/``error_message``, and
    every guess is in ``warnings``. A missing cell (null, ``None``) is a value not given.

    ``analyte`` (``"igfbp3"``) says what the value column measures: each row is placed as
    :func:`igflab.interpret` with that ``analyte`` places it, with the same result columns
    (laboratory limits are read for IGF-1 alone and refused for another analyte).
    """
    kind = frame_kind(frame)
    if kind == "lazy":
        frame = frame.collect()
    names = frame_names(frame, kind)
    results = tuple(prefix + c for c in COLUMNS)
    cols = CsvColumns(value, unit, age, sex, lab_low, lab_high)
    at, _ = analyte_layout(names, cols, results, spec_of(analyte).key, source="frame")
    opts = {k: v for k, v in (("birth_date", birth_date), ("collected", collected), ("context", context)) if v}
    where = {k: _place(names, v) for k, v in opts.items()}
    column, cells = frame_accessors(frame, kind)
    n = len(frame) if kind == "pandas" else (frame.height if kind in ("polars", "lazy") else frame.num_rows)
    res = interpret_arrow(column, n, at, reference=reference, assay=assay, analyte=analyte)
    if where:
        _with_options(res, column, at, {k: cells(i) for k, i in where.items()}, reference, assay)
    return _appended(frame, kind, res, prefix)


def _appended(frame: Any, kind: str, res: BatchResult, prefix: str) -> Any:
    """``frame`` (collected) with the result columns appended, as the kind of frame given."""
    if kind == "pandas":
        import pandas as pd  # noqa: PLC0415 - the input is a pandas frame

        return pd.concat([frame, to_pandas(res, frame.index, prefix)], axis=1)
    if kind in ("polars", "lazy"):
        out = frame.hstack(to_polars_columns(res, prefix))
        return out.lazy() if kind == "lazy" else out
    table = to_arrow(res, prefix)
    appended = [c.combine_chunks() for c in table.columns] if kind == "batch" else table.columns
    cls = type(frame)  # a Table or a RecordBatch, as given
    return cls.from_arrays([*frame.columns, *appended], names=[*frame.column_names, *table.column_names])


def frame_names(frame: Any, kind: str) -> list[str]:
    """The column names of a (collected) frame."""
    return [str(c) for c in frame.columns] if kind in ("pandas", "polars", "lazy") else list(frame.column_names)


def frame_accessors(frame: Any, kind: str) -> tuple[ColumnAt, Callable[[int], list[Any]]]:
    """A column by place: as a batch column (:class:`ColumnAt`), and as Python values (for the option columns)."""
    if kind == "pandas":
        return (lambda i, *, text=False: _pandas_column(frame.iloc[:, i], text)), (lambda i: frame.iloc[:, i].tolist())
    if kind in ("polars", "lazy"):
        return (lambda i, *, text=False: _polars_column(frame.to_series(i), text)), (
            lambda i: frame.to_series(i).to_list()
        )
    return (lambda i, *, text=False: arrow_column(frame.column(i), text=text)), (lambda i: frame.column(i).to_pylist())


def _place(names: list[str], name: str) -> int:
    if name not in names:
        shown = ", ".join(names[:12]) + (" ..." if len(names) > 12 else "")
        raise InputError(f"the frame has no column named {name!r} (columns: {shown})", field="frame")
    return names.index(name)


def _with_options(
    res: BatchResult,
    column: ColumnAt,
    at: Layout,
    options: dict[str, list[Any]],
    reference: str | None,
    assay: str | None,
) -> None:
    """The rows with a date or a context, each through ``interpret()`` with its options, written over ``res``."""
    given = np.zeros(len(res), dtype=bool)
    for values in options.values():
        given |= np.array([none_if_missing(v) is not None for v in values], dtype=bool)
    rows = np.flatnonzero(given)
    if not rows.size:
        return
    n = rows.size
    units = [None] * n if at.unit is None else pick(column(at.unit, text=True), rows)
    ages = [None] * n if at.age is None else [none_if_missing(a) for a in pick(column(at.age), rows)]
    cols = [pick(column(at.value), rows), units, ages, pick(column(at.sex, text=True), rows)]
    lab = None
    if at.lab_low is not None and at.lab_high is not None:
        lab = (pick(column(at.lab_low), rows), pick(column(at.lab_high), rows))
    part = BatchResult.allocate(n, res.reference, res.analyte)
    opts = {k: [v[r] for r in rows.tolist()] for k, v in options.items()}
    interpret_rows(part, cols, lab, (reference, assay, res.analyte), opts)
    res.put(rows, part)


def to_polars_columns(res: BatchResult, prefix: str) -> list[Any]:
    """The result columns as Polars series."""
    return list(to_polars(res, prefix).get_columns())
