"""The laboratory's printed reference range: read once, checked by one rule.

:func:`lab_problem` checks two limits (floats or numpy columns); :func:`lab_error` words
the error; :func:`parse_lab_range` reads one range given as a pair or as text.
"""

from __future__ import annotations

import math
import re
from typing import Any, NamedTuple

from igflab.backend import SCALAR, Backend, first_code
from igflab.errors import IgflabError, LabRangeError

from .units import UnitInfo, unit_info
from .values import read_number

__all__ = ["LAB_BOOLEAN", "LAB_OK", "LAB_UNREADABLE", "LabRange", "lab_error", "lab_problem", "parse_lab_range"]


class LabRange(NamedTuple):
    """A laboratory range in ng/mL, with the unit it was printed in and that unit's factor to ng/mL.

    ``typed`` is the range's text as typed (``None`` when given as two numbers), and ``decimal_comma``
    whether a limit was written with a decimal comma ("52,5-328"): read as a decimal point, with the
    ``lab_range_decimal_comma`` warning."""

    lower: float
    upper: float
    unit: str
    factor: float = 1.0
    typed: str | None = None
    decimal_comma: bool = False


_RANGE = re.compile(
    r"\s*(?P<lo>\d+(?:[.,]\d+)?)\s*(?:-|\u2013|\u2014|to|\.\.)\s*(?P<hi>\d+(?:[.,]\d+)?)\s*(?P<unit>[^\d\s].*?)?\s*",
    re.IGNORECASE | re.ASCII,
)
_BRACKETS = {"(": ")", "[": "]"}


def _unbracketed(text: str) -> str:
    """``text`` without the brackets a report prints around a range: ``(84-270)``, ``[84-270 ug/L]``."""
    inner = text.strip()
    if len(inner) > 2 and _BRACKETS.get(inner[0]) == inner[-1]:
        return inner[1:-1]
    return text


# lab_problem() codes: 0 is a usable range.
LAB_OK = 0
#: A limit that is missing or not a number (the batch path sets this code itself).
LAB_UNREADABLE = 1
#: A limit that is a boolean (the batch path sets this code itself).
LAB_BOOLEAN = 5
_NONFINITE, _NONPOSITIVE, _INVERTED = 2, 3, 4


def lab_problem(lower: Any, upper: Any, xp: Backend = SCALAR) -> Any:
    """0 where two limits make a range, else a code for :func:`lab_error` (floats or numpy arrays)."""
    finite = (abs(lower) < math.inf) & (abs(upper) < math.inf)  # False for nan too
    infinite = finite == False  # noqa: E712 - elementwise "not", on bools and arrays alike
    cases = ((infinite, _NONFINITE), ((lower <= 0) | (upper <= 0), _NONPOSITIVE), (lower >= upper, _INVERTED))
    return first_code(xp, cases, LAB_OK)


_LAB_ERRORS = {
    LAB_UNREADABLE: "lab range must be two finite numbers (low, high)",
    LAB_BOOLEAN: "lab range must be two numbers (low, high)",
    _NONFINITE: "lab range limits must be finite numbers",
    _NONPOSITIVE: "lab range limits must be positive, got {lower:g}-{upper:g}",
    _INVERTED: "lab range low ({lower:g}) must be below high ({upper:g})",
}


def lab_error(code: int, lower: float, upper: float) -> LabRangeError:
    """The error of a range for which :func:`lab_problem` gave ``code``."""
    return LabRangeError(_LAB_ERRORS[code].format(lower=lower, upper=upper))


def _limits(lab_range: object) -> tuple[float, float, str | None, bool]:
    """The two numbers of a range, the unit written in its text, and whether a limit had a decimal comma."""
    if isinstance(lab_range, str):
        m = _RANGE.fullmatch(_unbracketed(lab_range))
        if m is None and _unbracketed(lab_range).lstrip()[:1] in ("<", ">", "\u2264", "\u2265"):
            raise LabRangeError(
                f"lab range {lab_range.strip()[:60]!r} gives one limit; the zone needs both (LOW-HIGH), so leave it "
                "out to compare with the published reference"
            )
        if m is None:
            raise LabRangeError(f"lab range {lab_range.strip()[:60]!r} is not of the form LOW-HIGH, e.g. 52-328")
        try:
            (lo, lo_comma), (hi, hi_comma) = (read_number(m[k]) for k in ("lo", "hi"))
        except IgflabError as exc:
            raise LabRangeError(f"lab range: {exc.message}") from None
        return lo, hi, m["unit"] or None, lo_comma or hi_comma
    if isinstance(lab_range, (tuple, list)) and len(lab_range) == 2:
        if any(isinstance(v, bool) for v in lab_range):
            raise lab_error(LAB_BOOLEAN, math.nan, math.nan)
        try:
            lo, hi = (float(v) for v in lab_range)
        except (TypeError, ValueError, OverflowError):
            raise lab_error(LAB_UNREADABLE, math.nan, math.nan) from None
        return lo, hi, None, False
    raise LabRangeError("lab range must be two numbers (low, high) or text such as '52-328'")


def _info_or_none(unit: str) -> UnitInfo | None:
    try:
        return unit_info(unit)
    except IgflabError:
        return None


def parse_lab_range(lab_range: object, unit: object = None, default_unit: str | None = None) -> LabRange:
    """The range in ng/mL from ``(52, 328)`` or text such as ``"52-328 ng/mL"``.

    The unit is the one written in the text, else ``unit`` (``lab_range_unit``), else
    ``default_unit`` (the result's own unit, as laboratories print both in one unit).
    Numbers are read as results are: "52,5" is a decimal comma (``decimal_comma``, a warning),
    "1,200" is refused.

    >>> parse_lab_range("7-43 nmol/L").upper
    328.907
    >>> comma = parse_lab_range("52,5-328", default_unit="ng/mL")
    >>> comma.lower, comma.decimal_comma, comma.typed
    (52.5, True, '52,5-328')
    """
    lo, hi, text_unit, comma = _limits(lab_range)
    if unit is not None and not isinstance(unit, str):
        raise LabRangeError(f"lab_range_unit must be text such as 'ng/mL', got {type(unit).__name__}")
    if text_unit and unit and _info_or_none(text_unit) != _info_or_none(unit):
        raise LabRangeError(f"the lab range says {text_unit!r} but lab_range_unit says {unit!r}")
    code = lab_problem(lo, hi)
    if code:
        raise lab_error(code, lo, hi)
    chosen = text_unit or unit or default_unit
    if chosen is None:
        raise LabRangeError("the lab range needs a unit")
    try:
        info = unit_info(chosen)
    except IgflabError as exc:
        raise LabRangeError(f"lab range unit: {exc.message}") from None
    typed = lab_range.strip() if isinstance(lab_range, str) else None
    return LabRange(lo * info.factor, hi * info.factor, info.display, info.factor, typed, comma)
