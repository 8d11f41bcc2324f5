"""Whole columns of inputs, parsed with the rules of the single-result path.

Numbers are checked on whole columns (:func:`~igflab.inputs.values.value_problem`,
:func:`~igflab.inputs.ages.age_problem`, :func:`~igflab.inputs.lab_range.lab_problem`).
Text is read once per distinct text, by the functions that read one result's text
(:func:`~igflab.inputs.values.read_text`, :func:`~igflab.inputs.units.unit_info`,
:func:`~igflab.inputs.sex.parse_sex` ...), never once per row; so laboratory spellings,
censored results and error messages are the same as for one result. A row that cannot
be used keeps its error (an :class:`~igflab.errors.IgflabError`) in its own place.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

import numpy as np
from numpy.typing import NDArray

from igflab.analytes import IGF1, AnalyteSpec
from igflab.backend import numpy_backend
from igflab.errors import IgflabError, LabRangeError, UnitError

from .ages import age_error, age_problem, read_age, resolve_age, shown_age
from .column import NOT_PLAIN_AGE, NOT_PLAIN_VALUE, Codes, Column, factorize, has_dot_value, pick, plain_numbers
from .lab_range import LAB_BOOLEAN, LAB_UNREADABLE, lab_error, lab_problem
from .sex import SEX_CODE, parse_sex
from .units import UnitInfo, analyte_unit, unit_info
from .values import (
    Token,
    ambiguous_dot,
    censored_error,
    dot_error,
    number_of,
    read_text,
    resolve_unit,
    value_error,
    value_problem,
)

__all__ = ["InputColumns", "parse_columns"]

F64 = NDArray[np.float64]
T = TypeVar("T")


def _each(fn: Callable[[Any], T], items: list[Any]) -> list[T | IgflabError]:
    """``fn`` of each distinct item, or the IgflabError it raises."""
    out: list[T | IgflabError] = []
    for item in items:
        try:
            out.append(fn(item))
        except IgflabError as exc:
            out.append(exc)
    return out


@dataclass(frozen=True, slots=True)
class InputColumns:
    """A chunk of rows, parsed: numbers as numpy columns, and each unusable row's error."""

    number: F64  # the value as given
    factor: F64  # its unit's factor to ng/mL
    censor: NDArray[np.int8]
    inclusive: NDArray[np.bool_]
    decimal_comma: NDArray[np.bool_]
    age: F64
    sex: NDArray[np.int8]
    has_lab: NDArray[np.bool_]
    lab_lower: F64  # ng/mL
    lab_upper: F64
    bad: NDArray[np.bool_]  # rows that cannot be used ...
    errors: dict[int, IgflabError]  # ... and the error of each (row index in the chunk)
    amount: NDArray[np.bool_] | None = None  # rows whose unit is an amount (molar) concentration

    def fail(self, k: int, error: IgflabError) -> None:
        """Mark row ``k`` as unusable with ``error`` (checks after parsing, such as the reference's ages)."""
        self.bad[k] = True
        self.errors[k] = error


class _Errors:
    """The rows of a chunk that cannot be used: a mask, and each one's error (errors are few)."""

    __slots__ = ("bad", "by_row")

    def __init__(self, m: int) -> None:
        self.bad = np.zeros(m, dtype=bool)
        self.by_row: dict[int, IgflabError] = {}

    def one(self, k: int, exc: IgflabError) -> None:
        """Record ``exc`` for row ``k`` unless it has an error already."""
        if not self.bad[k]:
            self.bad[k] = True
            self.by_row[k] = exc

    def first(self, rows: Any, make: Callable[[int], IgflabError]) -> None:
        """Record ``make(k)`` for each row ``k`` in ``rows`` that has no error yet (fields are checked in order)."""
        if not np.any(rows):
            return
        new = np.flatnonzero(rows & ~self.bad)
        if new.size:
            for k in new.tolist():
                self.by_row[k] = make(k)
            self.bad[new] = True


def _quantity_unit(tok: Token, unit: object) -> UnitInfo:
    if unit is not None:
        raise UnitError("give the unit either in the Quantity or separately, not both")
    return unit_info(tok.unit)


def _token(item: object) -> tuple[Token, bool]:
    """One distinct value that is not a plain number: its token, and whether it was a Quantity."""
    if isinstance(item, str):
        return read_text(item), False
    if hasattr(item, "magnitude") and hasattr(item, "units"):
        return Token(number_of(item.magnitude), f"{item.units}"), True
    return Token(number_of(item), None), False


class _Pair(NamedTuple):
    """One distinct (value text, unit) as read."""

    number: float
    censor: int
    inclusive: bool
    comma: bool
    info: UnitInfo | IgflabError
    typed: str | None = None  # the number as typed, when it may carry a thousands dot ("1.200")


def _pair(tok: tuple[Token, bool] | IgflabError, unit: object) -> _Pair:
    if isinstance(tok, IgflabError):
        return _Pair(math.nan, 0, False, False, tok)
    t, quantity = tok
    try:
        info: UnitInfo | IgflabError = _quantity_unit(t, unit) if quantity else resolve_unit(t.unit, unit)
    except IgflabError as exc:
        info = exc
    return _Pair(t.number, t.censor, t.inclusive, t.decimal_comma, info, t.typed if t.dot else None)


@dataclass(frozen=True, slots=True)
class _Values:
    number: F64
    factor: F64
    censor: NDArray[np.int8]
    inclusive: NDArray[np.bool_]
    comma: NDArray[np.bool_]
    info: list[UnitInfo | IgflabError]  # the distinct units, then the distinct text pairs
    which: Codes  # each row's index into info
    dot: list[str | None]  # per entry of info: the number as typed with a thousands dot ("1.200"), else None


def _values(v: Column, u: Column, m: int, error: _Errors, spec: AnalyteSpec) -> _Values:
    """The value and unit columns: plain numbers on whole columns, text once per distinct (value, unit)."""
    number, odd = plain_numbers(v, m, NOT_PLAIN_VALUE, has_dot_value)
    units, which = factorize(u, m)
    info: list[UnitInfo | IgflabError] = _each(unit_info, units)
    dot: list[str | None] = [None] * len(info)
    censor, inclusive, comma = np.zeros(m, dtype=np.int8), np.zeros(m, dtype=bool), np.zeros(m, dtype=bool)
    if odd.any():
        rows = np.flatnonzero(odd)
        distinct, vcode = factorize(pick(v, rows), rows.size)
        tokens = _each(_token, distinct)
        keys, inv = np.unique(vcode * len(units) + which[rows], return_inverse=True)
        pairs = [_pair(tokens[int(k) // len(units)], units[int(k) % len(units)]) for k in keys.tolist()]
        number[rows] = np.array([p.number for p in pairs]).take(inv)
        censor[rows] = np.array([p.censor for p in pairs], dtype=np.int8).take(inv)
        inclusive[rows] = np.array([p.inclusive for p in pairs], dtype=bool).take(inv)
        comma[rows] = np.array([p.comma for p in pairs], dtype=bool).take(inv)
        which = which.copy()  # a Coded column's own codes stay as they are
        which[rows] = inv + len(info)
        info += [p.info for p in pairs]
        dot += [p.typed for p in pairs]
    if spec is not IGF1:  # speed: IGF-1 units need no change
        info = [analyte_unit(i, spec) if isinstance(i, UnitInfo) else i for i in info]
    factor = np.array([i.factor if isinstance(i, UnitInfo) else math.nan for i in info]).take(which)
    if any(isinstance(i, IgflabError) for i in info):
        bad = np.array([isinstance(i, IgflabError) for i in info]).take(which)
        error.first(bad, lambda k: info[int(which[k])])  # type: ignore[arg-type,return-value]
    out = _Values(number, factor, censor, inclusive, comma, info, which, dot)
    if any(t is not None for t in dot):  # a number typed as "1.200": refused where its two readings differ in meaning
        typed = np.array([t is not None for t in dot]).take(which)
        error.first(typed & ambiguous_dot(number, factor, spec), lambda k: _dot_error(out, k, spec))
    code = value_problem(number, number * factor, numpy_backend(), spec)
    error.first(code != 0, lambda k: value_error(int(code[k]), float(number[k]), _display(out, k), spec))
    return out


def _dot_error(vals: _Values, k: int, spec: AnalyteSpec) -> IgflabError:
    typed = vals.dot[int(vals.which[k])]
    assert typed is not None  # only rows typed with a dot are checked
    return dot_error(typed, _display(vals, k), spec)


def _display(vals: _Values, k: int) -> str:
    info = vals.info[int(vals.which[k])]
    return info.display if isinstance(info, UnitInfo) else ""


def _ages(a: Column, m: int, error: _Errors) -> F64:
    years, odd = plain_numbers(a, m, NOT_PLAIN_AGE)
    shown: dict[int, str] = {}
    if odd.any():
        at = np.flatnonzero(odd)
        rows, items = at.tolist(), pick(a, at)
        distinct, code = factorize(items, len(rows))
        read = _each(lambda item: read_age(item) if item is not None else resolve_age(None), distinct)
        for j, k in enumerate(rows):
            got = read[int(code[j])]
            if isinstance(got, IgflabError):
                years[k] = math.nan
                error.one(k, got)
            else:
                years[k] = got[0]
                shown[k] = shown_age(items[j], got[0])
    problem = age_problem(years, numpy_backend())
    error.first(problem != 0, lambda k: age_error(int(problem[k]), shown.get(k, f"{years[k]:g}")))
    return years + 0.0  # -0 is 0


def _sexes(sx: Column, m: int, error: _Errors) -> NDArray[np.int8]:
    uniq, code = factorize(sx, m)
    parsed = _each(parse_sex, uniq)
    per = np.array([SEX_CODE[p] if isinstance(p, str) else -1 for p in parsed], dtype=np.int8)
    out = per.take(code)
    error.first(out < 0, lambda k: parsed[int(code[k])])  # type: ignore[arg-type,return-value]
    return out


def _limits(col: Column, m: int) -> tuple[F64, NDArray[np.bool_], NDArray[np.int8]]:
    """A lab limit column as ``float()`` reads it: (values, missing, problem code).

    Missing is ``None``, an empty text or a float ``nan``; a row has a lab range unless
    both of its limits are missing. With one limit missing, the row's error is the one
    ``interpret()`` gives for that pair (``nan`` is not finite; ``None`` is not a number).
    """
    if isinstance(col, np.ndarray) and col.dtype.kind in "iuf":
        x = col.astype(np.float64, copy=False)
        return x, np.isnan(x), np.zeros(m, dtype=np.int8)
    x, odd = plain_numbers(col, m, NOT_PLAIN_VALUE)
    missing = np.zeros(m, dtype=bool)
    code = np.zeros(m, dtype=np.int8)
    at = np.flatnonzero(odd | np.isnan(x))
    for k, v in zip(at.tolist(), pick(col, at), strict=True):
        if isinstance(v, float) and math.isnan(v):
            missing[k] = True  # with the other limit given, not finite (as for one result)
        elif v is None or (isinstance(v, str) and v == ""):
            missing[k], code[k] = True, LAB_UNREADABLE
        elif isinstance(v, (bool, np.bool_)):
            code[k] = LAB_BOOLEAN
        else:
            try:
                x[k] = float(v)
            except (TypeError, ValueError, OverflowError):
                code[k] = LAB_UNREADABLE
    return x, missing, code


def _lab(lab: tuple[Column, Column], m: int, vals: _Values, error: _Errors) -> tuple[NDArray[np.bool_], F64, F64]:
    """(has a lab range, lower, upper in ng/mL): the limits are in each row's own unit."""
    lo, lo_missing, lo_code = _limits(lab[0], m)
    hi, hi_missing, hi_code = _limits(lab[1], m)
    has = ~(lo_missing & hi_missing)
    read = np.maximum(lo_code, hi_code)
    problem = np.where(read > 0, read, lab_problem(lo, hi, numpy_backend())) * has
    error.first(problem != 0, lambda k: lab_error(int(problem[k]), float(lo[k]), float(hi[k])))
    # The limits are in the result's unit (its display spelling read again, as for one result).
    factors = _each(lambda i: unit_info(i.display).factor if isinstance(i, UnitInfo) else math.nan, vals.info)
    bad = np.array([isinstance(f, IgflabError) for f in factors]).take(vals.which) & has
    error.first(bad, lambda k: _lab_unit_error(factors[int(vals.which[k])]))
    factor = np.array([f if isinstance(f, float) else math.nan for f in factors]).take(vals.which)
    return has, lo * factor, hi * factor


def _lab_unit_error(exc: object) -> LabRangeError:
    return LabRangeError(f"lab range unit: {exc.message if isinstance(exc, IgflabError) else exc}")


def parse_columns(
    values: Column,
    units: Column,
    ages: Column,
    sexes: Column,
    lab: tuple[Column, Column] | None,
    m: int,
    spec: AnalyteSpec = IGF1,
) -> InputColumns:
    """Parse ``m`` rows; each row's first unusable field (value, age, sex, lab range) is its error.

    ``spec`` is the analyte of the value column (its molar mass and plausibility bounds).
    """
    error = _Errors(m)
    vals = _values(values, units, m, error, spec)
    if not spec.censoring:
        error.first(vals.censor != 0, lambda k: censored_error(spec))
    years = _ages(ages, m, error)
    sex = _sexes(sexes, m, error)
    if lab is None:
        has, lower, upper = np.zeros(m, dtype=bool), np.full(m, np.nan), np.full(m, np.nan)
    else:
        has, lower, upper = _lab(lab, m, vals, error)
    return InputColumns(
        vals.number,
        vals.factor,
        vals.censor,
        vals.inclusive,
        vals.comma,
        years,
        sex,
        has,
        lower,
        upper,
        error.bad,
        error.by_row,
        np.array([isinstance(i, UnitInfo) and i.kind == "amount" for i in vals.info], dtype=bool).take(vals.which),
    )
