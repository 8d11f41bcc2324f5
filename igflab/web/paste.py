"""A line pasted from a laboratory report, read for the page's form.

:func:`igflab.read_report_line` reads the line (``IGF-1 23.1 nmol/L (11.3-31.0)``,
``<15 ng/mL``, ``IGF-1: 150 ng/mL  Ref: 52-328``); here its parts become the form's fields,
a sentence says what was read, and plain notes say what the line does not give.
"""

from __future__ import annotations

from dataclasses import dataclass

from igflab.inputs.report_line import ReportLine, read_report_line
from igflab.inputs.units import unit_info

__all__ = ["LineReading", "read_line"]

_NAMES = {"igf1": "IGF-1", "igfbp3": "IGFBP-3"}


@dataclass(frozen=True)
class LineReading:
    """What the page takes from a line: the form's fields, what it read (in words), and notes."""

    fills: dict[str, str]
    said: str
    notes: tuple[str, ...]
    analyte: str


def _decimals(x: float) -> int:
    text = repr(x)
    return 0 if text.endswith(".0") or "." not in text else len(text.split(".")[1])


def _limits(low: float, high: float) -> tuple[str, str]:
    """Both limits with the same decimals, as laboratories print them (11.3-31.0, 84-270)."""
    places = max(_decimals(low), _decimals(high))
    return f"{low:.{places}f}", f"{high:.{places}f}"


def _value_words(line: ReportLine) -> str:
    number = line.value.lstrip("<>=\u2264\u2265")
    if line.censored == "<":
        number = f"below {number}"
    elif line.censored == ">":
        number = f"above {number}"
    return f"{number} {line.unit}" if line.unit else number


def _same_unit(a: str, b: str) -> bool:
    return unit_info(a).display == unit_info(b).display


def read_line(text: str) -> LineReading:
    """The form's fields from a report line; raises :class:`~igflab.errors.IgflabError` when it cannot be read."""
    line = read_report_line(text)
    analyte = line.analyte or "igf1"
    name = _NAMES[analyte]
    prefix = "" if analyte == "igf1" else "igfbp3_"
    fills = {f"{prefix}value": line.value}
    if line.unit:
        fills[f"{prefix}unit"] = line.unit
    notes: list[str] = []
    said = f"Read: {name} {_value_words(line)}"
    if line.analyte is None:
        notes.append("The line does not name the test, so it is read as IGF-1.")
    range_unit = line.lab_range_unit or line.unit
    if line.lab_low is not None and line.lab_high is not None:
        low, high = _limits(line.lab_low, line.lab_high)
        said += f", laboratory range {low}-{high}" + (f" {range_unit}" if range_unit else "")
        if analyte == "igf1" and line.unit and range_unit and not _same_unit(range_unit, line.unit):
            notes.append(
                f"The range is printed in {range_unit} and the result in {line.unit}: "
                f"enter the range in {line.unit} below, or leave it empty."
            )
        elif analyte == "igf1":
            fills.update(lab_low=low, lab_high=high)
        else:
            notes.append("The page compares IGFBP-3 with its published reference; the laboratory's range is not used.")
    elif line.one_sided:
        limit = line.lab_high if line.lab_high is not None else line.lab_low
        side = "below" if line.lab_high is not None else "above"
        said += f", laboratory range {side} {limit:g}" + (f" {range_unit}" if range_unit else "")
        notes.append(
            "The laboratory's range gives only one limit, so the result is compared with a published reference."
        )
    else:
        said += ", no laboratory range"
    if line.flag:
        said += f", flagged {line.flag}"
    return LineReading(fills, said + ".", tuple(notes), analyte)
