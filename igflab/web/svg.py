"""The web page's chart: a small inline SVG drawn here (no matplotlib, no script, no external file).

It shows the reference's usual range by age (the 2.5th-97.5th centile band and the median,
or a limits reference's steps), optionally the centile fan (0.4th to 99.6th), the adult 120-160 ng/mL
band as hatched context (IGF-1, from 40 years, for a person of those ages), the laboratory's range at
the person's age when given, and the result: a black dot, or for a censored result (``<15``) a
triangle pointing the way of the bound. Labels are placed clear of every line and band edge
(:mod:`igflab.io.chart_place`). Shapes, patterns and labels carry the meaning, colour only helps.

Every element is drawn with the style of :mod:`igflab.io.chart_style`, and the legend under the chart
(:func:`chart_parts`) is made from the same list of what was drawn, so it matches for every sex.
Ages: the adult years for adults, the childhood years for children
(:func:`igflab.io.chart_view.age_window`), all ages with ``full_range``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from igflab.io.chart import fan_curves, reference_curves
from igflab.io.chart_place import Box, box_hits_line, free_spot, text_width
from igflab.io.chart_style import BAND_EDGE_DASH, LAB_COLOUR, MEDIAN_DASH, MID_COLOUR, SEX_COLOUR, result_marker
from igflab.io.chart_view import age_window
from igflab.models import Interpretation
from igflab.science.references import get_reference
from igflab.science.zones import ADULT_BAND_HIGH_NG_PER_ML, ADULT_BAND_LOW_NG_PER_ML, ADULT_BAND_MIN_AGE
from igflab.text.chart_words import ADULT_BAND_SHORT
from igflab.text.figures import DisplayUnit, figure
from igflab.text.format import age_text
from igflab.text.summary import where_words

from .svg_legend import Drawn, legend_html, marker_svg

__all__ = ["PLOT_BOX", "chart_ages", "chart_parts", "chart_svg"]

_W, _H = 440.0, 340.0
_LEFT, _RIGHT, _TOP, _BOTTOM = 58.0, 14.0, 30.0, 46.0
#: The plot area (left, top, right, bottom) in the SVG's coordinates; labels stay inside it (or in the top margin).
PLOT_BOX = Box(_LEFT, _TOP, _W - _RIGHT, _H - _BOTTOM)
_RESULT_PX, _SMALL_PX = 15.0, 12.0
_FLOOR = 14.0


def _dash(d: Sequence[float]) -> str:
    return f' stroke-dasharray="{" ".join(f"{v:g}" for v in d)}"' if d else ""


class _Frame:
    """Data -> SVG coordinates."""

    def __init__(self, ages: tuple[float, float], top: float, unit: DisplayUnit, k: float) -> None:
        self.a0, self.a1, self.top, self.unit, self.k = ages[0], ages[1], top, unit, k

    def x(self, age: float) -> float:
        return _LEFT + (age - self.a0) / ((self.a1 - self.a0) or 1.0) * (_W - _LEFT - _RIGHT)

    def y(self, ng: float) -> float:
        """Zero sits a little above the age axis, so a label fits beside a result near zero."""
        return _H - _BOTTOM - _FLOOR - ng / self.top * (_H - _TOP - _BOTTOM - _FLOOR)

    def points(self, ages: Iterable[float], values: Iterable[float]) -> list[tuple[float, float]]:
        """The points inside the age window, one a pixel at most (speed: a curve has ~2,000 points, the chart ~370
        pixels across); the last point is always kept, and so is every step of a limits reference."""
        pts = [(self.x(a), self.y(v)) for a, v in zip(ages, values, strict=True) if self.a0 <= a <= self.a1]
        kept = pts[:1]
        for i, (x, y) in enumerate(pts[1:], start=1):
            if max(abs(x - kept[-1][0]), abs(y - kept[-1][1])) >= 1.0 or i == len(pts) - 1:
                kept.append((x, y))
        return kept


def _d(pts: Sequence[tuple[float, float]], first: str = "M") -> str:
    return " ".join(f"{first if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(pts))


def _ticks(lo: float, hi: float, n: int = 5, whole: bool = False) -> list[float]:
    """About ``n`` round ticks (1, 2 or 5 times a power of ten apart) from ``lo`` to ``hi``, at any scale;
    ``whole``: at least 1 apart (ages in whole years).

    >>> _ticks(0, 28_000), _ticks(0, 180_000)[-1], _ticks(2.5, 2.5), _ticks(5, 7, whole=True)
    ([0.0, 10000.0, 20000.0], 150000.0, [2.5], [5.0, 6.0, 7.0])
    """
    raw = (hi - lo) / n
    if not (raw > 0 and math.isfinite(raw)):
        return [lo]
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(s * power for s in (1, 2, 5, 10) if s * power >= raw * (1 - 1e-9))
    if whole:
        step = max(step, 1.0)
    first = math.ceil(lo / step - 1e-9) * step
    return [first + i * step for i in range(int((hi - first) / step + 1e-9) + 1)]


def _steps(ages: Sequence[float], values: Sequence[float]) -> tuple[list[float], list[float]]:
    xs: list[float] = []
    ys: list[float] = []
    for i, v in enumerate(values[:-1]):
        xs += [ages[i], ages[i + 1]]
        ys += [v, v]
    return xs, ys


class _Chart:
    """What is drawn: the SVG elements, the legend's entries and the lines labels must stay off."""

    def __init__(self) -> None:
        self.body: list[str] = []
        self.legend: list[Drawn] = []
        self.lines: list[list[tuple[float, float]]] = []
        self.labels: list[Box] = []


def _curves(r: Interpretation) -> dict[str, Any]:
    """The published reference's curves drawn, by sex (none when a laboratory's range alone placed the result)."""
    ref = _published(r)
    sexes = ("male", "female") if r.sex == "unknown" else (r.sex,)
    return {} if ref is None else {sex: reference_curves(ref, sex, include_ages=(r.age,)) for sex in sexes}


def _reference(ch: _Chart, f: _Frame, curves: dict[str, Any]) -> None:
    both = len(curves) > 1
    for sex, c in curves.items():
        ages, lo, hi = [float(a) for a in c.ages], [float(v) for v in c.lower], [float(v) for v in c.upper]
        if c.median is None:
            (ages, lo), (_a, hi) = _steps(ages, lo), _steps(ages, hi)
        upper, lower = f.points(ages, hi), f.points(ages, lo)
        colour = SEX_COLOUR[sex]
        ch.body.append(
            f'<path id="band-{sex}" d="{_d(upper)} {_d(lower[::-1], "L")} Z" fill="{colour}" fill-opacity="0.14" '
            f'stroke="{colour}"{_dash(BAND_EDGE_DASH)} stroke-width="1.2"/>'
        )
        ch.lines += [upper, lower]
        ch.legend.append(Drawn("band" if c.median is not None else "limits", sex if both else None, colour))
        if c.median is not None:
            mid = f.points(ages, [float(v) for v in c.median])
            ch.body.append(
                f'<path id="median-{sex}" d="{_d(mid)}" fill="none" stroke="{colour}" stroke-width="2"'
                f"{_dash(MEDIAN_DASH[sex])}/>"
            )
            ch.lines.append(mid)
            ch.legend.append(Drawn("median", sex if both else None, colour, MEDIAN_DASH[sex]))


def _fan(ch: _Chart, f: _Frame, r: Interpretation, curves: dict[str, Any]) -> None:
    ref = _published(r)
    if ref is None or ref.distribution == "limits":
        return
    for sex in curves:
        fan = fan_curves(ref, sex, include_ages=(r.age,))
        for z, values in fan.lines:
            pts = f.points([float(a) for a in fan.ages], [float(v) for v in values])
            width = 1.4 if z == 0 else 0.7
            ch.body.append(
                f'<path class="fan" data-sds="{z:.2f}" d="{_d(pts)}" fill="none" stroke="#777" stroke-width="{width}"/>'
            )
            ch.lines.append(pts)
    ch.legend.append(Drawn("fan", None, "#777"))


def _mid_range(ch: _Chart, r: Interpretation, f: _Frame) -> None:
    if r.adult_band is None or f.a1 < ADULT_BAND_MIN_AGE:  # IGF-1, for a person of the band's ages, from 40 years
        return
    x0, x1 = f.x(max(f.a0, ADULT_BAND_MIN_AGE)), f.x(f.a1)
    y0, y1 = f.y(ADULT_BAND_HIGH_NG_PER_ML), f.y(ADULT_BAND_LOW_NG_PER_ML)
    ch.body += [
        (
            '<pattern id="hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            f'<line x1="0" y1="0" x2="0" y2="8" stroke="{MID_COLOUR}" stroke-width="2"/></pattern>'
        ),
        (
            f'<rect id="adult-mid-range" x="{x0:.1f}" y="{y0:.1f}" width="{x1 - x0:.1f}" height="{y1 - y0:.1f}" '
            f'fill="url(#hatch)" fill-opacity="0.35" stroke="{MID_COLOUR}" stroke-width="1"/>'
        ),
    ]
    ch.lines.append([(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)])
    ch.legend.append(Drawn("mid", None, MID_COLOUR))


def _mid_label(ch: _Chart, r: Interpretation, f: _Frame) -> None:
    """The band's short label, above or below the band, where no line runs (left out when nowhere is free)."""
    if not any(d.kind == "mid" for d in ch.legend):
        return
    w, h = text_width(ADULT_BAND_SHORT, _SMALL_PX), _SMALL_PX * 1.25
    x0, x1 = f.x(max(f.a0, ADULT_BAND_MIN_AGE)), f.x(f.a1)
    y0, y1 = f.y(ADULT_BAND_HIGH_NG_PER_ML), f.y(ADULT_BAND_LOW_NG_PER_ML)
    for top in (y0 - h - 3, y1 + 3):
        for frac in (0.0, 0.25, 0.5, 0.75, 1.0):
            left = x0 + 4 + frac * max(0.0, x1 - x0 - w - 8)
            box = Box(left, top, left + w, top + h)
            if box.inside(PLOT_BOX) and not _crowded(ch, box):
                ch.labels.append(box)
                ch.body.append(_text("mid-label", box, ADULT_BAND_SHORT, "small", _SMALL_PX))
                return


def _crowded(ch: _Chart, box: Box) -> bool:
    big = box.grown(2.0)
    return any(big.overlaps(t) for t in ch.labels) or any(box_hits_line(big, line) for line in ch.lines)


def _text(gid: str, box: Box, words: str, cls: str, px: float) -> str:
    base = box.top + px * 0.95
    return (
        f'<text id="{gid}" x="{box.left:.1f}" y="{base:.1f}" class="{cls}" data-box="{box.left:.1f} {box.top:.1f} '
        f'{box.right:.1f} {box.bottom:.1f}">{escape(words)}</text>'
    )


def _lab(ch: _Chart, r: Interpretation, f: _Frame) -> None:
    p = r.reference
    if p.kind != "lab":
        return
    x, y0, y1 = f.x(r.age), f.y(p.lower_ng_per_ml), f.y(p.upper_ng_per_ml)
    caps = "".join(f'<line x1="{x - 9:.1f}" y1="{y:.1f}" x2="{x + 9:.1f}" y2="{y:.1f}"/>' for y in (y0, y1))
    ch.body.append(
        f'<g id="lab-range" stroke="{LAB_COLOUR}" stroke-width="3"><line x1="{x:.1f}" y1="{y0:.1f}" '
        f'x2="{x:.1f}" y2="{y1:.1f}"/>{caps}</g>'
    )
    ch.lines += [[(x, y0), (x, y1)], [(x - 9, y0), (x + 9, y0)], [(x - 9, y1), (x + 9, y1)]]
    ch.legend.append(Drawn("lab", None, LAB_COLOUR))


def _axes(f: _Frame) -> list[str]:
    out = [
        f'<line x1="{_LEFT}" y1="{_H - _BOTTOM}" x2="{_W - _RIGHT}" y2="{_H - _BOTTOM}" stroke="#333"/>',
        f'<line x1="{_LEFT}" y1="{_TOP}" x2="{_LEFT}" y2="{_H - _BOTTOM}" stroke="#333"/>',
    ]
    for a in _ticks(f.a0, f.a1, whole=True):
        out.append(
            f'<text class="age-tick" x="{f.x(a):.1f}" y="{_H - _BOTTOM + 18:.1f}" text-anchor="middle">{a:g}</text>'
        )
    shown_top = f.top / f.k
    for v in _ticks(0.0, shown_top):
        y = f.y(v * f.k)
        out.append(f'<line x1="{_LEFT}" y1="{y:.1f}" x2="{_W - _RIGHT}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{_LEFT - 6}" y="{y + 5:.1f}" text-anchor="end">{v:g}</text>')
    out.append(f'<text x="{(_LEFT + _W - _RIGHT) / 2:.1f}" y="{_H - 6}" text-anchor="middle">age (years)</text>')
    out.append(
        f'<text transform="translate(15 {(_TOP + _H - _BOTTOM) / 2:.1f}) rotate(-90)" '
        f'text-anchor="middle">IGF-1 ({f.unit})</text>'
    )
    return out


def _point(ch: _Chart, r: Interpretation, f: _Frame) -> None:
    x, y = f.x(r.age), f.y(r.value.ng_per_ml)
    kind = result_marker(r.value.censored)
    data = f'id="result" data-age="{r.age:g}" data-ng-per-ml="{r.value.ng_per_ml:g}" data-marker="{kind}"'
    ch.body.append(marker_svg(kind, x, y, 8.0, data))
    ch.legend.append(Drawn("result", None, "#111", marker=kind))
    label = f"your result {figure(r.value.ng_per_ml, f.unit, r.value.censored)}"
    size = (text_width(label, _RESULT_PX, bold=True), _RESULT_PX * 1.25)
    marker_box = Box(x - 9, y - 9, x + 9, y + 9)
    box = free_spot((x, y), size, ch.lines, PLOT_BOX, taken=[*ch.labels, marker_box])
    if box is None:  # nowhere free near the point: the top margin, above every line
        left = min(max(_LEFT, x - size[0] / 2), _W - _RIGHT - size[0])
        box = Box(left, 4.0, left + size[0], 4.0 + size[1])
    ch.labels.append(box)
    ch.body.append(_text("result-label", box, label, "strong", _RESULT_PX))


def _published(r: Interpretation) -> Any:
    """The published reference drawn (None when only a laboratory's range placed the result)."""
    return (
        None
        if r.reference.kind == "lab" and not r.other_positions
        else get_reference(r.provenance.published_reference_id)
    )


def chart_ages(r: Interpretation, *, full_range: bool = False) -> tuple[float, float]:
    """The ages the chart of ``r`` shows."""
    ref = _published(r)
    return age_window(r.age, (ref.age_min, ref.age_max) if ref is not None else None, full_range)


def _draw(r: Interpretation, unit: DisplayUnit, full_range: bool, fan: bool) -> tuple[str, list[Drawn]]:
    ages = chart_ages(r, full_range=full_range)
    k = r.value.ng_per_ml / r.value.nmol_per_l if unit == "nmol/L" else 1.0
    curves = _curves(r)
    ch = _Chart()
    highest = [r.value.ng_per_ml, r.reference.upper_ng_per_ml]
    for c in curves.values():
        highest += [float(u) for a, u in zip(c.ages, c.upper, strict=True) if ages[0] <= a <= ages[1]]
    ref = _published(r)
    if fan and ref is not None and ref.distribution != "limits":  # the 99.6th centile in view
        for sex in curves:
            f99 = fan_curves(ref, sex, include_ages=(r.age,))
            highest += [float(u) for a, u in zip(f99.ages, f99.lines[-1][1], strict=True) if ages[0] <= a <= ages[1]]
    f = _Frame(ages, max(highest) * 1.12, unit, k)
    _mid_range(ch, r, f)
    if ch.legend:  # the band drawn: make room for it
        f = _Frame(ages, max([*highest, ADULT_BAND_HIGH_NG_PER_ML]) * 1.12, unit, k)
        ch = _Chart()
        _mid_range(ch, r, f)
    if fan:
        _fan(ch, f, r, curves)
    _reference(ch, f, curves)
    _lab(ch, r, f)
    _point(ch, r, f)  # the result's label first: it matters most
    _mid_label(ch, r, f)
    body = _axes(f) + ch.body
    shown = figure(r.value.ng_per_ml, unit, r.value.censored)
    desc = f"Your result, {shown} at {age_text(r.age)}, is {where_words(r)}."
    svg = (
        f'<svg viewBox="0 0 {_W:g} {_H:g}" role="img" class="chart" '
        f'aria-labelledby="chart-title chart-desc"><title id="chart-title">IGF-1 by age, with your result</title>'
        f'<desc id="chart-desc">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )
    return svg, ch.legend


def chart_svg(r: Interpretation, unit: DisplayUnit, *, full_range: bool = False, fan: bool = False) -> str:
    """The chart of ``r`` as an inline ``<svg>`` element, figures in ``unit``; ``fan``: the centile fan too."""
    return _draw(r, unit, full_range, fan)[0]


def chart_parts(
    r: Interpretation, unit: DisplayUnit, *, full_range: bool = False, fan: bool = False
) -> tuple[str, str]:
    """The chart's ``<svg>`` and its legend (a ``<ul class="legend">``), made from the same list of what is drawn."""
    svg, drawn = _draw(r, unit, full_range, fan)
    return svg, legend_html(drawn)
