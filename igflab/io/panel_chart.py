"""Charts of an IGFBP-3 result (or IGF-1 on the LIFE table) on its BCCG/BCPE reference curves.

:func:`plot_analyte` draws the 2.5th, 50th and 97.5th centiles of the result's table over
its whole age domain (the band between the outer two shaded) and the result as a point; the
axis is in ng/mL. :func:`igflab.plot` and :func:`igflab.save_chart` call it for an
:class:`~igflab.panel_models.AnalyteResult`. The curves come from
:meth:`~igflab.science.references.Reference.bounds`, the function the result
uses, on a grid that holds every knot and the person's age.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from igflab.panel_models import AnalyteResult
from igflab.science.reference_files import BCPERow, LMSRow
from igflab.science.references import get_reference
from igflab.text.format import age_text, number
from igflab.text.panel import ANALYTE_WORDS

from .chart import GRID_POINTS, Curves, new_axes
from .chart_caption import caption_below

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["analyte_curves", "plot_analyte"]

_FLAG_COLOUR = {"L": "#1f77b4", "N": "#2ca02c", "H": "#ff7f0e", "HU": "#d62728"}


def analyte_curves(reference_id: str, sex: str, include_ages: tuple[float, ...] = ()) -> Curves:
    """The 2.5th, 50th and 97.5th centile curves of a BCCG/BCPE table for ``sex`` over its age domain."""
    import numpy as np  # noqa: PLC0415 - numpy is only needed for the curves

    from igflab.backend import numpy_backend  # noqa: PLC0415

    ref = get_reference(reference_id)
    rows = ref.data.rows["female" if sex == "female" else "male"]
    knots = [float(r.age) for r in rows if isinstance(r, (LMSRow, BCPERow))]
    extra = [a for a in include_ages if ref.age_min <= a <= ref.age_max]
    ages = np.union1d(np.linspace(ref.age_min, ref.age_max, GRID_POINTS), np.asarray([*knots, *extra]))
    b = ref.bounds(ages, np.full(ages.shape, sex == "female"), numpy_backend())
    return Curves(ref.id, sex, ref.distribution, ages, b.lower, b.median, b.upper)


def plot_analyte(result: AnalyteResult, ax: Axes | None = None) -> Axes:
    """Draw ``result`` on its table's centile curves; returns the Axes (a new figure's when ``ax`` is None).

    Artists carry ids: ``"result"``, ``"p2.5-<sex>"``, ``"p50-<sex>"``, ``"p97.5-<sex>"``.
    """
    axes: Any = new_axes(ax)
    r = result
    c = analyte_curves(r.reference_id, r.sex, (r.age,))
    name = ANALYTE_WORDS[r.analyte]
    axes.fill_between(c.ages, c.lower, c.upper, color="#cfe3f3", alpha=0.7, linewidth=0)
    axes.plot(c.ages, c.lower, color="#4a79a5", lw=1.0, gid=f"p2.5-{r.sex}", label="2.5th and 97.5th centiles")
    axes.plot(c.ages, c.upper, color="#4a79a5", lw=1.0, gid=f"p97.5-{r.sex}")
    axes.plot(c.ages, c.median, color="#4a79a5", lw=1.0, ls="--", gid=f"p50-{r.sex}", label="median")
    shown = f"{number(r.value_ng_per_ml)} ng/mL"
    axes.scatter(
        [r.age],
        [r.value_ng_per_ml],
        s=80,
        color=_FLAG_COLOUR.get(r.flag.value, "black"),
        edgecolors="black",
        zorder=5,
        gid="result",
        label=f"this result: {shown}, zone {r.zone.value} ({r.flag.value})",
    )
    top = max(float(c.upper.max()), r.value_ng_per_ml) * 1.08
    axes.set_xlim(float(c.ages[0]), max(float(c.ages[-1]), r.age))
    axes.set_ylim(0, top)
    axes.set_xlabel("age (years)")
    axes.set_ylabel(f"{name} (ng/mL)")
    axes.grid(True, color="#dddddd", linewidth=0.6)
    axes.set_title(
        f"{name} {shown}, {r.sex}, {age_text(r.age)}\nagainst {r.reference_id} ({r.method}): "
        "2.5th, 50th and 97.5th centiles",
        fontsize=11,
    )
    src = get_reference(r.reference_id).data.citation
    caption = f"Reference: {r.reference_id}, {src.authors.split(',')[0]} et al. ({src.year}), doi:{src.doi}\n"
    caption_below(
        axes, caption + "igflab informs; it does not diagnose. Discuss any result with a qualified health professional."
    )
    axes.legend(loc="upper right", fontsize=8, framealpha=0.9)
    return axes  # type: ignore[no-any-return]
