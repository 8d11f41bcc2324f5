"""The page chart's legend, made from what the chart drew: each entry's key is drawn with the same style.

:func:`igflab.web.svg.chart_parts` records a :class:`Drawn` for every element it draws (with the
sex, colour and dash pattern used); :func:`legend_html` turns that list into the legend, so a red,
long-dashed middle line is never explained by a blue, solid key.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from igflab.io.chart_style import BAND_EDGE_DASH
from igflab.text.chart_words import LEGEND, MARKER_WORDS, SEX_WORDS, median_shape

__all__ = ["Drawn", "legend_html", "legend_text", "marker_svg"]


@dataclass(frozen=True, slots=True)
class Drawn:
    """One element as drawn: its kind (band, limits, median, fan, mid, lab, result), the sex it is for (None:
    the only one drawn, or not sex-specific), its colour, dash pattern and marker."""

    kind: str
    sex: str | None
    colour: str
    dash: tuple[float, ...] = ()
    marker: str = "dot"


def marker_svg(kind: str, x: float, y: float, size: float, attrs: str = "") -> str:
    """The result's marker at (x, y): a dot, or a triangle pointing ``"down"`` or ``"up"`` (a censored result)."""
    style = 'fill="#111" stroke="#fff" stroke-width="2"'
    if kind == "dot":
        return f'<circle {attrs} cx="{x:.1f}" cy="{y:.1f}" r="{size * 0.85:.1f}" {style}/>'
    tip = 1 if kind == "down" else -1
    pts = [(x - size, y - tip * size * 0.75), (x + size, y - tip * size * 0.75), (x, y + tip * size)]
    return f'<polygon {attrs} points="{" ".join(f"{a:.1f},{b:.1f}" for a, b in pts)}" {style}/>'


def _dash(d: tuple[float, ...]) -> str:
    return f' stroke-dasharray="{" ".join(f"{v:g}" for v in d)}"' if d else ""


def _key(d: Drawn) -> str:
    """A 28 x 16 picture of the element, drawn as on the chart."""
    if d.kind in ("band", "limits"):
        inner = (
            f'<rect x="1" y="2" width="26" height="12" fill="{d.colour}" fill-opacity="0.14" stroke="{d.colour}" '
            f'stroke-width="1.2"{_dash(BAND_EDGE_DASH)}/>'
        )
    elif d.kind == "median":
        inner = f'<line x1="0" y1="8" x2="28" y2="8" stroke="{d.colour}" stroke-width="2.5"{_dash(d.dash)}/>'
    elif d.kind == "fan":
        inner = "".join(
            f'<line x1="0" y1="{y}" x2="28" y2="{y}" stroke="{d.colour}" stroke-width="{w}"/>'
            for y, w in ((3, 0.7), (8, 1.4), (13, 0.7))
        )
    elif d.kind == "mid":
        hatch = "".join(f'<line x1="{x}" y1="14" x2="{x + 10}" y2="2" stroke="{d.colour}"/>' for x in (0, 8, 16))
        inner = f'<rect x="1" y="2" width="26" height="12" fill="none" stroke="{d.colour}"/>{hatch}'
    elif d.kind == "lab":
        inner = (
            f'<g stroke="{d.colour}" stroke-width="3"><line x1="14" y1="1" x2="14" y2="15"/>'
            '<line x1="8" y1="1.5" x2="20" y2="1.5"/><line x1="8" y1="14.5" x2="20" y2="14.5"/></g>'
        )
    else:
        inner = marker_svg(d.marker, 14, 8, 6.5)
    return (
        f'<svg class="swatch" data-kind="{d.kind}" data-sex="{d.sex or ""}" width="28" height="16" '
        f'viewBox="0 0 28 16" aria-hidden="true">{inner}</svg>'
    )


def legend_text(d: Drawn) -> str:
    """The entry's words: the shape as drawn, then its meaning, then whose it is when both sexes are drawn."""
    if d.kind == "median":
        text = f"{median_shape(d.dash)}: {LEGEND['median']}"
    elif d.kind == "result":
        text = f"{MARKER_WORDS[d.marker]}, labelled: {LEGEND['result']}"
    else:
        text = LEGEND[d.kind].rstrip(".")
    if d.sex is not None:
        text += f" ({SEX_WORDS[d.sex]})"
    return text + "."


def legend_html(drawn: list[Drawn]) -> str:
    """The legend as a ``<ul class="legend">``: one entry per element drawn, in the order drawn (the result last)."""
    order = ["band", "limits", "median", "fan", "mid", "lab", "result"]
    sexes = [None, "male", "female"]
    items = sorted(drawn, key=lambda d: (d.sex is None, sexes.index(d.sex), order.index(d.kind)))
    return (
        '<ul class="legend" id="chart-legend">'
        + "".join(f'<li data-kind="{d.kind}">{_key(d)} {escape(legend_text(d))}</li>' for d in items)
        + "</ul>"
    )
