"""Exceptions raised by igflab.

Every error igflab raises on purpose derives from :class:`IgflabError`, itself a
:class:`ValueError`, so callers can catch one type::

    IgflabError (ValueError)
     +-- InputError              a field of the request is missing, malformed or implausible
     |    +-- UnitError          the unit is unknown, or not a mass/amount concentration
     |    +-- ValueInputError    the value is not a finite positive number
     |    +-- AgeError           the age (or the dates it comes from) is not usable
     |    +-- SexError           the sex is not one igflab recognises
     |    +-- LabRangeError      the lab's printed range is malformed
     |    +-- ContextError       an unknown clinical-context flag
     +-- ReferenceUnavailableError   a reference cannot be used for this request
     |    +-- UnknownReferenceError   no such reference id or assay
     |    +-- OutOfReferenceError     the age or sex is outside the reference's coverage
     +-- ReferenceDataError      a reference data file is invalid (a packaging defect)

Each error carries ``field``: the name of the input it is about (``"unit"``,
``"age"`` ...), or ``None``.
"""

from __future__ import annotations

from typing import ClassVar

__all__ = [
    "AgeError",
    "ContextError",
    "IgflabError",
    "InputError",
    "LabRangeError",
    "OutOfReferenceError",
    "ReferenceDataError",
    "ReferenceUnavailableError",
    "SexError",
    "UnitError",
    "UnknownReferenceError",
    "ValueInputError",
]


class IgflabError(ValueError):
    """Base class of every error igflab raises on purpose.

    >>> isinstance(IgflabError("x"), ValueError)
    True
    """

    #: A stable machine-readable name for the error (written in batch rows, JSON and CLI errors).
    code: ClassVar[str] = "igflab_error"
    field: str | None = None

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        if field is not None:
            self.field = field

    @property
    def message(self) -> str:
        """The message without the field prefix."""
        return str(self.args[0]) if self.args else ""


class InputError(IgflabError):
    """A field of the request is missing, malformed or implausible."""

    code = "input_error"


class UnitError(InputError):
    """The unit is unknown, or is not a mass or amount concentration."""

    code = "unit_error"

    field = "unit"


class ValueInputError(InputError):
    """The value is not a finite, positive number (or a censored one)."""

    code = "value_input_error"

    field = "value"


class AgeError(InputError):
    """The age, or the dates it is computed from, cannot be used."""

    code = "age_error"

    field = "age"


class SexError(InputError):
    """The sex is not one igflab recognises."""

    code = "sex_error"

    field = "sex"


class LabRangeError(InputError):
    """The laboratory's printed reference range is malformed."""

    code = "lab_range_error"

    field = "lab_range"


class ContextError(InputError):
    """An unknown clinical-context flag."""

    code = "context_error"

    field = "context"


class ReferenceUnavailableError(IgflabError):
    """A reference cannot be used for this request."""

    code = "reference_unavailable_error"

    field = "reference"


class UnknownReferenceError(ReferenceUnavailableError):
    """No reference with that id, or no reference for that assay."""

    code = "unknown_reference_error"


class OutOfReferenceError(ReferenceUnavailableError):
    """The age (or sex) is outside what the reference covers."""

    code = "out_of_reference_error"

    field = "age"


class ReferenceDataError(IgflabError):
    """A reference data file is invalid. This is a packaging defect, not a user error."""

    code = "reference_data_error"

    field = "reference_data"
