"""The words on charts (the matplotlib chart and the web page's SVG): a plain-language legend, no codes.

The legends are built from what a chart draws (:mod:`igflab.io.chart_style`): the shape words here
("Long-dashed line") are chosen by the style each element is drawn with, never fixed per element.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "ADULT_BAND_LABEL",
    "ADULT_BAND_SHORT",
    "INTENDED_USE",
    "LEGEND",
    "LEGEND_SHORT",
    "MARKER_WORDS",
    "SEX_WORDS",
    "TREND_WORDS",
    "median_shape",
]

#: What the page is for, shown on every page.
INTENDED_USE: Final = (
    "igflab compares one IGF-1 blood-test result with published reference ranges and explains where it sits, "
    "with its sources. It informs; it does not diagnose or prescribe. Please discuss any result with a qualified "
    "health professional."
)

#: The adult 120-160 ng/mL band (Rahmani 2022): drawn as context, never as a target.
ADULT_BAND_LABEL: Final = "adult band from pooled studies (40 years and over): context, not a target"
#: Its label on the chart itself (the legend says the rest).
ADULT_BAND_SHORT: Final = "adult band (context)"

#: The page's legend: what each drawn element means, in plain words (the shape is said by :func:`median_shape`
#: and :data:`MARKER_WORDS`, from the style it is drawn with).
LEGEND: Final[dict[str, str]] = {
    "band": "Shaded band with a dashed edge: the usual range, where 95 in 100 healthy people of that age and sex fall",
    "limits": "Shaded steps: the usual range by age band, as the laboratory publishes it",
    "median": "the middle value (median) for each age",
    "mid": "Hatched band (from 40 years, shown for adults of those ages): 120-160 ng/mL, the band pooled studies "
    "of adults associated with the lowest mortality. It is population context, not a target and not the zone.",
    "lab": "Vertical bar with end marks: the laboratory's printed range at this age.",
    "result": "your result",
    "fan": "Thin grey lines: the centile fan, from the 0.4th to the 99.6th centile (SDS -2.67 to +2.67, 2/3 apart); "
    "the bold grey one is the 50th.",
}

#: The chart file's legend (matplotlib), one short label per element.
LEGEND_SHORT: Final[dict[str, str]] = {
    "band": "usual range (95 in 100 healthy people)",
    "upper": "upper end of the usual range (97.5th centile)",
    "median": "middle value, the median (50th centile)",
    "lower": "lower end of the usual range (2.5th centile)",
    "upper_limit": "upper limit",
    "lower_limit": "lower limit",
    "mid": ADULT_BAND_LABEL + ", 120-160 ng/mL",
    "lab": "the laboratory's printed range",
    "result": "your result",
    "fan": "centile fan: 0.4th, 2nd, 9th, 25th, 50th, 75th, 91st, 98th, 99.6th",
}

#: The sex a line is drawn for, and its colour, as a legend says it (both sexes drawn: the sex is not given).
SEX_WORDS: Final = {"male": "males, in blue", "female": "females, in red"}

#: The result's marker (:data:`igflab.io.chart_style.RESULT_MARKER`), in words.
MARKER_WORDS: Final = {
    "dot": "Black dot",
    "down": "Black triangle pointing down (the result is below the value shown, the lowest the test measures)",
    "up": "Black triangle pointing up (the result is above the value shown, the highest the test measures)",
}

#: The trend chart's words.
TREND_WORDS: Final[dict[str, str]] = {
    "upper": "upper end of the usual range (97.5th centile)",
    "median": "middle value, the median (50th centile)",
    "lower": "lower end of the usual range (2.5th centile)",
    "upper_limit": "upper limit",
    "lower_limit": "lower limit",
    "step": "from one result to the next",
    "significant": "a change larger than the test's usual variation (U up, D down)",
    "overall": "first to last result",
    "x_uln": "each result as a multiple of the upper limit for its age (right axis)",
    "uln_line": "1.0 x the upper limit",
    "point": "a result; its fill says where it sits: ",
}


def median_shape(dash: tuple[float, ...]) -> str:
    """The middle line's shape in words, from its dash pattern.

    >>> median_shape(()), median_shape((9.0, 4.0))
    ('Solid line', 'Long-dashed line')
    """
    return "Solid line" if not dash else "Long-dashed line"
