"""igflab: interpret IGF-1 blood-test results against published, cited references.

igflab informs; it does not diagnose or prescribe. Every interpretation carries
guidance to discuss the result with a qualified health professional.

>>> import igflab
>>> r = igflab.interpret("150 ng/mL", age=45, sex="male")
>>> r.zone.value
'mid_range'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
from .fhir import from_fhir, to_fhir
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
from .plot import plot
from .references import get_reference, list_references
from .units import IGF1_MOLAR_MASS_G_PER_MOL
from .zones import Flag, Zone

if TYPE_CHECKING:
    from .batch import BatchResult, interpret_batch

__all__ = [
    "IGF1_MOLAR_MASS_G_PER_MOL",
    "AgeError",
    "BatchResult",
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
    "from_fhir",
    "get_reference",
    "interpret",
    "interpret_batch",
    "list_references",
    "plot",
    "to_fhir",
]


def __getattr__(name: str) -> Any:
    # The batch path needs numpy; import it on first use so `import igflab` stays light.
    if name in ("BatchResult", "interpret_batch"):
        from . import batch  # noqa: PLC0415

        return getattr(batch, name)
    raise AttributeError(f"module 'igflab' has no attribute {name!r}")
