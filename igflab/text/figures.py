"""Figures in the unit a person reads: the unit they typed first, the other unit beside it.

A result typed in nmol/L is shown in nmol/L with ng/mL beside it; one typed in ng/mL or
µg/L (the same number) in that unit with nmol/L beside it. Any other unit is shown in
ng/mL. The display unit can also be chosen (``igflab interpret --unit nmol/L``, the web
API's ``display_unit``). Only the display changes: results keep full precision in ng/mL
and nmol/L.
"""

from __future__ import annotations

from typing import Final, Literal

from igflab.errors import UnitError
from igflab.inputs.units import NG_PER_ML_PER_NMOL_PER_L, normalise_unit

from .format import number

__all__ = ["DISPLAY_UNITS", "DisplayUnit", "display_unit", "figure", "figures", "range_figures"]

DisplayUnit = Literal["ng/mL", "µg/L", "nmol/L"]

#: The units figures can be shown in (ng/mL and µg/L are the same number).
DISPLAY_UNITS: Final[tuple[DisplayUnit, ...]] = ("ng/mL", "µg/L", "nmol/L")
_BY_KEY: Final[dict[str, DisplayUnit]] = {"ng/ml": "ng/mL", "ug/l": "µg/L", "nmol/l": "nmol/L"}
_BY_DISPLAY: Final[dict[str, DisplayUnit]] = {u: u for u in DISPLAY_UNITS}


def display_unit(typed: str | None, chosen: str | None = None) -> DisplayUnit:
    """The unit figures are shown in: ``chosen`` when given, else the unit the result was typed in.

    >>> display_unit("nmol/L"), display_unit("µg/L"), display_unit("ng/dL"), display_unit("ng/mL", "nmol/l")
    ('nmol/L', 'µg/L', 'ng/mL', 'nmol/L')
    """
    if chosen is None and typed in _BY_DISPLAY:  # speed: the common case, without normalising the spelling
        return _BY_DISPLAY[typed]
    if chosen is not None:
        unit = _BY_KEY.get(normalise_unit(str(chosen)))
        if unit is None:
            shown = ", ".join(DISPLAY_UNITS)
            raise UnitError(f"figures can be shown in {shown}, not {chosen!r}", field="display_unit")
        return unit
    return _BY_KEY.get(normalise_unit(typed), "ng/mL") if typed else "ng/mL"


def _in(x_ng_per_ml: float, unit: DisplayUnit) -> float:
    return x_ng_per_ml / NG_PER_ML_PER_NMOL_PER_L if unit == "nmol/L" else x_ng_per_ml


def _other(unit: DisplayUnit) -> DisplayUnit:
    return "ng/mL" if unit == "nmol/L" else "nmol/L"


def figure(x_ng_per_ml: float, unit: DisplayUnit, censored: str | None = None, ng_text: str | None = None) -> str:
    """One figure in ``unit``: ``"23.5 nmol/L"``. ``ng_text`` is the ng/mL number as already written (a
    value beside limits is written so that it never rounds onto a limit it is not on).

    >>> figure(180, "nmol/L"), figure(25, "ng/mL", "<"), figure(227.4, "ng/mL", None, "227.4")
    ('23.5 nmol/L', '<25 ng/mL', '227.4 ng/mL')
    """
    text = ng_text if ng_text is not None and unit != "nmol/L" else number(_in(x_ng_per_ml, unit))
    return f"{censored or ''}{text} {unit}"


def figures(x_ng_per_ml: float, unit: DisplayUnit, censored: str | None = None, ng_text: str | None = None) -> str:
    """A figure in ``unit`` with the other unit beside it: ``"23.5 nmol/L (180 ng/mL)"``.

    >>> figures(180, "nmol/L"), figures(180, "µg/L")
    ('23.5 nmol/L (180 ng/mL)', '180 µg/L (23.5 nmol/L)')
    """
    return f"{figure(x_ng_per_ml, unit, censored, ng_text)} ({figure(x_ng_per_ml, _other(unit), censored, ng_text)})"


def range_figures(lower_ng_per_ml: float, upper_ng_per_ml: float, unit: DisplayUnit) -> str:
    """A range in ``unit`` with the other unit beside it: ``"69.0-227 ng/mL (9.02-29.7 nmol/L)"``.

    >>> range_figures(68.97, 227.0, "ng/mL")
    '69.0-227 ng/mL (9.02-29.7 nmol/L)'
    """
    other = _other(unit)
    mine = f"{number(_in(lower_ng_per_ml, unit))}-{number(_in(upper_ng_per_ml, unit))} {unit}"
    return f"{mine} ({number(_in(lower_ng_per_ml, other))}-{number(_in(upper_ng_per_ml, other))} {other})"
