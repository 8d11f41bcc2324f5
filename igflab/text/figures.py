"""Figures in the unit a person reads: the unit they typed first, the other unit beside it.

A result typed in nmol/L is shown in nmol/L with the analyte's usual mass unit beside it
(ng/mL for IGF-1); one typed in a mass unit the analyte is shown in (ng/mL or µg/L for
IGF-1, the same number; for IGFBP-3 also mg/L and µg/mL) in that unit with nmol/L beside
it. Any other unit is shown in ng/mL. nmol/L figures use the analyte's molar mass. The
display unit can also be chosen (``igflab interpret --unit nmol/L``, the web API's
``display_unit``). Only the display changes: results keep full precision in ng/mL and nmol/L.
"""

from __future__ import annotations

import functools
from typing import Final

from igflab.analytes import IGF1, AnalyteSpec
from igflab.errors import UnitError
from igflab.inputs.units import normalise_unit

from .format import number
from .words import DisplayUnit

__all__ = [
    "DISPLAY_UNITS",
    "DisplayUnit",
    "display_unit",
    "display_units",
    "figure",
    "figures",
    "in_unit",
    "other_unit",
    "range_figures",
]

#: The units IGF-1 figures can be shown in (ng/mL and µg/L are the same number); see :func:`display_units`.
DISPLAY_UNITS: Final[tuple[DisplayUnit, ...]] = ("ng/mL", "µg/L", "nmol/L")
_BY_KEY: Final[dict[str, DisplayUnit]] = {
    "ng/ml": "ng/mL",
    "ug/l": "µg/L",
    "nmol/l": "nmol/L",
    "mg/l": "mg/L",
    "ug/ml": "µg/mL",
}
#: ng/mL per unit of each mass display unit.
_NG_PER: Final[dict[DisplayUnit, float]] = {"ng/mL": 1.0, "µg/L": 1.0, "mg/L": 1000.0, "µg/mL": 1000.0}


@functools.lru_cache(maxsize=16)
def display_units(spec: AnalyteSpec = IGF1) -> tuple[DisplayUnit, ...]:
    """The units figures of ``spec``'s analyte can be shown in (from :attr:`AnalyteSpec.display_units`).

    >>> from igflab.analytes import IGFBP3
    >>> display_units(), display_units(IGFBP3)
    (('ng/mL', 'µg/L', 'nmol/L'), ('mg/L', 'µg/mL', 'ng/mL', 'µg/L', 'nmol/L'))
    """
    return tuple(_BY_KEY[normalise_unit(u)] for u in spec.display_units)


def display_unit(typed: str | None, chosen: str | None = None, spec: AnalyteSpec = IGF1) -> DisplayUnit:
    """The unit figures are shown in: ``chosen`` when given, else the unit the result was typed in (when it is
    one of ``spec``'s display units; else ng/mL).

    >>> display_unit("nmol/L"), display_unit("µg/L"), display_unit("ng/dL"), display_unit("ng/mL", "nmol/l")
    ('nmol/L', 'µg/L', 'ng/mL', 'nmol/L')
    >>> from igflab.analytes import IGFBP3
    >>> display_unit("mg/L"), display_unit("mg/L", None, IGFBP3)
    ('ng/mL', 'mg/L')
    """
    units = display_units(spec)
    if chosen is None and typed in units:  # speed: the common case, without normalising the spelling
        return typed
    if chosen is not None:
        unit = _BY_KEY.get(normalise_unit(str(chosen)))
        if unit is None or unit not in units:
            shown = ", ".join(units)
            raise UnitError(f"figures can be shown in {shown}, not {chosen!r}", field="display_unit")
        return unit
    unit = _BY_KEY.get(normalise_unit(typed)) if typed else None
    return unit if unit is not None and unit in units else "ng/mL"


def _in(x_ng_per_ml: float, unit: DisplayUnit, spec: AnalyteSpec) -> float:
    if unit == "nmol/L":
        return x_ng_per_ml / spec.ng_per_ml_per_nmol_per_l
    return x_ng_per_ml / _NG_PER[unit]


def in_unit(x_ng_per_ml: float, unit: DisplayUnit, spec: AnalyteSpec = IGF1) -> float:
    """A value in ng/mL as a number in ``unit``.

    >>> in_unit(4100, "mg/L"), round(in_unit(150, "nmol/L"), 2)
    (4.1, 19.61)
    """
    return _in(x_ng_per_ml, unit, spec)


def other_unit(unit: DisplayUnit, spec: AnalyteSpec = IGF1) -> DisplayUnit:
    """The unit beside ``unit``: nmol/L beside a mass unit, the analyte's usual mass unit beside nmol/L."""
    return _BY_KEY.get(normalise_unit(spec.usual_unit), "ng/mL") if unit == "nmol/L" else "nmol/L"


def figure(
    x_ng_per_ml: float,
    unit: DisplayUnit,
    censored: str | None = None,
    ng_text: str | None = None,
    spec: AnalyteSpec = IGF1,
) -> str:
    """One figure in ``unit``: ``"23.5 nmol/L"``. ``ng_text`` is the ng/mL number as already written (a
    value beside limits is written so that it never rounds onto a limit it is not on).

    >>> figure(180, "nmol/L"), figure(25, "ng/mL", "<"), figure(227.4, "ng/mL", None, "227.4")
    ('23.5 nmol/L', '<25 ng/mL', '227.4 ng/mL')
    """
    same = ng_text is not None and _NG_PER.get(unit) == 1.0
    text = ng_text if same and ng_text is not None else number(_in(x_ng_per_ml, unit, spec))
    return f"{censored or ''}{text} {unit}"


def figures(
    x_ng_per_ml: float,
    unit: DisplayUnit,
    censored: str | None = None,
    ng_text: str | None = None,
    spec: AnalyteSpec = IGF1,
) -> str:
    """A figure in ``unit`` with the other unit beside it: ``"23.5 nmol/L (180 ng/mL)"``.

    >>> figures(180, "nmol/L"), figures(180, "µg/L")
    ('23.5 nmol/L (180 ng/mL)', '180 µg/L (23.5 nmol/L)')
    >>> from igflab.analytes import IGFBP3
    >>> figures(4100, "mg/L", spec=IGFBP3)
    '4.10 mg/L (143 nmol/L)'
    """
    mine = figure(x_ng_per_ml, unit, censored, ng_text, spec)
    return f"{mine} ({figure(x_ng_per_ml, other_unit(unit, spec), censored, ng_text, spec)})"


def range_figures(lower_ng_per_ml: float, upper_ng_per_ml: float, unit: DisplayUnit, spec: AnalyteSpec = IGF1) -> str:
    """A range in ``unit`` with the other unit beside it: ``"69.0-227 ng/mL (9.02-29.7 nmol/L)"``.

    >>> range_figures(68.97, 227.0, "ng/mL")
    '69.0-227 ng/mL (9.02-29.7 nmol/L)'
    """
    other = other_unit(unit, spec)
    lo, hi = number(_in(lower_ng_per_ml, unit, spec)), number(_in(upper_ng_per_ml, unit, spec))
    lo_other, hi_other = number(_in(lower_ng_per_ml, other, spec)), number(_in(upper_ng_per_ml, other, spec))
    return f"{lo}-{hi} {unit} ({lo_other}-{hi_other} {other})"
