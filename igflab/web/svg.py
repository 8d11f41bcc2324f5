"""The web page's chart: a small inline SVG drawn here (no matplotlib, no script, no external file).

It shows the reference's usual range by age (the 2.5th-97.5th centile band and the median,
or a limits reference's steps), the adult 120-160 ng/mL band as hatched context (IGF-1, from 40 years), the
laboratory's range at the person's age when given, and the result as a black-ringed dot
labelled with its value. Shapes, patterns and labels carry the meaning, colour only helps.
Ages: the adult years for adults, the childhood years for children
(:func:`igflab.io.chart_view.age_window`), all ages with ``full_range``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from igflab.io.chart import reference_curves
from igflab.io.chart_view import age_window
from igflab.models import Interpretation
from igflab.science.references import get_reference
from igflab.science.zones import ADULT_BAND_HIGH_NG_PER_ML, ADULT_BAND_LOW_NG_PER_ML, ADULT_BAND_MIN_AGE
from igflab.text.chart_words import ADULT_BAND_LABEL
from igflab.text.figures import DisplayUnit, figure
from igflab.text.format import age_text
from igflab.text.summary import where_words

__all__ = ["chart_ages", "chart_svg"]

_W, _H = 440.0, 330.0
_LEFT, _RIGHT, _TOP, _BOTTOM = 58.0, 14.0, 14.0, 46.0
_COLOUR = {"male": "#1f5fa8", "female": "#a8321f"}
# With the sex not given both sexes are drawn: the line's pattern, not only its colour, tells them apart.
_DASH = {"male": "", "female": ' stroke-dasharray="9 4"'}


class _Frame:
    """Data -> SVG coordinates."""

    def __init__(self, ages: tuple[float, float], top: float, unit: DisplayUnit, k: float) -> None:
        self.a0, self.a1, self.top, self.unit, self.k = ages[0], ages[1], top, unit, k

    def x(self, age: float) -> float:
        return _LEFT + (age - self.a0) / ((self.a1 - self.a0) or 1.0) * (_W - _LEFT - _RIGHT)

    def y(self, ng: float) -> float:
        return _H - _BOTTOM - ng / self.top * (_H - _TOP - _BOTTOM)

    def path(self, ages: Iterable[float], values: Iterable[float]) -> str:
        """The points inside the age window, one a pixel at most (speed: a curve has ~2,000 points, the chart ~370
        pixels across); the last point is always kept, and so is every step of a limits reference."""
        pts = [(self.x(a), self.y(v)) for a, v in zip(ages, values, strict=True) if self.a0 <= a <= self.a1]
        kept = pts[:1]
        for i, (x, y) in enumerate(pts[1:], start=1):
            if max(abs(x - kept[-1][0]), abs(y - kept[-1][1])) >= 1.0 or i == len(pts) - 1:
                kept.append((x, y))
        return " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(kept))


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """About ``n`` round ticks (1, 2 or 5 times a power of ten apart) from ``lo`` to ``hi``, at any scale.

    >>> _ticks(0, 28_000), _ticks(0, 180_000)[-1], _ticks(2.5, 2.5)
    ([0.0, 10000.0, 20000.0], 150000.0, [2.5])
    """
    raw = (hi - lo) / n
    if not (raw > 0 and math.isfinite(raw)):
        return [lo]
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(s * power for s in (1, 2, 5, 10) if s * power >= raw * (1 - 1e-9))
    first = math.ceil(lo / step - 1e-9) * step
    return [first + i * step for i in range(int((hi - first) / step + 1e-9) + 1)]


def _steps(ages: Sequence[float], values: Sequence[float]) -> tuple[list[float], list[float]]:
    xs: list[float] = []
    ys: list[float] = []
    for i, v in enumerate(values[:-1]):
        xs += [ages[i], ages[i + 1]]
        ys += [v, v]
    return xs, ys


def _curves(r: Interpretation) -> dict[str, Any]:
    """The published reference's curves drawn, by sex (none when a laboratory's range alone placed the result)."""
    ref = _published(r)
    sexes = ("male", "female") if r.sex == "unknown" else (r.sex,)
    return {} if ref is None else {sex: reference_curves(ref, sex, include_ages=(r.age,)) for sex in sexes}


def _reference(f: _Frame, curves: dict[str, Any]) -> list[str]:
    out = []
    for sex, c in curves.items():
        ages, lo, hi = [float(a) for a in c.ages], [float(v) for v in c.lower], [float(v) for v in c.upper]
        if c.median is None:
            (ages, lo), (_a, hi) = _steps(ages, lo), _steps(ages, hi)
        upper = f.path(ages, hi)
        lower = f.path(list(reversed(ages)), list(reversed(lo))).replace("M", "L", 1)
        colour = _COLOUR[sex]
        out.append(
            f'<path id="band-{sex}" d="{upper} {lower} Z" fill="{colour}" fill-opacity="0.14" '
            f'stroke="{colour}" stroke-dasharray="5 3" stroke-width="1.2"/>'
        )
        if c.median is not None:
            out.append(
                f'<path id="median-{sex}" d="{f.path(ages, [float(v) for v in c.median])}" fill="none" '
                f'stroke="{colour}" stroke-width="2"{_DASH[sex]}/>'
            )
    return out


def _mid_range(r: Interpretation, f: _Frame) -> list[str]:
    if r.adult_band is None:  # the band is shown for IGF-1 from the ages its cohorts covered
        return []
    x0, x1 = f.x(max(f.a0, ADULT_BAND_MIN_AGE)), f.x(f.a1)
    y0, y1 = f.y(ADULT_BAND_HIGH_NG_PER_ML), f.y(ADULT_BAND_LOW_NG_PER_ML)
    return [
        (
            '<pattern id="hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            '<line x1="0" y1="0" x2="0" y2="8" stroke="#2e7d4f" stroke-width="2"/></pattern>'
        ),
        (
            f'<rect id="adult-mid-range" x="{x0:.1f}" y="{y0:.1f}" width="{x1 - x0:.1f}" height="{y1 - y0:.1f}" '
            f'fill="url(#hatch)" fill-opacity="0.35" stroke="#2e7d4f" stroke-width="1"/>'
        ),
        _mid_label(r, f, x0, x1, (y0 + y1) / 2 + 4),
    ]


def _mid_label(r: Interpretation, f: _Frame, x0: float, x1: float, y: float) -> str:
    """The band's label, inside it, on the side away from the result's point."""
    left = f.x(r.age) > (x0 + x1) / 2
    x, anchor = (x0 + 4, "start") if left else (x1 - 4, "end")
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" class="small">{escape(ADULT_BAND_LABEL)}</text>'


def _lab(r: Interpretation, f: _Frame) -> list[str]:
    p = r.reference
    if p.kind != "lab":
        return []
    x, y0, y1 = f.x(r.age), f.y(p.lower_ng_per_ml), f.y(p.upper_ng_per_ml)
    caps = "".join(f'<line x1="{x - 9:.1f}" y1="{y:.1f}" x2="{x + 9:.1f}" y2="{y:.1f}"/>' for y in (y0, y1))
    return [
        (
            f'<g id="lab-range" stroke="#5b2c83" stroke-width="3"><line x1="{x:.1f}" y1="{y0:.1f}" '
            f'x2="{x:.1f}" y2="{y1:.1f}"/>{caps}</g>'
        )
    ]


def _axes(f: _Frame) -> list[str]:
    out = [
        f'<line x1="{_LEFT}" y1="{_H - _BOTTOM}" x2="{_W - _RIGHT}" y2="{_H - _BOTTOM}" stroke="#333"/>',
        f'<line x1="{_LEFT}" y1="{_TOP}" x2="{_LEFT}" y2="{_H - _BOTTOM}" stroke="#333"/>',
    ]
    for a in _ticks(f.a0, f.a1):
        out.append(f'<text x="{f.x(a):.1f}" y="{_H - _BOTTOM + 18:.1f}" text-anchor="middle">{a:g}</text>')
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


def _point(r: Interpretation, f: _Frame) -> list[str]:
    x, y = f.x(r.age), f.y(r.value.ng_per_ml)
    label = f"your result {figure(r.value.ng_per_ml, f.unit, r.value.censored)}"
    right = x > (_LEFT + _W) / 2
    tx = x - 12 if right else x + 12
    return [
        (
            f'<circle id="result" cx="{x:.1f}" cy="{y:.1f}" r="7" fill="#111" stroke="#fff" stroke-width="2" '
            f'data-age="{r.age:g}" data-ng-per-ml="{r.value.ng_per_ml:g}"/>'
        ),
        (
            f'<text id="result-label" x="{tx:.1f}" y="{y - 10:.1f}" text-anchor="{"end" if right else "start"}" '
            f'class="strong">{escape(label)}</text>'
        ),
    ]


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


def chart_svg(r: Interpretation, unit: DisplayUnit, *, full_range: bool = False) -> str:
    """The chart of ``r`` as an inline ``<svg>`` element, figures in ``unit``."""
    ages = chart_ages(r, full_range=full_range)
    k = r.value.ng_per_ml / r.value.nmol_per_l if unit == "nmol/L" else 1.0
    band_top = ADULT_BAND_HIGH_NG_PER_ML if r.adult_band is not None else 0.0
    highest = [r.value.ng_per_ml, r.reference.upper_ng_per_ml, band_top]
    curves = _curves(r)
    for c in curves.values():
        highest += [float(u) for a, u in zip(c.ages, c.upper, strict=True) if ages[0] <= a <= ages[1]]
    f = _Frame(ages, max(highest) * 1.12, unit, k)
    shown = figure(r.value.ng_per_ml, unit, r.value.censored)
    desc = f"Your result, {shown} at {age_text(r.age)}, is {where_words(r)}."
    body = [*_axes(f), *_mid_range(r, f), *_reference(f, curves), *_lab(r, f), *_point(r, f)]
    return (
        f'<svg viewBox="0 0 {_W:g} {_H:g}" role="img" class="chart" '
        f'aria-labelledby="chart-title chart-desc"><title id="chart-title">IGF-1 by age, with your result</title>'
        f'<desc id="chart-desc">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )
