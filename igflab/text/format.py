"""Numbers, ages, bands and centiles as igflab writes them (models keep full precision).

Notes, the terminal, FHIR text and charts all format through these functions, so a
figure reads the same everywhere.
"""

from __future__ import annotations

import math

__all__ = ["age_text", "band_text", "centile_text", "group_text", "number", "score_text", "signed"]


def number(x: float) -> str:
    """A concentration for display: 212, 71.7, 8.80; whole numbers without decimals.

    >>> number(211.98), number(71.66), number(8.8), number(52.0)
    ('212', '71.7', '8.80', '52')
    """
    if x >= 100 or x % 1 == 0:  # whole numbers (also ints); False for nan and inf
        return f"{x:.0f}"
    return f"{x:.1f}" if x >= 10 else f"{x:.2f}"


def signed(x: float) -> str:
    """A score with its sign, two decimals; never ``-0.00``.

    >>> signed(0.4936), signed(-0.0004), signed(-2.441)
    ('+0.49', '+0.00', '-2.44')
    """
    text = f"{x:+.2f}"
    return "+0.00" if text == "-0.00" else text


def score_text(x: float | None) -> str:
    """A score, or ``n/a`` when there is none (``None`` or nan)."""
    return "n/a" if x is None or math.isnan(x) else signed(x)


def age_text(age: float) -> str:
    """An age as people say it: months under 2 years, else years.

    >>> age_text(0.5), age_text(1.25), age_text(45.0), age_text(45.25)
    ('6 months', '15 months', '45 years', '45.2 years')
    """
    if age < 2:
        months = age * 12 + 0.0  # never "-0 months"
        return f"{months:.0f} months" if abs(months - round(months)) < 0.05 else f"{months:.1f} months"
    return f"{age:g} years" if float(age).is_integer() else f"{age:.1f} years"


def band_text(band: tuple[float, float | None] | None) -> str:
    """An age band: ``"20 to under 30 years"``, ``"70 years and over"``.

    >>> band_text((20.0, 30.0)), band_text((70.0, None))
    ('20 to under 30 years', '70 years and over')
    """
    if band is None:
        return ""
    lo, hi = band
    return f"{lo:g} years and over" if hi is None else f"{lo:g} to under {hi:g} years"


_SUFFIX = {1: "st", 2: "nd", 3: "rd"}


def centile_text(c: float) -> str:
    """ "at the 69th centile"; whole centiles from 1 to 99, one decimal outside them.

    >>> centile_text(68.7), centile_text(0.05), centile_text(99.5)
    ('at the 69th centile', 'below the 0.1st centile', 'at the 99.5th centile')
    """
    if 1 <= c <= 99:
        n = round(c)
    elif c < 0.1:
        return "below the 0.1st centile"
    elif c > 99.9:
        return "above the 99.9th centile"
    else:
        v = round(c, 1)
        if not v.is_integer():
            return f"at the {v}th centile"
        n = int(v)
    suffix = "th" if 10 <= n % 100 <= 20 else _SUFFIX.get(n % 10, "th")
    return f"at the {n}{suffix} centile"


_GROUP = {"male": "males", "female": "females", "any": "males and females"}


def group_text(sex: str) -> str:
    """Who a reference describes: ``males``, ``females``, ``males and females`` or ``people``."""
    return _GROUP.get(sex, "people")
