"""The reference change value (RCV): when is the change between two results more than noise?

Two results of one person differ by the analytical imprecision of the assay (CVa) and by the
person's own variation from one sample to the next (CVi). The RCV is the smallest change that
exceeds both at a chosen probability (Harris and Yasaka 1983). igflab uses the log-normal, asymmetric
form (Fokkema 2006), in which a rise needs a larger percent change than a fall::

    sigma^2 = ln(1 + CVi^2) * 2 + ln(1 + CVa_1^2) + ln(1 + CVa_2^2)
    RCV_up = exp(z * sigma) - 1        RCV_down = exp(-z * sigma) - 1

With one assay (CVa_1 = CVa_2 = CVa) this is ``exp(+-sqrt(2) * z * s) - 1`` with
``s = sqrt(ln(1 + CVi^2) + ln(1 + CVa^2))``, the formula in the project's clinical notes
(section 6): CVa 5 %, CVi 15 %, z = 1.96 gives +54.7 % / -35.3 %.

The default CVs are uncertain (see :data:`DEFAULT_CV`): no authoritative within-person CV
of IGF-1 was found (no EFLM Biological Variation Database entry); 15 % is the middle of the
11-21 % range over IGF-axis markers (Nguyen 2008), and 5 % a typical between-run CV of the
automated assays (2.5-9.6 %; Chanson 2016, Sabbah 2021). Callers pass their own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

from igflab.errors import InputError

__all__ = [
    "CHANGE_DOWN",
    "CHANGE_NONE",
    "CHANGE_UP",
    "DEFAULT_CV",
    "CVChoice",
    "change_code",
    "check_cv",
    "rcv_limits",
    "z_for",
]

#: Change codes (ints so that columns of them stay numpy arrays): none, significant rise, fall.
CHANGE_NONE, CHANGE_UP, CHANGE_DOWN = 0, 1, 2


@dataclass(frozen=True, slots=True)
class CVChoice:
    """A coefficient of variation (a fraction), where it comes from, and whether it is uncertain."""

    cv: float
    source: str
    citations: tuple[str, ...]
    uncertain: bool


#: The defaults: analytical CV (``"analytical"``) and within-person CV (``"within_person"``).
DEFAULT_CV: dict[str, CVChoice] = {
    "analytical": CVChoice(
        0.05,
        "typical between-run CV of automated IGF-1 immunoassays (2.5-9.6 % in manufacturer data); "
        "5 % is a middle value, not one assay's figure",
        ("chanson2016", "sabbah2021"),
        True,
    ),
    "within_person": CVChoice(
        0.15,
        "within-subject CV of IGF-axis markers over 2-3 weeks, 11-21 % (IGF-1's own value not reported); "
        "15 % is the middle of that range, a placeholder: no authoritative IGF-1 value was found",
        ("nguyen2008",),
        True,
    ),
}


def check_cv(cv: object, name: str) -> float:
    """A CV as a fraction in (0, 1]; a percent (5 for 5 %) is refused, not guessed."""
    if isinstance(cv, bool) or not isinstance(cv, (int, float)) or not math.isfinite(cv) or not 0 < cv <= 1:
        raise InputError(f"{name} must be a fraction between 0 and 1 (0.05 for 5 %), got {cv!r}", field=name)
    return float(cv)


def z_for(probability: object, one_sided: bool) -> float:
    """The standard normal quantile for a two-sided (or one-sided) probability."""
    if isinstance(probability, bool) or not isinstance(probability, (int, float)) or not 0.5 <= probability < 1:
        raise InputError(f"probability must be at least 0.5 and below 1, got {probability!r}", field="probability")
    tail = 1 - probability if one_sided else (1 - probability) / 2
    return NormalDist().inv_cdf(1 - tail)


def rcv_limits(cv_within: float, cv_from: float, cv_to: float | None = None, *, z: float) -> tuple[float, float]:
    """(rise, fall) limits as fractions (+0.547, -0.353): a change beyond either is significant.

    ``cv_from`` and ``cv_to`` are the analytical CVs of the two results' assays (the same one
    when ``cv_to`` is None).
    """
    cv_to = cv_from if cv_to is None else cv_to
    sigma = math.sqrt(2 * math.log1p(cv_within**2) + math.log1p(cv_from**2) + math.log1p(cv_to**2))
    return math.expm1(z * sigma), math.expm1(-z * sigma)


def change_code(ratio: Any, up: Any, down: Any) -> Any:
    """:data:`CHANGE_UP`, :data:`CHANGE_DOWN` or :data:`CHANGE_NONE` for ``new / old == ratio``.

    One rule for a scalar and for numpy columns (the comparisons broadcast): a change exactly
    at the limit is not beyond it.
    """
    rel = ratio - 1
    return (rel > up) * CHANGE_UP + (rel < down) * CHANGE_DOWN
