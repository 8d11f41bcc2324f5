"""A series on its reference's age curves: each result a point, significant changes drawn.

The curves come from :func:`igflab.io.chart.reference_curves` (the function the single-result
chart uses), drawn over the ages of the series. Each consecutive pair is joined; a change
beyond the reference change value is drawn bold and labelled ``U`` or ``D``. In the
``acromegaly-treatment`` context a second axis shows each result as a multiple of the upper
limit for its age (x ULN), with the line at 1.0. Needs matplotlib (``igflab[plot]``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from igflab.errors import InputError
from igflab.series_models import SeriesInterpretation

from .chart import CHART_DPI, CHART_SIZE_PX, INSTALL_HINT, reference_curves

__all__ = ["plot_series", "save_series_chart"]

_SEX_COLOUR = {"male": "#1f5fa8", "female": "#a8321f", "unknown": "#444444"}
_FLAG_COLOUR = {"L": "#1f5fa8", "N": "#2e8b57", "H": "#d17a00", "HU": "#b2182b", "IND": "#6a3d9a"}
_CHANGE_COLOUR = {"U": "#b2182b", "D": "#1f5fa8"}


def _window(s: SeriesInterpretation) -> tuple[float, float]:
    lo, hi = s.results[0].age, s.results[-1].age
    pad = max(0.5, (hi - lo) * 0.15)
    return max(0.0, lo - pad), hi + pad


def _curves(ax: Any, s: SeriesInterpretation, window: tuple[float, float]) -> None:
    from igflab.science.references import get_reference  # noqa: PLC0415

    ref = get_reference(s.results[-1].interpretation.provenance.published_reference_id)
    sex = s.sex if s.sex in ref.sexes else "male"
    c = reference_curves(ref, sex, include_ages=tuple(r.age for r in s.results if ref.covers(r.age)))
    inside = (c.ages >= window[0]) & (c.ages <= window[1])
    colour = _SEX_COLOUR[sex]
    if c.median is not None:
        ax.fill_between(c.ages[inside], c.lower[inside], c.upper[inside], color=colour, alpha=0.16, linewidth=0)
        ax.plot(c.ages[inside], c.upper[inside], color=colour, lw=1.2, ls="--", label="97.5th centile (upper limit)")
        ax.plot(c.ages[inside], c.median[inside], color=colour, lw=1.6, label="50th centile (median)")
        ax.plot(c.ages[inside], c.lower[inside], color=colour, lw=1.2, ls="--", label="2.5th centile")
    else:
        ax.plot(c.ages, c.upper, color=colour, lw=1.4, drawstyle="steps-post", label="upper limit")
        ax.plot(c.ages, c.lower, color=colour, lw=1.4, drawstyle="steps-post", label="lower limit")
    ax.set_title(f"IGF-1 over time: {len(s.results)} results, {s.sex}, reference {ref.id}", fontsize=10)


def _points(ax: Any, s: SeriesInterpretation) -> None:
    for k, c in enumerate(s.changes):
        a, b = s.results[k], s.results[k + 1]
        xs, ys = (a.age, b.age), (a.interpretation.value.ng_per_ml, b.interpretation.value.ng_per_ml)
        bold = c.flag is not None
        ax.plot(
            xs, ys, color=_CHANGE_COLOUR.get(c.flag or "", "#777777"), lw=2.6 if bold else 1.0, ls="-" if bold else ":"
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
        ax.annotate(
            "",
            (b.age, b.interpretation.value.ng_per_ml),
            (a.age, a.interpretation.value.ng_per_ml),
            arrowprops={"arrowstyle": "->", "color": _CHANGE_COLOUR[o.flag], "lw": 1.6, "ls": "--"},
        )
        ax.text(
            b.age,
            b.interpretation.value.ng_per_ml,
            f"  first to last: {o.flag} {o.percent:+.0f}%",
            fontsize=8,
            color=_CHANGE_COLOUR[o.flag],
            va="bottom",
        )
    for r in s.results:
        i = r.interpretation
        ax.plot(
            [r.age],
            [i.value.ng_per_ml],
            "o",
            ms=7,
            color=_FLAG_COLOUR.get(i.flag.value, "#333333"),
            markeredgecolor="black",
            zorder=5,
        )
        ax.annotate(
            r.collected or f"{r.age:.1f} y",
            (r.age, i.value.ng_per_ml),
            fontsize=7,
            xytext=(0, -14),
            textcoords="offset points",
            ha="center",
        )


def plot_series(series: SeriesInterpretation, ax: Any = None) -> Any:
    """Draw the series into ``ax`` (a new figure when None); returns the axes."""
    if not isinstance(series, SeriesInterpretation):
        raise InputError("plot_series() takes an igflab SeriesInterpretation", field="series")
    try:
        from matplotlib.figure import Figure  # noqa: PLC0415 - optional dependency
    except ImportError as exc:
        raise ImportError(INSTALL_HINT) from exc
    if ax is None:
        ax = Figure(figsize=(9.6, 6.0), layout="constrained").add_subplot()
    window = _window(series)
    _curves(ax, series, window)
    _points(ax, series)
    ax.set_xlim(*window)
    top = max(max(r.interpretation.value.ng_per_ml, r.upper_ng_per_ml) for r in series.results)
    ax.set_ylim(0, top * 1.25)
    ax.set_xlabel("age (years)")
    ax.set_ylabel("IGF-1 (ng/mL)")
    if "acromegaly-treatment" in series.context:
        twin = ax.twinx()
        ages = [r.age for r in series.results]
        twin.plot(
            ages,
            [r.x_uln for r in series.results],
            "s--",
            color="#6a3d9a",
            ms=9,
            mfc="none",
            lw=0.8,
            alpha=0.8,
            label="x ULN",
        )
        twin.axhline(1.0, color="#6a3d9a", lw=0.8, ls=":")
        twin.set_ylabel("x upper limit for age (x ULN)", color="#6a3d9a")
        twin.set_ylim(0, max(r.x_uln for r in series.results) * 1.25)
        twin.legend(loc="lower right", fontsize=8)
    ax.legend(loc="lower left", fontsize=8)
    ax.set_title(
        ax.get_title() + "\nbold: a change beyond the reference change value (U up, D down); "
        "igflab informs, discuss results with a qualified health professional",
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
