"""A line of a laboratory report, read: the analyte, the value and unit, a flag, and the laboratory's range.

:func:`read_report_line` reads what laboratories print, e.g.::

    IGF-1 23.1 nmol/L (11.3-31.0)
    IGF-1 98 ug/L 84-270
    <15 ng/mL
    IGF-1: 150 ng/mL  Ref: 52-328
    IGFBP-3 4.1 mg/L (2.4-5.9)
    IGF-I 23,1 nmol/l H [<31,0]

It only reads: numbers as :func:`igflab.inputs.values.read_number` reads a result ("23,1" is a decimal
comma, "1,200" is refused as ambiguous), units as :func:`igflab.inputs.units.unit_info` reads them, a
range's limits checked as a laboratory range is. Whether the value is plausible for the analyte, and
what it means, is :func:`igflab.interpret`'s to say: the value text is kept as printed, so a decimal
comma gets the same warning there. Anything it cannot read raises an :class:`~igflab.errors.IgflabError`.
"""

from __future__ import annotations

import re
from typing import Literal

from igflab._model import FrozenModel
from igflab.errors import IgflabError, LabRangeError, ValueInputError

from .lab_range import lab_error, lab_problem
from .units import unit_info
from .values import MAX_TEXT, read_number

__all__ = ["ReportLine", "read_report_line"]

Missing = Literal["analyte", "unit", "lab_range"]


class ReportLine(FrozenModel):
    """What one line of a laboratory report says (immutable)."""

    text: str
    """The line as given, stripped."""
    analyte: Literal["igf1", "igfbp3"] | None
    """The analyte the line names (None: not named; IGF-1 is then assumed by the command line)."""
    value: str
    """The value as printed, with its sign (``"<15"``, ``"23,1"``): what :func:`igflab.interpret` reads."""
    number: float
    """The value's number (a decimal comma read as a point)."""
    censored: Literal["<", ">"] | None
    unit: str | None
    """The value's unit, in igflab's spelling (None: not printed)."""
    flag: str | None
    """The laboratory's flag as printed (``H``, ``L``, ``*``), if any."""
    lab_low: float | None
    """The laboratory range's lower limit (None: not printed, or a one-sided range such as ``<270``)."""
    lab_high: float | None
    """The laboratory range's upper limit (None: not printed, or a one-sided range such as ``>52``)."""
    lab_range_unit: str | None
    """The unit printed with the range (None: the value's, as laboratories print them)."""
    decimal_comma: bool
    """Whether the value or the range was printed with a decimal comma."""
    missing: tuple[Missing, ...]
    """What the line does not print, of the analyte, the unit and the laboratory range (age and sex never
    are on a result line)."""

    @property
    def lab_range(self) -> str | None:
        """The range as ``LOW-HIGH``, ``<HIGH`` or ``>LOW`` (None when not printed)."""
        if self.lab_low is not None and self.lab_high is not None:
            return f"{self.lab_low:g}-{self.lab_high:g}"
        if self.lab_high is not None:
            return f"<{self.lab_high:g}"
        if self.lab_low is not None:
            return f">{self.lab_low:g}"
        return None

    @property
    def one_sided(self) -> bool:
        """Whether the laboratory printed only one limit (``<270``)."""
        return (self.lab_low is None) != (self.lab_high is None)


_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-"})
_NAMES = (
    (
        r"igf[- ]?bp[- ]?3|igf[- ]?binding[- ]?protein[- ]?3|insulin[- ]?like growth factor[- ]?binding protein[- ]?3",
        "igfbp3",
    ),
    (r"igf[- ]?(?:1|i)(?![\w])|insulin[- ]?like growth factor[- ]?(?:1|i|one)(?![\w])|somatomedin[- ]?c", "igf1"),
)
_ANALYTE = re.compile(
    r"(?P<name>" + "|".join(f"(?:{p})" for p, _ in _NAMES) + r")"
    r"(?:\s*\((?P<aside>[A-Za-z][A-Za-z ,.\-]*)\))?\s*[:=,]?\s*",
    re.IGNORECASE,
)
_NUM = r"\d[\d.,]*"
_SIGN = r"<=|>=|=<|=>|<|>|\u2264|\u2265"
_BELOW = ("<", "<=", "=<", "\u2264")
_VALUE = re.compile(rf"(?P<sign>{_SIGN})?\s*(?P<num>{_NUM})\s*")
_UNIT = re.compile(r"(?P<unit>[^\s()\[\]:;,/]+/[^\s()\[\]:;,]+)\s*")
_FLAG = re.compile(r"(?P<flag>\*{1,2}|!|HH|LL|H|L)(?=\s|$|[(\[])\s*")
_LABEL = re.compile(
    r"[,;]?\s*(?:(?:ref(?:erence)?\.?(?:\s*(?:range|interval|values?))?|normal(?:\s*range)?|rr|range)\s*[:=]?\s*)?",
    re.IGNORECASE,
)
_RANGE = re.compile(
    rf"(?P<open>[(\[])?\s*(?:(?P<lo>{_NUM})\s*(?:-|to|\.\.)\s*(?P<hi>{_NUM})|(?P<op>{_SIGN})\s*(?P<one>{_NUM}))\s*"
    r"(?P<unit>[^\s()\[\]:;,/]+/[^\s()\[\]:;,]+)?\s*(?P<close>[)\]])?\s*"
    r"(?P<after>[^\s()\[\]:;,/]+/[^\s()\[\]:;,]+)?\s*",
    re.IGNORECASE,
)


def _unit(text: str) -> str:
    return unit_info(text).display


def _read(num: str, what: str) -> tuple[float, bool]:
    try:
        return read_number(num.rstrip(".,"))
    except IgflabError as exc:
        raise ValueInputError(f"{what}: {exc.message}") from None


def read_report_line(text: object) -> ReportLine:
    """Read one result line of a laboratory report (see the module's description).

    >>> line = read_report_line("IGF-1 23.1 nmol/L (11.3-31.0)")
    >>> line.analyte, line.value, line.unit, line.lab_range, line.missing
    ('igf1', '23.1', 'nmol/L', '11.3-31', ())
    >>> read_report_line("<15 ng/mL").missing
    ('analyte', 'lab_range')
    """
    if not isinstance(text, str):
        raise ValueInputError(f"a report line is text, got {type(text).__name__}")
    line = " ".join(text.translate(_DASHES).split())
    if not line:
        raise ValueInputError("the report line is empty")
    if len(line) > MAX_TEXT:
        raise ValueInputError(f"the report line is too long ({len(line)} characters)")
    pos, analyte = 0, None
    m = _ANALYTE.match(line)
    if m:
        name = m["name"].lower()
        analyte = next(key for pattern, key in _NAMES if re.fullmatch(pattern, name, re.IGNORECASE))
        pos = m.end()
    v = _VALUE.match(line, pos)
    if v is None:
        start = line[pos:].split(" ", 1)[0][:30]
        what = "a value" if m else "IGF-1, IGFBP-3 or a value"
        raise ValueInputError(f"cannot read the report line at {start!r}: expected {what}, e.g. 'IGF-1 150 ng/mL'")
    number, comma = _read(v["num"], "value")
    pos = v.end()
    unit = None
    u = _UNIT.match(line, pos)
    if u:
        unit, pos = _unit(u["unit"]), u.end()
    f = _FLAG.match(line, pos)
    flag = None
    if f:
        flag, pos = f["flag"], f.end()
    low = high = range_unit = None
    label = _LABEL.match(line, pos)
    r = _RANGE.match(line, label.end()) if label else None
    if r and bool(r["open"]) == bool(r["close"]) and not (r["unit"] and r["after"]):
        low, high, range_comma = _limits(r)
        comma = comma or range_comma
        written = r["unit"] or r["after"]
        range_unit = _unit(written) if written else None
        pos = r.end()
    if pos < len(line):
        raise ValueInputError(f"cannot read {line[pos:][:40]!r} in the report line {line[:60]!r}")
    missing: list[Missing] = []
    if analyte is None:
        missing.append("analyte")
    if unit is None and range_unit is None:
        missing.append("unit")
    if low is None and high is None:
        missing.append("lab_range")
    sign = v["sign"] or ""
    return ReportLine(
        text=text.strip(),
        analyte=analyte,
        value=sign + v["num"].rstrip(".,"),
        number=number,
        censored=("<" if sign in _BELOW else ">") if sign else None,
        unit=unit or range_unit,
        flag=flag,
        lab_low=low,
        lab_high=high,
        lab_range_unit=range_unit,
        decimal_comma=comma,
        missing=tuple(missing),
    )


def _limits(r: re.Match[str]) -> tuple[float | None, float | None, bool]:
    """The range's limits (one of them None for a one-sided range), checked as a laboratory range."""
    if r["lo"] is not None:
        (lo, c1), (hi, c2) = _read(r["lo"], "lab range"), _read(r["hi"], "lab range")
        code = lab_problem(lo, hi)
        if code:
            raise lab_error(code, lo, hi)
        return lo, hi, c1 or c2
    limit, comma = _read(r["one"], "lab range")
    if not 0.0 < limit < float("inf"):
        raise LabRangeError(f"the lab range's limit must be a positive number, got {limit:g}")
    below = r["op"] in _BELOW
    return (None, limit, comma) if below else (limit, None, comma)
