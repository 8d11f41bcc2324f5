"""Named types of what igflab's public functions accept, and of the codes it returns.

Each input type names what a caller may pass; igflab parses it once, at the edge, and
refuses anything else with a typed :class:`~igflab.errors.IgflabError`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal, Protocol, Required, TypeAlias, TypedDict

__all__ = [
    "AgeIn",
    "AgeSource",
    "ContextFlagId",
    "ContextIn",
    "DateIn",
    "LabRangeIn",
    "PersonIn",
    "QuantityLike",
    "Sex",
    "SexIn",
    "UnitIn",
    "ValueIn",
]


class QuantityLike(Protocol):
    """A pint ``Quantity`` (or anything with a magnitude and units)."""

    @property
    def magnitude(self) -> object: ...
    @property
    def units(self) -> object: ...


#: The result: a number (with a unit), text such as ``"150 ng/mL"`` or ``"<25"``, or a pint Quantity.
ValueIn: TypeAlias = float | int | str | QuantityLike
#: A concentration unit as laboratories print it (``"ng/mL"``, ``"NMOL/L"``, ``"µg/L"`` ...);
#: ``None`` when the value carries its unit.
UnitIn: TypeAlias = str | None
#: Age in years, or text: ``"45"``, ``"8m"`` (months), ``"30w"`` (weeks), ``"10d"`` (days).
AgeIn: TypeAlias = float | int | str
#: A calendar date: ISO text (``"2026-03-02"``) or a :class:`datetime.date`.
DateIn: TypeAlias = str | dt.date
#: The canonical sexes igflab reports.
Sex: TypeAlias = Literal["male", "female", "unknown"]
#: A sex as given: ``male``/``female``/``unknown`` or a usual spelling (``m``, ``F``, ``other`` ...).
SexIn: TypeAlias = Sex | Literal["m", "f", "u", "other"] | str
#: The clinical-context flags igflab knows (their notes are in :mod:`igflab.text.context`).
ContextFlagId: TypeAlias = Literal[
    "pregnancy",
    "puberty",
    "combined-contraceptive",
    "progestin-contraceptive",
    "estrogen-replacement",
    "gh-therapy",
    "acromegaly-treatment",
    "pituitary",
    "cancer",
    "fasting",
    "liver-disease",
    "kidney-disease",
    "diabetes",
    "hypothyroidism",
    "hyperthyroidism",
    "obesity",
]
#: Context flags: a list of ids (or aliases), or one comma-separated text.
ContextIn: TypeAlias = Iterable[ContextFlagId | str] | str
#: The laboratory's printed range: ``(low, high)`` in the result's unit, or text such as ``"52-328 ng/mL"``.
LabRangeIn: TypeAlias = tuple[float, float] | str
#: How the age was given.
AgeSource: TypeAlias = Literal["years", "months", "weeks", "days", "dates"]


class PersonIn(TypedDict, total=False):
    """The keyword options that describe the person and choose the reference (``sex`` is required).

    ``interpret_panel`` and the IGFBP-3 path of ``interpret`` take them as ``**options``;
    each is what :func:`igflab.interpret` documents for the keyword of the same name.
    """

    age: AgeIn | None
    sex: Required[SexIn]
    reference: str | None
    assay: str | None
    context: ContextIn | None
    birth_date: DateIn | None
    collected: DateIn | None
