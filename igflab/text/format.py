"""Numbers, ages, bands and centiles as igflab writes them (models keep full precision).

Notes, the terminal, FHIR text and charts all format through these functions, so a
figure reads the same everywhere.
"""

from __future__ import annotations

import math
from typing import Literal

__all__ = [
    "age_text",
    "band_text",
    "beyond",
    "bound_of",
    "centile_text",
    "group_text",
    "number",
    "number_beside",
    "ordinal",
    "score_text",
    "sds_text",
    "signed",
]


def number(x: float) -> str:
    """A concentration for display: 212, 71.7, 8.80; whole numbers without decimals.

    >>> number(211.98), number(71.66), number(8.8), number(52.0)
    ('212', '71.7', '8.80', '52')
    """
    if x >= 100 or x % 1 == 0:  # whole numbers (also ints); False for nan and inf
        return f"{x:.0f}"
    return f"{x:.1f}" if x >= 10 else f"{x:.2f}"


def number_beside(x: float, edges: tuple[float | None, ...]) -> str:
    """:func:`number`, with more decimals where the rounded figure would read as one of ``edges``
    (limits, band edges) that ``x`` is not on, so a sentence never says "120 is below 120".

    >>> number_beside(119.7, (120.0, 160.0)), number_beside(260.3, (260.0,)), number_beside(150.0, (120.0,))
    ('119.7', '260.3', '150')
    >>> number_beside(211.99, (211.98,))
    '211.99'
    """
    text = number(x)
    for e in edges:
        # speed: only an edge within half a unit (the coarsest rounding of number()) can share the text
        if e is not None and e != x and abs(x - e) < 0.5 and text == number(e):
            for digits in (1, 2, 3, 4):
                text = f"{x:.{digits}f}"
                if text != f"{e:.{digits}f}":
                    break
    return text


#: The largest |SDS| a tail probability in double precision can express: the normal quantile of the
#: smallest positive double (4.9e-324) is about 38.5. A BCCG/BCPE tail beyond it underflows to 0 and
#: its SDS to infinity, which is written as beyond this figure.
SDS_EXPRESSIBLE = 38.4


def signed(x: float) -> str:
    """A score with its sign, two decimals; never ``-0.00``; an infinite score as beyond what can be expressed.

    >>> signed(0.4936), signed(-0.0004), signed(-2.441), signed(float("inf"))
    ('+0.49', '+0.00', '-2.44', 'beyond +38.4')
    """
    if not math.isfinite(x):
        return f"beyond {'+' if x > 0 else '-'}{SDS_EXPRESSIBLE:g}"
    text = f"{x:+.2f}"
    return "+0.00" if text == "-0.00" else text


def score_text(x: float | None) -> str:
    """A score, or ``n/a`` when there is none (``None`` or nan)."""
    return "n/a" if x is None or math.isnan(x) else signed(x)


def age_text(age: float) -> str:
    """An age as people say it: months under 2 years, years and completed months for children, else years
    (never rounded up into the next year: 17.99 is "17 years 11 months").

    >>> age_text(0.5), age_text(1.25), age_text(45.0), age_text(45.25), age_text(0.0)
    ('6 months', '15 months', '45 years', '45.2 years', 'under 1 month')
    >>> age_text(6.25), age_text(17.99), age_text(8.0), age_text(18.99)
    ('6 years 3 months', '17 years 11 months', '8 years', '18.9 years')
    """
    if age < 2:
        months = age * 12 + 0.0  # never "-0 months"
        if months < 0.5:
            return "under 1 month"
        return f"{months:.0f} months" if abs(months - round(months)) < 0.05 else f"{months:.1f} months"
    if float(age).is_integer():
        return f"{age:g} years"
    if age < 18:
        years, months = divmod(math.floor(age * 12 + 1e-6), 12)
        return f"{years} years" if months == 0 else f"{years} years {months} month{'s' if months > 1 else ''}"
    return f"{math.floor(age * 10 + 1e-6) / 10:.1f} years"


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


def ordinal(n: int) -> str:
    """An ordinal as people write it.

    >>> ordinal(1), ordinal(2), ordinal(3), ordinal(11), ordinal(22), ordinal(69)
    ('1st', '2nd', '3rd', '11th', '22nd', '69th')
    """
    return f"{n}{'th' if 10 <= n % 100 <= 20 else _SUFFIX.get(n % 10, 'th')}"


#: "at the 1st centile" ... "at the 99th centile", by whole centile.
_AT_CENTILE = tuple(f"at the {ordinal(n)} centile" for n in range(100))


def centile_text(c: float, bound: str | None = None) -> str:
    """A centile as people say it: whole centiles from the 1st to the 99th, and beyond them
    "below the 1st" or "above the 99th" (never a rounded figure such as "0.0" or "100.0").

    ``bound`` is ``"upper"`` for a result reported as below a limit (the true centile is at
    most ``c``) and ``"lower"`` for one reported as above a limit.

    >>> centile_text(68.7), centile_text(0.2), centile_text(99.6)
    ('at the 69th centile', 'below the 1st centile', 'above the 99th centile')
    >>> centile_text(2.4), centile_text(3.1)
    ('at the 2nd centile', 'at the 3rd centile')
    >>> centile_text(0.02, "upper"), centile_text(40.2, "upper"), centile_text(99.9, "lower")
    ('below the 1st centile', 'at or below the 40th centile', 'above the 99th centile')
    """
    if bound is None and 1 <= c <= 99:
        return _AT_CENTILE[round(c)]  # speed: the usual case, from a table
    if c < 1:
        return "below the 1st centile" if bound != "lower" else "at or above the 1st centile"
    if c > 99:
        return "above the 99th centile" if bound != "upper" else "at or below the 99th centile"
    at = {"upper": "at or below", "lower": "at or above"}.get(bound or "", "at")
    return f"{at} the {ordinal(round(c))} centile"


def bound_of(censored: str | None) -> Literal["upper", "lower"] | None:
    """Which bound a censored result's SDS and centile are: ``"<"`` -> ``"upper"``, ``">"`` -> ``"lower"``.

    >>> bound_of("<"), bound_of(">"), bound_of(None)
    ('upper', 'lower', None)
    """
    return None if censored is None else ("upper" if censored == "<" else "lower")


def sds_text(sds: float, bound: str | None = None) -> str:
    """An SDS with its sign; for a censored result, the bound it is.

    >>> sds_text(0.4936), sds_text(-3.21, "upper"), sds_text(2.5, "lower")
    ('+0.49', 'at most -3.21', 'at least +2.50')
    """
    if bound is None:
        return signed(sds)
    return ("at most " if bound == "upper" else "at least ") + signed(sds)


def beyond(x: float) -> str:
    """A score rounded away from zero to two decimals, so it never reads as inside a limit it is beyond.

    >>> beyond(5.0004), beyond(-5.04), beyond(7.0), beyond(float("-inf"))
    ('+5.01', '-5.04', '+7.00', 'beyond -38.4')
    """
    if not math.isfinite(x):
        return signed(x)
    return f"{math.copysign(math.ceil(abs(x) * 100 - 1e-9) / 100, x):+.2f}"


_GROUP = {"male": "males", "female": "females", "any": "males and females"}


def group_text(sex: str) -> str:
    """Who a reference describes: ``males``, ``females``, ``males and females`` or ``people``."""
    return _GROUP.get(sex, "people")
