"""Ages: in years, in months for infants, or exact from a birth date and a sample date.

:func:`age_problem` and :func:`age_error` are the one check of an age in years, on a float
or a numpy column; :func:`read_age_text` reads one age text (the batch path calls it once
per distinct text).
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from typing import Any

from igflab._types import AgeSource
from igflab.backend import SCALAR, Backend, first_code
from igflab.errors import AgeError

__all__ = [
    "AGE_OK",
    "MAX_AGE_YEARS",
    "age_error",
    "age_from_dates",
    "age_problem",
    "parse_age",
    "parse_date",
    "read_age",
    "read_age_text",
    "resolve_age",
    "shown_age",
]

#: Ages above this are refused as implausible (years).
MAX_AGE_YEARS = 120.0

_SOURCE: dict[str, AgeSource] = {"y": "years", "m": "months", "w": "weeks", "d": "days"}

_AGE = re.compile(
    r"\s*(?P<num>[+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*"
    r"(?P<unit>y|yr|yrs|year|years|a|m|mo|mos|month|months|w|wk|wks|week|weeks|d|day|days)?\s*",
    re.IGNORECASE | re.ASCII,
)
_YEARS_MONTHS = re.compile(
    r"\s*(?P<years>\d+)\s*(?:y|yr|yrs|year|years|a)\s*,?\s*(?:and\s+)?"
    r"(?P<months>\d+(?:\.\d*)?)\s*(?:m|mo|mos|month|months)\s*",
    re.IGNORECASE | re.ASCII,
)
_PER_YEAR = {"y": 1.0, "m": 12.0, "w": 365.25 / 7.0, "d": 365.25}


# age_problem() codes: 0 is a usable age.
AGE_OK = 0
_NAN, _INF, _NEGATIVE, _OLD = 1, 2, 3, 4


def age_problem(years: Any, xp: Backend = SCALAR) -> Any:
    """0 where the age (years) is usable, else a code for :func:`age_error` (floats or numpy arrays)."""
    if xp is SCALAR and 0.0 <= years <= MAX_AGE_YEARS:
        return AGE_OK  # speed: the usual case of one age, decided without the chain below (same answer)
    usable = (years >= 0.0) & (years <= MAX_AGE_YEARS)
    if xp.all(usable):
        return usable * AGE_OK  # speed: a column of usable ages (zeros), without the chain below
    nan = years != years  # noqa: PLR0124 - nan, on floats and arrays alike
    cases = ((nan, _NAN), (abs(years) == math.inf, _INF), (years < 0, _NEGATIVE), (years > MAX_AGE_YEARS, _OLD))
    return first_code(xp, cases, AGE_OK)


_AGE_ERRORS = {
    _NAN: "age is not a number (NaN)",
    _INF: "age is infinite",
    _NEGATIVE: "age {shown} is negative",
    _OLD: f"age {{shown}} is above {MAX_AGE_YEARS:g} years; check the entry",
}


def age_error(code: int, shown: str) -> AgeError:
    """The error of an age for which :func:`age_problem` gave ``code``; ``shown`` is how it was written."""
    return AgeError(_AGE_ERRORS[code].format(shown=shown))


def _check(years: float, given: object = None) -> float:
    """``years`` if it is a usable age (``-0`` is 0); ``given`` is the age as given, for the message."""
    code = age_problem(years)
    if code:
        raise age_error(code, shown_age(given, years))
    return years + 0.0  # -0.0 + 0.0 is 0.0


def read_age_text(age: str) -> tuple[float, AgeSource]:
    """An age text in years (not yet checked): ``"45"``, ``"45y"``, ``"8m"``, ``"30 weeks"``, and years and
    months as paediatric reports print them, ``"6y3m"``, ``"6 y 3 m"``, ``"6 years 3 months"``.

    >>> read_age_text("6y3m")
    (6.25, 'years')
    """
    if not age.strip():
        raise AgeError("age is empty")
    if len(age) > 40:
        raise AgeError("age text is too long")
    m = _AGE.fullmatch(age)
    if m is None:
        ym = _YEARS_MONTHS.fullmatch(age)
        if ym is not None:
            months = float(ym["months"])
            if months >= 12:
                raise AgeError(f"{age.strip()!r}: the months of years and months must be under 12")
            return int(ym["years"]) + months / 12.0, "years"
        raise AgeError(
            f"{age.strip()!r} is not an age; give years (45), years and months (6y3m), months (8m) or weeks (30w)"
        )
    unit = (m["unit"] or "y").lower()
    key = "y" if unit == "a" else unit[0]
    return float(m["num"]) / _PER_YEAR[key], _SOURCE[key]


def read_age(age: object) -> tuple[float, AgeSource]:
    """An age in years from a number (years) or text, not yet checked (see :func:`parse_age`)."""
    if isinstance(age, bool):
        raise AgeError("age is a boolean, not a number")
    if isinstance(age, (int, float)) or (isinstance(age, numbers.Real) and type(age).__name__ != "bool_"):
        try:
            return float(age), "years"
        except OverflowError:
            raise AgeError("age is too large") from None
    if isinstance(age, str):
        return read_age_text(age)
    raise AgeError(f"age must be a number of years or text such as '8m', got {type(age).__name__}")


def shown_age(age: object, years: float) -> str:
    """How an age was written, for messages: the text as given, else the number."""
    return age.strip() if isinstance(age, str) else f"{years:g}"


def parse_age(age: object) -> tuple[float, AgeSource]:
    """Age in years from a number (years) or text: ``"45"``, ``"45y"``, ``"8m"``, ``"30 weeks"``.

    >>> parse_age("18m")
    (1.5, 'months')
    """
    years, source = read_age(age)
    return _check(years, age), source


def parse_date(value: object, name: str) -> dt.date:
    """A calendar date from ISO text (a date-time keeps its date) or a :class:`datetime.date`."""
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
            shown = text if len(text) <= 40 else text[:40] + "..."
            raise AgeError(f"{name} {shown!r} is not an ISO date (YYYY-MM-DD) of the calendar", field=name) from None
    raise AgeError(f"{name} must be an ISO date (YYYY-MM-DD), got {type(value).__name__}", field=name)


def age_from_dates(birth_date: object, collected: object) -> float:
    """Exact age in years between two dates (whole years plus the fraction of the current one).

    Leap years are handled: a birthday on 29 February falls on 28 February in common years.

    >>> age_from_dates("2000-02-29", "2001-02-28")
    1.0
    """
    born = parse_date(birth_date, "birth_date")
    when = parse_date(collected, "collected")
    _not_future(born, "birth_date")
    _not_future(when, "collected")
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
    return _check(years + frac, f"{years + frac:.2f}")  # the text is shown as given


def _anniversary(born: dt.date, year: int) -> dt.date:
    try:
        return born.replace(year=year)
    except ValueError:  # 29 February in a common year
        return dt.date(year, 2, 28)


def resolve_age(age: object, birth_date: object = None, collected: object = None) -> tuple[float, AgeSource]:
    """The age to use: from ``age``, or from the birth date and the collection date.

    The collection date may come with ``age`` (it then only says when the sample was taken,
    and must not be in the future); an age and a birth date together are refused, as they
    may disagree.
    """
    if type(age) is int and birth_date is None and collected is None and 0 <= age <= MAX_AGE_YEARS:
        return age + 0.0, "years"  # speed: whole years, the usual case (what parse_age gives for them)
    if age is not None:
        if birth_date is not None:
            raise AgeError("give either the age or the birth date (with the collection date), not both")
        if collected is not None:
            _not_future(parse_date(collected, "collected"), "collected")
        return parse_age(age)
    if birth_date is None and collected is None:
        raise AgeError("age is missing; give the age in years, or the birth date and the collection date")
    if birth_date is None or collected is None:
        missing = "birth_date" if birth_date is None else "collected"
        what = "the birth date" if birth_date is None else "the collection date"
        raise AgeError(
            f"{what} is missing; an age from dates needs the birth date and the collection date", field=missing
        )
    return age_from_dates(birth_date, collected), "dates"


def _not_future(day: dt.date, name: str) -> None:
    if day > dt.date.today() + dt.timedelta(days=1):  # a day's slack: the sample's time zone may be ahead
        what = "birth_date" if name == "birth_date" else "collected date"
        raise AgeError(f"{what} {day} is in the future", field=name)
