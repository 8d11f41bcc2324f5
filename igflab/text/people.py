"""Who a result belongs to, as the wording needs it: the life stage by age, the treatment contexts and the
children's far-above tier.

The stages: ``infant`` (under 1 year: the post-natal fall of IGF-1, Bidlingmaier 2014), ``young_child``
(1 to 8 years: no puberty wording; puberty typically begins at 8-13 years in girls and 9-14 in boys, NICHD),
``child`` (8 to 18 years), ``young_adult`` (18 to 25 years: the transition after childhood growth-hormone
treatment) and ``adult``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Final, Literal

from igflab._types import ContextFlagId
from igflab.science.zones import Zone

from .shapes import Position

__all__ = [
    "CHILD_FAR_ABOVE_SCORE",
    "YOUNG_ADULT_MAX_AGE",
    "Stage",
    "child_far_above",
    "life_stage",
    "treatment_of",
]

Stage = Literal["infant", "young_child", "child", "late_teen", "young_adult", "adult"]
#: Below this age the children's notes never speak of puberty (see the module's note).
YOUNG_CHILD_MAX_AGE: Final = 8.0
#: From this age a child's high result is no longer put down to early puberty: puberty typically begins at 8-13
#: years in girls and 9-14 in boys (NICHD, as the context check in igflab.core.rules cites it), so by 15 it is
#: usually under way or advanced. The cut at 15 is igflab's convention, not a published threshold.
LATE_TEEN_MIN_AGE: Final = 15.0
#: The end of the young-adult (transition) wording.
YOUNG_ADULT_MAX_AGE: Final = 25.0
#: A child's result with a score (SDS, or zlog where the reference gives no SDS) above this is "far above the
#: range for the child's age". No cited source defines a paediatric tier: this is igflab's own convention
#: (3 SDS is about the 99.87th centile), stated as such where it is used.
CHILD_FAR_ABOVE_SCORE: Final = 3.0


def life_stage(age: float) -> Stage:
    """The life stage the wording uses at ``age`` (years).

    >>> [life_stage(a) for a in (0.1, 2.0, 13.0, 22.0, 45.0)]
    ['infant', 'young_child', 'child', 'young_adult', 'adult']
    """
    if age < 1.0:
        return "infant"
    if age < YOUNG_CHILD_MAX_AGE:
        return "young_child"
    if age < LATE_TEEN_MIN_AGE:
        return "child"
    if age < 18.0:
        return "late_teen"
    return "young_adult" if age < YOUNG_ADULT_MAX_AGE else "adult"


def treatment_of(context: Iterable[ContextFlagId]) -> ContextFlagId | None:
    """The treatment followed with IGF-1 that the context names (growth-hormone therapy first), or None."""
    ctx = tuple(context)
    return next((c for c in ("gh-therapy", "acromegaly-treatment") if c in ctx), None)


def child_far_above(zone: Zone, positions: Iterable[Position]) -> bool:
    """Whether a result above the range has a score above :data:`CHILD_FAR_ABOVE_SCORE` in any position."""
    if zone is not Zone.ABOVE_REFERENCE:
        return False
    for p in positions:
        s = p.sds if p.sds is not None else p.zlog
        if s is not None and not math.isnan(s) and s > CHILD_FAR_ABOVE_SCORE:
            return True
    return False
