"""CSV text from columns, byte for byte as the ``csv`` module writes it (the Arrow path of the CSV output).

Needs pyarrow (``igflab[cohort]``); orjson, also in that extra, formats the floats. Each
batch becomes one block of bytes: the input cells joined by the delimiter, then the result
columns as *pieces* that carry their own leading delimiter, joined once (Arrow's
element-wise join, in C). What keeps it fast, each checked against the ``csv`` module by
a property test:

- **Floats** (:func:`float_cells`) are written by orjson, in Rust, with the digits of
  Python's ``repr`` (the shortest text that reads back as the same float), about 20 ns a
  value where Arrow's cast takes 100-400 ns. Consecutive float columns are one piece:
  orjson writes their values row after row, after a 0.0, as one JSON array
  (``[0.0,x,y,...]``) whose commas are the delimiters before the values, so each row's
  piece is that text as it is, found by one scan for the commas, with nothing copied.
  orjson's text differs from ``repr`` only outside 1e-4 to 1e16 (the notation) and for
  nan and inf (``null``): those rows are rewritten by ``repr`` (a column of nothing but nan
  is one empty cell for all rows).
- **Categorical result columns** (zone, flag, ..., the error columns) are written as one
  piece: each distinct combination of their labels is written once by ``csv.writer``
  (so quoting is the ``csv`` module's own) and spread to the rows by its code.
- **Input text** is quoted only where the ``csv`` module quotes it, found by scanning the
  column's bytes at once.
"""

from __future__ import annotations

import csv
import functools
import io
import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from igflab.core.batch_columns import Categories

__all__ = ["csv_header", "float_cells", "float_text", "lines", "text_cells"]

# orjson writes these floats with the same text as Python's repr (checked by a property test).
_SAME_TEXT = (1e-4, 1e16)
# Characters a float's text can hold: a delimiter among them makes the csv module quote cells.
_FLOAT_CHARS = frozenset("0123456789.+-eEinfa")
# Characters written otherwise inside a regular expression's character class (RE2).
_CLASS_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# Combined codes stay below this before they are renumbered (the size of one bincount).
_MAX_KEYS = 1 << 16


def float_cells(a: NDArray[np.float64], lead: str) -> Any:
    """Floats as CSV cells, each preceded by ``lead`` (the delimiter): ``lead + repr(x)``, ``lead`` alone for nan.

    An Arrow string array (or one string scalar when every value is nan). ``lead`` must be
    one ASCII character that a float's text does not contain (see :func:`lines`).
    """
    return _float_piece([a], lead)


def _float_piece(cols: list[NDArray[np.float64]], lead: str) -> Any:
    """Float columns as one piece: per row, ``lead + repr(x)`` (``lead`` alone for nan) for each column in turn."""
    import pyarrow as pa  # noqa: PLC0415 - optional dependency
    import pyarrow.compute as pc  # noqa: PLC0415

    n, k = len(cols[0]), len(cols)
    flat = np.empty(n * k + 1)  # the values row after row, after one 0.0 (see _shortest)
    flat[0] = 0.0
    m = flat[1:].reshape(n, k)
    for j, c in enumerate(cols):
        m[:, j] = c
    with np.errstate(invalid="ignore"):
        mag = np.abs(m)
        if not n or (mag.min() >= _SAME_TEXT[0] and mag.max() < _SAME_TEXT[1]):  # the usual case (nan: False)
            return _shortest(flat, n, k, lead)
        fine = ((mag >= _SAME_TEXT[0]) & (mag < _SAME_TEXT[1])) | (m == 0)  # False for nan and inf
    odd = ~fine.all(axis=1)
    if not odd.any():
        return _shortest(flat, n, k, lead)
    nan = np.isnan(m)
    if k == 1 and nan.all():
        return pa.scalar(lead, pa.string())
    rows = np.flatnonzero(odd)
    if k == 1 and rows.size * 4 > n:  # many nan: one vectorised pass
        fixes = np.flatnonzero(~nan[:, 0] & odd)
        cells = _with(_shortest(flat, n, k, lead), fixes, [lead + repr(x) for x in m[fixes, 0].tolist()])
        return pc.if_else(pa.array(nan[:, 0]), pa.scalar(lead, pa.string()), cells)
    if rows.size * 4 > n:  # many odd rows: each column on its own
        return pc.binary_join_element_wise(*(_float_piece([c], lead) for c in cols), "")
    texts = ["".join(lead + ("" if math.isnan(x) else repr(x)) for x in row) for row in m[rows].tolist()]
    return _with(_shortest(flat, n, k, lead), rows, texts)


def _with(cells: Any, rows: NDArray[np.intp], texts: list[str]) -> Any:
    """``cells`` with the rows ``rows`` replaced by ``texts``."""
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    if not rows.size:
        return cells
    mask = np.zeros(len(cells), dtype=bool)
    mask[rows] = True
    return pc.replace_with_mask(cells, pa.array(mask), pa.array(texts, pa.string()))


def _shortest(flat: NDArray[np.float64], n: int, k: int, lead: str) -> Any:
    """Per row, ``lead + text`` of each of its ``k`` values (``flat``: a 0.0, then the values row after row).

    The text is ``repr``'s for finite floats from 1e-4 to 1e16. Speed: orjson writes
    ``flat`` as one JSON array (``[0.0,x,y,...,z]``), in Rust; each ``,`` is the delimiter
    before a value, so a row's piece is that text as it is, from the separator before its
    first value (the 0.0 gives the first row its separator); the closing ``]`` is left out.
    Nothing is copied (with a delimiter other than ``,``, the text once, to write it in).
    """
    import pyarrow as pa  # noqa: PLC0415

    if not n:
        return pa.array([], pa.string())
    try:
        import orjson  # noqa: PLC0415 - optional dependency (igflab[cohort])
    except ImportError:  # pragma: no cover - orjson comes with pyarrow in the cohort extra
        rows = flat[1:].reshape(n, k).tolist()
        return pa.array(["".join(lead + repr(x) for x in row) for row in rows], pa.string())
    raw = orjson.dumps(flat, option=orjson.OPT_SERIALIZE_NUMPY)
    data = np.frombuffer(raw, dtype=np.uint8)
    seps = np.flatnonzero(data == ord(","))
    if lead != ",":
        data = data.copy()
        data[seps] = ord(lead)
    offsets = np.empty(n + 1, dtype=np.int32)
    offsets[:-1] = seps[::k]  # the separator before each row's first value
    offsets[-1] = len(data) - 1
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(raw if lead == "," else data))


def float_text(a: NDArray[np.float64]) -> Any:
    """Floats as the text Python's ``repr`` gives (an Arrow string array; null for nan)."""
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    nan = np.isnan(a)
    if not len(a) or nan.all():
        return pa.nulls(len(a), pa.string())
    text = pc.utf8_slice_codeunits(float_cells(a, ","), 1)
    return pc.if_else(pa.array(nan), pa.scalar(None, pa.string()), text) if nan.any() else text


def _quote(s: Any, delimiter: str) -> Any:
    """Text cells quoted as the csv module quotes them (only those with a character that needs it)."""
    import pyarrow.compute as pc  # noqa: PLC0415

    data = s.buffers()[2]
    if data is None:
        return s
    raw = np.frombuffer(data, dtype=np.uint8)
    specials = _quoted_by_csv(delimiter)
    if all(len(c.encode()) == 1 for c in specials) and not any(np.any(raw == ord(c)) for c in specials):
        return s  # the common case: no cell needs quotes
    special = (
        "[" + "".join(_CLASS_ESCAPES.get(c, "\\" + c if c.isascii() and not c.isalnum() else c) for c in specials) + "]"
    )
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(s, '"', '""'), '"', "")
    return pc.if_else(pc.match_substring_regex(s, special), quoted, s)


@functools.lru_cache(maxsize=16)
def _quoted_by_csv(delimiter: str) -> tuple[str, ...]:
    """The characters that make this Python's csv module quote a cell (lines ending in ``\\n``)."""
    found = []
    for c in dict.fromkeys((delimiter, '"', "\r", "\n")):
        buf = io.StringIO()
        csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerow(["a" + c])
        if buf.getvalue().startswith('"'):
            found.append(c)
    return tuple(found)


def text_cells(arr: Any, delimiter: str) -> Any:
    """A column of any type as CSV cells (an Arrow string array without nulls), as the csv module writes it."""
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    t = arr.type
    if pa.types.is_floating(t):
        s = float_text(np.asarray(arr.to_numpy(zero_copy_only=False), dtype=np.float64))
    elif pa.types.is_dictionary(t):  # each label quoted once, then spread to the rows
        labels = _quote(pc.cast(arr.dictionary, pa.string()), delimiter)
        labels = pa.concat_arrays([labels, pa.array([""], pa.string())])
        return pc.take(labels, pc.fill_null(arr.indices, len(labels) - 1))
    elif pa.types.is_string(t):
        s = arr
    elif pa.types.is_large_string(t) or pa.types.is_string_view(t):  # Polars' and pandas 3's text: joined as string
        s = pc.cast(arr, pa.string())
    else:
        try:
            s = pc.cast(arr, pa.string())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            s = pa.array([None if v is None else str(v) for v in arr.to_pylist()], pa.string())
    if s.null_count:
        s = pc.fill_null(s, "")
    return _quote(s, delimiter)


def _labels(cats: list[Categories], delimiter: str, end: str) -> Any:
    """Categorical columns as one piece: ``delimiter`` + their cells as the csv module writes them + ``end``.

    Speed: the rows' codes are combined into one code per distinct combination of labels,
    and each combination is written once.
    """
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    n = len(cats[0].codes)
    key, size = np.zeros(n, dtype=np.int64), 1
    for c in cats:
        k = len(c.labels) + 1  # code -1 (missing) becomes 0
        if size * k > _MAX_KEYS:
            key, size = _renumber(key, size)
        key = key * k + (c.codes + 1)
        size *= k
    key, size = _renumber(key, size)
    row = np.zeros(size, dtype=np.intp)
    row[key] = np.arange(n)  # a row of each combination (any: they have the same labels)
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")  # the line end decides some quoting
    texts = []
    for r in row.tolist():
        buf.seek(0)
        buf.truncate()
        # A first cell "x" (never quoted) stands for the cells before: what follows is exactly the csv module's.
        writer.writerow(["x", *(c.labels[c.codes[r]] if c.codes[r] >= 0 else "" for c in cats)])
        texts.append(buf.getvalue()[1:-1] + end)
    return pc.take(pa.array(texts, pa.string()), pa.array(key))


def _renumber(key: NDArray[np.int64], size: int) -> tuple[NDArray[np.int64], int]:
    """Keys below ``size`` renumbered 0..k-1 (k: how many are present), in the same order."""
    present = np.bincount(key, minlength=size) > 0
    lookup = np.cumsum(present) - 1
    return lookup[key], int(lookup[-1]) + 1


def lines(inputs: list[Any], results: dict[str, NDArray[np.float64] | Categories], delimiter: str) -> Any:
    """The rows as CSV lines (one Arrow string array; each line ends in ``\\n``): the input cells, then the results.

    ``inputs``: Arrow arrays, any type; ``results``: float columns and categorical columns
    (:func:`igflab.core.batch_columns.encode`).
    """
    import pyarrow as pa  # noqa: PLC0415
    import pyarrow.compute as pc  # noqa: PLC0415

    cells = [text_cells(c, delimiter) for c in inputs]
    pieces = [pc.binary_join_element_wise(*cells, delimiter) if len(cells) > 1 else cells[0]]
    fast = len(delimiter.encode()) == 1 and delimiter not in _FLOAT_CHARS
    runs = _runs(list(results.values()))
    for i, group in enumerate(runs):
        end = "\n" if i + 1 == len(runs) else ""
        if isinstance(group[0], Categories):
            pieces.append(_labels(group, delimiter, end))
            continue
        if fast:
            pieces.append(_float_piece(group, delimiter))
        else:  # a delimiter that float text can hold: the cells quoted as the csv module quotes them
            pieces.extend(pc.binary_join_element_wise("", text_cells(pa.array(c), delimiter), delimiter) for c in group)
        if end:
            pieces.append(pa.scalar(end, pa.string()))
    return pc.binary_join_element_wise(*pieces, "")


def _runs(items: list[Any]) -> list[list[Any]]:
    """Consecutive columns of one kind (categorical, or float), each all-nan float column alone."""
    runs: list[list[Any]] = []
    for c in items:
        cat = isinstance(c, Categories)
        if runs and not _alone(c) and not _alone(runs[-1][-1]) and isinstance(runs[-1][0], Categories) == cat:
            runs[-1].append(c)
        else:
            runs.append([c])
    return runs


def _alone(c: Any) -> bool:
    """An all-nan float column (one piece of its own, a scalar)."""
    return not isinstance(c, Categories) and bool(len(c)) and bool(np.isnan(c[0])) and bool(np.isnan(c).all())


def csv_header(names: list[str], delimiter: str) -> bytes:
    """The header line as the csv module writes it."""
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerow(names)
    return buf.getvalue().encode("utf-8")
