"""How every chart draws each thing (the page's SVG and the matplotlib files): one table, so legends match.

Colours stay distinguishable in greyscale and for common colour-vision deficiencies; the pattern
of a line (solid or long-dashed middle line) tells the sexes apart when both are drawn, so colour
is never the only cue.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "BAND_ALPHA",
    "BAND_EDGE_DASH",
    "FAN_CENTILES",
    "FAN_SDS",
    "FLAG_COLOUR",
    "LAB_COLOUR",
    "MEDIAN_DASH",
    "MID_COLOUR",
    "RESULT_MARKER",
    "SEX_COLOUR",
    "result_marker",
]

#: Line and band colour by sex (both drawn when the sex is not given).
SEX_COLOUR: Final = {"male": "#1f5fa8", "female": "#a8321f"}
#: The middle line's dash pattern by sex (on, off lengths; empty: solid).
MEDIAN_DASH: Final[dict[str, tuple[float, ...]]] = {"male": (), "female": (9.0, 4.0)}
#: The dashed edge of the usual range's band.
BAND_EDGE_DASH: Final = (5.0, 3.0)
BAND_ALPHA: Final = 0.15
MID_COLOUR: Final = "#2e7d4f"
LAB_COLOUR: Final = "#5b2c83"
#: A point's fill by flag (L low, N within, H high, HU well above, IND indeterminate).
FLAG_COLOUR: Final = {"L": "#1f5fa8", "N": "#2e8b57", "H": "#d17a00", "HU": "#b2182b", "IND": "#6a3d9a"}
#: The result's marker: a dot for a measured value, a triangle pointing the way of a bound for a censored
#: one ("<15": the value is below 15, so the triangle points down).
RESULT_MARKER: Final = {"": "dot", "<": "down", ">": "up"}

#: The centile fan: SDS -8/3 to +8/3 in steps of 2/3 (nine lines, the 0.4th to the 99.6th centile), the
#: spacing of the UK-WHO growth charts.
FAN_SDS: Final = tuple(k * 2.0 / 3.0 for k in range(-4, 5))
FAN_CENTILES: Final = ("0.4th", "2nd", "9th", "25th", "50th", "75th", "91st", "98th", "99.6th")


def result_marker(censored: str | None) -> str:
    """``"dot"``, ``"down"`` or ``"up"`` for a result censored ``None``, ``"<"`` or ``">"``.

    >>> result_marker(None), result_marker("<"), result_marker(">")
    ('dot', 'down', 'up')
    """
    return RESULT_MARKER[censored or ""]
