"""Reading a result: its text, its number, its censoring, and the checks on its value.

Each rule is written once. :func:`read_text` and :func:`read_number` read one text (the
batch path calls them once per distinct text, never per row); :func:`value_problem`
checks numbers and works on a float or a whole numpy column alike; :func:`value_error`
words the error for one value. :func:`parse_value` puts them together for one result.
"""

from __future__ import annotations

import decimal
import math
import numbers
import re
from typing import Any, Literal, NamedTuple

from igflab.analytes import IGF1, AnalyteSpec
from igflab.backend import SCALAR, Backend, first_code
from igflab.errors import UnitError, ValueInputError

from .units import NG_PER_ML_PER_NMOL_PER_L, UnitInfo, analyte_unit, normalise_unit, unit_info

__all__ = [
    "CENSOR_ABOVE",
    "CENSOR_BELOW",
    "CENSOR_NONE",
    "CENSOR_SYMBOL",
    "MAX_PLAUSIBLE_NG_PER_ML",
    "MAX_TEXT",
    "MIN_PLAUSIBLE_NG_PER_ML",
    "THOUSANDS_DOT",
    "VALUE_OK",
    "ParsedValue",
    "Token",
    "ambiguous_dot",
    "dot_error",
    "number_of",
    "parse_value",
    "read_number",
    "read_text",
    "resolve_unit",
    "value_error",
    "value_problem",
]

#: Censoring codes (also the codes of numpy columns): not censored ...
CENSOR_NONE = 0
#: ... ``"<x"`` (the result is at most x) ...
CENSOR_BELOW = 1
#: ... and ``">x"`` (the result is at least x).
CENSOR_ABOVE = 2
#: The symbol of each censoring code.
CENSOR_SYMBOL: tuple[Literal["<", ">"] | None, ...] = (None, "<", ">")

#: Values outside these bounds (ng/mL) are refused as not plausible IGF-1 concentrations:
#: 100 x above the highest measuring range of common assays (1600 ng/mL) and 1000 x below
#: their lowest limit of quantitation (8.8 ng/mL) (Chanson 2016; Sabbah 2021). Values between
#: these bounds and the assay limits are accepted with a warning. IGFBP-3 has its own
#: (:data:`igflab.analytes.IGFBP3`).
MAX_PLAUSIBLE_NG_PER_ML = IGF1.max_ng_per_ml
MIN_PLAUSIBLE_NG_PER_ML = IGF1.min_ng_per_ml

#: The longest value, unit or age text igflab reads.
MAX_TEXT = 200


class Token(NamedTuple):
    """One result text as read: its number, the unit written after it, censoring, decimal comma, and the
    number's text as typed (``None`` for a value that was not text)."""

    number: float
    unit: str | None
    censor: int = CENSOR_NONE
    inclusive: bool = False
    decimal_comma: bool = False
    typed: str | None = None

    @property
    def dot(self) -> bool:
        """Whether the number was typed as :data:`THOUSANDS_DOT` (``"1.200"``): it may carry a thousands dot."""
        return self.typed is not None and THOUSANDS_DOT.fullmatch(self.typed) is not None


#: A number typed with one dot and exactly three digits after it, whose part before the dot
#: could be the first group of a number written with a thousands dot ("1.200", "12.500",
#: "150.000"; not "0.500", "1.20" or "1.2000"). Many European reports write 1200 as "1.200".
THOUSANDS_DOT = re.compile(r"[+-]?[1-9][0-9]{0,2}\.[0-9]{3}", re.ASCII)


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_LEADING = re.compile(
    r"\s*(?P<censor><=|>=|=<|=>|<|>|\u2264|\u2265)?\s*"
    r"(?P<number>[+-]?[0-9][0-9.,]*(?:[eE][+-]?\d+)?|[+-]?\.[0-9]+(?:[eE][+-]?\d+)?)"
    r"\s*(?P<unit>.*?)\s*",
    re.ASCII,
)
_CENSOR = {
    "<": (CENSOR_BELOW, False),
    "<=": (CENSOR_BELOW, True),
    "=<": (CENSOR_BELOW, True),
    "\u2264": (CENSOR_BELOW, True),
    ">": (CENSOR_ABOVE, False),
    ">=": (CENSOR_ABOVE, True),
    "=>": (CENSOR_ABOVE, True),
    "\u2265": (CENSOR_ABOVE, True),
}


def read_number(text: str) -> tuple[float, bool]:
    """``(number, decimal comma used)`` from a decimal number as laboratories print it.

    "150,5" is read as 150.5 (a comma followed by one, two or more than three digits can
    only be a decimal comma). "1,200" is refused: it may mean 1200 or 1.2. (A dot followed
    by three digits, "1.200", is read here as a decimal point; :func:`parse_value` refuses it
    where the two readings differ in meaning: :func:`ambiguous_dot`.)

    >>> read_number("150,5")
    (150.5, True)
    """
    comma = False
    if "," in text:
        if text.count(",") == 1 and "." not in text:
            whole, frac = text.split(",")
            if len(frac) == 3:
                grouped, decimal = f"{whole}{frac}", f"{whole}.{frac}".rstrip("0").rstrip(".")
                raise ValueInputError(
                    f"{text!r} is ambiguous (thousands separator or decimal comma?): it reads as {grouped} with a "
                    f"thousands comma or as {decimal or '0'} with a decimal comma; write it without a separator, "
                    f"e.g. {grouped}, or with a decimal point, e.g. {decimal or '0'}"
                )
            if whole and frac and whole.lstrip("+-").isdigit() and frac.isdigit():
                comma, text = True, f"{whole}.{frac}"
        if "," in text:
            raise ValueInputError(f"{text!r} is not a number igflab can read; write it without separators, e.g. 1200.5")
    if not _NUMBER.fullmatch(text):
        raise ValueInputError(f"{text!r} is not a number")
    return float(text), comma


def read_text(value: str) -> Token:
    """A result written as text: ``"150"``, ``"150 ng/mL"``, ``"<25"``, ``">= 1600 ug/L"``, ``"150,5"``.

    >>> read_text("<= 25 ng/ml")
    Token(number=25.0, unit='ng/ml', censor=1, inclusive=True, decimal_comma=False, typed='25')
    """
    if len(value) > MAX_TEXT:
        raise ValueInputError(f"value text is too long ({len(value)} characters)")
    if not value.strip():
        raise ValueInputError("value is empty")
    m = _LEADING.fullmatch(value)
    if m is None:
        raise ValueInputError(f"{value.strip()!r} is not a result igflab can read (expected e.g. '150 ng/mL')")
    censor, inclusive = _CENSOR[m["censor"]] if m["censor"] else (CENSOR_NONE, False)
    unit = m["unit"]
    if unit and (unit[0] in "_0123456789" or (m["number"] == "0" and unit[0] in "xXbBoO")):
        raise ValueInputError(f"{value.strip()!r} is not a number")
    number, comma = read_number(m["number"])
    return Token(number, unit or None, censor, inclusive, comma, m["number"])


def number_of(value: object) -> float:
    """A value that is not text, as a float: ints, floats, decimals and other real numbers (not booleans).

    >>> from decimal import Decimal
    >>> number_of(Decimal("150.5"))
    150.5
    """
    if isinstance(value, bool):
        raise ValueInputError("value is a boolean, not a number")
    if isinstance(value, (int, float)):
        try:
            return float(value)
        except OverflowError:
            raise ValueInputError("value is too large") from None
    if isinstance(value, (numbers.Real, decimal.Decimal)):  # Decimal: SQL and Parquet numeric columns
        try:
            return float(value)
        except (TypeError, ValueError, OverflowError):
            raise ValueInputError(f"value {value!r} is not a number") from None
    raise ValueInputError(f"value must be a number or text such as '150 ng/mL', got {type(value).__name__}")


def resolve_unit(text_unit: str | None, unit: object) -> UnitInfo:
    """The unit of a result: the one written with the value, else ``unit``; both must agree.

    A missing ``unit`` is ``None`` or a float ``nan`` (a missing cell of a table).
    """
    if isinstance(unit, float) and math.isnan(unit):
        unit = None
    if text_unit is not None:
        if unit is not None and not isinstance(unit, str):
            unit_info(unit)  # raises: the unit must be text
        if isinstance(unit, str) and normalise_unit(unit) != normalise_unit(text_unit):
            raise UnitError(f"the value says {text_unit!r} but the unit says {unit!r}")
        return unit_info(text_unit)
    return unit_info(unit)


# value_problem() codes: 0 is a usable value.
VALUE_OK = 0
_NAN, _INF, _NEGATIVE, _ZERO, _IMPLAUSIBLE = 1, 2, 3, 4, 5


def value_problem(number: Any, ng_per_ml: Any, xp: Backend = SCALAR, spec: AnalyteSpec = IGF1) -> Any:
    """0 where the value is usable, else a code for :func:`value_error` (floats or numpy arrays).

    A value must be a finite positive number whose concentration lies within the analyte's
    plausibility bounds (IGF-1: :data:`MIN_PLAUSIBLE_NG_PER_ML`-:data:`MAX_PLAUSIBLE_NG_PER_ML`).
    """
    lo, hi = spec.min_ng_per_ml, spec.max_ng_per_ml
    if xp is SCALAR and 0.0 < number < math.inf and lo <= ng_per_ml <= hi:
        return VALUE_OK  # speed: the usual case of one value, decided without the chain below (same answer)
    usable = (number > 0.0) & (number < math.inf) & (ng_per_ml >= lo)
    usable &= ng_per_ml <= hi
    if xp.all(usable):
        return usable * VALUE_OK  # speed: a column with every value usable (zeros), without the chain below
    implausible = (ng_per_ml < lo) | (ng_per_ml > hi)
    nan = number != number  # noqa: PLR0124 - nan, on floats and arrays alike
    cases = ((nan, _NAN), (abs(number) == math.inf, _INF), (number < 0, _NEGATIVE), (number == 0, _ZERO))
    return first_code(xp, (*cases, (implausible, _IMPLAUSIBLE)), VALUE_OK)


_VALUE_ERRORS = {
    _NAN: "value is not a number (NaN)",
    _INF: "value is infinite",
    _NEGATIVE: "value {number:g} is negative; a concentration cannot be",
    _ZERO: "value is 0; a result under the assay's limit is written with '<', e.g. '<15 ng/mL'",
    _IMPLAUSIBLE: "{number:g} {display} is not a plausible {words} concentration (outside "
    "{lo:g}-{hi:g} ng/mL); check the value and unit",
}


def value_error(code: int, number: float, display: str, spec: AnalyteSpec = IGF1) -> ValueInputError:
    """The error of a value for which :func:`value_problem` gave ``code``."""
    words, lo, hi = spec.words, spec.min_ng_per_ml, spec.max_ng_per_ml
    return ValueInputError(_VALUE_ERRORS[code].format(number=number, display=display, words=words, lo=lo, hi=hi))


def ambiguous_dot(number: Any, factor: Any, spec: AnalyteSpec = IGF1) -> Any:
    """Where a number typed as :data:`THOUSANDS_DOT` cannot be read: its two readings differ in meaning.

    Read with a decimal point ("1.200" = 1.2) it lies below the lowest value the analyte's
    assays measure (:attr:`~igflab.analytes.AnalyteSpec.assay_range_ng_per_ml`, the limit of
    the ``below_assay_range`` warning), while read with a thousands dot (1200) it is a
    plausible concentration (within the analyte's plausibility bounds). Where the decimal
    reading is within the assay range the dot is a decimal point: for IGF-1 the thousands
    reading is then at least 1000 x 8.8 = 8800 ng/mL, far above what assays measure (1600
    ng/mL). An analyte without a known assay range has no ambiguous number. ``number`` is the
    number as typed and ``factor`` its unit's factor to ng/mL (floats or numpy arrays).

    >>> ambiguous_dot(1.2, 1.0), ambiguous_dot(150.0, 1.0), ambiguous_dot(1.1, 7.649), ambiguous_dot(1.2, 7.649)
    (True, False, True, False)
    """
    if spec.assay_range_ng_per_ml is None:
        return number > math.inf  # False, on floats and arrays alike
    grouped = number * factor * 1000.0
    return (
        (number * factor < spec.assay_range_ng_per_ml[0])
        & (grouped >= spec.min_ng_per_ml)
        & (grouped <= spec.max_ng_per_ml)
    )


def dot_error(typed: str, display: str, spec: AnalyteSpec = IGF1) -> ValueInputError:
    """The error of a number typed with a dot that :func:`ambiguous_dot` finds ambiguous: both readings, and how
    to type each.

    >>> message = dot_error("1.200", "ng/mL").message
    >>> message.startswith("'1.200 ng/mL' is ambiguous"), "1200 ng/mL with a thousands dot" in message
    (True, True)
    >>> message.split(": ")[-1].split("; ")[-1]
    'write 1200 for the first, or 1.2 for the second'
    """
    number = float(typed)
    grouped, decimal = f"{round(number * 1000)}", f"{number:g}"
    return ValueInputError(
        f"'{typed} {display}' is ambiguous (thousands dot or decimal point?): it reads as {grouped} {display} with a "
        f"thousands dot, or as {decimal} {display} with a decimal point, which is below what {spec.words} assays can "
        f"measure; write {grouped} for the first, or {decimal} for the second"
    )


def censored_error(spec: AnalyteSpec) -> ValueInputError:
    """A censored result ('<' or '>') of an analyte whose censored results igflab does not read."""
    return ValueInputError(f"a censored {spec.words} result ('<' or '>') cannot be placed on its table")


class ParsedValue(NamedTuple):
    """A result as read: the number and unit as given, its factor to ng/mL, censoring (immutable); ``typed`` is the
    number's text as typed (``"150,0"``; ``None`` for a value that was not text), which warnings quote."""

    number: float
    unit: UnitInfo
    censor: int = CENSOR_NONE
    inclusive: bool = False
    decimal_comma: bool = False
    typed: str | None = None

    @property
    def ng_per_ml(self) -> float:
        return self.number * self.unit.factor

    @property
    def nmol_per_l(self) -> float:
        return self.ng_per_ml / NG_PER_ML_PER_NMOL_PER_L

    @property
    def censored(self) -> Literal["<", ">"] | None:
        return CENSOR_SYMBOL[self.censor]


def parse_value(value: object, unit: object = None, spec: AnalyteSpec = IGF1) -> ParsedValue:
    """Read a result given as a number and a unit, one text, or a pint Quantity (of ``spec``'s analyte).

    >>> parse_value("150 ng/mL").ng_per_ml
    150.0
    >>> round(parse_value(19.6, "nmol/L").ng_per_ml, 2)
    149.92
    >>> parse_value("<25 ng/ml").censored
    '<'
    """
    if type(value) is float:  # the common case first (exact type: a subclass may be a Quantity)
        tok = Token(value, None)
    elif isinstance(value, str):
        tok = read_text(value)
    elif hasattr(value, "magnitude") and hasattr(value, "units"):
        if unit is not None:
            raise UnitError("give the unit either in the Quantity or separately, not both")
        tok = Token(number_of(value.magnitude), f"{value.units}")
    else:
        tok = Token(number_of(value), None)
    info = resolve_unit(tok.unit, unit)
    info = analyte_unit(info, spec)
    number = tok.number
    if tok.typed is not None and tok.dot and ambiguous_dot(number, info.factor, spec):
        raise dot_error(tok.typed, info.display, spec)
    code = value_problem(number, number * info.factor, SCALAR, spec)
    if code:
        raise value_error(code, number, info.display, spec)
    return ParsedValue(number, info, tok.censor, tok.inclusive, tok.decimal_comma, tok.typed)
