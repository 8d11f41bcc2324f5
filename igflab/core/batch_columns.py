"""The result columns as Arrow, pandas and Polars columns: one encoding, three thin wrappers.

:func:`encode` turns a :class:`~igflab.core.batch_result.BatchResult` into float columns
(``nan`` where a value does not apply) and categorical columns (:class:`Categories`:
integer codes, ``-1`` where missing, into a few labels). Speed: zones, flags, positions,
warnings and errors are codes into labels built once per distinct label, so no Python
object is created per row; Arrow gets dictionary arrays, pandas ``Categorical`` columns
and Polars ``Categorical`` columns, with ``nan`` turned into null (pandas: ``NaN``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from igflab.science.zones import ADULT_BAND_BY_CODE, FLAG_BY_CODE, ZoneCode

from .rules import warning_codes

if TYPE_CHECKING:
    from .batch_result import BatchResult

__all__ = ["Categories", "encode", "indices", "to_arrow", "to_pandas", "to_polars"]

_ZONES = [c.zone.value for c in ZoneCode]
_FLAGS = list(dict.fromkeys(FLAG_BY_CODE))
_FLAG_OF_ZONE = np.array([_FLAGS.index(f) for f in FLAG_BY_CODE] + [-1], dtype=np.int8)  # [-1]: error rows


@dataclass(frozen=True, slots=True)
class Categories:
    """A categorical column: ``codes[i]`` indexes ``labels`` (``-1``: missing).

    Speed: the codes are ``int8`` where the labels are few (zone, flag ...: taken from the
    result's own ``int8`` columns, often without a copy), else ``int32``; pandas keeps
    ``int8`` codes as they are, Arrow and Polars get them as ``int32`` (:func:`indices`).
    """

    codes: NDArray[np.int8] | NDArray[np.int32]
    labels: list[str]


def indices(c: Categories) -> NDArray[np.int32]:
    """The codes as ``int32`` (Arrow dictionary indices)."""
    return c.codes.astype(np.int32, copy=False)


def _warnings(bits: NDArray[np.uint16]) -> Categories:
    """Each row's warning codes joined by ``;`` ("" when none), one label per distinct set."""
    if not bits.any():  # speed: no warning in any row
        return Categories(np.zeros(len(bits), dtype=np.int8), [""])
    seen = np.zeros(1 << 16, dtype=bool)
    seen[bits] = True  # speed: no bincount (it would copy the bits to 64-bit integers first)
    present = np.flatnonzero(seen)
    lookup: NDArray[np.int8] | NDArray[np.int32] = (
        np.zeros(len(seen), dtype=np.int8) if len(present) < 128 else np.zeros(len(seen), dtype=np.int32)
    )
    lookup[present] = np.arange(len(present))
    return Categories(lookup[bits], [";".join(warning_codes(int(b))) for b in present.tolist()])


def _sparse(values: NDArray[np.object_], rows: NDArray[np.intp], none: NDArray[np.int8]) -> Categories:
    """A text column set only on ``rows`` (error rows, which are few); ``none``: every row missing."""
    if not rows.size:
        return Categories(none, [])
    codes = np.full(len(none), -1, dtype=np.int32)
    labels: dict[str, int] = {}
    for k, v in zip(rows.tolist(), values[rows].tolist(), strict=True):
        codes[k] = labels.setdefault(v, len(labels))
    return Categories(codes, list(labels))


def encode(res: BatchResult) -> dict[str, NDArray[np.float64] | Categories]:
    """The result columns by name (the order of :data:`~igflab.core.batch_result.COLUMNS`)."""
    n = len(res)
    zone = res.zone_code.copy()  # int8, -1 on error rows: the codes as they are (a copy: the frame owns it)
    failed = np.flatnonzero(zone < 0)
    position = res.lab.astype(np.int8)
    position[failed] = -1
    none = np.full(n, -1, dtype=np.int8)  # shared by the error columns when no row failed (never written)
    return {
        "ng_per_ml": res.ng_per_ml,
        "nmol_per_l": res.nmol_per_l,
        "sds": res.sds,
        "centile": res.centile,
        "zlog": res.zlog,
        "lower_ng_per_ml": res.lower_ng_per_ml,
        "median_ng_per_ml": res.median_ng_per_ml,
        "upper_ng_per_ml": res.upper_ng_per_ml,
        "zone": Categories(zone, _ZONES),
        "flag": Categories(_FLAG_OF_ZONE[zone], _FLAGS),
        "adult_band": Categories(res.adult_band_code.copy(), list(ADULT_BAND_BY_CODE)),
        "censored": Categories(np.subtract(res.censored, 1, dtype=np.int8), ["<", ">"]),
        "position": Categories(position, [res.reference, "lab"]),
        "warnings": _warnings(res.warning_bits),
        "error_code": _sparse(res.error_code, failed, none),
        "error_field": _sparse(res.error_field, failed, none),
        "error_message": _sparse(res.error_message, failed, none),
    }


def to_arrow(res: BatchResult, prefix: str = "") -> Any:
    """A :class:`pyarrow.Table`: float64 columns (null where nan) and dictionary<int32, string> columns."""
    import pyarrow as pa  # noqa: PLC0415 - optional dependency

    cols = {}
    for name, c in encode(res).items():
        if isinstance(c, Categories):
            idx = _with_nulls(pa, pa.int32(), indices(c), c.codes < 0)
            cols[prefix + name] = pa.DictionaryArray.from_arrays(idx, pa.array(c.labels, pa.string()))
        else:
            cols[prefix + name] = _with_nulls(pa, pa.float64(), c, np.isnan(c))
    return pa.table(cols)


def _with_nulls(pa: Any, kind: Any, values: NDArray[Any], missing: NDArray[np.bool_]) -> Any:
    """An Arrow array over ``values`` without copying them; null where ``missing`` (a packed validity bitmap)."""
    n = len(values)
    valid = None
    nulls = int(np.count_nonzero(missing))
    if nulls:
        valid = pa.py_buffer(np.packbits(~missing, bitorder="little"))
    return pa.Array.from_buffers(kind, n, [valid, pa.py_buffer(np.ascontiguousarray(values))], null_count=nulls)


def to_pandas(res: BatchResult, index: Any = None, prefix: str = "") -> Any:
    """A :class:`pandas.DataFrame`: float64 columns (``NaN`` where missing) and ``Categorical`` columns."""
    import pandas as pd  # noqa: PLC0415 - optional dependency

    cols: dict[str, Any] = {}
    for name, c in encode(res).items():
        # Labels of one dtype whatever the rows hold, so that partitions concatenate.
        cat = pd.Categorical.from_codes(c.codes, pd.Index(c.labels, dtype=object)) if isinstance(c, Categories) else c
        cols[prefix + name] = cat
    return pd.DataFrame(cols, index=index, copy=False)


def to_polars(res: BatchResult, prefix: str = "") -> Any:
    """A :class:`polars.DataFrame`: Float64 columns (null where nan) and ``Categorical`` columns.

    Speed: Polars turns an Arrow dictionary into a ``Categorical`` by hashing every row
    (~20 ms per million), so a text column that holds one value (or none) in every row, as
    the error columns mostly do, is made by ``pl.repeat`` instead.
    """
    import polars as pl  # noqa: PLC0415 - optional dependency
    import pyarrow as pa  # noqa: PLC0415

    n = len(res)
    cols = []
    for name, c in encode(res).items():
        if not isinstance(c, Categories):
            s = pl.from_arrow(_with_nulls(pa, pa.float64(), c, np.isnan(c)))
        elif n and np.all(c.codes == c.codes[0]):
            first = int(c.codes[0])
            s = pl.repeat(None if first < 0 else c.labels[first], n, dtype=pl.Categorical, eager=True)
        else:  # the codes as they are (int8 or int32): Polars makes its own categories of them
            idx = _with_nulls(pa, pa.from_numpy_dtype(c.codes.dtype), c.codes, c.codes < 0)
            s = pl.from_arrow(pa.DictionaryArray.from_arrays(idx, pa.array(c.labels, pa.string())))
        assert isinstance(s, pl.Series)
        cols.append(s.alias(prefix + name))
    return pl.DataFrame(cols)
