"""interpret_batch(): the rules of :func:`igflab.interpret` over whole numpy columns.

One row in, one row out, in the same order. A row igflab cannot interpret gets an error
code, field and message in its own row (the same error ``interpret()`` raises for it);
the batch itself raises only for arguments that concern every row (an unknown
reference, columns of different lengths).

One implementation: the maths (:mod:`igflab.lms`) and the zone rules
(:mod:`igflab.zones`) are the functions ``interpret()`` calls, here with the numpy
backend, and the reference tables are the same objects. Validation works on whole
columns with masks. Each distinct unit and sex is resolved once by the functions of the
single-result path (:func:`igflab.units.unit_factor`, :func:`igflab.interpret.parse_sex`),
and values that are not plain numbers (``"<25"``, ``"150 ng/mL"``) are read by the same
parser, so laboratory spellings, censored results and error messages agree.

>>> r = interpret_batch([150, 50, "<25"], "ng/mL", [45, 45, 60], "male")
>>> r.zone.tolist()
['mid_range', 'below_reference', 'below_reference']
>>> r.flag.tolist()
['N', 'L', 'L']
>>> bad = interpret_batch([150], ["furlongs"], [45], ["male"])
>>> bad.error_code.tolist(), bad.zone.tolist()
(['unit_error'], [None])
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from . import lms
from ._backend import numpy_backend
from .ages import MAX_AGE_YEARS, resolve_age
from .errors import IgflabError, InputError, LabRangeError
from .interpret import parse_lab_range, parse_sex, zlog
from .references import Reference, get_reference
from .units import (
    MAX_PLAUSIBLE_NG_PER_ML,
    MIN_PLAUSIBLE_NG_PER_ML,
    NG_PER_ML_PER_NMOL_PER_L,
    parse_value,
    unit_factor,
)
from .zones import (
    ADULT_AGE_YEARS,
    CENSOR_ABOVE,
    CENSOR_BELOW,
    FLAG_BY_CODE,
    ZoneCode,
    classify,
    classify_censored,
)

__all__ = ["COLUMNS", "BatchResult", "interpret_batch"]

F64 = NDArray[np.float64]

#: The result columns, in output order (:meth:`BatchResult.columns`, CSV output).
COLUMNS: tuple[str, ...] = (
    "ng_per_ml",
    "nmol_per_l",
    "sds",
    "centile",
    "zlog",
    "lower_ng_per_ml",
    "upper_ng_per_ml",
    "zone",
    "flag",
    "censored",
    "position",
    "error_code",
    "error_field",
    "error_message",
)

#: Rows computed at a time: bounds the temporary arrays (memory stays flat) and keeps
#: them in cache.
CHUNK_ROWS = 1 << 16

# Text made only of these characters, if float() reads it, is a plain number for
# interpret() too; anything else ("<25", "150 ng/mL", "1,5", "nan") goes to the parser.
_NOT_PLAIN_VALUE = re.compile(r"[^0-9.eE+\- \t]")
# Ages: no exponent ("1e2" is not an age interpret() reads).
_NOT_PLAIN_AGE = re.compile(r"[^0-9.+\- \t]")
_SEX_CODE = {"male": 0, "female": 1, "unknown": 2}
_NO_ZONE = -1
_ZONE_NAMES = np.array([c.zone.value for c in ZoneCode] + [None], dtype=object)
_FLAG_NAMES = np.array([*FLAG_BY_CODE, None], dtype=object)
_CENSOR_NAMES = np.array([None, "<", ">"], dtype=object)
_INTERNAL = "internal_error"


@dataclass(frozen=True, slots=True, eq=False)
class BatchResult:
    """Columnar results of :func:`interpret_batch`, one entry per input row, in input order.

    Float columns hold ``nan`` where a value does not apply (an error row; SDS and
    centile for a limits reference, a lab range or an unknown sex; zlog for an LMS
    reference). ``lower_ng_per_ml``/``upper_ng_per_ml`` are the limits of the row's
    primary position, as ``interpret().reference`` (the laboratory's range when one was
    given; for an unknown sex, the male position, while the zone needs both sexes to
    agree). ``zone_code`` is a :class:`~igflab.zones.ZoneCode` (``-1`` on error rows);
    ``censored`` is 0, 1 (``"<"``) or 2 (``">"``). Error rows have ``error_code`` (the
    ``code`` of the :class:`~igflab.errors.IgflabError` that ``interpret()`` raises for
    the row), ``error_field`` and ``error_message``; other rows have ``None`` there.
    """

    reference: str
    ng_per_ml: F64
    nmol_per_l: F64
    sds: F64
    centile: F64
    zlog: F64
    lower_ng_per_ml: F64
    upper_ng_per_ml: F64
    zone_code: NDArray[np.int8]
    censored: NDArray[np.int8]
    lab: NDArray[np.bool_]
    error_code: NDArray[np.object_]
    error_field: NDArray[np.object_]
    error_message: NDArray[np.object_]

    @classmethod
    def _empty(cls, n: int, reference: str) -> BatchResult:
        def f() -> F64:
            return np.full(n, np.nan)

        def o() -> NDArray[np.object_]:
            return np.full(n, None, dtype=object)

        return cls(
            reference=reference,
            ng_per_ml=f(),
            nmol_per_l=f(),
            sds=f(),
            centile=f(),
            zlog=f(),
            lower_ng_per_ml=f(),
            upper_ng_per_ml=f(),
            zone_code=np.full(n, _NO_ZONE, dtype=np.int8),
            censored=np.zeros(n, dtype=np.int8),
            lab=np.zeros(n, dtype=bool),
            error_code=o(),
            error_field=o(),
            error_message=o(),
        )

    def __len__(self) -> int:
        return len(self.zone_code)

    @property
    def ok(self) -> NDArray[np.bool_]:
        """True for rows that were interpreted, False for error rows."""
        return self.zone_code >= 0

    @property
    def n_errors(self) -> int:
        return int(np.count_nonzero(self.zone_code < 0))

    @property
    def zone(self) -> NDArray[np.object_]:
        """Zone names (``"mid_range"`` ...), ``None`` on error rows."""
        return _ZONE_NAMES[self.zone_code]

    @property
    def flag(self) -> NDArray[np.object_]:
        """HL7 flags (``"L"``, ``"N"``, ``"H"``, ``"HU"``, ``"IND"``), ``None`` on error rows."""
        return _FLAG_NAMES[self.zone_code]

    @property
    def position(self) -> NDArray[np.object_]:
        """What placed each row: the reference id, ``"lab"`` (its printed range) or ``None`` (error)."""
        out = np.where(self.lab, "lab", self.reference).astype(object)
        out[self.zone_code < 0] = None
        return out

    def zone_counts(self) -> dict[str, int]:
        """How many rows fell in each zone (zones with no row included, as 0)."""
        counts = np.bincount(self.zone_code[self.zone_code >= 0], minlength=len(ZoneCode))
        return {c.zone.value: int(counts[c]) for c in ZoneCode}

    def columns(self) -> dict[str, NDArray[Any]]:
        """The result columns by name, in the order of :data:`COLUMNS`."""
        return {
            "ng_per_ml": self.ng_per_ml,
            "nmol_per_l": self.nmol_per_l,
            "sds": self.sds,
            "centile": self.centile,
            "zlog": self.zlog,
            "lower_ng_per_ml": self.lower_ng_per_ml,
            "upper_ng_per_ml": self.upper_ng_per_ml,
            "zone": self.zone,
            "flag": self.flag,
            "censored": _CENSOR_NAMES[self.censored],
            "position": self.position,
            "error_code": self.error_code,
            "error_field": self.error_field,
            "error_message": self.error_message,
        }

    def to_dicts(self) -> list[dict[str, Any]]:
        """One dict per row (Python floats and strings; ``None`` for ``nan`` and missing)."""
        cols = {
            k: [None if isinstance(v, float) and math.isnan(v) else v for v in a.tolist()]
            for k, a in self.columns().items()
        }
        names = list(cols)
        return [dict(zip(names, row, strict=True)) for row in zip(*cols.values(), strict=True)]

    def to_records(self) -> NDArray[Any]:
        """A numpy structured array: float fields ``f8``, text fields ``object``."""
        cols = self.columns()
        dtype = [(k, a.dtype) for k, a in cols.items()]
        out = np.empty(len(self), dtype=dtype)
        for k, a in cols.items():
            out[k] = a
        return out

    def to_pandas(self) -> Any:
        """A :class:`pandas.DataFrame` of the columns (needs ``pip install 'igflab[pandas]'``)."""
        try:
            import pandas as pd  # noqa: PLC0415 - optional dependency
        except ImportError as exc:  # pragma: no cover - pandas is in the dev extra
            raise ImportError("to_pandas() needs pandas: pip install 'igflab[pandas]'") from exc
        return pd.DataFrame(self.columns())


# --- input columns ---------------------------------------------------------------------


class _Const:
    """One value for every row."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


_Column = Sequence[Any] | NDArray[Any] | _Const


def _as_column(x: Any, name: str, n: int | None, *, broadcast: bool = False) -> _Column:
    if broadcast and (x is None or isinstance(x, str)):
        return _Const(x)
    if isinstance(x, (list, tuple)):
        col: Sequence[Any] | NDArray[Any] = x
    elif isinstance(x, np.ndarray):
        col = x
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


def _cut(col: _Column, s: int, e: int) -> _Column:
    return col if isinstance(col, _Const) else col[s:e]


def _raw(col: _Column, k: int) -> Any:
    """Row ``k`` as interpret() would receive it (numpy numbers as Python floats)."""
    if isinstance(col, _Const):
        return col.value
    v = col[k]
    if isinstance(col, np.ndarray) and col.dtype.kind in "iuf":
        return float(v)
    if isinstance(v, np.str_):
        return str(v)
    return v


def _numbers(col: _Column, m: int, not_plain: re.Pattern[str]) -> tuple[F64, NDArray[np.bool_]]:
    """Floats of a column, and a mask of rows that are not plain numbers (for the parser)."""
    if isinstance(col, _Const):
        col = [col.value] * m
    if isinstance(col, np.ndarray) and col.dtype.kind in "iuf":
        return col.astype(np.float64, copy=False), np.zeros(m, dtype=bool)
    items = col.tolist() if isinstance(col, np.ndarray) else col
    kinds = set(map(type, items))
    if kinds <= {float, int} or (kinds == {str} and not_plain.search("".join(items)) is None):
        try:
            return np.array(items, dtype=np.float64), np.zeros(m, dtype=bool)
        except (ValueError, OverflowError):
            pass
    out = np.full(m, np.nan)
    odd = np.zeros(m, dtype=bool)
    for k, v in enumerate(items):
        t = type(v)
        try:
            if t is float or t is int:
                out[k] = v
                continue
            if t is str and not_plain.search(v) is None:
                out[k] = float(v)
                continue
        except (ValueError, OverflowError):
            pass
        odd[k] = True
    return out, odd


def _lab_numbers(col: _Column, m: int) -> tuple[F64, NDArray[np.bool_], NDArray[np.bool_]]:
    """A lab limit column read as ``float()`` reads it: (values, missing, unreadable).

    Missing is ``None``, an empty text or a float ``nan``; a row has a lab range unless
    both of its limits are missing.
    """
    if isinstance(col, np.ndarray) and col.dtype.kind in "iuf":
        x = col.astype(np.float64, copy=False)
        return x, np.isnan(x), np.zeros(m, dtype=bool)
    x, odd = _numbers(col, m, _NOT_PLAIN_VALUE)
    missing = np.zeros(m, dtype=bool)
    if isinstance(col, _Const):
        col = [col.value] * m
    items = col.tolist() if isinstance(col, np.ndarray) else col
    for k in np.flatnonzero(odd | np.isnan(x)).tolist():
        v = items[k]
        if v is None or (isinstance(v, str) and v == "") or (isinstance(v, float) and math.isnan(v)):
            missing[k], odd[k] = True, False
            continue
        if isinstance(v, (bool, np.bool_)):
            continue
        with contextlib.suppress(TypeError, ValueError, OverflowError):
            x[k], odd[k] = float(v), False
    return x, missing, odd


def _factorize(col: _Column, m: int) -> tuple[list[Any], NDArray[np.intp]]:
    """Distinct values of a column (first-seen order) and each row's index into them."""
    if isinstance(col, _Const):
        return [col.value], np.zeros(m, dtype=np.intp)
    if isinstance(col, np.ndarray) and col.dtype.kind == "U" and m:
        # Few distinct labels: one vectorised comparison of the characters (as uint32
        # columns) per label, and no Python object per row.
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
    items = col.tolist() if isinstance(col, np.ndarray) else col
    try:
        index = {v: i for i, v in enumerate(dict.fromkeys(items))}
        return list(index), np.fromiter(map(index.__getitem__, items), dtype=np.intp, count=m)
    except TypeError:  # unhashable entries: each row on its own
        return list(items), np.arange(m, dtype=np.intp)


# --- reference tables --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Tables:
    """A reference's tables as numpy arrays, both sexes stacked (male rows first)."""

    lms: bool
    knots: tuple[F64, F64]  # LMS knots, or the starts of the limit bands, per sex
    offset: int  # rows of the male block
    cols: tuple[F64, ...]  # LMS: L, L slope, M, M slope, S, S slope; limits: lower, upper, band
    # When both sexes share knots that are all whole years, the knot interval of every
    # year of age, so that an age finds its interval by arithmetic instead of a binary
    # search: the same index as lms.segment(), which the tests check.
    yearly: NDArray[np.intp] | None = None


def _yearly(knots: F64) -> NDArray[np.intp] | None:
    if knots[0] != 0 or not np.all(knots == np.floor(knots)) or knots[-1] > 1000:
        return None
    years = np.arange(int(knots[-1]) + 1, dtype=float)
    return np.asarray(lms.segment(years, knots, numpy_backend())[0], dtype=np.intp)


_TABLES: dict[str, _Tables] = {}


def _tables(ref: Reference) -> _Tables:
    hit = _TABLES.get(ref.id)
    if hit is not None:
        return hit
    per_sex = [ref.table_arrays(s) for s in ("male", "female")]
    if ref.is_lms:
        n = max(len(k) for k, _c in per_sex)
        cols: list[F64] = []
        for c in range(3):
            for part in range(2):  # values, slopes (padded to the block length)
                blocks = [np.resize(np.asarray(t[1][c][part], dtype=float), n) for t in per_sex]
                for b, t in zip(blocks, per_sex, strict=True):
                    b[len(t[1][c][part]) :] = 0.0
                cols.append(np.concatenate(blocks))
        knots = tuple(np.asarray(k, dtype=float) for k, _c in per_sex)
    else:
        n = max(len(k) for k, _b in per_sex)
        cols = []
        for name in ("lower", "upper", "age_from", "age_to"):
            blocks = [np.resize(np.array([getattr(b, name) for b in bands], dtype=float), n) for _k, bands in per_sex]
            cols.append(np.nan_to_num(np.concatenate(blocks), nan=np.inf))  # open last band: age_to inf
        knots = tuple(np.asarray(k, dtype=float) for k, _b in per_sex)
    same = knots[0].shape == knots[1].shape and bool(np.all(knots[0] == knots[1]))
    yearly = _yearly(knots[0]) if ref.is_lms and same else None
    out = _Tables(ref.is_lms, (knots[0], knots[1]), n, tuple(cols), yearly)
    _TABLES[ref.id] = out
    return out


def _published(
    tb: _Tables,
    x: F64,
    age: F64,
    female: NDArray[np.bool_],
    adult: NDArray[np.bool_],
    censor: NDArray[np.int8],
    inclusive: NDArray[np.bool_],
) -> tuple[F64, F64, F64, F64, F64, NDArray[Any], tuple[F64, ...]]:
    """(lower, upper, sds, centile, zlog, zone code, interval key) against a published reference.

    Two rows have the same interval exactly when their keys are equal (L, M, S; or the
    limits and the age band).
    """
    xp = numpy_backend()
    km, kf = tb.knots
    if tb.lms:
        if tb.yearly is not None:
            i = tb.yearly.take(age.astype(np.intp))
            dt = age - km.take(i)
            j = i + tb.offset * female
        elif km.shape == kf.shape and bool(np.all(km == kf)):
            i, dt = lms.segment(age, km, xp)
            j = i + tb.offset * female
        else:
            im, dtm = lms.segment(age, km, xp)
            i_f, dtf = lms.segment(age, kf, xp)
            j, dt = np.where(female, i_f + tb.offset, im), np.where(female, dtf, dtm)
        lv, ls, mv, ms, sv, ss = tb.cols
        p = (lv.take(j) + dt * ls.take(j), mv.take(j) + dt * ms.take(j), sv.take(j) + dt * ss.take(j))
        lower = lms.value_from_sds(-lms.Z_975, p, xp)
        upper = lms.value_from_sds(lms.Z_975, p, xp)
        sds = lms.sds_from_value(x, p, xp)
        centile = lms.centile_from_sds(sds, xp)
        z = np.full(len(x), np.nan)
        key: tuple[F64, ...] = p
    else:
        band = np.where(
            female, np.searchsorted(kf, age, side="right") - 1 + tb.offset, np.searchsorted(km, age, side="right") - 1
        )
        lower, upper = tb.cols[0].take(band), tb.cols[1].take(band)
        z = zlog(x, lower, upper, xp)
        sds, centile = np.full(len(x), np.nan), np.full(len(x), np.nan)
        key = (lower, upper, tb.cols[2].take(band), tb.cols[3].take(band))
    return lower, upper, sds, centile, z, _zones(x, lower, upper, adult, censor, inclusive), key


def _zones(
    x: F64, lower: F64, upper: F64, adult: NDArray[np.bool_], censor: NDArray[np.int8], inclusive: NDArray[np.bool_]
) -> NDArray[Any]:
    xp = numpy_backend()
    zone = classify(x, lower, upper, adult, xp)
    if censor.any():
        zone = np.where(censor > 0, classify_censored(x, lower, upper, censor, inclusive, xp), zone)
    return np.asarray(zone)


# --- the batch ---------------------------------------------------------------------------


class _Cache:
    """Per-call answers for each distinct unit and sex."""

    def __init__(self) -> None:
        self.units: dict[Any, tuple[float, float]] = {}
        self.lab: dict[str, float] = {}
        self.sexes: dict[Any, int] = {}

    def unit(self, u: Any) -> tuple[float, float]:
        """(factor to ng/mL, factor of a lab range in this unit); nan when unusable."""
        key = (type(u), u) if _hashable(u) else None
        if key is not None and key in self.units:
            return self.units[key]
        try:
            display, factor = unit_factor(u) if u is not None else ("", math.nan)
        except IgflabError:
            display, factor = "", math.nan
        res = (factor, self.lab_factor(display) if display else math.nan)
        if key is not None:
            self.units[key] = res
        return res

    def lab_factor(self, display: str) -> float:
        """The factor parse_lab_range() uses for a result's unit (display spelling)."""
        if display not in self.lab:
            try:
                self.lab[display] = unit_factor(display)[1]
            except IgflabError:
                self.lab[display] = math.nan
        return self.lab[display]

    def sex(self, s: Any) -> int:
        key = (type(s), s) if _hashable(s) else None
        if key is not None and key in self.sexes:
            return self.sexes[key]
        try:
            code = _SEX_CODE[parse_sex(s)]
        except IgflabError:
            code = -1
        if key is not None:
            self.sexes[key] = code
        return code


def _hashable(v: Any) -> bool:
    try:
        hash(v)
    except TypeError:
        return False
    return True


def _first_error(value: Any, unit: Any, age: Any, sex: Any, lab: Any, ref: Reference) -> IgflabError | None:
    """The error interpret() raises for one row, checked in interpret()'s order."""
    try:
        pv = parse_value(value, unit)
        years, _source = resolve_age(age)
        parse_sex(sex)
        if lab is not None:
            parse_lab_range(lab, None, pv.unit)
        else:
            ref.check_age(years)
    except IgflabError as exc:
        return exc
    return None


def interpret_batch(
    values: Any,
    units: Any,
    ages: Any,
    sexes: Any,
    *,
    reference: str | None = None,
    lab_ranges: Any = None,
) -> BatchResult:
    """Interpret many IGF-1 results at once; row ``i`` equals ``interpret()`` of input row ``i``.

    ``values``: numbers, or text as ``interpret()`` reads it (``"150"``, ``"<25"``,
    ``"150 ng/mL"``). ``units``: one unit per row, or one text for all rows (``None``
    when every value carries its unit). ``ages``: years (numbers, or text such as
    ``"8m"``). ``sexes``: one per row (male/female/unknown, m/f ...), or one text for
    all. Lists, tuples, numpy arrays and pandas or Polars series are accepted.

    ``reference`` picks a published reference by id (default: the default reference).
    ``lab_ranges`` is a tuple ``(lows, highs)`` of two columns in each row's unit, or one
    ``(low, high)`` pair per row (an ``(n, 2)`` array or a list of pairs); a row whose two
    limits are both missing (``None``, ``nan`` or empty text) has no lab range, any other
    row is read as ``interpret(lab_range=(low, high))``. With two rows a tuple of two
    tuples could be either form, so it is refused: pass the columns as lists or arrays,
    or the pairs as a list.

    Raises :class:`~igflab.errors.IgflabError` only for problems of the whole call (an
    unknown reference, columns of different lengths); a bad row becomes an error in
    its own row. Rows are never dropped or reordered.
    """
    ref = get_reference(reference)
    vals = _as_column(values, "values", None)
    n = len(vals)  # type: ignore[arg-type]
    cols = (
        vals,
        _as_column(units, "units", n, broadcast=True),
        _as_column(ages, "ages", n),
        _as_column(sexes, "sexes", n, broadcast=True),
    )
    lab: tuple[_Column, _Column] | None = None
    if lab_ranges is not None:
        if isinstance(lab_ranges, list) and all(isinstance(p, (tuple, list)) and len(p) == 2 for p in lab_ranges):
            lab = ([p[0] for p in lab_ranges], [p[1] for p in lab_ranges])
        elif isinstance(lab_ranges, np.ndarray) and lab_ranges.ndim == 2 and lab_ranges.shape[1] == 2:
            lab = (lab_ranges[:, 0], lab_ranges[:, 1])
        elif isinstance(lab_ranges, tuple) and len(lab_ranges) == 2:
            if n == 2 and all(isinstance(c, tuple) and len(c) == 2 for c in lab_ranges):
                raise LabRangeError(
                    "lab_ranges is ambiguous for two rows: pass (np.array(lows), np.array(highs)) "
                    "or one pair per row as a list or an (n, 2) array"
                )
            lab = (_as_column(lab_ranges[0], "lab_ranges", n), _as_column(lab_ranges[1], "lab_ranges", n))
        else:
            raise LabRangeError("lab_ranges must be (lows, highs), a list of (low, high) pairs or an (n, 2) array")
        if len(lab[0]) != n:  # type: ignore[arg-type]
            raise LabRangeError(f"lab_ranges has {len(lab[0])} rows but values has {n}")  # type: ignore[arg-type]
    out = BatchResult._empty(n, ref.id)
    cache = _Cache()
    tb = _tables(ref)
    with np.errstate(all="ignore"):
        for s in range(0, n, CHUNK_ROWS):
            _run(out, s, min(n, s + CHUNK_ROWS), ref, tb, cols, lab, cache)
    return out


def _run(
    out: BatchResult,
    s: int,
    e: int,
    ref: Reference,
    tb: _Tables,
    cols: tuple[_Column, _Column, _Column, _Column],
    lab_cols: tuple[_Column, _Column] | None,
    cache: _Cache,
) -> None:
    m = e - s
    v, u, a, sx = (_cut(c, s, e) for c in cols)

    # Value and unit: each distinct unit resolved once, then one multiply.
    number, odd_v = _numbers(v, m, _NOT_PLAIN_VALUE)
    uniq, ucode = _factorize(u, m)
    per_unit = np.array([cache.unit(x) for x in uniq], dtype=float).reshape(-1, 2)
    factor, lab_factor = per_unit[:, 0].take(ucode), per_unit[:, 1].take(ucode)
    x = number * factor
    good = np.isfinite(number) & (number > 0) & (x >= MIN_PLAUSIBLE_NG_PER_ML) & (x <= MAX_PLAUSIBLE_NG_PER_ML)
    censor = np.zeros(m, dtype=np.int8)
    inclusive = np.zeros(m, dtype=bool)
    for k in np.flatnonzero(odd_v).tolist():
        try:
            pv = parse_value(_raw(v, k), _raw(u, k))
        except IgflabError:
            good[k] = False
            continue
        x[k] = pv.ng_per_ml
        good[k] = True
        censor[k] = 0 if pv.censored is None else CENSOR_BELOW if pv.censored == "<" else CENSOR_ABOVE
        inclusive[k] = pv.inclusive
        lab_factor[k] = cache.lab_factor(pv.unit)

    # Age and sex.
    years, odd_a = _numbers(a, m, _NOT_PLAIN_AGE)
    for k in np.flatnonzero(odd_a).tolist():
        try:
            years[k] = resolve_age(_raw(a, k))[0]
        except IgflabError:
            years[k] = np.nan
    good &= (years >= 0) & (years <= MAX_AGE_YEARS)
    suniq, scode = _factorize(sx, m)
    sex = np.array([cache.sex(z) for z in suniq], dtype=np.int8).take(scode)
    good &= sex >= 0

    # The laboratory's range, where given; the published reference elsewhere.
    in_domain = (years >= ref.age_min) & (years <= ref.age_max)
    if lab_cols is not None:
        lo, lo_missing, lo_bad = _lab_numbers(_cut(lab_cols[0], s, e), m)
        hi, hi_missing, hi_bad = _lab_numbers(_cut(lab_cols[1], s, e), m)
        has_lab = ~(lo_missing & hi_missing)
        lab_ok = (
            ~(lo_bad | hi_bad | lo_missing | hi_missing)
            & np.isfinite(lo)
            & np.isfinite(hi)
            & (lo > 0)
            & (hi > 0)
            & (lo < hi)
            & np.isfinite(lab_factor)
        )
        good &= np.where(has_lab, lab_ok, in_domain)
    else:
        has_lab = np.zeros(m, dtype=bool)
        good &= in_domain

    adult = years >= ADULT_AGE_YEARS
    safe_x = np.where(good, x, 1.0)
    safe_age = np.where(good & in_domain, years, ref.age_min)
    lower, upper, sds, centile, z, zone, key = _published(tb, safe_x, safe_age, sex == 1, adult, censor, inclusive)

    # Sex unknown: both sexes' positions. One interval for both is one position;
    # otherwise the zone needs both to agree, and there is no single SDS.
    unknown = np.flatnonzero(good & ~has_lab & (sex == 2))
    if unknown.size:
        fem = _published(
            tb,
            safe_x[unknown],
            safe_age[unknown],
            np.ones(unknown.size, dtype=bool),
            adult[unknown],
            censor[unknown],
            inclusive[unknown],
        )
        same = np.logical_and.reduce([k[unknown] == f for k, f in zip(key, fem[6], strict=True)])
        zm = zone[unknown]
        zone[unknown] = np.where(same | (zm == fem[5]), zm, ZoneCode.INDETERMINATE)
        differ = unknown[~same]
        sds[differ] = centile[differ] = z[differ] = np.nan

    labs = np.flatnonzero(good & has_lab)
    if labs.size:
        lo_ng, hi_ng = lo[labs] * lab_factor[labs], hi[labs] * lab_factor[labs]
        xl = safe_x[labs]
        lower[labs], upper[labs] = lo_ng, hi_ng
        zone[labs] = _zones(xl, lo_ng, hi_ng, adult[labs], censor[labs], inclusive[labs])
        z[labs] = zlog(xl, lo_ng, hi_ng, numpy_backend())
        sds[labs] = centile[labs] = np.nan

    bad = ~good
    for arr in (x, lower, upper, sds, centile, z):
        arr[bad] = np.nan
    out.ng_per_ml[s:e] = x
    out.nmol_per_l[s:e] = x / NG_PER_ML_PER_NMOL_PER_L
    out.sds[s:e] = sds
    out.centile[s:e] = centile
    out.zlog[s:e] = z
    out.lower_ng_per_ml[s:e] = lower
    out.upper_ng_per_ml[s:e] = upper
    out.zone_code[s:e] = np.where(good, zone, _NO_ZONE)
    out.censored[s:e] = np.where(good, censor, 0)
    out.lab[s:e] = good & has_lab

    for k in np.flatnonzero(bad).tolist():
        row_lab = None
        if lab_cols is not None and has_lab[k]:
            row_lab = (_raw(_cut(lab_cols[0], s, e), k), _raw(_cut(lab_cols[1], s, e), k))
        exc = _first_error(_raw(v, k), _raw(u, k), _raw(a, k), _raw(sx, k), row_lab, ref)
        if exc is None:  # pragma: no cover - the masks and interpret() disagree: a defect
            out.error_code[s + k] = _INTERNAL
            out.error_message[s + k] = "igflab could not interpret this row; please report it"
            continue
        out.error_code[s + k] = exc.code
        out.error_field[s + k] = exc.field
        out.error_message[s + k] = exc.message
