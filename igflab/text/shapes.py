"""What the text layer reads of a result: its shapes, as protocols the result models satisfy.

The text layer sits below the result models (:mod:`igflab.models`), so it does not import them:
it reads a result through these read-only shapes, and :class:`~igflab.models.Interpretation`,
:class:`~igflab.models.MeasuredValue` and :class:`~igflab.models.ReferencePosition` fit them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, Self

from igflab.science.zones import Zone

from .words import Note

__all__ = ["Measured", "Position", "Result"]


class Position(Protocol):
    """Where a value sits against one reference (a :class:`~igflab.models.ReferencePosition`)."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def sex(self) -> str: ...
    @property
    def lower_ng_per_ml(self) -> float: ...
    @property
    def upper_ng_per_ml(self) -> float: ...
    @property
    def median_ng_per_ml(self) -> float | None: ...
    @property
    def age_band(self) -> tuple[float, float | None] | None: ...
    @property
    def sds(self) -> float | None: ...
    @property
    def centile(self) -> float | None: ...
    @property
    def zlog(self) -> float | None: ...
    @property
    def zone(self) -> Zone: ...
    @property
    def bound(self) -> str | None: ...


class Measured(Protocol):
    """The value of a result (a :class:`~igflab.models.MeasuredValue`)."""

    @property
    def ng_per_ml(self) -> float: ...
    @property
    def input_unit(self) -> str: ...
    @property
    def censored(self) -> str | None: ...


class Result(Protocol):
    """One result (an :class:`~igflab.models.Interpretation`): what its summary is written from."""

    @property
    def value(self) -> Measured: ...
    @property
    def age(self) -> float: ...
    @property
    def sex(self) -> str: ...
    @property
    def adult(self) -> bool: ...
    @property
    def reference(self) -> Position: ...
    @property
    def other_positions(self) -> Sequence[Position]: ...
    @property
    def zone(self) -> Zone: ...
    @property
    def notes(self) -> Sequence[Note]: ...
    def model_copy(self) -> Self:
        """A shallow copy (pydantic's ``model_copy``)."""
        ...
