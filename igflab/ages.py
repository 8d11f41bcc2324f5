"""Ages: in years, in months for infants, or exact from a birth date and a sample date."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any, Literal

from .errors import AgeError

__all__ = ["MAX_AGE_YEARS", "age_from_dates", "parse_age", "resolve_age"]

#: Ages above this are refused as implausible (years).
MAX_AGE_YEARS = 120.0

AgeSource = Literal["years", "months", "weeks", "days", "dates"]
_SOURCE: dict[str, AgeSource] = {"y": "years", "m": "months", "w": "weeks", "d": "days"}

_AGE = re.compile(
    r"\s*(?P<num>[+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*"
    r"(?P<unit>y|yr|yrs|year|years|a|m|mo|mos|month|months|w|wk|wks|week|weeks|d|day|days)?\s*",
    re.IGNORECASE | re.ASCII,
)
_PER_YEAR = {"y": 1.0, "m": 12.0, "w": 365.25 / 7.0, "d": 365.25}


def _check(years: float, shown: str | None = None) -> float:
    """``years`` if it is a usable age; ``shown`` is how the age was written (default ``years:g``)."""
    if 0.0 <= years <= MAX_AGE_YEARS:
        return years
    if shown is None:
        shown = f"{years:g}"
    if math.isnan(years):
        raise AgeError("age is not a number (NaN)")
    if math.isinf(years):
        raise AgeError("age is infinite")
    if years < 0:
        raise AgeError(f"age {shown} is negative")
    if years > MAX_AGE_YEARS:
        raise AgeError(f"age {shown} is above {MAX_AGE_YEARS:g} years; check the entry")
    return years


def parse_age(age: Any) -> tuple[float, AgeSource]:
    """Age in years from a number (years) or text: ``"45"``, ``"45y"``, ``"8m"``, ``"30 weeks"``.

    >>> parse_age("18m")
    (1.5, 'months')
    """
    if isinstance(age, bool):
        raise AgeError("age is a boolean, not a number")
    if isinstance(age, (int, float)):
        try:
            years = float(age)
        except OverflowError:
            raise AgeError("age is too large") from None
        return _check(years), "years"
    if isinstance(age, str):
        if not age.strip():
            raise AgeError("age is empty")
        if len(age) > 40:
            raise AgeError("age text is too long")
        m = _AGE.fullmatch(age)
        if m is None:
            raise AgeError(f"{age.strip()!r} is not an age; give years (45), months (8m) or weeks (30w)")
        unit = (m["unit"] or "y").lower()
        key = "y" if unit == "a" else unit[0]
        years = float(m["num"]) / _PER_YEAR[key]
        return _check(years, age.strip()), _SOURCE[key]
    raise AgeError(f"age must be a number of years or text such as '8m', got {type(age).__name__}")


def _date(value: Any, name: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) > 10:
                return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
            return dt.date.fromisoformat(text)
        except ValueError:
            raise AgeError(f"{name} {text!r} is not an ISO date (YYYY-MM-DD)", field=name) from None
    raise AgeError(f"{name} must be an ISO date (YYYY-MM-DD)", field=name)


def age_from_dates(birth_date: Any, collected: Any) -> float:
    """Exact age in years between two dates (whole years plus the fraction of the current one).

    Leap years are handled: a birthday on 29 February falls on 28 February in common years.

    >>> age_from_dates("2000-02-29", "2001-02-28")
    1.0
    """
    born = _date(birth_date, "birth_date")
    when = _date(collected, "collected")
    if when < born:
        raise AgeError(f"collected date {when} is before the birth date {born}", field="collected")
    years = when.year - born.year
    if years > MAX_AGE_YEARS + 1:
        raise AgeError(f"the dates give an age above {MAX_AGE_YEARS:g} years; check them", field="collected")
    if _anniversary(born, when.year) > when:
        years -= 1
    last = _anniversary(born, born.year + years)
    try:
        nxt = _anniversary(born, born.year + years + 1)
    except (ValueError, OverflowError):  # beyond year 9999
        raise AgeError("the collected date is out of range", field="collected") from None
    frac = (when - last).days / (nxt - last).days
    return _check(years + frac, f"{years + frac:.2f}")


def _anniversary(born: dt.date, year: int) -> dt.date:
    try:
        return born.replace(year=year)
    except ValueError:  # 29 February in a common year
        return dt.date(year, 2, 28)


def resolve_age(age: Any, birth_date: Any = None, collected: Any = None) -> tuple[float, AgeSource]:
    """The age to use: from ``age``, or from both dates; never both, never neither."""
    has_dates = birth_date is not None or collected is not None
    if has_dates:
        if age is not None:
            raise AgeError("give either the age or birth_date and collected, not both")
        if birth_date is None or collected is None:
            missing = "birth_date" if birth_date is None else "collected"
            raise AgeError(
                f"{missing} is missing; an age from dates needs both birth_date and collected", field=missing
            )
        return age_from_dates(birth_date, collected), "dates"
    if age is None:
        raise AgeError("age is missing; give the age in years, or birth_date and collected")
    return parse_age(age)
