"""A chart's axes, title and caption (the figures in the display unit, the other unit on the right)."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from igflab.analytes import AnalyteSpec, spec_of
from igflab.science.references import Reference
from igflab.text.figures import DisplayUnit, figures
from igflab.text.format import age_text

from .chart_caption import caption_below

if TYPE_CHECKING:
    from igflab.models import Interpretation

__all__ = ["axes_and_labels", "shown"]


def shown(r: Interpretation, unit: DisplayUnit) -> str:
    """The result in the display unit, the other unit beside it."""
    return figures(r.value.ng_per_ml, unit, r.value.censored, spec=spec_of(r.analyte))


def _unit_axes(ax: Any, unit: DisplayUnit, top: float, spec: AnalyteSpec) -> None:
    """Left axis in ``unit`` (ticks at round values of that unit), right axis in the other unit (the analyte's
    molar mass)."""
    from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator  # noqa: PLC0415

    k, name = spec.ng_per_ml_per_nmol_per_l, spec.words

    def to_nmol(v: Any) -> Any:
        return v / k

    def to_ng(v: Any) -> Any:
        return v * k

    def same(v: Any) -> Any:
        return v

    sec = ax.secondary_yaxis("right", functions=(same, same) if unit == "nmol/L" else (to_nmol, to_ng))
    if unit == "nmol/L":
        ticks = [t * k for t in MaxNLocator(nbins=8).tick_values(0, top / k) if 0 <= t * k <= top]
        ax.yaxis.set_major_locator(FixedLocator(ticks))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v / k:g}"))
        ax.set_ylabel(f"{name} (nmol/L)")
        sec.set_ylabel(f"{name} (ng/mL = µg/L; 1 nmol/L = {k:g} ng/mL)")
    else:
        ax.set_ylabel(f"{name} ({unit}{' = µg/L' if unit == 'ng/mL' else ' = ng/mL'})")
        sec.set_ylabel(f"{name} (nmol/L; 1 nmol/L = {k:g} ng/mL)")


def axes_and_labels(
    ax: Any, r: Interpretation, ref: Reference | None, ages: tuple[float, float], top: float, unit: DisplayUnit
) -> None:
    ax.set_xlim(*ages)
    ax.set_ylim(0, top * 1.08)
    ax.set_xlabel("age (years)")
    _unit_axes(ax, unit, top * 1.08, spec_of(r.analyte))
    ax.grid(True, color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.set_title(_title(r, ref, unit), fontsize=11)
    whole_year_ticks(ax)
    legend = legend_below(ax)
    caption_below(ax, _caption(ref), under=legend)


def whole_year_ticks(ax: Any) -> None:
    """Age ticks on whole years (a child's chart of 0-20 years: 0, 5, 10 ... rather than 2.5, 7.5 ...)."""
    from matplotlib.ticker import MaxNLocator  # noqa: PLC0415

    ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))


def legend_below(ax: Any, ncols: int = 2) -> Any:
    """The legend under the axes (outside the data: it never hides a curve), artist id ``"legend"``."""
    from matplotlib.transforms import offset_copy  # noqa: PLC0415

    handles, labels = ax.get_legend_handles_labels()
    # Characters a line at 8 points (about 6 pixels a character): the columns share the figure's width.
    width = max(30, int(ax.figure.bbox.width / 6.2) // ncols - 8)
    legend = ax.legend(
        handles,
        [textwrap.fill(label, width) for label in labels],
        loc="upper left",
        bbox_to_anchor=(0.0, 0.0),
        bbox_transform=offset_copy(ax.transAxes, fig=ax.figure, y=-32, units="points"),
        fontsize=8,
        ncols=ncols,
        frameon=False,
        borderaxespad=0.0,
    )
    legend.set_gid("legend")
    return legend


def _title(r: Interpretation, ref: Reference | None, unit: DisplayUnit) -> str:
    who = {"male": "male", "female": "female"}.get(r.sex, "sex not given")
    if ref is None:
        name = "the laboratory's printed range (no published reference covers this age)"
    elif ref.distribution != "limits":
        name = f"{ref.data.short_name}: 2.5th, 50th and 97.5th centiles"
    else:
        name = f"{ref.data.short_name}: lower and upper limits by age band"
    against = f"the laboratory's range, with {name} for comparison" if r.reference.kind == "lab" and ref else name
    return f"{spec_of(r.analyte).words} {shown(r, unit)}, {who}, {age_text(r.age)}\nagainst {against}"


def _caption(ref: Reference | None) -> str:
    caption = ""
    if ref is not None:
        c = ref.data.citation
        src = f"doi:{c.doi}" if c.doi else c.journal
        names = c.authors.split(", ")
        authors = c.authors if len(names) <= 4 else f"{names[0]} et al."  # a long author list would fill the chart
        caption = f"Reference: {ref.data.short_name}, {authors} ({c.year or 'n.d.'}), {src}\n"
    return caption + "igflab informs; it does not diagnose. Discuss any result with a qualified health professional."
