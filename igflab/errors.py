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

TYPE_CHECKING = False  # speed: keeps typing out of the command line start
if TYPE_CHECKING:
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

    Each subclass states its stable ``code`` (and the input ``field`` it is about, where one
    applies) in its class line.

    >>> isinstance(IgflabError("x"), ValueError), UnitError.code, UnitError("x").field
    (True, 'unit_error', 'unit')
    """

    #: A stable machine-readable name for the error (written in batch rows, JSON and CLI errors).
    code: ClassVar[str] = "igflab_error"
    field: str | None = None

    def __init_subclass__(cls, *, code: str, field: str | None = None, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.code = code
        if field is not None:
            cls.field = field

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        if field is not None:
            self.field = field

    @property
    def message(self) -> str:
        """The message without the field prefix."""
        return str(self.args[0]) if self.args else ""


class InputError(IgflabError, code="input_error"):
    """A field of the request is missing, malformed or implausible."""


class UnitError(InputError, code="unit_error", field="unit"):
    """The unit is unknown, or is not a mass or amount concentration."""


class ValueInputError(InputError, code="value_input_error", field="value"):
    """The value is not a finite, positive number (or a censored one)."""


class AgeError(InputError, code="age_error", field="age"):
    """The age, or the dates it is computed from, cannot be used."""


class SexError(InputError, code="sex_error", field="sex"):
    """The sex is not one igflab recognises."""


class LabRangeError(InputError, code="lab_range_error", field="lab_range"):
    """The laboratory's printed reference range is malformed."""


class ContextError(InputError, code="context_error", field="context"):
    """An unknown clinical-context flag."""


class ReferenceUnavailableError(IgflabError, code="reference_unavailable_error", field="reference"):
    """A reference cannot be used for this request."""


class UnknownReferenceError(ReferenceUnavailableError, code="unknown_reference_error"):
    """No reference with that id, or no reference for that assay."""


class OutOfReferenceError(ReferenceUnavailableError, code="out_of_reference_error", field="age"):
    """The age (or sex) is outside what the reference covers."""


class ReferenceDataError(IgflabError, code="reference_data_error", field="reference_data"):
    """A reference data file is invalid. This is a packaging defect, not a user error."""
