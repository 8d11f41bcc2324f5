"""igflab: interpret IGF-1 blood-test results against published, cited references.

igflab informs; it does not diagnose or prescribe. Every interpretation carries
guidance to discuss the result with a qualified health professional.

>>> import igflab
>>> r = igflab.interpret("150 ng/mL", age=45, sex="male")
>>> r.zone.value
'mid_range'
"""

from __future__ import annotations

from ._version import __version__
from .errors import (
    AgeError,
    ContextError,
    IgflabError,
    InputError,
    LabRangeError,
    OutOfReferenceError,
    ReferenceDataError,
    ReferenceUnavailableError,
    SexError,
    UnitError,
    UnknownReferenceError,
    ValueInputError,
)
from .interpret import interpret
from .models import (
    Citation,
    Interpretation,
    InterpretRequest,
    MeasuredValue,
    Note,
    Provenance,
    ReferencePosition,
    ResultWarning,
)
from .references import get_reference, list_references
from .units import IGF1_MOLAR_MASS_G_PER_MOL
from .zones import Flag, Zone

__all__ = [
    "IGF1_MOLAR_MASS_G_PER_MOL",
    "AgeError",
    "Citation",
    "ContextError",
    "Flag",
    "IgflabError",
    "InputError",
    "InterpretRequest",
    "Interpretation",
    "LabRangeError",
    "MeasuredValue",
    "Note",
    "OutOfReferenceError",
    "Provenance",
    "ReferenceDataError",
    "ReferencePosition",
    "ReferenceUnavailableError",
    "ResultWarning",
    "SexError",
    "UnitError",
    "UnknownReferenceError",
    "ValueInputError",
    "Zone",
    "__version__",
    "get_reference",
    "interpret",
    "list_references",
]
