"""Which ages a chart shows: adults see the adult years, children the childhood years (all on request).

For an adult the childhood peak would squash the adult curves, so an adult's chart starts
at 18 years; a child's chart runs from the reference's start to 20 years (past the peak of
puberty). ``full_range=True`` shows the reference's whole age domain. The person's age is
always in view.
"""

from __future__ import annotations

from igflab.science.zones import ADULT_AGE_YEARS

__all__ = ["CHILD_VIEW_END_YEARS", "age_window"]

#: Where a child's chart ends (years): past the pubertal peak of IGF-1.
CHILD_VIEW_END_YEARS = 20.0


def age_window(age: float, domain: tuple[float, float] | None, full_range: bool = False) -> tuple[float, float]:
    """The ages a chart shows for a person of ``age``, given the reference's age ``domain``.

    >>> age_window(45, (0.0, 94.0)), age_window(12, (0.0, 94.0)), age_window(45, (0.0, 94.0), full_range=True)
    ((18.0, 94.0), (0.0, 20.0), (0.0, 94.0))
    """
    if domain is None:
        return (age - 1.0, age + 1.0)
    lo, hi = domain
    if not full_range:
        if age >= ADULT_AGE_YEARS:
            lo = max(lo, ADULT_AGE_YEARS)
        else:
            hi = min(hi, CHILD_VIEW_END_YEARS)
    return (min(lo, age), max(hi, age))
