"""A reference's curves on a fine age grid: the 2.5th, 50th and 97.5th centiles (or a limits reference's steps),
and the centile fan. Computed with numpy by the function the interpretation uses, so the curve at the person's
age is exactly the interval the interpretation reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from igflab.errors import InputError
from igflab.science.reference_files import BCPERow, LimitRow, LMSRow
from igflab.science.references import Reference, get_reference

from .chart_style import FAN_SDS

__all__ = ["GRID_POINTS", "Curves", "Fan", "fan_curves", "reference_curves"]

#: Number of evenly spaced ages in the curve grid (the knots and the person's age are added).
GRID_POINTS = 800


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


@dataclass(frozen=True, slots=True)
class Fan:
    """A reference's centile fan for one sex: ``lines`` holds (SDS, values in ng/mL) for each SDS of
    :data:`igflab.io.chart_style.FAN_SDS`, on the age grid ``ages``."""

    ages: Any
    lines: tuple[tuple[float, Any], ...]


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


def fan_curves(reference: Reference | str, sex: str, include_ages: tuple[float, ...] = ()) -> Fan:
    """The centile fan of ``reference`` for ``sex``: the values at SDS -8/3 to +8/3 in steps of 2/3 (the 0.4th,
    2nd, 9th, 25th, 50th, 75th, 91st, 98th and 99.6th centiles), on the grid of :func:`reference_curves`.

    A reference that publishes limits only has no fan (:class:`InputError`).

    >>> f = fan_curves("bidlingmaier2014_idsisys", "male", include_ages=(45.0,))
    >>> i = int((f.ages == 45.0).nonzero()[0][0])
    >>> [round(float(v[i])) for _z, v in f.lines][::4]
    [55, 132, 246]
    """
    import numpy as np  # noqa: PLC0415 - numpy is only needed for the curves

    from igflab.backend import numpy_backend  # noqa: PLC0415

    ref = reference if isinstance(reference, Reference) else get_reference(reference)
    if ref.distribution == "limits":
        raise InputError(f"the {ref.id} reference publishes limits, not a distribution: no centile fan", field="fan")
    ages = reference_curves(ref, sex, include_ages).ages
    female = np.full(ages.shape, sex == "female")
    xp = numpy_backend()
    return Fan(ages, tuple((z, ref.value_at(np.full(ages.shape, z), ages, female, xp)) for z in FAN_SDS))
