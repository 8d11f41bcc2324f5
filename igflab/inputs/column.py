"""The kinds of input column the batch reads, and the column operations that do not parse.

A column is a list or tuple, a numpy array, one value for every row (:class:`Const`), or
distinct values with each row's index into them (:class:`Coded`: what an Arrow dictionary,
a pandas categorical or a factorised text column already is). Text is read once per
distinct value by the parsers in :mod:`igflab.inputs.columns`, whatever the kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from igflab.errors import InputError

from .values import THOUSANDS_DOT

__all__ = [
    "NOT_PLAIN_AGE",
    "NOT_PLAIN_VALUE",
    "Coded",
    "Codes",
    "Column",
    "Const",
    "as_column",
    "cut",
    "factorize",
    "has_dot_value",
    "pick",
    "plain_numbers",
]

F64 = NDArray[np.float64]
#: Each row's index into distinct values (32- or 64-bit).
Codes = NDArray[np.signedinteger[Any]]

# Text made only of these characters, if float() reads it, is a plain number for the
# single-result parser too; anything else ("<25", "150 ng/mL", "1,5", "nan") is read as text.
NOT_PLAIN_VALUE = re.compile(r"[^0-9.eE+\- \t]")
# Ages: no exponent ("1e2" is not an age the single-result parser reads).
NOT_PLAIN_AGE = re.compile(r"[^0-9.+\- \t]")
# A line ending in a dot and three digits: the candidates of has_dot_value.
_DOT_END = re.compile(r"\.[0-9]{3}[ \t]*$", re.MULTILINE | re.ASCII)


def has_dot_value(text: str) -> bool:
    """Whether a text, or one line of several texts joined by newlines, is a number typed with a thousands dot
    ("1.200": :data:`igflab.inputs.values.THOUSANDS_DOT`, which the single-result parser may refuse): such a
    value is read as text, not as a plain number.

    Speed: lines are found by their end (a dot and three digits), then checked whole: about 6 ms per 100,000
    texts (a pattern anchored at each line's start costs 25-40 ms).

    >>> has_dot_value("150\\n1.200 "), has_dot_value("150.5\\n1200.000\\n0.500")
    (True, False)
    """
    for m in _DOT_END.finditer(text):
        line = text[text.rfind("\n", 0, m.start()) + 1 : m.end()]
        if THOUSANDS_DOT.fullmatch(line.strip(" \t")):
            return True
    return False


class Const:
    """One value for every row."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value


class Coded:
    """Distinct values (``uniq``, each given once) and each row's index into them (``codes``).

    Speed: a column of few distinct texts (units, sexes) or a dictionary-encoded Arrow
    column is parsed once per distinct value and spread to the rows with one ``take``,
    without a Python object per row.
    """

    __slots__ = ("codes", "uniq")

    def __init__(self, uniq: list[Any], codes: NDArray[np.integer[Any]]) -> None:
        self.uniq = uniq
        c = np.asarray(codes)
        # Speed: 32-bit codes (an Arrow dictionary's) are used as they are, not widened to 64 bits.
        self.codes: Codes = c if c.dtype in (np.int32, np.intp) else c.astype(np.intp)

    def __len__(self) -> int:
        return len(self.codes)


Column = Sequence[Any] | NDArray[Any] | Const | Coded


def as_column(x: object, name: str, n: int | None, *, broadcast: bool = False) -> Column:
    """``x`` as a column of ``n`` rows (a list, tuple or numpy array; text or ``None`` broadcast)."""
    if broadcast and (x is None or isinstance(x, str)):
        return Const(x)
    if isinstance(x, (list, tuple, np.ndarray, Coded)):
        col: Sequence[Any] | NDArray[Any] | Coded = x
    elif hasattr(x, "__len__") and not isinstance(x, (str, bytes)):
        col = np.asarray(x)  # pandas / polars series and the like
    elif hasattr(x, "__iter__") and not isinstance(x, (str, bytes)):
        col = list(x)
    else:
        raise InputError(f"{name} must be a column (list or array) of values", field=name)
    if isinstance(col, np.ndarray) and col.ndim != 1:
        raise InputError(f"{name} must be one-dimensional, got shape {col.shape}", field=name)
    if n is not None and len(col) != n:
        raise InputError(f"{name} has {len(col)} rows but values has {n}", field=name)
    return col


def cut(col: Column, s: int, e: int) -> Column:
    """Rows ``s`` to ``e`` of a column."""
    if isinstance(col, Const):
        return col
    if isinstance(col, Coded):
        return Coded(col.uniq, col.codes[s:e])
    return col[s:e]


def items(col: Column, m: int) -> list[Any]:
    """The column's ``m`` values as Python objects (one per row: for small columns and distinct values)."""
    if isinstance(col, Const):
        return [col.value] * m
    if isinstance(col, Coded):
        return [col.uniq[c] for c in col.codes.tolist()]
    return col.tolist() if isinstance(col, np.ndarray) else list(col)


def pick(col: Column, rows: NDArray[np.intp]) -> list[Any]:
    """The values of some rows, as Python objects (the few rows that need the text parsers)."""
    at = rows.tolist()
    if isinstance(col, Const):
        return [col.value] * len(at)
    if isinstance(col, Coded):
        return [col.uniq[c] for c in col.codes[rows].tolist()]
    if isinstance(col, np.ndarray):
        return list(col[rows].tolist())
    return [col[k] for k in at]


def plain_numbers(
    col: Column, m: int, not_plain: re.Pattern[str], as_text: Callable[[str], bool] | None = None
) -> tuple[F64, NDArray[np.bool_]]:
    """Floats of a column, and a mask of rows that are not plain numbers (to be read as text).

    ``as_text`` tells, of one text or of texts joined by newlines, whether one is of plain characters but read
    as text all the same (values: :func:`has_dot_value`)."""
    if isinstance(col, np.ndarray) and col.dtype.kind in "iuf":
        return col.astype(np.float64, copy=False), np.zeros(m, dtype=bool)
    if isinstance(col, Coded):
        number, odd = plain_numbers(col.uniq, len(col.uniq), not_plain, as_text)
        return number.take(col.codes), odd.take(col.codes)
    vals = items(col, m)
    kinds = set(map(type, vals))
    if kinds <= {float, int} or (
        kinds == {str} and not_plain.search("".join(vals)) is None and (as_text is None or not as_text("\n".join(vals)))
    ):
        try:
            return np.array(vals, dtype=np.float64), np.zeros(m, dtype=bool)
        except (ValueError, OverflowError):
            pass
    out = np.full(m, np.nan)
    odd = np.zeros(m, dtype=bool)
    for k, v in enumerate(vals):
        t = type(v)
        try:
            if t is float or t is int:
                out[k] = v
                continue
            if t is str and not_plain.search(v) is None and (as_text is None or not as_text(v)):
                out[k] = float(v)
                continue
        except (ValueError, OverflowError):
            pass
        odd[k] = True
    return out, odd


def factorize(col: Column, m: int) -> tuple[list[Any], Codes]:
    """Distinct values of a column (first-seen order) and each row's index into them."""
    if isinstance(col, Const):
        return [col.value], np.zeros(m, dtype=np.intp)
    if isinstance(col, Coded):
        return col.uniq, col.codes
    if isinstance(col, np.ndarray) and col.dtype.kind == "U" and m:
        return _factorize_text(col, m)
    vals = items(col, m)
    try:
        # Keyed by type too: 1, 1.0 and True are equal as dict keys but not as inputs.
        index = {k: i for i, k in enumerate(dict.fromkeys((type(v), v) for v in vals))}
        uniq = [v for _t, v in index]
        return uniq, np.fromiter((index[(type(v), v)] for v in vals), dtype=np.intp, count=m)
    except TypeError:  # unhashable entries: each row on its own
        return vals, np.arange(m, dtype=np.intp)


def _factorize_text(col: NDArray[Any], m: int) -> tuple[list[Any], NDArray[np.intp]]:
    # Speed: few distinct labels (units, sexes) are found by one vectorised comparison of
    # the characters (as uint32 columns) per label, with no Python object per row.
    chars = np.ascontiguousarray(col).view(np.uint32).reshape(m, -1)
    codes = np.zeros(m, dtype=np.intp)
    done = np.zeros(m, dtype=bool)
    uniq: list[Any] = []
    while len(uniq) < 16:
        k = int(np.argmin(done))
        if done[k]:
            return uniq, codes
        key = chars[k]
        hit = chars[:, 0] == key[0]
        for c in range(1, chars.shape[1]):
            hit &= chars[:, c] == key[c]
        codes += hit * len(uniq)
        done |= hit
        uniq.append(col[k].item())
    rest = np.flatnonzero(~done)
    if rest.size:
        u, inv = np.unique(col[rest], return_inverse=True)
        codes[rest] = inv + len(uniq)
        uniq.extend(u.tolist())
    return uniq, codes
