"""The words on charts (the matplotlib chart and the web page's SVG): a plain-language legend, no codes."""

from __future__ import annotations

from typing import Final

__all__ = ["ADULT_BAND_LABEL", "INTENDED_USE", "LEGEND", "LEGEND_SHORT"]

#: What the page is for, shown on every page.
INTENDED_USE: Final = (
    "igflab compares one IGF-1 blood-test result with published reference ranges and explains where it sits, "
    "with its sources. It informs; it does not diagnose or prescribe. Please discuss any result with a qualified "
    "health professional."
)

#: The adult 120-160 ng/mL band (Rahmani 2022): drawn as context, never as a target.
ADULT_BAND_LABEL: Final = "adult band from pooled studies (40 years and over): context, not a target"

#: The page's legend: each drawn element, its shape and what it means, in plain words.
LEGEND: Final[dict[str, str]] = {
    "band": "Shaded band with a dashed edge: the usual range, where 95 in 100 healthy people of that age and sex fall.",
    "median": "Solid line: the middle value (median) for each age.",
    "mid": "Hatched band (from 40 years, shown for adults of those ages): 120-160 ng/mL, the band pooled studies "
    "of adults associated with the lowest mortality. It is population context, not a target and not the zone.",
    "lab": "Vertical bar with end marks (when given): the laboratory's printed range at this age.",
    "result": "Black dot, labelled: your result.",
    "both": "Sex not given, so both are drawn: males in blue with a solid middle line, females in red with a "
    "long-dashed middle line.",
}

#: The chart file's legend (matplotlib), one short label per element.
LEGEND_SHORT: Final[dict[str, str]] = {
    "band": "usual range (95 in 100 healthy people)",
    "upper": "upper end of the usual range",
    "median": "middle value (median)",
    "lower": "lower end of the usual range",
    "mid": ADULT_BAND_LABEL + ", 120-160 ng/mL",
    "lab": "the laboratory's printed range",
    "result": "your result",
}
