"""A series on its reference's age curves: each result a point, significant changes drawn.

The curves come from :func:`igflab.io.chart.reference_curves` (the function the single-result
chart uses), drawn over the ages of the series. Each consecutive pair is joined; a change
beyond the reference change value is drawn bold and labelled ``U`` or ``D``. In the
``acromegaly-treatment`` context a second axis shows each result as a multiple of the upper
limit for its age (x ULN), with the line at 1.0. Needs matplotlib (``igflab[plot]``).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

from igflab.errors import InputError
from igflab.series_models import SeriesInterpretation
from igflab.text.chart_words import TREND_WORDS
from igflab.text.summary import where_words

from .chart import CHART_DPI, CHART_SIZE_PX, INSTALL_HINT, reference_curves
from .chart_axes import legend_below, whole_year_ticks
from .chart_style import FLAG_COLOUR

__all__ = ["plot_series", "save_series_chart"]

_SEX_COLOUR = {"male": "#1f5fa8", "female": "#a8321f", "unknown": "#444444"}
_CHANGE_COLOUR = {"U": "#b2182b", "D": "#1f5fa8"}


def _window(s: SeriesInterpretation) -> tuple[float, float]:
    lo, hi = s.results[0].age, s.results[-1].age
    pad = max(0.5, (hi - lo) * 0.15)
    return max(0.0, lo - pad), hi + pad


class _X:
    """Age -> the x axis: dates when every result has one (anchored on the first result), else age in years."""

    def __init__(self, s: SeriesInterpretation) -> None:
        first = s.results[0]
        self.dated = all(r.collected for r in s.results)
        self.age0 = first.age
        self.day0 = _day(first.collected) if self.dated and first.collected else 0.0

    def __call__(self, age: Any) -> Any:
        return self.day0 + (age - self.age0) * 365.25 if self.dated else age


def _day(iso: str) -> float:
    """Days since 1970-01-01 (matplotlib's date numbers)."""
    return float((date.fromisoformat(iso[:10]) - date(1970, 1, 1)).days)


def _curves(ax: Any, s: SeriesInterpretation, window: tuple[float, float], x: _X) -> None:
    from igflab.science.references import get_reference  # noqa: PLC0415

    ref = get_reference(s.results[-1].interpretation.provenance.published_reference_id)
    sex = s.sex if s.sex in ref.sexes else "male"
    c = reference_curves(ref, sex, include_ages=tuple(r.age for r in s.results if ref.covers(r.age)))
    inside = (c.ages >= window[0]) & (c.ages <= window[1])
    colour = _SEX_COLOUR[sex]
    w = TREND_WORDS
    ages = x(c.ages[inside])
    if c.median is not None:
        ax.fill_between(ages, c.lower[inside], c.upper[inside], color=colour, alpha=0.16, linewidth=0)
        ax.plot(ages, c.upper[inside], color=colour, lw=1.2, ls="--", label=w["upper"], gid="p97.5")
        ax.plot(ages, c.median[inside], color=colour, lw=1.6, label=w["median"], gid="p50")
        ax.plot(ages, c.lower[inside], color=colour, lw=1.2, ls=":", label=w["lower"], gid="p2.5")
    else:
        ax.plot(x(c.ages), c.upper, color=colour, lw=1.4, ls="--", drawstyle="steps-post", label=w["upper_limit"])
        ax.plot(x(c.ages), c.lower, color=colour, lw=1.4, ls=":", drawstyle="steps-post", label=w["lower_limit"])
    who = {"male": "male", "female": "female"}.get(s.sex, "sex not given")
    ax.set_title(f"IGF-1 over time: {len(s.results)} results, {who}, against {ref.data.short_name}", fontsize=10)


def _points(ax: Any, s: SeriesInterpretation, x: _X) -> None:
    w = TREND_WORDS
    labelled: set[str] = set()

    def once(key: str, text: str) -> str | None:
        if key in labelled:
            return None
        labelled.add(key)
        return text

    for k, c in enumerate(s.changes):
        a, b = s.results[k], s.results[k + 1]
        xs, ys = (x(a.age), x(b.age)), (a.interpretation.value.ng_per_ml, b.interpretation.value.ng_per_ml)
        bold = c.flag is not None
        ax.plot(
            xs,
            ys,
            color=_CHANGE_COLOUR.get(c.flag or "", "#777777"),
            lw=2.6 if bold else 1.0,
            ls="-" if bold else ":",
            label=once(
                f"step-{c.flag}", f"{w['significant']}: {'up' if c.flag == 'U' else 'down'}" if bold else w["step"]
            ),
            gid=f"change-{k}",
        )
        if bold:
            ax.annotate(
                f"{c.flag} {c.percent:+.0f}%",
                ((xs[0] + xs[1]) / 2, (ys[0] + ys[1]) / 2),
                fontsize=8,
                color=_CHANGE_COLOUR[c.flag or "U"],
                xytext=(4, 4),
                textcoords="offset points",
            )
    o = s.overall
    if o is not None and o.flag is not None and len(s.results) > 2:
        a, b = s.results[0], s.results[-1]
        ys = (a.interpretation.value.ng_per_ml, b.interpretation.value.ng_per_ml)
        ax.plot(
            (x(a.age), x(b.age)),
            ys,
            color=_CHANGE_COLOUR[o.flag],
            lw=1.2,
            ls=(0, (6, 3)),
            label=f"{w['overall']}: {o.flag} {o.percent:+.0f}%",
            gid="overall",
        )
    for i, r in enumerate(s.results):
        it = r.interpretation
        flag = it.flag.value
        ax.plot(
            [x(r.age)],
            [it.value.ng_per_ml],
            "v" if it.value.censored == "<" else "^" if it.value.censored == ">" else "o",
            ms=8,
            color=FLAG_COLOUR.get(flag, "#333333"),
            markeredgecolor="black",
            ls="none",
            zorder=5,
            label=once(f"point-{flag}", f"{w['point']}{where_words(it)}"),
            gid=f"result-{i}",
        )
        ax.annotate(
            f"{r.age:.1f} y" if x.dated else (r.collected or f"{r.age:.1f} y"),
            (x(r.age), it.value.ng_per_ml),
            fontsize=7,
            xytext=(0, -14),
            textcoords="offset points",
            ha="center",
        )


def plot_series(series: SeriesInterpretation, ax: Any = None) -> Any:
    """Draw the series into ``ax`` (a new figure when None); returns the axes.

    The x axis has the dates when every result has one (each point is labelled with the age), else the
    age in years. Every mark has a legend entry: the reference's curves (the 97.5th dashed, the 2.5th
    dotted), each kind of step between results, and a point of each colour with where it sits.
    """
    if not isinstance(series, SeriesInterpretation):
        raise InputError("plot_series() takes an igflab SeriesInterpretation", field="series")
    try:
        from matplotlib.figure import Figure  # noqa: PLC0415 - optional dependency
    except ImportError as exc:
        raise ImportError(INSTALL_HINT) from exc
    if ax is None:
        ax = Figure(figsize=(9.6, 6.0), layout="constrained").add_subplot()
    window = _window(series)
    x = _X(series)
    _curves(ax, series, window, x)
    _points(ax, series, x)
    ax.set_xlim(x(window[0]), x(window[1]))
    top = max(max(r.interpretation.value.ng_per_ml, r.upper_ng_per_ml) for r in series.results)
    ax.set_ylim(0, top * 1.25)
    if x.dated:
        import matplotlib.dates  # noqa: PLC0415

        dates: Any = matplotlib.dates  # (untyped constructors)
        locator = dates.AutoDateLocator()
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(dates.ConciseDateFormatter(locator))
        ax.set_xlabel("date the sample was taken")
    else:
        whole_year_ticks(ax)
        ax.set_xlabel("age (years)")
    ax.set_ylabel("IGF-1 (ng/mL)")
    if "acromegaly-treatment" in series.context:
        twin = ax.twinx()
        ax.plot([], [], "s--", color="#6a3d9a", ms=9, mfc="none", lw=0.8, label=TREND_WORDS["x_uln"])
        ax.plot([], [], ":", color="#6a3d9a", lw=0.8, label=TREND_WORDS["uln_line"])
        twin.plot(
            [x(r.age) for r in series.results],
            [r.x_uln for r in series.results],
            "s--",
            color="#6a3d9a",
            ms=9,
            mfc="none",
            lw=0.8,
            alpha=0.8,
            gid="x-uln",
        )
        twin.axhline(1.0, color="#6a3d9a", lw=0.8, ls=":")
        twin.set_ylabel("x upper limit for age (x ULN)", color="#6a3d9a")
        twin.set_ylim(0, max(r.x_uln for r in series.results) * 1.25)
    legend_below(ax)
    ax.set_title(
        ax.get_title() + "\nigflab informs; discuss results with a qualified health professional",
        fontsize=9,
    )
    return ax


def save_series_chart(series: SeriesInterpretation, path: str | os.PathLike[str]) -> Path:
    """Draw :func:`plot_series` and write it to ``path`` (``.png`` or ``.svg``)."""
    out = Path(path)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise InputError(f"chart file must end in .png or .svg, got {out.name!r}", field="output")
    ax = plot_series(series)
    meta: dict[str, Any] = {"Software": "igflab"} if fmt == "png" else {"Date": None}
    fig = ax.figure
    fig.set_size_inches(CHART_SIZE_PX[0] / CHART_DPI, CHART_SIZE_PX[1] / CHART_DPI)
    try:
        fig.savefig(out, format=fmt, dpi=CHART_DPI, metadata=meta)
    except OSError as exc:
        raise InputError(f"cannot write {out}: {exc.strerror or exc}", field="output") from exc
    return out
