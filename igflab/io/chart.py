"""Reference charts: where one result sits on its reference's age curves.

:func:`plot` draws, for the reference and sex of an :class:`~igflab.models.Interpretation`,
the 2.5th, 50th and 97.5th centile curves over the reference's whole age domain (the band
between the outer two shaded), the adult 120-160 ng/mL band (IGF-1, from 40 years, when the person is 40 or over), the
laboratory's limits at the person's age when a lab range was given, and the result as a
point (a triangle pointing the way of the bound for a censored result such as ``<15``), its label
placed clear of every line (:mod:`igflab.io.chart_labels`) and the legend under the axes;
``fan=True`` adds the centile fan (0.4th to 99.6th centile). The left axis is in ng/mL (= µg/L),
the right axis in nmol/L. For a reference that
publishes limits only (such as ``quest_lcms``) the limits are drawn as steps by age band.

matplotlib is an optional dependency (``pip install 'igflab[plot]'``). Without it,
:func:`plot` and :func:`save_chart` raise :class:`ImportError` whose message says how to
install it; nothing in igflab imports matplotlib until a chart is drawn.

The curves are computed with the function the interpretation uses,
:func:`igflab.science.tables.interval_at` (L, M and S linear in age between the knots, then
the 2.5th and 97.5th centiles), on a fine age grid that also holds every knot and the
person's age, so the curve at the person's age is exactly the interval the
interpretation reports.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from igflab.analytes import spec_of
from igflab.errors import InputError
from igflab.models import Interpretation
from igflab.science.references import Reference, get_reference
from igflab.science.zones import ADULT_BAND_HIGH_NG_PER_ML, ADULT_BAND_LOW_NG_PER_ML, ADULT_BAND_MIN_AGE
from igflab.text.chart_words import LEGEND_SHORT, SEX_WORDS
from igflab.text.figures import display_unit, range_figures
from igflab.text.summary import where_words

from .chart_axes import axes_and_labels, shown
from .chart_curves import Curves, Fan, fan_curves, reference_curves
from .chart_labels import place_label
from .chart_style import (
    BAND_ALPHA,
    FLAG_COLOUR,
    LAB_COLOUR,
    MEDIAN_DASH,
    MID_COLOUR,
    SEX_COLOUR,
    result_marker,
)
from .chart_view import age_window

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "CHART_DPI",
    "CHART_SIZE_PX",
    "INSTALL_HINT",
    "Curves",
    "Fan",
    "fan_curves",
    "new_axes",
    "plot",
    "reference_curves",
    "save_chart",
]

#: The message of the :class:`ImportError` raised when matplotlib is missing.
INSTALL_HINT = "charts need matplotlib, an optional dependency: pip install 'igflab[plot]'"
#: Size of a chart written by :func:`save_chart` (and ``igflab chart``), in pixels.
CHART_SIZE_PX = (960, 600)
#: Resolution of a PNG chart (dots per inch).
CHART_DPI = 100
# The largest chart side (and dpi) save_chart() draws, in pixels.
_MAX_CHART_PX = 10_000

_FORMATS = ("png", "svg")


def _matplotlib() -> Any:
    try:
        import matplotlib  # noqa: PLC0415 - optional dependency, imported only for charts
    except ImportError as exc:
        raise ImportError(INSTALL_HINT) from exc
    return matplotlib


def _published_reference(r: Interpretation) -> Reference | None:
    """The published reference drawn: none when it did not cover the person (a lab range placed the result)."""
    if r.reference.kind == "lab" and not r.other_positions:
        return None
    return get_reference(r.provenance.published_reference_id)


def _draw_reference(ax: Any, ref: Reference, sex: str, age: float, label_sex: bool) -> float:
    """Draw one sex's curves; returns the highest value drawn."""
    c = reference_curves(ref, sex, include_ages=(age,))
    colour = SEX_COLOUR.get(sex, "#444444")
    who = f", {SEX_WORDS[sex]}" if label_sex else ""
    words = LEGEND_SHORT
    if c.method != "limits":
        ax.fill_between(c.ages, c.lower, c.upper, color=colour, alpha=BAND_ALPHA, linewidth=0, gid=f"band-{sex}")
        ax.plot(c.ages, c.upper, color=colour, lw=1.2, ls="--", label=f"{words['upper']}{who}", gid=f"p97.5-{sex}")
        dash = MEDIAN_DASH[sex]
        ax.plot(
            c.ages,
            c.median,
            color=colour,
            lw=2.0,
            ls=(0, dash) if dash else "-",
            label=f"{words['median']}{who}",
            gid=f"p50-{sex}",
        )
        ax.plot(c.ages, c.lower, color=colour, lw=1.2, ls=":", label=f"{words['lower']}{who}", gid=f"p2.5-{sex}")
    else:
        ax.fill_between(
            c.ages, c.lower, c.upper, step="post", color=colour, alpha=BAND_ALPHA, linewidth=0, gid=f"band-{sex}"
        )
        for end, ls in (("upper", "--"), ("lower", ":")):
            ax.plot(
                c.ages,
                getattr(c, end),
                color=colour,
                lw=1.4,
                ls=ls,
                drawstyle="steps-post",
                label=f"{words[end + '_limit']}{who}",
                gid=f"{end}-{sex}",
            )
    return float(max(c.upper))


def _draw_fan(ax: Any, ref: Reference, sex: str, age: float, labelled: bool) -> None:
    f = fan_curves(ref, sex, include_ages=(age,))
    for k, (z, values) in enumerate(f.lines):
        label = LEGEND_SHORT["fan"] if k == 0 and labelled else None
        ax.plot(f.ages, values, color="#777777", lw=1.3 if z == 0 else 0.6, label=label, gid=f"fan{z:+.2f}-{sex}")


def plot(
    interpretation: Interpretation,
    ax: Axes | None = None,
    *,
    unit: str | None = None,
    full_range: bool = False,
    fan: bool = False,
) -> Axes:
    """Draw ``interpretation`` on its reference's age curves; returns the Axes.

    With ``ax=None`` a new figure is made with :mod:`matplotlib.pyplot` (so it shows in a
    notebook); pass an Axes to draw into your own figure. Raises :class:`ImportError`
    (message: :data:`INSTALL_HINT`) when matplotlib is not installed.

    Artists carry ids (``Artist.get_gid()``) for programmatic checks: ``"result"`` (the
    point), ``"p2.5-<sex>"``, ``"p50-<sex>"``, ``"p97.5-<sex>"`` (LMS curves) or
    ``"lower-<sex>"``/``"upper-<sex>"`` (limits), ``"adult-mid-range"``, ``"lab-range"``,
    ``"result-label"`` (the label, placed clear of every line; left out when nowhere is free) and, with
    ``fan=True``, ``"fan<SDS>-<sex>"`` (``"fan-2.67-male"`` ... ``"fan+2.67-male"``).

    A censored result (``<15``) is a triangle pointing the way of its bound. ``fan=True`` adds the centile
    fan (:func:`fan_curves`: 0.4th to 99.6th centile) for a reference with a distribution (LMS, BCCG,
    BCPE); a limits reference has none, and the option is then ignored.

    ``unit`` (ng/mL, µg/L or nmol/L; default the unit the result was typed in) is the left
    axis, the other unit the right one. An adult's chart shows the ages from 18 and a
    child's the ages up to 20 (:func:`igflab.io.chart_view.age_window`); ``full_range=True``
    shows every age of the reference. The adult band is drawn as context, not a target.
    """
    _check_interpretation(interpretation)
    shown_unit = display_unit(interpretation.value.input_unit, unit)
    ax = new_axes(ax)
    r = interpretation
    ref = _published_reference(r)
    sexes = ("male", "female") if r.sex == "unknown" else (r.sex,)
    top = r.value.ng_per_ml
    age_lo, age_hi = r.age, r.age
    if ref is not None:
        age_lo, age_hi = age_window(r.age, (ref.age_min, ref.age_max), full_range)
        with_fan = fan and ref.distribution != "limits"
        for k, s in enumerate(sexes):
            if with_fan:
                _draw_fan(ax, ref, s, r.age, labelled=k == 0)
            _draw_reference(ax, ref, s, r.age, label_sex=len(sexes) > 1)
        top = max(r.value.ng_per_ml, *(_highest(ref, s, age_lo, age_hi, with_fan) for s in sexes))
    if r.adult_band is not None and age_hi >= ADULT_BAND_MIN_AGE:  # IGF-1, the ages the band's cohorts covered
        _draw_mid_range(ax, max(ADULT_BAND_MIN_AGE, age_lo), age_hi)
        top = max(top, ADULT_BAND_HIGH_NG_PER_ML)
    if r.reference.kind == "lab":
        top = max(top, _draw_lab_range(ax, r, shown_unit))
    age_hi = _draw_result(ax, r, age_lo, age_hi, shown_unit)
    axes_and_labels(ax, r, ref, (age_lo, age_hi), top, shown_unit)
    place_label(
        ax, shown(r, unit=shown_unit), (r.age, r.value.ng_per_ml), "result-label", fontsize=9, fontweight="bold"
    )
    return ax


def new_axes(ax: Any) -> Axes:
    """The Axes to draw in: the caller's (checked), or a new figure's."""
    _matplotlib()
    from matplotlib.axes import Axes as _Axes  # noqa: PLC0415

    if ax is None:
        import matplotlib.pyplot as plt  # noqa: PLC0415 - only when the caller wants a new figure

        _fig, new = plt.subplots(
            figsize=(CHART_SIZE_PX[0] / CHART_DPI, CHART_SIZE_PX[1] / CHART_DPI), layout="constrained"
        )
        return new
    if not isinstance(ax, _Axes):
        message = f"ax must be a matplotlib Axes (or None for a new figure), got {type(ax).__name__}"
        raise InputError(message, field="ax")
    return ax


def _draw_mid_range(ax: Any, start: float, end: float) -> None:
    from matplotlib.patches import Rectangle  # noqa: PLC0415

    ax.add_patch(
        Rectangle(
            (start, ADULT_BAND_LOW_NG_PER_ML),
            end - start,
            ADULT_BAND_HIGH_NG_PER_ML - ADULT_BAND_LOW_NG_PER_ML,
            facecolor=MID_COLOUR,
            alpha=0.13,
            edgecolor=MID_COLOUR,
            hatch="///",
            linewidth=0.6,
            label=LEGEND_SHORT["mid"],
            gid="adult-mid-range",
        )
    )


def _highest(ref: Reference, sex: str, age_lo: float, age_hi: float, fan: bool = False) -> float:
    """The highest upper limit (or, with the fan, the 99.6th centile) inside the ages shown."""
    c = reference_curves(ref, sex)
    upper = fan_curves(ref, sex).lines[-1][1] if fan else c.upper
    inside = (c.ages >= age_lo) & (c.ages <= age_hi)
    return float(max(upper[inside])) if inside.any() else float(max(upper))


def _draw_lab_range(ax: Any, r: Interpretation, unit: Any) -> float:
    p = r.reference
    ax.plot(
        [r.age, r.age],
        [p.lower_ng_per_ml, p.upper_ng_per_ml],
        color=LAB_COLOUR,
        lw=2.2,
        marker="_",
        markersize=18,
        markeredgewidth=2.2,
        label=f"{LEGEND_SHORT['lab']}: {range_figures(p.lower_ng_per_ml, p.upper_ng_per_ml, unit, spec_of(r.analyte))}",
        gid="lab-range",
    )
    return p.upper_ng_per_ml


def _draw_result(ax: Any, r: Interpretation, age_lo: float, age_hi: float, unit: Any) -> float:
    """The point (a triangle pointing the way of a censored result's bound); returns the right edge of the age
    axis (widened to keep the point in view). Its label is placed once the chart is laid out."""
    marker = {"dot": "o", "down": "v", "up": "^"}[result_marker(r.value.censored)]
    ax.scatter(
        [r.age],
        [r.value.ng_per_ml],
        s=90,
        marker=marker,
        color=FLAG_COLOUR.get(r.flag.value, "black"),
        edgecolors="black",
        linewidths=1.0,
        zorder=5,
        label=f"{LEGEND_SHORT['result']}: {shown(r, unit)}, {where_words(r)}",
        gid="result",
    )
    span = age_hi - age_lo or 1.0
    if r.age >= age_hi:  # keep a point at the right edge (e.g. past the reference's domain) in view
        age_hi += 0.02 * span
    return age_hi


def _check_interpretation(r: Any) -> None:
    if not isinstance(r, Interpretation):
        what = "a panel: chart its igf1 or igfbp3" if type(r).__name__ == "PanelInterpretation" else type(r).__name__
        raise InputError(f"charts draw an igflab Interpretation, got {what}", field="interpretation")


def _whole(v: Any, most: int) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= most


def save_chart(
    interpretation: Interpretation,
    path: str | Path,
    *,
    size_px: tuple[int, int] = CHART_SIZE_PX,
    dpi: int = CHART_DPI,
    unit: str | None = None,
    full_range: bool = False,
    fan: bool = False,
) -> Path:
    """Draw :func:`plot` into a new figure and write it to ``path`` (``.png`` or ``.svg``).

    Uses no display (matplotlib's Agg renderer for PNG, its SVG writer for SVG) and does
    not touch pyplot's global state. A PNG is ``size_px`` pixels; an SVG has the same
    size in points at ``dpi``. Returns the path written.
    """
    _check_interpretation(interpretation)
    if not isinstance(path, (str, os.PathLike)):
        raise InputError(f"the chart path must be text or a path, got {type(path).__name__}", field="output")
    dims: Any = size_px  # checked at run time: callers may pass anything
    if not (
        isinstance(dims, (tuple, list))
        and len(dims) == 2
        and all(_whole(v, _MAX_CHART_PX) for v in dims)
        and _whole(dpi, _MAX_CHART_PX)
    ):
        raise InputError(
            f"size_px must be two whole numbers of pixels and dpi a whole number, each 1 to {_MAX_CHART_PX:,}; "
            f"got size_px={size_px!r}, dpi={dpi!r}",
            field="size_px",
        )
    out = Path(path)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in _FORMATS:
        raise InputError(f"chart file must end in .png or .svg, got {out.name!r}", field="output")
    _matplotlib()
    from matplotlib.figure import Figure  # noqa: PLC0415

    fig = Figure(figsize=(size_px[0] / dpi, size_px[1] / dpi), dpi=dpi, layout="constrained")
    ax = fig.add_subplot()
    plot(interpretation, ax=ax, unit=unit, full_range=full_range, fan=fan)
    from igflab._version import __version__  # noqa: PLC0415

    meta: dict[str, Any] = {"Software": f"igflab {__version__}"} if fmt == "png" else {"Date": None}
    try:
        fig.savefig(out, format=fmt, dpi=dpi, metadata=meta)
    except OSError as exc:
        raise InputError(f"cannot write {out}: {exc.strerror or exc}", field="output") from exc
    return out
