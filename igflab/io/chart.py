"""Reference charts: where one result sits on its reference's age curves.

:func:`plot` draws, for the reference and sex of an :class:`~igflab.models.Interpretation`,
the 2.5th, 50th and 97.5th centile curves over the reference's whole age domain (the band
between the outer two shaded), the adult 120-160 ng/mL band (IGF-1, from 40 years, when the person is 40 or over), the
laboratory's limits at the person's age when a lab range was given, and the result as a
point. The left axis is in ng/mL (= µg/L), the right axis in nmol/L. For a reference that
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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from igflab.analytes import spec_of
from igflab.errors import InputError
from igflab.models import Interpretation
from igflab.science.reference_files import BCPERow, LimitRow, LMSRow
from igflab.science.references import Reference, get_reference
from igflab.science.zones import ADULT_BAND_HIGH_NG_PER_ML, ADULT_BAND_LOW_NG_PER_ML, ADULT_BAND_MIN_AGE
from igflab.text.chart_words import LEGEND_SHORT
from igflab.text.figures import display_unit, range_figures
from igflab.text.summary import where_words

from .chart_axes import axes_and_labels, shown
from .chart_view import age_window

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "CHART_DPI",
    "CHART_SIZE_PX",
    "INSTALL_HINT",
    "Curves",
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
#: Number of evenly spaced ages in the curve grid (the knots and the person's age are added).
GRID_POINTS = 800

_FORMATS = ("png", "svg")

# Colours chosen to stay distinguishable in greyscale and for common colour-vision deficiencies.
_SEX_COLOUR = {"male": "#1f5fa8", "female": "#a8321f"}
_BAND_ALPHA = 0.16
_MID_COLOUR = "#2e8b57"
_LAB_COLOUR = "#6a3d9a"
_FLAG_COLOUR = {"L": "#1f5fa8", "N": "#2e8b57", "H": "#d17a00", "HU": "#b2182b", "IND": "#6a3d9a"}


@dataclass(frozen=True, slots=True)
class Curves:
    """A reference's curves for one sex, in ng/mL, on an age grid (numpy arrays).

    For an LMS reference ``lower``, ``median`` and ``upper`` are the 2.5th, 50th and 97.5th
    centiles at each age of ``ages``. For a limits reference ``median`` is ``None`` and
    ``lower``/``upper`` are the laboratory's limits, constant within each age band (draw
    them with ``drawstyle="steps-post"``: each value holds until the next age).
    """

    reference_id: str
    sex: str
    method: str
    ages: Any
    lower: Any
    median: Any | None
    upper: Any


def _matplotlib() -> Any:
    try:
        import matplotlib  # noqa: PLC0415 - optional dependency, imported only for charts
    except ImportError as exc:
        raise ImportError(INSTALL_HINT) from exc
    return matplotlib


def reference_curves(reference: Reference | str, sex: str, include_ages: tuple[float, ...] = ()) -> Curves:
    """The curves of ``reference`` for ``sex`` ("male" or "female") over its whole age domain.

    ``include_ages`` are added to the grid (those inside the domain), so the curves are
    exact there rather than interpolated between grid points.

    >>> c = reference_curves("bidlingmaier2014_idsisys", "male", include_ages=(45.0,))
    >>> i = int((c.ages == 45.0).nonzero()[0][0])
    >>> round(float(c.lower[i])), round(float(c.median[i])), round(float(c.upper[i]))
    (72, 132, 212)
    """
    import numpy as np  # noqa: PLC0415 - numpy is only needed for the curves

    from igflab.backend import numpy_backend  # noqa: PLC0415

    ref = reference if isinstance(reference, Reference) else get_reference(reference)
    if sex not in ref.sexes:
        raise InputError(f"the {ref.id} reference has no curves for sex {sex!r}", field="sex")
    extra = [a for a in include_ages if ref.covers(a)]
    rows = ref.data.rows[sex]  # type: ignore[index]
    if ref.distribution != "limits":  # LMS, BCCG, BCPE: smooth centile curves, exact at the knots
        knots = [float(r.age) for r in rows if isinstance(r, (LMSRow, BCPERow))]
        ages = np.union1d(np.linspace(ref.age_min, ref.age_max, GRID_POINTS), np.asarray([*knots, *extra]))
        b = ref.bounds(ages, np.full(ages.shape, sex == "female"), numpy_backend())
        return Curves(ref.id, sex, ref.distribution, ages, b.lower, b.median, b.upper)
    bands = [r for r in rows if isinstance(r, LimitRow)]
    xs = [float(r.age_from) for r in bands] + [ref.age_max]
    lo = [float(r.lower) for r in bands]
    hi = [float(r.upper) for r in bands]
    return Curves(ref.id, sex, "limits", np.asarray(xs), np.asarray([*lo, lo[-1]]), None, np.asarray([*hi, hi[-1]]))


def _published_reference(r: Interpretation) -> Reference | None:
    """The published reference drawn: none when it did not cover the person (a lab range placed the result)."""
    if r.reference.kind == "lab" and not r.other_positions:
        return None
    return get_reference(r.provenance.published_reference_id)


def _draw_reference(ax: Any, ref: Reference, sex: str, age: float, label_sex: bool) -> float:
    """Draw one sex's curves; returns the highest value drawn."""
    c = reference_curves(ref, sex, include_ages=(age,))
    colour = _SEX_COLOUR.get(sex, "#444444")
    who = f" ({sex})" if label_sex else ""
    if c.method != "limits":
        ax.fill_between(c.ages, c.lower, c.upper, color=colour, alpha=_BAND_ALPHA, linewidth=0, gid=f"band-{sex}")
        words = LEGEND_SHORT
        ax.plot(c.ages, c.upper, color=colour, lw=1.2, ls="--", label=f"{words['upper']}{who}", gid=f"p97.5-{sex}")
        ax.plot(c.ages, c.median, color=colour, lw=1.8, label=f"{words['median']}{who}", gid=f"p50-{sex}")
        ax.plot(c.ages, c.lower, color=colour, lw=1.2, ls=":", label=f"{words['lower']}{who}", gid=f"p2.5-{sex}")
    else:
        ax.fill_between(
            c.ages, c.lower, c.upper, step="post", color=colour, alpha=_BAND_ALPHA, linewidth=0, gid=f"band-{sex}"
        )
        ax.plot(
            c.ages, c.upper, color=colour, lw=1.4, drawstyle="steps-post", label=f"upper limit{who}", gid=f"upper-{sex}"
        )
        ax.plot(
            c.ages, c.lower, color=colour, lw=1.4, drawstyle="steps-post", label=f"lower limit{who}", gid=f"lower-{sex}"
        )
    return float(max(c.upper))


def plot(
    interpretation: Interpretation,
    ax: Axes | None = None,
    *,
    unit: str | None = None,
    full_range: bool = False,
) -> Axes:
    """Draw ``interpretation`` on its reference's age curves; returns the Axes.

    With ``ax=None`` a new figure is made with :mod:`matplotlib.pyplot` (so it shows in a
    notebook); pass an Axes to draw into your own figure. Raises :class:`ImportError`
    (message: :data:`INSTALL_HINT`) when matplotlib is not installed.

    Artists carry ids (``Artist.get_gid()``) for programmatic checks: ``"result"`` (the
    point), ``"p2.5-<sex>"``, ``"p50-<sex>"``, ``"p97.5-<sex>"`` (LMS curves) or
    ``"lower-<sex>"``/``"upper-<sex>"`` (limits), ``"adult-mid-range"`` and ``"lab-range"``.

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
        for s in sexes:
            top = max(top, _draw_reference(ax, ref, s, r.age, label_sex=len(sexes) > 1))
        age_lo, age_hi = age_window(r.age, (ref.age_min, ref.age_max), full_range)
        top = max(r.value.ng_per_ml, *(_highest(ref, s, age_lo, age_hi) for s in sexes))
    if r.adult_band is not None and age_hi >= ADULT_BAND_MIN_AGE:  # IGF-1, the ages the band's cohorts covered
        _draw_mid_range(ax, max(ADULT_BAND_MIN_AGE, age_lo), age_hi)
    if r.reference.kind == "lab":
        top = max(top, _draw_lab_range(ax, r, shown_unit))
    age_hi = _draw_result(ax, r, age_lo, age_hi, shown_unit)
    axes_and_labels(ax, r, ref, (age_lo, age_hi), top, shown_unit)
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
            facecolor=_MID_COLOUR,
            alpha=0.13,
            edgecolor=_MID_COLOUR,
            hatch="///",
            linewidth=0.6,
            label=LEGEND_SHORT["mid"],
            gid="adult-mid-range",
        )
    )


def _highest(ref: Reference, sex: str, age_lo: float, age_hi: float) -> float:
    """The highest upper limit inside the ages shown."""
    c = reference_curves(ref, sex)
    inside = (c.ages >= age_lo) & (c.ages <= age_hi)
    return float(max(c.upper[inside])) if inside.any() else float(max(c.upper))


def _draw_lab_range(ax: Any, r: Interpretation, unit: Any) -> float:
    p = r.reference
    ax.plot(
        [r.age, r.age],
        [p.lower_ng_per_ml, p.upper_ng_per_ml],
        color=_LAB_COLOUR,
        lw=2.2,
        marker="_",
        markersize=18,
        markeredgewidth=2.2,
        label=f"{LEGEND_SHORT['lab']}: {range_figures(p.lower_ng_per_ml, p.upper_ng_per_ml, unit, spec_of(r.analyte))}",
        gid="lab-range",
    )
    return p.upper_ng_per_ml


def _draw_result(ax: Any, r: Interpretation, age_lo: float, age_hi: float, unit: Any) -> float:
    """The point and its label; returns the right edge of the age axis (widened to keep the point in view)."""
    marker = {"<": "v", ">": "^"}.get(r.value.censored or "", "o")
    ax.scatter(
        [r.age],
        [r.value.ng_per_ml],
        s=80,
        marker=marker,
        color=_FLAG_COLOUR.get(r.flag.value, "black"),
        edgecolors="black",
        linewidths=1.0,
        zorder=5,
        label=f"{LEGEND_SHORT['result']}: {shown(r, unit)}, {where_words(r)}",
        gid="result",
    )
    span = age_hi - age_lo or 1.0
    if r.age >= age_hi:  # keep a point at the right edge (e.g. past the reference's domain) in view
        age_hi += 0.02 * span
    right_side = (r.age - age_lo) / span > 0.8
    ax.annotate(
        shown(r, unit),
        (r.age, r.value.ng_per_ml),
        xytext=(-8 if right_side else 8, 8),
        textcoords="offset points",
        ha="right" if right_side else "left",
        fontsize=9,
        fontweight="bold",
        zorder=6,
    )
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
    plot(interpretation, ax=ax, unit=unit, full_range=full_range)
    from igflab._version import __version__  # noqa: PLC0415

    meta: dict[str, Any] = {"Software": f"igflab {__version__}"} if fmt == "png" else {"Date": None}
    try:
        fig.savefig(out, format=fmt, dpi=dpi, metadata=meta)
    except OSError as exc:
        raise InputError(f"cannot write {out}: {exc.strerror or exc}", field="output") from exc
    return out
